//! Pure text helpers for Vietnamese content: folding, slugs, HTML sanitising.

pub mod collate;
pub mod fold;
pub mod html;
pub mod slug;
