//! Static pages ("Giới thiệu", "Liên hệ", "Sơ đồ tổ chức"): a tree of
//! pages with the shared publication rules (drafts, scheduling, versions).

use std::collections::{HashMap, HashSet};

use entity::page;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

use super::{
    access::{Action, Viewer},
    publication::{self, ContentKind, Media},
    validate::{optional, text_field},
};
use crate::{
    clock,
    error::{AppError, AppResult},
    text::html,
};

publication::publishable!(page, Page);

impl Media for page::Entity {}

/// Deepest nesting of pages: menus seldom show more than three levels.
const MAX_DEPTH: usize = 4;

/// Fields of a new page; the slug is derived from the title when absent.
#[derive(Debug, Clone, Default)]
pub struct NewPage {
    pub title: String,
    pub body: String,
    pub slug: Option<String>,
    pub parent_id: Option<i64>,
    pub position: i32,
    pub show_in_menu: bool,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
}

/// A partial update: `None` leaves a field alone, `Some(None)` clears an
/// optional one. `expected_version` is the version the editor started from.
#[derive(Debug, Clone, Default)]
pub struct PageChanges {
    pub expected_version: i32,
    pub title: Option<String>,
    pub body: Option<String>,
    pub slug: Option<String>,
    pub parent_id: Option<Option<i64>>,
    pub position: Option<i32>,
    pub show_in_menu: Option<bool>,
    pub seo_title: Option<Option<String>>,
    pub seo_description: Option<Option<String>>,
}

/// Checks that `parent` exists, is not `id` itself or below it, and keeps
/// the tree within [`MAX_DEPTH`] levels.
async fn check_parent(
    db: &impl ConnectionTrait,
    id: Option<i64>,
    parent: Option<i64>,
) -> AppResult<()> {
    let Some(parent) = parent else {
        return Ok(());
    };
    let all: HashMap<i64, Option<i64>> = page::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.parent_id))
        .collect();
    if !all.contains_key(&parent) {
        return Err(AppError::invalid(
            "parentId",
            format!("no page has the id {parent}"),
        ));
    }
    let mut depth = 1;
    let mut at = Some(parent);
    let mut seen = HashSet::new();
    while let Some(p) = at {
        if Some(p) == id || !seen.insert(p) {
            return Err(AppError::invalid(
                "parentId",
                "a page cannot sit below itself",
            ));
        }
        depth += 1;
        at = all.get(&p).copied().flatten();
    }
    if depth > MAX_DEPTH {
        return Err(AppError::invalid(
            "parentId",
            format!("pages nest at most {MAX_DEPTH} levels deep"),
        ));
    }
    Ok(())
}

/// Creates a draft page (any signed-in role).
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewPage,
) -> AppResult<page::Model> {
    viewer.require(Action::CreateMedia)?;
    let title = text_field("title", &input.title, 1, 300)?;
    let body = html::sanitize(&input.body);
    let seo_title = optional("seoTitle", input.seo_title, 300)?;
    let seo_description = optional("seoDescription", input.seo_description, 500)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    check_parent(&txn, None, input.parent_id).await?;
    let slug = publication::new_slug::<page::Entity>(&txn, input.slug, &title, "trang").await?;
    let fields = page::ActiveModel {
        slug: Set(slug),
        title: Set(title),
        body: Set(body),
        parent_id: Set(input.parent_id),
        position: Set(input.position),
        show_in_menu: Set(input.show_in_menu),
        seo_title: Set(seo_title),
        seo_description: Set(seo_description),
        ..Default::default()
    };
    let model = publication::insert_draft::<page::Entity>(&txn, viewer, fields).await?;
    publication::after_write(&txn, viewer, ContentKind::Page, model.id, "create").await?;
    txn.commit().await?;
    Ok(model)
}

/// Applies a partial update if `expected_version` is still current.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    changes: PageChanges,
) -> AppResult<page::Model> {
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let (current, meta) =
        publication::editable::<page::Entity>(&txn, viewer, id, changes.expected_version).await?;
    let mut m = current.clone().into_active_model();
    if let Some(t) = changes.title {
        m.title = Set(text_field("title", &t, 1, 300)?);
    }
    if let Some(b) = changes.body {
        m.body = Set(html::sanitize(&b));
    }
    if let Some(p) = changes.parent_id {
        check_parent(&txn, Some(id), p).await?;
        m.parent_id = Set(p);
    }
    if let Some(p) = changes.position {
        m.position = Set(p);
    }
    if let Some(s) = changes.show_in_menu {
        m.show_in_menu = Set(s);
    }
    if let Some(s) = changes.seo_title {
        m.seo_title = Set(optional("seoTitle", s, 300)?);
    }
    if let Some(s) = changes.seo_description {
        m.seo_description = Set(optional("seoDescription", s, 500)?);
    }
    if let Some(s) = changes.slug.filter(|s| *s != current.slug) {
        publication::check_slug_change::<page::Entity>(&txn, &meta, &s).await?;
        m.slug = Set(s);
    }
    let saved =
        publication::save_if_current::<page::Entity>(&txn, m, id, changes.expected_version).await?;
    publication::after_write(&txn, viewer, ContentKind::Page, id, "update").await?;
    txn.commit().await?;
    Ok(saved)
}

/// Every page this viewer may read (with `menu_only`, only those shown in
/// menus), parents before children and siblings by position. A page whose
/// parent is left out is left out with it: a draft section hides its
/// sub-pages.
pub async fn tree(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    menu_only: bool,
) -> AppResult<Vec<page::Model>> {
    let mut q = page::Entity::find();
    if menu_only {
        q = q.filter(page::Column::ShowInMenu.eq(true));
    }
    let rows = q
        .filter(publication::readable_condition::<page::Entity>(
            viewer,
            clock::now(),
        ))
        .order_by_asc(page::Column::Position)
        .order_by_asc(page::Column::Id)
        .all(db)
        .await?;
    let mut children: HashMap<Option<i64>, Vec<page::Model>> = HashMap::new();
    for p in rows {
        children.entry(p.parent_id).or_default().push(p);
    }
    let mut out = Vec::new();
    let mut stack: Vec<page::Model> = children.remove(&None).unwrap_or_default();
    stack.reverse();
    while let Some(p) = stack.pop() {
        if let Some(mut kids) = children.remove(&Some(p.id)) {
            kids.reverse();
            stack.extend(kids);
        }
        out.push(p);
    }
    Ok(out)
}
