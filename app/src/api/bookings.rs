//! Prenotazioni: the pupils a person may book for, a month of a pupil's canteen days, and
//! changes (cancel, restore, plain meal) checked by the server against the Ente's rules.

use crate::domain::date::{Day, Month};
use crate::domain::ids::PupilId;
use crate::error::AppError;
use crate::model::bookings::{BookingAction, BookingInfo, CalendarDay, CreditForecast};
use leptos::prelude::*;

#[server(endpoint = "bookings_info")]
pub async fn load_booking_info() -> Result<BookingInfo, AppError> {
    use crate::backend::{auth::Caller, bookings, context::respond};
    use crate::domain::identity::Role;
    respond(
        async { bookings::info(&Caller::require(&[Role::Family, Role::Delegate])?).await }.await,
    )
}

/// A month (`2026-12`) of a pupil's canteen days, as the server sees them now.
#[server(endpoint = "bookings_month")]
pub async fn load_month(pupil_id: PupilId, month: Month) -> Result<Vec<CalendarDay>, AppError> {
    use crate::backend::{auth::Caller, bookings, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Family, Role::Delegate])?;
            bookings::month(&caller, &pupil_id, month).await
        }
        .await,
    )
}

/// Cancels, restores or asks a plain meal for the canteen days from `from` to `to`
/// (`YYYY-MM-DD`; one day when equal): all of them, or none with the reason.
#[server(endpoint = "bookings_change")]
pub async fn change_bookings(
    pupil_id: PupilId,
    from: Day,
    to: Day,
    action: BookingAction,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, bookings, context::respond};
    use crate::{domain::identity::Role, model::bookings::Change};
    let change = Change::new(pupil_id, from, to, action);
    respond(
        async {
            let caller = Caller::require(&[Role::Family, Role::Delegate])?;
            bookings::change(&caller, &change, chrono::Utc::now()).await
        }
        .await,
    )
}

/// The tutore's credit forecast (none for a delegate, who does not see the wallet).
#[server(endpoint = "bookings_credit")]
pub async fn load_credit_forecast() -> Result<Option<CreditForecast>, AppError> {
    use crate::backend::{auth::Caller, bookings, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Family, Role::Delegate])?;
            bookings::credit_forecast(&caller, chrono::Utc::now()).await
        }
        .await,
    )
}
