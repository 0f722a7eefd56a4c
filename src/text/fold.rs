//! Folding Vietnamese text to plain lowercase ASCII-ish letters.
//!
//! "Văn phòng" and "VĂN PHÒNG" and "van phong" all fold to "van phong". Input
//! may be precomposed (NFC) or decomposed (NFD, as some keyboards and macOS file
//! names produce); both fold the same because we decompose and drop the
//! combining marks. "đ"/"Đ" has no decomposition, so it is mapped explicitly.
//!
//! Search folds every candidate's text on each query, so the common case
//! (ASCII, and the precomposed Latin letters Vietnamese uses) goes through a
//! table built once; anything else takes the general Unicode path.

use std::sync::LazyLock;

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// The Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional
/// (where most Vietnamese letters with two marks live).
const RANGES: [(u32, u32); 2] = [(0x00C0, 0x024F), (0x1E00, 0x1EFF)];

static TABLE: LazyLock<Vec<Vec<Option<char>>>> = LazyLock::new(|| {
    RANGES
        .iter()
        .map(|&(lo, hi)| {
            (lo..=hi)
                .map(|cp| {
                    let c = char::from_u32(cp)?;
                    let folded = slow_fold(&c.to_string());
                    let mut it = folded.chars();
                    match (it.next(), it.next()) {
                        (Some(f), None) => Some(f),
                        _ => None,
                    }
                })
                .collect()
        })
        .collect()
});

fn slow_fold(input: &str) -> String {
    input
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Lowercases, strips diacritics and maps đ to d.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let cp = c as u32;
        let fast = RANGES
            .iter()
            .zip(TABLE.iter())
            .find(|((lo, hi), _)| (*lo..=*hi).contains(&cp))
            .and_then(|((lo, _), table)| table[(cp - lo) as usize]);
        match fast {
            Some(f) => out.push(f),
            None if is_combining_mark(c) => {}
            None => out.push_str(&slow_fold(&c.to_string())),
        }
    }
    out
}

/// Lowercase NFC form, for comparisons that keep diacritics.
pub fn lower_nfc(input: &str) -> String {
    if input.is_ascii() {
        return input.to_ascii_lowercase();
    }
    input.nfc().flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_case_and_d_with_stroke() {
        assert_eq!(fold("Văn phòng Thị ủy"), "van phong thi uy");
        assert_eq!(fold("ĐẠI HỘI Đảng bộ"), "dai hoi dang bo");
    }

    #[test]
    fn decomposed_input_folds_like_precomposed() {
        let nfd: String = "Hội nghị".nfd().collect();
        assert_ne!(nfd, "Hội nghị");
        assert_eq!(fold(&nfd), fold("Hội nghị"));
    }

    #[test]
    fn the_fast_table_agrees_with_the_unicode_path() {
        let sample = "Ăn Ắ Ặ Ẩ ẫ Ơ ờ Ư ự Ỹ ỵ Đ đ é È ñ ü ß Ø œ ǅ 北京 Здравствуйте";
        assert_eq!(fold(sample), slow_fold(sample));
    }
}
