//! What videos and galleries share in the schema: status, sorts, pages.

use async_graphql::Enum;

use crate::service::publication::{Sort, Status};

/// Where a video or gallery is in the editorial workflow.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum PublicationStatus {
    /// Being prepared; only editors see it.
    Draft,
    /// Published with a time still in the future; goes live by itself then.
    Scheduled,
    /// Live on the site.
    Published,
    /// Taken off the site, kept for the record.
    Archived,
}

impl From<Status> for PublicationStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Draft => Self::Draft,
            Status::Scheduled => Self::Scheduled,
            Status::Published => Self::Published,
            Status::Archived => Self::Archived,
        }
    }
}

impl From<PublicationStatus> for Status {
    fn from(s: PublicationStatus) -> Self {
        match s {
            PublicationStatus::Draft => Self::Draft,
            PublicationStatus::Scheduled => Self::Scheduled,
            PublicationStatus::Published => Self::Published,
            PublicationStatus::Archived => Self::Archived,
        }
    }
}

/// Orders of video and gallery lists.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum MediaSort {
    /// Newest publication first.
    #[default]
    Newest,
    /// Oldest publication first.
    Oldest,
    /// Most viewed first, newest among equals.
    MostViewed,
    /// A to Z in Vietnamese alphabetical order.
    Title,
}

impl From<MediaSort> for Sort {
    fn from(s: MediaSort) -> Self {
        match s {
            MediaSort::Newest => Self::Newest,
            MediaSort::Oldest => Self::Oldest,
            MediaSort::MostViewed => Self::MostViewed,
            MediaSort::Title => Self::Title,
        }
    }
}

/// A numbered page type with the same shape as `ArticlePage`.
macro_rules! page_type {
    ($name:ident, $item:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(async_graphql::SimpleObject, Debug)]
        #[graphql(complex)]
        pub struct $name {
            pub items: Vec<$item>,
            /// All matching items, on every page.
            pub total_count: i32,
            /// This page's number, from 1.
            pub page: i32,
            pub per_page: i32,
            pub total_pages: i32,
        }

        #[async_graphql::ComplexObject]
        impl $name {
            async fn has_next_page(&self) -> bool {
                self.page < self.total_pages
            }

            async fn has_previous_page(&self) -> bool {
                self.page > 1
            }
        }

        impl $name {
            /// Converts a service page, wrapping each item.
            pub fn of<T>(
                p: $crate::service::pagination::Page<T>,
                wrap: impl FnMut(T) -> $item,
            ) -> Self {
                use $crate::graphql::types::common::int;
                $name {
                    total_count: int(p.total),
                    page: int(p.page),
                    per_page: int(p.per_page),
                    total_pages: int(p.total_pages()),
                    items: p.items.into_iter().map(wrap).collect(),
                }
            }
        }
    };
}

pub(crate) use page_type;
