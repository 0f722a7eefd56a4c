//! The OpenAPI 3.1 description of `/api/v1`, made from the endpoint table
//! and the schema's types: a parameter's type and description are its
//! GraphQL argument's, a resource's properties its GraphQL fields'.
//! `openapi.json` at the root holds this text; a test keeps it current.

use std::collections::{BTreeMap, BTreeSet};

use async_graphql::parser::types::{BaseType, Type};
use serde_json::{Value, json};

use super::{
    catalog::{Catalog, Kind, Role, named},
    endpoints::{ENDPOINTS, Endpoint, Shape, To},
    plan::{self, item_type, param_type},
};
use crate::{graphql::loader::media::MAX_PHOTOS_PER_PAGE, service::pagination::MAX_PER_PAGE};

/// Where component schemas are referred to.
fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Makes types named by schemas made so far known, to describe them later.
struct Builder<'c> {
    catalog: &'c Catalog,
    wanted: BTreeSet<String>,
    /// Fields described on a type besides its values and includes.
    extra: BTreeMap<String, BTreeSet<&'static str>>,
}

impl Builder<'_> {
    /// The JSON Schema of a GraphQL output or input type.
    fn schema(&mut self, ty: &Type) -> Value {
        let inner = match &ty.base {
            BaseType::List(item) => json!({ "type": "array", "items": self.schema(item) }),
            BaseType::Named(name) => match name.as_str() {
                "String" | "ID" => json!({ "type": "string" }),
                "Int" => json!({ "type": "integer", "format": "int32" }),
                "Count" => json!({ "type": "integer" }),
                "Float" => json!({ "type": "number" }),
                "Boolean" => json!({ "type": "boolean" }),
                "DateTime" => json!({ "type": "string", "format": "date-time" }),
                "NaiveDate" => json!({ "type": "string", "format": "date" }),
                other => {
                    if matches!(self.catalog.get(other).map(|d| &d.kind), Some(Kind::Scalar)) {
                        json!({})
                    } else {
                        self.wanted.insert(other.to_owned());
                        reference(other)
                    }
                }
            },
        };
        if !ty.nullable {
            return inner;
        }
        match inner.get("type").cloned() {
            Some(Value::String(t)) => {
                let mut nullable = inner;
                nullable["type"] = json!([t, "null"]);
                nullable
            }
            _ => json!({ "anyOf": [inner, { "type": "null" }] }),
        }
    }

    /// A component: an enum's values, a union's members, an object's
    /// fields as REST shows them.
    fn component(&mut self, name: &str) -> Value {
        let Some(def) = self.catalog.get(name) else {
            return json!({});
        };
        let mut schema = match &def.kind {
            Kind::Enum(values) => json!({ "type": "string", "enum": values }),
            Kind::Union(members) => {
                let refs: Vec<Value> = members
                    .iter()
                    .map(|m| {
                        self.wanted.insert(m.clone());
                        reference(m)
                    })
                    .collect();
                json!({ "anyOf": refs })
            }
            Kind::Object(fields) => {
                let extra = self.extra.get(name).cloned().unwrap_or_default();
                let shown: BTreeSet<&str> = self
                    .catalog
                    .value_fields(name)
                    .chain(self.catalog.includes(name))
                    .map(|f| f.name.as_str())
                    .chain(extra.iter().copied())
                    .chain((self.catalog.role(name) == Role::Page).then_some("items"))
                    .collect();
                let mut properties = serde_json::Map::new();
                for f in fields.iter().filter(|f| shown.contains(f.name.as_str())) {
                    let mut schema = self.schema(&f.ty);
                    if let (Some(d), Some(obj)) = (&f.description, schema.as_object_mut()) {
                        obj.insert("description".into(), d.clone().into());
                    }
                    properties.insert(f.name.clone(), schema);
                }
                json!({ "type": "object", "properties": properties })
            }
            Kind::Scalar | Kind::Input(_) => json!({}),
        };
        if let (Some(d), Some(obj)) = (&def.description, schema.as_object_mut()) {
            obj.insert("description".into(), d.clone().into());
        }
        schema
    }
}

