//! Revisions of videos, galleries, documents and pages.

use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};
use entity::content_revision;

/// An item as it was before one of its updates.
pub struct ContentRevision(pub content_revision::Model);

#[Object]
impl ContentRevision {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The item's version this revision holds.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// Who made the update that replaced it.
    async fn editor_id(&self) -> Option<ID> {
        self.0.editor_id.map(|e| ID(e.to_string()))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// The item's own fields then, as a JSON text with snake_case names
    /// (tags and photos are not part of it).
    async fn snapshot(&self) -> &str {
        &self.0.snapshot
    }
}
