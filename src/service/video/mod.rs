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

use super::publication::{self, Media};

publication::publishable!(video, Video, listed);

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
