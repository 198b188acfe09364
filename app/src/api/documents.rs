//! Documenti: the Ente's public documents.

use crate::error::AppError;
use crate::model::documents::DocumentSummary;
use leptos::prelude::*;

#[server(endpoint = "documents_list")]
pub async fn list_documents() -> Result<Vec<DocumentSummary>, AppError> {
    use crate::backend::{auth::Visitor, context::respond, documents};
    respond(async { documents::list(&Visitor::current()?).await }.await)
}
