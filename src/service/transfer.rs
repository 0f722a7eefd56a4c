//! Moving a site between databases: `bantin export` writes all content,
//! users and counters as JSON lines; `bantin import` loads such a file into an
//! empty database of either kind, in one transaction, then rebuilds the
//! search index. Refresh tokens are not carried over (everyone signs in
//! again); password hashes are, so the file must be kept private.

use std::io::{BufRead, Write};

use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IntoActiveModel,
    Iterable, PaginatorTrait, PrimaryKeyToColumn, QueryOrder,
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json};

use base64::{Engine, engine::general_purpose::STANDARD};

use super::{asset::Store, search, sql::statement};
use crate::{
    clock,
    error::{AppError, AppResult},
};

/// Export format marker and version.
const FORMAT: &str = "bantin-export";
const VERSION: u64 = 1;
const BATCH: u64 = 500;

/// Calls `$m!(table_name, entity_module)` for every table, parents first.
macro_rules! for_each_table {
    ($m:ident, $($args:tt)*) => {
        $m!("users", entity::user, $($args)*);
        $m!("categories", entity::category, $($args)*);
        $m!("articles", entity::article, $($args)*);
        $m!("article_tags", entity::article_tag, $($args)*);
        $m!("article_revisions", entity::article_revision, $($args)*);
        $m!("videos", entity::video, $($args)*);
        $m!("video_tags", entity::video_tag, $($args)*);
        $m!("galleries", entity::gallery, $($args)*);
        $m!("photos", entity::photo, $($args)*);
        $m!("documents", entity::document, $($args)*);
        $m!("pages", entity::page, $($args)*);
        $m!("content_revisions", entity::content_revision, $($args)*);
        $m!("site_settings", entity::site_setting, $($args)*);
        $m!("menus", entity::menu, $($args)*);
        $m!("menu_items", entity::menu_item, $($args)*);
        $m!("blocks", entity::block, $($args)*);
        $m!("search_synonyms", entity::search_synonym, $($args)*);
        $m!("article_media", entity::article_media, $($args)*);
        $m!("visit_days", entity::visit_day, $($args)*);
        $m!("visit_baselines", entity::visit_baseline, $($args)*);
        $m!("item_views_daily", entity::item_views_daily, $($args)*);
        $m!("media_assets", entity::media_asset, $($args)*);
    };
}

/// Tables with an auto-increment `id` whose sequence must follow imported ids.
const SERIAL_TABLES: &[&str] = &[
    "users",
    "categories",
    "articles",
    "article_revisions",
    "videos",
    "galleries",
    "photos",
    "documents",
    "pages",
    "content_revisions",
    "menus",
    "menu_items",
    "blocks",
    "search_synonyms",
    "media_assets",
];

async fn export_table<E>(
    db: &impl ConnectionTrait,
    name: &str,
    out: &mut impl Write,
    progress: &mut impl FnMut(u64),
) -> AppResult<u64>
where
    E: EntityTrait,
    E::Model: Serialize + Sync,
{
    let mut q = E::find();
    for pk in E::PrimaryKey::iter() {
        q = q.order_by_asc(pk.into_column());
    }
    let mut pages = q.paginate(db, BATCH);
    let mut n = 0;
    while let Some(rows) = pages.fetch_and_next().await? {
        for row in rows {
            let line = json!({ "table": name, "row": row });
            writeln!(out, "{line}").map_err(AppError::internal)?;
            n += 1;
        }
        progress(n);
    }
    Ok(n)
}

/// Writes every table as JSON lines; returns the number of rows.
pub async fn export(
    db: &impl ConnectionTrait,
    media: &Store,
    out: &mut impl Write,
    mut progress: impl FnMut(u64),
) -> AppResult<u64> {
    let header = json!({ "format": FORMAT, "version": VERSION, "exportedAt": clock::now() });
    writeln!(out, "{header}").map_err(AppError::internal)?;
    let mut total = 0;
    macro_rules! one {
        ($name:literal, $module:path, $db:expr, $out:expr) => {{
            use $module as m;
            let base = total;
            total +=
                export_table::<m::Entity>($db, $name, $out, &mut |n| progress(base + n)).await?;
        }};
    }
    for_each_table!(one, db, out);
    // The media library's files, after the rows that name them.
    for key in media.keys().await? {
        let Some(file) = media.get(&key, None).await? else {
            continue;
        };
        let line = json!({ "file": key, "base64": STANDARD.encode(&file.bytes) });
        writeln!(out, "{line}").map_err(AppError::internal)?;
    }
    Ok(total)
}

