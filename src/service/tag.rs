//! Free tags on articles: normalised names with folded slugs.

use std::collections::HashMap;

use entity::article_tag;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::{
    error::{AppError, AppResult},
    text::{fold::lower_nfc, slug::slugify},
};

/// Most tags one article may carry.
pub const MAX_TAGS: usize = 20;

/// Cleans a client's tag list: trimmed, lowercase, one space between words,
/// duplicates (by slug) dropped, order kept. Returns (slug, name) pairs.
pub fn normalize(tags: &[String]) -> AppResult<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for raw in tags {
        let name = lower_nfc(&raw.split_whitespace().collect::<Vec<_>>().join(" "));
        if name.is_empty() {
            continue;
        }
        if name.chars().count() > 60 {
            return Err(AppError::invalid(
                "tags",
                "each tag must be at most 60 characters",
            ));
        }
        let slug = slugify(&name);
        if slug.is_empty() {
            return Err(AppError::invalid("tags", "tags need letters or digits"));
        }
        if !out.iter().any(|(s, _)| *s == slug) {
            out.push((slug, name));
        }
    }
    if out.len() > MAX_TAGS {
        return Err(AppError::invalid(
            "tags",
            format!("at most {MAX_TAGS} tags"),
        ));
    }
    Ok(out)
}

/// Replaces an article's tags (call inside the article's transaction).
pub async fn replace(
    db: &impl ConnectionTrait,
    article_id: i64,
    tags: &[(String, String)],
) -> AppResult<()> {
    article_tag::Entity::delete_many()
        .filter(article_tag::Column::ArticleId.eq(article_id))
        .exec(db)
        .await?;
    if tags.is_empty() {
        return Ok(());
    }
    let rows = tags
        .iter()
        .enumerate()
        .map(|(i, (slug, name))| article_tag::ActiveModel {
            article_id: Set(article_id),
            tag_slug: Set(slug.clone()),
            tag: Set(name.clone()),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
        });
    article_tag::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// Tag names per article, in the order the editor gave them.
pub async fn for_articles(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> AppResult<HashMap<i64, Vec<String>>> {
    let rows = article_tag::Entity::find()
        .filter(article_tag::Column::ArticleId.is_in(ids.iter().copied()))
        .order_by_asc(article_tag::Column::ArticleId)
        .order_by_asc(article_tag::Column::Position)
        .all(db)
        .await?;
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for r in rows {
        map.entry(r.article_id).or_default().push(r.tag);
    }
    Ok(map)
}

/// A tag as readers browse it: its slug, its name and how many public
/// articles carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCount {
    pub slug: String,
    pub name: String,
    pub articles: u64,
}

/// The tags of public articles, most used first (then by slug); with `q`,
/// only those whose slug starts with its folded form (`chuyen` finds
/// "chuyển đổi số"); with `slug`, that one tag.
pub async fn popular(
    db: &impl ConnectionTrait,
    q: Option<&str>,
    slug: Option<&str>,
    first: u64,
) -> AppResult<Vec<TagCount>> {
    let mut sql = format!(
        "SELECT t.tag_slug AS slug, MIN(t.tag) AS name, CAST(COUNT(*) AS BIGINT) AS n \
         FROM article_tags t JOIN articles a ON a.id = t.article_id WHERE {}",
        super::publication::public_sql("a")
    );
    let mut values: Vec<sea_orm::Value> = vec![crate::clock::now().into()];
    if let Some(prefix) = q.map(slugify).filter(|p| !p.is_empty()) {
        sql.push_str(" AND t.tag_slug LIKE ?");
        values.push(format!("{}%", prefix.replace(['%', '_'], "")).into());
    }
    if let Some(slug) = slug {
        sql.push_str(" AND t.tag_slug = ?");
        values.push(slug.to_owned().into());
    }
    sql.push_str(&format!(
        " GROUP BY t.tag_slug ORDER BY n DESC, t.tag_slug LIMIT {first}"
    ));
    let rows = db
        .query_all_raw(super::sql::statement(db, &sql, values))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(TagCount {
                slug: r.try_get("", "slug")?,
                name: r.try_get("", "name")?,
                articles: u64::try_from(r.try_get::<i64>("", "n")?).unwrap_or(0),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_cleaned_and_deduplicated() {
        let tags = normalize(&[
            " Chuyển  đổi số ".into(),
            "chuyển đổi số".into(),
            "".into(),
            "Y tế".into(),
        ])
        .unwrap_or_default();
        assert_eq!(
            tags,
            vec![
                ("chuyen-doi-so".into(), "chuyển đổi số".into()),
                ("y-te".into(), "y tế".into())
            ]
        );
    }
}
