//! Videos and galleries embedded in articles ("related media"), in the
//! editor's order. Readers only ever see the published, due ones.

use std::collections::{HashMap, HashSet};

use entity::{article, article_media, gallery, video};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, sea_query::Expr,
};

use super::{
    access::{Action, Viewer},
    audit,
    publication::{self, ContentKind, Media},
};
use crate::error::{AppError, AppResult};

/// Loads an article and checks the viewer may edit it.
async fn editable_article(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i64,
) -> AppResult<article::Model> {
    viewer.principal()?;
    let a = article::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("article"))?;
    let own = match viewer.user_id() {
        Some(u) => a.created_by == Some(u),
        None => matches!(viewer, Viewer::System),
    };
    viewer.require(Action::EditArticle {
        own,
        draft: a.status == publication::Stored::Draft,
    })?;
    Ok(a)
}

/// Checks that every id names an existing item of `E`; `field` is the
/// input field the ids came in.
async fn check_exist<E: Media>(
    db: &impl ConnectionTrait,
    field: &'static str,
    ids: &[i64],
) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let found = publication::by_ids::<E>(db, ids, false).await?;
    if let Some(missing) = ids.iter().find(|id| !found.contains_key(id)) {
        return Err(AppError::invalid(
            field,
            format!("no {} has the id {missing}", E::NAME),
        ));
    }
    Ok(())
}

/// Adds `ids` of `E` after the article's present ones of that kind.
async fn append<E: Media>(
    txn: &impl ConnectionTrait,
    article_id: i64,
    field: &'static str,
    ids: &[i64],
) -> AppResult<()> {
    check_exist::<E>(txn, field, ids).await?;
    let present: Vec<(i64, i32)> = article_media::Entity::find()
        .filter(article_media::Column::ArticleId.eq(article_id))
        .filter(article_media::Column::Kind.eq(E::NAME))
        .select_only()
        .column(article_media::Column::MediaId)
        .column(article_media::Column::Position)
        .into_tuple()
        .all(txn)
        .await?;
    let mut seen: HashSet<i64> = present.iter().map(|p| p.0).collect();
    let next = present.iter().map(|p| p.1 + 1).max().unwrap_or(0);
    let new: Vec<i64> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
    if new.is_empty() {
        return Ok(());
    }
    let rows = new
        .into_iter()
        .zip(next..)
        .map(|(media_id, position)| article_media::ActiveModel {
            article_id: Set(article_id),
            kind: Set(E::NAME.to_owned()),
            media_id: Set(media_id),
            position: Set(position),
        });
    article_media::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// Embeds videos and galleries in an article, after those it already has
/// (ids already attached are left where they are). All or nothing.
pub async fn attach(
    db: &DatabaseConnection,
    viewer: &Viewer,
    article_id: i64,
    video_ids: &[i64],
    gallery_ids: &[i64],
) -> AppResult<article::Model> {
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let a = editable_article(&txn, viewer, article_id).await?;
    append::<video::Entity>(&txn, article_id, "videoIds", video_ids).await?;
    append::<gallery::Entity>(&txn, article_id, "galleryIds", gallery_ids).await?;
    audit::record(
        &txn,
        viewer,
        "article.media.attach",
        Some(audit::Target::new("article", article_id)),
        Some(serde_json::json!({ "videoIds": video_ids, "galleryIds": gallery_ids })),
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}

/// Takes videos and galleries out of an article (ids not attached are
/// ignored).
pub async fn detach(
    db: &DatabaseConnection,
    viewer: &Viewer,
    article_id: i64,
    video_ids: &[i64],
    gallery_ids: &[i64],
) -> AppResult<article::Model> {
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let a = editable_article(&txn, viewer, article_id).await?;
    for (kind, ids) in [
        (ContentKind::Video, video_ids),
        (ContentKind::Gallery, gallery_ids),
    ] {
        if ids.is_empty() {
            continue;
        }
        article_media::Entity::delete_many()
            .filter(article_media::Column::ArticleId.eq(article_id))
            .filter(article_media::Column::Kind.eq(kind.as_str()))
            .filter(article_media::Column::MediaId.is_in(ids.iter().copied()))
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        viewer,
        "article.media.detach",
        Some(audit::Target::new("article", article_id)),
        Some(serde_json::json!({ "videoIds": video_ids, "galleryIds": gallery_ids })),
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}

/// The media ids of many articles, in order, per article.
async fn links(
    db: &impl ConnectionTrait,
    kind: ContentKind,
    article_ids: &[i64],
) -> AppResult<Vec<(i64, i64)>> {
    Ok(article_media::Entity::find()
        .filter(article_media::Column::ArticleId.is_in(article_ids.iter().copied()))
        .filter(article_media::Column::Kind.eq(kind.as_str()))
        .select_only()
        .column(article_media::Column::ArticleId)
        .column(article_media::Column::MediaId)
        .order_by_asc(article_media::Column::ArticleId)
        .order_by_asc(article_media::Column::Position)
        .order_by(
            Expr::col(article_media::Column::MediaId),
            sea_orm::Order::Asc,
        )
        .into_tuple()
        .all(db)
        .await?)
}

/// The media of many articles; with `public_only`, unpublished ones are
/// left out. Two statements whatever the number of articles.
async fn media_for<E: Media>(
    db: &impl ConnectionTrait,
    article_ids: &[i64],
    public_only: bool,
) -> AppResult<HashMap<i64, Vec<E::Model>>>
where
    E::Model: Clone,
{
    let links = links(db, E::KIND, article_ids).await?;
    let ids: Vec<i64> = links.iter().map(|l| l.1).collect();
    let media = publication::by_ids::<E>(db, &ids, public_only).await?;
    let mut out: HashMap<i64, Vec<E::Model>> = HashMap::new();
    for (article_id, media_id) in links {
        if let Some(m) = media.get(&media_id) {
            out.entry(article_id).or_default().push(m.clone());
        }
    }
    Ok(out)
}

/// The videos of many articles.
pub async fn videos_for(
    db: &impl ConnectionTrait,
    article_ids: &[i64],
    public_only: bool,
) -> AppResult<HashMap<i64, Vec<video::Model>>> {
    media_for::<video::Entity>(db, article_ids, public_only).await
}

/// The galleries of many articles.
pub async fn galleries_for(
    db: &impl ConnectionTrait,
    article_ids: &[i64],
    public_only: bool,
) -> AppResult<HashMap<i64, Vec<gallery::Model>>> {
    media_for::<gallery::Entity>(db, article_ids, public_only).await
}
