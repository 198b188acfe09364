//! What a server function needs from the request: the shared resources (handed in by the
//! server through Leptos context, not globals, so tests can build their own) and the Ente
//! that the request's host selected.

use crate::backend::store::files::FileStore;
use crate::backend::store::sessions::SessionPolicy;
use crate::backend::store::Tenant;
use crate::domain::identity::ProviderKind;
use crate::error::AppError;
use leptos::prelude::*;
use sqlx::AnyPool;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppContext {
    pub db: AnyPool,
    pub files: FileStore,
    pub news_per_page: u32,
    pub session_policy: SessionPolicy,
    /// The pagoPA platform (none: payments are not configured).
    pub pagopa: Option<crate::backend::payments::pagopa::PagoPaClient>,
    /// The identity providers configured, with the Enti each one serves.
    pub login_providers: Arc<Vec<LoginProvider>>,
}

/// What the login page shows of a configured identity provider.
#[derive(Clone, Debug)]
pub struct LoginProvider {
    pub id: String,
    pub name: String,
    pub kind: ProviderKind,
    /// The fiscal codes of the Enti it serves; empty means every Ente.
    pub tenants: Vec<String>,
}

impl LoginProvider {
    pub fn serves(&self, tenant: &Tenant) -> bool {
        self.tenants.is_empty()
            || self
                .tenants
                .iter()
                .any(|t| t == tenant.fiscal_code.as_str())
    }
}

/// Today's date in the Ente's time zone.
pub fn today(tenant: &Tenant) -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&tenant.time_zone)
        .date_naive()
}

pub fn app_context() -> Result<AppContext, AppError> {
    use_context::<AppContext>()
        .ok_or_else(|| AppError::internal("AppContext missing from the Leptos context"))
}

/// The Ente of this request, put in the request's extensions by the tenant middleware.
pub fn current_tenant() -> Result<Tenant, AppError> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Tenant>().cloned())
        .ok_or(AppError::UnknownTenant)
}

/// Sets the HTTP status of the response (page or server function) from the error.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(err.status());
        }
    }
    result
}

/// Development hosts (`localhost`, `*.localhost`, loopback addresses) are served over
/// plain http; every other host over https (directly or behind a proxy).
pub fn is_local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((h, p))
            if !h.is_empty() && p.chars().all(|c| c.is_ascii_digit()) && !h.ends_with(':') =>
        {
            h
        }
        _ => host,
    }
    .to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name == "[::1]"
        || name.starts_with("127.")
}

/// `http://host:port` or `https://host`: the origin the browser sees.
pub fn public_origin(host: &str) -> String {
    let scheme = if is_local_host(host) { "http" } else { "https" };
    format!("{scheme}://{host}")
}

/// The origin the browser used for this request (`https://servizi.comune.it`).
pub fn request_origin() -> Result<String, AppError> {
    let parts = use_context::<http::request::Parts>()
        .ok_or_else(|| AppError::internal("request parts missing from the Leptos context"))?;
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| parts.uri.authority().map(|a| a.as_str()))
        .ok_or(AppError::UnknownTenant)?;
    Ok(public_origin(host))
}

/// The per-response CSP nonce, chosen by the server's security-headers middleware.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Marks a plain HTML form post (before hydration, or with JavaScript off: it asks for
/// HTML, the app's own calls for JSON). The server's guard puts it on the request and
/// answers such a post itself: a redirect, or a page that says why it was refused.
#[derive(Clone, Copy, Debug)]
pub struct PlainFormPost;

/// A plain form post is sent on to the page `to`, as a link would.
pub fn redirect_form_post(to: &str) {
    let plain = use_context::<http::request::Parts>()
        .is_some_and(|p| p.extensions.get::<PlainFormPost>().is_some());
    if plain {
        leptos_axum::redirect(to);
    }
}
