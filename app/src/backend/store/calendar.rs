//! The Ente's canteen calendar as the office edits it: booking settings, school years,
//! closure periods, the weekdays each class eats at school. A day already closed (its
//! meals debited) can neither become a closure nor stop being one, nor enter or leave a
//! school year: what was debited stays explained by the calendar.

use super::{date_from_db, date_to_db, instant_to_db, StoreError, TenantId};
use crate::backend::store::tenants::BookingSettings;
use crate::domain::calendar::{check_school_year, CalendarRefusal, ClosurePeriod};
use crate::domain::ids::SchoolId;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

/// A refusal the office can act on, or the database's failure.
pub type Checked<T> = Result<Result<T, CalendarRefusal>, StoreError>;

pub async fn set_settings(
    conn: &mut AnyConnection,
    tenant: &TenantId,
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
    .bind(tenant.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// A closure period with its scope: one school (id and name) or the whole Ente.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closure {
    pub school: Option<(SchoolId, String)>,
    pub period: ClosurePeriod,
    pub created_by: String,
}

const CLOSURE_COLUMNS: &str = "SELECT k.school_id, s.name AS school, k.first_day, k.last_day, k.reason, k.created_by
     FROM closure_periods k LEFT JOIN schools s ON s.tenant_id = k.tenant_id AND s.id = k.school_id";

fn closure_from_row(r: &sqlx::any::AnyRow) -> Result<Closure, StoreError> {
    let school_id: String = r.try_get("school_id")?;
    let school: Option<String> = r.try_get("school")?;
    Ok(Closure {
        school: (!school_id.is_empty())
            .then(|| (SchoolId::from_db(school_id), school.unwrap_or_default())),
        period: ClosurePeriod {
            first_day: date_from_db(&r.try_get::<String, _>("first_day")?)?,
            last_day: date_from_db(&r.try_get::<String, _>("last_day")?)?,
            reason: r.try_get("reason")?,
        },
        created_by: r.try_get("created_by")?,
    })
}

/// The closures with a day between `from` and `to`, by first day (the Ente's first).
pub async fn closures(
    pool: &AnyPool,
    tenant: &TenantId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Closure>, StoreError> {
    sqlx::query(&format!(
        "{CLOSURE_COLUMNS} WHERE k.tenant_id = $1 AND k.last_day >= $2 AND k.first_day <= $3
         ORDER BY k.first_day, k.school_id"
    ))
    .bind(tenant.as_str())
    .bind(date_to_db(from))
    .bind(date_to_db(to))
    .fetch_all(pool)
    .await?
    .iter()
    .map(closure_from_row)
    .collect()
}

/// The closures that apply to one school (its own and the Ente's), for its classes'
/// calendars.
pub async fn closures_of_school(
    pool: &AnyPool,
    tenant: &TenantId,
    school_id: &str,
) -> Result<Vec<ClosurePeriod>, StoreError> {
    sqlx::query(&format!(
        "{CLOSURE_COLUMNS} WHERE k.tenant_id = $1 AND (k.school_id = '' OR k.school_id = $2) ORDER BY k.first_day"
    ))
    .bind(tenant.as_str())
    .bind(school_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok(closure_from_row(r)?.period))
    .collect()
}

/// The days between `from` and `to` already closed (meals debited).
pub async fn closed_days(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NaiveDate>, StoreError> {
    sqlx::query(
        "SELECT day FROM day_closures WHERE tenant_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
    )
    .bind(tenant.as_str())
    .bind(date_to_db(from))
    .bind(date_to_db(to))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| date_from_db(&r.try_get::<String, _>("day")?))
    .collect()
}

async fn school_known(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    school: &SchoolId,
) -> Result<bool, StoreError> {
    Ok(
        sqlx::query("SELECT 1 FROM schools WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.as_str())
            .bind(school.as_str())
            .fetch_optional(conn)
            .await?
            .is_some(),
    )
}

fn scope(school: Option<&SchoolId>) -> &str {
    school.map_or("", SchoolId::as_str)
}

/// Adds a closure for one school or (`None`) the whole Ente, unless a closure whose scope
/// meets it covers one of its days or one of its days is closed.
pub async fn add_closure(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    school: Option<&SchoolId>,
    period: &ClosurePeriod,
    by: &str,
    now: DateTime<Utc>,
) -> Checked<()> {
    if let Some(s) = school {
        if !school_known(conn, tenant, s).await? {
            return Ok(Err(CalendarRefusal::UnknownSchool));
        }
    }
    let overlapping = sqlx::query(&format!(
        "{CLOSURE_COLUMNS} WHERE k.tenant_id = $1 AND (k.school_id = '' OR $2 = '' OR k.school_id = $2)
           AND k.first_day <= $3 AND k.last_day >= $4 ORDER BY k.first_day"
    ))
    .bind(tenant.as_str())
    .bind(scope(school))
    .bind(date_to_db(period.last_day))
    .bind(date_to_db(period.first_day))
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = overlapping {
        let existing = closure_from_row(&row)?;
        return Ok(Err(CalendarRefusal::Overlaps {
            existing: existing.period,
            school: existing.school.map(|(_, name)| name),
        }));
    }
    if let Some(day) = closed_days(conn, tenant, period.first_day, period.last_day)
        .await?
        .first()
    {
        return Ok(Err(CalendarRefusal::DayClosed(*day)));
    }
    sqlx::query(
        "INSERT INTO closure_periods (tenant_id, school_id, first_day, last_day, reason, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant.as_str())
    .bind(scope(school))
    .bind(date_to_db(period.first_day))
    .bind(date_to_db(period.last_day))
    .bind(&period.reason)
    .bind(instant_to_db(now))
    .bind(by)
    .execute(conn)
    .await?;
    Ok(Ok(()))
}

/// Removes the closure of the scope that starts on `first_day` (the canteen runs again
/// those days), unless one of its days is closed; gives back what was removed.
pub async fn remove_closure(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    school: Option<&SchoolId>,
    first_day: NaiveDate,
) -> Checked<ClosurePeriod> {
    let Some(row) = sqlx::query(&format!(
        "{CLOSURE_COLUMNS} WHERE k.tenant_id = $1 AND k.school_id = $2 AND k.first_day = $3"
    ))
    .bind(tenant.as_str())
    .bind(scope(school))
    .bind(date_to_db(first_day))
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(Err(CalendarRefusal::NotFound));
    };
    let period = closure_from_row(&row)?.period;
    if let Some(day) = closed_days(conn, tenant, period.first_day, period.last_day)
        .await?
        .first()
    {
        return Ok(Err(CalendarRefusal::DayClosed(*day)));
    }
    sqlx::query(
        "DELETE FROM closure_periods WHERE tenant_id = $1 AND school_id = $2 AND first_day = $3",
    )
    .bind(tenant.as_str())
    .bind(scope(school))
    .bind(date_to_db(first_day))
    .execute(conn)
    .await?;
    Ok(Ok(period))
}

/// A school's school year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolYear {
    pub school: SchoolId,
    pub school_name: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// Every school's school years, by school name and start.
pub async fn school_years(
    pool: &AnyPool,
    tenant: &TenantId,
) -> Result<Vec<SchoolYear>, StoreError> {
    sqlx::query(
        "SELECT y.school_id, s.name, y.first_day, y.last_day FROM school_years y
         JOIN schools s ON s.tenant_id = y.tenant_id AND s.id = y.school_id
         WHERE y.tenant_id = $1 ORDER BY s.name, y.first_day",
    )
    .bind(tenant.as_str())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(SchoolYear {
            school: SchoolId::from_db(r.try_get("school_id")?),
            school_name: r.try_get("name")?,
            first_day: date_from_db(&r.try_get::<String, _>("first_day")?)?,
            last_day: date_from_db(&r.try_get::<String, _>("last_day")?)?,
        })
    })
    .collect()
}

/// Sets a school's school year: it replaces the year it overlaps (a correction of its
/// dates) or is added. Refused when it overlaps two years, or when a closed day would enter
/// or leave the year; gives back the dates it replaced.
pub async fn set_school_year(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    school: &SchoolId,
    first_day: NaiveDate,
    last_day: NaiveDate,
) -> Checked<Option<(NaiveDate, NaiveDate)>> {
    if let Err(refusal) = check_school_year(first_day, last_day) {
        return Ok(Err(refusal));
    }
    if !school_known(conn, tenant, school).await? {
        return Ok(Err(CalendarRefusal::UnknownSchool));
    }
    let old: Vec<(NaiveDate, NaiveDate)> = sqlx::query(
        "SELECT first_day, last_day FROM school_years
         WHERE tenant_id = $1 AND school_id = $2 AND first_day <= $3 AND last_day >= $4",
    )
    .bind(tenant.as_str())
    .bind(school.as_str())
    .bind(date_to_db(last_day))
    .bind(date_to_db(first_day))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            date_from_db(&r.try_get::<String, _>("first_day")?)?,
            date_from_db(&r.try_get::<String, _>("last_day")?)?,
        ))
    })
    .collect::<Result<_, StoreError>>()?;
    let replaced = match old.as_slice() {
        [] => None,
        [one] => Some(*one),
        _ => return Ok(Err(CalendarRefusal::BadYear(
            "Le date toccano due anni scolastici della stessa scuola: correggi un anno alla volta."
                .into(),
        ))),
    };
    let (from, to) = replaced.map_or((first_day, last_day), |(f, l)| {
        (f.min(first_day), l.max(last_day))
    });
    let in_old = |d: NaiveDate| replaced.is_some_and(|(f, l)| f <= d && d <= l);
    let changing = closed_days(conn, tenant, from, to)
        .await?
        .into_iter()
        .find(|d| in_old(*d) != (first_day <= *d && *d <= last_day));
    if let Some(day) = changing {
        return Ok(Err(CalendarRefusal::DayClosed(day)));
    }
    if let Some((old_first, _)) = replaced {
        sqlx::query(
            "DELETE FROM school_years WHERE tenant_id = $1 AND school_id = $2 AND first_day = $3",
        )
        .bind(tenant.as_str())
        .bind(school.as_str())
        .bind(date_to_db(old_first))
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("INSERT INTO school_years (tenant_id, school_id, first_day, last_day) VALUES ($1, $2, $3, $4)")
        .bind(tenant.as_str())
        .bind(school.as_str())
        .bind(date_to_db(first_day))
        .bind(date_to_db(last_day))
        .execute(conn)
        .await?;
    Ok(Ok(replaced))
}

