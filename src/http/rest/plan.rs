//! A REST request as a GraphQL query: the query string checked against the
//! resource's parameters, turned into typed variables, and the selection
//! made from `fields` and `include`. The text depends only on which
//! parameters and fields were given, never on their values, so the parsed
//! and validated document is reused across requests.

use std::fmt::Write;

use async_graphql::parser::types::{BaseType, Type};
use serde_json::{Map, Value};

use super::{
    catalog::{Catalog, Kind, Role, is_list, named},
    endpoints::{Endpoint, Shape, To},
};
use crate::error::AppError;

/// The GraphQL request a REST request becomes.
pub struct Plan {
    pub query: String,
    pub variables: Map<String, Value>,
}

/// The type of the items an endpoint answers with.
pub fn item_type<'c>(catalog: &'c Catalog, ep: &Endpoint) -> &'c str {
    let Some(root) = catalog.field("Query", ep.root) else {
        return "";
    };
    let ty = named(&root.ty);
    if ep.shape == Shape::Page {
        return catalog
            .field(ty, "items")
            .map_or("", |items| named(&items.ty));
    }
    ty
}

/// What `include` may name for an endpoint: the item's related
/// resources, except those it always has.
pub fn includes<'c>(catalog: &'c Catalog, ep: &Endpoint) -> impl Iterator<Item = &'c str> {
    catalog
        .includes(item_type(catalog, ep))
        .map(|f| f.name.as_str())
        .filter(|n| !ep.nested.contains(n))
}

/// The GraphQL type a parameter's value must have.
pub fn param_type<'c>(catalog: &'c Catalog, ep: &Endpoint, to: To) -> Option<&'c Type> {
    let root = catalog.field("Query", ep.root)?;
    match to {
        To::Arg(arg) => root.args.iter().find(|a| a.name == arg).map(|a| &a.ty),
        To::Filter(field) => {
            let filter = root.args.iter().find(|a| a.name == "filter")?;
            match catalog.get(named(&filter.ty)).map(|d| &d.kind) {
                Some(Kind::Input(fields)) => fields.iter().find(|f| f.name == field).map(|f| &f.ty),
                _ => None,
            }
        }
        To::Nested(field, arg) => catalog
            .field(item_type(catalog, ep), field)?
            .args
            .iter()
            .find(|a| a.name == arg)
            .map(|a| &a.ty),
    }
}

/// `fields` and `include` values, comma separated.
fn names(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|n| !n.is_empty())
}

/// The names a `fields` or `include` list gives: at least one, each once.
fn listed<'v>(param: &'static str, value: &'v str) -> Result<Vec<&'v str>, AppError> {
    let mut out: Vec<&str> = Vec::new();
    for name in names(value) {
        if out.contains(&name) {
            return Err(bad(param, format!("`{name}` is listed twice in `{param}`")));
        }
        out.push(name);
    }
    if out.is_empty() {
        return Err(bad(
            param,
            format!("`{param}` names nothing: leave it out for the default"),
        ));
    }
    Ok(out)
}

fn bad(field: &'static str, message: String) -> AppError {
    AppError::invalid(field, message)
}

