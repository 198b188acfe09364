//! Logins in progress: what the callback needs to check the provider's answer
//! (state, nonce, PKCE verifier), kept on the server and usable once.

use super::{instant_from_db, instant_to_db, StoreError, TenantId};
use chrono::{DateTime, Duration, Utc};
use sqlx::{AnyPool, Row};

/// A login not completed within this time must start again.
pub const LOGIN_WINDOW_MINUTES: i64 = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingLogin {
    pub state: String,
    pub provider: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    /// SHA-256 of the login cookie of the browser that started it.
    pub browser_hash: String,
}

pub async fn begin(
    pool: &AnyPool,
    tenant: &TenantId,
    login: &PendingLogin,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    // Abandoned logins of any Ente go with each new one: the table stays small.
    sqlx::query("DELETE FROM pending_logins WHERE created_at < $1")
        .bind(instant_to_db(now - Duration::minutes(LOGIN_WINDOW_MINUTES)))
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO pending_logins (state, tenant_id, provider, nonce, pkce_verifier, return_to, created_at, browser_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&login.state)
    .bind(tenant.as_str())
    .bind(&login.provider)
    .bind(&login.nonce)
    .bind(&login.pkce_verifier)
    .bind(&login.return_to)
    .bind(instant_to_db(now))
    .bind(&login.browser_hash)
    .execute(pool)
    .await?;
    Ok(())
}

/// Takes the login with this state, started by this browser, out of the table: a second
/// call with the same state (a replayed callback) finds nothing, and so do one past the
/// login window and one from another browser (a callback link someone else sent).
pub async fn take(
    pool: &AnyPool,
    tenant: &TenantId,
    state: &str,
    browser_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<PendingLogin>, StoreError> {
    let row = sqlx::query(
        "DELETE FROM pending_logins WHERE state = $1 AND tenant_id = $2 AND browser_hash = $3
         RETURNING provider, nonce, pkce_verifier, return_to, created_at",
    )
    .bind(state)
    .bind(tenant.as_str())
    .bind(browser_hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let created_at = instant_from_db(&row.try_get::<String, _>("created_at")?)?;
    if now - created_at > Duration::minutes(LOGIN_WINDOW_MINUTES) {
        return Ok(None);
    }
    Ok(Some(PendingLogin {
        state: state.to_string(),
        provider: row.try_get("provider")?,
        nonce: row.try_get("nonce")?,
        pkce_verifier: row.try_get("pkce_verifier")?,
        return_to: row.try_get("return_to")?,
        browser_hash: browser_hash.to_string(),
    }))
}
