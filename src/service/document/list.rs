//! Reading lists of documents: by type, issuer, year, category and text.

use chrono::NaiveDate;
use entity::document::{self, DocumentType};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Select,
};

use super::number_key;
use crate::{
    clock,
    error::AppResult,
    service::{
        access::Viewer,
        pagination::{CursorPage, CursorRequest, Page, PageRequest},
        publication::{self, CommonFilter, ContentKind, Sort},
    },
};

/// What a list of documents may be narrowed to.
#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    pub common: CommonFilter,
    pub document_type: Option<DocumentType>,
    /// The issuing body, exactly as stored.
    pub issuer: Option<String>,
    /// Issued in this calendar year.
    pub year: Option<i32>,
    /// Words of the title or summary (without diacritics is fine), or a
    /// number typed any way.
    pub q: Option<String>,
}

async fn filtered(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &DocumentFilter,
) -> AppResult<Option<(Select<document::Entity>, bool)>> {
    let Some((mut q, unpublished)) =
        publication::filtered::<document::Entity>(db, viewer, &filter.common, clock::now()).await?
    else {
        return Ok(None);
    };
    if let Some(t) = filter.document_type {
        q = q.filter(document::Column::DocumentType.eq(t));
    }
    if let Some(issuer) = &filter.issuer {
        q = q.filter(document::Column::Issuer.eq(issuer.trim()));
    }
    if let Some(year) = filter.year {
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return Ok(None);
        };
        q = q.filter(document::Column::IssuedOn.between(first, last));
    }
    if let Some(text) = filter.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        q = q.filter(text_condition(db, text, unpublished).await?);
    }
    Ok(Some((q, unpublished)))
}

/// A text that is some document's number (typed any way) selects the
/// documents with that number; any other text, those whose number holds it
/// or that the search index finds for it.
async fn text_condition(
    db: &impl ConnectionTrait,
    text: &str,
    include_unpublished: bool,
) -> AppResult<Condition> {
    let mut any = Condition::any();
    let key = number_key(text);
    if key.chars().any(|c| c.is_ascii_digit()) {
        let exact = document::Column::NumberKey.eq(key.as_str());
        if document::Entity::find()
            .filter(exact.clone())
            .one(db)
            .await?
            .is_some()
        {
            return Ok(Condition::all().add(exact));
        }
        any = any.add(document::Column::NumberKey.contains(&key));
    }
    let ids =
        publication::matching_ids(db, ContentKind::Document, text, include_unpublished).await?;
    Ok(any.add(document::Column::Id.is_in(ids)))
}

/// A numbered page of documents with totals.
pub async fn list(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &DocumentFilter,
    sort: Sort,
    page: PageRequest,
) -> AppResult<Page<document::Model>> {
    let q = filtered(db, viewer, filter).await?;
    publication::page(db, q, sort, page).await
}

/// A Relay slice of documents, newest first.
pub async fn connection(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &DocumentFilter,
    request: CursorRequest,
) -> AppResult<CursorPage<document::Model>> {
    let q = filtered(db, viewer, filter).await?;
    publication::connection(db, q, request).await
}

/// The document with this number (typed any way) that this viewer may
/// read; the newest when two offices used the same number.
pub async fn find_by_number(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    number: &str,
) -> AppResult<Option<document::Model>> {
    Ok(document::Entity::find()
        .filter(document::Column::NumberKey.eq(number_key(number)))
        .filter(publication::readable_condition::<document::Entity>(
            viewer,
            clock::now(),
        ))
        .order_by_desc(document::Column::IssuedOn)
        .order_by_desc(document::Column::Id)
        .one(db)
        .await?)
}
