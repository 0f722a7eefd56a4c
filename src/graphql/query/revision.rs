//! Revisions of any simple-workflow kind, by kind and id.

use async_graphql::{Context, ID, Object, Result};
use entity::{document, gallery, page, video};

use crate::{
    error::AppError,
    graphql::{
        context,
        types::{common::parse_id, revision::ContentRevision, stats::ContentKind},
    },
    service::publication::revision,
};

#[derive(Default)]
pub struct RevisionQuery;

#[Object]
impl RevisionQuery {
    /// The revisions of a video, gallery, document or page, newest first
    /// (editors; authors of their own items). Articles have
    /// `Article.revisions`.
    async fn content_revisions(
        &self,
        ctx: &Context<'_>,
        kind: ContentKind,
        id: ID,
    ) -> Result<Vec<ContentRevision>> {
        let db = context::db(ctx)?;
        let viewer = context::viewer(ctx);
        let id = parse_id("id", &id)?;
        let rows = match kind {
            ContentKind::Video => revision::list::<video::Entity>(db, viewer, id).await?,
            ContentKind::Gallery => revision::list::<gallery::Entity>(db, viewer, id).await?,
            ContentKind::Document => revision::list::<document::Entity>(db, viewer, id).await?,
            ContentKind::Page => revision::list::<page::Entity>(db, viewer, id).await?,
            ContentKind::Article => return Err(articles_apart().into()),
        };
        Ok(rows.into_iter().map(ContentRevision).collect())
    }
}

/// Articles keep their own revisions (with tags and changed fields).
pub fn articles_apart() -> AppError {
    AppError::invalid(
        "kind",
        "articles have their own revisions: Article.revisions and restoreRevision",
    )
}
