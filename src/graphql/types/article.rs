//! The `Article` type, its lists and its inputs.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use entity::article;

use super::{
    category::Category,
    common::{self, Breadcrumb, Count, Image, Seo, SeoImage, parse_opt_id},
    gallery::Gallery,
    paging::{connection_type, page_type},
    video::Video,
};
use crate::{
    clock,
    error::AppError,
    graphql::{
        context,
        loader::{Loaders, media},
    },
    service::{
        self,
        article::{ArticleFilter as Filter, ArticleStatus as Status, RelatedKey},
    },
    text::html,
};

/// Where an article is in the editorial workflow.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ArticleStatus {
    /// Being written; only editors see it.
    Draft,
    /// Submitted by its author, waiting for an editor.
    InReview,
    /// Published with a time still in the future; goes live by itself then.
    Scheduled,
    /// Live on the site.
    Published,
    /// Taken off the site, kept for the record.
    Archived,
}

impl From<Status> for ArticleStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Draft => Self::Draft,
            Status::InReview => Self::InReview,
            Status::Scheduled => Self::Scheduled,
            Status::Published => Self::Published,
            Status::Archived => Self::Archived,
        }
    }
}

impl From<ArticleStatus> for Status {
    fn from(s: ArticleStatus) -> Self {
        match s {
            ArticleStatus::Draft => Self::Draft,
            ArticleStatus::InReview => Self::InReview,
            ArticleStatus::Scheduled => Self::Scheduled,
            ArticleStatus::Published => Self::Published,
            ArticleStatus::Archived => Self::Archived,
        }
    }
}

/// List orders.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum ArticleSort {
    /// Newest publication first.
    #[default]
    Newest,
    /// Oldest publication first.
    Oldest,
    /// Most viewed first, newest among equals.
    MostViewed,
    /// A to Z in Vietnamese alphabetical order (a ă â b c d đ e ê ...).
    Title,
}

impl From<ArticleSort> for service::article::ArticleSort {
    fn from(s: ArticleSort) -> Self {
        match s {
            ArticleSort::Newest => Self::Newest,
            ArticleSort::Oldest => Self::Oldest,
            ArticleSort::MostViewed => Self::MostViewed,
            ArticleSort::Title => Self::Title,
        }
    }
}

/// Narrows a list of articles. All given conditions must hold.
#[derive(InputObject, Default, Debug)]
pub struct ArticleFilter {
    /// Only this category (by id)...
    pub category_id: Option<ID>,
    /// ...or by slug.
    pub category_slug: Option<String>,
    /// With a category: include its sub-categories too.
    #[graphql(default_with = "Some(true)")]
    pub include_subcategories: Option<bool>,
    /// Only articles with this tag, by name or slug ("chuyển đổi số" or `chuyen-doi-so`).
    pub tag: Option<String>,
    /// Only featured (or only non-featured) articles.
    pub featured: Option<bool>,
    /// Published at or after this instant.
    pub published_after: Option<DateTime<Utc>>,
    /// Published before this instant.
    pub published_before: Option<DateTime<Utc>>,
    /// Last changed (edited or published) at or after this instant, to
    /// fetch only what changed since an earlier sync (items taken down are
    /// not listed, so they do not show here).
    pub updated_after: Option<DateTime<Utc>>,
    /// Editors only: show these statuses instead of what the public sees.
    pub status: Option<Vec<ArticleStatus>>,
    /// Only articles this account created (`User.id`).
    pub author_id: Option<ID>,
    /// Words of the title, summary or text, diacritics optional; with
    /// `status`, drafts are searched too. The best 300 matches are kept.
    pub q: Option<String>,
}

impl ArticleFilter {
    /// The service's filter; malformed ids are `BAD_USER_INPUT`.
    pub fn into_service(self) -> Result<Filter, AppError> {
        if let (Some(a), Some(b)) = (self.published_after, self.published_before)
            && a >= b
        {
            return Err(AppError::invalid(
                "publishedBefore",
                "publishedBefore must be later than publishedAfter",
            ));
        }
        Ok(Filter {
            category_id: parse_opt_id("filter.categoryId", self.category_id.as_ref())?,
            category_slug: self.category_slug,
            include_subcategories: self.include_subcategories.unwrap_or(true),
            tag: self.tag,
            featured: self.featured,
            published_after: self.published_after,
            published_before: self.published_before,
            updated_after: self.updated_after,
            statuses: self.status.map(|v| v.into_iter().map(Into::into).collect()),
            author_id: parse_opt_id("filter.authorId", self.author_id.as_ref())?,
            q: self.q,
            exclude_id: None,
            skip_body: false,
        })
    }
}

