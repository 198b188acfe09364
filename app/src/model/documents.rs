//! What the documents screens exchange with the server (shared with the browser).

use crate::domain::content::DocumentCategory;
use crate::domain::ids::DocumentId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: DocumentId,
    pub title: String,
    pub description: String,
    pub category: DocumentCategory,
    pub file_name: String,
    /// "PDF", "CSV"… from the stored content type, for the link's label.
    pub format: String,
    pub size_bytes: u64,
    pub published_on: NaiveDate,
    /// 1 for the first file; one more at each replacement.
    pub version: u32,
    /// Withdrawn documents are listed for the office only.
    pub withdrawn: bool,
}

impl DocumentSummary {
    /// Served by the server's download route, not by a Leptos page.
    pub fn download_url(&self) -> String {
        crate::routes::document_download(&self.id)
    }
}
