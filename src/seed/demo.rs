//! The demo site: a fictional town portal written for bantin, loaded into an
//! empty database so `bantin serve` shows something real on first start.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use serde::Deserialize;

use crate::{
    clock,
    error::{AppError, AppResult},
    service::{
        self,
        access::Viewer,
        article::{Cover, NewArticle},
        category::NewCategory,
        gallery::{NewGallery, NewPhoto},
        video::NewVideo,
    },
};

const DEMO_JSON: &str = include_str!("demo.json");

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Demo {
    categories: Vec<DemoCategory>,
    articles: Vec<DemoArticle>,
    videos: Vec<DemoVideo>,
    galleries: Vec<DemoGallery>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoCategory {
    slug: String,
    name: String,
    description: Option<String>,
    parent: Option<String>,
    position: i32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoArticle {
    title: String,
    slug: Option<String>,
    summary: Option<String>,
    body: String,
    category: String,
    tags: Vec<String>,
    featured: bool,
    status: String,
    published_days_ago: Option<f64>,
    author: Option<String>,
    cover_image: Option<Cover>,
    seo_title: Option<String>,
    seo_description: Option<String>,
    /// Titles of demo videos and albums embedded in the article.
    #[serde(default)]
    videos: Vec<String>,
    #[serde(default)]
    galleries: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoVideo {
    title: String,
    description: Option<String>,
    url: String,
    category: Option<String>,
    tags: Vec<String>,
    featured: bool,
    status: String,
    published_days_ago: Option<f64>,
    duration_seconds: Option<i32>,
    thumbnail_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoGallery {
    title: String,
    description: Option<String>,
    category: Option<String>,
    status: String,
    published_days_ago: Option<f64>,
    photos: Vec<DemoPhoto>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoPhoto {
    url: String,
    caption: Option<String>,
    alt: Option<String>,
    width: Option<i32>,
    height: Option<i32>,
    credit: Option<String>,
}

/// Counts of what was loaded.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub categories: usize,
    pub articles: usize,
    pub videos: usize,
    pub galleries: usize,
    pub photos: usize,
}

/// The publication time of a demo item, relative to now.
fn demo_time(now: DateTime<Utc>, days_ago: Option<f64>) -> DateTime<Utc> {
    let days = days_ago.unwrap_or(0.0);
    #[expect(clippy::cast_possible_truncation, reason = "demo offsets are small")]
    let secs = (days * 86_400.0) as i64;
    now - TimeDelta::seconds(secs)
}

/// A category id from its demo slug.
fn category_of(ids: &HashMap<String, i64>, slug: Option<&str>) -> AppResult<Option<i64>> {
    slug.map(|s| {
        ids.get(s)
            .copied()
            .ok_or_else(|| AppError::internal(format!("demo: unknown category {s}")))
    })
    .transpose()
}

/// Whether the database holds no content yet.
pub async fn is_empty(db: &DatabaseConnection) -> AppResult<bool> {
    Ok(entity::category::Entity::find().count(db).await? == 0
        && entity::article::Entity::find().count(db).await? == 0)
}

/// Loads the demo site. Times are relative to now, so the demo always looks
/// fresh; a few articles are drafts and a few are scheduled for the future.
pub async fn load(db: &DatabaseConnection) -> AppResult<Loaded> {
    let demo: Demo = serde_json::from_str(DEMO_JSON).map_err(AppError::internal)?;
    let system = Viewer::System;
    let mut ids: HashMap<String, i64> = HashMap::new();
    for c in &demo.categories {
        let parent_id = match &c.parent {
            Some(p) => Some(
                *ids.get(p)
                    .ok_or_else(|| AppError::internal(format!("demo: unknown parent {p}")))?,
            ),
            None => None,
        };
        let row = service::category::create(
            db,
            &system,
            NewCategory {
                name: c.name.clone(),
                slug: Some(c.slug.clone()),
                description: c.description.clone(),
                parent_id,
                position: Some(c.position),
            },
        )
        .await?;
        ids.insert(c.slug.clone(), row.id);
    }
    let now = clock::now();
    let mut article_ids = Vec::with_capacity(demo.articles.len());
    for a in &demo.articles {
        let category_id = *ids
            .get(&a.category)
            .ok_or_else(|| AppError::internal(format!("demo: unknown category {}", a.category)))?;
        let row = service::article::create(
            db,
            &system,
            NewArticle {
                title: a.title.clone(),
                body: a.body.clone(),
                category_id,
                summary: a.summary.clone(),
                tags: a.tags.clone(),
                cover: a.cover_image.clone(),
                featured: a.featured,
                slug: a.slug.clone(),
                author_name: a.author.clone(),
                seo_title: a.seo_title.clone(),
                seo_description: a.seo_description.clone(),
            },
        )
        .await?;
        if a.status != "DRAFT" {
            let at = demo_time(now, a.published_days_ago);
            service::article::publish(db, &system, row.id, Some(at)).await?;
        }
        article_ids.push(row.id);
    }
    let mut media_ids: HashMap<&str, i64> = HashMap::new();
    for v in &demo.videos {
        let row = service::video::create(
            db,
            &system,
            NewVideo {
                title: v.title.clone(),
                url: v.url.clone(),
                description: v.description.clone(),
                slug: None,
                thumbnail_url: v.thumbnail_url.clone(),
                duration_seconds: v.duration_seconds,
                category_id: category_of(&ids, v.category.as_deref())?,
                tags: v.tags.clone(),
                featured: v.featured,
            },
        )
        .await?;
        if v.status != "DRAFT" {
            let at = demo_time(now, v.published_days_ago);
            service::publication::publish::<entity::video::Entity>(db, &system, row.id, Some(at))
                .await?;
        }
        media_ids.insert(&v.title, row.id);
    }
    let mut photos = 0;
    for g in &demo.galleries {
        photos += g.photos.len();
        let row = service::gallery::create(
            db,
            &system,
            NewGallery {
                title: g.title.clone(),
                description: g.description.clone(),
                slug: None,
                category_id: category_of(&ids, g.category.as_deref())?,
                featured: false,
                photos: g
                    .photos
                    .iter()
                    .map(|p| NewPhoto {
                        url: p.url.clone(),
                        caption: p.caption.clone(),
                        alt: p.alt.clone(),
                        width: p.width,
                        height: p.height,
                        credit: p.credit.clone(),
                    })
                    .collect(),
            },
        )
        .await?;
        if g.status != "DRAFT" {
            let at = demo_time(now, g.published_days_ago);
            service::publication::publish::<entity::gallery::Entity>(db, &system, row.id, Some(at))
                .await?;
        }
        media_ids.insert(&g.title, row.id);
    }
    // Articles embed the demo's albums and videos by title.
    let media_of = |titles: &[String]| -> AppResult<Vec<i64>> {
        titles
            .iter()
            .map(|t| {
                media_ids
                    .get(t.as_str())
                    .copied()
                    .ok_or_else(|| AppError::internal(format!("demo: unknown media {t}")))
            })
            .collect()
    };
    for (a, id) in demo.articles.iter().zip(&article_ids) {
        if !a.videos.is_empty() || !a.galleries.is_empty() {
            let (videos, galleries) = (media_of(&a.videos)?, media_of(&a.galleries)?);
            service::media::attach(db, &system, *id, &videos, &galleries).await?;
        }
    }
    Ok(Loaded {
        categories: demo.categories.len(),
        articles: demo.articles.len(),
        videos: demo.videos.len(),
        galleries: demo.galleries.len(),
        photos,
    })
}
