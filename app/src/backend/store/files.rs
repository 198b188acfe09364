//! Where uploaded files live: a folder (default; under the data directory) or the
//! database itself (one place to back up, and shared by every server instance).

use crate::backend::store::{StoreError, TenantId};
use sqlx::{AnyConnection, AnyPool, Row};
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub enum FileStore {
    Directory(PathBuf),
    Database(AnyPool),
}

impl FileStore {
    /// Stores the bytes; with the database store, on `conn`, so that they commit or roll
    /// back with the row that refers to them.
    pub async fn put(
        &self,
        conn: &mut AnyConnection,
        tenant: &TenantId,
        key: &str,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        check_key(key)?;
        match self {
            FileStore::Directory(root) => {
                let dir = root.join(tenant.as_str());
                tokio::fs::create_dir_all(&dir).await.map_err(io_err)?;
                // Write aside and rename, so a crash never leaves half a file under the key.
                let tmp = dir.join(format!(".{key}.tmp"));
                tokio::fs::write(&tmp, bytes).await.map_err(io_err)?;
                tokio::fs::rename(&tmp, dir.join(key)).await.map_err(io_err)
            }
            FileStore::Database(_) => {
                sqlx::query("INSERT INTO stored_files (tenant_id, key, data) VALUES ($1, $2, $3)")
                    .bind(tenant.as_str())
                    .bind(key)
                    .bind(bytes.to_vec())
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }
        }
    }

    pub async fn get(&self, tenant: &TenantId, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        check_key(key)?;
        match self {
            FileStore::Directory(root) => {
                match tokio::fs::read(root.join(tenant.as_str()).join(key)).await {
                    Ok(bytes) => Ok(Some(bytes)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(io_err(e)),
                }
            }
            FileStore::Database(pool) => {
                let row =
                    sqlx::query("SELECT data FROM stored_files WHERE tenant_id = $1 AND key = $2")
                        .bind(tenant.as_str())
                        .bind(key)
                        .fetch_optional(pool)
                        .await?;
                Ok(row.map(|r| r.try_get::<Vec<u8>, _>("data")).transpose()?)
            }
        }
    }
}

/// Keys are ids made by the app; refuse anything that could walk out of the folder.
fn check_key(key: &str) -> Result<(), StoreError> {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!("bad file key {key:?}")))
    }
}

fn io_err(e: std::io::Error) -> StoreError {
    StoreError::Invalid(format!("file store: {e}"))
}
