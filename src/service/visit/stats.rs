//! Reading the counters: site totals per period, a daily series, most viewed.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, sea_query::OnConflict,
};

use super::VisitRecorder;
use crate::{
    clock,
    error::{AppError, AppResult},
    service::{
        access::{Action, Viewer},
        audit,
        publication::{self, ContentKind},
        sql::statement,
    },
};

/// The public counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SiteStats {
    pub today: u64,
    pub this_month: u64,
    pub this_year: u64,
    pub all_time: u64,
    /// Distinct visitors seen in the last five minutes.
    pub online: u64,
}

/// Windows for "most viewed", ending today (local).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Today.
    Day,
    /// The last 7 days.
    Week,
    /// The last 30 days.
    Month,
    /// The last 365 days.
    Year,
    /// Since the beginning (the item's own view count).
    All,
}

/// The first local days of today's week-free periods: (today, month, year).
pub fn period_starts(today: NaiveDate) -> (NaiveDate, NaiveDate, NaiveDate) {
    let month = today.with_day(1).unwrap_or(today);
    let year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    (today, month, year)
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Totals for today, this month, this year and all time in the site's zone,
/// with the starting totals carried over from a previous system.
pub async fn site_stats(
    db: &DatabaseConnection,
    recorder: &VisitRecorder,
    now: DateTime<Utc>,
) -> AppResult<SiteStats> {
    let (today, month, year) = period_starts(recorder.local_day(now));
    let sql = "SELECT \
        CAST(COALESCE(SUM(hits), 0) AS BIGINT) AS all_time, \
        CAST(COALESCE(SUM(CASE WHEN day >= ? THEN hits ELSE 0 END), 0) AS BIGINT) AS this_year, \
        CAST(COALESCE(SUM(CASE WHEN day >= ? THEN hits ELSE 0 END), 0) AS BIGINT) AS this_month, \
        CAST(COALESCE(SUM(CASE WHEN day = ? THEN hits ELSE 0 END), 0) AS BIGINT) AS today, \
        (SELECT CAST(COUNT(*) AS BIGINT) FROM recent_visitors WHERE last_seen >= ?) AS online \
        FROM visit_days";
    let online_since = now - TimeDelta::minutes(5);
    let row = db
        .query_one_raw(statement(
            db,
            sql,
            vec![
                year.to_string().into(),
                month.to_string().into(),
                today.to_string().into(),
                online_since.into(),
            ],
        ))
        .await?
        .ok_or_else(|| AppError::internal("no row from an aggregate"))?;
    let get = |c: &str| row.try_get::<i64>("", c).map(count);
    let baselines = baselines(db).await?;
    let base = |key: String| {
        baselines
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(0, |(_, v)| count(*v))
    };
    Ok(SiteStats {
        all_time: get("all_time")? + base("all".into()),
        this_year: get("this_year")? + base(format!("year:{}", year.year())),
        this_month: get("this_month")? + base(format!("month:{}", month.format("%Y-%m"))),
        today: get("today")? + base(format!("day:{today}")),
        online: get("online")?,
    })
}

async fn baselines(db: &impl ConnectionTrait) -> AppResult<Vec<(String, i64)>> {
    Ok(entity::visit_baseline::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.period, b.hits))
        .collect())
}

/// Hits per local day from `from` to `to` inclusive (at most 366 days),
/// with zero for days without visits, for a chart.
pub async fn daily(
    db: &DatabaseConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<(NaiveDate, u64)>> {
    if to < from {
        return Err(AppError::invalid("to", "`to` must not be before `from`"));
    }
    if (to - from).num_days() > 366 {
        return Err(AppError::invalid("to", "at most 366 days at once"));
    }
    let rows = entity::visit_day::Entity::find()
        .filter(sea_orm::ColumnTrait::gte(
            &entity::visit_day::Column::Day,
            from.to_string(),
        ))
        .filter(sea_orm::ColumnTrait::lte(
            &entity::visit_day::Column::Day,
            to.to_string(),
        ))
        .all(db)
        .await?;
    Ok(from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| {
            let key = d.to_string();
            let hits = rows
                .iter()
                .find(|r| r.day == key)
                .map_or(0, |r| count(r.hits));
            (d, hits)
        })
        .collect())
}

/// The most viewed public items of a kind in a period: (id, views), most first.
pub async fn most_viewed(
    db: &DatabaseConnection,
    recorder: &VisitRecorder,
    kind: ContentKind,
    period: Period,
    limit: u64,
) -> AppResult<Vec<(i64, u64)>> {
    let today = recorder.local_day(clock::now());
    let now = clock::now();
    let table = kind.table();
    let public = publication::public_sql("t");
    let (sql, values): (String, Vec<sea_orm::Value>) = match period {
        Period::All => (
            format!(
                "SELECT t.id, CAST(t.view_count AS BIGINT) AS views FROM {table} t \
                 WHERE {public} AND t.view_count > 0 \
                 ORDER BY t.view_count DESC, t.id DESC LIMIT {limit}"
            ),
            vec![now.into()],
        ),
        _ => {
            let days = match period {
                Period::Day => 0,
                Period::Week => 6,
                Period::Month => 29,
                _ => 364,
            };
            let since = today - TimeDelta::days(days);
            (
                format!(
                    "SELECT v.item_id AS id, CAST(SUM(v.hits) AS BIGINT) AS views \
                     FROM item_views_daily v JOIN {table} t ON t.id = v.item_id \
                     WHERE v.kind = ? AND v.day >= ? AND {public} \
                     GROUP BY v.item_id ORDER BY views DESC, v.item_id DESC LIMIT {limit}"
                ),
                vec![kind.as_str().into(), since.to_string().into(), now.into()],
            )
        }
    };
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get::<i64>("", "id")?,
                count(r.try_get::<i64>("", "views")?),
            ))
        })
        .collect()
}

