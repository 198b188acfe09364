//! What makes the portal installable on a phone: the web manifest (named after the Ente),
//! the service worker (versioned with the build) and the Ente's logo.

use crate::AppState;
use app::backend::store::{tenants, Tenant};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use http::{header, StatusCode};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

const SW_TEMPLATE: &str = include_str!("sw.js");

/// Builds the worker script once at start-up from the files this build ships: the cache
/// is named after their names and contents, so a new release (or a changed vendor file)
/// never serves the previous one from the cache.
pub fn service_worker_script(site_root: &Path) -> String {
    let mut precache = vec![
        "/offline.html".to_string(),
        "/icons/icon-192.png".to_string(),
    ];
    for (dir, keep) in [
        ("pkg", &["js", "wasm", "css"][..]),
        ("vendor", &["css", "woff2"][..]),
    ] {
        precache.extend(
            files_under(&site_root.join(dir), &format!("/{dir}"))
                .into_iter()
                .filter(|url| keep.iter().any(|ext| url.ends_with(&format!(".{ext}")))),
        );
    }
    precache.sort();
    let mut fingerprint = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut fingerprint);
    for url in &precache {
        url.hash(&mut fingerprint);
        std::fs::read(site_root.join(url.trim_start_matches('/')))
            .unwrap_or_default()
            .hash(&mut fingerprint);
    }
    let list = serde_json::to_string(&precache).unwrap_or_else(|_| "[]".into());
    SW_TEMPLATE
        .replace("__VERSION__", &format!("{:016x}", fingerprint.finish()))
        .replace("\"__PRECACHE__\"", &list)
}

fn files_under(dir: &Path, url_prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let url = format!("{url_prefix}/{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            out.extend(files_under(&entry.path(), &url));
        } else {
            out.push(url);
        }
    }
    out
}

pub async fn service_worker(State(state): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        state.service_worker.as_str().to_owned(),
    )
        .into_response()
}

pub async fn manifest(Extension(tenant): Extension<Tenant>) -> Response {
    let body = serde_json::json!({
        "name": format!("{} – Servizi scolastici", tenant.name),
        "short_name": "Servizi scuola",
        "description": "Pagamenti, mensa, moduli e comunicazioni dei servizi scolastici",
        "lang": "it",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0066cc",
        "icons": [
            { "src": "/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": "/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" },
            { "src": "/icons/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable" }
        ]
    });
    (
        [(header::CONTENT_TYPE, "application/manifest+json")],
        body.to_string(),
    )
        .into_response()
}

pub async fn logo(State(state): State<AppState>, Extension(tenant): Extension<Tenant>) -> Response {
    match tenants::logo(&state.ctx.db, &tenant.id).await {
        Ok(Some(logo)) => (
            [
                (header::CONTENT_TYPE, logo.content_type),
                (header::CACHE_CONTROL, "public, max-age=3600".into()),
                // An uploaded SVG must never run script.
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; sandbox".into(),
                ),
            ],
            logo.bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the logo");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_version_follows_the_contents_of_the_files() {
        let site = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(site.path().join("vendor/css")).expect("dirs");
        std::fs::write(site.path().join("vendor/css/a.css"), "body{color:red}").expect("css");
        std::fs::write(site.path().join("vendor/css/notes.txt"), "not cached").expect("txt");
        let first = service_worker_script(site.path());
        assert!(first.contains("\"/vendor/css/a.css\""));
        assert!(!first.contains("notes.txt"));
        assert_eq!(
            first,
            service_worker_script(site.path()),
            "stable for the same files"
        );
        // Same name, same size, other contents: another cache.
        std::fs::write(
            site.path().join("vendor/css/a.css"),
            "body{color:red}".replace("red", "tan"),
        )
        .expect("css");
        assert_ne!(first, service_worker_script(site.path()));
    }
}
