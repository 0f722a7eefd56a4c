//! The media library: uploads checked by their bytes, images cleaned of
//! metadata and resized, files stored once by content hash, and the
//! editors' catalogue of them.

pub mod picture;
pub mod sniff;
pub mod store;

use std::sync::LazyLock;

use entity::media_asset;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    ModelTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use super::{
    access::{Action, Viewer},
    audit::{self, Target},
    pagination::{Cursor, CursorPage, CursorRequest, Page, PageRequest},
    sql::statement,
};
use crate::{
    clock,
    config::MediaConfig,
    error::{AppError, AppResult},
};
use sniff::Detected;
pub use store::Store;

/// Images processed at once: decoding and resizing are CPU work, kept off
/// the async runtime and bounded like password hashing.
static WORK: LazyLock<std::sync::Arc<Semaphore>> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    std::sync::Arc::new(Semaphore::new(cores))
});

/// A stored variant of an image (in `media_assets.variants`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Variant {
    pub key: String,
    pub width: u32,
    pub height: u32,
    /// `webp`, `jpeg` or `png`.
    pub format: String,
    pub bytes: u64,
}

/// The variants of an asset, narrowest first.
pub fn variants_of(asset: &media_asset::Model) -> Vec<Variant> {
    serde_json::from_str(&asset.variants).unwrap_or_default()
}

/// Every file an asset's row points at.
pub fn keys_of(asset: &media_asset::Model) -> Vec<String> {
    std::iter::once(asset.storage_key.clone())
        .chain(variants_of(asset).into_iter().map(|v| v.key))
        .collect()
}

/// An upload as it arrived.
#[derive(Debug, Clone)]
pub struct NewUpload {
    pub filename: String,
    pub bytes: Vec<u8>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// Text fields of an asset; `None` keeps one, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct MediaPatch {
    pub alt: Option<Option<String>>,
    pub caption: Option<Option<String>>,
    pub credit: Option<Option<String>>,
}

