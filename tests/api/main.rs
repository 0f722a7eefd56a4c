#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Black-box tests: real GraphQL requests through the real router, on a fresh
//! database per test (SQLite by default; PostgreSQL with
//! `BANTIN_TEST_DATABASE=postgres`).

mod helpers;

mod articles;
mod audit;
mod auth;
mod cache;
mod categories;
mod changes;
mod cli;
mod concurrency;
mod documents;
mod editing;
mod feeds;
mod galleries;
mod http;
mod live;
mod media_library;
mod observe;
mod pages;
mod production;
mod readme;
mod rest;
mod revisions;
mod schema;
mod search;
mod search_forms;
mod site;
mod spec;
mod statements;
mod transfer;
mod videos;
mod visibility;
mod visits;
mod webhooks;
