//! The REST resources: each path names the GraphQL field that answers it
//! and where each parameter goes. Types and descriptions of parameters come
//! from the schema (see `catalog`), so this table holds only the mapping.

/// How a root field's answer becomes the body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A numbered page (`items` with totals): the page itself, with `Link`
    /// headers to its neighbours.
    Page,
    /// One resource, or 404 when the field is `null`.
    One,
    /// A plain list, as `{ "items": [...] }`; with a child field, a tree
    /// nested that many levels.
    List {
        children: Option<(&'static str, usize)>,
    },
    /// An object that always exists (the site, the counters).
    Object,
}

/// Where a query parameter goes.
#[derive(Clone, Copy)]
pub enum To {
    /// An argument of the root field.
    Arg(&'static str),
    /// A field of the root field's `filter` argument.
    Filter(&'static str),
    /// An argument of a field always selected (`Endpoint::nested`).
    Nested(&'static str, &'static str),
}

pub struct Param {
    /// The name in the query string (or `{name}` in the path).
    pub name: &'static str,
    pub to: To,
    /// Taken from the path, not the query string.
    pub in_path: bool,
}

pub struct Endpoint {
    /// Below `/api/v1`, with `{slug}` where the path carries one.
    pub path: &'static str,
    /// `operationId` in the OpenAPI description.
    pub operation: &'static str,
    pub summary: &'static str,
    pub root: &'static str,
    pub shape: Shape,
    pub params: &'static [Param],
    /// Fields of the item always selected whole, with arguments from
    /// `To::Nested` parameters (a gallery's page of photos, a hit's item).
    pub nested: &'static [&'static str],
    /// Value fields left out unless asked for with `fields`: heavy in lists.
    pub omit: &'static [&'static str],
}

const fn q(name: &'static str, to: To) -> Param {
    Param {
        name,
        to,
        in_path: false,
    }
}

const SLUG: Param = Param {
    name: "slug",
    to: To::Arg("slug"),
    in_path: true,
};
const PAGE: Param = q("page", To::Arg("page"));
const PER_PAGE: Param = q("perPage", To::Arg("perPage"));
const SORT: Param = q("sort", To::Arg("sort"));
const CATEGORY: Param = q("category", To::Filter("categorySlug"));
const FEATURED: Param = q("featured", To::Filter("featured"));
const AFTER: Param = q("publishedAfter", To::Filter("publishedAfter"));
const BEFORE: Param = q("publishedBefore", To::Filter("publishedBefore"));
const UPDATED: Param = q("updatedAfter", To::Filter("updatedAfter"));
const WORDS: Param = q("q", To::Filter("q"));