fn text(field: &'static str, v: Option<String>, max: usize) -> AppResult<Option<String>> {
    let v = v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if v.as_ref().is_some_and(|s| s.chars().count() > max) {
        return Err(AppError::invalid(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(v)
}

/// The name shown to editors: the last path part, printable, short.
fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() {
        "upload".into()
    } else {
        clean
    }
}

/// Stores an upload (authors, editors, admins) and catalogues it.
///
/// # Errors
/// `UNAUTHENTICATED`/`FORBIDDEN`; `BAD_USER_INPUT` on `file` for a file too
/// large, of a type not taken, damaged, or with too many pixels (nothing is
/// stored then); the store or the database fails.
pub async fn upload(
    db: &DatabaseConnection,
    store: &Store,
    config: &MediaConfig,
    viewer: &Viewer,
    up: NewUpload,
) -> AppResult<media_asset::Model> {
    viewer.require(Action::CreateMedia)?;
    if up.bytes.len() > config.max_bytes {
        return Err(AppError::invalid(
            "file",
            format!("the file is larger than {} MB", config.max_bytes >> 20),
        ));
    }
    if up.bytes.is_empty() {
        return Err(AppError::invalid("file", "the file is empty"));
    }
    let detected = sniff::detect(&up.bytes)?;
    let alt = text("alt", up.alt, 500)?;
    let caption = text("caption", up.caption, 1000)?;
    let credit = text("credit", up.credit, 255)?;
    let hash = hex(&Sha256::digest(&up.bytes));
    let now = clock::now();
    let mut row = media_asset::ActiveModel {
        hash: Set(hash.clone()),
        kind: Set(detected.kind().into()),
        filename: Set(clean_filename(&up.filename)),
        alt: Set(alt),
        caption: Set(caption),
        credit: Set(credit),
        uploaded_by: Set(viewer.user_id()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    // The same bytes again: a new entry on the files already stored.
    let twin = media_asset::Entity::find()
        .filter(media_asset::Column::Hash.eq(&hash))
        .one(db)
        .await?;
    if let Some(t) = twin {
        row.mime_type = Set(t.mime_type);
        row.storage_key = Set(t.storage_key);
        row.bytes = Set(t.bytes);
        row.width = Set(t.width);
        row.height = Set(t.height);
        row.placeholder = Set(t.placeholder);
        row.dominant_color = Set(t.dominant_color);
        row.variants = Set(t.variants);
    } else {
        let prefix = format!("{}/{hash}", &hash[..2]);
        match detected {
            Detected::Document { mime, ext } => {
                let key = format!("{prefix}.{ext}");
                row.mime_type = Set(mime.into());
                row.bytes = Set(i64::try_from(up.bytes.len()).unwrap_or(i64::MAX));
                row.variants = Set("[]".into());
                store.put(&key, up.bytes).await?;
                row.storage_key = Set(key);
            }
            Detected::Image(format) => {
                let widths = config.widths.clone();
                let processed = {
                    // The slot goes with the work: a request that gives up
                    // (timeout, hang-up) frees it only when the work ends.
                    let slot = WORK
                        .clone()
                        .acquire_owned()
                        .await
                        .map_err(|_| AppError::internal("image slots closed"))?;
                    let bytes = up.bytes;
                    tokio::task::spawn_blocking(move || {
                        let done = picture::process(bytes, format, &widths);
                        drop(slot);
                        done
                    })
                    .await
                    .map_err(|_| AppError::internal("image processing panicked"))??
                };
                let original = processed.original;
                let key = format!("{prefix}.{}", original.format);
                let mut variants = Vec::with_capacity(processed.variants.len());
                for v in processed.variants {
                    let vkey = format!("{prefix}-{}.{}", v.width, v.format);
                    variants.push(Variant {
                        key: vkey.clone(),
                        width: v.width,
                        height: v.height,
                        format: v.format.into(),
                        bytes: v.bytes.len() as u64,
                    });
                    store.put(&vkey, v.bytes).await?;
                }
                variants.sort_by_key(|v| (v.width, v.format.clone()));
                row.mime_type = Set(original.mime().into());
                row.bytes = Set(i64::try_from(original.bytes.len()).unwrap_or(i64::MAX));
                row.width = Set(i32::try_from(original.width).ok());
                row.height = Set(i32::try_from(original.height).ok());
                row.placeholder = Set(Some(processed.placeholder));
                row.dominant_color = Set(Some(processed.color));
                row.variants =
                    Set(serde_json::to_string(&variants).unwrap_or_else(|_| "[]".into()));
                store.put(&key, original.bytes).await?;
                row.storage_key = Set(key);
            }
        }
    }
    let stored = row.clone();
    match catalogue(db, viewer, row).await {
        Ok(asset) => Ok(asset),
        Err(e) => {
            // Files no entry names are removed again (unless another entry
            // shares them).
            let shared = media_asset::Entity::find()
                .filter(media_asset::Column::Hash.eq(&hash))
                .count(db)
                .await
                .unwrap_or(1);
            if shared == 0 {
                let mut keys = Vec::new();
                if let sea_orm::ActiveValue::Set(k) = &stored.storage_key {
                    keys.push(k.clone());
                }
                if let sea_orm::ActiveValue::Set(v) = &stored.variants {
                    let vs: Vec<Variant> = serde_json::from_str(v).unwrap_or_default();
                    keys.extend(vs.into_iter().map(|v| v.key));
                }
                for key in keys {
                    let _ = store.delete(&key).await;
                }
            }
            Err(e)
        }
    }
}

/// Writes an upload's entry (and its audit line) in one transaction.
async fn catalogue(
    db: &DatabaseConnection,
    viewer: &Viewer,
    row: media_asset::ActiveModel,
) -> AppResult<media_asset::Model> {
    let (turn, txn) = crate::db::begin_counter_write(db).await?;
    let asset = row.insert(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "media.upload",
        Some(Target::new("media", asset.id)),
        Some(serde_json::json!({ "filename": asset.filename, "bytes": asset.bytes })),
    )
    .await?;
    txn.commit().await?;
    drop(turn);
    Ok(asset)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the editors' library is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct MediaFilter {
    /// `image` or `document`.
    pub kind: Option<String>,
    /// Words in the file name, alt text, caption or credit.
    pub q: Option<String>,
}

fn filtered(filter: &MediaFilter) -> sea_orm::Select<media_asset::Entity> {
    use media_asset::Column as C;
    let mut q = media_asset::Entity::find();
    if let Some(k) = &filter.kind {
        q = q.filter(C::Kind.eq(k.as_str()));
    }
    if let Some(words) = filter.q.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        let mut all = Condition::all();
        // Case folded on both sides: SQLite's LIKE ignores ASCII case,
        // PostgreSQL's does not.
        let lower = |c: C, w: &str| {
            use sea_orm::sea_query::{Expr, ExprTrait, Func};
            Expr::expr(Func::lower(Expr::col(c))).like(format!("%{}%", w.to_lowercase()))
        };
        for word in words.split_whitespace().take(8) {
            all = all.add(
                Condition::any()
                    .add(lower(C::Filename, word))
                    .add(lower(C::Alt, word))
                    .add(lower(C::Caption, word))
                    .add(lower(C::Credit, word)),
            );
        }
        q = q.filter(all);
    }
    q
}

/// The library as a Relay connection, newest first (anyone signed in).
///
/// # Errors
/// `UNAUTHENTICATED`; the database fails.
pub async fn connection(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &MediaFilter,
    request: CursorRequest,
) -> AppResult<CursorPage<media_asset::Model>> {
    use media_asset::Column as C;
    viewer.require(Action::CreateMedia)?;
    let q = filtered(filter);
    let total = q.clone().count(db).await?;
    let (limit, cursor, forward) = match request {
        CursorRequest::Forward { first, after } => (first, after, true),
        CursorRequest::Backward { last, before } => (last, before, false),
    };
    // Ids grow with upload time: they order the library alone.
    let mut q = q;
    if let Some(c) = cursor {
        q = q.filter(if forward {
            C::Id.lt(c.id)
        } else {
            C::Id.gt(c.id)
        });
    }
    let q = if forward {
        q.order_by_desc(C::Id)
    } else {
        q.order_by_asc(C::Id)
    };
    let mut rows = q.limit(limit + 1).all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    if !forward {
        rows.reverse();
    }
    let had_cursor = cursor.is_some();
    Ok(CursorPage {
        items: rows
            .into_iter()
            .map(|m| {
                (
                    Cursor {
                        at: m.created_at,
                        id: m.id,
                    },
                    m,
                )
            })
            .collect(),
        has_next_page: if forward { more } else { had_cursor },
        has_previous_page: if forward { had_cursor } else { more },
        total,
    })
}

/// The library, newest first (anyone signed in).
///
/// # Errors
/// `UNAUTHENTICATED` for the public; the database fails.
pub async fn list(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &MediaFilter,
    page: PageRequest,
) -> AppResult<Page<media_asset::Model>> {
    viewer.require(Action::CreateMedia)?;
    page.fetch(db, filtered(filter).order_by_desc(media_asset::Column::Id))
        .await
}

/// One asset (anyone signed in).
///
/// # Errors
/// `UNAUTHENTICATED`; the database fails.
pub async fn get(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> AppResult<Option<media_asset::Model>> {
    viewer.require(Action::CreateMedia)?;
    Ok(media_asset::Entity::find_by_id(id).one(db).await?)
}

/// Library images by id, in one statement (anyone signed in).
///
/// # Errors
/// `UNAUTHENTICATED`; the database fails.
pub async fn images_by_id(
    db: &DatabaseConnection,
    viewer: &Viewer,
    ids: &[i64],
) -> AppResult<std::collections::HashMap<i64, media_asset::Model>> {
    viewer.require(Action::CreateMedia)?;
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(media_asset::Entity::find()
        .filter(media_asset::Column::Id.is_in(ids.iter().copied()))
        .filter(media_asset::Column::Kind.eq("image"))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect())
}

/// Assets by storage key of their original, for images shown on pages.
///
/// # Errors
/// The database fails.
pub async fn by_keys(
    db: &DatabaseConnection,
    keys: &[String],
) -> AppResult<Vec<media_asset::Model>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    Ok(media_asset::Entity::find()
        .filter(media_asset::Column::StorageKey.is_in(keys.iter().cloned()))
        .order_by_asc(media_asset::Column::Id)
        .all(db)
        .await?)
}

fn owns(viewer: &Viewer, asset: &media_asset::Model) -> bool {
    viewer.user_id().is_some() && viewer.user_id() == asset.uploaded_by
}

/// Changes an asset's texts: its uploader, or editors and admins.
///
/// # Errors
/// `FORBIDDEN` for an author's edit of another's file; `NOT_FOUND`.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    patch: MediaPatch,
) -> AppResult<media_asset::Model> {
    viewer.principal()?;
    let (turn, txn) = crate::db::begin_counter_write(db).await?;
    let asset = media_asset::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("media"))?;
    viewer.require(Action::EditMedia {
        own: owns(viewer, &asset),
        draft: true,
    })?;
    let mut row: media_asset::ActiveModel = asset.into();
    if let Some(v) = patch.alt {
        row.alt = Set(text("alt", v, 500)?);
    }
    if let Some(v) = patch.caption {
        row.caption = Set(text("caption", v, 1000)?);
    }
    if let Some(v) = patch.credit {
        row.credit = Set(text("credit", v, 255)?);
    }
    row.updated_at = Set(clock::now());
    let asset = row.update(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "media.update",
        Some(Target::new("media", id)),
        None,
    )
    .await?;
    txn.commit().await?;
    drop(turn);
    Ok(asset)
}

/// Where an asset is used: the first place found, as `kind id`.
async fn used_in(db: &impl ConnectionTrait, hash: &str) -> AppResult<Option<String>> {
    let like = format!("%{hash}%");
    for (kind, sql) in [
        (
            "article",
            "SELECT id FROM articles WHERE cover_url LIKE ? OR body LIKE ? LIMIT 1",
        ),
        (
            "photo",
            "SELECT id FROM photos WHERE url LIKE ? OR url LIKE ? LIMIT 1",
        ),
        (
            "video",
            "SELECT id FROM videos WHERE thumbnail_url LIKE ? OR thumbnail_url LIKE ? LIMIT 1",
        ),
    ] {
        let found = db
            .query_one_raw(statement(
                db,
                sql,
                vec![like.clone().into(), like.clone().into()],
            ))
            .await?;
        if let Some(row) = found {
            let id: i64 = row.try_get("", "id")?;
            return Ok(Some(format!("{kind} {id}")));
        }
    }
    Ok(None)
}

/// Deletes an asset: its uploader, or editors and admins. Refused while an
/// article, photo or video uses it, unless `force`. Its files go when no
/// other entry shares them.
///
/// # Errors
/// `FORBIDDEN` for an author's delete of another's file; `NOT_FOUND`;
/// `CONFLICT` while in use.
pub async fn delete(
    db: &DatabaseConnection,
    store: &Store,
    viewer: &Viewer,
    id: i64,
    force: bool,
) -> AppResult<()> {
    viewer.principal()?;
    // The scans for uses run before the write lock (they read whole
    // tables, and SQLite has one writer).
    let found = media_asset::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("media"))?;
    viewer.require(Action::DeleteMedia {
        own: owns(viewer, &found),
        draft: true,
    })?;
    let place = if force {
        None
    } else {
        used_in(db, &found.hash).await?
    };
    let (turn, txn) = crate::db::begin_counter_write(db).await?;
    let asset = media_asset::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("media"))?;
    let twins = media_asset::Entity::find()
        .filter(media_asset::Column::Hash.eq(&asset.hash))
        .filter(media_asset::Column::Id.ne(id))
        .count(&txn)
        .await?;
    if twins == 0
        && let Some(place) = place
    {
        return Err(AppError::Conflict {
            message: format!("the file is in use ({place}); delete with force to remove it anyway"),
            field: Some("id"),
        });
    }
    let keys = keys_of(&asset);
    asset.delete(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "media.delete",
        Some(Target::new("media", id)),
        None,
    )
    .await?;
    txn.commit().await?;
    drop(turn);
    if twins == 0 {
        for key in keys {
            store.delete(&key).await?;
        }
    }
    Ok(())
}

