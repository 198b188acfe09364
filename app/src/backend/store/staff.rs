//! The Ente's staff: the operator and administrator roles it grants to people (the family
//! and delegate roles follow from the registry instead).

use crate::backend::store::{instant_from_db, instant_to_db, StoreError, TenantId};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::identity::Role;
use chrono::{DateTime, Utc};
use sqlx::{AnyPool, Row};

/// A staff role held by someone, for the list of the Ente's staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffGrant {
    pub fiscal_code: FiscalCode,
    pub role: Role,
    /// The name from their last login, when they have logged in.
    pub name: Option<String>,
    pub granted_at: DateTime<Utc>,
    pub granted_by: String,
}

/// Grants a staff role; granting it again changes nothing.
pub async fn grant<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    tenant: &TenantId,
    fiscal_code: &FiscalCode,
    role: Role,
    granted_by: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    if !role.is_staff() {
        return Err(StoreError::Invalid(format!(
            "{} is not granted: it follows from the registry",
            role.as_str()
        )));
    }
    let done = sqlx::query(
        "INSERT INTO role_grants (tenant_id, fiscal_code, role, granted_at, granted_by)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, fiscal_code, role) DO NOTHING",
    )
    .bind(tenant.as_str())
    .bind(fiscal_code.as_str())
    .bind(role.as_str())
    .bind(instant_to_db(now))
    .bind(granted_by)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes a staff role away; true when there was one to take.
pub async fn revoke<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    tenant: &TenantId,
    fiscal_code: &FiscalCode,
    role: Role,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "DELETE FROM role_grants WHERE tenant_id = $1 AND fiscal_code = $2 AND role = $3",
    )
    .bind(tenant.as_str())
    .bind(fiscal_code.as_str())
    .bind(role.as_str())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn list(pool: &AnyPool, tenant: &TenantId) -> Result<Vec<StaffGrant>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.fiscal_code, r.role, r.granted_at, r.granted_by, u.given_name, u.family_name
         FROM role_grants r
         LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.fiscal_code = r.fiscal_code
         WHERE r.tenant_id = $1 ORDER BY r.fiscal_code, r.role",
    )
    .bind(tenant.as_str())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let cf: String = r.try_get("fiscal_code")?;
            let role: String = r.try_get("role")?;
            let given: Option<String> = r.try_get("given_name")?;
            let family: Option<String> = r.try_get("family_name")?;
            Ok(StaffGrant {
                fiscal_code: FiscalCode::parse(&cf)
                    .map_err(|e| StoreError::Invalid(format!("grant fiscal code: {e}")))?,
                role: Role::parse(&role)
                    .ok_or_else(|| StoreError::Invalid(format!("unknown role {role:?}")))?,
                name: given.zip(family).map(|(g, f)| format!("{g} {f}")),
                granted_at: instant_from_db(&r.try_get::<String, _>("granted_at")?)?,
                granted_by: r.try_get("granted_by")?,
            })
        })
        .collect()
}
