//! Sportello: the Leptos application (pages, components, server functions) and the
//! domain rules shared by the server and the browser.

pub mod api;
mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod model;
pub mod pages;
pub mod routes;

#[cfg(test)]
mod layers;

#[cfg(feature = "ssr")]
pub mod backend;

pub use app::{shell, App};
