//! Calendario scolastico: the office's months, closures and school years. A school left
//! empty means the whole Ente.

use crate::domain::date::{Day, Month};
use crate::domain::ids::{ImportId, SchoolId};
use crate::domain::wire::OrEmpty;
use crate::error::AppError;
use crate::model::calendar::{CalendarOverview, ClosureImportReport};
use leptos::prelude::*;

#[server(endpoint = "calendar_overview")]
pub async fn load_calendar(
    month: OrEmpty<Month>,
    school: OrEmpty<SchoolId>,
) -> Result<CalendarOverview, AppError> {
    use crate::backend::{auth::Caller, calendar, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            calendar::overview(&caller, month.0, school.0).await
        }
        .await,
    )
}

/// Closes the canteen from `first_day` to `last_day` (empty: that day only).
#[server(endpoint = "calendar_close")]
pub async fn add_closure(
    school: OrEmpty<SchoolId>,
    first_day: Day,
    last_day: OrEmpty<Day>,
    reason: String,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, calendar, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            calendar::add_closure(&caller, school.0, first_day, last_day.0, &reason).await
        }
        .await,
    )
}

/// Takes away the closure of `school` that starts on `first_day`.
#[server(endpoint = "calendar_reopen")]
pub async fn remove_closure(school: OrEmpty<SchoolId>, first_day: Day) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, calendar, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            calendar::remove_closure(&caller, school.0, first_day).await
        }
        .await,
    )
}

#[server(endpoint = "calendar_school_year")]
pub async fn set_school_year(
    school: OrEmpty<SchoolId>,
    first_day: Day,
    last_day: Day,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, calendar, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            calendar::set_school_year(&caller, school.0, first_day, last_day).await
        }
        .await,
    )
}

/// What the import the upload landed from did.
#[server(endpoint = "calendar_import_report")]
pub async fn load_import_report(id: ImportId) -> Result<ClosureImportReport, AppError> {
    use crate::backend::{auth::Caller, calendar, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            calendar::import_report(&caller, &id).await
        }
        .await,
    )
}
