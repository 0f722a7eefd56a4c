//! Embedding videos and galleries in articles.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    error::AppError,
    graphql::{
        context,
        types::{article::Article, common::parse_id},
    },
    service,
};

fn ids(field: &'static str, ids: Option<Vec<ID>>) -> Result<Vec<i64>, AppError> {
    ids.unwrap_or_default()
        .iter()
        .map(|i| parse_id(field, i))
        .collect()
}

#[derive(Default)]
pub struct MediaMutation;

#[Object]
impl MediaMutation {
    /// Embeds videos and galleries in an article, after those it has
    /// already (who may edit the article may do this).
    async fn attach_media(
        &self,
        ctx: &Context<'_>,
        article_id: ID,
        video_ids: Option<Vec<ID>>,
        gallery_ids: Option<Vec<ID>>,
    ) -> Result<Article> {
        let db = context::db(ctx)?;
        let article_id = parse_id("articleId", &article_id)?;
        let videos = ids("videoIds", video_ids)?;
        let galleries = ids("galleryIds", gallery_ids)?;
        let viewer = context::viewer(ctx);
        Ok(Article(
            service::media::attach(db, viewer, article_id, &videos, &galleries).await?,
        ))
    }

    /// Takes videos and galleries out of an article.
    async fn detach_media(
        &self,
        ctx: &Context<'_>,
        article_id: ID,
        video_ids: Option<Vec<ID>>,
        gallery_ids: Option<Vec<ID>>,
    ) -> Result<Article> {
        let db = context::db(ctx)?;
        let article_id = parse_id("articleId", &article_id)?;
        let videos = ids("videoIds", video_ids)?;
        let galleries = ids("galleryIds", gallery_ids)?;
        let viewer = context::viewer(ctx);
        Ok(Article(
            service::media::detach(db, viewer, article_id, &videos, &galleries).await?,
        ))
    }
}
