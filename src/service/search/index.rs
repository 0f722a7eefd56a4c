//! Keeping the index current: every write of a searchable item (any kind)
//! calls in here inside its own transaction, so the index never disagrees
//! with the content. Everything is indexed whatever its status; visibility is
//! decided at query time, so a scheduled article becomes findable at its hour.

use entity::{article, search_document as sd, search_text as st};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, sea_query::OnConflict,
};

use crate::{
    error::AppResult,
    service::{
        publication::ContentKind,
        search::{abbrev, terms::words},
        sql::statement,
        tag,
    },
    text::{fold::fold, html},
};

/// The searchable text of one item.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: ContentKind,
    pub item_id: i64,
    pub category_id: Option<i64>,
    pub status: entity::status::Status,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub title: String,
    /// Summary or description, plus tags or captions.
    pub summary: String,
    /// Plain text.
    pub body_text: String,
}

/// Inserts or replaces the document of an item.
pub async fn upsert(db: &impl ConnectionTrait, doc: Doc) -> AppResult<()> {
    let existing = sd::Entity::find()
        .filter(sd::Column::Kind.eq(doc.kind.as_str()))
        .filter(sd::Column::ItemId.eq(doc.item_id))
        .one(db)
        .await?;
    let (title_f, summary_f, body_f) = (fold(&doc.title), fold(&doc.summary), fold(&doc.body_text));
    let alias_f = [
        abbrev::aliases(&doc.title),
        abbrev::aliases(&doc.summary),
        abbrev::aliases(&doc.body_text),
    ]
    .join(" ");
    let mut m = match &existing {
        Some(e) => e.clone().into_active_model(),
        None => sd::ActiveModel {
            kind: Set(doc.kind.as_str().into()),
            item_id: Set(doc.item_id),
            ..Default::default()
        },
    };
    m.category_id = Set(doc.category_id);
    m.status = Set(doc.status);
    m.published_at = Set(doc.published_at);
    let saved = match existing {
        Some(_) => m.update(db).await?,
        None => m.insert(db).await?,
    };
    let text = st::ActiveModel {
        id: Set(saved.id),
        title: Set(doc.title),
        summary: Set(doc.summary),
        body_text: Set(doc.body_text),
    };
    st::Entity::insert(text)
        .on_conflict(
            OnConflict::column(st::Column::Id)
                .update_columns([st::Column::Title, st::Column::Summary, st::Column::BodyText])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    remember_words(db, [&title_f, &summary_f, &body_f, &alias_f]).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        // Words as queries split them (`terms::words`): PostgreSQL's own
        // parser would keep `15-nq/tu` or an address as one token that no
        // query word can match; SQLite's tokenizer already splits them.
        let split = |text: &str| words(text).collect::<Vec<_>>().join(" ");
        let (title_f, summary_f, body_f) = (split(&title_f), split(&summary_f), split(&body_f));
        db.execute_raw(statement(
            db,
            "UPDATE search_documents SET fts = \
             setweight(to_tsvector('simple', ?), 'A') || \
             setweight(to_tsvector('simple', ?), 'B') || \
             setweight(to_tsvector('simple', ?), 'C') || \
             setweight(to_tsvector('simple', ?), 'D') WHERE id = ?",
            vec![
                title_f.into(),
                summary_f.into(),
                body_f.into(),
                alias_f.into(),
                saved.id.into(),
            ],
        ))
        .await?;
    } else {
        db.execute_raw(statement(
            db,
            "DELETE FROM search_fts WHERE rowid = ?",
            vec![saved.id.into()],
        ))
        .await?;
        db.execute_raw(statement(
            db,
            "INSERT INTO search_fts (rowid, title_f, summary_f, body_f, alias_f) \
             VALUES (?, ?, ?, ?, ?)",
            vec![
                saved.id.into(),
                title_f.into(),
                summary_f.into(),
                body_f.into(),
                alias_f.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}

/// Adds the words of a document to the vocabulary spelling corrections
/// look in. Words are only ever added: one that no item holds any more
/// costs a correction that then finds nothing.
async fn remember_words(db: &impl ConnectionTrait, texts: [&String; 4]) -> AppResult<()> {
    let mut all: Vec<&str> = texts.iter().flat_map(|t| words(t)).collect();
    all.sort_unstable();
    all.dedup();
    for chunk in all.chunks(500) {
        let sql = format!(
            "INSERT INTO search_terms (term) VALUES {} ON CONFLICT DO NOTHING",
            vec!["(?)"; chunk.len()].join(", ")
        );
        let values = chunk.iter().map(|w| (*w).into()).collect();
        db.execute_raw(statement(db, &sql, values)).await?;
    }
    Ok(())
}

/// Removes the document of an item, if any.
pub async fn remove(db: &impl ConnectionTrait, kind: ContentKind, item_id: i64) -> AppResult<()> {
    let Some(doc) = sd::Entity::find()
        .filter(sd::Column::Kind.eq(kind.as_str()))
        .filter(sd::Column::ItemId.eq(item_id))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    if db.get_database_backend() != DbBackend::Postgres {
        db.execute_raw(statement(
            db,
            "DELETE FROM search_fts WHERE rowid = ?",
            vec![doc.id.into()],
        ))
        .await?;
    }
    st::Entity::delete_by_id(doc.id).exec(db).await?;
    sd::Entity::delete_by_id(doc.id).exec(db).await?;
    Ok(())
}

/// The documents of articles as stored now, with their tags read in one
/// statement for the whole batch.
pub async fn article_docs(
    db: &impl ConnectionTrait,
    articles: &[article::Model],
) -> AppResult<Vec<Doc>> {
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let mut tags = tag::for_articles(db, &ids).await?;
    Ok(articles
        .iter()
        .map(|a| {
            let tags = tags.remove(&a.id).unwrap_or_default();
            let mut summary = a.summary.clone().unwrap_or_default();
            if !tags.is_empty() {
                summary.push_str(" · ");
                summary.push_str(&tags.join(", "));
            }
            Doc {
                kind: ContentKind::Article,
                item_id: a.id,
                category_id: Some(a.category_id),
                status: a.status,
                published_at: a.published_at,
                title: a.title.clone(),
                summary,
                body_text: html::to_text(&a.body),
            }
        })
        .collect())
}

/// Indexes a batch of articles.
pub async fn upsert_articles(
    db: &impl ConnectionTrait,
    articles: &[article::Model],
) -> AppResult<()> {
    for doc in article_docs(db, articles).await? {
        upsert(db, doc).await?;
    }
    Ok(())
}

/// Brings the index in line with an article (call after any write to it).
pub async fn sync_article(db: &impl ConnectionTrait, id: i64) -> AppResult<()> {
    match article::Entity::find_by_id(id).one(db).await? {
        Some(a) => upsert_articles(db, std::slice::from_ref(&a)).await,
        None => remove(db, ContentKind::Article, id).await,
    }
}

/// The next `batch` articles by id.
async fn articles_after(
    db: &impl ConnectionTrait,
    after: i64,
    batch: u64,
) -> AppResult<Vec<article::Model>> {
    Ok(article::Entity::find()
        .filter(article::Column::Id.gt(after))
        .order_by_asc(article::Column::Id)
        .limit(batch)
        .all(db)
        .await?)
}

/// Rebuilds the document of every article, `batch` at a time, reporting
/// progress as (done, total).
pub async fn rebuild_articles(
    db: &impl ConnectionTrait,
    batch: u64,
    mut progress: impl FnMut(u64),
) -> AppResult<u64> {
    let mut after = 0i64;
    let mut done = 0u64;
    loop {
        let rows = articles_after(db, after, batch).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        upsert_articles(db, &rows).await?;
        done += rows.len() as u64;
        progress(done);
    }
    Ok(done)
}

/// The document of a video: title, description and tags.
async fn video_doc(db: &impl ConnectionTrait, v: &entity::video::Model) -> AppResult<Doc> {
    let tags: Vec<String> = entity::video_tag::Entity::find()
        .filter(entity::video_tag::Column::VideoId.eq(v.id))
        .order_by_asc(entity::video_tag::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag)
        .collect();
    Ok(Doc {
        kind: ContentKind::Video,
        item_id: v.id,
        category_id: v.category_id,
        status: v.status,
        published_at: v.published_at,
        title: v.title.clone(),
        summary: tags.join(", "),
        body_text: v.description.clone().unwrap_or_default(),
    })
}

/// The document of an album: title, description, and its photos' captions,
/// alternative texts and credits.
async fn gallery_doc(db: &impl ConnectionTrait, g: &entity::gallery::Model) -> AppResult<Doc> {
    let photos = entity::photo::Entity::find()
        .filter(entity::photo::Column::GalleryId.eq(g.id))
        .order_by_asc(entity::photo::Column::Position)
        .all(db)
        .await?;
    let captions: Vec<String> = photos
        .iter()
        .flat_map(|p| [p.caption.clone(), p.alt.clone(), p.credit.clone()])
        .flatten()
        .collect();
    Ok(Doc {
        kind: ContentKind::Gallery,
        item_id: g.id,
        category_id: g.category_id,
        status: g.status,
        published_at: g.published_at,
        title: g.title.clone(),
        summary: g.description.clone().unwrap_or_default(),
        body_text: captions.join(". "),
    })
}

/// The document of an official document: its number as issued and as one
/// word (`15nqtu`, for numbers typed without separators), issuer, summary.
fn document_doc(d: &entity::document::Model) -> Doc {
    let summary = [
        d.number.as_str(),
        d.number_key.as_str(),
        d.issuer.as_str(),
        d.signer.as_deref().unwrap_or_default(),
        d.summary.as_deref().unwrap_or_default(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    Doc {
        kind: ContentKind::Document,
        item_id: d.id,
        category_id: d.category_id,
        status: d.status,
        published_at: d.published_at,
        title: d.title.clone(),
        summary,
        body_text: html::to_text(&d.body),
    }
}

/// The document of a static page.
fn page_doc(p: &entity::page::Model) -> Doc {
    Doc {
        kind: ContentKind::Page,
        item_id: p.id,
        category_id: None,
        status: p.status,
        published_at: p.published_at,
        title: p.title.clone(),
        summary: p.seo_description.clone().unwrap_or_default(),
        body_text: html::to_text(&p.body),
    }
}

/// Brings the index in line with one item of any kind.
pub async fn sync(db: &impl ConnectionTrait, kind: ContentKind, id: i64) -> AppResult<()> {
    let doc = match kind {
        ContentKind::Article => return sync_article(db, id).await,
        ContentKind::Video => match entity::video::Entity::find_by_id(id).one(db).await? {
            Some(v) => Some(video_doc(db, &v).await?),
            None => None,
        },
        ContentKind::Gallery => match entity::gallery::Entity::find_by_id(id).one(db).await? {
            Some(g) => Some(gallery_doc(db, &g).await?),
            None => None,
        },
        ContentKind::Document => entity::document::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|d| document_doc(&d)),
        ContentKind::Page => entity::page::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| page_doc(&p)),
    };
    match doc {
        Some(d) => upsert(db, d).await,
        None => remove(db, kind, id).await,
    }
}

/// Rebuilds the search documents of every video, album, official document
/// and page; returns how many.
pub async fn rebuild_media(
    db: &impl ConnectionTrait,
    mut progress: impl FnMut(u64),
) -> AppResult<u64> {
    let mut done = 0;
    for v in entity::video::Entity::find().all(db).await? {
        upsert(db, video_doc(db, &v).await?).await?;
        done += 1;
    }
    for g in entity::gallery::Entity::find().all(db).await? {
        upsert(db, gallery_doc(db, &g).await?).await?;
        done += 1;
    }
    for d in entity::document::Entity::find().all(db).await? {
        upsert(db, document_doc(&d)).await?;
        done += 1;
    }
    for p in entity::page::Entity::find().all(db).await? {
        upsert(db, page_doc(&p)).await?;
        done += 1;
    }
    progress(done);
    Ok(done)
}

/// What the index holds: bump it when indexing puts something new in (the
/// abbreviation table, folding), and `bantin serve` rebuilds indexes built
/// by older code in the background (`bantin reindex` does it at once).
pub const INDEX_VERSION: i64 = 1;

/// The version of what the index of `db` holds.
pub async fn version(db: &impl ConnectionTrait) -> AppResult<i64> {
    let row = db
        .query_one_raw(statement(
            db,
            "SELECT value FROM bantin_meta WHERE key = 'search_index'",
            Vec::new(),
        ))
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<String>("", "value").ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Records that the index holds what this code's indexing puts in.
pub async fn mark_current(db: &impl ConnectionTrait) -> AppResult<()> {
    db.execute_raw(statement(
        db,
        "UPDATE bantin_meta SET value = ? WHERE key = 'search_index'",
        vec![INDEX_VERSION.to_string().into()],
    ))
    .await?;
    Ok(())
}

/// Rebuilds the documents of every item: articles 500 to a write
/// transaction, so editors' saves go on between batches; reports articles
/// done as it goes; returns (articles, other items).
pub async fn rebuild(
    db: &sea_orm::DatabaseConnection,
    mut progress: impl FnMut(u64),
) -> AppResult<(u64, u64)> {
    const BATCH: u64 = 500;
    let mut after = 0i64;
    let mut articles = 0u64;
    loop {
        let (turn, txn) = crate::db::begin_write(db).await?;
        let rows = articles_after(&txn, after, BATCH).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        upsert_articles(&txn, &rows).await?;
        txn.commit().await?;
        drop(turn);
        articles += rows.len() as u64;
        progress(articles);
    }
    let (turn, txn) = crate::db::begin_write(db).await?;
    let others = rebuild_media(&txn, |_| {}).await?;
    mark_current(&txn).await?;
    txn.commit().await?;
    drop(turn);
    Ok((articles, others))
}

/// An empty index is as current as this code: what goes in from now on is
/// indexed by it (so a new database is never rebuilt for nothing).
pub async fn settle_empty(db: &impl ConnectionTrait) -> AppResult<()> {
    if version(db).await? < INDEX_VERSION && sd::Entity::find().one(db).await?.is_none() {
        mark_current(db).await?;
    }
    Ok(())
}

/// Rebuilds the index when older code built it (see [`INDEX_VERSION`]);
/// `None` when it was current.
pub async fn upgrade(db: &sea_orm::DatabaseConnection) -> AppResult<Option<(u64, u64)>> {
    if version(db).await? >= INDEX_VERSION {
        return Ok(None);
    }
    rebuild(db, |_| {}).await.map(Some)
}
