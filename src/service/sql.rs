//! Raw SQL for the few queries the query builder cannot say (aggregates with
//! CASE, full-text operators), written once with `?` placeholders.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

/// A statement for this connection's backend: PostgreSQL wants `$1, $2…`
/// where SQLite takes `?`.
pub fn statement(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// `?, ?, ?` for `n` values.
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// `query` for this connection. On SQLite its LIMIT and OFFSET numbers are
/// written into the text: SQLite compiles a statement again on every run
/// when they are bound parameters, and with literals the prepared statement
/// is reused. Every other value stays bound (written as text, times would
/// no longer compare with the stored ones). PostgreSQL keeps them all bound.
pub fn inline_on_sqlite(
    db: &impl ConnectionTrait,
    query: &sea_orm::sea_query::SelectStatement,
) -> Statement {
    let backend = db.get_database_backend();
    let stmt = backend.build(query);
    if backend != DbBackend::Sqlite {
        return stmt;
    }
    let Some(sea_orm::Values(values)) = stmt.values else {
        return stmt;
    };
    let mut sql = String::with_capacity(stmt.sql.len());
    let mut kept = Vec::with_capacity(values.len());
    let mut values = values.into_iter();
    let (mut in_text, mut in_name) = (false, false);
    for c in stmt.sql.chars() {
        match c {
            '\'' if !in_name => in_text = !in_text,
            '"' if !in_text => in_name = !in_name,
            '?' if !in_text && !in_name => {
                let Some(value) = values.next() else {
                    sql.push(c);
                    continue;
                };
                let number = match &value {
                    Value::BigUnsigned(Some(n)) => Some(n.to_string()),
                    Value::BigInt(Some(n)) => Some(n.to_string()),
                    Value::Unsigned(Some(n)) => Some(n.to_string()),
                    Value::Int(Some(n)) => Some(n.to_string()),
                    _ => None,
                };
                match number {
                    Some(n) if sql.ends_with("LIMIT ") || sql.ends_with("OFFSET ") => {
                        sql.push_str(&n)
                    }
                    _ => {
                        sql.push('?');
                        kept.push(value);
                    }
                }
                continue;
            }
            _ => {}
        }
        sql.push(c);
    }
    kept.extend(values);
    Statement::from_sql_and_values(backend, sql, kept)
}
