//! Folding Vietnamese text to plain lowercase ASCII-ish letters.
//!
//! "Văn phòng" and "VĂN PHÒNG" and "van phong" all fold to "van phong". Input
//! may be precomposed (NFC) or decomposed (NFD, as some keyboards and macOS file
//! names produce); both fold the same because we decompose first and drop the
//! combining marks. "đ"/"Đ" has no decomposition, so it is mapped explicitly.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Lowercases, strips diacritics and maps đ to d.
pub fn fold(input: &str) -> String {
    input
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Lowercase NFC form, for comparisons that keep diacritics.
pub fn lower_nfc(input: &str) -> String {
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
}
