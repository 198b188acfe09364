//! Canteen bookings: each pupil is present on every canteen day of their class; a row
//! records a change (cancelled, plain meal) for one day. The same change twice, or
//! changes racing for the same day, leave one row: the last one written.

use super::{date_from_db, date_to_db, instant_to_db, StoreError, TenantId};
use crate::domain::calendar::ClassCalendar;
use crate::domain::ids::PupilId;
use chrono::{DateTime, NaiveDate, Utc, Weekday};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayStatus {
    Cancelled,
    Plain,
}

impl DayStatus {
    fn as_str(self) -> &'static str {
        match self {
            DayStatus::Cancelled => "cancelled",
            DayStatus::Plain => "plain",
        }
    }
}

/// The calendar of the pupil's class (the school year that contains `day`), if the pupil
/// belongs to this Ente and the year is defined.
pub async fn class_calendar(
    pool: &AnyPool,
    tenant: &TenantId,
    pupil_id: &PupilId,
    day: NaiveDate,
) -> Result<Option<ClassCalendar>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT c.id AS class_id, c.school_id, y.first_day, y.last_day
         FROM pupils p
         JOIN classes c ON c.tenant_id = p.tenant_id AND c.id = p.class_id
         JOIN school_years y ON y.tenant_id = c.tenant_id AND y.school_id = c.school_id
         WHERE p.tenant_id = $1 AND p.id = $2 AND y.first_day <= $3 AND y.last_day >= $3",
    )
    .bind(tenant.as_str())
    .bind(pupil_id.as_str())
    .bind(date_to_db(day))
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let class_id: String = row.try_get("class_id")?;
    let school_id: String = row.try_get("school_id")?;
    let weekdays = sqlx::query(
        "SELECT weekday FROM class_canteen_days WHERE tenant_id = $1 AND class_id = $2",
    )
    .bind(tenant.as_str())
    .bind(&class_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let n: i32 = r.try_get("weekday")?;
        weekday(n).ok_or_else(|| StoreError::Invalid(format!("weekday {n}")))
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    let closures = super::calendar::closures_of_school(pool, tenant, &school_id).await?;
    Ok(Some(ClassCalendar {
        first_day: date_from_db(&row.try_get::<String, _>("first_day")?)?,
        last_day: date_from_db(&row.try_get::<String, _>("last_day")?)?,
        canteen_weekdays: weekdays,
        closures,
    }))
}

fn weekday(n: i32) -> Option<Weekday> {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .get(usize::try_from(n - 1).ok()?)
    .copied()
}

/// The changes of a pupil between two days (both included).
pub async fn changes(
    pool: &AnyPool,
    tenant: &TenantId,
    pupil_id: &PupilId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<NaiveDate, DayStatus>, StoreError> {
    sqlx::query(
        "SELECT day, status FROM bookings WHERE tenant_id = $1 AND pupil_id = $2 AND day >= $3 AND day <= $4",
    )
    .bind(tenant.as_str())
    .bind(pupil_id.as_str())
    .bind(date_to_db(from))
    .bind(date_to_db(to))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let status = if r.try_get::<String, _>("status")? == "plain" {
            DayStatus::Plain
        } else {
            DayStatus::Cancelled
        };
        Ok((date_from_db(&r.try_get::<String, _>("day")?)?, status))
    })
    .collect()
}

/// Sets (or, with `None`, removes: back to present) the change of each day, all in one
/// transaction.
pub async fn set(
    pool: &AnyPool,
    tenant: &TenantId,
    pupil_id: &PupilId,
    days: &[NaiveDate],
    status: Option<DayStatus>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    for day in days {
        let result = match status {
            Some(s) => {
                sqlx::query(
                    "INSERT INTO bookings (tenant_id, pupil_id, day, status, updated_at, updated_by)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (tenant_id, pupil_id, day) DO UPDATE SET
                       status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                )
                .bind(tenant.as_str())
                .bind(pupil_id.as_str())
                .bind(date_to_db(*day))
                .bind(s.as_str())
                .bind(instant_to_db(now))
                .bind(by)
                .execute(&mut *tx)
                .await
            }
            None => {
                sqlx::query("DELETE FROM bookings WHERE tenant_id = $1 AND pupil_id = $2 AND day = $3")
                    .bind(tenant.as_str())
                    .bind(pupil_id.as_str())
                    .bind(date_to_db(*day))
                    .execute(&mut *tx)
                    .await
            }
        };
        if let Err(e) = result {
            tx.rollback().await?;
            return Err(e.into());
        }
    }
    tx.commit().await?;
    Ok(())
}
