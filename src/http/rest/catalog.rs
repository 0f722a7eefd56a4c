//! The GraphQL types as the REST layer sees them, read from the schema's
//! own SDL: which fields an item has, which are plain values (selected by
//! default), which are other resources (embedded with `include`), and the
//! types and descriptions of arguments. REST selections and the OpenAPI
//! description are both made from it, so neither can drift from the types.

use std::{collections::HashMap, fmt::Write};

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

/// Fields never offered over REST: editors' history, reached through
/// GraphQL with a token.
const HIDDEN: [&str; 1] = ["revisions"];

/// Fields an embedded resource leaves out: each costs a body read or a
/// query per item, and its own path has them.
const EMBEDDED_OMIT: [&str; 5] = [
    "body",
    "readingTimeMinutes",
    "seo",
    "breadcrumbs",
    "articleCount",
];

/// What a union's members show (a search hit): enough for a result card,
/// and small enough that a full page of hits fits the complexity limit.
const CARD: [&str; 9] = [
    "id",
    "slug",
    "title",
    "number",
    "summary",
    "description",
    "coverImage",
    "thumbnailUrl",
    "publishedAt",
];

/// A named type.
pub struct Def {
    pub description: Option<String>,
    pub kind: Kind,
}

pub enum Kind {
    Scalar,
    Enum(Vec<String>),
    Object(Vec<Field>),
    Union(Vec<String>),
    Input(Vec<Arg>),
}

pub struct Field {
    pub name: String,
    pub description: Option<String>,
    pub ty: Type,
    pub args: Vec<Arg>,
}

pub struct Arg {
    pub name: String,
    pub description: Option<String>,
    pub ty: Type,
    pub has_default: bool,
}

/// What a field's named type is to a REST client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A scalar or an enum.
    Plain,
    /// An object without an identity (an image, SEO data): part of its owner.
    Value,
    /// An object with an `id` or a `slug`, or a union of them: a resource
    /// of its own.
    Resource,
    /// A page of items (`items` with totals).
    Page,
}

pub struct Catalog {
    types: HashMap<String, Def>,
}

/// The named type under any list and non-null wrappers.
pub fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

pub fn is_list(ty: &Type) -> bool {
    matches!(ty.base, BaseType::List(_))
}

impl Catalog {
    /// Reads the SDL of the executable schema.
    ///
    /// # Panics
    /// Never for an SDL async-graphql wrote; a failure here is a bug in the
    /// build, caught by the first test that starts the router.
    pub fn from_sdl(sdl: &str) -> Self {
        #[allow(clippy::expect_used)]
        let doc = async_graphql::parser::parse_schema(sdl).expect("the schema's own SDL parses");
        let text =
            |d: &Option<async_graphql::Positioned<String>>| d.as_ref().map(|d| d.node.clone());
        let arg = |a: &async_graphql::parser::types::InputValueDefinition| Arg {
            name: a.name.node.to_string(),
            description: text(&a.description),
            ty: a.ty.node.clone(),
            has_default: a.default_value.is_some(),
        };
        let mut types = HashMap::new();
        for def in doc.definitions {
            let TypeSystemDefinition::Type(t) = def else {
                continue;
            };
            let t = t.node;
            let kind = match t.kind {
                TypeKind::Scalar => Kind::Scalar,
                TypeKind::Enum(e) => Kind::Enum(
                    e.values
                        .iter()
                        .map(|v| v.node.value.node.to_string())
                        .collect(),
                ),
                TypeKind::Object(o) => Kind::Object(
                    o.fields
                        .iter()
                        .map(|f| Field {
                            name: f.node.name.node.to_string(),
                            description: text(&f.node.description),
                            ty: f.node.ty.node.clone(),
                            args: f.node.arguments.iter().map(|a| arg(&a.node)).collect(),
                        })
                        .collect(),
                ),
                TypeKind::Union(u) => {
                    Kind::Union(u.members.iter().map(|m| m.node.to_string()).collect())
                }
                TypeKind::InputObject(i) => {
                    Kind::Input(i.fields.iter().map(|a| arg(&a.node)).collect())
                }
                TypeKind::Interface(_) => continue,
            };
            types.insert(
                t.name.node.to_string(),
                Def {
                    description: text(&t.description),
                    kind,
                },
            );
        }
        Catalog { types }
    }

    pub fn get(&self, name: &str) -> Option<&Def> {
        self.types.get(name)
    }

    /// The fields of an object type (none for anything else).
    pub fn fields(&self, type_name: &str) -> &[Field] {
        match self.get(type_name).map(|d| &d.kind) {
            Some(Kind::Object(fields)) => fields,
            _ => &[],
        }
    }

