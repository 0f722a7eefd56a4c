//! The audit log as admins read it.

use async_graphql::{ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::{common::parse_opt_id, paging::page_type};
use crate::{error::AppError, service::audit};

/// Narrows the audit log. All given conditions must hold.
#[derive(InputObject, Default, Debug)]
pub struct AuditFilter {
    /// Actions of this user.
    pub user_id: Option<ID>,
    /// One action (`article.publish`), or all of a kind's ending in a dot
    /// (`article.`).
    pub action: Option<String>,
    /// What was acted on: `article`, `video`, `gallery`, `document`,
    /// `page`, `category`, `user`.
    pub target_kind: Option<String>,
    pub target_id: Option<ID>,
    /// At or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Before this instant.
    pub until: Option<DateTime<Utc>>,
}

impl AuditFilter {
    /// The service's filter; malformed ids are `BAD_USER_INPUT`.
    pub fn into_service(self) -> Result<audit::AuditFilter, AppError> {
        Ok(audit::AuditFilter {
            user_id: parse_opt_id("filter.userId", self.user_id.as_ref())?,
            action: self.action,
            target_kind: self.target_kind,
            target_id: parse_opt_id("filter.targetId", self.target_id.as_ref())?,
            since: self.since,
            until: self.until,
        })
    }
}

/// One action of an editor (or of the system), as it was recorded with it.
#[derive(Debug)]
pub struct AuditEntry(pub audit::Entry);

#[Object]
impl AuditEntry {
    async fn id(&self) -> ID {
        ID(self.0.row.id.to_string())
    }

    async fn at(&self) -> DateTime<Utc> {
        self.0.row.at
    }

    /// Who acted; `null` for the command line, imports and failed logins.
    async fn user_id(&self) -> Option<ID> {
        self.0.row.user_id.map(|u| ID(u.to_string()))
    }

    async fn username(&self) -> Option<&str> {
        self.0.username.as_deref()
    }

    /// `article.publish`, `user.update`, `login.failure`...
    async fn action(&self) -> &str {
        &self.0.row.action
    }

    async fn target_kind(&self) -> Option<&str> {
        self.0.row.target_kind.as_deref()
    }

    async fn target_id(&self) -> Option<ID> {
        self.0.row.target_id.map(|t| ID(t.to_string()))
    }

    /// The client's address as the server saw it.
    async fn client(&self) -> Option<&str> {
        self.0.row.client.as_deref()
    }

    /// A few facts as a JSON text: fields changed, the username tried...
    async fn detail(&self) -> Option<&str> {
        self.0.row.detail.as_deref()
    }
}

page_type!(
    AuditEntryPage,
    AuditEntry,
    "A numbered page of the audit log, newest first."
);
