//! The `Document` type (official documents, "văn bản"), its lists and filter.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use entity::document::{self, DocumentType as Stored};

use super::{
    category::Category,
    common::{self, Count, Seo},
    media::PublicationStatus,
    paging::{connection_type, page_type},
    video::{by_author_and_text, common_filter},
};
use crate::{
    clock,
    error::AppError,
    graphql::loader::Loaders,
    service::{
        self,
        document::{DocumentFile as File, DocumentFilter as Filter},
        publication::Status,
    },
};

/// What kind of official document it is.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum DocumentType {
    /// Nghị quyết.
    Resolution,
    /// Quyết định.
    Decision,
    /// Chỉ thị.
    Directive,
    /// Kế hoạch.
    Plan,
    /// Thông báo.
    Notice,
    /// Công văn.
    OfficialLetter,
    /// Báo cáo.
    Report,
    /// Anything else: programmes, regulations, guides.
    Other,
}

impl From<Stored> for DocumentType {
    fn from(t: Stored) -> Self {
        match t {
            Stored::Resolution => Self::Resolution,
            Stored::Decision => Self::Decision,
            Stored::Directive => Self::Directive,
            Stored::Plan => Self::Plan,
            Stored::Notice => Self::Notice,
            Stored::OfficialLetter => Self::OfficialLetter,
            Stored::Report => Self::Report,
            Stored::Other => Self::Other,
        }
    }
}

impl From<DocumentType> for Stored {
    fn from(t: DocumentType) -> Self {
        match t {
            DocumentType::Resolution => Self::Resolution,
            DocumentType::Decision => Self::Decision,
            DocumentType::Directive => Self::Directive,
            DocumentType::Plan => Self::Plan,
            DocumentType::Notice => Self::Notice,
            DocumentType::OfficialLetter => Self::OfficialLetter,
            DocumentType::Report => Self::Report,
            DocumentType::Other => Self::Other,
        }
    }
}

/// A file attached to a document: the signed PDF, an annex.
#[derive(SimpleObject, InputObject, Clone, Debug)]
#[graphql(input_name = "DocumentFileInput")]
pub struct DocumentFile {
    /// Absolute http(s) URL.
    pub url: String,
    /// The name to show and download as, e.g. `15-NQ-TU.pdf`.
    pub name: String,
}

impl From<DocumentFile> for File {
    fn from(f: DocumentFile) -> Self {
        File {
            url: f.url,
            name: f.name,
        }
    }
}

/// Narrows a list of documents. All given conditions must hold.
#[derive(InputObject, Default, Debug)]
pub struct DocumentFilter {
    pub document_type: Option<DocumentType>,
    /// The issuing body, exactly as written on the documents.
    pub issuer: Option<String>,
    /// Issued in this calendar year.
    pub year: Option<i32>,
    /// Only this category (by id)...
    pub category_id: Option<ID>,
    /// ...or by slug.
    pub category_slug: Option<String>,
    /// With a category: include its sub-categories too.
    #[graphql(default_with = "Some(true)")]
    pub include_subcategories: Option<bool>,
    /// Words of the title or summary (diacritics optional), or a number
    /// typed any way: `15/NQ-TU`, `15-nq/tu` and `15 NQ TU` are one number.
    pub q: Option<String>,
    /// Only featured (or only non-featured) documents.
    pub featured: Option<bool>,
    /// Published at or after this instant.
    pub published_after: Option<DateTime<Utc>>,
    /// Published before this instant.
    pub published_before: Option<DateTime<Utc>>,
    /// Last changed (edited or published) at or after this instant, to
    /// fetch only what changed since an earlier sync (items taken down are
    /// not listed, so they do not show here).
    pub updated_after: Option<DateTime<Utc>>,
    /// Editors only: show these statuses instead of what the public sees.
    pub status: Option<Vec<PublicationStatus>>,
    /// Only documents this account created (`User.id`).
    pub author_id: Option<ID>,
}

