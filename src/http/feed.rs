//! Feeds and sitemaps: `/rss.xml`, `/atom.xml`, `/categories/{slug}/rss.xml`,
//! `/sitemap.xml` (an index) with its files under `/sitemaps/`, and
//! `/robots.txt`. Links point at the frontend (`Config::links`); every
//! answer carries an `ETag` and `Last-Modified` and answers 304 to a client
//! that already has it.

use std::fmt::Write;

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, SecondsFormat, Utc};
use entity::{article, category};

use super::edge::Edge;
use crate::{
    config::Links,
    error::AppError,
    service::feed::{self, Feed},
};

/// `&`, `<`, `>`, `"` and `'` as XML entities; control characters other
/// than tab and newlines dropped (XML 1.0 cannot hold them).
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An HTTP date (`Last-Modified`), always in GMT.
fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// The answer, or 304 when the client's copy is current: by `ETag` when it
/// sends one, else by date.
fn conditional(
    headers: &HeaderMap,
    content_type: &'static str,
    body: String,
    last_modified: Option<DateTime<Utc>>,
) -> Response {
    let etag = super::cache::etag(body.as_bytes());
    let etag_value = HeaderValue::from_maybe_shared(etag.clone()).ok();
    let not_modified = match headers.get(header::IF_NONE_MATCH) {
        Some(sent) => sent.to_str().is_ok_and(|s| {
            s.split(',')
                .any(|t| t.trim() == "*" || t.trim().as_bytes() == etag)
        }),
        None => match (last_modified, headers.get(header::IF_MODIFIED_SINCE)) {
            (Some(last), Some(since)) => since
                .to_str()
                .ok()
                .and_then(|s| DateTime::parse_from_rfc2822(s).ok())
                .is_some_and(|since| last <= since),
            _ => false,
        },
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, content_type)], body).into_response()
    };
    let h = response.headers_mut();
    if let Some(e) = etag_value {
        h.insert(header::ETAG, e);
    }
    if let Some(last) = last_modified.and_then(|t| HeaderValue::from_str(&http_date(t)).ok()) {
        h.insert(header::LAST_MODIFIED, last);
    }
    // Shared caches may keep it a minute; clients revalidate with the tags.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    response
}

fn not_found(what: &'static str) -> Response {
    AppError::NotFound(what).into_response()
}

/// A guess at a cover's media type from its address, for enclosures.
fn image_type(url: &str) -> &'static str {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match path.rsplit('.').next() {
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("avif") => "image/avif",
        _ => "image/jpeg",
    }
}

/// The title, home link and own address of a feed.
fn heading(links: &Links, feed: &Feed, own_path: &str) -> (String, String, String) {
    match &feed.category {
        Some(c) => (
            format!("{} – {}", links.site_name, c.name),
            links.url(&links.category, &c.slug, c.id),
            links.own(own_path),
        ),
        None => (links.site_name.clone(), links.own(""), links.own(own_path)),
    }
}

fn section<'a>(feed: &'a Feed, a: &article::Model) -> Option<&'a category::Model> {
    feed.categories.iter().find(|c| c.id == a.category_id)
}

fn newest_change(feed: &Feed) -> Option<DateTime<Utc>> {
    feed.articles
        .iter()
        .map(|a| a.updated_at.max(a.published_at.unwrap_or(a.updated_at)))
        .max()
}

