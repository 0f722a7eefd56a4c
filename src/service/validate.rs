//! Field checks shared by every kind of content: text lengths and URLs.
//! Each failure names the input field, reported as `extensions.field`.

use crate::error::{AppError, AppResult};

/// A required text, trimmed, of `min..=max` characters.
pub fn text_field(field: &'static str, value: &str, min: usize, max: usize) -> AppResult<String> {
    let v = value.trim();
    let n = v.chars().count();
    if n < min || n > max {
        return Err(AppError::invalid(
            field,
            if min > 0 {
                format!("{field} must be {min}-{max} characters")
            } else {
                format!("{field} must be at most {max} characters")
            },
        ));
    }
    Ok(v.to_owned())
}

/// An optional text, trimmed; empty becomes `None`.
pub fn optional(
    field: &'static str,
    value: Option<String>,
    max: usize,
) -> AppResult<Option<String>> {
    value
        .map(|v| text_field(field, &v, 0, max))
        .transpose()
        .map(|v| v.filter(|s| !s.is_empty()))
}

/// Only http(s) URLs: no `javascript:`, `data:` or relative tricks.
pub fn check_url(field: &'static str, url: &str) -> AppResult<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() <= 2000
        && url.len() > "https://".len()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(url.to_owned())
    } else {
        Err(AppError::invalid(field, "must be an http or https URL"))
    }
}

/// An optional URL; empty becomes `None`.
pub fn optional_url(field: &'static str, url: Option<String>) -> AppResult<Option<String>> {
    url.filter(|u| !u.trim().is_empty())
        .map(|u| check_url(field, &u))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_urls_pass() {
        assert!(check_url("url", "https://songlam.gov.vn/a.jpg").is_ok());
        assert!(check_url("url", " HTTP://songlam.gov.vn ").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "/relative/path.jpg",
            "https://",
            "ftp://songlam.gov.vn/a.jpg",
            "https://songlam.gov.vn/a b.jpg",
        ] {
            assert!(check_url("url", bad).is_err(), "{bad}");
        }
    }
}
