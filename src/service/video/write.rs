//! Creating and editing videos.

use entity::{video, video_tag};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};

use super::detect;
use crate::{
    error::{AppError, AppResult},
    service::{
        access::{Action, Viewer},
        publication::ContentKind,
        publication::{self},
        tag,
        validate::{check_url, optional, optional_url, text_field},
    },
    text::collate,
};

/// Longest duration we accept: a day-long livestream recording.
const MAX_DURATION: i32 = 86_400;

/// Fields of a new video; the slug is derived from the title when absent.
#[derive(Debug, Clone, Default)]
pub struct NewVideo {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub thumbnail_url: Option<String>,
    pub duration_seconds: Option<i32>,
    pub category_id: Option<i64>,
    pub tags: Vec<String>,
    pub featured: bool,
}

/// A partial update: `None` leaves a field alone, `Some(None)` clears an
/// optional one. `expected_version` is the version the editor started from.
#[derive(Debug, Clone, Default)]
pub struct VideoChanges {
    pub expected_version: i32,
    pub title: Option<String>,
    pub url: Option<String>,
    pub description: Option<Option<String>>,
    pub slug: Option<String>,
    pub thumbnail_url: Option<Option<String>>,
    pub duration_seconds: Option<Option<i32>>,
    pub category_id: Option<Option<i64>>,
    pub tags: Option<Vec<String>>,
    pub featured: Option<bool>,
}

/// A checked source URL and its provider's stored name.
fn check_source(url: &str) -> AppResult<(String, &'static str)> {
    let url = check_url("url", url)?;
    let source = detect(&url).map_err(|m| AppError::invalid("url", m))?;
    Ok((url, source.provider.as_str()))
}

fn check_duration(d: Option<i32>) -> AppResult<Option<i32>> {
    match d {
        Some(d) if !(0..=MAX_DURATION).contains(&d) => Err(AppError::invalid(
            "durationSeconds",
            format!("durationSeconds must be between 0 and {MAX_DURATION}"),
        )),
        d => Ok(d),
    }
}

/// Creates a draft video (any signed-in role).
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewVideo,
) -> AppResult<video::Model> {
    viewer.require(Action::CreateMedia)?;
    let title = text_field("title", &input.title, 1, 300)?;
    let (url, provider) = check_source(&input.url)?;
    let description = optional("description", input.description, 5000)?;
    let thumbnail_url = optional_url("thumbnailUrl", input.thumbnail_url)?;
    let duration = check_duration(input.duration_seconds)?;
    let tags = tag::normalize(&input.tags)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    publication::check_category(&txn, input.category_id).await?;
    let slug = publication::new_slug::<video::Entity>(&txn, input.slug, &title, "video").await?;
    let fields = video::ActiveModel {
        slug: Set(slug),
        title_sort: Set(collate::sort_key(&title)),
        title: Set(title),
        description: Set(description),
        url: Set(url),
        provider: Set(provider.to_owned()),
        thumbnail_url: Set(thumbnail_url),
        duration_seconds: Set(duration),
        category_id: Set(input.category_id),
        featured: Set(input.featured),
        ..Default::default()
    };
    let model = publication::insert_draft::<video::Entity>(&txn, viewer, fields).await?;
    replace_tags(&txn, model.id, &tags).await?;
    publication::after_write(&txn, viewer, ContentKind::Video, model.id, "create").await?;
    txn.commit().await?;
    Ok(model)
}

/// Applies a partial update if `expected_version` is still current.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    changes: VideoChanges,
) -> AppResult<video::Model> {
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let (current, meta) =
        publication::editable::<video::Entity>(&txn, viewer, id, changes.expected_version).await?;
    let mut m = current.clone().into_active_model();
    if let Some(t) = changes.title {
        let t = text_field("title", &t, 1, 300)?;
        m.title_sort = Set(collate::sort_key(&t));
        m.title = Set(t);
    }
    if let Some(u) = changes.url {
        let (url, provider) = check_source(&u)?;
        m.url = Set(url);
        m.provider = Set(provider.to_owned());
    }
    if let Some(d) = changes.description {
        m.description = Set(optional("description", d, 5000)?);
    }
    if let Some(t) = changes.thumbnail_url {
        m.thumbnail_url = Set(optional_url("thumbnailUrl", t)?);
    }
    if let Some(d) = changes.duration_seconds {
        m.duration_seconds = Set(check_duration(d)?);
    }
    if let Some(c) = changes.category_id {
        publication::check_category(&txn, c).await?;
        m.category_id = Set(c);
    }
    if let Some(f) = changes.featured {
        m.featured = Set(f);
    }
    if let Some(s) = changes.slug.filter(|s| *s != current.slug) {
        publication::check_slug_change::<video::Entity>(&txn, &meta, &s).await?;
        m.slug = Set(s);
    }
    let tags = changes.tags.map(|t| tag::normalize(&t)).transpose()?;
    let saved =
        publication::save_if_current::<video::Entity>(&txn, m, id, changes.expected_version)
            .await?;
    if let Some(tags) = tags {
        replace_tags(&txn, id, &tags).await?;
    }
    publication::after_write(&txn, viewer, ContentKind::Video, id, "update").await?;
    txn.commit().await?;
    Ok(saved)
}

/// Replaces a video's tags (inside the video's transaction).
async fn replace_tags(
    db: &impl ConnectionTrait,
    video_id: i64,
    tags: &[(String, String)],
) -> AppResult<()> {
    video_tag::Entity::delete_many()
        .filter(video_tag::Column::VideoId.eq(video_id))
        .exec(db)
        .await?;
    if tags.is_empty() {
        return Ok(());
    }
    let rows = tags
        .iter()
        .enumerate()
        .map(|(i, (slug, name))| video_tag::ActiveModel {
            video_id: Set(video_id),
            tag_slug: Set(slug.clone()),
            tag: Set(name.clone()),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
        });
    video_tag::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}
