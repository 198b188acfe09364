//! What the news screens exchange with the server (shared with the browser).

use crate::domain::ids::NewsId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsSummary {
    pub id: NewsId,
    pub title: String,
    pub summary: String,
    /// The day of publication in the Ente's time zone.
    pub published_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsDetail {
    pub id: NewsId,
    pub title: String,
    pub summary: String,
    pub paragraphs: Vec<String>,
    pub published_on: NaiveDate,
}
