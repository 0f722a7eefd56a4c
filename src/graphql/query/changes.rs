//! Delta sync: what readers saw change since a cursor.

use async_graphql::{Context, Object, Result};

use crate::{
    error::AppError,
    graphql::{
        context,
        types::change::{ChangeKind, ChangePage, cursor, position, present},
    },
    service::changelog::{self, Subject},
};

#[derive(Default)]
pub struct ChangesQuery;

#[Object]
impl ChangesQuery {
    /// Public changes after `after` (from the oldest kept when absent),
    /// oldest first: an app keeps `endCursor` and asks again later, and
    /// never misses a change, deletions included. Entries are kept for
    /// `BANTIN_CHANGES_RETENTION_DAYS` (90); an older cursor is refused with
    /// `CURSOR_EXPIRED`: load everything again, then page from the newest.
    #[graphql(complexity = "crate::graphql::rows(first, 100, child_complexity)")]
    async fn changes(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        #[graphql(default = 100)] first: Option<i32>,
        kinds: Option<Vec<ChangeKind>>,
    ) -> Result<ChangePage> {
        let state = context::state(ctx)?;
        let first = first.unwrap_or(100);
        let cap = i32::try_from(state.config.max_per_page).unwrap_or(100);
        if !(1..=cap).contains(&first) {
            return Err(AppError::invalid("first", format!("first is between 1 and {cap}")).into());
        }
        let from = after.as_deref().map(position).transpose()?;
        // Each kind once, however often a client repeats it.
        let subjects: Option<Vec<Subject>> = kinds.map(|k| {
            let mut s: Vec<Subject> = Vec::new();
            for kind in k.into_iter().map(Subject::from) {
                if !s.contains(&kind) {
                    s.push(kind);
                }
            }
            s
        });
        let page = changelog::after(
            &state.db,
            from,
            u64::try_from(first).unwrap_or(100),
            subjects.as_deref(),
        )
        .await?;
        let items = present(&state.db, &page.items, true).await?;
        Ok(ChangePage {
            end_cursor: cursor(page.end),
            has_more: page.has_more,
            items,
        })
    }
}
