//! Messages to a family (Comunicazioni). Each names the event it is about, so an event
//! that is processed twice (a rerun, two servers) sends one message.

use super::{instant_from_db, instant_to_db, new_id, StoreError, TenantId};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

pub struct NewMessage<'a> {
    pub guardian_id: &'a str,
    /// What the message is about, e.g. `credit_low`.
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// The event: the same reference is sent once.
    pub reference: &'a str,
}

/// Stores the message unless its event was already told; true when it is new.
pub async fn send(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    m: &NewMessage<'_>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO messages (id, tenant_id, guardian_id, kind, title, body, reference, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (tenant_id, reference) DO NOTHING",
    )
    .bind(new_id())
    .bind(tenant.as_str())
    .bind(m.guardian_id)
    .bind(m.kind)
    .bind(m.title)
    .bind(m.body)
    .bind(m.reference)
    .bind(instant_to_db(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// The newest messages of the tutore with this fiscal code.
pub async fn of_guardian(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian_fiscal_code: &str,
    limit: u32,
) -> Result<Vec<Message>, StoreError> {
    sqlx::query(
        "SELECT m.id, m.kind, m.title, m.body, m.created_at, m.read_at
         FROM messages m JOIN guardians g ON g.tenant_id = m.tenant_id AND g.id = m.guardian_id
         WHERE m.tenant_id = $1 AND g.fiscal_code = $2
         ORDER BY m.created_at DESC, m.id LIMIT $3",
    )
    .bind(tenant.as_str())
    .bind(guardian_fiscal_code)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Message {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            title: r.try_get("title")?,
            body: r.try_get("body")?,
            created_at: instant_from_db(&r.try_get::<String, _>("created_at")?)?,
            read: r.try_get::<Option<String>, _>("read_at")?.is_some(),
        })
    })
    .collect()
}
