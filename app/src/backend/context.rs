//! What a server function needs from the request: the shared resources (handed in by the
//! server through Leptos context, not globals, so tests can build their own) and the Ente
//! that the request's host selected.

use crate::backend::files::FileStore;
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

/// The per-response CSP nonce, chosen by the server's security-headers middleware.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);
