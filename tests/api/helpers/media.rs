//! Fixtures for videos and galleries, made through the services as an
//! editor would.

use bantin::service::{
    access::Viewer,
    gallery::{self, NewGallery, NewPhoto},
    publication,
    video::{self, NewVideo},
};
use chrono::TimeDelta;

use super::TestApp;

impl TestApp {
    /// `published` is seconds relative to the app's now (negative: past,
    /// positive: scheduled); `None` leaves a draft.
    fn at(&self, published: Option<i64>) -> Option<chrono::DateTime<chrono::Utc>> {
        published.map(|s| self.now() + TimeDelta::seconds(s))
    }

    /// A video, published `published` seconds from now (or a draft).
    pub async fn video(&self, title: &str, url: &str, published: Option<i64>) -> i64 {
        let db = &self.state.db;
        // Written at the app's time, as a request would be.
        self.state
            .clock
            .scope(async {
                let row = video::create(
                    db,
                    &Viewer::System,
                    NewVideo {
                        title: title.into(),
                        url: url.into(),
                        description: Some(format!("Giới thiệu: {title}")),
                        ..Default::default()
                    },
                )
                .await
                .expect("video");
                if let Some(t) = self.at(published) {
                    publication::publish::<entity::video::Entity>(
                        db,
                        &Viewer::System,
                        row.id,
                        Some(t),
                    )
                    .await
                    .expect("publish video");
                }
                row.id
            })
            .await
    }

    /// A gallery of `photos` photos, published `published` seconds from now
    /// (or a draft). Returns its id and its photos' ids in order.
    pub async fn gallery(
        &self,
        title: &str,
        photos: usize,
        published: Option<i64>,
    ) -> (i64, Vec<i64>) {
        let db = &self.state.db;
        // Written at the app's time, as a request would be.
        self.state
            .clock
            .scope(async {
                let row = gallery::create(
                    db,
                    &Viewer::System,
                    NewGallery {
                        title: title.into(),
                        photos: (0..photos)
                            .map(|i| NewPhoto {
                                url: format!(
                                    "https://anh.songlam.gov.vn/{}/{i}.jpg",
                                    row_slug(title)
                                ),
                                caption: Some(format!("Ảnh {} của album {title}", i + 1)),
                                alt: Some(format!("Ảnh số {}", i + 1)),
                                width: Some(1600),
                                height: Some(1067),
                                credit: Some("Ảnh: Lê Thảo Nguyên".into()),
                            })
                            .collect(),
                        ..Default::default()
                    },
                )
                .await
                .expect("gallery");
                if let Some(t) = self.at(published) {
                    publication::publish::<entity::gallery::Entity>(
                        db,
                        &Viewer::System,
                        row.id,
                        Some(t),
                    )
                    .await
                    .expect("publish gallery");
                }
                let page = gallery::photo_pages(
                    db,
                    &[(
                        row.id,
                        bantin::service::pagination::PageRequest::new(1, 200, 200).expect("page"),
                    )],
                )
                .await
                .expect("photos");
                let ids = page
                    .into_values()
                    .next()
                    .unwrap_or_default()
                    .iter()
                    .map(|p| p.id)
                    .collect();
                (row.id, ids)
            })
            .await
    }
}

fn row_slug(title: &str) -> String {
    bantin::text::slug::slugify(title)
}
