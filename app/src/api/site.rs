//! The Ente's identity and the signed-in person, for every page's header and footer.

use crate::error::AppError;
use crate::model::site::SiteInfo;
use leptos::prelude::*;

#[server(endpoint = "site")]
pub async fn load_site_info() -> Result<SiteInfo, AppError> {
    use crate::backend::{auth::Visitor, context::respond, site};
    respond(async { site::info(&Visitor::current()?).await }.await)
}
