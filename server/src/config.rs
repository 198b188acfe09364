//! Runtime configuration: `Leptos.toml` (site keys under `[package.metadata.leptos]`,
//! Sportello's under `[sportello]`), then environment variables, which win.

use crate::auth::providers::{self, FileProvider, ProviderSettings};
use app::backend::payments::pagopa::PagoPaConfig;
use app::backend::store::sessions::SessionPolicy;
use leptos::config::LeptosOptions;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Storage {
    Directory,
    Database,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub storage: Storage,
    pub files_dir: PathBuf,
    pub news_per_page: u32,
    pub max_connections: u32,
    pub log_format: LogFormat,
    pub log_filter: String,
    pub session_policy: SessionPolicy,
    pub identity_providers: Vec<ProviderSettings>,
    pub pagopa: Option<PagoPaConfig>,
    /// Whether this instance closes each canteen day at its cut-off (debiting the meals).
    pub daily_closure: bool,
    /// E-mail copies of Comunicazioni (none: messages stay in the portal only).
    pub mail: Option<MailSettings>,
}

/// Where e-mail goes out: `smtp://host:port` (plain, e.g. a local relay),
/// `smtp://host?tls=required` (STARTTLS) or `smtps://user:password@host` (TLS), and the
/// sender's address; the Ente's name is shown as the sender's name.
#[derive(Clone, Debug)]
pub struct MailSettings {
    pub smtp_url: String,
    pub from: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct FileSettings {
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    storage: Option<String>,
    files_dir: Option<PathBuf>,
    news_per_page: Option<u32>,
    max_connections: Option<u32>,
    log_format: Option<String>,
    log_filter: Option<String>,
    session_idle_minutes: Option<u32>,
    session_absolute_hours: Option<u32>,
    #[serde(default)]
    identity_providers: Vec<FileProvider>,
    identity_providers_file: Option<PathBuf>,
    pagopa_gpd_url: Option<String>,
    pagopa_checkout_url: Option<String>,
    pagopa_subscription_key: Option<String>,
    pagopa_timeout_seconds: Option<u32>,
    daily_closure: Option<bool>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
}

/// A separate file of `[[identity-providers]]` (kept apart from the rest, e.g. per
/// environment, or for the development provider).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct ProvidersFile {
    #[serde(default)]
    identity_providers: Vec<FileProvider>,
}

#[derive(Debug, Default, Deserialize)]
struct FileRoot {
    #[serde(default)]
    sportello: FileSettings,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {cause}")]
    Read { path: String, cause: String },
    #[error("{0}")]
    Invalid(String),
}

/// The shipped `Leptos.toml`, used when the configuration file is absent.
const DEFAULT_CONFIG: &str = include_str!("../../Leptos.toml");

