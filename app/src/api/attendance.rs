//! Presenze: school staff (for their schools) and the office see the pupils at the canteen
//! on a day — today or the past week — and mark one absent. Before today's cut-off that
//! cancels the meal; after it the meal is cooked, so the absence is recorded "after the
//! cut-off" and charged unless the Ente says otherwise.

use crate::domain::date::Day;
use crate::domain::ids::PupilId;
use crate::error::AppError;
use crate::model::attendance::Attendance;
use leptos::prelude::*;

/// The pupils at the canteen on `day` (none: today), with the absences recorded after the
/// cut-off.
#[server(endpoint = "attendance_today")]
pub async fn load_attendance(day: Option<Day>) -> Result<Attendance, AppError> {
    use crate::backend::{attendance, auth::Caller, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin, Role::SchoolStaff])?;
            attendance::on(&caller, day, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Marks a pupil absent on `day`; says what it means for the meal.
#[server(endpoint = "attendance_absent")]
pub async fn mark_absent(pupil_id: PupilId, day: Day) -> Result<String, AppError> {
    use crate::backend::{attendance, auth::Caller, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin, Role::SchoolStaff])?;
            attendance::mark_absent(&caller, &pupil_id, day, chrono::Utc::now()).await
        }
        .await,
    )
}
