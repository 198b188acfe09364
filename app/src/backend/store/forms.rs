//! Moduli online in the database: the Ente's definitions (versioned), one draft per person
//! and form, submissions with their protocol number, and the history of every decision.

use super::{instant_from_db, instant_to_db, new_id, NewFile, StoreError, TenantId};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::forms::{FormDefinition, SubmissionStatus};
use crate::domain::ids::SubmissionId;
use chrono::{DateTime, Datelike, Utc};
use sqlx::{AnyConnection, AnyPool, Row};
use std::collections::BTreeMap;

pub type Answers = BTreeMap<String, String>;

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Publishes a definition as a new version (checked first); submissions keep the version
/// they were made with.
pub async fn publish(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    def: &FormDefinition,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    def.check()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    sqlx::query(
        "INSERT INTO form_definitions (tenant_id, code, version, definition, published_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant.as_str())
    .bind(&def.code)
    .bind(i64::from(def.version))
    .bind(to_json(def)?)
    .bind(instant_to_db(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The latest version of every form of the Ente, by title.
pub async fn latest(pool: &AnyPool, tenant: &TenantId) -> Result<Vec<FormDefinition>, StoreError> {
    let rows = sqlx::query(
        "SELECT d.definition FROM form_definitions d
         WHERE d.tenant_id = $1 AND d.version = (SELECT MAX(version) FROM form_definitions x
                                                 WHERE x.tenant_id = d.tenant_id AND x.code = d.code)",
    )
    .bind(tenant.as_str())
    .fetch_all(pool)
    .await?;
    let mut defs = rows
        .iter()
        .map(|r| from_json::<FormDefinition>(&r.try_get::<String, _>("definition")?))
        .collect::<Result<Vec<_>, _>>()?;
    defs.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(defs)
}

/// A form of the Ente: a given version, or (None) the latest.
pub async fn definition(
    pool: &AnyPool,
    tenant: &TenantId,
    code: &str,
    version: Option<u32>,
) -> Result<Option<FormDefinition>, StoreError> {
    let row = sqlx::query(
        "SELECT definition FROM form_definitions WHERE tenant_id = $1 AND code = $2 AND ($3 < 0 OR version = $3)
         ORDER BY version DESC LIMIT 1",
    )
    .bind(tenant.as_str())
    .bind(code)
    .bind(version.map_or(-1, i64::from))
    .fetch_optional(pool)
    .await?;
    row.map(|r| from_json(&r.try_get::<String, _>("definition")?))
        .transpose()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub id: SubmissionId,
    pub version: u32,
    pub answers: Answers,
}

pub async fn draft(
    pool: &AnyPool,
    tenant: &TenantId,
    owner: &FiscalCode,
    code: &str,
) -> Result<Option<Draft>, StoreError> {
    let row = sqlx::query(
        "SELECT id, version, answers FROM form_drafts WHERE tenant_id = $1 AND owner = $2 AND code = $3",
    )
    .bind(tenant.as_str())
    .bind(owner.as_str())
    .bind(code)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(Draft {
            id: SubmissionId::from_db(r.try_get("id")?),
            version: u32::try_from(r.try_get::<i64, _>("version")?).unwrap_or(0),
            answers: from_json(&r.try_get::<String, _>("answers")?)?,
        })
    })
    .transpose()
}

/// Saves the person's draft of a form (creating it the first time); its id.
pub async fn save_draft(
    pool: &AnyPool,
    tenant: &TenantId,
    owner: &FiscalCode,
    code: &str,
    version: u32,
    answers: &Answers,
    now: DateTime<Utc>,
) -> Result<SubmissionId, StoreError> {
    sqlx::query(
        "INSERT INTO form_drafts (id, tenant_id, owner, code, version, answers, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, owner, code) DO UPDATE SET
           answers = excluded.answers, version = excluded.version, updated_at = excluded.updated_at",
    )
    .bind(new_id())
    .bind(tenant.as_str())
    .bind(owner.as_str())
    .bind(code)
    .bind(i64::from(version))
    .bind(to_json(answers)?)
    .bind(instant_to_db(now))
    .execute(pool)
    .await?;
    draft(pool, tenant, owner, code)
        .await?
        .map(|d| d.id)
        .ok_or_else(|| StoreError::Invalid("the draft just saved is missing".into()))
}

/// The person's drafts: (form code, last saved).
pub async fn drafts_of(
    pool: &AnyPool,
    tenant: &TenantId,
    owner: &FiscalCode,
) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
    sqlx::query("SELECT code, updated_at FROM form_drafts WHERE tenant_id = $1 AND owner = $2 ORDER BY updated_at DESC")
        .bind(tenant.as_str())
        .bind(owner.as_str())
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("code")?, instant_from_db(&r.try_get::<String, _>("updated_at")?)?)))
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    pub id: SubmissionId,
    pub owner: FiscalCode,
    pub owner_name: String,
    pub code: String,
    pub version: u32,
    pub title: String,
    pub answers: Answers,
    pub protocol: String,
    pub submitted_at: DateTime<Utc>,
    pub status: SubmissionStatus,
    pub note: Option<String>,
}

