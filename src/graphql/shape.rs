//! Limits on a document's shape that the schema's own limits (depth,
//! complexity, directives per field) do not cover. Checked once per parsed
//! text, before validation, in time linear in the document: fragments are
//! measured once each, however often they are spread.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// Most selections (fields, aliases included, and spreads) one selection set
/// may hold. Real pages stay far below; hundreds of aliases of one field are
/// a way to multiply work, not a page.
pub const MAX_SELECTIONS: usize = 100;

/// Deepest selection an introspection field (`__schema`, `__type`) may have
/// below it, itself counted. The standard introspection query (GraphiQL's,
/// graphql-js's with nine `ofType` levels) needs 15; the self-referencing
/// introspection types allow any depth otherwise, and each level multiplies.
pub const MAX_INTROSPECTION_DEPTH: usize = 16;

/// Deepest walk, in fields and fragment spreads, below an introspection
/// field. The text's bracket limit bounds each fragment, not a chain of
/// them: thousands of fragments spreading the next would otherwise recurse
/// until the stack overflows.
const MAX_WALK: usize = 128;

/// Why a document's shape is refused, or `None`.
pub fn check(doc: &ExecutableDocument) -> Option<String> {
    let mut walk = Walk {
        doc,
        heights: HashMap::new(),
        too_deep: false,
    };
    let sets = doc
        .operations
        .iter()
        .map(|(_, op)| &op.node.selection_set.node)
        .chain(doc.fragments.values().map(|f| &f.node.selection_set.node));
    for set in sets {
        if let Some(why) = walk.set(set) {
            return Some(why);
        }
    }
    None
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    /// Height of each fragment measured so far; `None` while it is being
    /// measured (a cycle, which validation refuses later, counts as 0 here).
    heights: HashMap<&'a str, Option<usize>>,
    /// A walk went past `MAX_WALK`: the document is refused.
    too_deep: bool,
}

impl<'a> Walk<'a> {
    /// Checks one selection set and every set written inside it.
    fn set(&mut self, set: &'a SelectionSet) -> Option<String> {
        if set.items.len() > MAX_SELECTIONS {
            return Some(format!(
                "a selection set holds {} selections; at most {MAX_SELECTIONS} are allowed",
                set.items.len()
            ));
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let inner = &field.selection_set.node;
                    if matches!(field.name.node.as_str(), "__schema" | "__type")
                        && (1 + self.height(inner, MAX_WALK) > MAX_INTROSPECTION_DEPTH
                            || self.too_deep)
                    {
                        return Some(format!(
                            "introspection nests deeper than {MAX_INTROSPECTION_DEPTH} levels"
                        ));
                    }
                    if let Some(why) = self.set(inner) {
                        return Some(why);
                    }
                }
                Selection::InlineFragment(inline) => {
                    if let Some(why) = self.set(&inline.node.selection_set.node) {
                        return Some(why);
                    }
                }
                // Fragment definitions are checked on their own.
                Selection::FragmentSpread(_) => {}
            }
        }
        None
    }

    /// How many field levels a selection set reaches, through spreads;
    /// `budget` is how much deeper the walk may go.
    fn height(&mut self, set: &'a SelectionSet, budget: usize) -> usize {
        let Some(budget) = budget.checked_sub(1) else {
            self.too_deep = true;
            return 0;
        };
        set.items
            .iter()
            .map(|item| match &item.node {
                Selection::Field(field) => 1 + self.height(&field.node.selection_set.node, budget),
                Selection::InlineFragment(inline) => {
                    self.height(&inline.node.selection_set.node, budget)
                }
                Selection::FragmentSpread(spread) => {
                    self.fragment_height(spread.node.fragment_name.node.as_str(), budget)
                }
            })
            .max()
            .unwrap_or(0)
    }

    fn fragment_height(&mut self, name: &'a str, budget: usize) -> usize {
        if let Some(known) = self.heights.get(name) {
            return known.unwrap_or(0);
        }
        let Some((key, fragment)) = self.doc.fragments.get_key_value(name) else {
            return 0;
        };
        self.heights.insert(key.as_str(), None);
        let height = self.height(&fragment.node.selection_set.node, budget);
        self.heights.insert(key.as_str(), Some(height));
        height
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn refused(text: &str) -> bool {
        check(&parse_query(text).unwrap()).is_some()
    }

    #[test]
    fn counts_selections_per_set() {
        let many = |n: usize| {
            let fields: String = (0..n).map(|i| format!("a{i}: __typename ")).collect();
            format!("{{ {fields} }}")
        };
        assert!(!refused(&many(MAX_SELECTIONS)));
        assert!(refused(&many(MAX_SELECTIONS + 1)));
        // Also inside a fragment that no operation uses yet.
        let fields: String = (0..=MAX_SELECTIONS)
            .map(|i| format!("a{i}: name "))
            .collect();
        assert!(refused(&format!(
            "{{ __typename }} fragment F on Category {{ {fields} }}"
        )));
    }

    #[test]
    fn measures_introspection_through_fragments_once_each() {
        let nest = |n: usize| {
            let mut q = String::from("name");
            for _ in 0..n {
                q = format!("ofType {{ {q} }}");
            }
            q
        };
        // __type + n levels of ofType + name.
        let ok = format!("{{ __type(name: \"A\") {{ {} }} }}", nest(14));
        assert!(!refused(&ok));
        let deep = format!("{{ __type(name: \"A\") {{ {} }} }}", nest(15));
        assert!(refused(&deep));
        // Through a chain of fragments, each spread twice: linear work.
        let mut doc = String::from("{ __schema { types { ...F0 } } }");
        for i in 0..40 {
            doc.push_str(&format!(
                " fragment F{i} on __Type {{ ofType {{ ...F{} ...F{} }} }}",
                i + 1,
                i + 1
            ));
        }
        doc.push_str(" fragment F40 on __Type { name }");
        assert!(refused(&doc));
        // A cycle does not hang the check (validation refuses it later).
        assert!(!refused(
            "{ __schema { types { ...A } } } fragment A on __Type { ofType { ...A } }"
        ));
        // A long chain of fragments, each spreading the next with no field
        // between, is refused without running out of stack.
        let n = 50_000;
        let mut doc = String::from("{ __schema { types { ...F0 } } }");
        for i in 0..n {
            doc.push_str(&format!(" fragment F{i} on __Type {{ ...F{} }}", i + 1));
        }
        doc.push_str(&format!(" fragment F{n} on __Type {{ name }}"));
        assert!(refused(&doc));
    }
}
