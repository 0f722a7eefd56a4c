//! Named menus (`main`, `footer`): ordered, nested links to sections,
//! articles, pages, the document list or any URL. An editor saves a menu
//! whole, so its order and nesting change together in one transaction.

use std::collections::{HashMap, HashSet};

use entity::{menu, menu_item};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use super::{
    access::{Action, Viewer},
    audit,
    validate::{check_url, text_field},
};
use crate::{
    clock,
    error::{AppError, AppResult},
    text::slug,
};

/// Most items in one menu.
const MAX_ITEMS: usize = 200;
/// Deepest nesting: a menu, its drop-downs, and one more level.
const MAX_DEPTH: usize = 3;

/// Where a menu item goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Category(i64),
    Article(i64),
    Page(i64),
    /// The list of official documents.
    Documents,
    Url(String),
}

impl Link {
    fn parts(&self) -> (&'static str, Option<i64>, Option<String>) {
        match self {
            Link::Category(id) => ("category", Some(*id), None),
            Link::Article(id) => ("article", Some(*id), None),
            Link::Page(id) => ("page", Some(*id), None),
            Link::Documents => ("documents", None, None),
            Link::Url(u) => ("url", None, Some(u.clone())),
        }
    }

    /// The link of a stored item.
    pub fn of(item: &menu_item::Model) -> Option<Link> {
        match (item.link_kind.as_str(), item.target_id, &item.url) {
            ("category", Some(id), _) => Some(Link::Category(id)),
            ("article", Some(id), _) => Some(Link::Article(id)),
            ("page", Some(id), _) => Some(Link::Page(id)),
            ("documents", _, _) => Some(Link::Documents),
            ("url", _, Some(u)) => Some(Link::Url(u.clone())),
            _ => None,
        }
    }
}

/// One item as an editor sends it: `parent` is the index of an earlier
/// item of the same list, so the whole tree travels in one flat list.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub label: String,
    pub parent: Option<usize>,
    pub link: Link,
}

/// A menu with its items, parents before children.
#[derive(Debug, Clone)]
pub struct Menu {
    pub menu: menu::Model,
    pub items: Vec<menu_item::Model>,
}

/// Every menu, by slug, with its items.
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<Menu>> {
    let menus = menu::Entity::find()
        .order_by_asc(menu::Column::Slug)
        .all(db)
        .await?;
    let mut items: HashMap<i64, Vec<menu_item::Model>> = HashMap::new();
    for i in menu_item::Entity::find()
        .order_by_asc(menu_item::Column::MenuId)
        .order_by_asc(menu_item::Column::Position)
        .all(db)
        .await?
    {
        items.entry(i.menu_id).or_default().push(i);
    }
    Ok(menus
        .into_iter()
        .map(|m| Menu {
            items: items.remove(&m.id).unwrap_or_default(),
            menu: m,
        })
        .collect())
}

/// One menu by slug.
pub async fn find(db: &impl ConnectionTrait, slug: &str) -> AppResult<Option<Menu>> {
    let Some(m) = menu::Entity::find()
        .filter(menu::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let items = menu_item::Entity::find()
        .filter(menu_item::Column::MenuId.eq(m.id))
        .order_by_asc(menu_item::Column::Position)
        .all(db)
        .await?;
    Ok(Some(Menu { menu: m, items }))
}

/// Checks the items: labels, URLs, parents earlier in the list, depth, and
/// that every section, article and page linked to exists.
async fn check_items(db: &impl ConnectionTrait, items: &[NewItem]) -> AppResult<()> {
    if items.len() > MAX_ITEMS {
        return Err(AppError::invalid(
            "items",
            format!("a menu holds at most {MAX_ITEMS} items"),
        ));
    }
    let mut depth = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        text_field("items.label", &item.label, 1, 200)?;
        let d = match item.parent {
            None => 1,
            Some(p) if p < i => depth[p] + 1,
            Some(_) => {
                return Err(AppError::invalid(
                    "items.parent",
                    "a parent must come earlier in the list",
                ));
            }
        };
        if d > MAX_DEPTH {
            return Err(AppError::invalid(
                "items.parent",
                format!("menus nest at most {MAX_DEPTH} levels"),
            ));
        }
        depth.push(d);
        // An address on the frontend itself may be a path (`/`).
        if let Link::Url(u) = &item.link
            && !(u.starts_with('/') && !u.starts_with("//") && !u.contains(char::is_whitespace))
        {
            check_url("items.url", u)?;
        }
    }
    let wanted = |f: fn(&Link) -> Option<i64>| -> Vec<i64> {
        items.iter().filter_map(|i| f(&i.link)).collect()
    };
    let missing = |found: HashSet<i64>, ids: Vec<i64>, what: &str| -> AppResult<()> {
        match ids.into_iter().find(|id| !found.contains(id)) {
            Some(id) => Err(AppError::invalid(
                "items.link",
                format!("no {what} has the id {id}"),
            )),
            None => Ok(()),
        }
    };
    let categories = wanted(|l| match l {
        Link::Category(id) => Some(*id),
        _ => None,
    });
    let found = entity::category::Entity::find()
        .filter(entity::category::Column::Id.is_in(categories.clone()))
        .all(db)
        .await?;
    missing(found.iter().map(|c| c.id).collect(), categories, "category")?;
    let articles = wanted(|l| match l {
        Link::Article(id) => Some(*id),
        _ => None,
    });
    let found = entity::article::Entity::find()
        .filter(entity::article::Column::Id.is_in(articles.clone()))
        .all(db)
        .await?;
    missing(found.iter().map(|a| a.id).collect(), articles, "article")?;
    let pages = wanted(|l| match l {
        Link::Page(id) => Some(*id),
        _ => None,
    });
    let found = entity::page::Entity::find()
        .filter(entity::page::Column::Id.is_in(pages.clone()))
        .all(db)
        .await?;
    missing(found.iter().map(|p| p.id).collect(), pages, "page")
}

