//! The site's own synonyms: groups of words or phrases that mean the same
//! on this site ("Sông Lam" and "SL", "một cửa" and "tiếp nhận hồ sơ").
//! Admins set them; they apply when a query is read (a phrase of a group in
//! the query also matches the group's other phrases), so a change needs no
//! reindex and takes effect with the next search.

use std::sync::Arc;

use entity::search_synonym;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Set,
};

use super::terms::{Alternative, Because, Terms, words};
use crate::{
    error::{AppError, AppResult},
    service::{
        access::{Action, Viewer},
        audit,
    },
    text::fold::fold,
};

/// Limits on what admins may set.
pub const MAX_GROUPS: usize = 500;
pub const MAX_PHRASES: usize = 20;
pub const MAX_WORDS: usize = 6;
const MAX_PHRASE_CHARS: usize = 80;

/// The synonym groups of a site: each phrase as entered and folded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<(String, Vec<String>)>>,
}

impl Synonyms {
    /// The groups as entered.
    pub fn groups(&self) -> Vec<Vec<String>> {
        self.groups
            .iter()
            .map(|g| g.iter().map(|(p, _)| p.clone()).collect())
            .collect()
    }

    /// Checks and normalises groups as an admin sent them.
    ///
    /// # Errors
    /// `BAD_USER_INPUT` naming the first group that breaks a rule.
    pub fn from_groups(groups: Vec<Vec<String>>) -> AppResult<Synonyms> {
        if groups.len() > MAX_GROUPS {
            return Err(AppError::invalid(
                "groups",
                format!("at most {MAX_GROUPS} synonym groups"),
            ));
        }
        let mut seen = std::collections::HashMap::new();
        let mut out = Vec::new();
        for (g, group) in groups.into_iter().enumerate() {
            let bad = |why: String| AppError::invalid("groups", format!("groups[{g}]: {why}"));
            let mut phrases: Vec<(String, Vec<String>)> = Vec::new();
            for phrase in group {
                let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
                let folded: Vec<String> = words(&fold(&phrase)).map(str::to_owned).collect();
                if folded.is_empty() || phrase.chars().count() > MAX_PHRASE_CHARS {
                    return Err(bad(format!(
                        "each phrase has 1 to {MAX_PHRASE_CHARS} characters with a letter or digit"
                    )));
                }
                if folded.len() > MAX_WORDS {
                    return Err(bad(format!("each phrase has at most {MAX_WORDS} words")));
                }
                if phrases.iter().any(|(_, f)| *f == folded) {
                    continue; // the same phrase twice, or with other accents
                }
                if let Some(other) = seen.insert(folded.clone(), g) {
                    return Err(bad(format!("\"{phrase}\" is already in groups[{other}]")));
                }
                phrases.push((phrase, folded));
            }
            if phrases.len() < 2 || phrases.len() > MAX_PHRASES {
                return Err(bad(format!(
                    "a group has 2 to {MAX_PHRASES} different phrases"
                )));
            }
            out.push(phrases);
        }
        Ok(Synonyms { groups: out })
    }

    /// Adds to `terms` the other phrases of each group a run of its words
    /// matches, longest runs first, left to right.
    pub fn expand(&self, terms: &mut Terms) {
        if self.groups.is_empty() {
            return;
        }
        let n = terms.len();
        let mut i = 0;
        while i < n {
            let mut best: Option<(usize, usize)> = None; // (group, phrase)
            let mut best_len = 0;
            for (g, group) in self.groups.iter().enumerate() {
                for (p, (_, folded)) in group.iter().enumerate() {
                    let len = folded.len();
                    if len > best_len
                        && i + len <= n
                        && !terms.covered(i, len)
                        && folded
                            .iter()
                            .zip(&terms.words[i..i + len])
                            .all(|(f, t)| *f == t.folded)
                    {
                        best = Some((g, p));
                        best_len = len;
                    }
                }
            }
            let Some((g, p)) = best else {
                i += 1;
                continue;
            };
            for (q, (_, folded)) in self.groups[g].iter().enumerate() {
                if q != p {
                    terms.alts.push(Alternative {
                        from: i,
                        len: best_len,
                        words: folded.clone(),
                        because: Because::Synonym,
                    });
                }
            }
            i += best_len;
        }
    }
}

