//! The photos of a gallery: the writes that keep their positions dense
//! (`write`) and the batched reads of lists and covers (`read`).

mod read;
mod write;

pub use read::{covers, photo_counts, photo_pages};
pub(in crate::service::gallery) use write::insert_photos;
pub use write::{NewPhoto, PhotoChanges, add_photos, remove_photos, reorder_photos, update_photo};
