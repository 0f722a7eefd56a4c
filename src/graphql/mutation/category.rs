//! Category mutations (editors and admins).

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};

use crate::{
    graphql::{
        context,
        types::{category::Category, common::parse_id},
    },
    service::{
        self,
        category::{CategoryChanges, NewCategory},
    },
};

/// A new category.
#[derive(InputObject, Debug)]
pub struct CreateCategoryInput {
    pub name: String,
    /// Derived from the name when absent.
    pub slug: Option<String>,
    pub description: Option<String>,
    /// The parent; absent for a top-level category.
    pub parent_id: Option<ID>,
    pub position: Option<i32>,
}

/// Changes to a category; absent fields stay as they are.
#[derive(InputObject, Debug)]
pub struct UpdateCategoryInput {
    /// The `version` you started editing from; `CONFLICT` if someone saved
    /// since. Leave it out to skip the check.
    pub version: Option<i32>,
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: MaybeUndefined<String>,
    pub position: Option<i32>,
}

#[derive(Default)]
pub struct CategoryMutation;

#[Object]
impl CategoryMutation {
    async fn create_category(
        &self,
        ctx: &Context<'_>,
        input: CreateCategoryInput,
    ) -> Result<Category> {
        let db = context::db(ctx)?;
        let new = NewCategory {
            name: input.name,
            slug: input.slug,
            description: input.description,
            parent_id: input
                .parent_id
                .map(|p| parse_id("parentId", &p))
                .transpose()?,
            position: input.position,
        };
        Ok(Category(
            service::category::create(db, context::viewer(ctx), new).await?,
        ))
    }

    async fn update_category(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateCategoryInput,
    ) -> Result<Category> {
        let db = context::db(ctx)?;
        let changes = CategoryChanges {
            expected_version: input.version,
            name: input.name,
            slug: input.slug,
            description: match input.description {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(d) => Some(Some(d)),
            },
            parent_id: None,
            position: input.position,
        };
        let id = parse_id("id", &id)?;
        Ok(Category(
            service::category::update(db, context::viewer(ctx), id, changes).await?,
        ))
    }

    /// Moves a category under another (`parentId: null` for the top level);
    /// moving it under its own sub-category is refused.
    async fn move_category(
        &self,
        ctx: &Context<'_>,
        id: ID,
        parent_id: Option<ID>,
        position: Option<i32>,
    ) -> Result<Category> {
        let db = context::db(ctx)?;
        let changes = CategoryChanges {
            parent_id: Some(parent_id.map(|p| parse_id("parentId", &p)).transpose()?),
            position,
            ..Default::default()
        };
        let id = parse_id("id", &id)?;
        Ok(Category(
            service::category::update(db, context::viewer(ctx), id, changes).await?,
        ))
    }

    /// Deletes an empty category; `CONFLICT` while it holds articles or
    /// sub-categories. Returns its id.
    async fn delete_category(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let db = context::db(ctx)?;
        service::category::delete(db, context::viewer(ctx), parse_id("id", &id)?).await?;
        Ok(id)
    }
}
