//! The Ente's news: a page of summaries, and one item.

use crate::backend::auth::Visitor;
use crate::backend::store::news;
use crate::domain::ids::NewsId;
use crate::domain::paging::{Page, PageNumber};
use crate::error::AppError;
use crate::model::news::{NewsDetail, NewsSummary};

/// One page of the Ente's news, newest first; a page past the end gives the last page.
pub async fn page(visitor: &Visitor, page: u32) -> Result<Page<NewsSummary>, AppError> {
    let tenant = &visitor.tenant;
    let per_page = visitor.ctx.news_per_page;
    let found = news::page(visitor.db(), &tenant.id, PageNumber::new(page), per_page).await?;
    Ok(Page {
        items: found
            .items
            .into_iter()
            .map(|n| NewsSummary {
                published_on: n.published_at.with_timezone(&tenant.time_zone).date_naive(),
                id: n.id,
                title: n.title,
                summary: n.summary,
            })
            .collect(),
        page: found.page,
        total_pages: found.total_pages,
        total_items: found.total_items,
    })
}

pub async fn item(visitor: &Visitor, id: &NewsId) -> Result<NewsDetail, AppError> {
    let tenant = &visitor.tenant;
    let n = news::get(visitor.db(), &tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(NewsDetail {
        published_on: n.published_at.with_timezone(&tenant.time_zone).date_naive(),
        paragraphs: n
            .body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect(),
        id: n.id,
        title: n.title,
        summary: n.summary,
    })
}
