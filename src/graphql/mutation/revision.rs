//! Restoring a revision of any simple-workflow kind.

use async_graphql::{Context, ID, Object, Result};
use entity::{document, gallery, page, video};

use crate::{
    graphql::{
        context,
        query::articles_apart,
        types::{
            common::parse_id, document::Document, gallery::Gallery, node::SearchNode, page::Page,
            stats::ContentKind, video::Video,
        },
    },
    service::publication::revision::restore,
};

#[derive(Default)]
pub struct RevisionMutation;

#[Object]
impl RevisionMutation {
    /// Brings back a revision's fields as a new update of the item (the
    /// current state becomes a revision too). Status, publication time and
    /// the slug of a published item stay as they are. `version` is the one
    /// you started from: `CONFLICT` if someone saved since.
    async fn restore_content_revision(
        &self,
        ctx: &Context<'_>,
        kind: ContentKind,
        id: ID,
        revision_id: ID,
        version: i32,
    ) -> Result<SearchNode> {
        let db = context::db(ctx)?;
        let viewer = context::viewer(ctx);
        let id = parse_id("id", &id)?;
        let rev = parse_id("revisionId", &revision_id)?;
        Ok(match kind {
            ContentKind::Video => SearchNode::Video(Video(
                restore::<video::Entity>(db, viewer, id, rev, version).await?,
            )),
            ContentKind::Gallery => SearchNode::Gallery(Gallery(
                restore::<gallery::Entity>(db, viewer, id, rev, version).await?,
            )),
            ContentKind::Document => SearchNode::Document(Document(
                restore::<document::Entity>(db, viewer, id, rev, version).await?,
            )),
            ContentKind::Page => SearchNode::Page(Page(
                restore::<page::Entity>(db, viewer, id, rev, version).await?,
            )),
            ContentKind::Article => return Err(articles_apart().into()),
        })
    }
}
