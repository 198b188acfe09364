//! The login page: the ways to log in that this Ente accepts.

use crate::error::AppError;
use crate::model::login::LoginOption;
use leptos::prelude::*;

/// The identity providers this Ente accepts (public: the login page lists them).
#[server(endpoint = "login_options")]
pub async fn login_options() -> Result<Vec<LoginOption>, AppError> {
    use crate::backend::{auth::Visitor, context::respond, login};
    respond(Visitor::current().map(|visitor| login::options(&visitor)))
}
