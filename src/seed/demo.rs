//! The demo site: a fictional town portal written for bantin, loaded into an
//! empty database so `bantin serve` shows something real on first start.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use entity::document::DocumentType;
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
        document::{DocumentFile, NewDocument},
        gallery::{NewGallery, NewPhoto},
        page::NewPage,
        publication::Media,
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
    documents: Vec<DemoDocument>,
    pages: Vec<DemoPage>,
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoDocument {
    number: String,
    title: String,
    /// As in the schema: `RESOLUTION`, `OFFICIAL_LETTER`...
    document_type: String,
    issuer: String,
    signer: Option<String>,
    issued_days_ago: f64,
    effective_days_ago: Option<f64>,
    expires_in_days: Option<f64>,
    category: Option<String>,
    summary: Option<String>,
    body: String,
    files: Vec<DocumentFile>,
    status: String,
    published_days_ago: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoPage {
    slug: String,
    title: String,
    body: String,
    parent: Option<String>,
    position: i32,
    show_in_menu: bool,
    seo_title: Option<String>,
    seo_description: Option<String>,
    status: String,
}

/// Counts of what was loaded.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub categories: usize,
    pub articles: usize,
    pub videos: usize,
    pub galleries: usize,
    pub photos: usize,
    pub documents: usize,
    pub pages: usize,
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
/// fresh; a few items are drafts and a few are scheduled for the future.
/// Its pictures are drawn by this server, under `media_base` (see
/// [`super::pictures`]).
pub async fn load(db: &DatabaseConnection, media_base: &str) -> AppResult<Loaded> {
    let text = super::pictures::localise(DEMO_JSON, media_base);
    let demo: Demo = serde_json::from_str(&text).map_err(AppError::internal)?;
    let now = clock::now();
    let categories = load_categories(db, &demo.categories).await?;
    let article_ids = load_articles(db, &demo.articles, &categories, now).await?;
    let mut media_ids = load_videos(db, &demo.videos, &categories, now, media_base).await?;
    media_ids.extend(load_galleries(db, &demo.galleries, &categories, now).await?);
    attach_media(db, &demo.articles, &article_ids, &media_ids).await?;
    load_documents(db, &demo.documents, &categories, now).await?;
    let pages = load_pages(db, &demo.pages, now).await?;
    load_site(db, &categories, &pages).await?;
    Ok(Loaded {
        categories: demo.categories.len(),
        articles: demo.articles.len(),
        videos: demo.videos.len(),
        galleries: demo.galleries.len(),
        photos: demo.galleries.iter().map(|g| g.photos.len()).sum(),
        documents: demo.documents.len(),
        pages: demo.pages.len(),
    })
}

/// Categories, parents first; their ids by slug.
async fn load_categories(
    db: &DatabaseConnection,
    categories: &[DemoCategory],
) -> AppResult<HashMap<String, i64>> {
    let mut ids: HashMap<String, i64> = HashMap::new();
    for c in categories {
        let parent_id = category_of(&ids, c.parent.as_deref())?;
        let row = service::category::create(
            db,
            &Viewer::System,
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
    Ok(ids)
}

/// Articles, published or scheduled unless drafts; their ids in order.
async fn load_articles(
    db: &DatabaseConnection,
    articles: &[DemoArticle],
    categories: &HashMap<String, i64>,
    now: DateTime<Utc>,
) -> AppResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(articles.len());
    for a in articles {
        let category_id = category_of(categories, Some(&a.category))?
            .ok_or_else(|| AppError::internal("demo: an article needs a category"))?;
        let row = service::article::create(
            db,
            &Viewer::System,
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
            service::article::publish(db, &Viewer::System, row.id, Some(at)).await?;
        }
        ids.push(row.id);
    }
    Ok(ids)
}

/// Publishes (or schedules) a demo item of a simple workflow unless it is a draft.
async fn publish_unless_draft<E: Media>(
    db: &DatabaseConnection,
    id: i64,
    status: &str,
    days_ago: Option<f64>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if status != "DRAFT" {
        let at = demo_time(now, days_ago);
        service::publication::publish::<E>(db, &Viewer::System, id, Some(at)).await?;
    }
    Ok(())
}

/// Videos; their ids by title. Each has a picture of its own: the one the
/// host would give (a YouTube still) is on another host.
async fn load_videos(
    db: &DatabaseConnection,
    videos: &[DemoVideo],
    categories: &HashMap<String, i64>,
    now: DateTime<Utc>,
    media_base: &str,
) -> AppResult<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    for (i, v) in videos.iter().enumerate() {
        let thumbnail = v.thumbnail_url.clone().unwrap_or_else(|| {
            super::pictures::url(media_base, &format!("video-{}", i + 1), 640, 360)
        });
        let row = service::video::create(
            db,
            &Viewer::System,
            NewVideo {
                title: v.title.clone(),
                url: v.url.clone(),
                description: v.description.clone(),
                slug: None,
                thumbnail_url: Some(thumbnail),
                duration_seconds: v.duration_seconds,
                category_id: category_of(categories, v.category.as_deref())?,
                tags: v.tags.clone(),
                featured: v.featured,
            },
        )
        .await?;
        publish_unless_draft::<entity::video::Entity>(
            db,
            row.id,
            &v.status,
            v.published_days_ago,
            now,
        )
        .await?;
        ids.insert(v.title.clone(), row.id);
    }
    Ok(ids)
}

/// Photo albums; their ids by title.
async fn load_galleries(
    db: &DatabaseConnection,
    galleries: &[DemoGallery],
    categories: &HashMap<String, i64>,
    now: DateTime<Utc>,
) -> AppResult<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    for g in galleries {
        let photos = g
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
            .collect();
        let row = service::gallery::create(
            db,
            &Viewer::System,
            NewGallery {
                title: g.title.clone(),
                description: g.description.clone(),
                slug: None,
                category_id: category_of(categories, g.category.as_deref())?,
                featured: false,
                photos,
            },
        )
        .await?;
        publish_unless_draft::<entity::gallery::Entity>(
            db,
            row.id,
            &g.status,
            g.published_days_ago,
            now,
        )
        .await?;
        ids.insert(g.title.clone(), row.id);
    }
    Ok(ids)
}