/// RSS 2.0.
fn rss(links: &Links, feed: &Feed, own_path: &str) -> String {
    let (title, home, own) = heading(links, feed, own_path);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n",
    );
    let _ = write!(
        out,
        "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>vi</language>\n\
         <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml(&title),
        xml(&home),
        xml(feed
            .category
            .as_ref()
            .and_then(|c| c.description.as_deref())
            .unwrap_or(&title)),
        xml(&own),
    );
    if let Some(last) = newest_change(feed) {
        let _ = writeln!(out, "<lastBuildDate>{}</lastBuildDate>", last.to_rfc2822());
    }
    for a in &feed.articles {
        let link = links.url(&links.article, &a.slug, a.id);
        let _ = write!(
            out,
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n",
            xml(&a.title),
            xml(&link),
            xml(&link)
        );
        if let Some(at) = a.published_at {
            let _ = writeln!(out, "<pubDate>{}</pubDate>", at.to_rfc2822());
        }
        if let Some(s) = &a.summary {
            let _ = writeln!(out, "<description>{}</description>", xml(s));
        }
        if let Some(c) = section(feed, a) {
            let _ = writeln!(out, "<category>{}</category>", xml(&c.name));
        }
        if let Some(by) = &a.author_name {
            let _ = writeln!(out, "<dc:creator>{}</dc:creator>", xml(by));
        }
        if let Some(cover) = &a.cover_url {
            // The size is unknown without fetching it; 0 is the usual mark.
            let _ = writeln!(
                out,
                "<enclosure url=\"{}\" length=\"0\" type=\"{}\"/>",
                xml(cover),
                image_type(cover)
            );
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// Atom (RFC 4287).
fn atom(links: &Links, feed: &Feed, own_path: &str) -> String {
    let (title, home, own) = heading(links, feed, own_path);
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let updated = newest_change(feed).unwrap_or(DateTime::UNIX_EPOCH);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n",
    );
    let _ = write!(
        out,
        "<title>{}</title>\n<id>{}</id>\n<updated>{}</updated>\n<link rel=\"alternate\" href=\"{}\"/>\n\
         <link rel=\"self\" href=\"{}\"/>\n<author><name>{}</name></author>\n",
        xml(&title),
        xml(&own),
        stamp(updated),
        xml(&home),
        xml(&own),
        xml(&links.site_name),
    );
    for a in &feed.articles {
        let link = links.url(&links.article, &a.slug, a.id);
        let _ = write!(
            out,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<updated>{}</updated>\n",
            xml(&a.title),
            xml(&link),
            xml(&link),
            stamp(a.updated_at.max(a.published_at.unwrap_or(a.updated_at)))
        );
        if let Some(at) = a.published_at {
            let _ = writeln!(out, "<published>{}</published>", stamp(at));
        }
        if let Some(s) = &a.summary {
            let _ = writeln!(out, "<summary>{}</summary>", xml(s));
        }
        if let Some(by) = &a.author_name {
            let _ = writeln!(out, "<author><name>{}</name></author>", xml(by));
        }
        if let Some(c) = section(feed, a) {
            let _ = writeln!(
                out,
                "<category term=\"{}\" label=\"{}\"/>",
                xml(&c.slug),
                xml(&c.name)
            );
        }
        if let Some(cover) = &a.cover_url {
            let _ = writeln!(
                out,
                "<link rel=\"enclosure\" href=\"{}\" type=\"{}\"/>",
                xml(cover),
                image_type(cover)
            );
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

async fn feed_response(
    state: &Edge,
    headers: &HeaderMap,
    category: Option<&str>,
    own_path: &str,
    atom_format: bool,
) -> Response {
    let found = match feed::latest(&state.app.db, category).await {
        Ok(Some(feed)) => feed,
        Ok(None) => return not_found("category"),
        Err(e) => return e.into_response(),
    };
    let links = &state.app.config.links;
    let last = newest_change(&found);
    if atom_format {
        let body = atom(links, &found, own_path);
        conditional(headers, "application/atom+xml; charset=utf-8", body, last)
    } else {
        let body = rss(links, &found, own_path);
        conditional(headers, "application/rss+xml; charset=utf-8", body, last)
    }
}

/// `GET /rss.xml`: the newest 50 articles of the site.
pub async fn site_rss(State(state): State<Edge>, headers: HeaderMap) -> Response {
    feed_response(&state, &headers, None, "/rss.xml", false).await
}

/// `GET /atom.xml`: the same as Atom.
pub async fn site_atom(State(state): State<Edge>, headers: HeaderMap) -> Response {
    feed_response(&state, &headers, None, "/atom.xml", true).await
}

/// `GET /categories/{slug}/rss.xml`: the newest 50 of a section and its
/// sub-sections.
pub async fn category_rss(
    State(state): State<Edge>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let own = format!("/categories/{slug}/rss.xml");
    feed_response(&state, &headers, Some(&slug), &own, false).await
}

/// The file name of a sitemap part: `articles-2026-11.xml`, `videos-2.xml`.
fn part_file(part: &feed::Part) -> String {
    if part.page == 1 {
        format!("{}.xml", part.name)
    } else {
        format!("{}-{}.xml", part.name, part.page)
    }
}

/// `GET /sitemap.xml`: the index of the sitemap files.
pub async fn sitemap_index(State(state): State<Edge>, headers: HeaderMap) -> Response {
    let parts = match feed::parts(&state.app.db).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let links = &state.app.config.links;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in &parts {
        let _ = writeln!(
            out,
            "<sitemap><loc>{}</loc><lastmod>{}</lastmod></sitemap>",
            xml(&links.own(&format!("/sitemaps/{}", part_file(p)))),
            p.last_modified.to_rfc3339_opts(SecondsFormat::Secs, true)
        );
    }
    out.push_str("</sitemapindex>\n");
    let last = parts.iter().map(|p| p.last_modified).max();
    conditional(&headers, "application/xml; charset=utf-8", out, last)
}

/// `GET /sitemaps/{file}`: one file of the index.
pub async fn sitemap_part(
    State(state): State<Edge>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((name, page)) = file.strip_suffix(".xml").and_then(part_of) else {
        return not_found("sitemap");
    };
    let entries = match feed::entries(&state.app.db, name, page).await {
        // A file the index would not list (no such name, an empty page).
        Ok(Some(e)) if !e.is_empty() => e,
        Ok(_) => return not_found("sitemap"),
        Err(e) => return e.into_response(),
    };
    let last = entries.iter().map(|e| e.updated_at).max();
    let links = &state.app.config.links;
    let pattern = match name {
        n if n.starts_with("articles-") => &links.article,
        "categories" => &links.category,
        "documents" => &links.document,
        "videos" => &links.video,
        "galleries" => &links.gallery,
        _ => &links.page,
    };
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for e in &entries {
        let _ = writeln!(
            out,
            "<url><loc>{}</loc><lastmod>{}</lastmod></url>",
            xml(&links.url(pattern, &e.slug, e.id)),
            e.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true)
        );
    }
    out.push_str("</urlset>\n");
    conditional(&headers, "application/xml; charset=utf-8", out, last)
}

/// The part name and page of a file stem, as [`part_file`] writes them:
/// `articles-2026-11` (a month, whose `-11` is no page), `videos-2`.
fn part_of(stem: &str) -> Option<(&str, u64)> {
    // `articles-YYYY-MM` is sixteen characters; anything after is a page.
    let split = if stem.starts_with("articles-") {
        stem.get(..16).map(|name| (name, &stem[name.len()..]))
    } else {
        Some(match stem.rsplit_once('-') {
            Some((name, n)) if n.bytes().all(|b| b.is_ascii_digit()) => (name, &stem[name.len()..]),
            _ => (stem, ""),
        })
    }?;
    match split.1.strip_prefix('-') {
        None if split.1.is_empty() => Some((split.0, 1)),
        Some(n) => n.parse().ok().filter(|p| *p > 1).map(|p| (split.0, p)),
        None => None,
    }
}

/// `GET /robots.txt`: everything may be crawled but the API itself; the
/// sitemap is named.
pub async fn robots(State(state): State<Edge>) -> impl IntoResponse {
    let links = &state.app.config.links;
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "User-agent: *\nDisallow: /graphql\nDisallow: /api/\nSitemap: {}\n",
            links.own("/sitemap.xml")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::{image_type, part_of, xml};

    #[test]
    fn sitemap_file_names_read_back_as_written() {
        assert_eq!(part_of("articles-2026-11"), Some(("articles-2026-11", 1)));
        assert_eq!(part_of("articles-2026-11-2"), Some(("articles-2026-11", 2)));
        assert_eq!(part_of("videos"), Some(("videos", 1)));
        assert_eq!(part_of("videos-3"), Some(("videos", 3)));
        assert_eq!(part_of("videos-1"), None);
        assert_eq!(part_of("articles-2026"), None);
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            xml("Tôm & cá <b>\"x\"</b> 'y'\u{1}"),
            "Tôm &amp; cá &lt;b&gt;&quot;x&quot;&lt;/b&gt; &apos;y&apos;"
        );
        assert_eq!(image_type("https://a/b.PNG?w=2"), "image/png");
        assert_eq!(image_type("https://a/b"), "image/jpeg");
    }
}
