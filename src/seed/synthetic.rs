//! Bulk synthetic articles for benchmarks: realistic Vietnamese text made from
//! word lists, inserted in large batches inside transactions.

use chrono::TimeDelta;
use entity::{article, article_tag, category};
use indicatif::{ProgressBar, ProgressStyle};
use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::{
    clock,
    error::{AppError, AppResult},
    service::search,
    text::{collate, slug::slugify},
};

const SUBJECTS: &[&str] = &[
    "Ủy ban nhân dân thị xã",
    "Văn phòng Thị ủy",
    "Hội Nông dân",
    "Đoàn Thanh niên",
    "Phòng Giáo dục",
    "Trung tâm Y tế",
    "Công an phường",
    "Ban Chỉ huy Quân sự",
    "Hội Liên hiệp Phụ nữ",
    "Phòng Tài nguyên",
    "Hợp tác xã nông nghiệp",
    "Trường Tiểu học Lê Lợi",
    "Bộ phận một cửa",
    "Mặt trận Tổ quốc",
    "Chi cục Thuế",
];
const VERBS: &[&str] = &[
    "triển khai",
    "tổng kết",
    "kiểm tra",
    "hướng dẫn",
    "phát động",
    "tổ chức",
    "khánh thành",
    "đẩy mạnh",
    "rà soát",
    "tiếp nhận",
    "hỗ trợ",
    "ra quân",
];
const TOPICS: &[&str] = &[
    "chuyển đổi số",
    "xây dựng nông thôn mới",
    "phòng chống lụt bão",
    "an toàn giao thông",
    "tiêm chủng mở rộng",
    "cải cách hành chính",
    "tuyển quân năm mới",
    "sản phẩm OCOP",
    "giải phóng mặt bằng",
    "lễ hội truyền thống",
    "phòng cháy chữa cháy",
    "dịch vụ công trực tuyến",
    "khuyến học khuyến tài",
    "vệ sinh môi trường",
    "đại hội chi bộ",
    "giải bóng đá thiếu niên",
    "chợ phiên nông sản",
    "trùng tu di tích",
    "bảo hiểm y tế",
    "hiến máu tình nguyện",
];
const PLACES: &[&str] = &[
    "phường An Phú",
    "phường Bến Đò",
    "xã Tân Lập",
    "xã Hòa Bình",
    "đường Lê Lợi",
    "khu phố 3",
    "thôn Đông",
    "bến sông Lam",
    "nhà văn hóa khu 5",
    "trụ sở Ủy ban",
];
const SENTENCES: &[&str] = &[
    "Buổi làm việc có sự tham dự của đại diện lãnh đạo các phòng, ban chuyên môn.",
    "Kết quả bước đầu cho thấy người dân đồng tình và tích cực hưởng ứng.",
    "Đơn vị đề nghị các tổ dân phố phối hợp chặt chẽ, báo cáo kết quả trước cuối tháng.",
    "Nhiều hộ gia đình đã chủ động đăng ký tham gia ngay trong ngày đầu.",
    "Kinh phí thực hiện được bố trí từ ngân sách địa phương và nguồn xã hội hóa.",
    "Cán bộ một cửa hướng dẫn người dân nộp hồ sơ trực tuyến, giảm thời gian đi lại.",
    "Đoàn kiểm tra ghi nhận nhiều cách làm hay cần được nhân rộng.",
    "Thời gian tới, thị xã tiếp tục rà soát, tháo gỡ khó khăn cho cơ sở.",
];

