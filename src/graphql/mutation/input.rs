//! Reading partial updates: GraphQL tells an absent field (leave it) from
//! an explicit `null` (clear it); services take `Option<Option<T>>`.

use async_graphql::{ID, MaybeUndefined};

use crate::{error::AppError, graphql::types::common::parse_id};

/// Absent -> `None`, `null` -> `Some(None)`, a value -> `Some(Some(f(v)))`.
pub fn maybe<T, U>(v: MaybeUndefined<T>, f: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match v {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(f(v))),
    }
}

/// [`maybe`] for an id, which must parse (`BAD_USER_INPUT` on `field`).
pub fn maybe_id(
    field: &'static str,
    v: MaybeUndefined<ID>,
) -> Result<Option<Option<i64>>, AppError> {
    maybe(v, |id| parse_id(field, &id))
        .map(Option::transpose)
        .transpose()
}
