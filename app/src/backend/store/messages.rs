//! Messages to a family (Comunicazioni). Each names the event it is about, so an event
//! that is processed twice (a rerun, two servers) sends one message.

use super::{instant_from_db, instant_to_db, new_id, NewFile, StoreError, TenantId};
use crate::backend::store::audit;
use crate::domain::audit::AuditAction;
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::ids::MessageId;
use crate::domain::messages::{Audience, MessageText};
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
    pub id: MessageId,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
    /// A document in the personal area: (path, label).
    pub link: Option<(String, String)>,
}

/// The newest messages of the tutore with this fiscal code.
pub async fn of_guardian(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian_fiscal_code: &FiscalCode,
    limit: u32,
) -> Result<Vec<Message>, StoreError> {
    sqlx::query(
        "SELECT m.id, m.kind, m.title, m.body, m.created_at, m.read_at, m.link_path, m.link_label
         FROM messages m JOIN guardians g ON g.tenant_id = m.tenant_id AND g.id = m.guardian_id
         WHERE m.tenant_id = $1 AND g.fiscal_code = $2
         ORDER BY m.created_at DESC, m.id LIMIT $3",
    )
    .bind(tenant.as_str())
    .bind(guardian_fiscal_code.as_str())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Message {
            id: MessageId::from_db(r.try_get("id")?),
            kind: r.try_get("kind")?,
            title: r.try_get("title")?,
            body: r.try_get("body")?,
            created_at: instant_from_db(&r.try_get::<String, _>("created_at")?)?,
            read: r.try_get::<Option<String>, _>("read_at")?.is_some(),
            link: match (r.try_get("link_path")?, r.try_get("link_label")?) {
                (Some(path), Some(label)) => Some((path, label)),
                _ => None,
            },
        })
    })
    .collect()
}

/// Points the message of `reference` at a document of the personal area.
pub async fn set_link(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    reference: &str,
    path: &str,
    label: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE messages SET link_path = $1, link_label = $2 WHERE tenant_id = $3 AND reference = $4")
        .bind(path)
        .bind(label)
        .bind(tenant.as_str())
        .bind(reference)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// How many messages of this tutore are unread.
pub async fn unread_count(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian_fiscal_code: &FiscalCode,
) -> Result<u32, StoreError> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM messages m JOIN guardians g ON g.tenant_id = m.tenant_id AND g.id = m.guardian_id
         WHERE m.tenant_id = $1 AND g.fiscal_code = $2 AND m.read_at IS NULL",
    )
    .bind(tenant.as_str())
    .bind(guardian_fiscal_code.as_str())
    .fetch_one(pool)
    .await?
    .try_get("n")?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Marks one message (or, with `None`, all) of this tutore as read; how many changed.
pub async fn mark_read(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian_fiscal_code: &FiscalCode,
    id: Option<&MessageId>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE messages SET read_at = $1
         WHERE tenant_id = $2 AND read_at IS NULL AND ($3 = '' OR id = $3)
           AND guardian_id IN (SELECT id FROM guardians WHERE tenant_id = $2 AND fiscal_code = $4)",
    )
    .bind(instant_to_db(now))
    .bind(tenant.as_str())
    .bind(id.map_or("", MessageId::as_str))
    .bind(guardian_fiscal_code.as_str())
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// The tutori a message for `audience` goes to (ids), each once.
pub async fn audience(
    pool: &AnyPool,
    tenant: &TenantId,
    audience: &Audience,
    today: chrono::NaiveDate,
) -> Result<Vec<String>, StoreError> {
    let (filter, arg) = match audience {
        Audience::Everyone => ("", String::new()),
        // The school's pupils of this school year: those who left it keep their last class.
        Audience::School(id) => (
            "AND p.class_id IN (SELECT id FROM classes WHERE tenant_id = $1 AND school_id = $2
                                AND school_year = (SELECT MAX(school_year) FROM classes WHERE tenant_id = $1))",
            id.clone(),
        ),
        Audience::Service(id) => (
            "AND p.id IN (SELECT pupil_id FROM subscriptions WHERE tenant_id = $1 AND service_id = $2
                          AND from_date <= $3 AND (to_date IS NULL OR to_date >= $3))",
            id.clone(),
        ),
        Audience::Family(cf) => (
            "AND p.guardian_id IN (SELECT id FROM guardians WHERE tenant_id = $1 AND fiscal_code = $2)",
            cf.clone(),
        ),
    };
    // `$2` and `$3` are bound for every audience; each filter uses what it needs.
    let sql = format!(
        "SELECT DISTINCT p.guardian_id FROM pupils p
         WHERE p.tenant_id = $1 AND ($2 = $2) AND ($3 = $3) {filter} ORDER BY p.guardian_id"
    );
    sqlx::query(&sql)
        .bind(tenant.as_str())
        .bind(arg)
        .bind(super::date_to_db(today))
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(r.try_get("guardian_id")?))
        .collect()
}

