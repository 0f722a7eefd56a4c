//! Reading lists of videos: filters, sorts, numbered pages, cursors, tags.

use std::collections::HashMap;

use entity::{video, video_tag};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Select,
    sea_query::{Expr, ExprTrait, Query},
};

use super::Provider;
use crate::{
    clock,
    error::AppResult,
    service::{
        access::Viewer,
        pagination::{CursorPage, CursorRequest, Page, PageRequest},
        publication::{self, CommonFilter, Sort},
    },
    text::slug::slugify,
};

/// What a list of videos may be narrowed to.
#[derive(Debug, Clone, Default)]
pub struct VideoFilter {
    pub common: CommonFilter,
    /// A tag by name or slug.
    pub tag: Option<String>,
    pub provider: Option<Provider>,
}

async fn filtered(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &VideoFilter,
) -> AppResult<Option<(Select<video::Entity>, bool)>> {
    let Some((mut q, unpublished)) =
        publication::filtered::<video::Entity>(db, viewer, &filter.common, clock::now()).await?
    else {
        return Ok(None);
    };
    if let Some(tag) = &filter.tag {
        let sub = Query::select()
            .column(video_tag::Column::VideoId)
            .from(video_tag::Entity)
            .and_where(Expr::col(video_tag::Column::TagSlug).eq(slugify(tag)))
            .to_owned();
        q = q.filter(video::Column::Id.in_subquery(sub));
    }
    if let Some(p) = filter.provider {
        q = q.filter(video::Column::Provider.eq(p.as_str()));
    }
    Ok(Some((q, unpublished)))
}

/// A numbered page of videos with totals.
pub async fn list(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &VideoFilter,
    sort: Sort,
    page: PageRequest,
) -> AppResult<Page<video::Model>> {
    let q = filtered(db, viewer, filter).await?;
    publication::page(db, q, sort, page).await
}

/// A Relay slice of videos, newest first.
pub async fn connection(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &VideoFilter,
    request: CursorRequest,
) -> AppResult<CursorPage<video::Model>> {
    let q = filtered(db, viewer, filter).await?;
    publication::connection(db, q, request).await
}

/// Tag names per video, in the editor's order.
pub async fn tags_for(
    db: &DatabaseConnection,
    ids: &[i64],
) -> AppResult<HashMap<i64, Vec<String>>> {
    let rows = video_tag::Entity::find()
        .filter(video_tag::Column::VideoId.is_in(ids.iter().copied()))
        .order_by_asc(video_tag::Column::VideoId)
        .order_by_asc(video_tag::Column::Position)
        .all(db)
        .await?;
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for r in rows {
        map.entry(r.video_id).or_default().push(r.tag);
    }
    Ok(map)
}
