//! Turning what a reader typed into safe search terms.
//!
//! Whatever arrives (quotes, FTS operators, SQL, 10 KB of text, only
//! punctuation), what leaves is a short list of lowercase letter-and-digit
//! words, so nothing but plain words ever reaches an engine.

use unicode_normalization::UnicodeNormalization;

use crate::text::fold::{fold, lower_nfc};

/// Most words of a query that are used; the rest are ignored.
pub const MAX_TERMS: usize = 8;
const MAX_TERM_LEN: usize = 40;
const MAX_QUERY_LEN: usize = 256;

/// One word of a query, folded and as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Folded: "phong" for "phòng".
    pub folded: String,
    /// Lowercase with diacritics as typed: "phòng".
    pub exact: String,
    /// Typed in capitals ("TU"): may be an abbreviation that counts only so.
    pub capitals: bool,
}

/// Why an [`Alternative`] was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because {
    /// A site synonym of the words typed.
    Synonym,
    /// A known word one edit away from a word that matched nothing.
    Correction,
    /// The index's token for the other form of an abbreviation or full
    /// form typed (see `abbrev`).
    Abbreviation,
}

/// Another way to match some words of a query, side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// The first query word it stands for, and how many words.
    pub from: usize,
    pub len: usize,
    /// Folded words.
    pub words: Vec<String>,
    pub because: Because,
}

/// The words of a query; the last one is matched as a prefix
/// (search-as-you-type: "van pho" finds "văn phòng"). Alternatives for the
/// same words share `from` and `len`; different ones never overlap.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Terms {
    pub words: Vec<Term>,
    pub alts: Vec<Alternative>,
    /// Every word whole, the last one too (checking that a word is known).
    pub whole: bool,
}

/// Splits on anything that is not a letter or digit.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// How one engine writes a query.
trait Dialect {
    const AND: &'static str;
    const OR: &'static str;
    fn word(&self, w: &str, prefix: bool) -> String;
    fn phrase(&self, words: &[String], prefix: bool) -> String;
}

/// FTS5: `"van" AND "phong"*`, phrases `"van phong"`.
struct Fts5;

impl Dialect for Fts5 {
    const AND: &'static str = " AND ";
    const OR: &'static str = " OR ";
    fn word(&self, w: &str, prefix: bool) -> String {
        format!("\"{w}\"{}", if prefix { "*" } else { "" })
    }
    fn phrase(&self, words: &[String], prefix: bool) -> String {
        self.word(&words.join(" "), prefix)
    }
}

/// PostgreSQL `to_tsquery('simple', …)`: `van & phong:*`, phrases
/// `(van <-> phong)`, and with `weight` only in that part of the document.
struct TsQuery {
    weight: &'static str,
}

impl Dialect for TsQuery {
    const AND: &'static str = " & ";
    const OR: &'static str = " | ";
    fn word(&self, w: &str, prefix: bool) -> String {
        let star = if prefix { "*" } else { "" };
        if star.is_empty() && self.weight.is_empty() {
            w.to_owned()
        } else {
            format!("{w}:{star}{}", self.weight)
        }
    }
    fn phrase(&self, words: &[String], prefix: bool) -> String {
        let parts: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| self.word(w, prefix && i + 1 == words.len()))
            .collect();
        if parts.len() == 1 {
            parts.into_iter().next().unwrap_or_default()
        } else {
            format!("({})", parts.join(" <-> "))
        }
    }
}

impl Terms {
    pub fn parse(query: &str) -> Terms {
        let cut: String = query.chars().take(MAX_QUERY_LEN).collect();
        let exact = lower_nfc(&cut);
        // The words as typed, for their capitals (lowercasing keeps words
        // apart the same way, save in rare scripts: then none count).
        let typed: String = cut.nfc().collect();
        let typed: Vec<&str> = words(&typed).collect();
        let lowered: Vec<&str> = words(&exact).collect();
        let aligned = typed.len() == lowered.len();
        let capitals = |i: usize| {
            aligned
                && typed[i].chars().any(char::is_alphabetic)
                && !typed[i].chars().any(char::is_lowercase)
        };
        let mut terms = Vec::new();
        for (i, w) in lowered.into_iter().enumerate() {
            let folded = fold(w);
            // Folding can turn one letter into several code points; keep only
            // letters and digits so nothing else reaches an engine.
            let folded: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
            if folded.is_empty() || folded.chars().count() > MAX_TERM_LEN {
                continue;
            }
            terms.push(Term {
                folded,
                exact: w.to_owned(),
                capitals: capitals(i),
            });
            if terms.len() == MAX_TERMS {
                break;
            }
        }
        Terms {
            words: terms,
            alts: Vec::new(),
            whole: false,
        }
    }

