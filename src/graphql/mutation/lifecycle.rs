//! The publishing mutations every content type of the simple workflow has
//! (publish, unpublish, archive, delete), written once: a type adds one
//! `lifecycle!` line instead of four resolvers.

/// One GraphQL object with `publishX`, `unpublishX`, `archiveX` and
/// `deleteX` for an entity of the simple workflow (`publication::Media`),
/// returning the GraphQL wrapper `$output` of its model.
macro_rules! lifecycle {
    (
        $object:ident, $entity:ty, $output:ident, $noun:literal,
        $publish:ident, $unpublish:ident, $archive:ident, $delete:ident,
        $delete_doc:literal
    ) => {
        #[derive(Default)]
        pub struct $object;

        #[async_graphql::Object]
        impl $object {
            #[doc = concat!("Publishes now, or at `at` (a future time) as a scheduled ", $noun, ".")]
            async fn $publish(
                &self,
                ctx: &async_graphql::Context<'_>,
                id: async_graphql::ID,
                at: Option<chrono::DateTime<chrono::Utc>>,
            ) -> async_graphql::Result<$output> {
                let db = $crate::graphql::context::db(ctx)?;
                let id = $crate::graphql::types::common::parse_id("id", &id)?;
                let viewer = $crate::graphql::context::viewer(ctx);
                Ok($output(
                    $crate::service::publication::publish::<$entity>(db, viewer, id, at).await?,
                ))
            }

            #[doc = concat!("Takes a ", $noun, " off the site, back to draft.")]
            async fn $unpublish(
                &self,
                ctx: &async_graphql::Context<'_>,
                id: async_graphql::ID,
            ) -> async_graphql::Result<$output> {
                let db = $crate::graphql::context::db(ctx)?;
                let id = $crate::graphql::types::common::parse_id("id", &id)?;
                let viewer = $crate::graphql::context::viewer(ctx);
                Ok($output(
                    $crate::service::publication::unpublish::<$entity>(db, viewer, id).await?,
                ))
            }

            #[doc = concat!("Takes a ", $noun, " off the site and keeps it for the record.")]
            async fn $archive(
                &self,
                ctx: &async_graphql::Context<'_>,
                id: async_graphql::ID,
            ) -> async_graphql::Result<$output> {
                let db = $crate::graphql::context::db(ctx)?;
                let id = $crate::graphql::types::common::parse_id("id", &id)?;
                let viewer = $crate::graphql::context::viewer(ctx);
                Ok($output(
                    $crate::service::publication::archive::<$entity>(db, viewer, id).await?,
                ))
            }

            #[doc = $delete_doc]
            async fn $delete(
                &self,
                ctx: &async_graphql::Context<'_>,
                id: async_graphql::ID,
            ) -> async_graphql::Result<async_graphql::ID> {
                let db = $crate::graphql::context::db(ctx)?;
                let parsed = $crate::graphql::types::common::parse_id("id", &id)?;
                let viewer = $crate::graphql::context::viewer(ctx);
                $crate::service::publication::delete::<$entity>(db, viewer, parsed).await?;
                Ok(id)
            }
        }
    };
}
pub(crate) use lifecycle;