/// A query or path parameter.
fn parameter(b: &mut Builder<'_>, ep: &Endpoint, name: &str, to: To, in_path: bool) -> Value {
    let catalog = b.catalog;
    let ty = param_type(catalog, ep, to);
    let root = catalog.field("Query", ep.root);
    let described = match to {
        To::Arg(arg) => root.and_then(|r| r.args.iter().find(|a| a.name == arg)),
        To::Filter(field) => root
            .and_then(|r| r.args.iter().find(|a| a.name == "filter"))
            .and_then(|f| match catalog.get(named(&f.ty)).map(|d| &d.kind) {
                Some(Kind::Input(fields)) => fields.iter().find(|i| i.name == field),
                _ => None,
            }),
        To::Nested(field, arg) => catalog
            .field(item_type(catalog, ep), field)
            .and_then(|f| f.args.iter().find(|a| a.name == arg)),
    };
    let arg_name = match to {
        To::Arg(a) | To::Filter(a) | To::Nested(_, a) => a,
    };
    let mut schema = match ty {
        Some(ty) => {
            // Values are read from text: never null, enums in any case.
            let mut ty = ty.clone();
            ty.nullable = false;
            param_schema(b, &ty)
        }
        None => json!({ "type": "string" }),
    };
    match arg_name {
        "page" => schema["minimum"] = json!(1),
        "year" => {
            schema["minimum"] = json!(1900);
            schema["maximum"] = json!(9999);
        }
        "perPage" => {
            schema["minimum"] = json!(1);
            schema["maximum"] = json!(per_page_cap(to));
        }
        _ => {}
    }
    let description = described
        .and_then(|a| a.description.clone())
        .unwrap_or_else(|| match arg_name {
            "page" => "The page to show, from 1.".into(),
            "perPage" => format!("Items per page, at most {}.", per_page_cap(to)),
            "slug" => "The address name (`slug`).".into(),
            other => format!("`{other}` of the GraphQL field `{}`.", ep.root),
        });
    let required =
        in_path || ty.is_some_and(|t| !t.nullable && !described.is_some_and(|a| a.has_default));
    let mut p = json!({
        "name": name,
        "in": if in_path { "path" } else { "query" },
        "required": required,
        "description": description,
        "schema": schema,
    });
    if schema_is_array(&p["schema"]) {
        p["style"] = json!("form");
        p["explode"] = json!(false);
    }
    p
}

fn schema_is_array(schema: &Value) -> bool {
    schema.get("type") == Some(&json!("array"))
}

/// A parameter's schema: as its GraphQL type, enums written in lower case
/// (any case is accepted).
fn param_schema(b: &mut Builder<'_>, ty: &Type) -> Value {
    match &ty.base {
        BaseType::List(inner) => {
            json!({ "type": "array", "items": param_schema(b, inner), "minItems": 1 })
        }
        BaseType::Named(name) => match b.catalog.get(name).map(|d| &d.kind) {
            Some(Kind::Enum(values)) => {
                let lower: Vec<String> = values.iter().map(|v| v.to_ascii_lowercase()).collect();
                json!({ "type": "string", "enum": lower })
            }
            // Read as a 32-bit number, as GraphQL's `Int` is.
            _ if name.as_str() == "Int" => {
                json!({ "type": "integer", "minimum": i32::MIN, "maximum": i32::MAX })
            }
            _ => b.schema(ty),
        },
    }
}

/// The most items a page of this parameter holds.
fn per_page_cap(to: To) -> u64 {
    match to {
        To::Nested("photos", _) => MAX_PHOTOS_PER_PAGE,
        _ => MAX_PER_PAGE,
    }
}

/// `fields` and `include`: names from the item's type.
fn choice(name: &str, description: &str, names: Vec<&str>) -> Value {
    json!({
        "name": name,
        "in": "query",
        "required": false,
        "description": description,
        "style": "form",
        "explode": false,
        "schema": {
            "type": "array",
            "items": { "type": "string", "enum": names },
            "minItems": 1,
            "uniqueItems": true,
        },
    })
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": reference("Problem") } },
    })
}

