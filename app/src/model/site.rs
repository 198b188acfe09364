//! What the site screens exchange with the server (shared with the browser).

use serde::{Deserialize, Serialize};

/// The Ente's public identity, for the header, the footer and the page titles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    pub address: String,
    pub fiscal_code: String,
    pub has_logo: bool,
    /// The signed-in person, for the header.
    pub user: Option<SignedIn>,
    /// The Ente's pages for the footer: the mandatory ones first.
    pub pages: Vec<crate::model::site_pages::FooterLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub given_name: String,
    pub family_name: String,
    /// Unread Comunicazioni, for the header's badge.
    pub unread: u32,
}
