//! News items (Notizie) of an Ente, newest first.

use super::{count_from_row, instant_from_db, instant_to_db, new_id, StoreError, TenantId};
use crate::domain::ids::NewsId;
use crate::domain::paging::{total_pages, Page, PageNumber};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct News {
    pub id: NewsId,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub published_at: DateTime<Utc>,
}

pub struct NewNews<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
    pub published_at: DateTime<Utc>,
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<News, StoreError> {
    let published_at: String = row.try_get("published_at")?;
    Ok(News {
        id: NewsId::from_db(row.try_get("id")?),
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        body: row.try_get("body")?,
        published_at: instant_from_db(&published_at)?,
    })
}

pub async fn insert(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    news: NewNews<'_>,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO news (id, tenant_id, title, summary, body, published_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(tenant.as_str())
    .bind(news.title)
    .bind(news.summary)
    .bind(news.body)
    .bind(instant_to_db(news.published_at))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// One page of news, newest first; a page past the end yields the last page.
pub async fn page(
    pool: &AnyPool,
    tenant: &TenantId,
    page: PageNumber,
    per_page: u32,
) -> Result<Page<News>, StoreError> {
    let total_items = count_from_row(
        &sqlx::query("SELECT COUNT(*) FROM news WHERE tenant_id = $1")
            .bind(tenant.as_str())
            .fetch_one(pool)
            .await?,
    )?;
    let total_pages = total_pages(total_items, per_page);
    let page = page.clamp_to(total_pages);
    let rows = sqlx::query(
        "SELECT id, title, summary, body, published_at FROM news WHERE tenant_id = $1
         ORDER BY published_at DESC, id DESC LIMIT $2 OFFSET $3",
    )
    .bind(tenant.as_str())
    .bind(i64::from(per_page))
    .bind(i64::try_from(page.offset(per_page)).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    Ok(Page {
        items: rows.iter().map(from_row).collect::<Result<_, _>>()?,
        page: page.get(),
        total_pages,
        total_items,
    })
}

pub async fn get(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &NewsId,
) -> Result<Option<News>, StoreError> {
    let row = sqlx::query(
        "SELECT id, title, summary, body, published_at FROM news WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.as_str())
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}
