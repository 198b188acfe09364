use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The Ente's public identity, for the header, the footer and the page titles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    pub address: String,
    pub fiscal_code: String,
    pub has_logo: bool,
}

#[server(endpoint = "site")]
pub async fn load_site_info() -> Result<SiteInfo, AppError> {
    use crate::backend::context::{current_tenant, respond};
    respond(current_tenant().map(|t| SiteInfo {
        name: t.name,
        address: t.address,
        fiscal_code: t.fiscal_code.to_string(),
        has_logo: t.has_logo,
    }))
}