/// What an operator sends: the checked text, a link to an attached file (path, label) if
/// any, and who sent it.
pub struct Broadcast<'a> {
    pub text: &'a MessageText,
    pub link: Option<(&'a str, &'a str)>,
    pub by: &'a FiscalCode,
}

/// An operator's message to each of `guardians`, all or none; how many were sent.
pub async fn broadcast(
    pool: &AnyPool,
    tenant: &TenantId,
    guardians: &[String],
    message: &Broadcast<'_>,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let Broadcast { text, link, by } = *message;
    let batch = new_id();
    let mut tx = pool.begin().await?;
    for g in guardians {
        let reference = format!("broadcast:{batch}:{g}");
        let sent = send(
            &mut tx,
            tenant,
            &NewMessage {
                guardian_id: g,
                kind: "ente",
                title: text.title(),
                body: text.body(),
                reference: &reference,
            },
            now,
        )
        .await;
        let marked = match sent {
            Ok(_) => sqlx::query(
                "UPDATE messages SET sent_by = $1, link_path = $2, link_label = $3 WHERE tenant_id = $4 AND reference = $5",
            )
            .bind(by.as_str())
            .bind(link.map(|l| l.0))
            .bind(link.map(|l| l.1))
            .bind(tenant.as_str())
            .bind(&reference)
            .execute(&mut *tx)
            .await
            .map(|_| ())
            .map_err(StoreError::from),
            Err(e) => Err(e),
        };
        if let Err(e) = marked {
            tx.rollback().await?;
            return Err(e);
        }
    }
    // The operator's message in the audit log, in the same transaction.
    let sent = format!("{} famiglie", guardians.len());
    let change = audit::Change {
        actor: by,
        action: AuditAction::MessageSent,
        subject: text.title(),
        before: None,
        after: Some(&sent),
    };
    audit::append(&mut tx, tenant, &change, now).await?;
    tx.commit().await?;
    Ok(u32::try_from(guardians.len()).unwrap_or(u32::MAX))
}

/// A message to send by e-mail, claimed by this server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    pub id: String,
    pub ente: String,
    /// The tutore's address (none: nothing to send).
    pub to: Option<String>,
    pub recipient: String,
    pub title: String,
    pub body: String,
}

/// Messages older than this when e-mail is first configured are not mailed.
const EMAIL_MAX_AGE_DAYS: i64 = 3;
/// A claim not finished in this time (a crash mid-send) is taken again.
const EMAIL_CLAIM_MINUTES: i64 = 10;
/// After this many failures the portal stops trying (the message stays in Comunicazioni).
const EMAIL_MAX_ATTEMPTS: i32 = 8;

/// Claims up to `limit` messages due for e-mail (new ones, retries whose time came, claims
/// left by a crash); two servers never claim the same one at once.
pub async fn claim_emails(
    pool: &AnyPool,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Outgoing>, StoreError> {
    let now_text = instant_to_db(now);
    let oldest = instant_to_db(now - chrono::Duration::days(EMAIL_MAX_AGE_DAYS));
    let due = "((m.email_status IS NULL AND m.created_at >= $2)
               OR (m.email_status IN ('retry', 'sending') AND m.email_next_at <= $1))";
    let rows = sqlx::query(&format!(
        "SELECT m.id, m.title, m.body, COALESCE(g.email, u.email) AS email, g.given_name, g.family_name,
                t.name AS ente
         FROM messages m
         JOIN guardians g ON g.tenant_id = m.tenant_id AND g.id = m.guardian_id
         JOIN tenants t ON t.id = m.tenant_id
         LEFT JOIN users u ON u.tenant_id = g.tenant_id AND u.fiscal_code = g.fiscal_code
         WHERE {due} ORDER BY m.created_at LIMIT $3"
    ))
    .bind(&now_text)
    .bind(&oldest)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    let claim_until = instant_to_db(now + chrono::Duration::minutes(EMAIL_CLAIM_MINUTES));
    let mut claimed = Vec::new();
    for r in &rows {
        let id: String = r.try_get("id")?;
        let done = sqlx::query(&format!(
            "UPDATE messages SET email_status = 'sending', email_next_at = $3
             WHERE id = $4 AND id IN (SELECT m.id FROM messages m WHERE m.id = $4 AND {due})"
        ))
        .bind(&now_text)
        .bind(&oldest)
        .bind(&claim_until)
        .bind(&id)
        .execute(pool)
        .await?;
        if done.rows_affected() == 1 {
            let email: Option<String> = r.try_get("email")?;
            claimed.push(Outgoing {
                id,
                ente: r.try_get("ente")?,
                to: email.filter(|e| !e.trim().is_empty()),
                recipient: format!(
                    "{} {}",
                    r.try_get::<String, _>("given_name")?,
                    r.try_get::<String, _>("family_name")?
                ),
                title: r.try_get("title")?,
                body: r.try_get("body")?,
            });
        }
    }
    Ok(claimed)
}

