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
    pub fn download_url(&self) -> String {
        download_url(&self.id)
    }
}

/// Served by the server's download route, not by a Leptos page.
pub fn download_url(id: &str) -> String {
    format!("/documenti/{id}/scarica")
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn format_label(content_type: &str) -> String {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    match essence {
        "application/pdf" => "PDF".into(),
        "text/csv" => "CSV".into(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX".into(),
        "application/vnd.oasis.opendocument.text" => "ODT".into(),
        other => other.rsplit('/').next().unwrap_or(other).to_uppercase(),
    }
}

#[server(endpoint = "documents_list")]
pub async fn list_documents() -> Result<Vec<DocumentSummary>, AppError> {
    use crate::backend::context::{app_context, current_tenant, respond};
    use crate::backend::store::documents;
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
                    format: format_label(&d.content_type),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_formats_for_people() {
        assert_eq!(format_label("application/pdf"), "PDF");
        assert_eq!(format_label("text/csv; charset=utf-8"), "CSV");
        assert_eq!(format_label("image/png"), "PNG");
    }
}