const COLUMNS: &str =
    "id, owner, owner_name, code, version, title, answers, protocol, submitted_at, status, note";

fn submission(r: &sqlx::any::AnyRow) -> Result<Submission, StoreError> {
    Ok(Submission {
        id: SubmissionId::from_db(r.try_get("id")?),
        owner: FiscalCode::parse(&r.try_get::<String, _>("owner")?)
            .map_err(|e| StoreError::Invalid(format!("submission owner: {e}")))?,
        owner_name: r.try_get("owner_name")?,
        code: r.try_get("code")?,
        version: u32::try_from(r.try_get::<i64, _>("version")?).unwrap_or(0),
        title: r.try_get("title")?,
        answers: from_json(&r.try_get::<String, _>("answers")?)?,
        protocol: r.try_get("protocol")?,
        submitted_at: instant_from_db(&r.try_get::<String, _>("submitted_at")?)?,
        status: SubmissionStatus::parse(&r.try_get::<String, _>("status")?)
            .map_err(|e| StoreError::Invalid(e.to_string()))?,
        note: r.try_get("note")?,
    })
}

pub struct NewSubmission<'a> {
    pub owner: &'a FiscalCode,
    pub owner_name: &'a str,
    pub definition: &'a FormDefinition,
    pub draft_id: &'a str,
    /// Checked against the definition.
    pub answers: &'a Answers,
}

/// Submits a draft: a protocol number of the year (`2026/000042`), the draft gone. The same
/// draft submitted again (a double click, two tabs) is the same submission.
pub async fn submit(
    pool: &AnyPool,
    tenant: &TenantId,
    new: &NewSubmission<'_>,
    now: DateTime<Utc>,
) -> Result<Submission, StoreError> {
    if let Some(done) = by_draft(pool, tenant, new.draft_id).await? {
        return Ok(done);
    }
    let mut tx = pool.begin().await?;
    let result = insert_submission(&mut tx, tenant, new, now).await;
    match result {
        Ok(true) => tx.commit().await?,
        Ok(false) => tx.rollback().await?,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    }
    by_draft(pool, tenant, new.draft_id)
        .await?
        .ok_or_else(|| StoreError::Invalid("submission not found after insert".into()))
}

async fn insert_submission(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    new: &NewSubmission<'_>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let year = now.year();
    let number: i64 = sqlx::query(
        "INSERT INTO protocol_sequences (tenant_id, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (tenant_id, year) DO UPDATE SET last = protocol_sequences.last + 1
         RETURNING last",
    )
    .bind(tenant.as_str())
    .bind(year)
    .fetch_one(&mut *tx)
    .await?
    .try_get("last")?;
    let id = new_id();
    let inserted = sqlx::query(&format!(
        "INSERT INTO submissions (tenant_id, draft_id, {COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'inviato', NULL)
         ON CONFLICT (tenant_id, draft_id) DO NOTHING"
    ))
    .bind(tenant.as_str())
    .bind(new.draft_id)
    .bind(&id)
    .bind(new.owner.as_str())
    .bind(new.owner_name)
    .bind(&new.definition.code)
    .bind(i64::from(new.definition.version))
    .bind(&new.definition.title)
    .bind(to_json(new.answers)?)
    .bind(format!("{year}/{number:06}"))
    .bind(instant_to_db(now))
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM form_drafts WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.as_str())
        .bind(new.draft_id)
        .execute(&mut *tx)
        .await?;
    let submission = SubmissionId::from_db(id.clone());
    record_event(
        tx,
        tenant,
        &submission,
        new.owner.as_str(),
        "Modulo inviato",
        now,
    )
    .await?;
    Ok(true)
}

async fn by_draft(
    pool: &AnyPool,
    tenant: &TenantId,
    draft_id: &str,
) -> Result<Option<Submission>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM submissions WHERE tenant_id = $1 AND draft_id = $2"
    ))
    .bind(tenant.as_str())
    .bind(draft_id)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(submission)
    .transpose()
}

pub async fn record_event(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    submission_id: &SubmissionId,
    by: &str,
    what: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO submission_events (id, tenant_id, submission_id, at, by_person, what)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(tenant.as_str())
    .bind(submission_id.as_str())
    .bind(instant_to_db(now))
    .bind(by)
    .bind(what)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The person's submissions, newest first.
pub async fn of_owner(
    pool: &AnyPool,
    tenant: &TenantId,
    owner: &FiscalCode,
) -> Result<Vec<Submission>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM submissions WHERE tenant_id = $1 AND owner = $2 ORDER BY submitted_at DESC, protocol DESC"
    ))
    .bind(tenant.as_str())
    .bind(owner.as_str())
    .fetch_all(pool)
    .await?
    .iter()
    .map(submission)
    .collect()
}

