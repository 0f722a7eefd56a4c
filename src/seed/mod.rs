//! Demo content and synthetic bulk data.

pub mod demo;
pub mod synthetic;
