//! What the Ente's pages exchange with the server (shared with the browser).

use serde::{Deserialize, Serialize};

/// A page as the public reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePageView {
    pub title: String,
    /// Rendered by the server from its Markdown subset: escaped, safe as it is.
    pub body_html: String,
}

/// A link of the footer to one of the Ente's pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FooterLink {
    pub href: String,
    pub title: String,
}

/// A line of the office's list of pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRow {
    pub slug: String,
    pub title: String,
    /// One of the five every PA site must have.
    pub mandatory: bool,
    /// "Da scrivere (testo minimo)", "Pubblicata", "Non pubblicata".
    pub state: String,
}

/// A page as the office edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageEdit {
    pub slug: String,
    pub title: String,
    pub body: String,
    pub published: bool,
    pub mandatory: bool,
    /// False for a mandatory page the office has not written yet (the text is the default).
    pub written: bool,
    pub preview_html: String,
}
