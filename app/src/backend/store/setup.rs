//! The Ente's set-up as the office edits it: its schools (retired, never deleted while they
//! have history), their classes with the canteen's weekdays, its services. New rows are
//! written by `registry::RegistryWriter`, like the seed's; this file reads and changes them.

use super::{instant_to_db, StoreError, TenantId};
use crate::domain::ids::{ClassId, SchoolId, ServiceId};
use crate::domain::setup::{BillingMode, CanteenWeekdays, SetupError};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolRow {
    pub id: SchoolId,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub retired: bool,
    /// Classes, a school year, closures or menus refer to it: it can only be retired.
    pub has_history: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassRow {
    pub id: ClassId,
    pub school_id: SchoolId,
    pub name: String,
    pub school_year: String,
    /// ISO weekdays (1 = Monday) the class eats at school.
    pub weekdays: Vec<u8>,
    pub pupils: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceRow {
    pub id: ServiceId,
    pub code: String,
    pub name: String,
    pub billing_mode: BillingMode,
    pub taxonomy: Option<String>,
    pub bookings_enabled: bool,
}

/// What refers to a school, besides itself.
const SCHOOL_HISTORY: &str = "EXISTS (SELECT 1 FROM classes c WHERE c.tenant_id = s.tenant_id AND c.school_id = s.id)
     OR EXISTS (SELECT 1 FROM school_years y WHERE y.tenant_id = s.tenant_id AND y.school_id = s.id)
     OR EXISTS (SELECT 1 FROM closure_periods p WHERE p.tenant_id = s.tenant_id AND p.school_id = s.id)
     OR EXISTS (SELECT 1 FROM menus m WHERE m.tenant_id = s.tenant_id AND m.school_id = s.id)";

fn school_row(r: &sqlx::any::AnyRow) -> Result<SchoolRow, StoreError> {
    Ok(SchoolRow {
        id: SchoolId::from_db(r.try_get("id")?),
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
        address: r.try_get("address")?,
        retired: r.try_get::<Option<String>, _>("retired_at")?.is_some(),
        has_history: r.try_get::<i32, _>("has_history")? != 0,
    })
}

/// The Ente's schools by name, those in service first.
pub async fn schools(pool: &AnyPool, tenant: &TenantId) -> Result<Vec<SchoolRow>, StoreError> {
    let sql = format!(
        "SELECT s.id, s.name, s.kind, s.address, s.retired_at,
                CASE WHEN {SCHOOL_HISTORY} THEN 1 ELSE 0 END AS has_history
         FROM schools s WHERE s.tenant_id = $1
         ORDER BY CASE WHEN s.retired_at IS NULL THEN 0 ELSE 1 END, s.name"
    );
    let rows = sqlx::query(&sql)
        .bind(tenant.as_str())
        .fetch_all(pool)
        .await?;
    rows.iter().map(school_row).collect()
}

/// One school of the Ente, inside the caller's transaction.
pub async fn school(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &SchoolId,
) -> Result<Option<SchoolRow>, StoreError> {
    let sql = format!(
        "SELECT s.id, s.name, s.kind, s.address, s.retired_at,
                CASE WHEN {SCHOOL_HISTORY} THEN 1 ELSE 0 END AS has_history
         FROM schools s WHERE s.tenant_id = $1 AND s.id = $2"
    );
    let row = sqlx::query(&sql)
        .bind(tenant.as_str())
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(school_row).transpose()
}

/// Name, kind and address of a school.
pub async fn update_school(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &SchoolId,
    name: &str,
    kind: &str,
    address: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE schools SET name = $1, kind = $2, address = $3 WHERE tenant_id = $4 AND id = $5",
    )
    .bind(name)
    .bind(kind)
    .bind(address)
    .bind(tenant.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Retires a school from `at` (`None`: back in service).
pub async fn set_retired(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &SchoolId,
    at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE schools SET retired_at = $1 WHERE tenant_id = $2 AND id = $3")
        .bind(at.map(instant_to_db))
        .bind(tenant.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes a school nothing refers to (else the refusal, and nothing is deleted).
pub async fn delete_school(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &SchoolId,
) -> Result<Result<(), SetupError>, StoreError> {
    let sql = format!(
        "DELETE FROM schools WHERE tenant_id = $1 AND id = $2
           AND NOT EXISTS (SELECT 1 FROM schools s WHERE s.tenant_id = $1 AND s.id = $2 AND ({SCHOOL_HISTORY}))"
    );
    let done = sqlx::query(&sql)
        .bind(tenant.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(SetupError::SchoolHasHistory)
    })
}

const CLASS_COLUMNS: &str = "c.id, c.school_id, c.name, c.school_year,
     (SELECT COUNT(*) FROM pupils p WHERE p.tenant_id = c.tenant_id AND p.class_id = c.id) AS pupils";

async fn class_rows(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    rows: Vec<sqlx::any::AnyRow>,
) -> Result<Vec<ClassRow>, StoreError> {
    let mut classes = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get("id")?;
        let weekdays = sqlx::query(
            "SELECT weekday FROM class_canteen_days WHERE tenant_id = $1 AND class_id = $2 ORDER BY weekday",
        )
        .bind(tenant.as_str())
        .bind(&id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|d| {
            let n: i32 = d.try_get("weekday")?;
            u8::try_from(n).map_err(|_| StoreError::Invalid(format!("weekday {n}")))
        })
        .collect::<Result<Vec<u8>, StoreError>>()?;
        classes.push(ClassRow {
            id: ClassId::from_db(id),
            school_id: SchoolId::from_db(r.try_get("school_id")?),
            name: r.try_get("name")?,
            school_year: r.try_get("school_year")?,
            weekdays,
            pupils: u64::try_from(r.try_get::<i64, _>("pupils")?).unwrap_or(0),
        });
    }
    Ok(classes)
}

/// The Ente's classes, by school year (latest first) and name.
pub async fn classes(pool: &AnyPool, tenant: &TenantId) -> Result<Vec<ClassRow>, StoreError> {
    let mut conn = pool.acquire().await?;
    let rows = sqlx::query(&format!(
        "SELECT {CLASS_COLUMNS} FROM classes c WHERE c.tenant_id = $1 ORDER BY c.school_year DESC, c.name"
    ))
    .bind(tenant.as_str())
    .fetch_all(&mut *conn)
    .await?;
    class_rows(&mut conn, tenant, rows).await
}

/// One class of the Ente, inside the caller's transaction.
pub async fn class(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &ClassId,
) -> Result<Option<ClassRow>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {CLASS_COLUMNS} FROM classes c WHERE c.tenant_id = $1 AND c.id = $2"
    ))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .fetch_all(&mut *conn)
    .await?;
    Ok(class_rows(conn, tenant, rows).await?.pop())
}

