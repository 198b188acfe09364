//! Notizie: the Ente's public news, and the office's editing of them.

use crate::domain::content::PublishMode;
use crate::domain::ids::{DocumentId, NewsId};
use crate::domain::paging::Page;
use crate::domain::wire::OrEmpty;
use crate::error::AppError;
use crate::model::news::{NewsDetail, NewsEdit, NewsRow, NewsSaved, NewsSummary};
use leptos::prelude::*;

/// One page of the Ente's news, newest first; a page past the end gives the last page.
#[server(endpoint = "news_list")]
pub async fn list_news(page: u32) -> Result<Page<NewsSummary>, AppError> {
    use crate::backend::{auth::Visitor, context::respond, news};
    respond(async { news::page(&Visitor::current()?, page).await }.await)
}

#[server(endpoint = "news_get")]
pub async fn get_news(id: NewsId) -> Result<NewsDetail, AppError> {
    use crate::backend::{auth::Visitor, context::respond, news};
    respond(async { news::item(&Visitor::current()?, &id).await }.await)
}

/// The office's list of news, in every state.
#[server(endpoint = "content_news_list")]
pub async fn list_office_news() -> Result<Vec<NewsRow>, AppError> {
    use crate::backend::{auth::Caller, context::respond, news};
    use crate::domain::identity::Role;
    respond(async { news::list(&Caller::require(&[Role::Operator, Role::Admin])?).await }.await)
}

#[server(endpoint = "content_news_get")]
pub async fn edit_news(id: NewsId) -> Result<NewsEdit, AppError> {
    use crate::backend::{auth::Caller, context::respond, news};
    use crate::domain::identity::Role;
    respond(
        async { news::edit(&Caller::require(&[Role::Operator, Role::Admin])?, &id).await }.await,
    )
}

/// Saves a news item (new when `id` is empty) as a draft, published now or scheduled;
/// a plain form post lands on the item's editor.
#[server(endpoint = "content_news_save")]
pub async fn save_news(
    id: OrEmpty<NewsId>,
    title: String,
    summary: String,
    body: String,
    mode: PublishMode,
    publish_at: String,
) -> Result<NewsSaved, AppError> {
    use crate::backend::{auth::Caller, context::redirect_form_post, context::respond, news};
    use crate::domain::identity::Role;
    respond(
        async {
            let form = news::NewsForm::new(id.0, title, summary, body, mode, publish_at);
            let saved =
                news::save(&Caller::require(&[Role::Operator, Role::Admin])?, &form).await?;
            redirect_form_post(&crate::routes::content_news_saved(&saved.id, saved.mode));
            Ok(saved)
        }
        .await,
    )
}

#[server(endpoint = "content_news_withdraw")]
pub async fn withdraw_news(id: NewsId) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::respond, news};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            news::withdraw(&caller, &id, chrono::Utc::now()).await
        }
        .await,
    )
}

#[server(endpoint = "content_news_image_remove")]
pub async fn remove_news_image(id: NewsId) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::respond, news};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            news::remove_image(&caller, &id, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Attaches (`attach = true`) one of the Ente's documents to a news item, or takes it off.
#[server(endpoint = "content_news_attach")]
pub async fn attach_to_news(
    id: NewsId,
    document_id: DocumentId,
    attach: bool,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::respond, news};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            news::attach(&caller, &id, &document_id, attach, chrono::Utc::now()).await
        }
        .await,
    )
}
