//! Domain services: rules, validation, permissions and queries.
//!
//! Functions here take a connection (`&impl ConnectionTrait`, so they work in
//! or out of a transaction) and a [`access::Viewer`], and know nothing about
//! HTTP or GraphQL.

pub mod access;
pub mod article;
pub mod asset;
pub mod audit;
pub mod block;
pub mod category;
pub mod changelog;
pub mod changes;
pub mod document;
pub mod feed;
pub mod gallery;
pub mod live;
pub mod login_limit;
pub mod media;
pub mod menu;
pub mod page;
pub mod pagination;
pub mod publication;
pub mod search;
pub mod session;
pub mod site;
pub mod sql;
pub mod tag;
pub mod transfer;
pub mod user;
pub mod validate;
pub mod video;
pub mod visit;
pub mod webhook;