/// A class's name and school year (a name taken in its school and year is a conflict).
pub async fn update_class(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &ClassId,
    name: &str,
    school_year: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE classes SET name = $1, school_year = $2 WHERE tenant_id = $3 AND id = $4")
        .bind(name)
        .bind(school_year)
        .bind(tenant.as_str())
        .bind(id.as_str())
        .execute(conn)
        .await
        .map_err(super::unique_violation_is(super::Conflict::ClassExists))?;
    Ok(())
}

/// The weekdays the class eats at school, replacing the previous ones.
pub async fn set_weekdays(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    class: &str,
    weekdays: &CanteenWeekdays,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM class_canteen_days WHERE tenant_id = $1 AND class_id = $2")
        .bind(tenant.as_str())
        .bind(class)
        .execute(&mut *conn)
        .await?;
    for d in weekdays.iso() {
        sqlx::query(
            "INSERT INTO class_canteen_days (tenant_id, class_id, weekday) VALUES ($1, $2, $3)",
        )
        .bind(tenant.as_str())
        .bind(class)
        .bind(i32::from(d))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Deletes a class without pupils, with its weekdays (else the refusal, nothing deleted).
pub async fn delete_class(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &ClassId,
) -> Result<Result<(), SetupError>, StoreError> {
    let pupils = sqlx::query("SELECT 1 FROM pupils WHERE tenant_id = $1 AND class_id = $2")
        .bind(tenant.as_str())
        .bind(id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    if pupils.is_some() {
        return Ok(Err(SetupError::ClassHasPupils));
    }
    for sql in [
        "DELETE FROM class_canteen_days WHERE tenant_id = $1 AND class_id = $2",
        "DELETE FROM classes WHERE tenant_id = $1 AND id = $2",
    ] {
        sqlx::query(sql)
            .bind(tenant.as_str())
            .bind(id.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(Ok(()))
}

fn service_row(r: &sqlx::any::AnyRow) -> Result<ServiceRow, StoreError> {
    let mode: String = r.try_get("billing_mode")?;
    Ok(ServiceRow {
        id: ServiceId::from_db(r.try_get("id")?),
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        billing_mode: BillingMode::parse(&mode)
            .map_err(|_| StoreError::Invalid(format!("billing mode {mode:?}")))?,
        taxonomy: r.try_get("taxonomy")?,
        bookings_enabled: r.try_get::<i32, _>("bookings")? != 0,
    })
}

const SERVICE_COLUMNS: &str =
    "id, code, name, billing_mode, taxonomy, CAST(bookings_enabled AS INTEGER) AS bookings";

/// The Ente's services by name.
pub async fn services(pool: &AnyPool, tenant: &TenantId) -> Result<Vec<ServiceRow>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {SERVICE_COLUMNS} FROM services WHERE tenant_id = $1 ORDER BY name"
    ))
    .bind(tenant.as_str())
    .fetch_all(pool)
    .await?;
    rows.iter().map(service_row).collect()
}

/// One service of the Ente, inside the caller's transaction.
pub async fn service(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &ServiceId,
) -> Result<Option<ServiceRow>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {SERVICE_COLUMNS} FROM services WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(service_row).transpose()
}

/// What the office may change of a service once families pay for it: its code and way of
/// paying stay, since accounts and payments were made under them.
pub async fn update_service(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &ServiceId,
    name: &str,
    taxonomy: &str,
    bookings_enabled: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE services SET name = $1, taxonomy = $2, bookings_enabled = $3 WHERE tenant_id = $4 AND id = $5",
    )
    .bind(name)
    .bind(taxonomy)
    .bind(bookings_enabled)
    .bind(tenant.as_str())
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}