/// A parameter's text as a value of `ty`: numbers and booleans parsed,
/// enum values in any case, lists comma separated; the schema checks the
/// rest (dates, ranges) with its own messages.
fn coerce(
    catalog: &Catalog,
    ty: &Type,
    text: &str,
    param: &'static str,
) -> Result<Value, AppError> {
    if let BaseType::List(inner) = &ty.base {
        if names(text).next().is_none() {
            return Err(bad(
                param,
                format!("`{param}` names nothing: leave it out for all"),
            ));
        }
        return names(text)
            .map(|t| coerce(catalog, inner, t, param))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    let name = named(ty);
    match (name, catalog.get(name).map(|d| &d.kind)) {
        ("Int", _) => text
            .parse::<i32>()
            .map(Value::from)
            .map_err(|_| bad(param, format!("`{param}` must be a whole number"))),
        ("Float", _) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| bad(param, format!("`{param}` must be a number"))),
        ("Boolean", _) => match text {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(bad(param, format!("`{param}` must be true or false"))),
        },
        (_, Some(Kind::Enum(values))) => {
            let wanted = text.to_ascii_uppercase().replace('-', "_");
            if values.contains(&wanted) {
                Ok(Value::String(wanted))
            } else {
                let allowed: Vec<String> = values.iter().map(|v| v.to_ascii_lowercase()).collect();
                Err(bad(
                    param,
                    format!("`{param}` must be one of: {}", allowed.join(", ")),
                ))
            }
        }
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// What a request asked for, checked.
struct Asked<'a> {
    values: Vec<&'a str>,
    includes: Vec<&'a str>,
    /// (variable, GraphQL type, where it goes)
    vars: Vec<(String, &'a Type, To)>,
    filter_type: Option<String>,
}

impl Plan {
    /// Reads `raw` (the query string) and the path's values for `ep`.
    ///
    /// # Errors
    /// `BAD_USER_INPUT` naming the parameter: unknown, repeated, of the
    /// wrong type, a field or an include the resource does not have, or a
    /// required one missing.
    pub fn new(
        catalog: &Catalog,
        ep: &'static Endpoint,
        path: &[(&str, &str)],
        raw: &str,
    ) -> Result<Plan, AppError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|_| bad("query", "the query string is not valid".into()))?;
        let item = item_type(catalog, ep);
        let mut variables = Map::new();
        let mut filter = Map::new();
        let mut asked = Asked {
            values: Vec::new(),
            includes: Vec::new(),
            vars: Vec::new(),
            filter_type: None,
        };
        let mut fields: Option<&str> = None;
        let mut seen: Vec<&str> = Vec::new();
        let given = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str(), false))
            .chain(path.iter().map(|(k, v)| (*k, *v, true)));
        for (key, value, in_path) in given {
            if seen.contains(&key) {
                return Err(bad("query", format!("`{key}` is given more than once")));
            }
            seen.push(key);
            match key {
                "fields" if !in_path => fields = Some(value),
                "include" if !in_path => {
                    for name in listed("include", value)? {
                        if !includes(catalog, ep).any(|n| n == name) {
                            let allowed: Vec<&str> = includes(catalog, ep).collect();
                            return Err(bad(
                                "include",
                                format!(
                                    "`{name}` cannot be included here; these can: {}",
                                    allowed.join(", ")
                                ),
                            ));
                        }
                        asked.includes.push(name);
                    }
                }
                _ => {
                    let Some(param) = ep
                        .params
                        .iter()
                        .find(|p| p.name == key && p.in_path == in_path)
                    else {
                        let known: Vec<&str> = ep
                            .params
                            .iter()
                            .filter(|p| !p.in_path)
                            .map(|p| p.name)
                            .chain(["fields", "include"])
                            .collect();
                        return Err(bad(
                            "query",
                            format!(
                                "unknown parameter `{key}`; this resource takes: {}",
                                known.join(", ")
                            ),
                        ));
                    };
                    let Some(ty) = param_type(catalog, ep, param.to) else {
                        return Err(AppError::internal(format!(
                            "REST parameter {} of {} has no GraphQL type",
                            param.name, ep.path
                        )));
                    };
                    let value = coerce(catalog, ty, value, param.name)?;
                    match param.to {
                        To::Filter(field) => {
                            filter.insert(field.to_owned(), value);
                        }
                        to => {
                            let var = format!("v{}", asked.vars.len());
                            variables.insert(var.clone(), value);
                            asked.vars.push((var, ty, to));
                        }
                    }
                }
            }
        }
        // Required arguments (a search's words) by their REST names.
        if let Some(root) = catalog.field("Query", ep.root) {
            for arg in &root.args {
                let given = asked
                    .vars
                    .iter()
                    .any(|(_, _, to)| matches!(to, To::Arg(a) if *a == arg.name));
                if !arg.ty.nullable && !arg.has_default && !given {
                    let name = ep
                        .params
                        .iter()
                        .find(|p| matches!(p.to, To::Arg(a) if a == arg.name))
                        .map_or(arg.name.as_str(), |p| p.name);
                    return Err(bad("query", format!("`{name}` is required")));
                }
            }
            if !filter.is_empty() {
                asked.filter_type = root
                    .args
                    .iter()
                    .find(|a| a.name == "filter")
                    .map(|a| named(&a.ty).to_owned());
                variables.insert("filter".into(), Value::Object(filter));
            }
        }
        asked.values = match fields {
            Some(list) => {
                let mut chosen = Vec::new();
                for name in listed("fields", list)? {
                    if !catalog.value_fields(item).any(|f| f.name == name) {
                        let allowed: Vec<&str> = catalog
                            .value_fields(item)
                            .map(|f| f.name.as_str())
                            .collect();
                        return Err(bad(
                            "fields",
                            format!(
                                "`{name}` is not a field here; these are: {}",
                                allowed.join(", ")
                            ),
                        ));
                    }
                    chosen.push(name);
                }
                chosen
            }
            None => catalog
                .value_fields(item)
                .map(|f| f.name.as_str())
                .filter(|n| !ep.omit.contains(n))
                .collect(),
        };
        let query = text(catalog, ep, item, &asked);
        Ok(Plan { query, variables })
    }
}

