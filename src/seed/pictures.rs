//! The demo site's pictures, drawn on request: a landscape in SVG (sky,
//! sun, three hills) whose colours and shapes follow from its name, so the
//! demo looks finished on a machine without internet and stores no files.
//! Served at `/media/demo/{name}-{w}x{h}.svg`; the demo's content links
//! there.

use sha2::{Digest, Sha256};

/// Where the demo picture `name` of `width` x `height` is served.
pub fn url(media_base: &str, name: &str, width: u32, height: u32) -> String {
    format!(
        "{}/demo/{name}-{width}x{height}.svg",
        media_base.trim_end_matches('/')
    )
}

/// Rewrites the demo text's placeholder addresses
/// (`https://picsum.photos/seed/{name}/{w}/{h}`) to pictures served here.
pub fn localise(text: &str, media_base: &str) -> String {
    const FROM: &str = "https://picsum.photos/seed/";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(FROM) {
        out.push_str(&rest[..at]);
        let tail = &rest[at + FROM.len()..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '/'))
            .unwrap_or(tail.len());
        let mut parts = tail[..end].split('/');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(name), Some(w), Some(h), None) if is_name(name) => match (w.parse(), h.parse()) {
                (Ok(w), Ok(h)) => out.push_str(&url(media_base, name, w, h)),
                _ => out.push_str(&rest[at..at + FROM.len() + end]),
            },
            _ => out.push_str(&rest[at..at + FROM.len() + end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Palettes: sky top, sky bottom, sun, far, middle and near hills.
const PALETTES: [[&str; 6]; 6] = [
    [
        "#f6d8b8", "#fbeedd", "#fff6e0", "#9bb7a0", "#5f8f6a", "#2f5e45",
    ],
    [
        "#b9d7ef", "#e6f2fa", "#fffbe6", "#8fb4c9", "#4f7f99", "#2a4f66",
    ],
    [
        "#e8c7d9", "#f7e6ee", "#fff4f0", "#c59bb4", "#8c6b8f", "#4e3f63",
    ],
    [
        "#cfe8d4", "#eef7ef", "#fffde8", "#9fcf9f", "#5fa36a", "#2e6b3f",
    ],
    [
        "#f3e2a9", "#fbf3d6", "#fffbe9", "#c9b27a", "#8f7c4e", "#54482c",
    ],
    [
        "#c9d3f0", "#eceffa", "#fff8ec", "#9aa6d6", "#6673b0", "#363f73",
    ],
];

/// The picture for a served file name (`{name}-{w}x{h}.svg`), or `None`
/// when the name is not one (then the file is not found).
pub fn svg(file: &str) -> Option<String> {
    let stem = file.strip_suffix(".svg")?;
    let (name, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    let (w, h): (u32, u32) = (w.parse().ok()?, h.parse().ok()?);
    if !is_name(name) || !(16..=4000).contains(&w) || !(16..=4000).contains(&h) {
        return None;
    }
    let seed: [u8; 32] = Sha256::digest(name.as_bytes()).into();
    let [sky_top, sky_low, sun, far, middle, near] =
        PALETTES[usize::from(seed[0]) % PALETTES.len()];
    let (wf, hf) = (f64::from(w), f64::from(h));
    let frac = |i: usize| f64::from(seed[i]) / 255.0;
    let sun_x = wf * (0.15 + 0.7 * frac(1));
    let sun_y = hf * (0.12 + 0.2 * frac(2));
    let sun_r = hf * (0.07 + 0.05 * frac(3));
    // A hill: a wave across the picture from `base` (share of the height),
    // `waves` humps high, closed along the bottom edge.
    let hill = |base: f64, amplitude: f64, phase: f64, waves: f64| {
        let mut d = format!("M0 {h}");
        for step in 0..=24 {
            let x = wf * f64::from(step) / 24.0;
            let t = (f64::from(step) / 24.0 * waves + phase) * std::f64::consts::TAU;
            let y = hf * (base - amplitude * t.sin());
            d.push_str(&format!(" L{x:.1} {y:.1}"));
        }
        d.push_str(&format!(" L{w} {h} Z"));
        d
    };
    let (far_d, middle_d, near_d) = (
        hill(0.55, 0.06, frac(4), 1.2 + frac(5)),
        hill(0.68, 0.07, frac(6), 0.8 + frac(7)),
        hill(0.82, 0.05, frac(8), 0.6 + frac(9)),
    );
    Some(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img"><defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{sky_top}"/><stop offset="1" stop-color="{sky_low}"/></linearGradient></defs><rect width="{w}" height="{h}" fill="url(#s)"/><circle cx="{sun_x:.1}" cy="{sun_y:.1}" r="{sun_r:.1}" fill="{sun}"/><path d="{far_d}" fill="{far}"/><path d="{middle_d}" fill="{middle}"/><path d="{near_d}" fill="{near}"/></svg>"#
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_addresses_become_local_pictures() {
        let text = r#"{"url":"https://picsum.photos/seed/ben-do/1200/675","body":"<img src=\"https://picsum.photos/seed/le-loi/800/450\">"}"#;
        let out = localise(text, "http://127.0.0.1:8080/media/");
        assert_eq!(
            out,
            r#"{"url":"http://127.0.0.1:8080/media/demo/ben-do-1200x675.svg","body":"<img src=\"http://127.0.0.1:8080/media/demo/le-loi-800x450.svg\">"}"#
        );
        // Anything else is left as it was.
        let other = "https://picsum.photos/seed/Upper/1/2 https://example.vn/x.jpg";
        assert_eq!(localise(other, "/m"), other);
    }

    #[test]
    fn pictures_follow_their_name_and_refuse_other_names() {
        let a = svg("ben-do-1200x675.svg").unwrap();
        assert!(a.starts_with("<svg") && a.contains(r#"width="1200" height="675""#));
        assert_eq!(Some(a.clone()), svg("ben-do-1200x675.svg"));
        assert_ne!(Some(a), svg("le-loi-1200x675.svg"));
        for bad in [
            "ben-do-1200x675.png",
            "ben-do.svg",
            "Ben-do-10x10.svg",
            "x-99999x10.svg",
            "x-10x10.svg",
            "<script>-100x100.svg",
        ] {
            assert_eq!(svg(bad), None, "{bad}");
        }
    }
}
