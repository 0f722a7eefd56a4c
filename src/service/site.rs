//! The site's own facts a frontend shows on every page: name, logo,
//! contact, social links, footer, default SEO. One row, edited by admins
//! with a version like content.

use entity::site_setting;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};
use serde::{Deserialize, Serialize};

use super::{
    access::{Action, Viewer},
    audit,
    validate::{check_url, optional, optional_url, text_field},
};
use crate::{
    clock,
    error::{AppError, AppResult},
    text::html,
};

/// The settings row's id: there is one.
const ROW: i64 = 1;
/// Most social links.
const MAX_SOCIAL: usize = 20;

/// A link to the site's page elsewhere (`facebook`, `youtube`, `zalo`...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialLink {
    pub kind: String,
    pub url: String,
}

/// The settings as stored, or the defaults (named `default_name`) before an
/// admin saves any.
pub async fn get(db: &DatabaseConnection, default_name: &str) -> AppResult<site_setting::Model> {
    Ok(site_setting::Entity::find_by_id(ROW)
        .one(db)
        .await?
        .unwrap_or_else(|| site_setting::Model {
            id: ROW,
            name: default_name.to_owned(),
            tagline: None,
            logo_url: None,
            favicon_url: None,
            contact_email: None,
            phone: None,
            address: None,
            social_links: "[]".into(),
            footer_html: None,
            seo_title: None,
            seo_description: None,
            seo_image_url: None,
            version: 0,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }))
}

/// The social links of stored settings (checked on write).
pub fn social_links(m: &site_setting::Model) -> Vec<SocialLink> {
    serde_json::from_str(&m.social_links).unwrap_or_default()
}

/// A partial update: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct SiteChanges {
    /// The version the admin started from (0 before the first save).
    pub expected_version: i32,
    pub name: Option<String>,
    pub tagline: Option<Option<String>>,
    pub logo_url: Option<Option<String>>,
    pub favicon_url: Option<Option<String>>,
    pub contact_email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub social_links: Option<Vec<SocialLink>>,
    pub footer_html: Option<Option<String>>,
    pub seo_title: Option<Option<String>>,
    pub seo_description: Option<Option<String>>,
    pub seo_image_url: Option<Option<String>>,
}

fn check_email(email: Option<String>) -> AppResult<Option<String>> {
    let email = optional("contactEmail", email, 200)?;
    if let Some(e) = &email
        && !(e.contains('@') && !e.starts_with('@') && !e.ends_with('@') && !e.contains(' '))
    {
        return Err(AppError::invalid("contactEmail", "not an email address"));
    }
    Ok(email)
}

fn check_social(links: Vec<SocialLink>) -> AppResult<String> {
    if links.len() > MAX_SOCIAL {
        return Err(AppError::invalid(
            "socialLinks",
            format!("at most {MAX_SOCIAL} social links"),
        ));
    }
    let links = links
        .into_iter()
        .map(|l| {
            Ok(SocialLink {
                kind: text_field("socialLinks", &l.kind.to_ascii_lowercase(), 1, 50)?,
                url: check_url("socialLinks", &l.url)?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    serde_json::to_string(&links).map_err(AppError::internal)
}

/// Saves changed settings (admins) if `expected_version` is still current.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    default_name: &str,
    changes: SiteChanges,
) -> AppResult<site_setting::Model> {
    viewer.require(Action::ManageUsers)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let current = site_setting::Entity::find_by_id(ROW).one(&txn).await?;
    let version = current.as_ref().map_or(0, |c| c.version);
    if version != changes.expected_version {
        return Err(super::publication::stale("site"));
    }
    let mut m = match current {
        Some(c) => c.into_active_model(),
        None => site_setting::ActiveModel {
            id: Set(ROW),
            name: Set(default_name.to_owned()),
            social_links: Set("[]".into()),
            ..Default::default()
        },
    };
    if let Some(n) = changes.name {
        m.name = Set(text_field("name", &n, 1, 200)?);
    }
    if let Some(t) = changes.tagline {
        m.tagline = Set(optional("tagline", t, 300)?);
    }
    if let Some(u) = changes.logo_url {
        m.logo_url = Set(optional_url("logoUrl", u)?);
    }
    if let Some(u) = changes.favicon_url {
        m.favicon_url = Set(optional_url("faviconUrl", u)?);
    }
    if let Some(e) = changes.contact_email {
        m.contact_email = Set(check_email(e)?);
    }
    if let Some(p) = changes.phone {
        m.phone = Set(optional("phone", p, 100)?);
    }
    if let Some(a) = changes.address {
        m.address = Set(optional("address", a, 500)?);
    }
    if let Some(l) = changes.social_links {
        m.social_links = Set(check_social(l)?);
    }
    if let Some(f) = changes.footer_html {
        m.footer_html = Set(f.map(|f| html::sanitize(&f)).filter(|f| !f.is_empty()));
    }
    if let Some(t) = changes.seo_title {
        m.seo_title = Set(optional("seoTitle", t, 300)?);
    }
    if let Some(d) = changes.seo_description {
        m.seo_description = Set(optional("seoDescription", d, 500)?);
    }
    if let Some(u) = changes.seo_image_url {
        m.seo_image_url = Set(optional_url("seoImageUrl", u)?);
    }
    m.version = Set(version + 1);
    m.updated_at = Set(clock::now());
    let saved = if version == 0 {
        m.insert(&txn).await?
    } else {
        // The version check and the write in one statement (PostgreSQL
        // runs two admins' transactions side by side).
        let written = site_setting::Entity::update_many()
            .set(m)
            .filter(site_setting::Column::Id.eq(ROW))
            .filter(site_setting::Column::Version.eq(version))
            .exec(&txn)
            .await?;
        if written.rows_affected == 0 {
            return Err(super::publication::stale("site"));
        }
        site_setting::Entity::find_by_id(ROW)
            .one(&txn)
            .await?
            .ok_or(AppError::Internal)?
    };
    audit::record(&txn, viewer, "site.update", None, None).await?;
    txn.commit().await?;
    Ok(saved)
}
