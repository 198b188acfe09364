//! Schools' rotating menus, each in effect from a date (a later one replaces it).

use super::{date_to_db, instant_to_db, StoreError, TenantId};
use crate::domain::menus::{Menu, MenuHistory};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

/// Puts `menu` in effect at a school from `from` (replacing one set for the same date).
pub async fn set(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    school_id: &str,
    from: NaiveDate,
    menu: &Menu,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let definition =
        serde_json::to_string(menu).map_err(|e| StoreError::Invalid(format!("menu: {e}")))?;
    sqlx::query(
        "INSERT INTO menus (tenant_id, school_id, valid_from, definition, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, school_id, valid_from) DO UPDATE SET
           definition = excluded.definition, created_at = excluded.created_at, created_by = excluded.created_by",
    )
    .bind(tenant.as_str())
    .bind(school_id)
    .bind(date_to_db(from))
    .bind(definition)
    .bind(instant_to_db(now))
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The menus of a school, oldest first.
pub async fn of_school(
    pool: &AnyPool,
    tenant: &TenantId,
    school_id: &str,
) -> Result<MenuHistory, StoreError> {
    let rows = sqlx::query(
        "SELECT valid_from, definition FROM menus WHERE tenant_id = $1 AND school_id = $2 ORDER BY valid_from",
    )
    .bind(tenant.as_str())
    .bind(school_id)
    .fetch_all(pool)
    .await?;
    let mut versions = Vec::with_capacity(rows.len());
    for r in &rows {
        let from: String = r.try_get("valid_from")?;
        let definition: String = r.try_get("definition")?;
        let menu: Menu = serde_json::from_str(&definition)
            .map_err(|e| StoreError::Invalid(format!("menu of {school_id} from {from}: {e}")))?;
        let from = NaiveDate::parse_from_str(&from, "%Y-%m-%d")
            .map_err(|e| StoreError::Invalid(format!("menu date {from:?}: {e}")))?;
        versions.push((
            from,
            Menu::new(menu).map_err(|e| StoreError::Invalid(e.to_string()))?,
        ));
    }
    Ok(MenuHistory { versions })
}
