//! Delta sync: what readers saw change since a cursor.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    error::AppError,
    graphql::{
        context,
        loader::Loaders,
        types::{
            category::Category,
            change::{Change, ChangeKind, ChangePage, ChangedNode, cursor, position},
            node::{SearchNode, load_nodes},
        },
    },
    service::{
        changelog::{self, Op, Subject},
        publication::ContentKind,
    },
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
        // The items as readers see them now, a statement per kind.
        let upserts = page.items.iter().filter(|c| c.op == Op::Upsert);
        let keys: Vec<(ContentKind, i64)> = upserts
            .clone()
            .filter_map(|c| match c.subject {
                Subject::Content(k) => Some((k, c.item_id)),
                Subject::Category => None,
            })
            .collect();
        let nodes = load_nodes(&state.db, &keys).await?;
        let categories = if upserts.clone().any(|c| c.subject == Subject::Category) {
            Some(Loaders::all_categories(ctx).await?)
        } else {
            None
        };
        let items: Vec<Change> = page
            .items
            .iter()
            .map(|c| {
                let node = match (c.op, c.subject) {
                    (Op::Delete, _) => None,
                    (Op::Upsert, Subject::Content(k)) => {
                        nodes.get(&(k, c.item_id)).cloned().map(|n| match n {
                            SearchNode::Article(a) => ChangedNode::Article(a),
                            SearchNode::Video(v) => ChangedNode::Video(v),
                            SearchNode::Gallery(g) => ChangedNode::Gallery(g),
                            SearchNode::Document(d) => ChangedNode::Document(d),
                            SearchNode::Page(p) => ChangedNode::Page(p),
                        })
                    }
                    (Op::Upsert, Subject::Category) => categories
                        .as_ref()
                        .and_then(|all| all.iter().find(|m| m.id == c.item_id))
                        .map(|m| ChangedNode::Category(Category(m.clone()))),
                };
                Change {
                    cursor: cursor(c.position),
                    kind: c.subject.into(),
                    id: ID(c.item_id.to_string()),
                    slug: c.slug.clone(),
                    op: c.op.into(),
                    at: c.at,
                    node,
                }
            })
            .collect();
        Ok(ChangePage {
            end_cursor: cursor(page.end),
            has_more: page.has_more,
            items,
        })
    }
}
