//! Numbered pages and Relay cursors.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};

use crate::error::{AppError, AppResult};

/// The largest `perPage` (and `first`/`last`) a list accepts.
pub const MAX_PER_PAGE: u64 = 100;

/// The deepest item a numbered page may start at. Past it, OFFSET makes the
/// database walk and drop every row before the page (seconds of CPU at
/// 100,000 articles, whatever the order); connections (`first`/`after`) go
/// on from a cursor with an index instead.
pub const MAX_OFFSET: u64 = 20_000;

/// A validated page request (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
    /// Whether the caller shows totals; without, lists skip the count.
    pub with_total: bool,
}

impl PageRequest {
    /// Validates `page >= 1` and `1 <= per_page <= max`; out of range is an
    /// error, never silently clamped, so a client learns its mistake.
    pub fn new(page: i32, per_page: i32, max: u64) -> AppResult<Self> {
        let page = u64::try_from(page)
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| AppError::invalid("page", "page must be 1 or more"))?;
        let per_page = u64::try_from(per_page)
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                AppError::invalid("perPage", format!("perPage must be between 1 and {max}"))
            })?;
        if (page - 1).saturating_mul(per_page) > MAX_OFFSET {
            return Err(AppError::invalid(
                "page",
                format!(
                    "numbered pages reach the first {MAX_OFFSET} items; go further with the connection (first/after)"
                ),
            ));
        }
        Ok(PageRequest {
            page,
            per_page,
            with_total: true,
        })
    }

    /// The same page, counting totals only when `with_total`.
    #[must_use]
    pub fn counting(self, with_total: bool) -> Self {
        PageRequest { with_total, ..self }
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

impl PageRequest {
    /// This page of an ordered query, with the total when it was asked for.
    ///
    /// # Errors
    /// The database fails.
    pub async fn fetch<E>(
        self,
        db: &sea_orm::DatabaseConnection,
        ordered: sea_orm::Select<E>,
    ) -> AppResult<Page<E::Model>>
    where
        E: sea_orm::EntityTrait,
        E::Model: Sync,
    {
        use sea_orm::{PaginatorTrait, QuerySelect};
        let total = if self.with_total {
            ordered.clone().count(db).await?
        } else {
            0
        };
        let items = ordered
            .offset(self.offset())
            .limit(self.per_page)
            .all(db)
            .await?;
        Ok(Page {
            items,
            total,
            page: self.page,
            per_page: self.per_page,
        })
    }
}

/// One page of results with its totals.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    pub fn total_pages(&self) -> u64 {
        self.total.div_ceil(self.per_page)
    }
}

/// A position in a list ordered by (time, id), opaque to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.at.timestamp(), self.id))
    }

    pub fn decode(field: &'static str, s: &str) -> AppResult<Self> {
        let bad = || AppError::invalid(field, "not a cursor from this API");
        let raw = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?;
        let text = String::from_utf8(raw).map_err(|_| bad())?;
        let (at, id) = text.split_once(':').ok_or_else(bad)?;
        let at = at
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .ok_or_else(bad)?;
        let id = id.parse().map_err(|_| bad())?;
        Ok(Cursor { at, id })
    }
}

/// A validated Relay request: exactly one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorRequest {
    /// `first` items after `after` (newest first).
    Forward { first: u64, after: Option<Cursor> },
    /// `last` items before `before`.
    Backward { last: u64, before: Option<Cursor> },
}

impl CursorRequest {
    pub fn new(
        first: Option<i32>,
        after: Option<&str>,
        last: Option<i32>,
        before: Option<&str>,
        max: u64,
    ) -> AppResult<Self> {
        let count = |field: &'static str, n: i32| {
            u64::try_from(n)
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    AppError::invalid(field, format!("{field} must be between 1 and {max}"))
                })
        };
        let after = after.map(|c| Cursor::decode("after", c)).transpose()?;
        let before = before.map(|c| Cursor::decode("before", c)).transpose()?;
        match (first, last) {
            (Some(_), Some(_)) => Err(AppError::invalid(
                "last",
                "give either first (with after) or last (with before), not both",
            )),
            (None, Some(n)) => {
                if after.is_some() {
                    return Err(AppError::invalid("after", "use before with last"));
                }
                Ok(CursorRequest::Backward {
                    last: count("last", n)?,
                    before,
                })
            }
            (first, None) => {
                if before.is_some() {
                    return Err(AppError::invalid("before", "use after with first"));
                }
                Ok(CursorRequest::Forward {
                    first: count("first", first.unwrap_or(20))?,
                    after,
                })
            }
        }
    }
}

/// A slice of a cursor-paginated list.
#[derive(Debug, Clone)]
pub struct CursorPage<T> {
    pub items: Vec<(Cursor, T)>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub total: u64,
}

impl<T: Clone> CursorPage<T> {
    /// The items without their cursors.
    pub fn models(&self) -> Vec<T> {
        self.items.iter().map(|(_, m)| m.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_bounds_are_errors_not_clamps() {
        assert!(PageRequest::new(0, 10, 100).is_err());
        assert!(PageRequest::new(1, 101, 100).is_err());
        assert!(PageRequest::new(1, 0, 100).is_err());
        assert_eq!(
            PageRequest::new(3, 10, 100).map(|p| p.offset()).ok(),
            Some(20)
        );
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = Cursor {
            at: DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
            id: 42,
        };
        assert_eq!(Cursor::decode("after", &c.encode()).ok(), Some(c));
        assert!(Cursor::decode("after", "not-a-cursor!").is_err());
        assert!(Cursor::decode("after", &URL_SAFE_NO_PAD.encode("x:y")).is_err());
    }
}