/// How an e-mail went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    NoAddress,
    Failed(String),
}

/// Records the outcome of a claimed e-mail: a failure is retried later (30 s, 1 min, 2 min…
/// up to an hour), until it gives up.
pub async fn email_done(
    pool: &AnyPool,
    id: &str,
    outcome: &Delivery,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    match outcome {
        Delivery::Sent | Delivery::NoAddress => {
            sqlx::query("UPDATE messages SET email_status = $1, email_next_at = NULL, email_error = NULL WHERE id = $2")
                .bind(if *outcome == Delivery::Sent { "sent" } else { "none" })
                .bind(id)
                .execute(pool)
                .await?;
        }
        Delivery::Failed(error) => {
            let attempts: i32 = sqlx::query("SELECT email_attempts FROM messages WHERE id = $1")
                .bind(id)
                .fetch_one(pool)
                .await?
                .try_get("email_attempts")?;
            let attempts = attempts + 1;
            let wait = chrono::Duration::seconds((30_i64 << (attempts - 1).clamp(0, 7)).min(3_600));
            let status = if attempts >= EMAIL_MAX_ATTEMPTS {
                "failed"
            } else {
                "retry"
            };
            sqlx::query(
                "UPDATE messages SET email_status = $1, email_attempts = $2, email_next_at = $3, email_error = $4 WHERE id = $5",
            )
            .bind(status)
            .bind(attempts)
            .bind(instant_to_db(now + wait))
            .bind(error.chars().take(500).collect::<String>())
            .bind(id)
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

/// Stores a file (type and size checked by the caller) an operator attaches to a message.
pub async fn add_file(
    pool: &AnyPool,
    files: &crate::backend::store::files::FileStore,
    tenant: &TenantId,
    file: &NewFile<'_>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let NewFile {
        name: file_name,
        content_type,
        bytes,
    } = *file;
    let id = new_id();
    let mut tx = pool.begin().await?;
    let written = async {
        sqlx::query(
            "INSERT INTO message_files (id, tenant_id, file_name, content_type, size, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(tenant.as_str())
        .bind(file_name)
        .bind(content_type)
        .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
        .bind(by)
        .bind(instant_to_db(now))
        .execute(&mut *tx)
        .await?;
        files.put(&mut tx, tenant, &format!("message-{id}"), bytes).await
    }
    .await;
    match written {
        Ok(()) => tx.commit().await?,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    }
    Ok(id)
}

/// A file of the Ente's messages: (file name, content type).
pub async fn file(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<(String, String)>, StoreError> {
    sqlx::query(
        "SELECT file_name, content_type FROM message_files WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.as_str())
    .bind(id)
    .fetch_optional(pool)
    .await?
    .map(|r| Ok((r.try_get("file_name")?, r.try_get("content_type")?)))
    .transpose()
}

/// Whether a message of this tutore points at the file.
pub async fn file_sent_to(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian_fiscal_code: &FiscalCode,
    id: &str,
) -> Result<bool, StoreError> {
    Ok(sqlx::query(
        "SELECT 1 FROM messages m JOIN guardians g ON g.tenant_id = m.tenant_id AND g.id = m.guardian_id
         WHERE m.tenant_id = $1 AND g.fiscal_code = $2 AND m.link_path = $3",
    )
    .bind(tenant.as_str())
    .bind(guardian_fiscal_code.as_str())
    .bind(crate::routes::message_attachment(id))
    .fetch_optional(pool)
    .await?
    .is_some())
}
