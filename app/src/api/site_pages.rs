//! The Ente's own pages (privacy, accessibility, legal notes, contacts, FAQ and others):
//! read by everyone, written by the office.

use crate::error::AppError;
use crate::model::site_pages::{PageEdit, PageRow, SitePageView};
use leptos::prelude::*;

#[server(endpoint = "site_page")]
pub async fn load_site_page(slug: String) -> Result<SitePageView, AppError> {
    use crate::backend::{auth::Visitor, context::respond, site_pages};
    respond(async { site_pages::page(&Visitor::current()?, &slug).await }.await)
}

#[server(endpoint = "content_pages_list")]
pub async fn list_office_pages() -> Result<Vec<PageRow>, AppError> {
    use crate::backend::{auth::Caller, context::respond, site_pages};
    use crate::domain::identity::Role;
    respond(
        async { site_pages::list(&Caller::require(&[Role::Operator, Role::Admin])?).await }.await,
    )
}

#[server(endpoint = "content_page_get")]
pub async fn edit_page(slug: String) -> Result<PageEdit, AppError> {
    use crate::backend::{auth::Caller, context::respond, site_pages};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            site_pages::edit(&caller, &slug).await
        }
        .await,
    )
}

/// Saves a page (a new one when `slug` is empty); a plain form post lands on its editor.
#[server(endpoint = "content_page_save")]
pub async fn save_page(
    slug: String,
    title: String,
    body: String,
    published: bool,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::redirect_form_post, context::respond, site_pages};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let now = chrono::Utc::now();
            let saved = site_pages::save(&caller, &slug, &title, &body, published, now).await?;
            redirect_form_post(&crate::routes::content_page_saved(&saved));
            Ok(saved)
        }
        .await,
    )
}
