//! The change log as clients read it (`changes`, delta sync).

use async_graphql::{Enum, ID, SimpleObject, Union};
use base64::Engine;
use chrono::{DateTime, Utc};

use super::{
    article::Article, category::Category, document::Document, gallery::Gallery, page::Page,
    video::Video,
};
use crate::{
    error::AppError,
    service::{
        changelog::{Op, Subject},
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

const PREFIX: &str = "change:";

/// The opaque cursor of a log position.
pub fn cursor(position: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{PREFIX}{position}"))
}

/// The position a cursor stands for.
///
/// # Errors
/// `BAD_USER_INPUT` on `after` for anything that is not one of our cursors.
pub fn position(cursor: &str) -> Result<i64, AppError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix(PREFIX).and_then(|p| p.parse::<i64>().ok()))
        .filter(|p| *p >= 0)
        .ok_or_else(|| AppError::invalid("after", "not a cursor of this change log"))
}
