//! `SearchNode`: any piece of content a reader can open.

use std::collections::HashMap;

use async_graphql::Union;
use sea_orm::DatabaseConnection;

use super::{article::Article, document::Document, gallery::Gallery, page::Page, video::Video};
use crate::{
    error::AppResult,
    service::{
        self,
        publication::{ContentKind, Publishable},
    },
};

/// An article, a video, a photo album, an official document or a page.
#[derive(Union, Clone, Debug)]
pub enum SearchNode {
    Article(Article),
    Video(Video),
    Gallery(Gallery),
    Document(Document),
    Page(Page),
}

/// The public items behind (kind, id) pairs, with one statement per kind;
/// those readers cannot see now are left out.
pub async fn load_nodes(
    db: &DatabaseConnection,
    keys: &[(ContentKind, i64)],
) -> AppResult<HashMap<(ContentKind, i64), SearchNode>> {
    let ids = |kind: ContentKind| -> Vec<i64> {
        keys.iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| *id)
            .collect()
    };
    let mut out = HashMap::new();
    load::<entity::article::Entity>(db, &ids, &mut out, |m| SearchNode::Article(Article(m)))
        .await?;
    load::<entity::video::Entity>(db, &ids, &mut out, |m| SearchNode::Video(Video(m))).await?;
    load::<entity::gallery::Entity>(db, &ids, &mut out, |m| SearchNode::Gallery(Gallery(m)))
        .await?;
    load::<entity::document::Entity>(db, &ids, &mut out, |m| SearchNode::Document(Document(m)))
        .await?;
    load::<entity::page::Entity>(db, &ids, &mut out, |m| SearchNode::Page(Page(m))).await?;
    Ok(out)
}

/// The public items of `E` among the keys, in one statement.
async fn load<E: Publishable>(
    db: &DatabaseConnection,
    ids: &impl Fn(ContentKind) -> Vec<i64>,
    out: &mut HashMap<(ContentKind, i64), SearchNode>,
    node: impl Fn(E::Model) -> SearchNode,
) -> AppResult<()> {
    let ids = ids(E::KIND);
    if !ids.is_empty() {
        for (id, m) in service::publication::by_ids::<E>(db, &ids, true).await? {
            out.insert((E::KIND, id), node(m));
        }
    }
    Ok(())
}
