//! The audit log: every change made by the Ente's staff, appended with the change (in its
//! transaction where the change has one), never updated nor deleted.

use crate::backend::store::{instant_from_db, instant_to_db, new_id, StoreError, TenantId};
use crate::domain::audit::AuditAction;
use crate::domain::fiscal_code::FiscalCode;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

/// A change to record: who made it, what, on what, and the value before and after.
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    pub actor: &'a FiscalCode,
    pub action: AuditAction,
    /// What the change is about: a person's fiscal code, a submission's protocol…
    pub subject: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

pub async fn append(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    change: &Change<'_>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (id, tenant_id, at, actor, action, subject, before_value, after_value)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(tenant.as_str())
    .bind(instant_to_db(now))
    .bind(change.actor.as_str())
    .bind(change.action.as_str())
    .bind(change.subject)
    .bind(change.before)
    .bind(change.after)
    .execute(conn)
    .await?;
    Ok(())
}

/// A recorded change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: AuditAction,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which changes to list: by one person, within days (UTC instants from the caller).
#[derive(Clone, Copy, Debug, Default)]
pub struct Filter<'a> {
    pub actor: Option<&'a FiscalCode>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub until: Option<DateTime<Utc>>,
}

/// The Ente's changes matching the filter, newest first, at most `limit`.
pub async fn list(
    pool: &AnyPool,
    tenant: &TenantId,
    filter: &Filter<'_>,
    limit: u32,
) -> Result<Vec<Entry>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, actor, action, subject, before_value, after_value FROM audit_log
         WHERE tenant_id = $1 AND ($2 = '' OR actor = $2) AND ($3 = '' OR at >= $3)
           AND ($4 = '' OR at < $4)
         ORDER BY at DESC, id DESC LIMIT $5",
    )
    .bind(tenant.as_str())
    .bind(filter.actor.map_or("", FiscalCode::as_str))
    .bind(filter.from.map(instant_to_db).unwrap_or_default())
    .bind(filter.until.map(instant_to_db).unwrap_or_default())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let action: String = r.try_get("action")?;
            Ok(Entry {
                at: instant_from_db(&r.try_get::<String, _>("at")?)?,
                actor: r.try_get("actor")?,
                action: AuditAction::parse(&action)
                    .map_err(|_| StoreError::Invalid(format!("audit action {action:?}")))?,
                subject: r.try_get("subject")?,
                before: r.try_get("before_value")?,
                after: r.try_get("after_value")?,
            })
        })
        .collect()
}

/// Midnight at the start of `day` in the Ente's zone, as a UTC instant (for day filters).
pub fn start_of(day: NaiveDate, zone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    zone.from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}