/// Creates menu `slug` or replaces its name and items (editors), if
/// `expected_version` is current (0 for a new menu).
pub async fn save(
    db: &DatabaseConnection,
    viewer: &Viewer,
    slug_text: &str,
    name: &str,
    items: Vec<NewItem>,
    expected_version: i32,
) -> AppResult<Menu> {
    viewer.require(Action::ManageCategories)?;
    slug::validate("slug", slug_text)?;
    let name = text_field("name", name, 1, 200)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    check_items(&txn, &items).await?;
    let current = menu::Entity::find()
        .filter(menu::Column::Slug.eq(slug_text))
        .one(&txn)
        .await?;
    let version = current.as_ref().map_or(0, |m| m.version);
    if version != expected_version {
        return Err(super::publication::stale("menu"));
    }
    let now = clock::now();
    let saved = match current {
        Some(m) => {
            let id = m.id;
            let mut am = m.into_active_model();
            am.name = Set(name);
            am.version = Set(version + 1);
            am.updated_at = Set(now);
            let written = menu::Entity::update_many()
                .set(am)
                .filter(menu::Column::Id.eq(id))
                .filter(menu::Column::Version.eq(version))
                .exec(&txn)
                .await?;
            if written.rows_affected == 0 {
                return Err(super::publication::stale("menu"));
            }
            menu_item::Entity::delete_many()
                .filter(menu_item::Column::MenuId.eq(id))
                .exec(&txn)
                .await?;
            menu::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::Internal)?
        }
        None => {
            menu::ActiveModel {
                slug: Set(slug_text.to_owned()),
                name: Set(name),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let mut stored: Vec<menu_item::Model> = Vec::with_capacity(items.len());
    for (position, item) in items.into_iter().enumerate() {
        let (kind, target, url) = item.link.parts();
        let row = menu_item::ActiveModel {
            menu_id: Set(saved.id),
            parent_id: Set(item.parent.map(|p| stored[p].id)),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            label: Set(item.label.trim().to_owned()),
            link_kind: Set(kind.to_owned()),
            target_id: Set(target),
            url: Set(url.map(|u| u.trim().to_owned())),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        stored.push(row);
    }
    audit::record(
        &txn,
        viewer,
        "menu.save",
        Some(audit::Target::new("menu", saved.id)),
        Some(serde_json::json!({ "slug": saved.slug, "items": stored.len() })),
    )
    .await?;
    txn.commit().await?;
    Ok(Menu {
        menu: saved,
        items: stored,
    })
}

/// The items of `menu` with their absolute addresses on the frontend
/// (`links`). An item whose section, article or page is gone, or (with
/// `public_only`) not public, is left out with the items below it.
pub async fn resolve(
    db: &DatabaseConnection,
    links: &crate::config::Links,
    menu: Menu,
    public_only: bool,
) -> AppResult<Vec<(menu_item::Model, String)>> {
    use super::publication;
    let ids = |kind: &str| -> Vec<i64> {
        menu.items
            .iter()
            .filter(|i| i.link_kind == kind)
            .filter_map(|i| i.target_id)
            .collect()
    };
    let categories: HashMap<i64, String> = super::changes::of(db)
        .categories(db)
        .await?
        .iter()
        .map(|c| (c.id, c.slug.clone()))
        .collect();
    let articles: HashMap<i64, String> =
        publication::by_ids::<entity::article::Entity>(db, &ids("article"), public_only)
            .await?
            .into_iter()
            .map(|(id, a)| (id, a.slug))
            .collect();
    let pages: HashMap<i64, String> =
        publication::by_ids::<entity::page::Entity>(db, &ids("page"), public_only)
            .await?
            .into_iter()
            .map(|(id, p)| (id, p.slug))
            .collect();
    let mut kept: HashSet<i64> = HashSet::new();
    let mut out = Vec::with_capacity(menu.items.len());
    // Parents come before their children, so one pass drops whole branches.
    for item in menu.items {
        if item.parent_id.is_some_and(|p| !kept.contains(&p)) {
            continue;
        }
        let href = match Link::of(&item) {
            Some(Link::Category(id)) => categories
                .get(&id)
                .map(|s| links.url(&links.category, s, id)),
            Some(Link::Article(id)) => articles.get(&id).map(|s| links.url(&links.article, s, id)),
            Some(Link::Page(id)) => pages.get(&id).map(|s| links.url(&links.page, s, id)),
            Some(Link::Documents) => Some(
                links.own(
                    links
                        .document
                        .split('{')
                        .next()
                        .unwrap_or("/")
                        .trim_end_matches('/'),
                ),
            ),
            Some(Link::Url(u)) if u.starts_with('/') => Some(links.own(&u)),
            Some(Link::Url(u)) => Some(u),
            None => None,
        };
        if let Some(href) = href {
            kept.insert(item.id);
            out.push((item, href));
        }
    }
    Ok(out)
}
