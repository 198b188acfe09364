//! The request's host picks the Ente; an unknown host gets a clear page, not an error.

use crate::pages::{plain_page, unavailable_page, PlainPage};
use crate::AppState;
use app::backend::store::tenants;
use app::domain::tenant::TenantHost;
use app::error::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};

/// The host the browser asked for (with its port, if any).
pub fn request_host(req: &Request) -> String {
    host_of(req.headers(), req.uri())
}

pub fn host_of(headers: &http::HeaderMap, uri: &http::Uri) -> String {
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))
        .unwrap_or_default()
        .to_string()
}

pub use app::backend::context::{is_local_host, public_origin};

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let raw = request_host(&req);
    let is_api = req.uri().path().starts_with("/api/");
    let Ok(host) = TenantHost::parse(&raw) else {
        return unknown_tenant(&raw, is_api);
    };
    match tenants::find_by_host(&state.ctx.db, &host).await {
        Ok(Some(tenant)) => {
            req.extensions_mut().insert(tenant);
            next.run(req).await
        }
        Ok(None) => unknown_tenant(host.as_str(), is_api),
        Err(e) => {
            tracing::error!(error = %e, "tenant lookup failed");
            if is_api {
                AppError::Internal(app::error::request_code()).into_response()
            } else {
                unavailable_page()
            }
        }
    }
}

fn unknown_tenant(host: &str, is_api: bool) -> Response {
    if is_api {
        return AppError::UnknownTenant.into_response();
    }
    plain_page(
        StatusCode::NOT_FOUND,
        PlainPage {
            title: "Ente non configurato",
            message: "Questo indirizzo non corrisponde a nessun Ente servito da questo portale. \
                      Controlla l'indirizzo o rivolgiti al tuo Comune.",
            detail: Some(format!("Indirizzo richiesto: {host}")),
            link: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts_are_http_the_others_https() {
        for h in [
            "localhost:3000",
            "127.0.0.1:3456",
            "valleverde.localhost",
            "[::1]:3000",
            "LOCALHOST",
        ] {
            assert!(is_local_host(h), "{h}");
        }
        for h in [
            "comune.example.it",
            "localhost.example.it",
            "192.168.1.5:3000",
            "[2001:db8::1]",
        ] {
            assert!(!is_local_host(h), "{h}");
        }
        assert_eq!(public_origin("127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(
            public_origin("servizi.comune.it"),
            "https://servizi.comune.it"
        );
    }
}
