//! Documenti: the Ente's public documents, and the office's list and withdrawals (uploads
//! are plain multipart posts: see the server's `uploads`).

use crate::domain::ids::DocumentId;
use crate::error::AppError;
use crate::model::documents::DocumentSummary;
use leptos::prelude::*;

#[server(endpoint = "documents_list")]
pub async fn list_documents() -> Result<Vec<DocumentSummary>, AppError> {
    use crate::backend::{auth::Visitor, context::respond, documents};
    respond(async { documents::list(&Visitor::current()?).await }.await)
}

/// Every document of the Ente, withdrawn ones included.
#[server(endpoint = "content_documents_list")]
pub async fn list_office_documents() -> Result<Vec<DocumentSummary>, AppError> {
    use crate::backend::{auth::Caller, context::respond, documents};
    use crate::domain::identity::Role;
    respond(
        async { documents::list_all(&Caller::require(&[Role::Operator, Role::Admin])?).await }
            .await,
    )
}

/// Withdraws a document (`withdrawn = true`) or publishes it again.
#[server(endpoint = "content_document_withdraw")]
pub async fn withdraw_document(id: DocumentId, withdrawn: bool) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::respond, documents};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            documents::set_withdrawn(&caller, &id, withdrawn, chrono::Utc::now()).await
        }
        .await,
    )
}