/// A news article.
#[derive(Clone, Debug)]
pub struct Article(pub article::Model);

#[Object]
impl Article {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe name, unique among articles; fixed once published.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// One or two sentences for lists and previews.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }

    /// The article as HTML, cleaned with an allow-list (no scripts, no event
    /// handlers); safe to insert into a page.
    async fn body(&self) -> String {
        // Cleaned when saved; cleaned again here only when the row was not
        // cleaned by today's allow-list (imports, older policies): cleaning
        // a 5 KB body costs more than the rest of an article page.
        if self.0.body_policy == html::POLICY {
            self.0.body.clone()
        } else {
            html::sanitize(&self.0.body)
        }
    }

    /// The lead picture.
    async fn cover_image(&self) -> Option<Image> {
        self.0.cover_url.clone().map(|url| Image {
            url,
            caption: self.0.cover_caption.clone(),
            alt: self.0.cover_alt.clone(),
        })
    }

    /// The byline as printed, e.g. "Nguyễn Thu Hà" or "Phòng Văn hóa - Thông tin".
    async fn author(&self) -> Option<&str> {
        self.0.author_name.as_deref()
    }

    async fn category(&self, ctx: &Context<'_>) -> Result<Category> {
        Loaders::category(ctx, self.0.category_id)
            .await?
            .map(Category)
            .ok_or_else(|| AppError::internal("article without its category").into())
    }

    /// Tags in the editor's order.
    async fn tags(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        let loaders = ctx.data::<Loaders>()?;
        Ok(loaders
            .tags()
            .load_one(self.0.id)
            .await?
            .unwrap_or_default())
    }

    async fn status(&self) -> ArticleStatus {
        Status::of(self.0.status, self.0.published_at, clock::now()).into()
    }

    /// When it went (or goes) live; `null` for drafts.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// Shown in the home page's highlights.
    async fn featured(&self) -> bool {
        self.0.featured
    }

    async fn view_count(&self) -> Count {
        Count(u64::try_from(self.0.view_count).unwrap_or(0))
    }

    /// Title for search engines; falls back to the title.
    async fn seo_title(&self) -> &str {
        self.0.seo_title.as_deref().unwrap_or(&self.0.title)
    }

    /// Description for search engines; falls back to the summary.
    async fn seo_description(&self) -> Option<&str> {
        self.0
            .seo_description
            .as_deref()
            .or(self.0.summary.as_deref())
    }

    /// Title, description, canonical address and preview picture, with the
    /// fallbacks filled in.
    async fn seo(&self, ctx: &Context<'_>) -> Result<Seo> {
        let links = common::links(ctx)?;
        let a = &self.0;
        Ok(Seo {
            title: a.seo_title.clone().unwrap_or_else(|| a.title.clone()),
            description: a.seo_description.clone().or_else(|| a.summary.clone()),
            canonical_url: links.url(&links.article, &a.slug, a.id),
            image: a.cover_url.clone().map(|url| SeoImage {
                url,
                width: None,
                height: None,
            }),
        })
    }

