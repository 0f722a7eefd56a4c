//! The audit log query (admins).

use async_graphql::{Context, Object, Result};

use crate::{
    graphql::{
        context,
        types::audit::{AuditEntry, AuditEntryPage, AuditFilter},
    },
    service,
};

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Who did what to which item, when and from which client, newest
    /// first (admins only): content changes, publishing, deletions, logins
    /// (failed ones too), account and role changes, counter settings.
    #[graphql(complexity = "crate::graphql::rows(per_page, 50, child_complexity)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilter>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 50)] per_page: Option<i32>,
    ) -> Result<AuditEntryPage> {
        let db = context::db(ctx)?;
        let page = context::page_request(ctx, page, per_page)?;
        let filter = filter.unwrap_or_default().into_service()?;
        let result = service::audit::list(db, context::viewer(ctx), &filter, page).await?;
        Ok(AuditEntryPage::of(result, AuditEntry))
    }
}
