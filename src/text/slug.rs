//! URL slugs from Vietnamese titles: "Đại hội Chi bộ" -> `dai-hoi-chi-bo`.

use crate::error::{AppError, AppResult};

use super::fold::fold;

/// Longest slug we create or accept.
pub const MAX_LEN: usize = 120;

/// Derives a slug: folded, ASCII letters and digits, words joined by `-`,
/// cut at a word boundary near [`MAX_LEN`]. Returns an empty string when the
/// title holds no letters or digits at all.
pub fn slugify(title: &str) -> String {
    let folded = fold(title);
    let mut slug = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() + 1 > MAX_LEN {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() && !folded.is_empty() {
        // A single giant word: cut it rather than give nothing.
        slug = folded
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(MAX_LEN)
            .collect();
    }
    slug
}

/// Checks a slug given by a client: lowercase ASCII letters, digits and single
/// inner hyphens.
pub fn validate(field: &'static str, slug: &str) -> AppResult<()> {
    let ok = !slug.is_empty()
        && slug.len() <= MAX_LEN
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            field,
            format!(
                "slug must be 1-{MAX_LEN} lowercase letters, digits and single hyphens, like `dai-hoi-chi-bo`"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_titles_become_ascii_slugs() {
        assert_eq!(slugify("Đại hội Chi bộ"), "dai-hoi-chi-bo");
        assert_eq!(
            slugify("  Thông báo: lịch tiếp công dân (tháng 12/2026)!  "),
            "thong-bao-lich-tiep-cong-dan-thang-12-2026"
        );
        assert_eq!(slugify("Ủy ban nhân dân"), "uy-ban-nhan-dan");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let title = "rất dài ".repeat(40);
        let slug = slugify(&title);
        assert!(slug.len() <= MAX_LEN);
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn titles_without_letters_give_an_empty_slug() {
        assert_eq!(slugify("!!! ???"), "");
    }

    #[test]
    fn validates_client_slugs() {
        assert!(validate("slug", "dai-hoi-2026").is_ok());
        for bad in ["", "Dai-hoi", "dai--hoi", "-dai", "đại", "dai hoi"] {
            assert!(validate("slug", bad).is_err(), "{bad}");
        }
    }
}
