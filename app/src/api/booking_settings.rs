//! Impostazioni delle prenotazioni: the canteen's cut-off, windows and limits.

use crate::error::AppError;
use crate::model::booking_settings::BookingSettingsForm;
use leptos::prelude::*;

#[server(endpoint = "booking_settings")]
pub async fn load_booking_settings() -> Result<BookingSettingsForm, AppError> {
    use crate::backend::{auth::Caller, booking_settings, context::respond};
    use crate::domain::identity::Role;
    respond(Caller::require(&[Role::Operator, Role::Admin]).map(|c| booking_settings::load(&c)))
}

/// The form's fields (`settings[cutoff]`…), each as typed: the backend names a wrong one.
#[server(endpoint = "booking_settings_save")]
pub async fn save_booking_settings(settings: BookingSettingsForm) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, booking_settings, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            booking_settings::save(&caller, &settings).await
        }
        .await,
    )
}