/// The operators' queue: submissions of a status (all when none) and a form (all when
/// empty), oldest first.
pub async fn queue(
    pool: &AnyPool,
    tenant: &TenantId,
    status: Option<SubmissionStatus>,
    code: &str,
) -> Result<Vec<Submission>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM submissions WHERE tenant_id = $1 AND ($2 = '' OR status = $2)
           AND ($3 = '' OR code = $3)
         ORDER BY submitted_at, protocol LIMIT 500"
    ))
    .bind(tenant.as_str())
    .bind(status.map_or("", SubmissionStatus::as_str))
    .bind(code)
    .fetch_all(pool)
    .await?
    .iter()
    .map(submission)
    .collect()
}

pub async fn get(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &SubmissionId,
) -> Result<Option<Submission>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM submissions WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(submission)
    .transpose()
}

/// The history of a submission: (when, who, what).
pub async fn events(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &SubmissionId,
) -> Result<Vec<(DateTime<Utc>, String, String)>, StoreError> {
    sqlx::query(
        "SELECT at, by_person, what FROM submission_events WHERE tenant_id = $1 AND submission_id = $2 ORDER BY at, id",
    )
    .bind(tenant.as_str())
    .bind(id.as_str())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok((
            instant_from_db(&r.try_get::<String, _>("at")?)?,
            r.try_get("by_person")?,
            r.try_get("what")?,
        ))
    })
    .collect()
}

/// Sets the outcome of a submission still open (accepted, refused or in progress), within
/// the caller's transaction; false when it was already decided.
pub async fn set_status(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    id: &SubmissionId,
    status: SubmissionStatus,
    note: Option<&str>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE submissions SET status = $1, note = $2, decided_by = $3, decided_at = $4
         WHERE tenant_id = $5 AND id = $6 AND status IN ('inviato', 'in_lavorazione')",
    )
    .bind(status.as_str())
    .bind(note)
    .bind(by)
    .bind(instant_to_db(now))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A file attached by the person filling in a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
}

/// Stores an upload whose type and size were checked by the caller (`content_type` is the
/// sniffed one); the row and the bytes together or neither.
pub async fn add_upload(
    pool: &AnyPool,
    files: &crate::backend::store::files::FileStore,
    tenant: &TenantId,
    owner: &FiscalCode,
    file: &NewFile<'_>,
    now: DateTime<Utc>,
) -> Result<Upload, StoreError> {
    let NewFile {
        name: file_name,
        content_type,
        bytes,
    } = *file;
    let id = new_id();
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let mut tx = pool.begin().await?;
    let written = async {
        sqlx::query(
            "INSERT INTO form_uploads (id, tenant_id, owner, file_name, content_type, size, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(tenant.as_str())
        .bind(owner.as_str())
        .bind(file_name)
        .bind(content_type)
        .bind(i64::try_from(size).unwrap_or(i64::MAX))
        .bind(instant_to_db(now))
        .execute(&mut *tx)
        .await?;
        files.put(&mut tx, tenant, &format!("upload-{id}"), bytes).await
    }
    .await;
    match written {
        Ok(()) => tx.commit().await?,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    }
    Ok(Upload {
        id,
        file_name: file_name.to_string(),
        content_type: content_type.to_string(),
        size,
    })
}

/// The person's uploads.
pub async fn uploads_of(
    pool: &AnyPool,
    tenant: &TenantId,
    owner: &FiscalCode,
) -> Result<Vec<Upload>, StoreError> {
    sqlx::query(
        "SELECT id, file_name, content_type, size FROM form_uploads WHERE tenant_id = $1 AND owner = $2 ORDER BY created_at, id",
    )
    .bind(tenant.as_str())
    .bind(owner.as_str())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Upload {
            id: r.try_get("id")?,
            file_name: r.try_get("file_name")?,
            content_type: r.try_get("content_type")?,
            size: u64::try_from(r.try_get::<i64, _>("size")?).unwrap_or(0),
        })
    })
    .collect()
}

/// One upload of the Ente (for the operator reviewing the submission that names it).
pub async fn upload(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &str,
) -> Result<Option<(Upload, String)>, StoreError> {
    sqlx::query(
        "SELECT id, owner, file_name, content_type, size FROM form_uploads WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.as_str())
    .bind(id)
    .fetch_optional(pool)
    .await?
    .map(|r| {
        Ok((
            Upload {
                id: r.try_get("id")?,
                file_name: r.try_get("file_name")?,
                content_type: r.try_get("content_type")?,
                size: u64::try_from(r.try_get::<i64, _>("size")?).unwrap_or(0),
            },
            r.try_get("owner")?,
        ))
    })
    .transpose()
}
