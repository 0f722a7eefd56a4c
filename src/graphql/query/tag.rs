//! Tag and author pages: what readers browse by besides sections.

use async_graphql::{Context, Object, Result};

use crate::{
    error::AppError,
    graphql::{
        context,
        types::{author::AuthorProfile, tag::Tag},
    },
    service,
};

/// Most tags one `tags` list returns.
const MAX_TAGS: i32 = 100;

#[derive(Default)]
pub struct TagQuery;

#[Object]
impl TagQuery {
    /// Tags of public articles, most used first; with `q`, those starting
    /// with it (diacritics optional: `chuyen` finds "chuyển đổi số").
    #[graphql(complexity = "crate::graphql::rows(Some(first), 20, child_complexity)")]
    async fn tags(
        &self,
        ctx: &Context<'_>,
        q: Option<String>,
        #[graphql(default = 20)] first: i32,
    ) -> Result<Vec<Tag>> {
        if !(1..=MAX_TAGS).contains(&first) {
            return Err(AppError::invalid("first", format!("first must be 1-{MAX_TAGS}")).into());
        }
        let db = context::db(ctx)?;
        let first = u64::try_from(first).unwrap_or(20);
        let found = service::tag::popular(db, q.as_deref(), None, first).await?;
        Ok(found.into_iter().map(Tag).collect())
    }

    /// An author's page by slug (the account's username); `null` when no
    /// active account has it.
    async fn author(&self, ctx: &Context<'_>, slug: String) -> Result<Option<AuthorProfile>> {
        let db = context::db(ctx)?;
        Ok(service::user::author(db, &slug).await?.map(AuthorProfile))
    }

    /// One tag by slug (or name), with its public articles; `null` when no
    /// public article carries it.
    async fn tag(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Tag>> {
        let db = context::db(ctx)?;
        let slug = crate::text::slug::slugify(&slug);
        let found = service::tag::popular(db, None, Some(&slug), 1).await?;
        Ok(found.into_iter().next().map(Tag))
    }
}