/// Rows of one table may be inserted as a batch.
async fn insert_rows<E>(db: &impl ConnectionTrait, rows: Vec<Value>) -> AppResult<()>
where
    E: EntityTrait,
    E::Model: DeserializeOwned + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    if rows.is_empty() {
        return Ok(());
    }
    let models = rows
        .into_iter()
        .map(|v| {
            serde_json::from_value::<E::Model>(v)
                .map(|m| m.into_active_model().reset_all())
                .map_err(|e| {
                    AppError::invalid("input", format!("a row does not fit its table: {e}"))
                })
        })
        .collect::<AppResult<Vec<_>>>()?;
    E::insert_many(models).exec_without_returning(db).await?;
    Ok(())
}

/// Whether the database holds no users, categories or articles.
async fn is_empty(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(entity::user::Entity::find().count(db).await? == 0
        && entity::category::Entity::find().count(db).await? == 0
        && entity::article::Entity::find().count(db).await? == 0)
}

fn unknown_table(table: &str) -> AppError {
    AppError::invalid("input", format!("unknown table `{table}`"))
}

/// Loads an export into an empty database, all or nothing; returns the rows.
pub async fn import(
    db: &DatabaseConnection,
    media: &Store,
    input: impl BufRead,
    mut progress: impl FnMut(u64),
) -> AppResult<u64> {
    if !is_empty(db).await? {
        return Err(AppError::conflict("import needs an empty database"));
    }
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let mut lines = input.lines();
    let header: Value = match lines.next() {
        Some(Ok(l)) => serde_json::from_str(&l)
            .map_err(|_| AppError::invalid("input", "not a bantin export"))?,
        _ => return Err(AppError::invalid("input", "the file is empty")),
    };
    if header["format"] != FORMAT || header["version"].as_u64() != Some(VERSION) {
        return Err(AppError::invalid(
            "input",
            "not a bantin export of a version this bantin reads",
        ));
    }
    let mut pending: Vec<Value> = Vec::new();
    let mut table = String::new();
    let mut total = 0;
    macro_rules! flush_if {
        ($name:literal, $module:path, $txn:expr, $table:expr, $rows:expr) => {
            if $table == $name {
                use $module as m;
                insert_rows::<m::Entity>($txn, std::mem::take($rows)).await?;
            }
        };
    }
    for line in lines {
        let line = line.map_err(AppError::internal)?;
        if line.trim().is_empty() {
            continue;
        }
        let mut v: Value = serde_json::from_str(&line)
            .map_err(|_| AppError::invalid("input", format!("line {} is not JSON", total + 2)))?;
        if let Some(key) = v["file"].as_str() {
            // A media file: the rows before it are all in.
            for_each_table!(flush_if, &txn, table.as_str(), &mut pending);
            if !pending.is_empty() {
                return Err(unknown_table(&table));
            }
            table.clear();
            let bytes = v["base64"]
                .as_str()
                .and_then(|b| STANDARD.decode(b).ok())
                .ok_or_else(|| {
                    AppError::invalid("input", format!("the file {key} is not base64"))
                })?;
            if key.contains("..") || key.starts_with('/') {
                return Err(AppError::invalid(
                    "input",
                    format!("`{key}` is not a media key"),
                ));
            }
            media.put(key, bytes).await?;
            continue;
        }
        let name = v["table"].as_str().unwrap_or_default().to_owned();
        if name != table || pending.len() as u64 >= BATCH {
            for_each_table!(flush_if, &txn, table.as_str(), &mut pending);
            // Rows no table took: an unknown table, refused wherever it
            // stands (they were once carried into the next table).
            if !pending.is_empty() {
                return Err(unknown_table(&table));
            }
            table = name;
        }
        pending.push(v["row"].take());
        total += 1;
        if total % BATCH == 0 {
            progress(total);
        }
    }
    for_each_table!(flush_if, &txn, table.as_str(), &mut pending);
    if !pending.is_empty() {
        return Err(unknown_table(&table));
    }
    if txn.get_database_backend() == DbBackend::Postgres {
        for t in SERIAL_TABLES {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {t}"
            );
            txn.execute_raw(statement(&txn, &sql, vec![])).await?;
        }
    }
    // A file is data, not proof of cleaning: bodies go through today's allow-list.
    entity::article::Entity::update_many()
        .col_expr(
            entity::article::Column::BodyPolicy,
            sea_orm::sea_query::Expr::value(0),
        )
        .exec(&txn)
        .await?;
    crate::service::article::reclean_bodies(&txn).await?;
    search::index::rebuild_articles(&txn, BATCH, |_| {}).await?;
    search::index::rebuild_media(&txn, |_| {}).await?;
    search::index::mark_current(&txn).await?;
    crate::service::changelog::baseline(&txn).await?;
    txn.commit().await?;
    crate::db::refresh_statistics(db, true).await?;
    progress(total);
    Ok(total)
}
