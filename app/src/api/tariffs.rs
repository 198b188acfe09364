//! Tariffe: the price lists of the Ente's services, and a new list valid from a future
//! day — previewed on the families subscribed, then saved (operators and administrators).

use crate::domain::tariffs::draft::{DraftRow, LinearDraft};
use crate::error::AppError;
use crate::model::tariffs::{TariffPreview, TariffsView};
use leptos::prelude::*;

/// The lists of a service (empty: the first service), with a copy of the latest.
#[server(endpoint = "tariffs_lists")]
pub async fn load_tariffs(#[server(default)] service: String) -> Result<TariffsView, AppError> {
    use crate::backend::{auth::Caller, context::respond, tariffs};
    use crate::domain::identity::Role;
    respond(
        async { tariffs::page(&Caller::require(&[Role::Operator, Role::Admin])?, &service).await }
            .await,
    )
}

/// What each family would pay under the proposed list (nothing is saved). The rows come
/// as typed: every value is checked, with its Italian sentence.
#[server(endpoint = "tariffs_preview")]
pub async fn preview_tariffs(
    service: String,
    valid_from: String,
    #[server(default)] rows: Vec<DraftRow>,
    #[server(default)] linear: LinearDraft,
) -> Result<TariffPreview, AppError> {
    use crate::backend::{auth::Caller, context::respond, tariffs};
    use crate::domain::{identity::Role, tariffs::draft::Draft};
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let draft = Draft::new(valid_from, rows, linear);
            tariffs::preview(&caller, &service, &draft).await
        }
        .await,
    )
}

/// Saves the proposed list; a plain form post lands back on the tariffs page.
#[server(endpoint = "tariffs_save")]
pub async fn save_tariffs(
    service: String,
    valid_from: String,
    #[server(default)] rows: Vec<DraftRow>,
    #[server(default)] linear: LinearDraft,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::redirect_form_post, context::respond, tariffs};
    use crate::domain::{identity::Role, tariffs::draft::Draft};
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let draft = Draft::new(valid_from, rows, linear);
            let saved = tariffs::save(&caller, &service, &draft).await?;
            redirect_form_post(&crate::routes::tariffs_saved(&service));
            Ok(saved)
        }
        .await,
    )
}
