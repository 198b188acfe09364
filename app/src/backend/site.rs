//! The Ente's identity for the header and footer, and who is signed in.

use crate::backend::auth::Visitor;
use crate::backend::site_pages;
use crate::backend::store::messages;
use crate::error::AppError;
use crate::model::site::{SignedIn, SiteInfo};

pub async fn info(visitor: &Visitor) -> Result<SiteInfo, AppError> {
    let tenant = &visitor.tenant;
    let user = match &visitor.me {
        Some(me) => {
            let cf = &me.user.fiscal_code;
            Some(SignedIn {
                given_name: me.user.given_name.clone(),
                family_name: me.user.family_name.clone(),
                unread: messages::unread_count(visitor.db(), &tenant.id, cf).await?,
            })
        }
        None => None,
    };
    Ok(SiteInfo {
        name: tenant.name.clone(),
        address: tenant.address.clone(),
        fiscal_code: tenant.fiscal_code.to_string(),
        has_logo: tenant.has_logo,
        user,
        pages: site_pages::footer_links(visitor.db(), tenant).await?,
    })
}
