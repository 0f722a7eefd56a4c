//! The two shapes every list comes in: numbered pages with totals, for web
//! pages with page links, and Relay connections, for infinite scroll. One
//! macro each, so articles, videos, galleries and photos page alike.

use async_graphql::SimpleObject;

/// Relay page information.
#[derive(SimpleObject, Clone, Debug, Default)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
    pub end_cursor: Option<String>,
}

/// A numbered page type: `items` with totals, for pages "1 2 3 …".
macro_rules! page_type {
    ($name:ident, $item:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(async_graphql::SimpleObject, Debug)]
        #[graphql(complex)]
        pub struct $name {
            pub items: Vec<$item>,
            /// All matching items, on every page.
            pub total_count: i32,
            /// This page's number, from 1.
            pub page: i32,
            pub per_page: i32,
            pub total_pages: i32,
        }

        #[async_graphql::ComplexObject]
        impl $name {
            async fn has_next_page(&self) -> bool {
                self.page < self.total_pages
            }

            async fn has_previous_page(&self) -> bool {
                self.page > 1
            }
        }

        impl $name {
            /// Converts a service page, wrapping each item.
            pub fn of<T>(
                p: $crate::service::pagination::Page<T>,
                wrap: impl FnMut(T) -> $item,
            ) -> Self {
                use $crate::graphql::types::common::int;
                $name {
                    total_count: int(p.total),
                    page: int(p.page),
                    per_page: int(p.per_page),
                    total_pages: int(p.total_pages()),
                    items: p.items.into_iter().map(wrap).collect(),
                }
            }
        }
    };
}

pub(crate) use page_type;

/// A Relay connection type over a service `CursorPage` of entity models.
macro_rules! connection_type {
    ($name:ident, $edge:ident, $item:ident, $model:ty, $doc:literal) => {
        #[doc = concat!("One entry of `", stringify!($name), "`: an item with its cursor.")]
        #[derive(async_graphql::SimpleObject, Debug)]
        pub struct $edge {
            pub cursor: String,
            pub node: $item,
        }

        #[doc = $doc]
        #[derive(async_graphql::SimpleObject, Debug)]
        #[graphql(complex)]
        pub struct $name {
            pub edges: Vec<$edge>,
            pub page_info: $crate::graphql::types::paging::PageInfo,
            /// All matching items.
            pub total_count: i32,
        }

        #[async_graphql::ComplexObject]
        impl $name {
            /// The same items without cursors, for clients that need no edges.
            async fn nodes(&self) -> Vec<$item> {
                // Copied only when asked for: items can be whole articles.
                self.edges.iter().map(|e| e.node.clone()).collect()
            }
        }

        impl From<$crate::service::pagination::CursorPage<$model>> for $name {
            fn from(p: $crate::service::pagination::CursorPage<$model>) -> Self {
                let cursors: Vec<String> = p.items.iter().map(|(c, _)| c.encode()).collect();
                let page_info = $crate::graphql::types::paging::PageInfo {
                    has_next_page: p.has_next_page,
                    has_previous_page: p.has_previous_page,
                    start_cursor: cursors.first().cloned(),
                    end_cursor: cursors.last().cloned(),
                };
                $name {
                    edges: p
                        .items
                        .into_iter()
                        .zip(cursors)
                        .map(|((_, m), cursor)| $edge {
                            cursor,
                            node: $item(m),
                        })
                        .collect(),
                    page_info,
                    total_count: $crate::graphql::types::common::int(p.total),
                }
            }
        }
    };
}
pub(crate) use connection_type;
