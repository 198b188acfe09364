//! Notizie: the Ente's public news.

use crate::domain::ids::NewsId;
use crate::domain::paging::Page;
use crate::error::AppError;
use crate::model::news::{NewsDetail, NewsSummary};
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
