//! Final ranking and snippets, computed the same way whatever the engine.
//!
//! The engine finds candidates and orders them by its own relevance; this
//! module re-scores the best of them so that both databases agree: exact
//! diacritics above folded-only matches, title above summary above body,
//! whole phrases above scattered words, and recency to break ties.

use chrono::{DateTime, Utc};

use super::{
    abbrev,
    terms::{Because, Terms, words},
};
use crate::text::fold::{fold, lower_nfc};

/// What one field says about the query.
#[derive(Debug, Default, Clone, Copy)]
struct FieldMatch {
    /// Share of the terms found (folded).
    coverage: f64,
    /// Share of the terms found with the diacritics as typed.
    exact: f64,
    /// The terms appear in order, side by side.
    phrase: bool,
}

/// What a match through another form is worth, against the form typed.
const OTHER_FORM: f64 = 0.5;

/// Whether `phrase` appears side by side in `words`.
fn contains_phrase(words: &[&str], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && words
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
}

/// Whether texts may match the query through another form of an
/// abbreviation: only when it names one (most queries do not, and then
/// texts are not searched for other forms at all).
pub fn other_forms_possible(terms: &Terms) -> bool {
    terms
        .alts
        .iter()
        .any(|a| a.because == Because::Abbreviation)
}

fn field_match(terms: &Terms, text: &str, other_forms: bool) -> FieldMatch {
    let n = terms.len();
    if n == 0 {
        return FieldMatch::default();
    }
    // Folding keeps every non-letter in place, so folding the whole text once
    // splits into the same words as folding each word.
    let lower = lower_nfc(text);
    let exact_words: Vec<&str> = words(&lower).collect();
    let folded = fold(&lower);
    let folded_words: Vec<&str> = words(&folded).collect();
    // Abbreviations and full forms the text holds in their other form.
    let aliases = if other_forms {
        abbrev::aliases_with(text, &folded_words)
    } else {
        String::new()
    };
    let alias_words: Vec<&str> = words(&aliases).collect();
    let mut found = 0.0;
    let mut exact = 0;
    for (i, t) in terms.words.iter().enumerate() {
        if folded_words.iter().any(|w| terms.matches(i, w)) {
            found += 1.0;
        } else if folded_words.iter().any(|w| terms.matches_alternative(i, w))
            || alias_words.iter().any(|w| terms.matches(i, w))
            || terms.alts.iter().any(|a| {
                (a.from..a.from + a.len).contains(&i)
                    && (contains_phrase(&folded_words, &a.words)
                        || contains_phrase(&alias_words, &a.words))
            })
        {
            found += OTHER_FORM;
        }
        let last = terms.is_prefix(i);
        if exact_words.iter().any(|w| {
            if last {
                w.starts_with(&t.exact)
            } else {
                *w == t.exact
            }
        }) {
            exact += 1;
        }
    }
    let phrase = n > 1
        && folded_words.windows(n).any(|win| {
            win.iter()
                .enumerate()
                .all(|(i, w)| terms.matches(i, w) || terms.matches_alternative(i, w))
        });
    FieldMatch {
        coverage: found / n as f64,
        exact: f64::from(exact) / n as f64,
        phrase,
    }
}

/// A candidate as the engine returned it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub doc_id: i64,
    pub title: String,
    pub summary: String,
    pub published_at: Option<DateTime<Utc>>,
    /// 0 for the engine's best, counting up.
    pub engine_rank: usize,
    /// The whole query appears as a phrase somewhere (body included).
    pub phrase_anywhere: bool,
}

/// The final score of a candidate among `total` candidates.
/// `other_forms`: [`other_forms_possible`] of the terms.
pub fn score(
    terms: &Terms,
    c: &Candidate,
    total: usize,
    now: DateTime<Utc>,
    other_forms: bool,
) -> f64 {
    let title = field_match(terms, &c.title, other_forms);
    let summary = field_match(terms, &c.summary, other_forms);
    let engine = 1.0 - c.engine_rank as f64 / total.max(1) as f64;
    let age_days = c
        .published_at
        .map_or(3650.0, |t| (now - t).num_seconds().max(0) as f64 / 86_400.0);
    let recency = 1.0 / (1.0 + age_days / 30.0);
    2.0 * engine
        + 4.0 * title.coverage
        + 3.0 * title.exact
        + if title.phrase { 3.0 } else { 0.0 }
        + 1.5 * summary.coverage
        + 1.0 * summary.exact
        + if summary.phrase { 1.0 } else { 0.0 }
        + if c.phrase_anywhere { 2.0 } else { 0.0 }
        + 0.3 * recency
}

