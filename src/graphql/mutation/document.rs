//! Official document mutations: editing and publishing.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::NaiveDate;

use super::{
    input::{maybe, maybe_id},
    lifecycle::lifecycle,
};
use crate::{
    graphql::{
        context,
        types::{
            common::{parse_id, parse_opt_id},
            document::{Document, DocumentFile, DocumentType},
        },
    },
    service::{
        self,
        document::{DocumentChanges, NewDocument},
    },
};

/// A new document; it starts as a draft.
#[derive(InputObject, Debug)]
pub struct CreateDocumentInput {
    /// The number as issued, e.g. `15-NQ/TU` (1-100 characters).
    pub number: String,
    /// The abstract ("trích yếu"), 1-500 characters.
    pub title: String,
    pub document_type: DocumentType,
    /// The issuing body, 1-200 characters.
    pub issuer: String,
    pub signer: Option<String>,
    pub issued_at: NaiveDate,
    /// Not before `issuedAt`.
    pub effective_at: Option<NaiveDate>,
    /// Not before it takes effect.
    pub expires_at: Option<NaiveDate>,
    pub category_id: Option<ID>,
    pub summary: Option<String>,
    /// HTML; cleaned of scripts and unknown tags.
    pub body: Option<String>,
    /// Up to 20 files.
    #[graphql(default)]
    pub files: Vec<DocumentFile>,
    /// Derived from number and title when absent.
    pub slug: Option<String>,
    #[graphql(default)]
    pub featured: bool,
}

/// A partial update: absent fields stay as they are, `null` clears an optional one.
#[derive(InputObject, Debug)]
pub struct UpdateDocumentInput {
    /// The `version` you started editing from; `CONFLICT` if a colleague saved since.
    pub version: i32,
    pub number: Option<String>,
    pub title: Option<String>,
    pub document_type: Option<DocumentType>,
    pub issuer: Option<String>,
    pub signer: MaybeUndefined<String>,
    pub issued_at: Option<NaiveDate>,
    pub effective_at: MaybeUndefined<NaiveDate>,
    pub expires_at: MaybeUndefined<NaiveDate>,
    pub category_id: MaybeUndefined<ID>,
    pub summary: MaybeUndefined<String>,
    pub body: Option<String>,
    /// Replaces all the files.
    pub files: Option<Vec<DocumentFile>>,
    /// Only while the document has never been published.
    pub slug: Option<String>,
    pub featured: Option<bool>,
}

#[derive(Default)]
pub struct DocumentMutation;

#[Object]
impl DocumentMutation {
    /// Creates a draft document (any signed-in role).
    async fn create_document(
        &self,
        ctx: &Context<'_>,
        input: CreateDocumentInput,
    ) -> Result<Document> {
        let db = context::db(ctx)?;
        let new = NewDocument {
            number: input.number,
            title: input.title,
            document_type: input.document_type.into(),
            issuer: input.issuer,
            signer: input.signer,
            issued_on: input.issued_at,
            effective_on: input.effective_at,
            expires_on: input.expires_at,
            category_id: parse_opt_id("categoryId", input.category_id.as_ref())?,
            summary: input.summary,
            body: input.body,
            files: input.files.into_iter().map(Into::into).collect(),
            slug: input.slug,
            featured: input.featured,
        };
        Ok(Document(
            service::document::create(db, context::viewer(ctx), new).await?,
        ))
    }

    /// Changes a document (editors; authors their own drafts).
    async fn update_document(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateDocumentInput,
    ) -> Result<Document> {
        let db = context::db(ctx)?;
        let changes = DocumentChanges {
            expected_version: input.version,
            number: input.number,
            title: input.title,
            document_type: input.document_type.map(Into::into),
            issuer: input.issuer,
            signer: maybe(input.signer, |s| s),
            issued_on: input.issued_at,
            effective_on: maybe(input.effective_at, |d| d),
            expires_on: maybe(input.expires_at, |d| d),
            category_id: maybe_id("categoryId", input.category_id)?,
            summary: maybe(input.summary, |s| s),
            body: input.body,
            files: input.files.map(|f| f.into_iter().map(Into::into).collect()),
            slug: input.slug,
            featured: input.featured,
        };
        let id = parse_id("id", &id)?;
        Ok(Document(
            service::document::update(db, context::viewer(ctx), id, changes).await?,
        ))
    }
}

lifecycle!(
    DocumentLifecycle,
    entity::document::Entity,
    Document,
    "document",
    publish_document,
    unpublish_document,
    archive_document,
    delete_document,
    "Deletes a document for good; returns its id."
);
