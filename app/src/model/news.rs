//! What the news screens exchange with the server (shared with the browser).

use crate::domain::content::{NewsState, PublishMode};
use crate::domain::ids::{DocumentId, NewsId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsImage {
    /// Served by the server's image route (versioned: a new image, a new address).
    pub url: String,
    pub alt: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsSummary {
    pub id: NewsId,
    pub title: String,
    pub summary: String,
    /// The day of publication in the Ente's time zone.
    pub published_on: NaiveDate,
    pub image: Option<NewsImage>,
}

/// A document attached to a news item: its title and download address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsAttachment {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsDetail {
    pub id: NewsId,
    pub title: String,
    pub summary: String,
    /// The body rendered by the server from its Markdown subset: escaped, safe as it is.
    pub body_html: String,
    pub published_on: NaiveDate,
    pub image: Option<NewsImage>,
    pub attachments: Vec<NewsAttachment>,
    /// Set when the office previews an item the public does not see (yet): its state.
    pub preview_of: Option<NewsState>,
}

/// What a save did: the item (new or not), and how it was saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsSaved {
    pub id: NewsId,
    pub mode: PublishMode,
}

/// A line of the office's list of news.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsRow {
    pub id: NewsId,
    pub title: String,
    pub state: NewsState,
    /// When it is (or was, or would be) shown, in the Ente's time: `03/12/2026 10:00`.
    pub when: String,
    pub has_image: bool,
}

/// A news item as the office edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsEdit {
    pub id: NewsId,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub state: NewsState,
    /// The publication instant in the Ente's time, as a `datetime-local` value.
    pub publish_at: String,
    pub image: Option<NewsImage>,
    /// The body as the public will read it.
    pub preview_html: String,
    pub attachments: Vec<(DocumentId, String)>,
    /// The Ente's published documents that can be attached.
    pub documents: Vec<(DocumentId, String)>,
}
