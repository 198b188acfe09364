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
    /// The signed-in person, for the header.
    pub user: Option<SignedIn>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub given_name: String,
    pub family_name: String,
    /// Unread Comunicazioni, for the header's badge.
    pub unread: u32,
}

#[server(endpoint = "site")]
pub async fn load_site_info() -> Result<SiteInfo, AppError> {
    use crate::backend::auth::optional_user;
    use crate::backend::context::{app_context, current_tenant, respond};
    use crate::backend::store::messages;
    respond(
        async {
            let t = current_tenant()?;
            let user = match optional_user() {
                Some(u) => {
                    let ctx = app_context()?;
                    let unread =
                        messages::unread_count(&ctx.db, &t.id, u.user.fiscal_code.as_str())
                            .await
                            .map_err(AppError::internal)?;
                    Some(SignedIn {
                        given_name: u.user.given_name,
                        family_name: u.user.family_name,
                        unread,
                    })
                }
                None => None,
            };
            Ok(SiteInfo {
                name: t.name,
                address: t.address,
                fiscal_code: t.fiscal_code.to_string(),
                has_logo: t.has_logo,
                user,
            })
        }
        .await,
    )
}
