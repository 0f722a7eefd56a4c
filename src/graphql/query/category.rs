//! Category queries.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    error::AppError,
    graphql::{
        loader::Loaders,
        types::{category::Category, common::parse_opt_id},
    },
};

#[derive(Default)]
pub struct CategoryQuery;

#[Object]
impl CategoryQuery {
    /// The category tree: top-level categories in menu order, each with its
    /// `children`. With `flat: true`, every category in one list.
    async fn categories(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] flat: bool,
    ) -> Result<Vec<Category>> {
        let all = Loaders::all_categories(ctx).await?;
        Ok(all
            .iter()
            .filter(|c| flat || c.parent_id.is_none())
            .cloned()
            .map(Category)
            .collect())
    }

    /// One category by id or slug; `null` when there is none.
    async fn category(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        slug: Option<String>,
    ) -> Result<Option<Category>> {
        let id = parse_opt_id("id", id.as_ref())?;
        if id.is_none() && slug.is_none() {
            return Err(AppError::invalid("id", "give an id or a slug").into());
        }
        let all = Loaders::all_categories(ctx).await?;
        Ok(all
            .iter()
            .find(|c| id.is_none_or(|id| c.id == id) && slug.as_deref().is_none_or(|s| c.slug == s))
            .cloned()
            .map(Category))
    }
}
