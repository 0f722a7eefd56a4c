//! Official document queries.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    error::AppError,
    graphql::{
        context,
        types::{
            common::parse_opt_id,
            document::{Document, DocumentConnection, DocumentFilter, DocumentPage},
            media::MediaSort,
        },
    },
    service,
};

#[derive(Default)]
pub struct DocumentQuery;

#[Object]
impl DocumentQuery {
    /// One document by id, slug or number (`15-NQ/TU`, typed any way);
    /// `null` when it does not exist or is not published yet (editors see
    /// drafts).
    async fn document(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        slug: Option<String>,
        number: Option<String>,
    ) -> Result<Option<Document>> {
        let db = context::db(ctx)?;
        let viewer = context::viewer(ctx);
        let found = match (id, slug, number) {
            (None, None, Some(number)) => {
                service::document::find_by_number(db, viewer, &number).await?
            }
            (id, slug, None) => {
                let id = parse_opt_id("id", id.as_ref())?;
                service::publication::find::<entity::document::Entity>(
                    db,
                    viewer,
                    id,
                    slug.as_deref(),
                )
                .await?
            }
            _ => {
                return Err(
                    AppError::invalid("number", "give a number alone, or an id or a slug").into(),
                );
            }
        };
        Ok(found.map(Document))
    }

    /// A numbered page of documents with totals.
    #[graphql(
        complexity = "crate::graphql::rows(per_page, 20, child_complexity) + crate::graphql::text_cost(filter.as_ref().and_then(|f| f.q.as_ref()))"
    )]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        filter: Option<DocumentFilter>,
        #[graphql(default_with = "Some(MediaSort::Newest)")] sort: Option<MediaSort>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 20)] per_page: Option<i32>,
    ) -> Result<DocumentPage> {
        let db = context::db(ctx)?;
        let page = context::page_request(ctx, page, per_page)?;
        let filter = filter.unwrap_or_default().into_service()?;
        let result = service::document::list(
            db,
            context::viewer(ctx),
            &filter,
            sort.unwrap_or_default().into(),
            page,
        )
        .await?;
        Ok(DocumentPage::of(result, Document))
    }

    /// Documents newest first as a Relay connection: `first`/`after`
    /// forward, `last`/`before` backward.
    #[graphql(
        complexity = "crate::graphql::rows(first.or(last), 20, child_complexity) + crate::graphql::text_cost(filter.as_ref().and_then(|f| f.q.as_ref()))"
    )]
    async fn documents_connection(
        &self,
        ctx: &Context<'_>,
        filter: Option<DocumentFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<DocumentConnection> {
        let request =
            context::cursor_request(ctx, first, after.as_deref(), last, before.as_deref())?;
        let filter = filter.unwrap_or_default().into_service()?;
        let db = context::db(ctx)?;
        let result =
            service::document::connection(db, context::viewer(ctx), &filter, request).await?;
        Ok(result.into())
    }
}
