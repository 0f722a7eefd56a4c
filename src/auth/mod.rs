//! Authentication: access tokens, passwords, and turning a request's
//! `Authorization` header into a [`Viewer`].

pub mod jwt;
pub mod password;
mod role;
mod viewer;

pub use role::Role;
pub use viewer::{Principal, Viewer, from_header, principal};
