//! People who logged in to an Ente, the roles they hold there, and delegations.

use super::{date_to_db, instant_to_db, new_id, unique_violation_is, StoreError, TenantId};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::identity::Role;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyPool, Row};

/// What the identity provider told us about the person at their last login.
pub struct Identity<'a> {
    pub fiscal_code: &'a FiscalCode,
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub email: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub fiscal_code: FiscalCode,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
}

/// Creates the user at their first login, refreshes their name and e-mail afterwards.
pub async fn record_login(
    pool: &AnyPool,
    tenant: &TenantId,
    who: &Identity<'_>,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let row = sqlx::query(
        "INSERT INTO users (id, tenant_id, fiscal_code, given_name, family_name, email, created_at, last_login_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (tenant_id, fiscal_code) DO UPDATE SET
           given_name = excluded.given_name, family_name = excluded.family_name,
           email = COALESCE(excluded.email, users.email), last_login_at = excluded.last_login_at
         RETURNING id",
    )
    .bind(new_id())
    .bind(tenant.as_str())
    .bind(who.fiscal_code.as_str())
    .bind(who.given_name)
    .bind(who.family_name)
    .bind(who.email)
    .bind(instant_to_db(now))
    .fetch_one(pool)
    .await?;
    Ok(row.try_get("id")?)
}

pub(super) fn user_from_row(row: &sqlx::any::AnyRow) -> Result<User, StoreError> {
    let cf: String = row.try_get("fiscal_code")?;
    Ok(User {
        id: row.try_get("id")?,
        fiscal_code: FiscalCode::parse(&cf)
            .map_err(|e| StoreError::Invalid(format!("user fiscal code {cf:?}: {e}")))?,
        given_name: row.try_get("given_name")?,
        family_name: row.try_get("family_name")?,
        email: row.try_get("email")?,
    })
}

/// The person's roles in the Ente today: family if the registry names them tutore of
/// a pupil, delegate if a tutore's delegation is in force, plus the staff roles granted.
pub async fn roles_of(
    pool: &AnyPool,
    tenant: &TenantId,
    fiscal_code: &FiscalCode,
    today: NaiveDate,
) -> Result<Vec<Role>, StoreError> {
    let rows = sqlx::query(
        "SELECT 'family' AS role FROM guardians g
           WHERE g.tenant_id = $1 AND g.fiscal_code = $2
             AND EXISTS (SELECT 1 FROM pupils p WHERE p.tenant_id = g.tenant_id AND p.guardian_id = g.id)
         UNION
         SELECT 'delegate' FROM delegations d
           WHERE d.tenant_id = $1 AND d.delegate_fiscal_code = $2
             AND d.from_date <= $3 AND (d.to_date IS NULL OR d.to_date >= $3)
         UNION
         SELECT role FROM role_grants WHERE tenant_id = $1 AND fiscal_code = $2",
    )
    .bind(tenant.as_str())
    .bind(fiscal_code.as_str())
    .bind(date_to_db(today))
    .fetch_all(pool)
    .await?;
    let mut roles = rows
        .iter()
        .map(|r| {
            let name: String = r.try_get("role")?;
            Role::parse(&name).ok_or_else(|| StoreError::Invalid(format!("unknown role {name:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    roles.sort();
    roles.dedup();
    Ok(roles)
}

/// A tutore's delegation of one pupil's bookings to another adult.
pub async fn delegate(
    conn: &mut sqlx::AnyConnection,
    tenant: &TenantId,
    pupil_id: &str,
    delegate: &FiscalCode,
    delegate_name: &str,
    from: NaiveDate,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO delegations (id, tenant_id, pupil_id, delegate_fiscal_code, delegate_name, from_date)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(tenant.as_str())
    .bind(pupil_id)
    .bind(delegate.as_str())
    .bind(delegate_name)
    .bind(date_to_db(from))
    .execute(conn)
    .await
    .map_err(unique_violation_is(super::Conflict::DelegationExists))?;
    Ok(id)
}
