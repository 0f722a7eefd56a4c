//! Turning what a reader typed into safe search terms.
//!
//! Whatever arrives (quotes, FTS operators, SQL, 10 KB of text, only
//! punctuation), what leaves is a short list of lowercase letter-and-digit
//! words, so nothing but plain words ever reaches an engine.

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
}

/// The words of a query; the last one is matched as a prefix
/// (search-as-you-type: "van pho" finds "văn phòng").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Terms(pub Vec<Term>);

/// Splits on anything that is not a letter or digit.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

impl Terms {
    pub fn parse(query: &str) -> Terms {
        let cut: String = query.chars().take(MAX_QUERY_LEN).collect();
        let exact = lower_nfc(&cut);
        let mut terms = Vec::new();
        for w in words(&exact) {
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
            });
            if terms.len() == MAX_TERMS {
                break;
            }
        }
        Terms(terms)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// An FTS5 query over the folded columns: `{title_f summary_f body_f} :
    /// ("van" AND "phong"*)`. Terms are quoted and hold only letters and digits.
    pub fn fts5(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i + 1 == self.0.len() {
                    format!("\"{}\"*", t.folded)
                } else {
                    format!("\"{}\"", t.folded)
                }
            })
            .collect();
        format!("{{title_f summary_f body_f}} : ({})", parts.join(" AND "))
    }

    /// FTS5: all terms in the title column.
    pub fn fts5_title(&self) -> String {
        self.fts5()
            .replacen("{title_f summary_f body_f}", "{title_f}", 1)
    }

    /// PostgreSQL: all terms in the title (weight A).
    pub fn tsquery_title(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i + 1 == self.0.len() {
                    format!("{}:*A", t.folded)
                } else {
                    format!("{}:A", t.folded)
                }
            })
            .collect();
        parts.join(" & ")
    }

    /// FTS5: the terms as one phrase, the last as a prefix.
    pub fn fts5_phrase(&self) -> String {
        let words: Vec<&str> = self.0.iter().map(|t| t.folded.as_str()).collect();
        format!("{{title_f summary_f body_f}} : \"{}\"*", words.join(" "))
    }

    /// PostgreSQL: the terms side by side, `van <-> phong:*`.
    pub fn tsquery_phrase(&self) -> String {
        self.tsquery().replace(" & ", " <-> ")
    }

    /// A PostgreSQL `to_tsquery('simple', …)` text: `van & phong:*`.
    pub fn tsquery(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i + 1 == self.0.len() {
                    format!("{}:*", t.folded)
                } else {
                    t.folded.clone()
                }
            })
            .collect();
        parts.join(" & ")
    }

    /// Whether a folded word of a document matches term `i`.
    pub fn matches(&self, i: usize, folded_word: &str) -> bool {
        let t = &self.0[i].folded;
        if i + 1 == self.0.len() {
            folded_word.starts_with(t.as_str())
        } else {
            folded_word == t
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_input_becomes_plain_words() {
        let t = Terms::parse(r#"van" OR 1=1; -- NEAR(a b) {title_f}: ^x* 'phòng'"#);
        let folded: Vec<&str> = t.0.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(folded, ["van", "or", "1", "1", "near", "a", "b", "title"]);
        assert!(Terms::parse("!!! ??? ...").is_empty());
        assert!(Terms::parse(&"a".repeat(10_000)).is_empty());
        assert_eq!(Terms::parse(&"văn phòng ".repeat(100)).0.len(), MAX_TERMS);
    }

    #[test]
    fn queries_for_each_engine() {
        let t = Terms::parse("Văn PHÒNG thị");
        assert_eq!(
            t.fts5(),
            r#"{title_f summary_f body_f} : ("van" AND "phong" AND "thi"*)"#
        );
        assert_eq!(t.tsquery(), "van & phong & thi:*");
        assert_eq!(t.0[1].exact, "phòng");
    }
}