/// The ISO weekdays (1 = Monday) the class eats at school, replacing the previous ones.
pub async fn set_class_weekdays(
    pool: &AnyPool,
    tenant: &TenantId,
    class_id: &str,
    weekdays: &[u8],
) -> Result<(), StoreError> {
    if weekdays.iter().any(|d| !(1..=7).contains(d)) {
        return Err(StoreError::Invalid(
            "weekdays go from 1 (Monday) to 7".into(),
        ));
    }
    let known = sqlx::query("SELECT 1 FROM classes WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.as_str())
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
        .bind(tenant.as_str())
        .bind(class_id)
        .execute(&mut *tx)
        .await?;
    for d in weekdays {
        sqlx::query("INSERT INTO class_canteen_days (tenant_id, class_id, weekday) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(tenant.as_str())
            .bind(class_id)
            .bind(i32::from(*d))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Schools and classes with their ids and canteen weekdays, for the command line.
pub async fn overview(pool: &AnyPool, tenant: &TenantId) -> Result<Vec<String>, StoreError> {
    let classes = sqlx::query(
        "SELECT s.id AS school_id, s.name AS school, c.id AS class_id, c.name AS class
         FROM schools s JOIN classes c ON c.tenant_id = s.tenant_id AND c.school_id = s.id
         WHERE s.tenant_id = $1 ORDER BY s.name, c.name",
    )
    .bind(tenant.as_str())
    .fetch_all(pool)
    .await?;
    let mut out = Vec::new();
    for r in &classes {
        let weekdays: Vec<String> = sqlx::query(
            "SELECT weekday FROM class_canteen_days WHERE tenant_id = $1 AND class_id = $2 ORDER BY weekday",
        )
        .bind(tenant.as_str())
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
    let (first, last) = (
        NaiveDate::from_ymd_opt(1, 1, 1),
        NaiveDate::from_ymd_opt(9999, 12, 31),
    );
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(out);
    };
    for c in closures(pool, tenant, first, last).await? {
        let p = &c.period;
        let dates = if p.first_day == p.last_day {
            date_to_db(p.first_day)
        } else {
            format!("{}..{}", date_to_db(p.first_day), date_to_db(p.last_day))
        };
        out.push(format!(
            "closure {dates}\t{}\t{}",
            c.school
                .map_or("tutto l'Ente".to_string(), |(_, name)| name),
            c.period.reason
        ));
    }
    Ok(out)
}