/// The whole description.
pub fn document(catalog: &Catalog) -> Value {
    let mut b = Builder {
        catalog,
        wanted: BTreeSet::new(),
        extra: BTreeMap::new(),
    };
    let mut paths = serde_json::Map::new();
    for ep in ENDPOINTS {
        let item = item_type(catalog, ep);
        for nested in ep.nested {
            b.extra.entry(item.to_owned()).or_default().insert(nested);
        }
        if let Shape::List {
            children: Some((child, _)),
        } = ep.shape
        {
            b.extra.entry(item.to_owned()).or_default().insert(child);
        }
        let mut parameters: Vec<Value> = ep
            .params
            .iter()
            .map(|p| parameter(&mut b, ep, p.name, p.to, p.in_path))
            .collect();
        let values: Vec<&str> = catalog
            .value_fields(item)
            .map(|f| f.name.as_str())
            .collect();
        if !values.is_empty() {
            let omitted = if ep.omit.is_empty() {
                String::new()
            } else {
                format!(" By default every one but {}.", ep.omit.join(", "))
            };
            parameters.push(choice(
                "fields",
                &format!("The fields of each item to return.{omitted}"),
                values,
            ));
        }
        let includes: Vec<&str> = plan::includes(catalog, ep).collect();
        if !includes.is_empty() {
            parameters.push(choice(
                "include",
                "Related resources to embed in each item.",
                includes,
            ));
        }
        let body = match ep.shape {
            Shape::Page | Shape::One | Shape::Object => {
                let root = catalog.field("Query", ep.root).map_or("", |r| named(&r.ty));
                b.wanted.insert(root.to_owned());
                reference(root)
            }
            Shape::List { .. } => {
                b.wanted.insert(item.to_owned());
                json!({
                    "type": "object",
                    "properties": { "items": { "type": "array", "items": reference(item) } },
                    "required": ["items"],
                })
            }
        };
        let mut headers = json!({
            "ETag": { "description": "A strong validator: send it back in `If-None-Match`.", "schema": { "type": "string" } },
            "Cache-Control": { "schema": { "type": "string" } },
        });
        if ep.shape == Shape::Page {
            headers["Link"] = json!({
                "description": "RFC 8288 links to the `first`, `prev`, `next` and `last` pages.",
                "schema": { "type": "string" },
            });
        }
        let mut responses = json!({
            "200": {
                "description": "The resource.",
                "headers": headers,
                "content": { "application/json": { "schema": body } },
            },
            "304": { "description": "The client's copy (`If-None-Match`) is current." },
            "400": problem_response("A parameter is unknown, repeated or invalid (`BAD_USER_INPUT`)."),
            "401": problem_response("The `Authorization` token is not valid (`UNAUTHENTICATED`)."),
            "503": problem_response("The server cannot answer now (`INTERNAL`); retry later."),
        });
        if ep.shape == Shape::One {
            responses["404"] = problem_response(
                "There is no such resource, or it is not published (`NOT_FOUND`).",
            );
        }
        let root_description = catalog
            .field("Query", ep.root)
            .and_then(|f| f.description.clone())
            .unwrap_or_default();
        paths.insert(
            format!("/api/v1{}", ep.path),
            json!({ "get": {
                "operationId": ep.operation,
                "summary": ep.summary,
                "description": format!("{root_description}\n\nGraphQL: `Query.{}`.", ep.root),
                "parameters": parameters,
                "responses": responses,
            } }),
        );
    }
    let mut schemas = BTreeMap::new();
    while let Some(name) = b.wanted.iter().find(|n| !schemas.contains_key(*n)).cloned() {
        let component = b.component(&name);
        schemas.insert(name, component);
    }
    schemas.insert(
        "Problem".into(),
        json!({
            "type": "object",
            "description": "RFC 9457 problem details, with the `code` GraphQL errors carry in `extensions`.",
            "required": ["type", "title", "status", "detail", "code"],
            "properties": {
                "type": { "type": "string" },
                "title": { "type": "string" },
                "status": { "type": "integer" },
                "detail": { "type": "string" },
                "code": { "type": "string", "enum": ["BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "RATE_LIMITED", "INTERNAL"] },
                "field": { "type": "string", "description": "The parameter at fault." },
                "retryAfter": { "type": "integer", "description": "Seconds to wait (with `RATE_LIMITED`)." },
            },
        }),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "bantin REST API",
            "version": "1",
            "description": "Read-only JSON for the news portal's content: the same content, rules and cache as the GraphQL API at `/graphql`, of which each path is a view. Lists are numbered pages (`page`, `perPage`, totals in the body and `Link` headers); `fields` picks what each item holds and `include` embeds related resources. A preview token in `Authorization: Bearer …` shows what it grants, as with GraphQL. Errors are RFC 9457 problem details with the GraphQL error `code`.",
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" },
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" } },
        },
        "security": [ {}, { "bearer": [] } ],
    })
}
