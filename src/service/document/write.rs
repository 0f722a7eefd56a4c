//! Creating and editing documents.

use chrono::NaiveDate;
use entity::document::{self, DocumentType};
use sea_orm::{DatabaseConnection, IntoActiveModel, Set};

use super::{DocumentFile, number_key};
use crate::{
    error::{AppError, AppResult},
    service::{
        access::{Action, Viewer},
        publication::{self, ContentKind},
        validate::{check_url, optional, text_field},
    },
    text::{collate, html},
};

/// Most files one document carries.
const MAX_FILES: usize = 20;

/// Fields of a new document; the slug is derived from number and title when
/// absent.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub number: String,
    pub title: String,
    pub document_type: DocumentType,
    pub issuer: String,
    pub signer: Option<String>,
    pub issued_on: NaiveDate,
    pub effective_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub category_id: Option<i64>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub files: Vec<DocumentFile>,
    pub slug: Option<String>,
    pub featured: bool,
}

/// A partial update: `None` leaves a field alone, `Some(None)` clears an
/// optional one. `expected_version` is the version the editor started from.
#[derive(Debug, Clone, Default)]
pub struct DocumentChanges {
    pub expected_version: i32,
    pub number: Option<String>,
    pub title: Option<String>,
    pub document_type: Option<DocumentType>,
    pub issuer: Option<String>,
    pub signer: Option<Option<String>>,
    pub issued_on: Option<NaiveDate>,
    pub effective_on: Option<Option<NaiveDate>>,
    pub expires_on: Option<Option<NaiveDate>>,
    pub category_id: Option<Option<i64>>,
    pub summary: Option<Option<String>>,
    pub body: Option<String>,
    pub files: Option<Vec<DocumentFile>>,
    pub slug: Option<String>,
    pub featured: Option<bool>,
}

/// A number with at least one letter or digit, as issued.
fn check_number(number: &str) -> AppResult<(String, String)> {
    let number = text_field("number", number, 1, 100)?;
    let key = number_key(&number);
    if key.is_empty() {
        return Err(AppError::invalid(
            "number",
            "number must hold letters or digits, e.g. 15-NQ/TU",
        ));
    }
    Ok((number, key))
}

fn check_files(files: Vec<DocumentFile>) -> AppResult<String> {
    if files.len() > MAX_FILES {
        return Err(AppError::invalid(
            "files",
            format!("a document carries at most {MAX_FILES} files"),
        ));
    }
    let files = files
        .into_iter()
        .map(|f| {
            Ok(DocumentFile {
                url: check_url("files", &f.url)?,
                name: text_field("files", &f.name, 1, 200)?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    serde_json::to_string(&files).map_err(AppError::internal)
}

/// An effective date before the issue date, or an expiry before either,
/// is a typing mistake.
fn check_dates(
    issued: NaiveDate,
    effective: Option<NaiveDate>,
    expires: Option<NaiveDate>,
) -> AppResult<()> {
    if effective.is_some_and(|e| e < issued) {
        return Err(AppError::invalid(
            "effectiveAt",
            "a document cannot take effect before it is issued",
        ));
    }
    if expires.is_some_and(|x| x < effective.unwrap_or(issued)) {
        return Err(AppError::invalid(
            "expiresAt",
            "a document cannot expire before it takes effect",
        ));
    }
    Ok(())
}

/// Creates a draft document (any signed-in role).
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewDocument,
) -> AppResult<document::Model> {
    viewer.require(Action::CreateMedia)?;
    let (number, key) = check_number(&input.number)?;
    let title = text_field("title", &input.title, 1, 500)?;
    let issuer = text_field("issuer", &input.issuer, 1, 200)?;
    let signer = optional("signer", input.signer, 200)?;
    check_dates(input.issued_on, input.effective_on, input.expires_on)?;
    let summary = optional("summary", input.summary, 5000)?;
    let body = html::sanitize(input.body.as_deref().unwrap_or_default());
    let files = check_files(input.files)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    publication::check_category(&txn, input.category_id).await?;
    let slug = publication::new_slug::<document::Entity>(
        &txn,
        input.slug,
        &format!("{number} {title}"),
        "van-ban",
    )
    .await?;
    let fields = document::ActiveModel {
        slug: Set(slug),
        number: Set(number),
        number_key: Set(key),
        title_sort: Set(collate::sort_key(&title)),
        title: Set(title),
        document_type: Set(input.document_type),
        issuer: Set(issuer),
        signer: Set(signer),
        issued_on: Set(input.issued_on),
        effective_on: Set(input.effective_on),
        expires_on: Set(input.expires_on),
        category_id: Set(input.category_id),
        summary: Set(summary),
        body: Set(body),
        files: Set(files),
        featured: Set(input.featured),
        ..Default::default()
    };
    let model = publication::insert_draft::<document::Entity>(&txn, viewer, fields).await?;
    publication::after_write(&txn, viewer, ContentKind::Document, model.id, "create").await?;
    txn.commit().await?;
    Ok(model)
}

/// Applies a partial update if `expected_version` is still current.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    changes: DocumentChanges,
) -> AppResult<document::Model> {
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let (current, meta) =
        publication::editable::<document::Entity>(&txn, viewer, id, changes.expected_version)
            .await?;
    let mut m = current.clone().into_active_model();
    if let Some(n) = changes.number {
        let (number, key) = check_number(&n)?;
        m.number = Set(number);
        m.number_key = Set(key);
    }
    if let Some(t) = changes.title {
        let t = text_field("title", &t, 1, 500)?;
        m.title_sort = Set(collate::sort_key(&t));
        m.title = Set(t);
    }
    if let Some(t) = changes.document_type {
        m.document_type = Set(t);
    }
    if let Some(i) = changes.issuer {
        m.issuer = Set(text_field("issuer", &i, 1, 200)?);
    }
    if let Some(s) = changes.signer {
        m.signer = Set(optional("signer", s, 200)?);
    }
    let issued = changes.issued_on.unwrap_or(current.issued_on);
    let effective = changes.effective_on.unwrap_or(current.effective_on);
    let expires = changes.expires_on.unwrap_or(current.expires_on);
    check_dates(issued, effective, expires)?;
    m.issued_on = Set(issued);
    m.effective_on = Set(effective);
    m.expires_on = Set(expires);
    if let Some(s) = changes.summary {
        m.summary = Set(optional("summary", s, 5000)?);
    }
    if let Some(b) = changes.body {
        m.body = Set(html::sanitize(&b));
    }
    if let Some(f) = changes.files {
        m.files = Set(check_files(f)?);
    }
    if let Some(c) = changes.category_id {
        publication::check_category(&txn, c).await?;
        m.category_id = Set(c);
    }
    if let Some(f) = changes.featured {
        m.featured = Set(f);
    }
    if let Some(s) = changes.slug.filter(|s| *s != current.slug) {
        publication::check_slug_change::<document::Entity>(&txn, &meta, &s).await?;
        m.slug = Set(s);
    }
    let saved =
        publication::save_if_current::<document::Entity>(&txn, m, id, changes.expected_version)
            .await?;
    publication::after_write(&txn, viewer, ContentKind::Document, id, "update").await?;
    txn.commit().await?;
    Ok(saved)
}
