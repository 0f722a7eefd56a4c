//! Small shared types: ids, images, counters, page info.

use async_graphql::{
    ID, InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Value,
};

use crate::error::AppError;

/// Parses a client's `ID` into a row id; a malformed one is `BAD_USER_INPUT`.
pub fn parse_id(field: &'static str, id: &ID) -> Result<i64, AppError> {
    id.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::invalid(field, "not an id from this API"))
}

/// Parses an optional `ID`.
pub fn parse_opt_id(field: &'static str, id: Option<&ID>) -> Result<Option<i64>, AppError> {
    id.map(|i| parse_id(field, i)).transpose()
}

/// A picture with its caption and alternative text; from the media
/// library, with its size, copies and `srcset` too.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Image {
    /// Absolute http(s) URL of the picture.
    pub url: String,
    /// Caption printed under the picture.
    pub caption: Option<String>,
    /// Alternative text for screen readers.
    pub alt: Option<String>,
}

/// A non-negative counter (views, visits). Serialised as a JSON number; unlike
/// `Int` it may exceed 2^31, and stays exact up to 2^53.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count(pub u64);

/// A non-negative whole number of views or visits, written as a JSON number.
/// Unlike `Int` (32-bit) it may exceed 2^31, and it is exact up to 2^53, the
/// largest integer a JavaScript number holds exactly: map it to `number` in
/// TypeScript, `Long` in Kotlin/Java, `Int64` in Swift.
#[Scalar(
    name = "Count",
    specified_by_url = "https://www.rfc-editor.org/rfc/rfc8259#section-6"
)]
impl ScalarType for Count {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::Number(n) => n
                .as_u64()
                .filter(|n| *n < (1 << 53))
                .map(Count)
                .ok_or_else(|| InputValueError::custom("a count is a whole number from 0 to 2^53")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

/// Clamps a u64 into a GraphQL `Int` (totals never come near 2^31 rows).
pub fn int(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// What search engines and link previews read about a page, with the
/// fallbacks filled in (the title, the summary, the cover).
#[derive(async_graphql::SimpleObject, Clone, Debug)]
pub struct Seo {
    pub title: String,
    pub description: Option<String>,
    /// The frontend's address of the item (see `BANTIN_URL_*`).
    pub canonical_url: String,
    pub image: Option<SeoImage>,
}

/// A preview picture.
#[derive(async_graphql::SimpleObject, Clone, Debug)]
pub struct SeoImage {
    pub url: String,
    /// Pixels, when known.
    pub width: Option<i32>,
    pub height: Option<i32>,
}

/// One step of a breadcrumb trail.
#[derive(async_graphql::SimpleObject, Clone, Debug)]
pub struct Breadcrumb {
    pub label: String,
    /// The frontend's address.
    pub url: String,
}

/// The configured frontend addresses, from the request's state.
pub fn links<'a>(ctx: &async_graphql::Context<'a>) -> Result<&'a crate::config::Links, AppError> {
    Ok(&crate::graphql::context::state(ctx)?.config.links)
}

impl Seo {
    /// The SEO of an item of `pattern` with no SEO fields of its own.
    pub fn of(
        links: &crate::config::Links,
        pattern: &str,
        (slug, id): (&str, i64),
        title: &str,
        description: Option<&str>,
        image: Option<SeoImage>,
    ) -> Seo {
        Seo {
            title: title.to_owned(),
            description: description.map(str::to_owned),
            canonical_url: links.url(pattern, slug, id),
            image,
        }
    }
}
