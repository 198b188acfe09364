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

/// The form's fields, each as typed (checked by the backend, which names the wrong one).
#[server(endpoint = "booking_settings_save")]
pub async fn save_booking_settings(
    cutoff: String,
    opens_evening_before: String,
    horizon_days: String,
    plain_meal_max_consecutive: String,
    charge_late_absence: bool,
    negative_limit: String,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, booking_settings, context::respond};
    use crate::domain::identity::Role;
    let form = BookingSettingsForm {
        cutoff,
        opens_evening_before,
        horizon_days,
        plain_meal_max_consecutive,
        charge_late_absence,
        negative_limit,
    };
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            booking_settings::save(&caller, &form).await
        }
        .await,
    )
}