/// Heavy fields a list leaves out by default.
const IN_LISTS: &[&str] = &["body", "readingTimeMinutes", "seo", "breadcrumbs"];

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        path: "/articles",
        operation: "listArticles",
        summary: "Published articles, newest first by default, a numbered page at a time",
        root: "articles",
        shape: Shape::Page,
        params: &[
            CATEGORY,
            q("tag", To::Filter("tag")),
            FEATURED,
            AFTER,
            BEFORE,
            UPDATED,
            WORDS,
            SORT,
            PAGE,
            PER_PAGE,
        ],
        nested: &[],
        omit: IN_LISTS,
    },
    Endpoint {
        path: "/articles/{slug}",
        operation: "getArticle",
        summary: "One published article by slug (a draft with a preview token)",
        root: "article",
        shape: Shape::One,
        params: &[SLUG],
        nested: &[],
        omit: &[],
    },
    Endpoint {
        path: "/categories",
        operation: "listCategories",
        summary: "The category tree: top-level categories in menu order with their children",
        root: "categories",
        shape: Shape::List {
            children: Some(("children", 4)),
        },
        params: &[],
        nested: &[],
        omit: &["seo"],
    },
    Endpoint {
        path: "/categories/{slug}",
        operation: "getCategory",
        summary: "One category by slug",
        root: "category",
        shape: Shape::One,
        params: &[SLUG],
        nested: &[],
        omit: &[],
    },
    Endpoint {
        path: "/videos",
        operation: "listVideos",
        summary: "Published videos, a numbered page at a time",
        root: "videos",
        shape: Shape::Page,
        params: &[
            CATEGORY,
            q("tag", To::Filter("tag")),
            q("provider", To::Filter("provider")),
            FEATURED,
            AFTER,
            BEFORE,
            UPDATED,
            WORDS,
            SORT,
            PAGE,
            PER_PAGE,
        ],
        nested: &[],
        omit: IN_LISTS,
    },
    Endpoint {
        path: "/videos/{slug}",
        operation: "getVideo",
        summary: "One published video by slug",
        root: "video",
        shape: Shape::One,
        params: &[SLUG],
        nested: &[],
        omit: &[],
    },
    Endpoint {
        path: "/galleries",
        operation: "listGalleries",
        summary: "Published photo albums (the photo library), a numbered page at a time",
        root: "galleries",
        shape: Shape::Page,
        params: &[
            CATEGORY, FEATURED, AFTER, BEFORE, UPDATED, WORDS, SORT, PAGE, PER_PAGE,
        ],
        nested: &[],
        omit: IN_LISTS,
    },
    Endpoint {
        path: "/galleries/{slug}",
        operation: "getGallery",
        summary: "One published album by slug, with a page of its photos",
        root: "gallery",
        shape: Shape::One,
        params: &[
            SLUG,
            q("photosPage", To::Nested("photos", "page")),
            q("photosPerPage", To::Nested("photos", "perPage")),
        ],
        nested: &["photos"],
        omit: &[],
    },
    Endpoint {
        path: "/documents",
        operation: "listDocuments",
        summary: "Published official documents, a numbered page at a time",
        root: "documents",
        shape: Shape::Page,
        params: &[
            CATEGORY,
            q("documentType", To::Filter("documentType")),
            q("issuer", To::Filter("issuer")),
            q("year", To::Filter("year")),
            FEATURED,
            AFTER,
            BEFORE,
            UPDATED,
            WORDS,
            SORT,
            PAGE,
            PER_PAGE,
        ],
        nested: &[],
        omit: IN_LISTS,
    },
    Endpoint {
        path: "/documents/{slug}",
        operation: "getDocument",
        summary: "One published document by slug",
        root: "document",
        shape: Shape::One,
        params: &[SLUG],
        nested: &[],
        omit: &[],
    },
    Endpoint {
        path: "/pages",
        operation: "listPages",
        summary: "Every published page in tree order (build the tree with parentId)",
        root: "pages",
        shape: Shape::List { children: None },
        params: &[q("menuOnly", To::Arg("menuOnly"))],
        nested: &[],
        omit: IN_LISTS,
    },
    Endpoint {
        path: "/pages/{slug}",
        operation: "getPage",
        summary: "One published page by slug",
        root: "page",
        shape: Shape::One,
        params: &[SLUG],
        nested: &[],
        omit: &[],
    },
    Endpoint {
        path: "/search",
        operation: "search",
        summary: "Searches published content; diacritics optional",
        root: "search",
        shape: Shape::Page,
        params: &[
            q("q", To::Arg("query")),
            q("kinds", To::Arg("kinds")),
            CATEGORY,
            AFTER,
            BEFORE,
            PAGE,
            PER_PAGE,
        ],
        nested: &["node"],
        omit: IN_LISTS,
    },
    Endpoint {
        path: "/search/suggest",
        operation: "suggestSearch",
        summary: "Published titles completing what a reader types; diacritics optional",
        root: "searchSuggest",
        shape: Shape::List { children: None },
        params: &[
            q("q", To::Arg("prefix")),
            q("kinds", To::Arg("kinds")),
            q("first", To::Arg("first")),
        ],
        nested: &["node"],
        omit: IN_LISTS,
    },
    Endpoint {
        path: "/stats",
        operation: "getStats",
        summary: "The visit counters: today, this month, this year, all time, online",
        root: "siteStats",
        shape: Shape::Object,
        params: &[],
        nested: &[],
        omit: &[],
    },
    Endpoint {
        path: "/site",
        operation: "getSite",
        summary: "The site's name, logo, contact, social links and default SEO",
        root: "site",
        shape: Shape::Object,
        params: &[],
        nested: &[],
        omit: &[],
    },
    Endpoint {
        path: "/menus",
        operation: "listMenus",
        summary: "Every menu with its links",
        root: "menus",
        shape: Shape::List { children: None },
        params: &[],
        nested: &["items"],
        omit: &[],
    },
    Endpoint {
        path: "/menus/{slug}",
        operation: "getMenu",
        summary: "One menu by slug (`main`, `footer`)",
        root: "menu",
        shape: Shape::One,
        params: &[SLUG],
        nested: &["items"],
        omit: &[],
    },
];