/// The GraphQL document.
fn text(catalog: &Catalog, ep: &Endpoint, item: &str, asked: &Asked<'_>) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("query Rest");
    let declared: Vec<String> = asked
        .vars
        .iter()
        .map(|(var, ty, _)| format!("${var}: {ty}"))
        .chain(asked.filter_type.iter().map(|t| format!("$filter: {t}")))
        .collect();
    if !declared.is_empty() {
        let _ = write!(out, "({})", declared.join(", "));
    }
    out.push_str(" { r: ");
    out.push_str(ep.root);
    let root_args: Vec<String> = asked
        .vars
        .iter()
        .filter_map(|(var, _, to)| match to {
            To::Arg(arg) => Some(format!("{arg}: ${var}")),
            _ => None,
        })
        .chain(asked.filter_type.iter().map(|_| "filter: $filter".into()))
        .collect();
    if !root_args.is_empty() {
        let _ = write!(out, "({})", root_args.join(", "));
    }
    out.push(' ');
    let item_selection = |out: &mut String| {
        let children = match ep.shape {
            Shape::List { children } => children,
            _ => None,
        };
        item_fields(catalog, ep, item, asked, children, out);
    };
    if ep.shape == Shape::Page {
        let page = catalog
            .field("Query", ep.root)
            .map_or("", |root| named(&root.ty));
        out.push_str("{ items ");
        item_selection(&mut out);
        for total in catalog.value_fields(page) {
            out.push(' ');
            out.push_str(&total.name);
        }
        out.push_str(" }");
    } else {
        item_selection(&mut out);
    }
    out.push_str(" }");
    out
}

/// The selection of one item: its chosen values, includes whole, nested
/// fields with their arguments, and a tree's children below.
fn item_fields(
    catalog: &Catalog,
    ep: &Endpoint,
    item: &str,
    asked: &Asked<'_>,
    children: Option<(&'static str, usize)>,
    out: &mut String,
) {
    out.push('{');
    for name in &asked.values {
        out.push(' ');
        out.push_str(name);
        if let Some(f) = catalog.field(item, name)
            && catalog.role(named(&f.ty)) != Role::Plain
        {
            out.push(' ');
            catalog.whole(out, named(&f.ty));
        }
    }
    for name in asked.includes.iter().chain(ep.nested) {
        let Some(f) = catalog.field(item, name) else {
            continue;
        };
        out.push(' ');
        out.push_str(name);
        let args: Vec<String> = asked
            .vars
            .iter()
            .filter_map(|(var, _, to)| match to {
                To::Nested(field, arg) if field == name => Some(format!("{arg}: ${var}")),
                _ => None,
            })
            .collect();
        if !args.is_empty() {
            let _ = write!(out, "({})", args.join(", "));
        }
        out.push(' ');
        catalog.whole(out, named(&f.ty));
    }
    if let Some((child, depth)) = children
        && depth > 0
        && catalog
            .field(item, child)
            .is_some_and(|f| is_list(&f.ty) && named(&f.ty) == item)
    {
        out.push(' ');
        out.push_str(child);
        out.push(' ');
        item_fields(catalog, ep, item, asked, Some((child, depth - 1)), out);
    }
    out.push_str(" }");
}