impl DocumentFilter {
    /// The service's filter; malformed ids are `BAD_USER_INPUT`.
    pub fn into_service(self) -> Result<Filter, AppError> {
        if self.year.is_some_and(|y| !(1900..=9999).contains(&y)) {
            return Err(AppError::invalid(
                "filter.year",
                "year must be between 1900 and 9999",
            ));
        }
        let common = common_filter(
            self.category_id.as_ref(),
            self.category_slug,
            self.include_subcategories,
            self.featured,
            self.published_after,
            self.published_before,
            self.status,
        )?;
        let common = crate::service::publication::CommonFilter {
            updated_after: self.updated_after,
            ..common
        };
        Ok(Filter {
            // `q` is the document's own: numbers as well as words.
            common: by_author_and_text(common, self.author_id.as_ref(), None)?,
            document_type: self.document_type.map(Into::into),
            issuer: self.issuer,
            year: self.year,
            q: self.q,
        })
    }
}

/// An official document ("văn bản"): a resolution, decision, notice... with
/// its number, issuing body, dates and files.
#[derive(Clone, Debug)]
pub struct Document(pub document::Model);

#[Object]
impl Document {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe name, unique among documents; fixed once published.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// The number as issued ("số hiệu"), e.g. `15-NQ/TU`.
    async fn number(&self) -> &str {
        &self.0.number
    }

    /// The abstract ("trích yếu").
    async fn title(&self) -> &str {
        &self.0.title
    }

    async fn document_type(&self) -> DocumentType {
        self.0.document_type.into()
    }

    /// The issuing body ("cơ quan ban hành").
    async fn issuer(&self) -> &str {
        &self.0.issuer
    }

    /// Who signed it.
    async fn signer(&self) -> Option<&str> {
        self.0.signer.as_deref()
    }

    /// The date of issue.
    async fn issued_at(&self) -> NaiveDate {
        self.0.issued_on
    }

    /// When it takes effect, if it says.
    async fn effective_at(&self) -> Option<NaiveDate> {
        self.0.effective_on
    }

    /// When it stops applying, if it says.
    async fn expires_at(&self) -> Option<NaiveDate> {
        self.0.expires_on
    }

    /// Whether it applies today in the site's time zone: in effect (or
    /// with no effective date) and not expired.
    async fn in_force(&self, ctx: &Context<'_>) -> Result<bool> {
        let state = crate::graphql::context::state(ctx)?;
        let today = clock::now()
            .with_timezone(&state.config.timezone)
            .date_naive();
        let d = &self.0;
        Ok(d.effective_on.unwrap_or(d.issued_on) <= today
            && d.expires_on.is_none_or(|x| x >= today))
    }

    /// The section it is filed under, if any.
    async fn category(&self, ctx: &Context<'_>) -> Result<Option<Category>> {
        match self.0.category_id {
            Some(id) => Ok(Loaders::category(ctx, id).await?.map(Category)),
            None => Ok(None),
        }
    }

    /// A few sentences about it (plain text).
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }

    /// The text, as sanitised HTML (often empty: the PDF is the document).
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// The attached files, in order.
    async fn files(&self) -> Vec<DocumentFile> {
        service::document::files(&self.0)
            .into_iter()
            .map(|f| DocumentFile {
                url: f.url,
                name: f.name,
            })
            .collect()
    }

    async fn status(&self) -> PublicationStatus {
        Status::of(self.0.status, self.0.published_at, clock::now()).into()
    }

    /// When it went (or goes) live on the site; `null` for drafts.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// Shown among the home page's highlights.
    async fn featured(&self) -> bool {
        self.0.featured
    }

    async fn view_count(&self) -> Count {
        Count(u64::try_from(self.0.view_count).unwrap_or(0))
    }

    /// Title, description and canonical address for search engines.
    async fn seo(&self, ctx: &Context<'_>) -> Result<Seo> {
        let links = common::links(ctx)?;
        let d = &self.0;
        let title = format!("{} {}", d.number, d.title);
        Ok(Seo::of(
            links,
            &links.document,
            (&d.slug, d.id),
            &title,
            d.summary.as_deref(),
            None,
        ))
    }

    /// Concurrency token: send it back with `updateDocument` so a
    /// colleague's newer edit is never overwritten.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

page_type!(DocumentPage, Document, "A numbered page of documents.");

connection_type!(
    DocumentConnection,
    DocumentEdge,
    Document,
    document::Model,
    "A Relay connection of documents, newest first."
);
