//! Where a video lives and how a page embeds it, from its URL alone.
//!
//! YouTube players use the privacy-enhanced host `www.youtube-nocookie.com`
//! (no cookies until the reader presses play, which suits public-sector
//! sites); a start time in the link (`t=1m30s`, `t=90`, `start=90`) becomes
//! `?start=90`. Vimeo plays from `player.vimeo.com`, Facebook through its
//! video plugin, and a direct file (`.mp4`, `.webm`, `.m3u8`) is its own
//! source. Anything else is `Other`, with no embed URL.

/// The host of a video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    YouTube,
    Vimeo,
    Facebook,
    /// A file served as is: MP4, WebM, or an HLS playlist.
    File,
    Other,
}

impl Provider {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::YouTube => "youtube",
            Provider::Vimeo => "vimeo",
            Provider::Facebook => "facebook",
            Provider::File => "file",
            Provider::Other => "other",
        }
    }

    /// From the stored name; unknown names are `Other`.
    pub fn parse(s: &str) -> Provider {
        match s {
            "youtube" => Provider::YouTube,
            "vimeo" => Provider::Vimeo,
            "facebook" => Provider::Facebook,
            "file" => Provider::File,
            _ => Provider::Other,
        }
    }
}

/// What a video URL tells us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub provider: Provider,
    /// The URL to put in an `<iframe>` (or `<video>` for files).
    pub embed_url: Option<String>,
    /// The provider's own thumbnail, when it has a predictable one.
    pub thumbnail_url: Option<String>,
}

/// Reads an http(s) URL. A link to a known provider that names no video (a
/// channel, a profile) is an error with a message for the editor.
pub fn detect(url: &str) -> Result<Source, &'static str> {
    let parts = Parts::of(url);
    let host = parts.host.strip_prefix("www.").unwrap_or(&parts.host);
    match host {
        "youtube.com"
        | "m.youtube.com"
        | "music.youtube.com"
        | "youtube-nocookie.com"
        | "youtu.be" => youtube(&parts, host == "youtu.be"),
        "vimeo.com" | "player.vimeo.com" => vimeo(&parts),
        "facebook.com" | "m.facebook.com" | "web.facebook.com" | "fb.watch" => {
            facebook(url, &parts, host == "fb.watch")
        }
        _ if is_file(parts.path) => Ok(Source {
            provider: Provider::File,
            embed_url: Some(url.to_owned()),
            thumbnail_url: None,
        }),
        _ => Ok(Source {
            provider: Provider::Other,
            embed_url: None,
            thumbnail_url: None,
        }),
    }
}

/// The pieces of a URL we look at.
struct Parts<'a> {
    host: String,
    path: &'a str,
    query: &'a str,
    fragment: &'a str,
}

impl<'a> Parts<'a> {
    fn of(url: &'a str) -> Parts<'a> {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        let host = authority.rsplit('@').next().unwrap_or(authority);
        let host = host.split(':').next().unwrap_or(host);
        Parts {
            host: host.to_ascii_lowercase(),
            path,
            query,
            fragment,
        }
    }

    /// Path segments, without empty ones.
    fn segments(&self) -> impl Iterator<Item = &'a str> {
        self.path.split('/').filter(|s| !s.is_empty())
    }

