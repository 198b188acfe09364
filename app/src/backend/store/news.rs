//! News items (Notizie) of an Ente: the public see the published ones whose time has come,
//! newest first; the office sees them all, with their image and attached documents.

use super::{
    count_from_row, instant_from_db, instant_to_db, new_id, NewFile, StoreError, TenantId,
};
use crate::backend::store::files::FileStore;
use crate::domain::content::Publication;
use crate::domain::ids::{DocumentId, NewsId};
use crate::domain::paging::{total_pages, Page, PageNumber};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct News {
    pub id: NewsId,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub publication: Publication,
    /// When it is (or was, or would be) shown.
    pub published_at: DateTime<Utc>,
    pub image: Option<Image>,
}

impl News {
    /// Shown to the public now: published, and its time has come.
    pub fn is_public(&self, now: DateTime<Utc>) -> bool {
        self.publication == Publication::Published && self.published_at <= now
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Its key in the file store: a new one at each upload.
    pub key: String,
    pub content_type: String,
    pub alt: String,
}

/// A news item's words and publication, as the office saves them.
pub struct NewNews<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
    pub published_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "id, title, summary, body, state, published_at, image_key, image_type, image_alt";

/// Only published items whose time has come ($2: now).
const PUBLIC: &str = "tenant_id = $1 AND state = 'published' AND published_at <= $2";

fn from_row(row: &sqlx::any::AnyRow) -> Result<News, StoreError> {
    let published_at: String = row.try_get("published_at")?;
    let state: String = row.try_get("state")?;
    let key: Option<String> = row.try_get("image_key")?;
    let image = match key {
        Some(key) => Some(Image {
            key,
            content_type: row
                .try_get::<Option<String>, _>("image_type")?
                .unwrap_or_default(),
            alt: row
                .try_get::<Option<String>, _>("image_alt")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    Ok(News {
        id: NewsId::from_db(row.try_get("id")?),
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        body: row.try_get("body")?,
        publication: Publication::from_db(&state)
            .ok_or_else(|| StoreError::Invalid(format!("news state {state:?}")))?,
        published_at: instant_from_db(&published_at)?,
        image,
    })
}

/// A published item (the demo seed's).
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

/// Saves an item of the office: a new one (`id` none) or an existing one of the Ente
/// (none when there is no such item).
pub async fn save(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: Option<&NewsId>,
    news: &NewNews<'_>,
    publication: Publication,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Option<NewsId>, StoreError> {
    let new_id = new_id();
    let sql = if id.is_some() {
        "UPDATE news SET title = $3, summary = $4, body = $5, state = $6, published_at = $7,
         updated_at = $8, updated_by = $9 WHERE tenant_id = $1 AND id = $2"
    } else {
        "INSERT INTO news (tenant_id, id, title, summary, body, state, published_at, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    };
    let id = id.map_or(new_id.as_str(), NewsId::as_str);
    let done = sqlx::query(sql)
        .bind(tenant.as_str())
        .bind(id)
        .bind(news.title)
        .bind(news.summary)
        .bind(news.body)
        .bind(publication.as_db())
        .bind(instant_to_db(news.published_at))
        .bind(instant_to_db(now))
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok((done.rows_affected() == 1).then(|| NewsId::from_db(id.to_string())))
}

/// Withdraws an item (or puts it back as a draft); false when the Ente has no such item.
pub async fn set_publication(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &NewsId,
    publication: Publication,
    by: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE news SET state = $3, updated_at = $4, updated_by = $5 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.as_str())
    .bind(id.as_str())
    .bind(publication.as_db())
    .bind(instant_to_db(now))
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores a new image (under a new key) with its alt text, or only a new alt text for the
/// current image (`file` none); false when the Ente has no such item.
pub async fn set_image(
    conn: &mut AnyConnection,
    files: &FileStore,
    tenant: &TenantId,
    id: &NewsId,
    file: Option<&NewFile<'_>>,
    alt: &str,
) -> Result<bool, StoreError> {
    let done = match file {
        Some(file) => {
            let key = format!("news-image-{}", new_id());
            files.put(&mut *conn, tenant, &key, file.bytes).await?;
            sqlx::query(
                "UPDATE news SET image_key = $3, image_type = $4, image_alt = $5
                 WHERE tenant_id = $1 AND id = $2",
            )
            .bind(tenant.as_str())
            .bind(id.as_str())
            .bind(key)
            .bind(file.content_type)
            .bind(alt)
            .execute(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(
                "UPDATE news SET image_alt = $3 WHERE tenant_id = $1 AND id = $2 AND image_key IS NOT NULL",
            )
            .bind(tenant.as_str())
            .bind(id.as_str())
            .bind(alt)
            .execute(&mut *conn)
            .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// Takes the image off an item (its bytes stay in the file store, unreferenced).
pub async fn remove_image(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    id: &NewsId,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE news SET image_key = NULL, image_type = NULL, image_alt = NULL
         WHERE tenant_id = $1 AND id = $2 AND image_key IS NOT NULL",
    )
    .bind(tenant.as_str())
    .bind(id.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One page of the public news, newest first; a page past the end yields the last page.
pub async fn page(
    pool: &AnyPool,
    tenant: &TenantId,
    page: PageNumber,
    per_page: u32,
    now: DateTime<Utc>,
) -> Result<Page<News>, StoreError> {
    let now = instant_to_db(now);
    let total_items = count_from_row(
        &sqlx::query(&format!("SELECT COUNT(*) FROM news WHERE {PUBLIC}"))
            .bind(tenant.as_str())
            .bind(&now)
            .fetch_one(pool)
            .await?,
    )?;
    let total_pages = total_pages(total_items, per_page);
    let page = page.clamp_to(total_pages);
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM news WHERE {PUBLIC}
         ORDER BY published_at DESC, id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(tenant.as_str())
    .bind(&now)
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

/// Every item of the Ente, in any state, the latest first (at most `limit`).
pub async fn list_all(
    pool: &AnyPool,
    tenant: &TenantId,
    limit: u32,
) -> Result<Vec<News>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM news WHERE tenant_id = $1
         ORDER BY published_at DESC, id DESC LIMIT $2"
    ))
    .bind(tenant.as_str())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// An item of the Ente in any state (callers decide who may see it).
pub async fn get<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    tenant: &TenantId,
    id: &NewsId,
) -> Result<Option<News>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM news WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Attaches a document of the same Ente; false when either is not the Ente's or it is
/// already attached.
pub async fn attach(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    news: &NewsId,
    document: &DocumentId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO news_documents (tenant_id, news_id, document_id, attached_at)
         SELECT n.tenant_id, n.id, d.id, $4 FROM news n JOIN documents d ON d.tenant_id = n.tenant_id
         WHERE n.tenant_id = $1 AND n.id = $2 AND d.id = $3
           AND NOT EXISTS (SELECT 1 FROM news_documents x WHERE x.news_id = n.id AND x.document_id = d.id)",
    )
    .bind(tenant.as_str())
    .bind(news.as_str())
    .bind(document.as_str())
    .bind(instant_to_db(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn detach(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    news: &NewsId,
    document: &DocumentId,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "DELETE FROM news_documents WHERE tenant_id = $1 AND news_id = $2 AND document_id = $3",
    )
    .bind(tenant.as_str())
    .bind(news.as_str())
    .bind(document.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The documents attached to an item, in the order they were attached: (id, title,
/// still published).
pub async fn attachments(
    pool: &AnyPool,
    tenant: &TenantId,
    news: &NewsId,
) -> Result<Vec<(DocumentId, String, bool)>, StoreError> {
    sqlx::query(
        "SELECT d.id, d.title, d.withdrawn_at FROM news_documents x
         JOIN documents d ON d.id = x.document_id AND d.tenant_id = x.tenant_id
         WHERE x.tenant_id = $1 AND x.news_id = $2 ORDER BY x.attached_at, d.title",
    )
    .bind(tenant.as_str())
    .bind(news.as_str())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let withdrawn: Option<String> = r.try_get("withdrawn_at")?;
        Ok((
            DocumentId::from_db(r.try_get("id")?),
            r.try_get("title")?,
            withdrawn.is_none(),
        ))
    })
    .collect()
}