/// How well a title fits what a reader is typing: titles that start with
/// it first, then those holding it as a phrase, then the rest, with the
/// diacritics as typed counting a little.
pub fn title_fit(terms: &Terms, title: &str) -> f64 {
    let m = field_match(terms, title, other_forms_possible(terms));
    let folded = fold(title);
    let first: Vec<&str> = words(&folded).take(terms.len()).collect();
    let starts =
        first.len() == terms.len() && first.iter().enumerate().all(|(i, w)| terms.matches(i, w));
    (if starts { 4.0 } else { 0.0 }) + if m.phrase { 2.0 } else { 0.0 } + m.coverage + m.exact
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a word of a text is to be marked: it matches a word of the
/// query, an alternative of one, or is an abbreviation of what was typed.
fn marked(terms: &Terms, word: &str) -> bool {
    let folded = fold(word);
    let any = |w: &str| {
        (0..terms.len()).any(|t| terms.matches(t, w) || terms.matches_alternative(t, w))
            || terms.alts.iter().any(|a| a.words.iter().any(|aw| aw == w))
    };
    // Only words in capitals are looked up as abbreviations: the rest of a
    // long body costs nothing more.
    let capitals = word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase);
    any(&folded) || (capitals && words(&abbrev::aliases(word)).any(any))
}

/// About this many words around the best match.
const SNIPPET_WORDS: usize = 28;

/// A short excerpt of `text` around the densest cluster of matches, HTML-
/// escaped, with `<mark>` around each matching word.
pub fn snippet(terms: &Terms, text: &str) -> String {
    excerpt(terms, text, SNIPPET_WORDS)
}

/// The whole of a short text (a title), escaped, with matches marked.
pub fn highlight(terms: &Terms, text: &str) -> String {
    excerpt(terms, text, usize::MAX)
}

/// Up to `words` words of `text` around its densest cluster of matches.
fn excerpt(terms: &Terms, text: &str, max_words: usize) -> String {
    // Word spans by byte offset, so the original text (and its punctuation)
    // is what the reader sees.
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let hit = marked(terms, &text[s..i]);
                spans.push((s, i, hit));
                start = None;
            }
            _ => {}
        }
    }
    if spans.is_empty() {
        return String::new();
    }
    // The window with the most hits (first one on ties).
    let window = max_words.min(spans.len());
    let mut best = 0;
    let mut best_hits = 0;
    let mut hits: usize = spans[..window].iter().filter(|s| s.2).count();
    best_hits = best_hits.max(hits);
    for i in 1..=spans.len() - window {
        hits = hits - usize::from(spans[i - 1].2) + usize::from(spans[i + window - 1].2);
        if hits > best_hits {
            best_hits = hits;
            best = i;
        }
    }
    // Start a little before the first hit of the window, for context.
    let first_hit = spans[best..best + window]
        .iter()
        .position(|s| s.2)
        .unwrap_or(0);
    let from = if window == spans.len() {
        0
    } else {
        best + first_hit.saturating_sub(4).min(first_hit)
    };
    let to = (from + window).min(spans.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut cursor = spans[from].0;
    for &(s, e, hit) in &spans[from..to] {
        out.push_str(&escape(&text[cursor..s]));
        if hit {
            out.push_str("<mark>");
            out.push_str(&escape(&text[s..e]));
            out.push_str("</mark>");
        } else {
            out.push_str(&escape(&text[s..e]));
        }
        cursor = e;
    }
    if to < spans.len() {
        out.push('…');
    } else {
        out.push_str(&escape(&text[cursor..]));
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_matches_and_escape_the_rest() {
        let terms = Terms::parse("van phong");
        let s = snippet(&terms, "Lịch làm việc của <Văn phòng> Thị ủy & các ban");
        assert_eq!(
            s,
            "Lịch làm việc của &lt;<mark>Văn</mark> <mark>phòng</mark>&gt; Thị ủy &amp; các ban"
        );
    }

    #[test]
    fn snippets_centre_on_the_matches_of_long_texts() {
        let text = format!(
            "{} hội nghị cán bộ {}",
            "mở đầu ".repeat(100),
            "kết thúc ".repeat(100)
        );
        let s = snippet(&Terms::parse("hoi nghi"), &text);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>hội</mark> <mark>nghị</mark>"), "{s}");
    }

    #[test]
    fn exact_diacritics_outrank_near_homographs() {
        let now = Utc::now();
        let c = |title: &str| Candidate {
            doc_id: 1,
            title: title.into(),
            summary: String::new(),
            published_at: Some(now),
            engine_rank: 0,
            phrase_anywhere: false,
        };
        let terms = Terms::parse("hội nghị");
        let exact = score(&terms, &c("Hội nghị cán bộ"), 2, now, false);
        let near = score(&terms, &c("Hỏi nghĩ cán bộ"), 2, now, false);
        assert!(exact > near, "{exact} vs {near}");
    }
}
