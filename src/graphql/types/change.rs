//! The change log as clients read it (`changes`, delta sync).

use async_graphql::{Enum, ID, SimpleObject, Union};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use super::{
    article::Article,
    category::Category,
    document::Document,
    gallery::Gallery,
    node::{SearchNode, load_nodes},
    page::Page,
    video::Video,
};
use crate::{
    error::AppResult,
    service::{
        self,
        changelog::{self, Op, Subject},
        publication::ContentKind,
    },
};

/// What a change is about: a kind of content, or a category.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Article,
    Video,
    Gallery,
    Document,
    Page,
    Category,
}

impl From<ChangeKind> for Subject {
    fn from(k: ChangeKind) -> Self {
        match k {
            ChangeKind::Article => Subject::Content(ContentKind::Article),
            ChangeKind::Video => Subject::Content(ContentKind::Video),
            ChangeKind::Gallery => Subject::Content(ContentKind::Gallery),
            ChangeKind::Document => Subject::Content(ContentKind::Document),
            ChangeKind::Page => Subject::Content(ContentKind::Page),
            ChangeKind::Category => Subject::Category,
        }
    }
}

impl From<Subject> for ChangeKind {
    fn from(s: Subject) -> Self {
        match s {
            Subject::Content(ContentKind::Article) => ChangeKind::Article,
            Subject::Content(ContentKind::Video) => ChangeKind::Video,
            Subject::Content(ContentKind::Gallery) => ChangeKind::Gallery,
            Subject::Content(ContentKind::Document) => ChangeKind::Document,
            Subject::Content(ContentKind::Page) => ChangeKind::Page,
            Subject::Category => ChangeKind::Category,
        }
    }
}

/// What readers saw happen.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ChangeOp {
    /// The item is public now: new, edited, published, or back. Fetch it
    /// again (or read `node`).
    Upsert,
    /// Readers no longer see it: unpublished, archived, deleted, or moved
    /// to a later time. Drop it.
    Delete,
}

impl From<Op> for ChangeOp {
    fn from(op: Op) -> Self {
        match op {
            Op::Upsert => ChangeOp::Upsert,
            Op::Delete => ChangeOp::Delete,
        }
    }
}

/// A changed item as readers see it now.
#[derive(Union, Clone, Debug)]
pub enum ChangedNode {
    Article(Article),
    Video(Video),
    Gallery(Gallery),
    Document(Document),
    Page(Page),
    Category(Category),
}

/// One public change, in log order.
#[derive(SimpleObject, Clone, Debug)]
pub struct Change {
    /// Where this change stands in the log: pass it as `after` to read on.
    pub cursor: String,
    pub kind: ChangeKind,
    /// The item's id.
    pub id: ID,
    /// The item's slug (for a `DELETE`, the one readers knew it by).
    pub slug: String,
    pub op: ChangeOp,
    /// When it happened (for a scheduled item: when it came due).
    pub at: DateTime<Utc>,
    /// For an `UPSERT`, the item as the public sees it now; `null` for a
    /// `DELETE`, or when a later change took it away again.
    pub node: Option<ChangedNode>,
}

/// A page of the change log.
#[derive(SimpleObject, Clone, Debug)]
pub struct ChangePage {
    pub items: Vec<Change>,
    /// Keep it and pass it as `after` next time. With nothing more to
    /// read, it stands past every change so far (also those of kinds you
    /// did not ask for), so an idle app's cursor keeps up and never expires
    /// while it asks now and then.
    pub end_cursor: String,
    /// More changes follow at once: ask again with `endCursor`.
    pub has_more: bool,
}

pub use crate::service::changelog::{cursor, position};

/// Log entries as clients read them; with `nodes`, each `UPSERT` with its
/// item as the public sees it now (a statement per kind, and the category
/// tree from its memo).
///
/// # Errors
/// The database fails.
pub async fn present(
    db: &DatabaseConnection,
    entries: &[changelog::Change],
    nodes: bool,
) -> AppResult<Vec<Change>> {
    let upserts = entries.iter().filter(|c| nodes && c.op == Op::Upsert);
    let keys: Vec<(ContentKind, i64)> = upserts
        .clone()
        .filter_map(|c| match c.subject {
            Subject::Content(k) => Some((k, c.item_id)),
            Subject::Category => None,
        })
        .collect();
    let found = if keys.is_empty() {
        Default::default()
    } else {
        load_nodes(db, &keys).await?
    };
    let categories = if upserts.clone().any(|c| c.subject == Subject::Category) {
        Some(service::changes::of(db).categories(db).await?)
    } else {
        None
    };
    Ok(entries
        .iter()
        .map(|c| {
            let node = match (c.op, c.subject) {
                (Op::Delete, _) => None,
                (Op::Upsert, Subject::Content(k)) => {
                    found.get(&(k, c.item_id)).cloned().map(|n| match n {
                        SearchNode::Article(a) => ChangedNode::Article(a),
                        SearchNode::Video(v) => ChangedNode::Video(v),
                        SearchNode::Gallery(g) => ChangedNode::Gallery(g),
                        SearchNode::Document(d) => ChangedNode::Document(d),
                        SearchNode::Page(p) => ChangedNode::Page(p),
                    })
                }
                (Op::Upsert, Subject::Category) => categories
                    .as_ref()
                    .and_then(|all| all.iter().find(|m| m.id == c.item_id))
                    .map(|m| ChangedNode::Category(Category(m.clone()))),
            };
            Change {
                cursor: cursor(c.position),
                kind: c.subject.into(),
                id: ID(c.item_id.to_string()),
                slug: c.slug.clone(),
                op: c.op.into(),
                at: c.at,
                node,
            }
        })
        .collect())
}
