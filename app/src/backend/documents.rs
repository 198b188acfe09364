//! The Ente's published documents.

use crate::backend::auth::Visitor;
use crate::backend::store::documents;
use crate::domain::file_size::file_format_label;
use crate::error::AppError;
use crate::model::documents::DocumentSummary;

pub async fn list(visitor: &Visitor) -> Result<Vec<DocumentSummary>, AppError> {
    let tenant = &visitor.tenant;
    let docs = documents::list(visitor.db(), &tenant.id).await?;
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