fn title(rng: &mut StdRng) -> String {
    let pick = |rng: &mut StdRng, list: &[&'static str]| *list.choose(rng).unwrap_or(&list[0]);
    format!(
        "{} {} {} tại {}",
        pick(rng, SUBJECTS),
        pick(rng, VERBS),
        pick(rng, TOPICS),
        pick(rng, PLACES)
    )
}

fn body(rng: &mut StdRng, title: &str) -> String {
    let mut html = format!("<p>{title}.</p>");
    for _ in 0..rng.random_range(4..8) {
        html.push_str("<p>");
        for _ in 0..rng.random_range(2..5) {
            html.push_str(SENTENCES.choose(rng).unwrap_or(&SENTENCES[0]));
            html.push(' ');
        }
        html.push_str("</p>");
    }
    html
}

/// Inserts `n` published articles spread over the last three years across the
/// existing categories (creating one if there are none). Deterministic for a
/// given `seed`.
pub async fn generate(
    db: &DatabaseConnection,
    n: u64,
    seed: u64,
    show_progress: bool,
) -> AppResult<u64> {
    let mut categories: Vec<i64> = category::Entity::find()
        .order_by_asc(category::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    if categories.is_empty() {
        let now = clock::now();
        let c = category::ActiveModel {
            id: NotSet,
            parent_id: Set(None),
            slug: Set("tong-hop".into()),
            name: Set("Tổng hợp".into()),
            description: Set(None),
            position: Set(0),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        };
        categories.push(category::Entity::insert(c).exec(db).await?.last_insert_id);
    }
    let bar = if show_progress {
        ProgressBar::new(n)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} articles ({per_sec}, eta {eta})")
            .map_err(AppError::internal)?,
    );
    let mut rng = StdRng::seed_from_u64(seed);
    let now = clock::now();
    // A per-run prefix keeps slugs unique when seeding twice.
    let run: u32 = rand::random();
    let mut done = 0u64;
    while done < n {
        let batch = (n - done).min(500);
        let (_turn, txn) = crate::db::begin_write(db).await?;
        let mut rows = Vec::with_capacity(usize::try_from(batch).unwrap_or(500));
        let mut tags = Vec::new();
        for i in 0..batch {
            let t = title(&mut rng);
            let seq = done + i;
            let published = now - TimeDelta::seconds(rng.random_range(60..3 * 365 * 86_400));
            let topic = *TOPICS.choose(&mut rng).unwrap_or(&TOPICS[0]);
            tags.push((seq, topic));
            rows.push(article::ActiveModel {
                id: NotSet,
                slug: Set(format!("{}-{run:x}-{seq}", slugify(&t))),
                title_sort: Set(collate::sort_key(&t)),
                summary: Set(Some(format!(
                    "{t}. {}",
                    SENTENCES.choose(&mut rng).unwrap_or(&SENTENCES[0])
                ))),
                body: Set(crate::text::html::sanitize(&body(&mut rng, &t))),
                body_policy: Set(crate::text::html::POLICY),
                title: Set(t),
                cover_url: Set(Some(format!(
                    "https://picsum.photos/seed/bantin{seq}/1200/675"
                ))),
                cover_caption: Set(None),
                cover_alt: Set(None),
                author_name: Set(Some("Ban biên tập".into())),
                created_by: Set(None),
                category_id: Set(*categories.choose(&mut rng).unwrap_or(&categories[0])),
                status: Set(entity::status::Status::Published),
                published_at: Set(Some(published)),
                featured: Set(rng.random_ratio(1, 50)),
                featured_position: Set(None),
                featured_until: Set(None),
                view_count: Set(rng.random_range(0..5000)),
                seo_title: Set(None),
                seo_description: Set(None),
                version: Set(1),
                created_at: Set(published),
                updated_at: Set(published),
            });
        }
        let ids = article::Entity::insert_many(rows)
            .exec_with_returning_keys(&txn)
            .await?;
        let tag_rows =
            ids.iter()
                .copied()
                .zip(tags)
                .map(|(id, (_, topic))| article_tag::ActiveModel {
                    article_id: Set(id),
                    tag_slug: Set(slugify(topic)),
                    tag: Set(topic.to_owned()),
                    position: Set(0),
                });
        article_tag::Entity::insert_many(tag_rows)
            .exec(&txn)
            .await?;
        let inserted = article::Entity::find()
            .filter(article::Column::Id.is_in(ids))
            .all(&txn)
            .await?;
        search::index::upsert_articles(&txn, &inserted).await?;
        txn.commit().await?;
        done += batch;
        bar.set_position(done);
    }
    bar.finish();
    // Written without the change log's notes: where the log starts.
    let (turn, txn) = crate::db::begin_write(db).await?;
    crate::service::changelog::baseline(&txn).await?;
    txn.commit().await?;
    drop(turn);
    // Thousands of new rows: the planner's statistics are stale.
    crate::db::refresh_statistics(db, true).await?;
    Ok(done)
}
