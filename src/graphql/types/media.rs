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
            // Only articles go through review.
            Status::Draft | Status::InReview => Self::Draft,
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