    pub fn field(&self, type_name: &str, field: &str) -> Option<&Field> {
        self.fields(type_name).iter().find(|f| f.name == field)
    }

    pub fn role(&self, type_name: &str) -> Role {
        match self.get(type_name).map(|d| &d.kind) {
            Some(Kind::Union(_)) => Role::Resource,
            Some(Kind::Object(fields)) => {
                if fields.iter().any(|f| f.name == "items") {
                    Role::Page
                } else if fields.iter().any(|f| f.name == "id" || f.name == "slug") {
                    Role::Resource
                } else {
                    Role::Value
                }
            }
            _ => Role::Plain,
        }
    }

    /// Fields a client may pick with `fields`: plain values and value
    /// objects that need no arguments.
    /// A page's `items` are not among them, whatever they hold.
    pub fn value_fields<'a>(&'a self, type_name: &str) -> impl Iterator<Item = &'a Field> {
        let page = self.role(type_name) == Role::Page;
        self.fields(type_name).iter().filter(move |f| {
            f.args.is_empty()
                && !(page && f.name == "items")
                && !HIDDEN.contains(&f.name.as_str())
                && matches!(self.role(named(&f.ty)), Role::Plain | Role::Value)
        })
    }

    /// Fields a client may embed with `include`: other resources, reached
    /// with their arguments' defaults.
    pub fn includes<'a>(&'a self, type_name: &str) -> impl Iterator<Item = &'a Field> {
        self.fields(type_name).iter().filter(|f| {
            f.args.iter().all(|a| a.has_default || a.ty.nullable)
                && !HIDDEN.contains(&f.name.as_str())
                && self.role(named(&f.ty)) == Role::Resource
        })
    }

    /// The selection of a whole value: every value field (value objects
    /// whole; an embedded resource without [`EMBEDDED_OMIT`]), a page's
    /// items whole with its totals, each member of a union as a [`CARD`]
    /// with `__typename`.
    pub fn whole(&self, out: &mut String, type_name: &str) {
        let embedded = self.role(type_name) == Role::Resource;
        out.push('{');
        if let Some(Kind::Union(members)) = self.get(type_name).map(|d| &d.kind) {
            out.push_str(" __typename");
            for m in members {
                let card: Vec<&str> = self
                    .value_fields(m)
                    .map(|f| f.name.as_str())
                    .filter(|n| CARD.contains(n))
                    .collect();
                let _ = write!(out, " ... on {m} {{");
                for name in card {
                    out.push(' ');
                    out.push_str(name);
                    if let Some(f) = self.field(m, name)
                        && self.role(named(&f.ty)) != Role::Plain
                    {
                        out.push(' ');
                        self.whole(out, named(&f.ty));
                    }
                }
                out.push_str(" }");
            }
        }
        if self.role(type_name) == Role::Page
            && let Some(items) = self.field(type_name, "items")
        {
            out.push_str(" items ");
            self.whole(out, named(&items.ty));
        }
        for field in self.value_fields(type_name) {
            if embedded && EMBEDDED_OMIT.contains(&field.name.as_str()) {
                continue;
            }
            out.push(' ');
            out.push_str(&field.name);
            let inner = named(&field.ty);
            if self.role(inner) != Role::Plain {
                out.push(' ');
                self.whole(out, inner);
            }
        }
        out.push_str(" }");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str = r#"
        type Query { a(slug: String): A }
        type A { id: ID! title: String! image: Image related(limit: Int = 5): [A!]! page(n: Int!): [A!]! list: APage! revisions: [A!]! }
        type Image { url: String! size: Size }
        type Size { w: Int! }
        type APage { items: [A!]! totalCount: Int! }
    "#;

    #[test]
    fn sorts_fields_into_values_and_resources() {
        let c = Catalog::from_sdl(SDL);
        let values: Vec<_> = c.value_fields("A").map(|f| f.name.as_str()).collect();
        assert_eq!(values, ["id", "title", "image"]);
        let includes: Vec<_> = c.includes("A").map(|f| f.name.as_str()).collect();
        assert_eq!(
            includes,
            ["related"],
            "required arguments and history stay out"
        );
        assert_eq!(c.role("APage"), Role::Page);
    }

    #[test]
    fn selects_value_objects_whole() {
        let c = Catalog::from_sdl(SDL);
        let mut out = String::new();
        c.whole(&mut out, "APage");
        assert_eq!(
            out,
            "{ items { id title image { url size { w } } } totalCount }"
        );
    }
}
