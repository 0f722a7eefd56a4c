//! Spelling corrections. When a query finds nothing, the words of it that
//! the index does not know are tried again as the known words one edit away
//! (two letters swapped, a neighbouring key, a letter missing, one extra,
//! another letter): "van phomg thi uy" finds "Văn phòng Thị ủy". The
//! engine then finds what matches the other words too, and ranking picks
//! among the corrections; they count less than words matched as typed.
//!
//! Whether a word matches anything is asked of what readers can see (a
//! word only a draft holds is as unknown as any), so a query's answer never
//! tells what unpublished items say. Candidates come from the vocabulary of
//! everything indexed; a candidate only drafts hold finds nothing public.

use std::collections::HashSet;

use sea_orm::{ConnectionTrait, Value};

use super::terms::{Alternative, Because, Terms};
use crate::{
    error::AppResult,
    service::sql::{placeholders, statement},
    text::fold::{fold, lower_nfc},
};

/// A word alone is corrected from this many letters (folded): shorter ones
/// are one edit away from too many others.
const MIN_LEN_ALONE: usize = 5;
/// With other words of the query found as typed, from this many.
const MIN_LEN_IN_CONTEXT: usize = 3;
/// A query with more unknown words than this is not a misspelling.
const MAX_CORRECTED_WORDS: usize = 2;
/// Known words tried per unknown word, the likeliest first.
const MAX_PER_WORD: usize = 8;

const ROWS: [&str; 4] = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
const LETTERS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// Keys next to `c` on a QWERTY keyboard (the same row, and the rows above
/// and below at about the same place).
fn neighbours(c: char) -> Vec<char> {
    let Some((row, col)) = ROWS
        .iter()
        .enumerate()
        .find_map(|(r, keys)| keys.find(c).map(|i| (r, i)))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let near = row.saturating_sub(1)..=(row + 1).min(ROWS.len() - 1);
    for (r, keys) in ROWS.iter().enumerate().filter(|(r, _)| near.contains(r)) {
        let keys: Vec<char> = keys.chars().collect();
        // Each row sits about half a key right of the one above.
        let (lo, hi) = match r.cmp(&row) {
            std::cmp::Ordering::Less => (col, col + 1),
            std::cmp::Ordering::Equal => (col.saturating_sub(1), col + 1),
            std::cmp::Ordering::Greater => (col.saturating_sub(1), col),
        };
        for k in keys.iter().take(hi + 1).skip(lo) {
            if *k != c {
                out.push(*k);
            }
        }
    }
    out
}

/// The words one edit from `word` (letters and digits), likeliest first.
pub fn one_edit(word: &str) -> Vec<String> {
    let w: Vec<char> = word.chars().collect();
    let n = w.len();
    let mut out: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |s: String, out: &mut Vec<String>| {
        if s != word && !s.is_empty() && seen.insert(s.clone()) {
            out.push(s);
        }
    };
    let with = |i: usize, c: Option<char>, skip: usize| -> String {
        w[..i]
            .iter()
            .copied()
            .chain(c)
            .chain(w[i + skip..].iter().copied())
            .collect()
    };
    for i in 0..n.saturating_sub(1) {
        let mut s = w.clone();
        s.swap(i, i + 1);
        push(s.into_iter().collect(), &mut out);
    }
    for (i, &letter) in w.iter().enumerate() {
        for c in neighbours(letter) {
            push(with(i, Some(c), 1), &mut out);
        }
    }
    for i in 0..n {
        push(with(i, None, 1), &mut out);
    }
    for i in 0..=n {
        for c in LETTERS.chars() {
            push(with(i, Some(c), 0), &mut out);
        }
    }
    for i in 0..n {
        for c in LETTERS.chars() {
            push(with(i, Some(c), 1), &mut out);
        }
    }
    out
}

/// Which of `words` the index's vocabulary holds.
async fn known(db: &impl ConnectionTrait, words: &[String]) -> AppResult<HashSet<String>> {
    let mut found = HashSet::new();
    for chunk in words.chunks(500) {
        let sql = format!(
            "SELECT term FROM search_terms WHERE term IN ({})",
            placeholders(chunk.len())
        );
        let values = chunk.iter().map(|w| Value::from(w.as_str())).collect();
        for row in db.query_all_raw(statement(db, &sql, values)).await? {
            found.insert(row.try_get::<String>("", "term")?);
        }
    }
    Ok(found)
}

