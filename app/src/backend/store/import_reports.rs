//! The outcome of a file import, kept for the page the upload redirects to and shown only
//! to the person who sent the file. The report is the backend's JSON.

use super::{instant_to_db, new_id, StoreError, TenantId};
use crate::domain::fiscal_code::FiscalCode;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

pub async fn save(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    kind: &str,
    by: &FiscalCode,
    report: &str,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO import_reports (id, tenant_id, kind, created_by, created_at, report)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(tenant.as_str())
    .bind(kind)
    .bind(by.as_str())
    .bind(instant_to_db(now))
    .bind(report)
    .execute(conn)
    .await?;
    Ok(id)
}

/// The report of an import of `kind` made by `by` in the Ente.
pub async fn load(
    pool: &AnyPool,
    tenant: &TenantId,
    kind: &str,
    by: &FiscalCode,
    id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query(
        "SELECT report FROM import_reports WHERE tenant_id = $1 AND kind = $2 AND created_by = $3 AND id = $4",
    )
    .bind(tenant.as_str())
    .bind(kind)
    .bind(by.as_str())
    .bind(id)
    .fetch_optional(pool)
    .await?
    .map(|r| r.try_get("report"))
    .transpose()?)
}

/// Forgets the Ente's reports of `kind` made before `before` (uploads waiting for their
/// import are kept a day).
pub async fn prune(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    kind: &str,
    before: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM import_reports WHERE tenant_id = $1 AND kind = $2 AND created_at < $3",
    )
    .bind(tenant.as_str())
    .bind(kind)
    .bind(instant_to_db(before))
    .execute(conn)
    .await?;
    Ok(())
}
