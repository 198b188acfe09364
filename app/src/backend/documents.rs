//! The Ente's documents: the public list and downloads, and the office's uploads (checked
//! by content and size), new versions at the same address, withdrawal. Every change of the
//! office is in the audit log.

use crate::backend::auth::{Caller, Visitor};
use crate::backend::store::{audit, documents, NewFile};
use crate::domain::audit::AuditAction;
use crate::domain::content::{
    check_description, check_title, ContentError, DocumentCategory, DocumentFormat,
};
use crate::domain::file_size::{file_format_label, plain_file_name};
use crate::domain::forms::MAX_FILE_BYTES;
use crate::domain::ids::DocumentId;
use crate::error::AppError;
use crate::model::documents::DocumentSummary;
use chrono::{DateTime, Utc};

fn summary(d: documents::Document, zone: chrono_tz::Tz) -> DocumentSummary {
    DocumentSummary {
        published_on: d.published_at.with_timezone(&zone).date_naive(),
        format: file_format_label(&d.content_type),
        id: d.id,
        title: d.title,
        description: d.description,
        category: d.category,
        file_name: d.file_name,
        size_bytes: d.size_bytes,
        version: d.version,
        withdrawn: d.withdrawn,
    }
}

/// The published documents, newest first.
pub async fn list(visitor: &Visitor) -> Result<Vec<DocumentSummary>, AppError> {
    let tenant = &visitor.tenant;
    let docs = documents::list(visitor.db(), &tenant.id, false).await?;
    Ok(docs
        .into_iter()
        .map(|d| summary(d, tenant.time_zone))
        .collect())
}

/// Every document, withdrawn ones included, for the office.
pub async fn list_all(caller: &Caller) -> Result<Vec<DocumentSummary>, AppError> {
    let tenant = &caller.tenant;
    let docs = documents::list(caller.db(), &tenant.id, true).await?;
    Ok(docs
        .into_iter()
        .map(|d| summary(d, tenant.time_zone))
        .collect())
}

/// A published document's current file: (name, content type, bytes).
pub async fn download(
    visitor: &Visitor,
    id: &DocumentId,
) -> Result<(String, String, Vec<u8>), AppError> {
    let tenant = &visitor.tenant;
    let doc = documents::get(visitor.db(), &tenant.id, id)
        .await?
        .filter(|d| !d.withdrawn)
        .ok_or(AppError::NotFound)?;
    let Some(bytes) = visitor.ctx.files.get(&tenant.id, &doc.file_key).await? else {
        tracing::error!(document = %doc.id, "document listed but its file is missing");
        return Err(AppError::NotFound);
    };
    Ok((doc.file_name, doc.content_type, bytes))
}

/// A file from the office, checked: present, within 5 MB, of a publishable kind.
fn checked_file<'a>(file_name: &'a str, bytes: &'a [u8]) -> Result<NewFile<'a>, ContentError> {
    if bytes.is_empty() {
        return Err(ContentError::FileMissing);
    }
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(ContentError::FileTooBig);
    }
    let format = DocumentFormat::sniff(bytes, file_name).ok_or(ContentError::FileType)?;
    Ok(NewFile {
        name: file_name,
        content_type: format.content_type(),
        bytes,
    })
}

/// What the office sends with a new document.
pub struct Upload<'a> {
    pub title: &'a str,
    pub category: &'a str,
    pub description: &'a str,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// Publishes a new document; everything is checked before anything is stored.
pub async fn upload(
    caller: &Caller,
    upload: &Upload<'_>,
    now: DateTime<Utc>,
) -> Result<DocumentId, AppError> {
    let title = check_title(upload.title)?;
    let category =
        DocumentCategory::parse(upload.category).map_err(|_| ContentError::CategoryMissing)?;
    let description = check_description(upload.description)?;
    let name = plain_file_name(upload.file_name);
    let file = checked_file(&name, upload.bytes)?;
    let (ctx, tenant) = (&caller.ctx, &caller.tenant);
    let mut tx = ctx.db.begin().await?;
    let new = documents::NewDocument {
        title,
        description,
        category,
        file_name: file.name,
        content_type: file.content_type,
        bytes: file.bytes,
        published_at: now,
    };
    let id = documents::insert(&mut tx, &ctx.files, &tenant.id, new).await?;
    let change = audit::Change {
        actor: caller.fiscal_code(),
        action: AuditAction::DocumentUploaded,
        subject: title,
        before: None,
        after: Some(file.name),
    };
    audit::append(&mut tx, &tenant.id, &change, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// A new version of a document's file: same address, new bytes.
pub async fn replace(
    caller: &Caller,
    id: &DocumentId,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<u32, AppError> {
    let name = plain_file_name(file_name);
    let file = checked_file(&name, bytes)?;
    let (ctx, tenant, by) = (&caller.ctx, &caller.tenant, caller.fiscal_code());
    let doc = documents::get(&ctx.db, &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = ctx.db.begin().await?;
    let version = documents::replace(&mut tx, &ctx.files, &tenant.id, id, &file, by.as_str(), now)
        .await?
        .ok_or(AppError::NotFound)?;
    let change = audit::Change {
        actor: by,
        action: AuditAction::DocumentReplaced,
        subject: &doc.title,
        before: Some(&doc.file_name),
        after: Some(file.name),
    };
    audit::append(&mut tx, &tenant.id, &change, now).await?;
    tx.commit().await?;
    Ok(version)
}

/// Withdraws a document (`withdrawn`) or publishes it again; says what happened.
pub async fn set_withdrawn(
    caller: &Caller,
    id: &DocumentId,
    withdrawn: bool,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (tenant, by) = (&caller.tenant, caller.fiscal_code());
    let doc = documents::get(caller.db(), &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = caller.db().begin().await?;
    let changed =
        documents::set_withdrawn(&mut tx, &tenant.id, id, withdrawn, by.as_str(), now).await?;
    if changed {
        let change = audit::Change {
            actor: by,
            action: if withdrawn {
                AuditAction::DocumentWithdrawn
            } else {
                AuditAction::DocumentRepublished
            },
            subject: &doc.title,
            before: None,
            after: None,
        };
        audit::append(&mut tx, &tenant.id, &change, now).await?;
    }
    tx.commit().await?;
    Ok(match withdrawn {
        true => format!("«{}» è stato ritirato: non è più scaricabile.", doc.title),
        false => format!("«{}» è di nuovo pubblicato.", doc.title),
    })
}
