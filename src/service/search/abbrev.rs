//! The abbreviations of Vietnamese official writing, both ways.
//!
//! An article may say only "HĐND thị xã" while a reader types "hội đồng
//! nhân dân thị xã", or the other way round. When an item is indexed, every
//! abbreviation found in its text adds the full forms to a separate, lightly
//! weighted part of the index, and every full form adds its abbreviation, so
//! either form finds the other while the form as written still ranks first.
//!
//! This happens at index time because only the original text knows capitals:
//! "TU" in "15-NQ/TU" is Thị ủy, "từ" (from) folds to the same letters, and a
//! query cannot tell them apart. Such two-letter forms that are also
//! Vietnamese syllables count only when written in capitals. Changing this
//! table changes what the index holds: bump [`super::index::INDEX_VERSION`].

use std::{collections::HashMap, sync::LazyLock};

use super::terms::words;
use crate::text::fold::fold;

/// (abbreviation as officially written, whether it counts only in capitals,
/// full forms). Multi-part forms ("GD&ĐT") are matched part by part.
const BUILT_IN: &[(&str, bool, &[&str])] = &[
    ("HĐND", false, &["hội đồng nhân dân"]),
    ("UBND", false, &["ủy ban nhân dân"]),
    ("MTTQ", false, &["mặt trận tổ quốc"]),
    ("BCH", false, &["ban chấp hành"]),
    ("BTV", false, &["ban thường vụ"]),
    ("TU", true, &["thị ủy", "tỉnh ủy"]),
    ("ĐU", true, &["đảng ủy"]),
    ("CCB", false, &["cựu chiến binh"]),
    ("LĐLĐ", false, &["liên đoàn lao động"]),
    ("HLHPN", false, &["hội liên hiệp phụ nữ"]),
    ("ĐTN", false, &["đoàn thanh niên"]),
    ("THPT", false, &["trung học phổ thông"]),
    ("THCS", false, &["trung học cơ sở"]),
    ("TH", true, &["tiểu học"]),
    ("MN", true, &["mầm non"]),
    ("TP", false, &["thành phố"]),
    ("TX", false, &["thị xã"]),
    ("TT", true, &["thị trấn", "trung tâm", "thông tư"]),
    ("KP", false, &["khu phố"]),
    ("CA", true, &["công an"]),
    ("QĐ", false, &["quyết định"]),
    ("NQ", false, &["nghị quyết"]),
    ("CT", true, &["chỉ thị", "chủ tịch"]),
    ("KH", true, &["kế hoạch"]),
    ("TB", true, &["thông báo"]),
    ("CV", true, &["công văn"]),
    ("BC", true, &["báo cáo"]),
    ("ATGT", false, &["an toàn giao thông"]),
    ("PCCC", false, &["phòng cháy chữa cháy"]),
    ("NTM", false, &["nông thôn mới"]),
    ("CĐS", false, &["chuyển đổi số"]),
    ("BHYT", false, &["bảo hiểm y tế"]),
    ("BHXH", false, &["bảo hiểm xã hội"]),
    ("GD&ĐT", false, &["giáo dục và đào tạo", "giáo dục đào tạo"]),
    ("VH-TT", false, &["văn hóa thông tin", "văn hóa thể thao"]),
    ("CNTT", false, &["công nghệ thông tin"]),
    ("HTX", false, &["hợp tác xã"]),
    ("ĐBQH", false, &["đại biểu quốc hội"]),
    ("KT-XH", false, &["kinh tế xã hội"]),
    ("ANTT", false, &["an ninh trật tự"]),
    ("TTHC", false, &["thủ tục hành chính"]),
];

/// The built-in table as groups: the abbreviation, then its full forms.
pub fn groups() -> Vec<Vec<String>> {
    BUILT_IN
        .iter()
        .map(|(short, _, long)| {
            std::iter::once(*short)
                .chain(long.iter().copied())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// One entry, folded into words.
struct Entry {
    short: Vec<String>,
    capitals_only: bool,
    long: Vec<Vec<String>>,
}

struct Dictionary {
    entries: Vec<Entry>,
    /// Entry indexes by the first word of their short form.
    by_short: HashMap<String, Vec<usize>>,
    /// (entry, full form) by the first word of the full form.
    by_long: HashMap<String, Vec<(usize, usize)>>,
}

fn folded_words(text: &str) -> Vec<String> {
    words(&fold(text)).map(str::to_owned).collect()
}

static DICTIONARY: LazyLock<Dictionary> = LazyLock::new(|| {
    let mut d = Dictionary {
        entries: Vec::new(),
        by_short: HashMap::new(),
        by_long: HashMap::new(),
    };
    for (i, (short, capitals_only, long)) in BUILT_IN.iter().enumerate() {
        let e = Entry {
            short: folded_words(short),
            capitals_only: *capitals_only,
            long: long.iter().map(|l| folded_words(l)).collect(),
        };
        d.by_short.entry(e.short[0].clone()).or_default().push(i);
        for (j, l) in e.long.iter().enumerate() {
            d.by_long.entry(l[0].clone()).or_default().push((i, j));
        }
        d.entries.push(e);
    }
    d
});

/// Every word any form of the table holds: a query with none of them (nor
/// a prefix of one as its last word) cannot match through another form.
static FORM_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let d = &*DICTIONARY;
    let mut all: Vec<String> = d
        .entries
        .iter()
        .flat_map(|e| e.short.iter().chain(e.long.iter().flatten()).cloned())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
});

/// Whether a folded query word (a prefix, if `prefix`) may be matched by
/// another form of some text: ranking looks for other forms only then.
pub fn in_some_form(word: &str, prefix: bool) -> bool {
    let words = &*FORM_WORDS;
    match words.binary_search_by(|w| w.as_str().cmp(word)) {
        Ok(_) => true,
        // Sorted: words starting with `word` follow where it would be.
        Err(at) => prefix && words.get(at).is_some_and(|w| w.starts_with(word)),
    }
}

/// A word of a text, folded, and whether it was written in capitals.
struct Word<'a> {
    folded: &'a str,
    capitals: bool,
}

