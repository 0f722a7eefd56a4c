//! `SearchNode`: any piece of content a reader can open.

use std::collections::HashMap;

use async_graphql::Union;
use sea_orm::DatabaseConnection;

use super::{article::Article, gallery::Gallery, video::Video};
use crate::{
    error::AppResult,
    service::{self, publication::ContentKind},
};

/// An article, a video or a photo album.
#[derive(Union, Clone, Debug)]
pub enum SearchNode {
    Article(Article),
    Video(Video),
    Gallery(Gallery),
}

/// The public items behind (kind, id) pairs, with one statement per kind.
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
    let articles = ids(ContentKind::Article);
    if !articles.is_empty() {
        for a in service::article::by_ids(db, &articles).await? {
            out.insert(
                (ContentKind::Article, a.id),
                SearchNode::Article(Article(a)),
            );
        }
    }
    let videos = ids(ContentKind::Video);
    if !videos.is_empty() {
        for (id, v) in
            service::publication::by_ids::<entity::video::Entity>(db, &videos, true).await?
        {
            out.insert((ContentKind::Video, id), SearchNode::Video(Video(v)));
        }
    }
    let galleries = ids(ContentKind::Gallery);
    if !galleries.is_empty() {
        for (id, g) in
            service::publication::by_ids::<entity::gallery::Entity>(db, &galleries, true).await?
        {
            out.insert((ContentKind::Gallery, id), SearchNode::Gallery(Gallery(g)));
        }
    }
    Ok(out)
}