    /// A query parameter (or, for `t`, a fragment one: `#t=42`).
    fn param(&self, name: &str) -> Option<&'a str> {
        self.query
            .split('&')
            .chain(self.fragment.split('&'))
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

fn youtube(parts: &Parts<'_>, short: bool) -> Result<Source, &'static str> {
    let mut segments = parts.segments();
    let id = if short {
        segments.next()
    } else {
        match segments.next() {
            Some("watch") => parts.param("v"),
            Some("shorts" | "embed" | "live" | "v") => segments.next(),
            _ => None,
        }
    };
    let id = id
        .filter(|id| is_youtube_id(id))
        .ok_or("a YouTube link must name one video (watch?v=, youtu.be/, /shorts/ or /embed/)")?;
    let start = parts
        .param("t")
        .or_else(|| parts.param("start"))
        .and_then(seconds)
        .filter(|s| *s > 0);
    let embed = match start {
        Some(s) => format!("https://www.youtube-nocookie.com/embed/{id}?start={s}"),
        None => format!("https://www.youtube-nocookie.com/embed/{id}"),
    };
    Ok(Source {
        provider: Provider::YouTube,
        embed_url: Some(embed),
        thumbnail_url: Some(format!("https://i.ytimg.com/vi/{id}/hqdefault.jpg")),
    })
}

/// YouTube ids are 11 characters of the URL-safe base64 alphabet.
fn is_youtube_id(id: &str) -> bool {
    id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A start time: `90`, `90s`, `1m30s`, `1h2m3s`.
fn seconds(t: &str) -> Option<u32> {
    if let Ok(n) = t.parse::<u32>() {
        return Some(n);
    }
    let mut total: u32 = 0;
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: u32 = digits.parse().ok()?;
        digits.clear();
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    if digits.is_empty() { Some(total) } else { None }
}

fn vimeo(parts: &Parts<'_>) -> Result<Source, &'static str> {
    let segments: Vec<&str> = parts.segments().collect();
    let at = segments
        .iter()
        .position(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .ok_or("a Vimeo link must name one video, like https://vimeo.com/123456789")?;
    let id = segments[at];
    // Unlisted videos carry a hash after the id (or as `h=`), which the
    // player needs too.
    let hash = segments
        .get(at + 1)
        .copied()
        .filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric()))
        .or_else(|| parts.param("h"));
    let embed = match hash {
        Some(h) => format!("https://player.vimeo.com/video/{id}?h={h}"),
        None => format!("https://player.vimeo.com/video/{id}"),
    };
    Ok(Source {
        provider: Provider::Vimeo,
        embed_url: Some(embed),
        thumbnail_url: None,
    })
}

fn facebook(url: &str, parts: &Parts<'_>, short: bool) -> Result<Source, &'static str> {
    let is_video = short
        || parts.path.contains("/videos/")
        || parts.path.starts_with("/watch")
        || parts.path.starts_with("/reel/")
        || parts.path.starts_with("/share/v/");
    if !is_video {
        return Err(
            "a Facebook link must point to a video (…/videos/…, /watch?v=, /reel/ or fb.watch)",
        );
    }
    Ok(Source {
        provider: Provider::Facebook,
        embed_url: Some(format!(
            "https://www.facebook.com/plugins/video.php?href={}",
            percent_encode(url)
        )),
        thumbnail_url: None,
    })
}

fn is_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".mp4", ".webm", ".m3u8"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Encodes all but the unreserved characters, for a URL inside a query.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embed(url: &str) -> Option<String> {
        detect(url).ok().and_then(|s| s.embed_url)
    }

    fn provider(url: &str) -> Option<Provider> {
        detect(url).ok().map(|s| s.provider)
    }

    const YT: &str = "https://www.youtube-nocookie.com/embed/q7Lm2XaB9cD";

    #[test]
    fn youtube_watch_links() {
        for url in [
            "https://www.youtube.com/watch?v=q7Lm2XaB9cD",
            "https://youtube.com/watch?feature=share&v=q7Lm2XaB9cD",
            "http://m.youtube.com/watch?v=q7Lm2XaB9cD",
            "https://WWW.YouTube.com/watch?v=q7Lm2XaB9cD&list=PL123",
        ] {
            assert_eq!(provider(url), Some(Provider::YouTube), "{url}");
            assert_eq!(embed(url).as_deref(), Some(YT), "{url}");
        }
    }

    #[test]
    fn youtube_short_shorts_embed_and_live_links() {
        for url in [
            "https://youtu.be/q7Lm2XaB9cD",
            "https://youtu.be/q7Lm2XaB9cD?si=abc",
            "https://www.youtube.com/shorts/q7Lm2XaB9cD",
            "https://www.youtube.com/embed/q7Lm2XaB9cD",
            "https://www.youtube-nocookie.com/embed/q7Lm2XaB9cD",
            "https://www.youtube.com/live/q7Lm2XaB9cD?feature=shared",
        ] {
            assert_eq!(embed(url).as_deref(), Some(YT), "{url}");
        }
    }

    #[test]
    fn youtube_start_times_become_seconds() {
        for (url, start) in [
            ("https://youtu.be/Zr4_kTp8wQe?t=42", 42),
            ("https://www.youtube.com/watch?v=Zr4_kTp8wQe&t=90", 90),
            ("https://www.youtube.com/watch?v=Zr4_kTp8wQe&t=90s", 90),
            ("https://www.youtube.com/watch?v=Zr4_kTp8wQe&t=1m30s", 90),
            ("https://www.youtube.com/watch?v=Zr4_kTp8wQe&t=1h0m5s", 3605),
            ("https://www.youtube.com/embed/Zr4_kTp8wQe?start=75", 75),
            ("https://www.youtube.com/watch?v=Zr4_kTp8wQe#t=30", 30),
        ] {
            assert_eq!(
                embed(url),
                Some(format!(
                    "https://www.youtube-nocookie.com/embed/Zr4_kTp8wQe?start={start}"
                )),
                "{url}"
            );
        }
        // Nonsense or zero start times are dropped, not errors.
        assert_eq!(
            embed("https://youtu.be/Zr4_kTp8wQe?t=abc").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/Zr4_kTp8wQe")
        );
        assert_eq!(
            embed("https://youtu.be/Zr4_kTp8wQe?t=0").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/Zr4_kTp8wQe")
        );
    }

    #[test]
    fn youtube_thumbnails_are_derived() {
        let s = detect("https://www.youtube.com/shorts/bD3-nV6yLs0").ok();
        assert_eq!(
            s.and_then(|s| s.thumbnail_url).as_deref(),
            Some("https://i.ytimg.com/vi/bD3-nV6yLs0/hqdefault.jpg")
        );
    }

    #[test]
    fn youtube_links_without_a_video_are_refused() {
        for url in [
            "https://www.youtube.com/@thixasonglam",
            "https://www.youtube.com/channel/UC123",
            "https://www.youtube.com/watch?list=PL123",
            "https://youtu.be/",
            "https://youtu.be/too-short",
        ] {
            assert!(detect(url).is_err(), "{url}");
        }
    }

    #[test]
    fn vimeo_links() {
        for url in [
            "https://vimeo.com/873214560",
            "https://www.vimeo.com/873214560?share=copy",
            "https://vimeo.com/channels/staffpicks/873214560",
            "https://player.vimeo.com/video/873214560",
        ] {
            assert_eq!(provider(url), Some(Provider::Vimeo), "{url}");
            assert_eq!(
                embed(url).as_deref(),
                Some("https://player.vimeo.com/video/873214560"),
                "{url}"
            );
        }
        assert_eq!(
            embed("https://vimeo.com/873214560/ab12cd34ef").as_deref(),
            Some("https://player.vimeo.com/video/873214560?h=ab12cd34ef")
        );
        assert!(detect("https://vimeo.com/thixasonglam").is_err());
    }

    #[test]
    fn facebook_links_go_through_the_video_plugin() {
        let url = "https://www.facebook.com/thixasonglam/videos/1048276391528374";
        assert_eq!(provider(url), Some(Provider::Facebook));
        assert_eq!(
            embed(url).as_deref(),
            Some(
                "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fthixasonglam%2Fvideos%2F1048276391528374"
            )
        );
        for url in [
            "https://www.facebook.com/watch/?v=1048276391528374",
            "https://m.facebook.com/reel/1048276391528374",
            "https://fb.watch/abcDEF123/",
        ] {
            assert_eq!(provider(url), Some(Provider::Facebook), "{url}");
        }
        assert!(detect("https://www.facebook.com/thixasonglam").is_err());
    }

    #[test]
    fn direct_files_embed_themselves() {
        for url in [
            "https://cdn.songlam.gov.vn/video/gioi-thieu.mp4",
            "https://cdn.songlam.gov.vn/video/gioi-thieu.WEBM",
            "https://live.songlam.gov.vn/hls/khai-giang/index.m3u8?token=1",
        ] {
            assert_eq!(provider(url), Some(Provider::File), "{url}");
            assert_eq!(embed(url).as_deref(), Some(url), "{url}");
        }
    }

    #[test]
    fn other_hosts_have_no_embed() {
        let s = detect("https://songlam.gov.vn/video/123").ok();
        assert_eq!(s.as_ref().map(|s| s.provider), Some(Provider::Other));
        assert_eq!(s.and_then(|s| s.embed_url), None);
    }

    #[test]
    fn providers_round_trip_through_their_names() {
        for p in [
            Provider::YouTube,
            Provider::Vimeo,
            Provider::Facebook,
            Provider::File,
            Provider::Other,
        ] {
            assert_eq!(Provider::parse(p.as_str()), p);
        }
    }
}