fn starts_with(words: &[Word<'_>], at: usize, phrase: &[String]) -> bool {
    words.len() >= at + phrase.len() && phrase.iter().zip(&words[at..]).all(|(p, w)| *p == w.folded)
}

fn in_capitals(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// The other forms of the abbreviations and full forms in `text`, folded
/// and space-separated, each once, in order of first appearance.
pub fn aliases(text: &str) -> String {
    let folded = fold(text);
    let folded_words: Vec<&str> = words(&folded).collect();
    aliases_with(text, &folded_words)
}

/// [`aliases`] of a text whose folded words the caller already has.
pub fn aliases_with(text: &str, folded_words: &[&str]) -> String {
    let text = nfc(text);
    let written: Vec<&str> = words(&text).collect();
    let owned: Vec<String>;
    let folded_words: Vec<&str> = if written.len() == folded_words.len() {
        folded_words.to_vec()
    } else {
        // Folding split or joined a word (rare scripts): fold word by word.
        owned = written.iter().map(|w| fold(w)).collect();
        owned.iter().map(String::as_str).collect()
    };
    let words: Vec<Word<'_>> = written
        .iter()
        .zip(folded_words)
        .map(|(w, folded)| Word {
            folded,
            capitals: in_capitals(w),
        })
        .collect();
    let d = &*DICTIONARY;
    let mut out: Vec<&[String]> = Vec::new();
    let push = |phrase: &'static [String], out: &mut Vec<&'static [String]>| {
        if !out.contains(&phrase) {
            out.push(phrase);
        }
    };
    for at in 0..words.len() {
        let first = words[at].folded;
        for &i in d.by_short.get(first).into_iter().flatten() {
            let e = &d.entries[i];
            let capitals = words[at..at + e.short.len().min(words.len() - at)]
                .iter()
                .all(|w| w.capitals);
            if starts_with(&words, at, &e.short) && (capitals || !e.capitals_only) {
                for l in &e.long {
                    push(l, &mut out);
                }
            }
        }
        for &(i, j) in d.by_long.get(first).into_iter().flatten() {
            let e = &d.entries[i];
            if starts_with(&words, at, &e.long[j]) {
                push(&e.short, &mut out);
            }
        }
    }
    out.iter()
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text in NFC: decomposed input keeps its marks apart from the
/// letters, which the capitals check would misread.
fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_add_full_forms_and_full_forms_add_abbreviations() {
        assert_eq!(aliases("HĐND thị xã họp"), "hoi dong nhan dan tx");
        assert_eq!(aliases("Hội đồng nhân dân"), "hdnd");
        assert_eq!(aliases("Sở GD&ĐT"), "giao duc va dao tao giao duc dao tao");
        assert_eq!(
            aliases("Nghị quyết 15-NQ/TU"),
            "nq nghi quyet thi uy tinh uy"
        );
    }

    #[test]
    fn syllable_like_forms_count_only_in_capitals() {
        assert_eq!(aliases("từ ca trưa"), "");
        assert_eq!(aliases("Tu sửa"), "");
        assert_eq!(aliases("CA phường"), "cong an");
        assert_eq!(aliases("TP. Vinh, tp Vinh"), "thanh pho");
    }

    #[test]
    fn query_words_that_no_form_holds_are_known() {
        assert!(in_some_form("hdnd", false) && in_some_form("nhan", false));
        assert!(in_some_form("hd", true) && !in_some_form("hd", false));
        assert!(!in_some_form("phuong", false) && !in_some_form("zz", true));
    }

    #[test]
    fn each_form_is_added_once() {
        assert_eq!(
            aliases("UBND, UBND và ủy ban nhân dân"),
            "uy ban nhan dan ubnd"
        );
    }

    #[test]
    fn every_entry_is_found_both_ways() {
        for (short, _, long) in BUILT_IN {
            let s = folded_words(short).join(" ");
            for l in *long {
                let from_short = aliases(short);
                let l_folded = folded_words(l).join(" ");
                assert!(
                    from_short.contains(&l_folded),
                    "{short} -> {l}: {from_short}"
                );
                assert!(aliases(l).contains(&s), "{l} -> {short}");
            }
        }
    }
}