/// What `bantin media verify` found.
#[derive(Debug, Default)]
pub struct Report {
    pub entries: u64,
    pub files: u64,
    /// (asset id, key) of files entries name but the store lacks.
    pub missing: Vec<(i64, String)>,
    /// Stored files no entry names.
    pub orphaned: Vec<String>,
}

/// Compares the library's entries with the store's files.
///
/// # Errors
/// The database or the store fails.
pub async fn verify(db: &DatabaseConnection, store: &Store) -> AppResult<Report> {
    let stored: std::collections::HashSet<String> = store.keys().await?.into_iter().collect();
    let mut named = std::collections::HashSet::new();
    let mut report = Report {
        files: stored.len() as u64,
        ..Report::default()
    };
    let mut pages = media_asset::Entity::find()
        .order_by_asc(media_asset::Column::Id)
        .paginate(db, 500);
    while let Some(rows) = pages.fetch_and_next().await? {
        for asset in rows {
            report.entries += 1;
            for key in keys_of(&asset) {
                if !stored.contains(&key) && !named.contains(&key) {
                    report.missing.push((asset.id, key.clone()));
                }
                named.insert(key);
            }
        }
    }
    let mut orphaned: Vec<String> = stored.into_iter().filter(|k| !named.contains(k)).collect();
    orphaned.sort();
    report.orphaned = orphaned;
    Ok(report)
}
