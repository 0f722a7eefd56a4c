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