    /// One word, matched whole.
    pub fn whole_word(term: &Term) -> Terms {
        Terms {
            words: vec![term.clone()],
            alts: Vec::new(),
            whole: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether word `i` is matched as a prefix: the last, as one types.
    pub fn is_prefix(&self, i: usize) -> bool {
        !self.whole && i + 1 == self.words.len()
    }

    /// Whether words `from..from + len` already have alternatives, or
    /// overlap some that do.
    pub fn covered(&self, from: usize, len: usize) -> bool {
        self.alts
            .iter()
            .any(|a| a.from < from + len && from < a.from + a.len)
    }

    /// The whole query: every word (or one of its alternatives) must match.
    fn expression<D: Dialect>(&self, d: &D) -> String {
        let n = self.words.len();
        let mut parts = Vec::new();
        let mut i = 0;
        while i < n {
            let alts: Vec<&Alternative> = self.alts.iter().filter(|a| a.from == i).collect();
            let len = alts.first().map_or(1, |a| a.len).clamp(1, n - i);
            let own: Vec<String> = (i..i + len)
                .map(|j| d.word(&self.words[j].folded, self.is_prefix(j)))
                .collect();
            if alts.is_empty() {
                parts.extend(own);
            } else {
                let mut options = vec![if own.len() == 1 {
                    own.join("")
                } else {
                    format!("({})", own.join(D::AND))
                }];
                // A correction is a whole word (the slip ended it); a
                // synonym of the last words is typed on, like them.
                options.extend(alts.iter().map(|a| {
                    let prefix =
                        a.because == Because::Synonym && self.is_prefix(a.from + a.len - 1);
                    d.phrase(&a.words, prefix)
                }));
                parts.push(format!("({})", options.join(D::OR)));
            }
            i += len;
        }
        parts.join(D::AND)
    }

    /// An FTS5 query over the folded columns, abbreviations included:
    /// `{title_f summary_f body_f alias_f} : ("van" AND "phong"*)`. Words
    /// are quoted and hold only letters and digits.
    pub fn fts5(&self) -> String {
        format!(
            "{{title_f summary_f body_f alias_f}} : ({})",
            self.expression(&Fts5)
        )
    }

    /// FTS5: all words in the title column.
    pub fn fts5_title(&self) -> String {
        format!("{{title_f}} : ({})", self.expression(&Fts5))
    }

    /// A PostgreSQL `to_tsquery('simple', …)` text: `van & phong:*`.
    pub fn tsquery(&self) -> String {
        self.expression(&TsQuery { weight: "" })
    }

    /// PostgreSQL: all words in the title (weight A).
    pub fn tsquery_title(&self) -> String {
        self.expression(&TsQuery { weight: "A" })
    }

    /// The folded words as typed.
    fn own_words(&self) -> Vec<String> {
        self.words.iter().map(|t| t.folded.clone()).collect()
    }

    /// FTS5: the words as typed, as one phrase, the last as a prefix.
    pub fn fts5_phrase(&self) -> String {
        format!(
            "{{title_f summary_f body_f}} : {}",
            Fts5.phrase(&self.own_words(), true)
        )
    }

    /// PostgreSQL: the words as typed side by side, `(van <-> phong:*)`.
    pub fn tsquery_phrase(&self) -> String {
        TsQuery { weight: "" }.phrase(&self.own_words(), true)
    }

    /// Whether a folded word of a document is word `i` as typed.
    pub fn matches(&self, i: usize, folded_word: &str) -> bool {
        let t = &self.words[i].folded;
        if self.is_prefix(i) {
            folded_word.starts_with(t.as_str())
        } else {
            folded_word == t
        }
    }

    /// Whether a folded word of a document is a one-word alternative of
    /// word `i` (a correction, or a one-word synonym).
    pub fn matches_alternative(&self, i: usize, folded_word: &str) -> bool {
        self.alts.iter().any(|a| {
            a.from == i
                && a.len == 1
                && a.words.len() == 1
                && if self.is_prefix(i) && a.because == Because::Synonym {
                    folded_word.starts_with(a.words[0].as_str())
                } else {
                    folded_word == a.words[0]
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_input_becomes_plain_words() {
        let t = Terms::parse(r#"van" OR 1=1; -- NEAR(a b) {title_f}: ^x* 'phòng'"#);
        let folded: Vec<&str> = t.words.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(folded, ["van", "or", "1", "1", "near", "a", "b", "title"]);
        assert!(Terms::parse("!!! ??? ...").is_empty());
        assert!(Terms::parse(&"a".repeat(10_000)).is_empty());
        assert_eq!(Terms::parse(&"văn phòng ".repeat(100)).len(), MAX_TERMS);
    }

    #[test]
    fn queries_for_each_engine() {
        let t = Terms::parse("Văn PHÒNG thị");
        assert_eq!(
            t.fts5(),
            r#"{title_f summary_f body_f alias_f} : ("van" AND "phong" AND "thi"*)"#
        );
        assert_eq!(t.tsquery(), "van & phong & thi:*");
        assert_eq!(t.tsquery_title(), "van:A & phong:A & thi:*A");
        assert_eq!(t.tsquery_phrase(), "(van <-> phong <-> thi:*)");
        assert_eq!(t.words[1].exact, "phòng");
    }

    #[test]
    fn alternatives_join_the_words_they_stand_for() {
        let mut t = Terms::parse("uy ban nhan dan thi phomg");
        t.alts.push(Alternative {
            from: 0,
            len: 4,
            words: vec!["ubnd".into()],
            because: Because::Synonym,
        });
        for w in ["phong", "phone"] {
            t.alts.push(Alternative {
                from: 5,
                len: 1,
                words: vec![w.into()],
                because: Because::Correction,
            });
        }
        assert_eq!(
            t.fts5_title(),
            r#"{title_f} : ((("uy" AND "ban" AND "nhan" AND "dan") OR "ubnd") AND "thi" AND ("phomg"* OR "phong" OR "phone"))"#
        );
        assert_eq!(
            t.tsquery(),
            "((uy & ban & nhan & dan) | ubnd) & thi & (phomg:* | phong | phone)"
        );
        assert!(t.matches_alternative(5, "phong") && !t.matches_alternative(5, "phongs"));
        assert!(!t.matches_alternative(4, "phong"));
        assert!(t.covered(3, 1) && !t.covered(4, 1));
    }
}
