//! Sanitising editors' HTML with an allow-list, and plain text for snippets.

use std::sync::LazyLock;

use ammonia::Builder;

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::default();
    b.add_tags(["figure", "figcaption", "iframe"])
        .add_tag_attributes("img", ["width", "height", "loading"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
        // Embedded players only from the video hosts portals actually use.
        .add_tag_attributes(
            "iframe",
            ["src", "width", "height", "allowfullscreen", "title"],
        )
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .attribute_filter(|element, attribute, value| {
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
