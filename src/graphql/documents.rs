//! Query documents before execution: persisted queries, a parse cache, the
//! read-only rule for GET, and validation done once per document. Done here,
//! in front of the schema, rather than as schema extensions: any extension
//! makes every field resolution pass through its chain, which costs every
//! request on every field.
//!
//! Validation once: a document's validity depends on its text alone, except
//! for the values of its variables. When a text has passed the full
//! validation, later requests with it run on a schema that skips the
//! document rules, provided their variables are plain scalars whose values
//! are checked here; anything else takes the full path again. Validation
//! was about a tenth of the cost of a `recordVisit` call.

use std::{
    collections::HashMap,
    num::NonZeroUsize,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

use async_graphql::{
    Name, Request, Response, Value, Variables,
    parser::{
        parse_query,
        types::{BaseType, ExecutableDocument, OperationType},
    },
};
use lru::LruCache;
use sha2::{Digest, Sha256};

use crate::{error::AppError, metrics::Operation};

/// Longest query text worth caching (larger ones are parsed every time).
const MAX_TEXT: usize = 16 * 1024;

/// Deepest nesting of brackets a text may have before it is parsed. The
/// parser recurses once or more per level, and about 2,000 levels of `[`
/// overflow a worker's stack and abort the process; real queries (the
/// standard introspection query included) stay under 20.
pub const MAX_NESTING: usize = 64;

/// Whether `text` nests `{`, `[` or `(` deeper than `limit`, outside strings
/// and comments. One pass over the bytes, no allocation: cheap enough to run
/// on every text the parser has not seen.
pub fn nests_deeper_than(text: &str, limit: usize) -> bool {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // Block string: ends at the next `"""` not escaped as `\"""`.
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// Why a request cannot run, before it reaches the schema.
#[derive(Debug)]
pub enum Refusal {
    /// Apollo's protocol: the client must send the text once with its hash.
    PersistedQueryNotFound,
    /// A mutation arrived on a read-only (GET) request.
    MutationOverGet,
    Invalid(AppError),
}

/// Persisted query texts by hash, and parsed documents by text.
pub struct Documents {
    persisted: Mutex<LruCache<String, String>>,
    parsed: Mutex<LruCache<String, Arc<Parsed>>>,
    /// The schema's enums and their values, so variables of enum types
    /// (`ContentKind`, `ViewPeriod`...) can be checked here too.
    enums: HashMap<String, Arc<[String]>>,
}

/// A parsed document and what is known of its validity.
struct Parsed {
    doc: ExecutableDocument,
    /// The variables of its only operation, when all are plain scalars we
    /// can check ourselves; `None` otherwise (it always runs fully checked).
    variables: Option<Vec<Variable>>,
    /// Whether the full validation has passed for this text.
    validated: AtomicBool,
    /// Why its shape is refused (see `shape`), checked once per text.
    refused: Option<String>,
}

/// A variable of a plain scalar or enum type.
struct Variable {
    name: Name,
    scalar: Scalar,
    /// Non-null: `null` is refused.
    non_null: bool,
    /// Non-null without a default: it must be given.
    required: bool,
}

enum Scalar {
    String,
    Id,
    Int,
    Float,
    Boolean,
    /// An enum, with its values' names.
    Enum(Arc<[String]>),
}

impl Parsed {
    fn new(doc: ExecutableDocument, enums: &HashMap<String, Arc<[String]>>) -> Self {
        let variables = plain_variables(&doc, enums);
        let refused = super::shape::check(&doc);
        Parsed {
            doc,
            variables,
            validated: AtomicBool::new(false),
            refused,
        }
    }
}

/// The variables of a single-operation document, if all are plain scalars
/// or enums.
fn plain_variables(
    doc: &ExecutableDocument,
    enums: &HashMap<String, Arc<[String]>>,
) -> Option<Vec<Variable>> {
    let mut operations = doc.operations.iter();
    let (_, op) = operations.next()?;
    if operations.next().is_some() {
        return None;
    }
    op.node
        .variable_definitions
        .iter()
        .map(|v| {
            let v = &v.node;
            let BaseType::Named(ty) = &v.var_type.node.base else {
                return None;
            };
            let scalar = match ty.as_str() {
                "String" => Scalar::String,
                "ID" => Scalar::Id,
                "Int" => Scalar::Int,
                "Float" => Scalar::Float,
                "Boolean" => Scalar::Boolean,
                other => Scalar::Enum(enums.get(other)?.clone()),
            };
            v.directives.is_empty().then(|| Variable {
                name: v.name.node.clone(),
                scalar,
                non_null: !v.var_type.node.nullable,
                required: !v.var_type.node.nullable && v.default_value.is_none(),
            })
        })
        .collect()
}

/// Whether every value fits its variable's type (stricter than the schema
/// where in doubt: a value refused here only takes the full path).
fn values_fit(variables: &[Variable], values: &Variables) -> bool {
    variables.iter().all(|var| match values.get(&var.name) {
        None => !var.required,
        Some(Value::Null) => !var.non_null,
        Some(value) => match (&var.scalar, value) {
            (Scalar::String | Scalar::Id, Value::String(_))
            | (Scalar::Boolean, Value::Boolean(_)) => true,
            (Scalar::Id, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Scalar::Int, Value::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
            (Scalar::Float, Value::Number(_)) => true,
            (Scalar::Enum(names), Value::String(s)) => names.iter().any(|n| n == s),
            (Scalar::Enum(names), Value::Enum(s)) => names.iter().any(|n| n == s.as_str()),
            _ => false,
        },
    })
}

/// Every enum of a schema's SDL, with its values' names.
fn enums_of(sdl: &str) -> HashMap<String, Arc<[String]>> {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
    let Ok(doc) = async_graphql::parser::parse_schema(sdl) else {
        return HashMap::new();
    };
    doc.definitions
        .into_iter()
        .filter_map(|d| match d {
            TypeSystemDefinition::Type(t) => match t.node.kind {
                TypeKind::Enum(e) => Some((
                    t.node.name.node.to_string(),
                    e.values
                        .iter()
                        .map(|v| v.node.value.node.to_string())
                        .collect(),
                )),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Whether a value holds a string with U+0000 anywhere inside it.
fn holds_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::List(items) => items.iter().any(holds_nul),
        Value::Object(fields) => fields.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

/// The operation `name` picks, or the only one.
fn picked<'a>(
    doc: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a async_graphql::Positioned<async_graphql::parser::types::OperationDefinition>> {
    match name {
        Some(name) => doc
            .operations
            .iter()
            .find(|(n, _)| n.is_some_and(|n| n.as_str() == name))
            .map(|(_, op)| op),
        None => {
            let mut all = doc.operations.iter();
            match (all.next(), all.next()) {
                (Some((_, only)), None) => Some(only),
                _ => None,
            }
        }
    }
}

/// The type and name of the operation `name` picks (or of the only one).
/// The name is the document's, so it is always a GraphQL name.
fn label(doc: &ExecutableDocument, name: Option<&str>) -> Option<Operation> {
    let op = picked(doc, name)?;
    let kind = match op.node.ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    };
    let name = match name {
        Some(name) => Some(name.into()),
        None => doc
            .operations
            .iter()
            .next()
            .and_then(|(n, _)| n.map(|n| n.as_str().into())),
    };
    Some(Operation { kind, name })
}

/// Whether the operation `name` picks (or the only one) is a query. When
/// none can be picked, whether all are queries: the run then fails with the
/// executor's own error. A GET runs only queries (GraphQL over HTTP): a
/// document that also holds a mutation is refused over GET only when the
/// mutation is the one picked.
fn runs_a_query(doc: &ExecutableDocument, name: Option<&str>) -> bool {
    match picked(doc, name) {
        Some(op) => op.node.ty == OperationType::Query,
        None => doc
            .operations
            .iter()
            .all(|(_, op)| op.node.ty == OperationType::Query),
    }
}

/// A request ready for the schema.
#[derive(Default)]
pub struct Prepared {
    parsed: Option<Arc<Parsed>>,
    /// The text passed the full validation before and these variables fit:
    /// it may run on the schema that skips the document rules.
    pub validated: bool,
    /// The operation that runs is a query (see [`runs_a_query`]; false
    /// when the text did not parse).
    pub query_only: bool,
    /// The operation that runs is a subscription.
    pub subscription: bool,
    /// The type and name of the operation that runs, for logs and metrics
    /// (`None` when none can be picked: the run then fails).
    pub operation: Option<Operation>,
}

impl Prepared {
    /// Whether the text parsed (if not, the executor reports why).
    pub fn parsed(&self) -> bool {
        self.parsed.is_some()
    }

    /// After a fully validated run: remembers that the text is valid when the
    /// run got past validation (errors from execution carry a path; those
    /// of validation do not).
    pub fn learn(&self, response: &Response) {
        if let Some(parsed) = &self.parsed
            && parsed.variables.is_some()
            && response.errors.iter().all(|e| !e.path.is_empty())
        {
            parsed.validated.store(true, Ordering::Relaxed);
        }
    }
}

impl Documents {
    /// Caches of `persisted` texts and `parsed` documents, for the schema
    /// whose SDL is `sdl`.
    pub fn new(persisted: usize, parsed: usize, sdl: &str) -> Self {
        let size = |n: usize| NonZeroUsize::new(n).unwrap_or(NonZeroUsize::MIN);
        Documents {
            persisted: Mutex::new(LruCache::new(size(persisted))),
            parsed: Mutex::new(LruCache::new(size(parsed))),
            enums: enums_of(sdl),
        }
    }

    /// Resolves a persisted query (`extensions.persistedQuery`), attaches the
    /// parsed document (from the cache when the text was seen before), and
    /// with `read_only` refuses anything but queries. A text that does not
    /// parse is left for the schema to report.
    pub fn prepare(&self, request: &mut Request, read_only: bool) -> Result<Prepared, Refusal> {
        // No database stores U+0000 in text (PostgreSQL refuses it outright):
        // a value holding it is the client's mistake, said before any work.
        let nul_in = if request.query.contains("\\u0000") {
            Some("query")
        } else if request.variables.values().any(holds_nul) {
            Some("variables")
        } else {
            None
        };
        if let Some(field) = nul_in {
            return Err(Refusal::Invalid(AppError::invalid(
                field,
                "text may not contain the NUL character (U+0000)",
            )));
        }
        let register = match request.extensions.remove("persistedQuery") {
            Some(pq) => self.persisted_text(request, &pq)?,
            None => None,
        };
        let cached = self
            .parsed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&request.query)
            .cloned();
        let parsed = match cached {
            Some(parsed) => parsed,
            None if nests_deeper_than(&request.query, MAX_NESTING) => {
                return Err(Refusal::Invalid(AppError::invalid(
                    "query",
                    format!("the query nests brackets deeper than {MAX_NESTING} levels"),
                )));
            }
            None => match parse_query(&request.query) {
                Ok(doc) => {
                    let parsed = Arc::new(Parsed::new(doc, &self.enums));
                    if request.query.len() <= MAX_TEXT {
                        self.parsed
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .put(request.query.clone(), parsed.clone());
                    }
                    parsed
                }
                Err(_) => return Ok(Prepared::default()),
            },
        };
        if let Some(why) = &parsed.refused {
            return Err(Refusal::Invalid(AppError::invalid("query", why.clone())));
        }
        // Only texts that parse and fit the bound are kept for their hash, so
        // the store cannot be filled with junk or with huge texts.
        if let Some(hash) = register
            && request.query.len() <= MAX_TEXT
        {
            self.persisted
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .put(hash, request.query.clone());
        }
        let query_only = runs_a_query(&parsed.doc, request.operation_name.as_deref());
        let operation = label(&parsed.doc, request.operation_name.as_deref());
        let subscription = operation
            .as_ref()
            .is_some_and(|op| op.kind == "subscription");
        if read_only && !query_only && !subscription {
            return Err(Refusal::MutationOverGet);
        }

        request.set_parsed_query(parsed.doc.clone());
        let validated = parsed.validated.load(Ordering::Relaxed)
            && parsed
                .variables
                .as_deref()
                .is_some_and(|vars| values_fit(vars, &request.variables));
        Ok(Prepared {
            parsed: Some(parsed),
            validated,
            query_only,
            subscription,
            operation,
        })
    }

    /// Puts the stored text of a known hash into `request`, or checks a
    /// sent text against its hash; returns the hash to store it under.
    fn persisted_text(&self, request: &mut Request, pq: &Value) -> Result<Option<String>, Refusal> {
        let bad = |m: &str| Refusal::Invalid(AppError::invalid("extensions", m));
        let Value::Object(fields) = pq else {
            return Err(bad("persistedQuery must be an object"));
        };
        if fields.get("version") != Some(&Value::from(1)) {
            return Err(bad("only version 1 of persisted queries is supported"));
        }
        let Some(Value::String(hash)) = fields.get("sha256Hash") else {
            return Err(bad("persistedQuery needs a sha256Hash"));
        };
        let hash = hash.to_ascii_lowercase();
        if request.query.is_empty() {
            let text = self
                .persisted
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&hash)
                .cloned()
                .ok_or(Refusal::PersistedQueryNotFound)?;
            request.query = text;
            return Ok(None);
        }
        let actual: String = Sha256::digest(request.query.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if actual != hash {
            return Err(bad("provided sha does not match query"));
        }
        Ok(Some(hash))
    }
}

#[cfg(test)]
mod tests {
    use super::nests_deeper_than;

    #[test]
    fn counts_brackets_of_every_kind() {
        assert!(!nests_deeper_than("{ a(b: [1, {c: 2}]) { d } }", 4));
        assert!(nests_deeper_than("{ a(b: [1, {c: 2}]) { d } }", 3));
        let deep = format!("{{ a(t: {}1{}) }}", "[".repeat(3000), "]".repeat(3000));
        assert!(nests_deeper_than(&deep, 64));
    }

    #[test]
    fn ignores_brackets_in_strings_and_comments() {
        let brackets = "[".repeat(100);
        for text in [
            format!("{{ a(s: \"{brackets}\") }}"),
            format!("{{ a(s: \"\\\"{brackets}\") }}"),
            format!("{{ a(s: \"\"\"{brackets} \\\"\"\" {brackets}\"\"\") }}"),
            format!("# {brackets}\n{{ a }}"),
        ] {
            assert!(!nests_deeper_than(&text, 3), "{text}");
        }
        // A string does not hide what follows it.
        assert!(nests_deeper_than(
            &format!("{{ a(s: \"x\") {brackets} }}"),
            64
        ));
    }
}
