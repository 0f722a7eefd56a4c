//! GraphQL output and input types, separate from the entities so every schema
//! change is deliberate and no column (a password hash) can leak.

pub mod article;
pub mod asset;
pub mod audit;
pub mod author;
pub mod category;
pub mod change;
pub mod common;
pub mod document;
pub mod gallery;
pub mod media;
pub mod node;
pub mod page;
pub mod paging;
pub mod revision;
pub mod search;
pub mod site;
pub mod stats;
pub mod tag;
pub mod user;
pub mod video;
pub mod webhook;
