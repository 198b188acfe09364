//! The personal area: what a signed-in person sees first.

use crate::error::AppError;
use crate::model::personal::PersonalHome;
use leptos::prelude::*;

/// The signed-in person's home: who they are, their roles, their pupils.
#[server(endpoint = "personal_home")]
pub async fn load_personal_home() -> Result<PersonalHome, AppError> {
    use crate::backend::{auth::Caller, context::respond, personal};
    respond(async { personal::home(&Caller::require(&[])?).await }.await)
}
