//! The Ente's own pages (privacy, accessibility, legal notes, contacts, FAQ and any other),
//! one row per written page: a slot the office has never written has no row.

use super::{instant_from_db, instant_to_db, StoreError, TenantId};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitePage {
    pub slug: String,
    pub title: String,
    pub body: String,
    pub published: bool,
    pub updated_at: DateTime<Utc>,
}

pub struct NewSitePage<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub published: bool,
}

const COLUMNS: &str = "slug, title, body, CAST(published AS INTEGER) AS published, updated_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<SitePage, StoreError> {
    Ok(SitePage {
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        published: row.try_get::<i32, _>("published")? != 0,
        updated_at: instant_from_db(&row.try_get::<String, _>("updated_at")?)?,
    })
}

/// Writes a page: creates it (`create`: refused as false when the slug is taken) or
/// changes an existing one (false when there is none).
pub async fn save(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    page: &NewSitePage<'_>,
    create: bool,
    by: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let sql = if create {
        "INSERT INTO site_pages (tenant_id, slug, title, body, published, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, slug) DO NOTHING"
    } else {
        "UPDATE site_pages SET title = $3, body = $4, published = $5, updated_at = $6, updated_by = $7
         WHERE tenant_id = $1 AND slug = $2"
    };
    let done = sqlx::query(sql)
        .bind(tenant.as_str())
        .bind(page.slug)
        .bind(page.title)
        .bind(page.body)
        .bind(page.published)
        .bind(instant_to_db(now))
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    tenant: &TenantId,
    slug: &str,
) -> Result<Option<SitePage>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM site_pages WHERE tenant_id = $1 AND slug = $2"
    ))
    .bind(tenant.as_str())
    .bind(slug)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every written page of the Ente, by title.
pub async fn list(pool: &AnyPool, tenant: &TenantId) -> Result<Vec<SitePage>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM site_pages WHERE tenant_id = $1 ORDER BY title, slug"
    ))
    .bind(tenant.as_str())
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}
