//! Reusable pieces of the portal's pages.

pub mod document_list;
pub mod error_notice;
pub mod footer;
pub mod header;
pub mod news_list;
pub mod pager;
pub mod recharge_dialog;
pub mod statement;

use crate::error::AppError;
use crate::model::site::SiteInfo;
use leptos::prelude::*;

/// The Ente's public identity, loaded once by the app for the header, footer and pages.
pub type SiteResource = Resource<Result<SiteInfo, AppError>>;

/// Bootstrap Italia, served by the portal itself (copied from npm at build time).
pub const BOOTSTRAP_ITALIA_CSS: &str = "/vendor/bootstrap-italia/css/bootstrap-italia.min.css";