/// Starting totals for a site moving to bantin: after this, the counters read
/// the given numbers (later hits add to them). Admins only.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    pub all_time: Option<u64>,
    pub this_year: Option<u64>,
    pub this_month: Option<u64>,
    pub today: Option<u64>,
}

/// Whether `totals` sets the figure named `field`.
fn totals_sets(totals: &Totals, field: &str) -> bool {
    match field {
        "today" => totals.today.is_some(),
        "thisMonth" => totals.this_month.is_some(),
        "thisYear" => totals.this_year.is_some(),
        _ => totals.all_time.is_some(),
    }
}

pub async fn set_totals(
    db: &DatabaseConnection,
    recorder: &std::sync::Arc<VisitRecorder>,
    viewer: &Viewer,
    totals: Totals,
) -> AppResult<SiteStats> {
    viewer.require(Action::ManageUsers)?;
    recorder.flush(db).await?;
    let now = clock::now();
    let current = site_stats(db, recorder, now).await?;
    let (today, month, year) = period_starts(recorder.local_day(now));
    let old_baselines = baselines(db).await?;
    let max = 1u64 << 53;
    let mut rows = Vec::new();
    for (key, wanted, counted_now, field) in [
        (
            "all".to_string(),
            totals.all_time,
            current.all_time,
            "allTime",
        ),
        (
            format!("year:{}", year.year()),
            totals.this_year,
            current.this_year,
            "thisYear",
        ),
        (
            format!("month:{}", month.format("%Y-%m")),
            totals.this_month,
            current.this_month,
            "thisMonth",
        ),
        (format!("day:{today}"), totals.today, current.today, "today"),
    ] {
        let Some(wanted) = wanted else { continue };
        if wanted >= max {
            return Err(AppError::invalid(field, "too large"));
        }
        let old_base = old_baselines
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(0, |(_, v)| *v);
        let counted = i64::try_from(counted_now).unwrap_or(i64::MAX) - old_base;
        let base = i64::try_from(wanted).unwrap_or(i64::MAX) - counted;
        rows.push(entity::visit_baseline::ActiveModel {
            period: Set(key),
            hits: Set(base),
        });
    }
    // The figures after the change, given or live, must nest: a day is part
    // of its month, a month of its year, a year of all time.
    let after = [
        ("today", totals.today.unwrap_or(current.today)),
        ("thisMonth", totals.this_month.unwrap_or(current.this_month)),
        ("thisYear", totals.this_year.unwrap_or(current.this_year)),
        ("allTime", totals.all_time.unwrap_or(current.all_time)),
    ];
    for pair in after.windows(2) {
        let ((small, a), (large, b)) = (pair[0], pair[1]);
        if a > b {
            let field = if totals_sets(&totals, small) {
                small
            } else {
                large
            };
            return Err(AppError::invalid(
                field,
                format!("{small} ({a}) cannot exceed {large} ({b})"),
            ));
        }
    }
    let (_turn, txn) = crate::db::begin_counter_write(db).await?;
    if !rows.is_empty() {
        entity::visit_baseline::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(entity::visit_baseline::Column::Period)
                    .update_column(entity::visit_baseline::Column::Hits)
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    audit::record(
        &txn,
        viewer,
        "stats.setTotals",
        None,
        Some(serde_json::json!({
            "today": totals.today,
            "thisMonth": totals.this_month,
            "thisYear": totals.this_year,
            "allTime": totals.all_time,
        })),
    )
    .await?;
    txn.commit().await?;
    site_stats(db, recorder, now).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn periods_follow_the_site_calendar_not_utc() {
        let rec = VisitRecorder::new(chrono_tz::Asia::Ho_Chi_Minh, "s", std::time::Duration::ZERO);
        // 17:01 UTC on 31 December is 00:01 on 1 January in Vietnam (UTC+7).
        let at = Utc
            .with_ymd_and_hms(2025, 12, 31, 17, 1, 0)
            .single()
            .unwrap_or_default();
        let day = rec.local_day(at);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default());
        let (_, month, year) = period_starts(day);
        assert_eq!(month.to_string(), "2026-01-01");
        assert_eq!(year.to_string(), "2026-01-01");
        let before = Utc
            .with_ymd_and_hms(2025, 12, 31, 16, 59, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(rec.local_day(before).to_string(), "2025-12-31");
    }
}
