use crate::domain::paging::Page;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsSummary {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The day of publication in the Ente's time zone.
    pub published_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsDetail {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub paragraphs: Vec<String>,
    pub published_on: NaiveDate,
}

/// One page of the Ente's news, newest first; a page past the end gives the last page.
#[server(endpoint = "news_list")]
pub async fn list_news(page: u32) -> Result<Page<NewsSummary>, AppError> {
    use crate::backend::context::{app_context, current_tenant, respond};
    use crate::backend::store::news;
    use crate::domain::paging::PageNumber;
    respond(
        async {
            let tenant = current_tenant()?;
            let ctx = app_context()?;
            let found = news::page(
                &ctx.db,
                &tenant.id,
                PageNumber::new(page),
                ctx.news_per_page,
            )
            .await
            .map_err(AppError::internal)?;
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
        .await,
    )
}

#[server(endpoint = "news_get")]
pub async fn get_news(id: String) -> Result<NewsDetail, AppError> {
    use crate::backend::context::{app_context, current_tenant, respond};
    use crate::backend::store::news;
    respond(
        async {
            let tenant = current_tenant()?;
            let ctx = app_context()?;
            let n = news::get(&ctx.db, &tenant.id, &id)
                .await
                .map_err(AppError::internal)?
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
        .await,
    )
}