/// The site's synonyms as stored.
///
/// # Errors
/// The database fails.
pub async fn load(db: &impl ConnectionTrait) -> AppResult<Synonyms> {
    let rows = search_synonym::Entity::find()
        .order_by_asc(search_synonym::Column::Id)
        .all(db)
        .await?;
    // Groups set through the API passed these checks; rows an import
    // brought are checked here, and one that fails is left out (and
    // logged) rather than failing every search.
    let mut groups: Vec<(i64, Vec<String>)> = Vec::with_capacity(rows.len());
    for row in rows {
        match serde_json::from_str::<Vec<String>>(&row.phrases) {
            Ok(group) => groups.push((row.id, group)),
            Err(_) => tracing::warn!(id = row.id, "unreadable synonym group left out"),
        }
    }
    let all: Vec<Vec<String>> = groups.iter().map(|(_, g)| g.clone()).collect();
    if let Ok(synonyms) = Synonyms::from_groups(all) {
        return Ok(synonyms);
    }
    // Only when some group fails: find which, one group at a time.
    let mut kept: Vec<Vec<String>> = Vec::with_capacity(groups.len());
    for (id, group) in groups {
        kept.push(group);
        if let Err(e) = Synonyms::from_groups(kept.clone()) {
            tracing::warn!(id, error = %e.message(), "synonym group left out");
            kept.pop();
        }
    }
    Synonyms::from_groups(kept)
}

/// Replaces all the site's synonyms (admins), in one write transaction
/// (answers cached before it are dropped with it), and audits it.
///
/// # Errors
/// `FORBIDDEN` for others; `BAD_USER_INPUT` for groups that break a rule;
/// the database fails.
pub async fn replace(
    db: &DatabaseConnection,
    viewer: &Viewer,
    groups: Vec<Vec<String>>,
) -> AppResult<Arc<Synonyms>> {
    viewer.require(Action::ManageUsers)?;
    let synonyms = Synonyms::from_groups(groups)?;
    let (turn, txn) = crate::db::begin_write(db).await?;
    search_synonym::Entity::delete_many().exec(&txn).await?;
    for group in synonyms.groups() {
        let phrases = serde_json::to_string(&group)
            .map_err(|_| AppError::internal("synonym group not writable"))?;
        search_synonym::ActiveModel {
            phrases: Set(phrases),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let detail = serde_json::json!({ "groups": synonyms.groups.len() });
    audit::record(&txn, viewer, "search.synonyms", None, Some(detail)).await?;
    txn.commit().await?;
    drop(turn);
    Ok(Arc::new(synonyms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(g: &[&[&str]]) -> Vec<Vec<String>> {
        g.iter()
            .map(|p| p.iter().map(|s| (*s).to_owned()).collect())
            .collect()
    }

    #[test]
    fn the_longest_phrase_of_a_group_in_the_query_brings_the_others() {
        let s = Synonyms::from_groups(groups(&[
            &["Sông Lam", "SL"],
            &["một cửa", "tiếp nhận hồ sơ"],
            &["lam", "làm việc"],
        ]))
        .unwrap();
        let mut t = Terms::parse("bo phan mot cua song lam");
        s.expand(&mut t);
        let alts: Vec<(usize, usize, String)> = t
            .alts
            .iter()
            .map(|a| (a.from, a.len, a.words.join(" ")))
            .collect();
        assert_eq!(
            alts,
            [
                (2, 2, "tiep nhan ho so".to_owned()),
                (4, 2, "sl".to_owned())
            ]
        );
    }

    #[test]
    fn bad_groups_are_refused_with_the_group_named() {
        let err = |g: &[&[&str]]| Synonyms::from_groups(groups(g)).unwrap_err().message();
        assert!(err(&[&["một"]]).contains("groups[0]"));
        assert!(err(&[&["a", "b"], &["c", "A"]]).contains("groups[1]"));
        assert!(err(&[&["!!!", "b"]]).contains("groups[0]"));
        assert!(err(&[&["một hai ba bốn năm sáu bảy", "b"]]).contains("at most"));
        // The same phrase twice in a group (accents aside) is kept once.
        let s = Synonyms::from_groups(groups(&[&["Văn phòng", "van phong", "VP"]])).unwrap();
        assert_eq!(s.groups(), groups(&[&["Văn phòng", "VP"]]));
    }
}
