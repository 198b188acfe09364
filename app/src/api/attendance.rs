//! Presenze: school staff see today's pupils at the canteen and mark one absent. Before
//! the cut-off that cancels the meal; after it the meal is cooked, so the absence is
//! recorded "after the cut-off" and charged unless the Ente says otherwise.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub pupil_id: String,
    pub name: String,
    pub school: String,
    pub class: String,
    pub absent_after_cutoff: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// dd/mm/yyyy
    pub day_label: String,
    pub after_cutoff: bool,
    /// Late absences are still charged (the Ente's setting).
    pub late_absence_charged: bool,
    pub pupils: Vec<AttendanceRow>,
}

/// Today's pupils at the canteen, with the absences recorded after the cut-off.
#[server(endpoint = "attendance_today")]
pub async fn load_attendance() -> Result<Attendance, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, _) = require_role(&[Role::Operator, Role::Admin])?;
            let ctx = app_context()?;
            crate::backend::attendance::today(&ctx, &tenant, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Marks a pupil absent today; says what it means for the meal.
#[server(endpoint = "attendance_absent")]
pub async fn mark_absent(pupil_id: String) -> Result<String, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Operator, Role::Admin])?;
            let ctx = app_context()?;
            crate::backend::attendance::mark_absent(
                &ctx,
                &tenant,
                &me,
                &pupil_id,
                chrono::Utc::now(),
            )
            .await
        }
        .await,
    )
}
