//! Refuses mutations on requests marked read-only (those that came by GET),
//! after persisted queries have been resolved to their text: a link, an
//! image tag or a cached URL can never write.

use std::sync::Arc;

use async_graphql::{
    ServerError, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::{ExecutableDocument, OperationType},
};

/// Request data that marks a request as read-only.
#[derive(Debug, Clone, Copy)]
pub struct ReadOnlyRequest;

/// The extension factory to register on the schema.
pub struct ReadOnlyGuard;

impl ExtensionFactory for ReadOnlyGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ReadOnlyGuardExtension)
    }
}

struct ReadOnlyGuardExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for ReadOnlyGuardExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        let writes = doc
            .operations
            .iter()
            .any(|(_, op)| op.node.ty != OperationType::Query);
        if writes && ctx.data_opt::<ReadOnlyRequest>().is_some() {
            let mut e = ServerError::new("mutations must be sent with POST", None);
            let mut ext = async_graphql::ErrorExtensionValues::default();
            ext.set("code", "BAD_USER_INPUT");
            e.extensions = Some(ext);
            return Err(e);
        }
        Ok(doc)
    }
}
