//! Article mutations: editing and the workflow.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::{DateTime, Utc};

use super::input::maybe;
use crate::{
    graphql::{
        context,
        types::{article::Article, common::parse_id},
    },
    service::{
        self,
        article::{ArticleChanges, Cover, NewArticle},
    },
};

/// A picture as given by an editor: a file of the media library
/// (`mediaId`), or any absolute http(s) `url`.
#[derive(InputObject, Debug, Clone)]
pub struct ImageInput {
    /// Absolute http(s) URL (or give `mediaId`).
    pub url: Option<String>,
    /// A media library image; its alt text and caption are used unless
    /// given here.
    pub media_id: Option<ID>,
    pub caption: Option<String>,
    pub alt: Option<String>,
}

/// The cover an `ImageInput` stands for.
async fn cover_of(ctx: &Context<'_>, i: ImageInput) -> Result<Cover> {
    let state = context::state(ctx)?;
    match (i.url, i.media_id) {
        (Some(url), None) => Ok(Cover {
            url,
            caption: i.caption,
            alt: i.alt,
        }),
        (None, Some(id)) => {
            let id = parse_id("coverImage.mediaId", &id)?;
            let asset = crate::service::asset::get(&state.db, context::viewer(ctx), id)
                .await?
                .filter(|a| a.kind == "image")
                .ok_or_else(|| {
                    crate::error::AppError::invalid(
                        "coverImage.mediaId",
                        "no image of the media library has this id",
                    )
                })?;
            Ok(Cover {
                url: state.config.media.url(&asset.storage_key),
                caption: i.caption.or(asset.caption),
                alt: i.alt.or(asset.alt),
            })
        }
        _ => {
            Err(crate::error::AppError::invalid("coverImage", "give either url or mediaId").into())
        }
    }
}

/// A new article; it starts as a draft.
#[derive(InputObject, Debug)]
pub struct CreateArticleInput {
    /// 1-300 characters.
    pub title: String,
    /// HTML; cleaned with an allow-list on save.
    pub body: String,
    pub category_id: ID,
    pub summary: Option<String>,
    #[graphql(default)]
    pub tags: Vec<String>,
    pub cover_image: Option<ImageInput>,
    #[graphql(default)]
    pub featured: bool,
    /// Derived from the title when absent ("Đại hội Chi bộ" -> `dai-hoi-chi-bo`).
    pub slug: Option<String>,
    /// Byline as printed.
    pub author_name: Option<String>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
}

/// A partial update: absent fields stay as they are, `null` clears an optional one.
#[derive(InputObject, Debug)]
pub struct UpdateArticleInput {
    /// The `version` you started editing from; a newer one on the server means
    /// a colleague saved first, and the update is refused with `CONFLICT`.
    pub version: i32,
    pub title: Option<String>,
    pub body: Option<String>,
    pub category_id: Option<ID>,
    pub summary: MaybeUndefined<String>,
    pub tags: Option<Vec<String>>,
    pub cover_image: MaybeUndefined<ImageInput>,
    pub featured: Option<bool>,
    /// Only while the article has never been published.
    pub slug: Option<String>,
    pub author_name: MaybeUndefined<String>,
    pub seo_title: MaybeUndefined<String>,
    pub seo_description: MaybeUndefined<String>,
}

#[derive(Default)]
pub struct ArticleMutation;

#[Object]
impl ArticleMutation {
    /// Creates a draft (any signed-in role).
    async fn create_article(
        &self,
        ctx: &Context<'_>,
        input: CreateArticleInput,
    ) -> Result<Article> {
        let db = context::db(ctx)?;
        let cover = match input.cover_image {
            Some(i) => Some(cover_of(ctx, i).await?),
            None => None,
        };
        let new = NewArticle {
            title: input.title,
            body: input.body,
            category_id: parse_id("categoryId", &input.category_id)?,
            summary: input.summary,
            tags: input.tags,
            cover,
            featured: input.featured,
            slug: input.slug,
            author_name: input.author_name,
            seo_title: input.seo_title,
            seo_description: input.seo_description,
        };
        Ok(Article(
            service::article::create(db, context::viewer(ctx), new).await?,
        ))
    }

    /// Changes an article; the previous state is kept as a revision.
    async fn update_article(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateArticleInput,
    ) -> Result<Article> {
        let db = context::db(ctx)?;
        let cover = match input.cover_image {
            MaybeUndefined::Undefined => MaybeUndefined::Undefined,
            MaybeUndefined::Null => MaybeUndefined::Null,
            MaybeUndefined::Value(i) => MaybeUndefined::Value(cover_of(ctx, i).await?),
        };
        let changes = ArticleChanges {
            expected_version: input.version,
            title: input.title,
            body: input.body,
            category_id: input
                .category_id
                .map(|c| parse_id("categoryId", &c))
                .transpose()?,
            summary: maybe(input.summary, |s| s),
            tags: input.tags,
            cover: maybe(cover, |c| c),
            featured: input.featured,
            slug: input.slug,
            author_name: maybe(input.author_name, |s| s),
            seo_title: maybe(input.seo_title, |s| s),
            seo_description: maybe(input.seo_description, |s| s),
        };
        let id = parse_id("id", &id)?;
        Ok(Article(
            service::article::update(db, context::viewer(ctx), id, changes).await?,
        ))
    }

    /// Sends a draft to the editors for review.
    async fn submit_article(&self, ctx: &Context<'_>, id: ID) -> Result<Article> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Article(
            service::article::submit(db, context::viewer(ctx), id).await?,
        ))
    }

    /// Publishes now, or at `at` (a future time) as a scheduled article.
    async fn publish_article(
        &self,
        ctx: &Context<'_>,
        id: ID,
        at: Option<DateTime<Utc>>,
    ) -> Result<Article> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Article(
            service::article::publish(db, context::viewer(ctx), id, at).await?,
        ))
    }

    /// Takes an article off the site, back to draft.
    async fn unpublish_article(&self, ctx: &Context<'_>, id: ID) -> Result<Article> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Article(
            service::article::unpublish(db, context::viewer(ctx), id).await?,
        ))
    }

    /// Takes an article off the site and keeps it for the record.
    async fn archive_article(&self, ctx: &Context<'_>, id: ID) -> Result<Article> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Article(
            service::article::archive(db, context::viewer(ctx), id).await?,
        ))
    }

    /// Deletes an article for good; returns its id.
    async fn delete_article(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let db = context::db(ctx)?;
        let row = parse_id("id", &id)?;
        service::article::delete(db, context::viewer(ctx), row).await?;
        Ok(id)
    }

    /// Brings back the fields of an earlier revision (as a new update).
    async fn restore_article_revision(
        &self,
        ctx: &Context<'_>,
        id: ID,
        revision_id: ID,
        version: i32,
    ) -> Result<Article> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        let rev = parse_id("revisionId", &revision_id)?;
        let viewer = context::viewer(ctx);
        Ok(Article(
            service::article::restore_revision(db, viewer, id, rev, version).await?,
        ))
    }
}
