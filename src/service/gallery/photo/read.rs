//! Reading photos for many galleries at once: counts, pages and covers,
//! one statement per request shape whatever the number of galleries.

use std::collections::HashMap;

use entity::photo;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use crate::{error::AppResult, service::pagination::PageRequest};

/// Photo counts per gallery.
pub async fn photo_counts(
    db: &impl ConnectionTrait,
    gallery_ids: &[i64],
) -> AppResult<HashMap<i64, u64>> {
    let rows: Vec<(i64, i64)> = photo::Entity::find()
        .filter(photo::Column::GalleryId.is_in(gallery_ids.iter().copied()))
        .select_only()
        .column(photo::Column::GalleryId)
        .column_as(Expr::col(photo::Column::Id).count(), "n")
        .group_by(photo::Column::GalleryId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(g, n)| (g, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// One page of photos for each of many galleries, by position (dense, so
/// page `p` is positions `offset..offset + perPage`): one statement per
/// distinct page request, whatever the number of galleries.
pub async fn photo_pages(
    db: &impl ConnectionTrait,
    keys: &[(i64, PageRequest)],
) -> AppResult<HashMap<(i64, PageRequest), Vec<photo::Model>>> {
    let mut by_page: HashMap<PageRequest, Vec<i64>> = HashMap::new();
    for (g, p) in keys {
        by_page.entry(*p).or_default().push(*g);
    }
    let mut out: HashMap<(i64, PageRequest), Vec<photo::Model>> =
        keys.iter().map(|k| (*k, Vec::new())).collect();
    for (page, galleries) in by_page {
        let from = i64::try_from(page.offset()).unwrap_or(i64::MAX);
        let to = from.saturating_add(i64::try_from(page.per_page).unwrap_or(i64::MAX));
        let rows = photo::Entity::find()
            .filter(photo::Column::GalleryId.is_in(galleries))
            .filter(photo::Column::Position.gte(from))
            .filter(photo::Column::Position.lt(to))
            .order_by_asc(photo::Column::GalleryId)
            .order_by_asc(photo::Column::Position)
            .all(db)
            .await?;
        for r in rows {
            out.entry((r.gallery_id, page)).or_default().push(r);
        }
    }
    Ok(out)
}

/// The cover of each gallery: its chosen photo, else its first one. Keys are
/// (gallery id, chosen cover id).
pub async fn covers(
    db: &impl ConnectionTrait,
    keys: &[(i64, Option<i64>)],
) -> AppResult<HashMap<(i64, Option<i64>), photo::Model>> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let chosen: Vec<i64> = keys.iter().filter_map(|k| k.1).collect();
    let rows = photo::Entity::find()
        .filter(photo::Column::GalleryId.is_in(keys.iter().map(|k| k.0)))
        .filter(
            Condition::any()
                .add(photo::Column::Position.eq(0))
                .add(photo::Column::Id.is_in(chosen)),
        )
        .all(db)
        .await?;
    Ok(keys
        .iter()
        .filter_map(|&(g, cover)| {
            let pick = cover
                .and_then(|c| rows.iter().find(|r| r.id == c && r.gallery_id == g))
                .or_else(|| rows.iter().find(|r| r.gallery_id == g && r.position == 0));
            pick.map(|p| ((g, cover), p.clone()))
        })
        .collect())
}
