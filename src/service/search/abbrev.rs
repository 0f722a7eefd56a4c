//! The abbreviations of Vietnamese official writing, both ways.
//!
//! An article may say only "HĐND thị xã" while a reader types "hội đồng
//! nhân dân thị xã", or the other way round. When an item is indexed, every
//! abbreviation found in its text adds a token for each full form
//! (`hoidongnhandan`), and every full form a token for its abbreviation
//! (`abbrhdnd`), to a separate, lightly weighted part of the index. When a
//! query is read, a full form or abbreviation in it also matches that token
//! ([`expand`]). Tokens are whole phrases that no text holds as a word, so
//! "dân" alone never matches "UBND", and the form as written ranks first.
//!
//! Only the original text and the query as typed know capitals: "TU" in
//! "15-NQ/TU" is Thị ủy, while "từ" (from) folds to the same letters. Such
//! two-letter forms that are also Vietnamese syllables count only when
//! written in capitals, in texts and in queries. Changing this table changes
//! what the index holds: bump [`super::index::INDEX_VERSION`].

use std::{collections::HashMap, sync::LazyLock};

use super::terms::{Alternative, Because, Terms, words};
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

/// The token of a full form: its words joined.
fn long_token(words: &[String]) -> String {
    words.concat()
}

/// The token of an abbreviation: marked, so that no text's own word (the
/// syllable "tu", say) is ever taken for it.
fn short_token(words: &[String]) -> String {
    format!("abbr{}", words.concat())
}

/// Adds to `terms` the index's token for each full form or abbreviation
/// in the query (an abbreviation that counts only in capitals, only when
/// typed so), longest first, left to right, where no other alternative is.
pub fn expand(terms: &mut Terms) {
    let d = &*DICTIONARY;
    let n = terms.len();
    let mut at = 0;
    while at < n {
        let first = terms.words[at].folded.as_str();
        let fits = |phrase: &[String]| {
            at + phrase.len() <= n
                && phrase
                    .iter()
                    .zip(&terms.words[at..])
                    .all(|(p, t)| *p == t.folded)
        };
        // (length, token) of what matches here.
        let mut found: Vec<(usize, String)> = Vec::new();
        for &(i, j) in d.by_long.get(first).into_iter().flatten() {
            let long = &d.entries[i].long[j];
            if fits(long) {
                found.push((long.len(), long_token(long)));
            }
        }
        for &i in d.by_short.get(first).into_iter().flatten() {
            let e = &d.entries[i];
            let typed_so = !e.capitals_only
                || terms.words[at..(at + e.short.len()).min(n)]
                    .iter()
                    .all(|t| t.capitals);
            if fits(&e.short) && typed_so {
                found.push((e.short.len(), short_token(&e.short)));
            }
        }
        let Some(len) = found.iter().map(|f| f.0).max() else {
            at += 1;
            continue;
        };
        if terms.covered(at, len) {
            at += 1;
            continue;
        }
        for (l, token) in found {
            if l == len
                && !terms
                    .alts
                    .iter()
                    .any(|a| a.from == at && a.words == [token.clone()])
            {
                terms.alts.push(Alternative {
                    from: at,
                    len,
                    words: vec![token],
                    because: Because::Abbreviation,
                });
            }
        }
        at += len;
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

/// The index's tokens for the other forms of the abbreviations and full
/// forms in `text`, space-separated, each once, in order of first appearance.
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
    let mut out: Vec<String> = Vec::new();
    let mut push = |token: String| {
        if !out.contains(&token) {
            out.push(token);
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
                    push(long_token(l));
                }
            }
        }
        for &(i, j) in d.by_long.get(first).into_iter().flatten() {
            let e = &d.entries[i];
            if starts_with(&words, at, &e.long[j]) {
                push(short_token(&e.short));
            }
        }
    }
    out.join(" ")
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
        assert_eq!(aliases("HĐND thị xã họp"), "hoidongnhandan abbrtx");
        assert_eq!(aliases("Hội đồng nhân dân"), "abbrhdnd");
        assert_eq!(aliases("Sở GD&ĐT"), "giaoducvadaotao giaoducdaotao");
        assert_eq!(
            aliases("Nghị quyết 15-NQ/TU"),
            "abbrnq nghiquyet thiuy tinhuy"
        );
    }

    #[test]
    fn syllable_like_forms_count_only_in_capitals() {
        assert_eq!(aliases("từ ca trưa"), "");
        assert_eq!(aliases("Tu sửa"), "");
        assert_eq!(aliases("CA phường"), "congan");
        assert_eq!(aliases("TP. Vinh, tp Vinh"), "thanhpho");
        let tokens = |q: &str| {
            let mut t = Terms::parse(q);
            expand(&mut t);
            t.alts
                .iter()
                .map(|a| (a.from, a.len, a.words.join(" ")))
                .collect::<Vec<_>>()
        };
        assert_eq!(tokens("cà phê"), []);
        assert_eq!(tokens("CA phường"), [(0, 1, "abbrca".to_owned())]);
        assert_eq!(tokens("công an phường"), [(0, 2, "congan".to_owned())]);
        assert_eq!(
            tokens("hđnd và uy ban nhan dan"),
            [
                (0, 1, "abbrhdnd".to_owned()),
                (2, 4, "uybannhandan".to_owned())
            ]
        );
        assert_eq!(tokens("gd&đt"), [(0, 2, "abbrgddt".to_owned())]);
    }

    #[test]
    fn each_form_is_added_once() {
        assert_eq!(
            aliases("UBND, UBND và ủy ban nhân dân"),
            "uybannhandan abbrubnd"
        );
    }

    #[test]
    fn every_entry_is_found_both_ways() {
        for (short, _, long) in BUILT_IN {
            for l in *long {
                let mut q = Terms::parse(l);
                expand(&mut q);
                let from_short = aliases(short);
                assert!(
                    q.alts
                        .iter()
                        .any(|a| from_short.split(' ').any(|t| a.words == [t])),
                    "{l} -> {short}: {from_short}"
                );
                let mut q = Terms::parse(short);
                expand(&mut q);
                let from_long = aliases(l);
                assert!(
                    q.alts
                        .iter()
                        .any(|a| from_long.split(' ').any(|t| a.words == [t])),
                    "{short} -> {l}: {from_long}"
                );
            }
        }
    }
}
