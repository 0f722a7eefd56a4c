//! bantin: a headless GraphQL content API for news portals.
//!
//! Layers run one way: `http` -> `graphql` -> `service` -> `entity`.

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod http;
pub mod metrics;
pub mod seed;
pub mod service;
pub mod state;
pub mod text;

pub use http::app;
pub use state::AppState;