/// Articles embed the demo's albums and videos by title.
async fn attach_media(
    db: &DatabaseConnection,
    articles: &[DemoArticle],
    article_ids: &[i64],
    media_ids: &HashMap<String, i64>,
) -> AppResult<()> {
    let media_of = |titles: &[String]| -> AppResult<Vec<i64>> {
        titles
            .iter()
            .map(|t| {
                media_ids
                    .get(t)
                    .copied()
                    .ok_or_else(|| AppError::internal(format!("demo: unknown media {t}")))
            })
            .collect()
    };
    for (a, id) in articles.iter().zip(article_ids) {
        if !a.videos.is_empty() || !a.galleries.is_empty() {
            let (videos, galleries) = (media_of(&a.videos)?, media_of(&a.galleries)?);
            service::media::attach(db, &Viewer::System, *id, &videos, &galleries).await?;
        }
    }
    Ok(())
}

/// A date `days` before (or, negative, after) today in UTC.
fn demo_date(now: DateTime<Utc>, days: f64) -> NaiveDate {
    demo_time(now, Some(days)).date_naive()
}

/// Official documents.
async fn load_documents(
    db: &DatabaseConnection,
    documents: &[DemoDocument],
    categories: &HashMap<String, i64>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    for d in documents {
        let row = service::document::create(
            db,
            &Viewer::System,
            NewDocument {
                number: d.number.clone(),
                title: d.title.clone(),
                document_type: serde_json::from_value::<DocumentType>(
                    d.document_type.to_lowercase().into(),
                )
                .map_err(AppError::internal)?,
                issuer: d.issuer.clone(),
                signer: d.signer.clone(),
                issued_on: demo_date(now, d.issued_days_ago),
                effective_on: d.effective_days_ago.map(|n| demo_date(now, n)),
                expires_on: d.expires_in_days.map(|n| demo_date(now, -n)),
                category_id: category_of(categories, d.category.as_deref())?,
                summary: d.summary.clone(),
                body: Some(d.body.clone()),
                files: d.files.clone(),
                slug: None,
                featured: false,
            },
        )
        .await?;
        publish_unless_draft::<entity::document::Entity>(
            db,
            row.id,
            &d.status,
            d.published_days_ago,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Static pages, parents first; their ids by slug.
async fn load_pages(
    db: &DatabaseConnection,
    pages: &[DemoPage],
    now: DateTime<Utc>,
) -> AppResult<HashMap<String, i64>> {
    let mut ids: HashMap<String, i64> = HashMap::new();
    for p in pages {
        let parent_id =
            match &p.parent {
                Some(slug) => Some(*ids.get(slug).ok_or_else(|| {
                    AppError::internal(format!("demo: unknown parent page {slug}"))
                })?),
                None => None,
            };
        let row = service::page::create(
            db,
            &Viewer::System,
            NewPage {
                title: p.title.clone(),
                body: p.body.clone(),
                slug: Some(p.slug.clone()),
                parent_id,
                position: p.position,
                show_in_menu: p.show_in_menu,
                seo_title: p.seo_title.clone(),
                seo_description: p.seo_description.clone(),
            },
        )
        .await?;
        publish_unless_draft::<entity::page::Entity>(db, row.id, &p.status, Some(30.0), now)
            .await?;
        ids.insert(p.slug.clone(), row.id);
    }
    Ok(ids)
}

/// The site's settings and its two menus: the main one (with drop-downs)
/// and the footer's.
async fn load_site(
    db: &DatabaseConnection,
    categories: &HashMap<String, i64>,
    pages: &HashMap<String, i64>,
) -> AppResult<()> {
    use service::menu::{Link, NewItem};
    service::site::update(
        db,
        &Viewer::System,
        "Sông Lam",
        service::site::SiteChanges {
            expected_version: 0,
            name: Some("Cổng thông tin điện tử thị xã Sông Lam".into()),
            tagline: Some(Some("Thông tin chính thống của Thị ủy, HĐND và UBND thị xã".into())),
            contact_email: Some(Some("banbientap@songlam.example.vn".into())),
            phone: Some(Some("0238 3 812 100".into())),
            address: Some(Some("Số 1 đường Lê Lợi, phường Trung Sơn, thị xã Sông Lam".into())),
            social_links: Some(vec![service::site::SocialLink {
                kind: "facebook".into(),
                url: "https://www.facebook.com/songlam.example".into(),
            }]),
            footer_html: Some(Some(
                "<p>Cơ quan chủ quản: UBND thị xã Sông Lam. Chịu trách nhiệm nội dung: Chánh Văn phòng HĐND và UBND thị xã.</p>".into(),
            )),
            seo_description: Some(Some(
                "Tin tức, văn bản và hoạt động của chính quyền thị xã Sông Lam.".into(),
            )),
            ..Default::default()
        },
    )
    .await?;
    let category = |slug: &str| -> AppResult<Link> {
        Ok(Link::Category(
            category_of(categories, Some(slug))?.unwrap_or_default(),
        ))
    };
    let page = |slug: &str| -> AppResult<Link> {
        pages
            .get(slug)
            .map(|id| Link::Page(*id))
            .ok_or_else(|| AppError::internal(format!("demo: unknown page {slug}")))
    };
    let item = |label: &str, parent: Option<usize>, link: Link| NewItem {
        label: label.into(),
        parent,
        link,
    };
    let main = vec![
        item("Trang chủ", None, Link::Url("/".into())),
        item("Giới thiệu", None, page("gioi-thieu")?),
        item("Lịch sử hình thành", Some(1), page("lich-su-hinh-thanh")?),
        item("Sơ đồ tổ chức", Some(1), page("so-do-to-chuc")?),
        item("Tin tức", None, category("tin-tuc")?),
        item("Chính trị", Some(4), category("chinh-tri")?),
        item("Kinh tế", Some(4), category("kinh-te")?),
        item("Văn hóa - Xã hội", Some(4), category("van-hoa-xa-hoi")?),
        item("Thông báo", None, category("thong-bao")?),
        item("Văn bản", None, Link::Documents),
        item("Liên hệ", None, page("lien-he")?),
    ];
    service::menu::save(db, &Viewer::System, "main", "Menu chính", main, 0).await?;
    let footer = vec![
        item("Giới thiệu", None, page("gioi-thieu")?),
        item("Văn bản", None, Link::Documents),
        item("Liên hệ", None, page("lien-he")?),
        item(
            "Cổng dịch vụ công quốc gia",
            None,
            Link::Url("https://dichvucong.gov.vn".into()),
        ),
    ];
    service::menu::save(db, &Viewer::System, "footer", "Menu chân trang", footer, 0).await?;
    Ok(())
}
