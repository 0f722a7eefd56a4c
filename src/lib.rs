//! bantin: a headless GraphQL content API for news portals.
//!
//! Layers run one way: `http` -> `graphql` -> `service` -> `entity`.

pub mod config;
pub mod db;
pub mod error;
pub mod metrics;
pub mod service;
pub mod text;
