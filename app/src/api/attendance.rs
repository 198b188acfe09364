//! Presenze: school staff see today's pupils at the canteen and mark one absent. Before
//! the cut-off that cancels the meal; after it the meal is cooked, so the absence is
//! recorded "after the cut-off" and charged unless the Ente says otherwise.

use crate::domain::ids::PupilId;
use crate::error::AppError;
use crate::model::attendance::Attendance;
use leptos::prelude::*;

/// Today's pupils at the canteen, with the absences recorded after the cut-off.
#[server(endpoint = "attendance_today")]
pub async fn load_attendance() -> Result<Attendance, AppError> {
    use crate::backend::{attendance, auth::Caller, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            attendance::today(&caller, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Marks a pupil absent today; says what it means for the meal.
#[server(endpoint = "attendance_absent")]
pub async fn mark_absent(pupil_id: PupilId) -> Result<String, AppError> {
    use crate::backend::{attendance, auth::Caller, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            attendance::mark_absent(&caller, &pupil_id, chrono::Utc::now()).await
        }
        .await,
    )
}
