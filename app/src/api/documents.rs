use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: String,
    pub title: String,
    pub description: String,
    pub file_name: String,
    /// "PDF", "CSV"… from the stored content type, for the link's label.
    pub format: String,
    pub size_bytes: u64,
    pub published_on: NaiveDate,
}

impl DocumentSummary {
    /// Served by the server's download route, not by a Leptos page.
    pub fn download_url(&self) -> String {
        format!("/documenti/{}/scarica", self.id)
    }
}

#[server(endpoint = "documents_list")]
pub async fn list_documents() -> Result<Vec<DocumentSummary>, AppError> {
    use crate::backend::context::{app_context, current_tenant, respond};
    use crate::backend::store::documents;
    use crate::domain::file_size::file_format_label;
    respond(
        async {
            let tenant = current_tenant()?;
            let ctx = app_context()?;
            let docs = documents::list(&ctx.db, &tenant.id)
                .await
                .map_err(AppError::internal)?;
            Ok(docs
                .into_iter()
                .map(|d| DocumentSummary {
                    published_on: d.published_at.with_timezone(&tenant.time_zone).date_naive(),
                    format: file_format_label(&d.content_type),
                    id: d.id,
                    title: d.title,
                    description: d.description,
                    file_name: d.file_name,
                    size_bytes: d.size_bytes,
                })
                .collect())
        }
        .await,
    )
}
