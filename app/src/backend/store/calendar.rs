//! The Ente's canteen calendar as operators edit it (CLI for now): booking settings,
//! closures, the weekdays each class eats at school. A day already closed (its meals
//! debited) cannot become a closure, nor stop being one.

use super::{closure, date_to_db, StoreError, Tenant};
use crate::backend::store::tenants::BookingSettings;
use chrono::NaiveDate;
use sqlx::{AnyPool, Row};

pub async fn set_settings(
    pool: &AnyPool,
    tenant: &Tenant,
    s: &BookingSettings,
) -> Result<(), StoreError> {
    if s.horizon_days == 0 || s.plain_meal_max_consecutive == 0 || s.negative_limit.cents() < 0 {
        return Err(StoreError::Invalid(
            "horizon and plain-meal limit must be at least 1, the negative limit not below 0"
                .into(),
        ));
    }
    sqlx::query(
        "UPDATE tenants SET booking_cutoff = $1, booking_opens_evening_before = $2, booking_horizon_days = $3,
           plain_meal_max_consecutive = $4, charge_late_absence = $5, negative_limit_cents = $6
         WHERE id = $7",
    )
    .bind(s.cutoff.format("%H:%M").to_string())
    .bind(s.opens_evening_before.map(|t| t.format("%H:%M").to_string()))
    .bind(i32::from(s.horizon_days))
    .bind(i32::from(s.plain_meal_max_consecutive))
    .bind(s.charge_late_absence)
    .bind(s.negative_limit.cents())
    .bind(tenant.id.as_str())
    .execute(pool)
    .await?;
    Ok(())
}

async fn refuse_closed(pool: &AnyPool, tenant: &Tenant, day: NaiveDate) -> Result<(), StoreError> {
    if closure::is_closed(pool, tenant, day).await? {
        return Err(StoreError::Invalid(format!(
            "{day} is already closed: its meals were debited"
        )));
    }
    Ok(())
}

/// Adds a closure (no canteen) for each day from `from` to `to`, for one school or (empty
/// `school_id`) the whole Ente; all of them or none.
pub async fn add_closures(
    pool: &AnyPool,
    tenant: &Tenant,
    school_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    reason: &str,
) -> Result<u32, StoreError> {
    if reason.trim().is_empty() || to < from || (to - from).num_days() > 366 {
        return Err(StoreError::Invalid(
            "a closure needs a reason and a range of at most a year, end not before start".into(),
        ));
    }
    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
    for d in &days {
        refuse_closed(pool, tenant, *d).await?;
    }
    let mut tx = pool.begin().await?;
    for d in &days {
        let done = sqlx::query(
            "INSERT INTO closures (tenant_id, school_id, day, reason) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id, school_id, day) DO UPDATE SET reason = excluded.reason",
        )
        .bind(tenant.id.as_str())
        .bind(school_id)
        .bind(date_to_db(*d))
        .bind(reason.trim())
        .execute(&mut *tx)
        .await;
        if let Err(e) = done {
            tx.rollback().await?;
            return Err(e.into());
        }
    }
    tx.commit().await?;
    Ok(u32::try_from(days.len()).unwrap_or(u32::MAX))
}

/// Removes the closure of a day (the canteen runs again); true if there was one.
pub async fn remove_closure(
    pool: &AnyPool,
    tenant: &Tenant,
    school_id: &str,
    day: NaiveDate,
) -> Result<bool, StoreError> {
    refuse_closed(pool, tenant, day).await?;
    let done =
        sqlx::query("DELETE FROM closures WHERE tenant_id = $1 AND school_id = $2 AND day = $3")
            .bind(tenant.id.as_str())
            .bind(school_id)
            .bind(date_to_db(day))
            .execute(pool)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// The ISO weekdays (1 = Monday) the class eats at school, replacing the previous ones.
pub async fn set_class_weekdays(
    pool: &AnyPool,
    tenant: &Tenant,
    class_id: &str,
    weekdays: &[u8],
) -> Result<(), StoreError> {
    if weekdays.iter().any(|d| !(1..=7).contains(d)) {
        return Err(StoreError::Invalid(
            "weekdays go from 1 (Monday) to 7".into(),
        ));
    }
    let known = sqlx::query("SELECT 1 FROM classes WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.id.as_str())
        .bind(class_id)
        .fetch_optional(pool)
        .await?;
    if known.is_none() {
        return Err(StoreError::Invalid(format!(
            "no class {class_id} in this Ente"
        )));
    }
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM class_canteen_days WHERE tenant_id = $1 AND class_id = $2")
        .bind(tenant.id.as_str())
        .bind(class_id)
        .execute(&mut *tx)
        .await?;
    for d in weekdays {
        sqlx::query("INSERT INTO class_canteen_days (tenant_id, class_id, weekday) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(tenant.id.as_str())
            .bind(class_id)
            .bind(i32::from(*d))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Schools and classes with their ids, canteen weekdays and closures, for the operator.
pub async fn overview(pool: &AnyPool, tenant: &Tenant) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    let classes = sqlx::query(
        "SELECT s.id AS school_id, s.name AS school, c.id AS class_id, c.name AS class
         FROM schools s JOIN classes c ON c.tenant_id = s.tenant_id AND c.school_id = s.id
         WHERE s.tenant_id = $1 ORDER BY s.name, c.name",
    )
    .bind(tenant.id.as_str())
    .fetch_all(pool)
    .await?;
    for r in &classes {
        let weekdays: Vec<String> = sqlx::query(
            "SELECT weekday FROM class_canteen_days WHERE tenant_id = $1 AND class_id = $2 ORDER BY weekday",
        )
        .bind(tenant.id.as_str())
        .bind(r.try_get::<String, _>("class_id")?)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|d| Ok(d.try_get::<i32, _>("weekday")?.to_string()))
        .collect::<Result<_, StoreError>>()?;
        out.push(format!(
            "school {}\t{}\tclass {}\t{}\tweekdays {}",
            r.try_get::<String, _>("school_id")?,
            r.try_get::<String, _>("school")?,
            r.try_get::<String, _>("class_id")?,
            r.try_get::<String, _>("class")?,
            weekdays.join(",")
        ));
    }
    for r in sqlx::query(
        "SELECT school_id, day, reason FROM closures WHERE tenant_id = $1 ORDER BY day, school_id",
    )
    .bind(tenant.id.as_str())
    .fetch_all(pool)
    .await?
    {
        let school: String = r.try_get("school_id")?;
        out.push(format!(
            "closure {}\t{}\t{}",
            r.try_get::<String, _>("day")?,
            if school.is_empty() {
                "tutto l'Ente".to_string()
            } else {
                school
            },
            r.try_get::<String, _>("reason")?
        ));
    }
    Ok(out)
}