/// Reads the file (the shipped defaults when it is absent) and the environment.
pub fn load(path: &Path) -> Result<(LeptosOptions, Settings), ConfigError> {
    let read_err = |cause: String| ConfigError::Read {
        path: path.display().to_string(),
        cause,
    };
    let text = if path.exists() {
        std::fs::read_to_string(path).map_err(|e| read_err(e.to_string()))?
    } else {
        DEFAULT_CONFIG.to_string()
    };
    let leptos = leptos::config::get_config_from_str(&text).map_err(|e| read_err(e.to_string()))?;
    let file: FileRoot = toml::from_str(&text).map_err(|e| read_err(e.to_string()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let settings = settings_from(file.sportello, base, |key| {
        std::env::var(key).ok().filter(|v| !v.is_empty())
    })?;
    Ok((leptos, settings))
}

fn settings_from(
    file: FileSettings,
    base: &Path,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Settings, ConfigError> {
    let data_dir = env("SPORTELLO_DATA_DIR")
        .map(PathBuf::from)
        .or(file.data_dir)
        .unwrap_or_else(|| "data".into());
    let database_url = env("DATABASE_URL")
        .or(file.database_url)
        .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("sportello.db").display()));
    let storage = match env("SPORTELLO_STORAGE").or(file.storage).as_deref() {
        None | Some("directory") => Storage::Directory,
        Some("database") => Storage::Database,
        Some(other) => {
            return Err(ConfigError::Invalid(format!(
                "storage must be \"directory\" or \"database\", not {other:?}"
            )))
        }
    };
    let files_dir = env("SPORTELLO_FILES_DIR")
        .map(PathBuf::from)
        .or(file.files_dir)
        .unwrap_or_else(|| data_dir.join("files"));
    let number = |key: &str, from_file: Option<u32>, default: u32| -> Result<u32, ConfigError> {
        match env(key) {
            Some(v) => v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                ConfigError::Invalid(format!("{key} must be a positive number, not {v:?}"))
            }),
            None => Ok(from_file.filter(|n| *n > 0).unwrap_or(default)),
        }
    };
    let log_format = match env("SPORTELLO_LOG_FORMAT").or(file.log_format).as_deref() {
        None | Some("text") => LogFormat::Text,
        Some("json") => LogFormat::Json,
        Some(other) => {
            return Err(ConfigError::Invalid(format!(
                "log-format must be \"text\" or \"json\", not {other:?}"
            )))
        }
    };
    let session_policy = SessionPolicy {
        idle: chrono::Duration::minutes(i64::from(number(
            "SPORTELLO_SESSION_IDLE_MINUTES",
            file.session_idle_minutes,
            30,
        )?)),
        absolute: chrono::Duration::hours(i64::from(number(
            "SPORTELLO_SESSION_ABSOLUTE_HOURS",
            file.session_absolute_hours,
            8,
        )?)),
    };
    let mut identity_providers = providers::parse(file.identity_providers, base, &env)?;
    if let Some(path) = env("SPORTELLO_IDENTITY_PROVIDERS_FILE")
        .map(PathBuf::from)
        .or(file.identity_providers_file.map(|p| base.join(p)))
    {
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Read {
            path: path.display().to_string(),
            cause: e.to_string(),
        })?;
        let extra: ProvidersFile = toml::from_str(&text).map_err(|e| ConfigError::Read {
            path: path.display().to_string(),
            cause: e.to_string(),
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        for p in providers::parse(extra.identity_providers, dir, &env)? {
            if identity_providers.iter().any(|o| o.id == p.id) {
                return Err(ConfigError::Invalid(format!(
                    "identity provider {:?} is configured twice",
                    p.id
                )));
            }
            identity_providers.push(p);
        }
    }
    let pagopa = match (
        env("SPORTELLO_PAGOPA_GPD_URL").or(file.pagopa_gpd_url),
        env("SPORTELLO_PAGOPA_CHECKOUT_URL").or(file.pagopa_checkout_url),
        env("SPORTELLO_PAGOPA_SUBSCRIPTION_KEY").or(file.pagopa_subscription_key),
    ) {
        (None, None, None) => None,
        (Some(gpd_url), Some(checkout_url), Some(subscription_key)) => Some(PagoPaConfig {
            gpd_url: gpd_url.trim_end_matches('/').to_string(),
            checkout_url: checkout_url.trim_end_matches('/').to_string(),
            subscription_key,
            timeout: std::time::Duration::from_secs(u64::from(number(
                "SPORTELLO_PAGOPA_TIMEOUT_SECONDS",
                file.pagopa_timeout_seconds,
                20,
            )?)),
        }),
        _ => return Err(ConfigError::Invalid(
            "pagoPA needs all of pagopa-gpd-url, pagopa-checkout-url and pagopa-subscription-key"
                .into(),
        )),
    };
    let daily_closure = match env("SPORTELLO_DAILY_CLOSURE").as_deref() {
        None => file.daily_closure.unwrap_or(true),
        Some("true") => true,
        Some("false") => false,
        Some(other) => {
            return Err(ConfigError::Invalid(format!(
                "SPORTELLO_DAILY_CLOSURE must be true or false, not {other:?}"
            )))
        }
    };
    let mail = match (
        env("SPORTELLO_SMTP_URL").or(file.smtp_url),
        env("SPORTELLO_MAIL_FROM").or(file.mail_from),
    ) {
        (None, None) => None,
        (Some(smtp_url), Some(from)) => {
            crate::mail::check(&smtp_url, &from).map_err(ConfigError::Invalid)?;
            Some(MailSettings { smtp_url, from })
        }
        _ => {
            return Err(ConfigError::Invalid(
                "e-mail needs both smtp-url and mail-from".into(),
            ))
        }
    };
    Ok(Settings {
        mail,
        daily_closure,
        pagopa,
        session_policy,
        identity_providers,
        news_per_page: number("SPORTELLO_NEWS_PER_PAGE", file.news_per_page, 5)?,
        max_connections: number("SPORTELLO_MAX_CONNECTIONS", file.max_connections, 10)?,
        log_filter: env("RUST_LOG")
            .or(file.log_filter)
            .unwrap_or_else(|| "info,sqlx=warn".into()),
        database_url,
        data_dir,
        storage,
        files_dir,
        log_format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_to_sqlite_under_data() {
        let s =
            settings_from(FileSettings::default(), Path::new("."), env_of(&[])).expect("defaults");
        assert_eq!(s.database_url, "sqlite://data/sportello.db");
        assert_eq!(s.files_dir, PathBuf::from("data/files"));
        assert_eq!(s.storage, Storage::Directory);
        assert_eq!(s.news_per_page, 5);
    }

    #[test]
    fn environment_overrides_the_file() {
        let file: FileRoot = toml::from_str(
            "[sportello]\ndatabase-url = \"sqlite://x.db\"\nnews-per-page = 7\nstorage = \"database\"\n",
        )
        .expect("toml");
        let s = settings_from(
            file.sportello,
            Path::new("."),
            env_of(&[("DATABASE_URL", "postgres://u:p@h/db")]),
        )
        .expect("settings");
        assert_eq!(s.database_url, "postgres://u:p@h/db");
        assert_eq!(s.news_per_page, 7);
        assert_eq!(s.storage, Storage::Database);
    }

    #[test]
    fn rejects_nonsense_values() {
        assert!(settings_from(
            FileSettings::default(),
            Path::new("."),
            env_of(&[("SPORTELLO_STORAGE", "s3")])
        )
        .is_err());
        assert!(settings_from(
            FileSettings::default(),
            Path::new("."),
            env_of(&[("SPORTELLO_NEWS_PER_PAGE", "0")])
        )
        .is_err());
        assert!(toml::from_str::<FileRoot>("[sportello]\nunknown-key = 1\n").is_err());
    }

    #[test]
    fn mail_needs_a_server_and_a_sender() {
        let set = |pairs: &[(&'static str, &'static str)]| {
            settings_from(FileSettings::default(), Path::new("."), env_of(pairs))
        };
        assert!(set(&[]).expect("ok").mail.is_none());
        let mail = set(&[
            ("SPORTELLO_SMTP_URL", "smtp://127.0.0.1:2525"),
            (
                "SPORTELLO_MAIL_FROM",
                "Servizi scolastici <noreply@comune.example>",
            ),
        ])
        .expect("ok")
        .mail
        .expect("configured");
        assert_eq!(mail.smtp_url, "smtp://127.0.0.1:2525");
        assert!(set(&[("SPORTELLO_SMTP_URL", "smtp://127.0.0.1:2525")]).is_err());
        assert!(set(&[
            ("SPORTELLO_SMTP_URL", "gopher://x"),
            ("SPORTELLO_MAIL_FROM", "noreply@comune.example"),
        ])
        .is_err());
        assert!(set(&[
            ("SPORTELLO_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("SPORTELLO_MAIL_FROM", "not an address"),
        ])
        .is_err());
    }

    #[test]
    fn pagopa_is_all_or_nothing() {
        let none = settings_from(FileSettings::default(), Path::new("."), env_of(&[])).expect("ok");
        assert!(none.pagopa.is_none());
        let all = settings_from(
            FileSettings::default(),
            Path::new("."),
            env_of(&[
                (
                    "SPORTELLO_PAGOPA_GPD_URL",
                    "https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1/",
                ),
                (
                    "SPORTELLO_PAGOPA_CHECKOUT_URL",
                    "https://api.uat.platform.pagopa.it/checkout/ec/v1",
                ),
                ("SPORTELLO_PAGOPA_SUBSCRIPTION_KEY", "k"),
            ]),
        )
        .expect("ok");
        let p = all.pagopa.expect("configured");
        assert_eq!(
            p.gpd_url,
            "https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1"
        );
        assert!(settings_from(
            FileSettings::default(),
            Path::new("."),
            env_of(&[("SPORTELLO_PAGOPA_GPD_URL", "https://x")])
        )
        .is_err());
    }

    #[test]
    fn the_development_providers_file_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let path = dir.join("dev/idp/providers.toml");
        let s = settings_from(
            FileSettings::default(),
            &dir,
            env_of(&[(
                "SPORTELLO_IDENTITY_PROVIDERS_FILE",
                path.to_str().expect("utf-8 path"),
            )]),
        )
        .expect("valid providers");
        let ids: Vec<&str> = s.identity_providers.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["spid-demo", "cie-demo"]);
        assert!(matches!(
            s.identity_providers[1].auth,
            providers::ClientAuth::PrivateKey { .. }
        ));
    }

    #[test]
    fn the_shipped_leptos_toml_parses() {
        let root: FileRoot = toml::from_str(DEFAULT_CONFIG).expect("valid");
        settings_from(root.sportello, Path::new("."), env_of(&[])).expect("valid settings");
        let leptos = leptos::config::get_config_from_str(DEFAULT_CONFIG).expect("site keys");
        assert_eq!(&*leptos.output_name, "sportello");
        assert!(leptos.hash_files);
    }
}
