//! GraphiQL, served from the binary itself so it works with no internet.
//!
//! The files under `assets/graphiql/` are the published builds of GraphiQL 3
//! and React 18 (MIT licensed, licences beside them), embedded at compile time.

use axum::{
    extract::Path,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

const FILES: [(&str, &str, &[u8]); 4] = [
    (
        "react.production.min.js",
        "text/javascript",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
    (
        "graphiql.min.js",
        "text/javascript",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
];

/// `GET /graphiql/{file}`: one of the embedded assets, cached for a day.
pub async fn asset(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, body)) => (
            [
                (header::CONTENT_TYPE, *mime),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The GraphiQL page, pointed at `/graphql`.
pub fn page() -> &'static str {
    r#"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bantin GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  const defaultQuery = `# bantin: try the home page in one query
{
  featured: articles(filter: { featured: true }, perPage: 3) {
    items { title slug summary publishedAt category { name } }
  }
  latest: articles(perPage: 10) {
    totalCount totalPages
    items { title slug publishedAt }
  }
  categories { name slug children { name slug } }
}
`;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true })
  );
</script>
</body>
</html>
"#
}
