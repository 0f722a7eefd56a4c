//! Telling crawlers from readers by their user agent.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Words that mark automated clients: search engines, link previews, uptime
/// checks and headless browsers. Matched case-insensitively.
const MARKERS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "bingpreview",
    "facebookexternalhit",
    "headlesschrome",
    "lighthouse",
    "pingdom",
    "uptimerobot",
    "monitor",
    "python-requests",
    "scrapy",
    "wget",
    "curl/",
    "go-http-client",
    "httpclient",
    "phantomjs",
    "preview",
    "zalo-link",
];

/// All markers in one automaton: one pass over the user agent, no copy.
static MATCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        // A few dozen short markers make a small DFA: one table step per byte.
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(MARKERS)
        .ok()
});

/// Whether a hit with this user agent should not be counted.
pub fn is_bot(user_agent: Option<&str>) -> bool {
    let Some(ua) = user_agent else { return false };
    match MATCHER.as_ref() {
        Some(m) => m.is_match(ua),
        // Unreachable with the fixed markers above; kept total all the same.
        None => {
            let ua = ua.to_ascii_lowercase();
            MARKERS.iter().any(|m| ua.contains(m))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_bot;

    #[test]
    fn crawlers_are_bots_and_browsers_are_not() {
        for ua in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "facebookexternalhit/1.1",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0",
            "curl/8.5.0",
            "Mozilla/5.0 (compatible; YandexBOT/3.0)",
            "Zalo-Link-Preview",
        ] {
            assert!(is_bot(Some(ua)), "{ua}");
        }
        for ua in [
            "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1",
        ] {
            assert!(!is_bot(Some(ua)), "{ua}");
        }
        assert!(!is_bot(None));
    }
}
