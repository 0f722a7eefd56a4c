//! Authentication: access tokens, passwords, and turning a request's
//! `Authorization` header into a [`crate::service::access::Viewer`].

pub mod jwt;
pub mod password;
mod role;

pub use role::Role;