    /// The account that wrote it, as a person with a page (`author(slug)`);
    /// `null` for imported articles or a disabled account. `author` stays
    /// the printed byline.
    async fn author_profile(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<super::author::AuthorProfile>> {
        let Some(id) = self.0.created_by else {
            return Ok(None);
        };
        Ok(Loaders::of(ctx)?
            .authors()
            .load_one(id)
            .await?
            .map(super::author::AuthorProfile))
    }

    /// Its place among the top stories (1 first); `null` when not pinned.
    async fn featured_position(&self) -> Option<i32> {
        self.0.featured_position
    }

    /// When its pin among the top stories ends.
    async fn featured_until(&self) -> Option<DateTime<Utc>> {
        self.0.featured_until
    }

    /// Minutes a reader needs at about 200 words a minute (at least one).
    async fn reading_time_minutes(&self) -> i32 {
        let words = html::to_text(&self.0.body).split_whitespace().count();
        i32::try_from(words.div_ceil(200).max(1)).unwrap_or(i32::MAX)
    }

    /// From the home page through the sections to this article, for a
    /// breadcrumb trail.
    async fn breadcrumbs(&self, ctx: &Context<'_>) -> Result<Vec<Breadcrumb>> {
        let links = common::links(ctx)?;
        let all = Loaders::all_categories(ctx).await?;
        let mut trail = vec![Breadcrumb {
            label: "Trang chủ".into(),
            url: links.own("/"),
        }];
        trail.extend(
            crate::service::category::ancestry(&all, self.0.category_id)
                .into_iter()
                .map(|c| Breadcrumb {
                    label: c.name.clone(),
                    url: links.url(&links.category, &c.slug, c.id),
                }),
        );
        trail.push(Breadcrumb {
            label: self.0.title.clone(),
            url: links.url(&links.article, &self.0.slug, self.0.id),
        });
        Ok(trail)
    }

    /// Concurrency token: send it back with `updateArticle` so a colleague's
    /// newer edit is never overwritten.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// "Other news": the newest published articles of the same category.
    #[graphql(complexity = "crate::graphql::rows(limit, 5, child_complexity)")]
    async fn related(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 5, validator(minimum = 1, maximum = 20))] limit: Option<i32>,
    ) -> Result<Vec<Article>> {
        let loaders = ctx.data::<Loaders>()?;
        let limit = u64::try_from(limit.unwrap_or(5)).unwrap_or(5);
        let items = loaders
            .related()
            .load_one(RelatedKey {
                article_id: self.0.id,
                category_id: self.0.category_id,
                limit,
                with_body: context::selects_body(ctx, &[&[]]),
            })
            .await?
            .unwrap_or_default();
        Ok(items.into_iter().map(Article).collect())
    }

    /// Videos embedded in the article, in the editor's order (readers see
    /// only published ones).
    async fn videos(&self, ctx: &Context<'_>) -> Result<Vec<Video>> {
        let public_only = !context::viewer(ctx).sees_unpublished();
        let items = media::of(ctx)?
            .article_videos
            .load_one((self.0.id, public_only))
            .await?
            .unwrap_or_default();
        Ok(items.into_iter().map(Video).collect())
    }

    /// Photo albums embedded in the article, in the editor's order (readers
    /// see only published ones).
    async fn galleries(&self, ctx: &Context<'_>) -> Result<Vec<Gallery>> {
        let public_only = !context::viewer(ctx).sees_unpublished();
        let items = media::of(ctx)?
            .article_galleries
            .load_one((self.0.id, public_only))
            .await?
            .unwrap_or_default();
        Ok(items.into_iter().map(Gallery).collect())
    }

    /// Earlier versions, newest first (editors only).
    async fn revisions(&self, ctx: &Context<'_>) -> Result<Vec<ArticleRevision>> {
        let db = context::db(ctx)?;
        let rows = service::article::revisions(db, context::viewer(ctx), self.0.id).await?;
        Ok(rows
            .into_iter()
            .map(|(r, s)| ArticleRevision {
                id: ID(r.id.to_string()),
                version: r.version,
                editor_id: r.editor_id.map(|e| ID(e.to_string())),
                changed_fields: r
                    .changed_fields
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(String::from)
                    .collect(),
                created_at: r.created_at,
                title: s.title,
                summary: s.summary,
                body: s.body,
            })
            .collect())
    }
}

/// An article as it was before an update.
#[derive(SimpleObject, Clone, Debug)]
pub struct ArticleRevision {
    pub id: ID,
    /// The article version this revision holds.
    pub version: i32,
    /// Who made the change that replaced this version.
    pub editor_id: Option<ID>,
    /// Fields that change changed.
    pub changed_fields: Vec<String>,
    /// When it was replaced.
    pub created_at: DateTime<Utc>,
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
}

page_type!(ArticlePage, Article, "A numbered page of articles.");
connection_type!(
    ArticleConnection,
    ArticleEdge,
    Article,
    article::Model,
    "A Relay connection of articles, newest first."
);
