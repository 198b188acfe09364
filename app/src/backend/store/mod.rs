//! The store: one sqlx pool over SQLite or PostgreSQL, one portable schema.
//!
//! Every query uses `$1`-style placeholders (both engines accept them) and every
//! tenant-owned query takes a [`TenantId`], which only the tenant lookup can produce.

pub mod attendance;
pub mod audit;
pub mod bookings;
pub mod calendar;
pub mod closure;
pub mod documents;
pub mod families;
pub mod files;
pub mod form_effects;
pub mod forms;
pub mod import_reports;
pub mod kitchen;
pub mod logins;
pub mod menus;
pub mod messages;
pub mod news;
pub mod payments;
pub mod personal;
pub mod promotion;
pub mod registry;
pub mod registry_import;
pub mod sessions;
pub mod setup;
pub mod site_pages;
pub mod staff;
pub mod tariffs;
pub mod tax_certificates;
pub mod tenants;
pub mod users;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

pub use tenants::{Tenant, TenantId};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {url}: {cause}")]
    Open { url: String, cause: String },
    #[error("cannot apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error("{0}")]
    Invalid(String),
    /// A row that may exist once is already there: callers match on which one.
    #[error("{0}")]
    Conflict(Conflict),
}

/// The unique rows a caller may run into, each with the sentence the logs and the CLI show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("a payment for this request exists")]
    DuplicateRequest,
    #[error("delegation already in place")]
    DelegationExists,
    #[error("an Ente with this fiscal code already exists")]
    TenantExists,
    #[error("a host name already belongs to another Ente")]
    HostTaken,
    #[error("a price list of this service starts on that day")]
    PriceListExists,
    #[error("the school has a class of this name in that school year")]
    ClassExists,
    #[error("a service with this code exists")]
    ServiceCodeExists,
}

/// A unique-key violation (e.g. two requests creating the same thing at once) becomes
/// the given [`Conflict`]; any other error stays what it is.
pub fn unique_violation_is(conflict: Conflict) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match e.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Conflict(conflict),
        _ => StoreError::Sql(e),
    }
}

/// A store failure reaching a server function is the server's fault: the cause goes to
/// the logs, the user reads the Italian sentence of [`AppError::Internal`].
impl From<StoreError> for crate::error::AppError {
    fn from(e: StoreError) -> Self {
        crate::error::AppError::internal(e)
    }
}

/// A file to store, already checked by content and size (`content_type` is the sniffed one).
#[derive(Clone, Copy, Debug)]
pub struct NewFile<'a> {
    pub name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

/// The URL with any password replaced (in the user info and in a `password=` query
/// parameter), fit for logs and error messages.
pub fn redacted_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = redacted_user_info(base);
    match query {
        None => base,
        Some(q) => {
            let params: Vec<String> = q
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_string(),
                })
                .collect();
            format!("{base}?{}", params.join("&"))
        }
    }
}

fn redacted_user_info(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Opens the pool; for SQLite, creates the file (and its folder) when missing.
pub async fn connect(url: &str, max_connections: u32) -> Result<AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    let open_err = |cause: String| StoreError::Open {
        url: redacted_url(url),
        cause,
    };
    let url = if let Some(path) = sqlite_path(url) {
        if let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        }
        // Create the file when missing, unless the URL chose another mode.
        match url.split_once('?') {
            None => format!("{url}?mode=rwc"),
            Some((_, query)) if !query.split('&').any(|p| p.starts_with("mode=")) => {
                format!("{url}&mode=rwc")
            }
            Some(_) => url.to_string(),
        }
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        url.to_string()
    } else {
        return Err(open_err(
            "unsupported scheme (use sqlite:// or postgres://)".into(),
        ));
    };
    let is_sqlite = url.starts_with("sqlite:");
    // One direct connection first: its error says why (refused, bad password…), where
    // the pool would only report a time-out.
    use sqlx::Connection;
    sqlx::AnyConnection::connect(&url)
        .await
        .map_err(|e| open_err(e.to_string()))?
        .close()
        .await
        .ok();
    let pool = AnyPoolOptions::new()
        .max_connections(if is_sqlite { max_connections.min(8) } else { max_connections })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if is_sqlite {
                    // WAL lets readers run while the single writer writes; wait rather than fail on a busy lock.
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
                        .await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await
        .map_err(|e| open_err(e.to_string()))?;
    Ok(pool)
}

fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    Some(rest.split('?').next().unwrap_or(rest))
}

pub async fn migrate(pool: &AnyPool) -> Result<(), StoreError> {
    sqlx::migrate!("../migrations").run(pool).await?;
    Ok(())
}

pub async fn ping(pool: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Instants are stored as fixed-width UTC text so that they sort and compare as strings.
pub fn instant_to_db(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn instant_from_db(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| StoreError::Invalid(format!("bad instant {text:?}: {e}")))
}

pub fn date_to_db(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn date_from_db(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| StoreError::Invalid(format!("bad date {text:?}: {e}")))
}

pub fn count_from_row(row: &AnyRow) -> Result<u64, sqlx::Error> {
    use sqlx::Row;
    let n: i64 = row.try_get(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn creates_a_missing_sqlite_file_even_with_options() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("sub").join("x.db");
        let pool = connect(&format!("sqlite://{}?cache=shared", path.display()), 1)
            .await
            .expect("created");
        ping(&pool).await.expect("ping");
        assert!(path.exists());
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redacted_url("postgres://sportello:secret@db:5432/sportello"),
            "postgres://sportello:***@db:5432/sportello"
        );
        assert_eq!(
            redacted_url("sqlite://data/sportello.db"),
            "sqlite://data/sportello.db"
        );
        assert_eq!(
            redacted_url("postgres://db/sportello?user=s&password=secret&sslmode=require"),
            "postgres://db/sportello?user=s&password=***&sslmode=require"
        );
    }

    #[test]
    fn instants_round_trip_as_utc_text() {
        let at = DateTime::parse_from_rfc3339("2024-09-30T08:20:00Z")
            .expect("valid")
            .with_timezone(&Utc);
        assert_eq!(instant_to_db(at), "2024-09-30T08:20:00Z");
        assert_eq!(instant_from_db("2024-09-30T08:20:00Z").expect("parses"), at);
    }
}
