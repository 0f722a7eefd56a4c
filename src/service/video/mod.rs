//! Videos: the video list, provider detection and embeds, editors' changes.
//!
//! The publication rules (who sees what, scheduling, versions) are those of
//! [`publication`](super::publication), shared with articles and galleries:
//! finding, publishing, archiving and deleting a video are its generic
//! functions with `video::Entity`.

mod embed;
mod list;
mod write;

use entity::video;

pub use embed::{Provider, Source, detect};
pub use list::{VideoFilter, connection, list, tags_for};
pub use write::{NewVideo, VideoChanges, create, update};

use super::publication::{Media, Meta, Publishable};

impl Publishable for video::Entity {
    const NAME: &'static str = "video";
    const ID: video::Column = video::Column::Id;
    const SLUG: video::Column = video::Column::Slug;
    const TITLE_SORT: video::Column = video::Column::TitleSort;
    const CATEGORY_ID: video::Column = video::Column::CategoryId;
    const CREATED_BY: video::Column = video::Column::CreatedBy;
    const STATUS: video::Column = video::Column::Status;
    const PUBLISHED_AT: video::Column = video::Column::PublishedAt;
    const CREATED_AT: video::Column = video::Column::CreatedAt;
    const UPDATED_AT: video::Column = video::Column::UpdatedAt;
    const FEATURED: video::Column = video::Column::Featured;
    const VIEW_COUNT: video::Column = video::Column::ViewCount;
    const VERSION: video::Column = video::Column::Version;

    fn meta(m: &video::Model) -> Meta {
        Meta {
            id: m.id,
            created_by: m.created_by,
            draft: m.status == "draft",
            version: m.version,
            published_at: m.published_at,
            created_at: m.created_at,
        }
    }
}

impl Media for video::Entity {}

/// What a stored video's URL gives: provider, embed URL, derived thumbnail.
/// URLs are checked on write, so a stored one always parses; should an old
/// row not, it shows as `Other` without an embed rather than failing a page.
pub fn source(m: &video::Model) -> Source {
    detect(&m.url).unwrap_or(Source {
        provider: Provider::Other,
        embed_url: None,
        thumbnail_url: None,
    })
}
