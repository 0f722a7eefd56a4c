//! The site's settings and menus as a frontend reads them.

use async_graphql::{Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use entity::site_setting;

use crate::service::site;

/// A link to the site's page elsewhere.
#[derive(SimpleObject, InputObject, Clone, Debug)]
#[graphql(input_name = "SocialLinkInput")]
pub struct SocialLink {
    /// `facebook`, `youtube`, `zalo`, `tiktok`...
    pub kind: String,
    pub url: String,
}

/// An image by address.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(name = "SiteImage")]
pub struct SiteImage {
    pub url: String,
}

/// What search engines and link previews show when a page says nothing.
#[derive(SimpleObject, Clone, Debug)]
pub struct DefaultSeo {
    pub title: Option<String>,
    pub description: Option<String>,
    pub image: Option<SiteImage>,
}

/// The site's own facts: what a frontend shows on every page.
pub struct Site {
    pub row: site_setting::Model,
    pub timezone: String,
    pub public_url: String,
}

#[Object]
impl Site {
    async fn name(&self) -> &str {
        &self.row.name
    }

    async fn tagline(&self) -> Option<&str> {
        self.row.tagline.as_deref()
    }

    async fn logo(&self) -> Option<SiteImage> {
        self.row.logo_url.clone().map(|url| SiteImage { url })
    }

    async fn favicon(&self) -> Option<SiteImage> {
        self.row.favicon_url.clone().map(|url| SiteImage { url })
    }

    async fn contact_email(&self) -> Option<&str> {
        self.row.contact_email.as_deref()
    }

    async fn phone(&self) -> Option<&str> {
        self.row.phone.as_deref()
    }

    async fn address(&self) -> Option<&str> {
        self.row.address.as_deref()
    }

    async fn social_links(&self) -> Vec<SocialLink> {
        site::social_links(&self.row)
            .into_iter()
            .map(|l| SocialLink {
                kind: l.kind,
                url: l.url,
            })
            .collect()
    }

    /// Sanitised HTML for the footer.
    async fn footer_html(&self) -> Option<&str> {
        self.row.footer_html.as_deref()
    }

    async fn default_seo(&self) -> DefaultSeo {
        DefaultSeo {
            title: self.row.seo_title.clone(),
            description: self.row.seo_description.clone(),
            image: self.row.seo_image_url.clone().map(|url| SiteImage { url }),
        }
    }

    /// The site's IANA time zone (`BANTIN_TIMEZONE`).
    async fn timezone(&self) -> &str {
        &self.timezone
    }

    async fn locale(&self) -> &str {
        "vi-VN"
    }

    /// The frontend's base URL (`BANTIN_PUBLIC_URL`).
    async fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Send it back with `updateSite`; 0 before the first save.
    async fn version(&self) -> i32 {
        self.row.version
    }
}

/// A named menu.
pub struct Menu {
    pub menu: entity::menu::Model,
    pub items: Vec<(entity::menu_item::Model, String)>,
}

#[Object]
impl Menu {
    async fn slug(&self) -> &str {
        &self.menu.slug
    }

    async fn name(&self) -> &str {
        &self.menu.name
    }

    /// Parents before their children; build the tree with `parentId`.
    /// Links whose target is gone or not public are left out (with the
    /// items below them).
    async fn items(&self) -> Vec<MenuItem> {
        self.items
            .iter()
            .map(|(item, href)| MenuItem {
                id: ID(item.id.to_string()),
                parent_id: item.parent_id.map(|p| ID(p.to_string())),
                label: item.label.clone(),
                url: href.clone(),
                link_kind: item.link_kind.clone(),
                target_id: item.target_id.map(|t| ID(t.to_string())),
            })
            .collect()
    }

    /// Send it back with `saveMenu`.
    async fn version(&self) -> i32 {
        self.menu.version
    }
}

/// One link of a menu.
#[derive(SimpleObject, Clone, Debug)]
pub struct MenuItem {
    pub id: ID,
    pub parent_id: Option<ID>,
    pub label: String,
    /// The absolute address on the frontend (or the URL given).
    pub url: String,
    /// `category`, `article`, `page`, `documents` or `url`.
    pub link_kind: String,
    /// The category, article or page linked to.
    pub target_id: Option<ID>,
}

/// A kind of block.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A picture linking somewhere ("Banner").
    Banner,
    /// A link in a list ("Liên kết website").
    Link,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Banner => "banner",
            BlockKind::Link => "link",
        }
    }
}

/// A banner or a link block, shown between its dates.
pub struct Block(pub entity::block::Model);

#[Object]
impl Block {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn kind(&self) -> BlockKind {
        if self.0.kind == "banner" {
            BlockKind::Banner
        } else {
            BlockKind::Link
        }
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    async fn image(&self) -> Option<SiteImage> {
        self.0.image_url.clone().map(|url| SiteImage { url })
    }

    async fn url(&self) -> &str {
        &self.0.url
    }

    /// Order among the blocks of its kind, ascending.
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// Shown from this instant (always, when `null`).
    async fn starts_at(&self) -> Option<DateTime<Utc>> {
        self.0.starts_at
    }

    /// Shown until this instant (for good, when `null`).
    async fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.0.ends_at
    }

    /// Send it back with `saveBlock`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}
