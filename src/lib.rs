//! bantin: a headless GraphQL content API for news portals.
//!
//! Layers run one way: `http` -> `graphql` -> `state` -> `service` ->
//! `auth` -> `clock`, `entity`. No module imports from a layer above it:
//! the state knows no schema (the HTTP layer keeps it, `http::Edge`), and
//! tokens know roles and time but no service.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod http;
pub mod metrics;
pub mod seed;
pub mod service;
pub mod state;
pub mod telemetry;
pub mod text;

pub use http::app;
pub use state::AppState;
