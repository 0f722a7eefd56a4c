//! Demo content and synthetic bulk data.

pub mod demo;
pub mod pictures;
pub mod synthetic;
