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
/// is named after them, so a new release never serves the previous release's wasm.
pub fn service_worker_script(site_root: &Path) -> String {
    let mut precache = vec![
        "/offline.html".to_string(),
        "/icons/icon-192.png".to_string(),
    ];
    let mut fingerprint = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut fingerprint);
    for (dir, keep) in [
        ("pkg", &["js", "wasm", "css"][..]),
        ("vendor", &["css", "woff2"][..]),
    ] {
        for (url, size) in files_under(&site_root.join(dir), &format!("/{dir}")) {
            if keep.iter().any(|ext| url.ends_with(&format!(".{ext}")))
                && !url.contains("/Lora/")
                && !url.contains("/Roboto_Mono/")
            {
                (url.as_str(), size).hash(&mut fingerprint);
                precache.push(url);
            }
        }
    }
    precache.sort();
    let list = serde_json::to_string(&precache).unwrap_or_else(|_| "[]".into());
    SW_TEMPLATE
        .replace("__VERSION__", &format!("{:016x}", fingerprint.finish()))
        .replace("\"__PRECACHE__\"", &list)
}

fn files_under(dir: &Path, url_prefix: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let url = format!("{url_prefix}/{name}");
        if path.is_dir() {
            out.extend(files_under(&path, &url));
        } else if let Ok(meta) = entry.metadata() {
            out.push((url, meta.len()));
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
