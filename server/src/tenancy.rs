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

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let raw = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or_default()
        .to_string();
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
                AppError::Internal.into_response()
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
        },
    )
}
