//! Server-side sessions: the browser holds an opaque random token, the database its
//! SHA-256, so any server instance can serve any request and a leaked table opens nothing.

use super::users::{user_from_row, User};
use super::{instant_from_db, instant_to_db, StoreError, TenantId};
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};
use sqlx::{AnyPool, Row};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle: Duration,
    /// A session ends this long after login, however busy.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(8),
        }
    }
}

/// A session in force, with its user.
#[derive(Clone, Debug)]
pub struct ActiveSession {
    pub user: User,
    pub provider: String,
    pub created_at: DateTime<Utc>,
}

/// The session a logout ends: what the provider's end-session call needs.
#[derive(Clone, Debug)]
pub struct EndedSession {
    pub provider: String,
    pub id_token: String,
}

/// SHA-256, hex: what the database keeps of a secret the browser holds.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 256 random bits, base64url (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Starts a session for the user and returns the token for the cookie (256 random bits).
pub async fn create(
    pool: &AnyPool,
    tenant: &TenantId,
    user_id: &str,
    provider: &str,
    id_token: &str,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, tenant_id, user_id, provider, id_token, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(token_hash(&token))
    .bind(tenant.as_str())
    .bind(user_id)
    .bind(provider)
    .bind(id_token)
    .bind(instant_to_db(now))
    .execute(pool)
    .await?;
    Ok(token)
}

/// The session of this token in this Ente, if it is still in force. An expired one is
/// deleted; a used one has its last-seen time moved on (at most once a minute, to spare
/// the database a write per request).
pub async fn resolve(
    pool: &AnyPool,
    tenant: &TenantId,
    token: &str,
    now: DateTime<Utc>,
    policy: SessionPolicy,
) -> Result<Option<ActiveSession>, StoreError> {
    let hash = token_hash(token);
    let row = sqlx::query(
        "SELECT s.provider, s.created_at, s.last_seen_at,
                u.id, u.fiscal_code, u.given_name, u.family_name, u.email
         FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
         WHERE s.token_hash = $1 AND s.tenant_id = $2",
    )
    .bind(&hash)
    .bind(tenant.as_str())
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let created_at = instant_from_db(&row.try_get::<String, _>("created_at")?)?;
    let last_seen = instant_from_db(&row.try_get::<String, _>("last_seen_at")?)?;
    if now - last_seen >= policy.idle || now - created_at >= policy.absolute {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(pool)
            .await?;
        return Ok(None);
    }
    if now - last_seen >= Duration::minutes(1) {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(instant_to_db(now))
            .bind(&hash)
            .execute(pool)
            .await?;
    }
    Ok(Some(ActiveSession {
        user: user_from_row(&row)?,
        provider: row.try_get("provider")?,
        created_at,
    }))
}

/// Ends the session of this token (logout); `None` when there was none.
pub async fn destroy(
    pool: &AnyPool,
    tenant: &TenantId,
    token: &str,
) -> Result<Option<EndedSession>, StoreError> {
    let row = sqlx::query(
        "DELETE FROM sessions WHERE token_hash = $1 AND tenant_id = $2 RETURNING provider, id_token",
    )
    .bind(token_hash(token))
    .bind(tenant.as_str())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(EndedSession {
            provider: r.try_get("provider")?,
            id_token: r.try_get("id_token")?,
        })
    })
    .transpose()
}

/// Deletes the sessions that can no longer be used.
pub async fn purge_expired(
    pool: &AnyPool,
    now: DateTime<Utc>,
    policy: SessionPolicy,
) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2")
        .bind(instant_to_db(now - policy.idle))
        .bind(instant_to_db(now - policy.absolute))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_hash_is_not_the_token() {
        let h = token_hash("abc");
        assert_eq!(h.len(), 64);
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
