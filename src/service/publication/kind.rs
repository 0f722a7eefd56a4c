//! The kinds of publishable content: what a visit, a view count, a search
//! hit, an article's media link or an export row is about.

/// One kind of publishable content. Every part of bantin names kinds with
/// this type; its `as_str` is what the database stores (`article_media.kind`,
/// `search_documents.kind`, `item_views_daily.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContentKind {
    Article,
    Video,
    Gallery,
    Document,
    Page,
}

impl ContentKind {
    /// Every kind, in the order lists and exports use.
    pub const ALL: [ContentKind; 5] = [
        Self::Article,
        Self::Video,
        Self::Gallery,
        Self::Document,
        Self::Page,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Article => "article",
            Self::Video => "video",
            Self::Gallery => "gallery",
            Self::Document => "document",
            Self::Page => "page",
        }
    }

    /// The table holding this kind, with `view_count`, `status` and `published_at`.
    pub const fn table(self) -> &'static str {
        match self {
            Self::Article => "articles",
            Self::Video => "videos",
            Self::Gallery => "galleries",
            Self::Document => "documents",
            Self::Page => "pages",
        }
    }

    /// The kind named `s` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }
}
