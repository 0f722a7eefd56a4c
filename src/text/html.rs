//! Sanitising editors' HTML with an allow-list, and plain text for snippets.

use std::sync::LazyLock;

use ammonia::Builder;

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::default();
    b.add_tags(["figure", "figcaption", "iframe", "picture", "source"])
        .add_tag_attributes("img", ["width", "height", "loading", "srcset", "sizes"])
        // Responsive images (`<picture>`): only within a picture.
        .add_tag_attributes(
            "source",
            ["srcset", "sizes", "type", "media", "width", "height"],
        )
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
        // Embedded players only from the video hosts portals actually use.
        .add_tag_attributes(
            "iframe",
            ["src", "width", "height", "allowfullscreen", "title"],
        )
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .attribute_filter(|element, attribute, value| {
            if attribute == "srcset" {
                return srcset(value);
            }
            if element == "iframe" && attribute == "src" {
                let allowed = [
                    "https://www.youtube.com/embed/",
                    "https://www.youtube-nocookie.com/embed/",
                    "https://player.vimeo.com/video/",
                    "https://www.facebook.com/plugins/video.php",
                ];
                return allowed
                    .iter()
                    .any(|p| value.starts_with(p))
                    .then(|| value.into());
            }
            Some(value.into())
        })
        .link_rel(Some("noopener noreferrer"));
    b
});

/// The candidates of a `srcset` whose URLs are https, or the site's own
/// media (`/media/…`, over http too); `None` when none is left. Ammonia
/// checks `src`, but does not read `srcset` as URLs.
fn srcset(value: &str) -> Option<std::borrow::Cow<'_, str>> {
    let kept: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|c| {
            let url = c.split_whitespace().next().unwrap_or_default();
            let lower = url.to_ascii_lowercase();
            lower.starts_with("https://")
                || lower.starts_with("/media/")
                || (lower.starts_with("http://") && lower.contains("/media/"))
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join(", ").into())
}

/// The version of the allow-list below. Bodies store the version that
/// cleaned them; raise it whenever the allow-list gets stricter, so rows
/// cleaned before are cleaned again when read (and by `bantin reindex`).
pub const POLICY: i16 = 1;

/// Cleans HTML from an editor: scripts, styles, event handlers and
/// `javascript:`/`data:` URLs go; text structure, links, images and tables stay.
pub fn sanitize(html: &str) -> String {
    drop_empty_iframes(CLEANER.clean(html).to_string())
}

/// Removes the `<iframe>` elements whose source the allow-list refused: an
/// empty frame would still take its box on the page. (Not a safety matter,
/// so `POLICY` stays: older rows only keep an empty frame.)
fn drop_empty_iframes(mut html: String) -> String {
    let mut from = 0;
    while let Some(start) = html[from..].find("<iframe").map(|i| i + from) {
        let Some(open_end) = html[start..].find('>').map(|i| i + start + 1) else {
            break;
        };
        if html[start..open_end].contains(" src=") {
            from = open_end;
            continue;
        }
        let end = html[open_end..]
            .find("</iframe>")
            .map_or(open_end, |i| i + open_end + "</iframe>".len());
        html.replace_range(start..end, "");
        from = start;
    }
    html
}

/// The text of an HTML fragment, with tags removed and whitespace collapsed.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responsive_images_keep_their_sources() {
        let html = r#"<picture><source type="image/webp" srcset="https://cdn.vn/a-640.webp 640w, javascript:alert(1) 1w, data:image/png;base64,AAAA 2w" sizes="100vw"><img src="https://cdn.vn/a.jpg" srcset="http://127.0.0.1:8080/media/ab/x-320.jpeg 320w, http://evil.vn/x.jpg 2w" sizes="50vw" alt="Cầu"></picture>"#;
        let clean = sanitize(html);
        assert!(clean.contains("<picture>"), "{clean}");
        assert!(
            clean.contains(r#"srcset="https://cdn.vn/a-640.webp 640w""#),
            "{clean}"
        );
        assert!(
            clean.contains(r#"srcset="http://127.0.0.1:8080/media/ab/x-320.jpeg 320w""#),
            "{clean}"
        );
        assert!(clean.contains(r#"sizes="50vw""#), "{clean}");
        assert!(!clean.contains("javascript"), "{clean}");
        assert!(!clean.contains("data:"), "{clean}");
        assert!(!clean.contains("evil"), "{clean}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let dirty = r#"<p onclick="x()">Xin chào</p><script>alert(1)</script><img src="https://a.vn/x.jpg" onerror="alert(1)"><a href="javascript:alert(1)">bấm</a>"#;
        let clean = sanitize(dirty);
        assert!(!clean.contains("script"));
        assert!(!clean.contains("onerror"));
        assert!(!clean.contains("onclick"));
        assert!(!clean.contains("javascript:"));
        assert!(clean.contains("<p>Xin chào</p>"));
        assert!(clean.contains(r#"<img src="https://a.vn/x.jpg">"#));
    }

    #[test]
    fn structure_stays() {
        let html =
            "<h2>Mục</h2><table><tbody><tr><td>1</td></tr></tbody></table><ul><li>a</li></ul>";
        assert_eq!(sanitize(html), html);
    }

    #[test]
    fn only_known_players_may_be_embedded() {
        let ok = sanitize(r#"<iframe src="https://www.youtube.com/embed/abc"></iframe>"#);
        assert!(ok.contains("youtube.com/embed/abc"));
        let bad = sanitize(r#"<p>a</p><iframe src="https://evil.example/x"></iframe><p>b</p>"#);
        assert_eq!(bad, "<p>a</p><p>b</p>", "no empty frame is left behind");
    }

    #[test]
    fn text_drops_tags_and_collapses_space() {
        assert_eq!(
            to_text("<p>Một&nbsp;hai</p>\n<p>ba &amp; bốn</p>"),
            "Một hai ba & bốn"
        );
    }
}