/// The query with corrections for `unknown`, the words of it that match
/// nothing readers can see; `None` when there are none, too many, or no
/// known word is one edit from one of them.
pub async fn correct(
    db: &impl ConnectionTrait,
    terms: &Terms,
    unknown: &[usize],
) -> AppResult<Option<Terms>> {
    let n = terms.len();
    if unknown.is_empty() || unknown.len() > MAX_CORRECTED_WORDS {
        return Ok(None);
    }
    let context = n > unknown.len();
    let min = if context {
        MIN_LEN_IN_CONTEXT
    } else {
        MIN_LEN_ALONE
    };
    let mut edits = Vec::new();
    for &i in unknown {
        let w = &terms.words[i].folded;
        if w.chars().count() < min || !w.is_ascii() {
            return Ok(None);
        }
        edits.push((i, one_edit(w)));
    }
    let all: Vec<String> = edits.iter().flat_map(|(_, e)| e.iter().cloned()).collect();
    let holds = known(db, &all).await?;
    let mut corrected = terms.clone();
    for (i, candidates) in edits {
        let found: Vec<String> = candidates
            .into_iter()
            .filter(|c| holds.contains(c))
            .take(MAX_PER_WORD)
            .collect();
        if found.is_empty() {
            return Ok(None);
        }
        corrected
            .alts
            .extend(found.into_iter().map(|w| Alternative {
                from: i,
                len: 1,
                words: vec![w],
                because: Because::Correction,
            }));
    }
    Ok(Some(corrected))
}

/// What a corrected search tells the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The query with each corrected word replaced (folded, as indexed).
    pub query: String,
    /// The query as the best result writes its words: "văn phòng thị ủy".
    pub did_you_mean: String,
}

/// The corrections the best result bears out, read from its texts.
pub fn explain(terms: &Terms, best: &[&str]) -> Correction {
    let lower: Vec<String> = best.iter().map(|t| lower_nfc(t)).collect();
    let written: Vec<&str> = lower.iter().flat_map(|t| super::terms::words(t)).collect();
    let folded: Vec<String> = written.iter().map(|w| fold(w)).collect();
    let mut query = Vec::new();
    let mut shown = Vec::new();
    for (i, t) in terms.words.iter().enumerate() {
        let chosen = terms
            .alts
            .iter()
            .filter(|a| a.from == i && a.because == Because::Correction)
            .map(|a| a.words[0].as_str())
            .find(|a| folded.iter().any(|f| f == a));
        let word = chosen.unwrap_or(&t.folded);
        query.push(chosen.map_or(t.exact.clone(), str::to_owned));
        // The same word as the result writes it, when it does.
        let as_written = folded
            .iter()
            .position(|f| f == word)
            .map(|p| written[p].to_owned());
        shown.push(as_written.unwrap_or_else(|| chosen.unwrap_or(&t.exact).to_owned()));
    }
    Correction {
        query: query.join(" "),
        did_you_mean: shown.join(" "),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Damerau-Levenshtein distance (optimal string alignment).
    fn distance(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn likely_slips_come_first() {
        let e = one_edit("phomg");
        let at = |w: &str| e.iter().position(|x| x == w).unwrap();
        assert!(
            at("phong") < at("phog"),
            "a neighbouring key before a missing letter"
        );
        assert!(at("hpomg") < at("phong"), "swapped letters first");
        assert!(at("phog") < at("phomga"));
        assert!(neighbours('j').contains(&'i') && neighbours('m').contains(&'n'));
    }

    proptest! {
        #[test]
        fn every_edit_is_one_away_and_every_one_is_found(
            word in "[a-z]{1,8}",
            op in 0..4usize,
            at in 0..9usize,
            c in "[a-z0-9]",
        ) {
            let edits = one_edit(&word);
            for e in &edits {
                prop_assert_eq!(distance(&word, e), 1, "{} -> {}", word, e);
            }
            // Any one slip of the word is among them.
            let mut w: Vec<char> = word.chars().collect();
            let at = at % (w.len() + 1);
            let c = c.chars().next().unwrap();
            match op {
                0 => w.insert(at, c),
                1 if at < w.len() => { w.remove(at); }
                2 if at < w.len() => w[at] = c,
                3 if at + 1 < w.len() => w.swap(at, at + 1),
                _ => {}
            }
            let slip: String = w.into_iter().collect();
            if !slip.is_empty() && distance(&word, &slip) == 1 {
                prop_assert!(edits.contains(&slip), "{} misses {}", word, slip);
            }
        }
    }

    #[test]
    fn the_best_result_names_the_correction() {
        let mut t = Terms::parse("van phomg thi uy");
        for w in ["phong", "phone"] {
            t.alts.push(Alternative {
                from: 1,
                len: 1,
                words: vec![w.into()],
                because: Because::Correction,
            });
        }
        let c = explain(&t, &["Văn phòng Thị ủy họp", "tóm tắt"]);
        assert_eq!(c.query, "van phong thi uy");
        assert_eq!(c.did_you_mean, "văn phòng thị ủy");
    }
}
