//! Public documents (Documenti) of an Ente: metadata here, contents in the file store.

use super::{instant_from_db, instant_to_db, new_id, StoreError, TenantId};
use crate::backend::store::files::FileStore;
use crate::domain::ids::DocumentId;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: DocumentId,
    pub title: String,
    pub description: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub published_at: DateTime<Utc>,
}

pub struct NewDocument<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub published_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, title, description, file_name, content_type, size_bytes, published_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Document, StoreError> {
    let published_at: String = row.try_get("published_at")?;
    let size: i64 = row.try_get("size_bytes")?;
    Ok(Document {
        id: DocumentId::from_db(row.try_get("id")?),
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size_bytes: u64::try_from(size).unwrap_or(0),
        published_at: instant_from_db(&published_at)?,
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
) -> Result<String, StoreError> {
    let id = new_id();
    files.put(&mut *conn, tenant, &id, doc.bytes).await?;
    sqlx::query(&format!(
        "INSERT INTO documents (tenant_id, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(tenant.as_str())
    .bind(&id)
    .bind(doc.title)
    .bind(doc.description)
    .bind(doc.file_name)
    .bind(doc.content_type)
    .bind(i64::try_from(doc.bytes.len()).unwrap_or(i64::MAX))
    .bind(instant_to_db(doc.published_at))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn list(pool: &AnyPool, tenant: &TenantId) -> Result<Vec<Document>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM documents WHERE tenant_id = $1 ORDER BY published_at DESC, id DESC"
    ))
    .bind(tenant.as_str())
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub async fn get(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &DocumentId,
) -> Result<Option<Document>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM documents WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}
