//! Public documents (Documenti) of an Ente: metadata here, contents in the file store. A
//! replaced file is stored under a new key and the row points at it, so the document's
//! address stays; a withdrawn document is listed for the office only.

use super::{instant_from_db, instant_to_db, new_id, NewFile, StoreError, TenantId};
use crate::backend::store::files::FileStore;
use crate::domain::content::DocumentCategory;
use crate::domain::ids::DocumentId;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: DocumentId,
    pub title: String,
    pub description: String,
    pub category: DocumentCategory,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub published_at: DateTime<Utc>,
    /// The current version's key in the file store.
    pub file_key: String,
    pub version: u32,
    pub withdrawn: bool,
}

pub struct NewDocument<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub category: DocumentCategory,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub published_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, title, description, category, file_name, content_type, size_bytes, \
                       published_at, file_key, version, withdrawn_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Document, StoreError> {
    let published_at: String = row.try_get("published_at")?;
    let size: i64 = row.try_get("size_bytes")?;
    let version: i64 = row.try_get("version")?;
    let category: String = row.try_get("category")?;
    let withdrawn: Option<String> = row.try_get("withdrawn_at")?;
    Ok(Document {
        id: DocumentId::from_db(row.try_get("id")?),
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        category: DocumentCategory::parse(&category)
            .map_err(|_| StoreError::Invalid(format!("document category {category:?}")))?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size_bytes: u64::try_from(size).unwrap_or(0),
        published_at: instant_from_db(&published_at)?,
        file_key: row.try_get("file_key")?,
        version: u32::try_from(version).unwrap_or(1),
        withdrawn: withdrawn.is_some(),
    })
}

/// Stores the file, then the row, on `conn` (pass a transaction): with the database file
/// store both are in it; with a folder, a failure leaves at most an unreferenced file,
/// never a listed document without contents.
pub async fn insert(
    conn: &mut AnyConnection,
    files: &FileStore,
    tenant: &TenantId,
    doc: NewDocument<'_>,
) -> Result<DocumentId, StoreError> {
    let id = new_id();
    files.put(&mut *conn, tenant, &id, doc.bytes).await?;
    sqlx::query(
        "INSERT INTO documents (tenant_id, id, title, description, category, file_name, content_type,
         size_bytes, published_at, file_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $2)",
    )
    .bind(tenant.as_str())
    .bind(&id)
    .bind(doc.title)
    .bind(doc.description)
    .bind(doc.category.as_str())
    .bind(doc.file_name)
    .bind(doc.content_type)
    .bind(i64::try_from(doc.bytes.len()).unwrap_or(i64::MAX))
    .bind(instant_to_db(doc.published_at))
    .execute(&mut *conn)
    .await?;
    Ok(DocumentId::from_db(id))
}

/// A new version of the document's file, under a new key; the new version's number, or
/// none when the Ente has no such document.
pub async fn replace(
    conn: &mut AnyConnection,
    files: &FileStore,
    tenant: &TenantId,
    id: &DocumentId,
    file: &NewFile<'_>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Option<u32>, StoreError> {
    let Some(current) = get(&mut *conn, tenant, id).await? else {
        return Ok(None);
    };
    let version = current.version + 1;
    let key = format!("{id}-v{version}");
    files.put(&mut *conn, tenant, &key, file.bytes).await?;
    sqlx::query(
        "UPDATE documents SET file_name = $3, content_type = $4, size_bytes = $5, file_key = $6,
         version = $7, updated_at = $8, updated_by = $9 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.as_str())
    .bind(id.as_str())
    .bind(file.name)
    .bind(file.content_type)
    .bind(i64::try_from(file.bytes.len()).unwrap_or(i64::MAX))
    .bind(key)
    .bind(i64::from(version))
    .bind(instant_to_db(now))
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(Some(version))
}

/// Withdraws (`withdrawn`) or publishes again; false when nothing changed.
pub async fn set_withdrawn(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &DocumentId,
    withdrawn: bool,
    by: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let sql = if withdrawn {
        "UPDATE documents SET withdrawn_at = $3, updated_at = $3, updated_by = $4
         WHERE tenant_id = $1 AND id = $2 AND withdrawn_at IS NULL"
    } else {
        "UPDATE documents SET withdrawn_at = NULL, updated_at = $3, updated_by = $4
         WHERE tenant_id = $1 AND id = $2 AND withdrawn_at IS NOT NULL"
    };
    let done = sqlx::query(sql)
        .bind(tenant.as_str())
        .bind(id.as_str())
        .bind(instant_to_db(now))
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The published documents (`all`: also the withdrawn ones), newest first.
pub async fn list(
    pool: &AnyPool,
    tenant: &TenantId,
    all: bool,
) -> Result<Vec<Document>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM documents WHERE tenant_id = $1 AND ($2 OR withdrawn_at IS NULL)
         ORDER BY published_at DESC, id DESC"
    ))
    .bind(tenant.as_str())
    .bind(all)
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// A document of the Ente, withdrawn or not (callers decide who may have it).
pub async fn get<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    tenant: &TenantId,
    id: &DocumentId,
) -> Result<Option<Document>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM documents WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}
