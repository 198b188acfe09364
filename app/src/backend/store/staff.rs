//! The Ente's staff: the roles it grants to people (the family and delegate roles follow
//! from the registry instead). School staff and kitchen hold theirs for some schools.

use crate::backend::store::{instant_from_db, instant_to_db, StoreError, TenantId};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::identity::Role;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};
use std::collections::{BTreeMap, BTreeSet};

/// A staff role held by someone, for the list of the Ente's staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffGrant {
    pub fiscal_code: FiscalCode,
    pub role: Role,
    /// The name from their last login, when they have logged in.
    pub name: Option<String>,
    pub granted_at: DateTime<Utc>,
    pub granted_by: String,
    /// The schools a school-scoped role covers (id, name), by name; empty for the office.
    pub schools: Vec<(String, String)>,
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
    if !role.is_granted() {
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

/// The schools a school-scoped grant covers (ids, sorted); empty without the grant.
pub async fn schools_of<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    tenant: &TenantId,
    fiscal_code: &FiscalCode,
    role: Role,
) -> Result<BTreeSet<String>, StoreError> {
    sqlx::query(
        "SELECT school_id FROM role_grant_schools
         WHERE tenant_id = $1 AND fiscal_code = $2 AND role = $3",
    )
    .bind(tenant.as_str())
    .bind(fiscal_code.as_str())
    .bind(role.as_str())
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| Ok(r.try_get("school_id")?))
    .collect()
}

/// Sets the schools a school-scoped grant covers (the grant must exist); returns the
/// ones it covered before.
pub async fn set_schools(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    fiscal_code: &FiscalCode,
    role: Role,
    schools: &BTreeSet<String>,
) -> Result<BTreeSet<String>, StoreError> {
    if !role.is_school_scoped() {
        return Err(StoreError::Invalid(format!(
            "{} covers every school",
            role.as_str()
        )));
    }
    let before = schools_of(&mut *conn, tenant, fiscal_code, role).await?;
    for gone in before.difference(schools) {
        sqlx::query(
            "DELETE FROM role_grant_schools
             WHERE tenant_id = $1 AND fiscal_code = $2 AND role = $3 AND school_id = $4",
        )
        .bind(tenant.as_str())
        .bind(fiscal_code.as_str())
        .bind(role.as_str())
        .bind(gone)
        .execute(&mut *conn)
        .await?;
    }
    for added in schools.difference(&before) {
        sqlx::query(
            "INSERT INTO role_grant_schools (tenant_id, fiscal_code, role, school_id)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(tenant.as_str())
        .bind(fiscal_code.as_str())
        .bind(role.as_str())
        .bind(added)
        .execute(&mut *conn)
        .await?;
    }
    Ok(before)
}

/// Takes a staff role away (with the schools it covered); true when there was one to take.
pub async fn revoke(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    fiscal_code: &FiscalCode,
    role: Role,
) -> Result<bool, StoreError> {
    sqlx::query(
        "DELETE FROM role_grant_schools WHERE tenant_id = $1 AND fiscal_code = $2 AND role = $3",
    )
    .bind(tenant.as_str())
    .bind(fiscal_code.as_str())
    .bind(role.as_str())
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(
        "DELETE FROM role_grants WHERE tenant_id = $1 AND fiscal_code = $2 AND role = $3",
    )
    .bind(tenant.as_str())
    .bind(fiscal_code.as_str())
    .bind(role.as_str())
    .execute(&mut *conn)
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
    let mut schools: BTreeMap<(String, String), Vec<(String, String)>> = BTreeMap::new();
    for r in sqlx::query(
        "SELECT g.fiscal_code, g.role, s.id, s.name FROM role_grant_schools g
         JOIN schools s ON s.tenant_id = g.tenant_id AND s.id = g.school_id
         WHERE g.tenant_id = $1 ORDER BY s.name",
    )
    .bind(tenant.as_str())
    .fetch_all(pool)
    .await?
    {
        schools
            .entry((r.try_get("fiscal_code")?, r.try_get("role")?))
            .or_default()
            .push((r.try_get("id")?, r.try_get("name")?));
    }
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
                schools: schools.remove(&(cf, role)).unwrap_or_default(),
            })
        })
        .collect()
}
