//! The Ente's staff (operators, administrators, school staff and kitchen), managed by its
//! administrators.

use crate::domain::ids::SchoolId;
use crate::error::AppError;
use crate::model::staff::{StaffRole, StaffView};
use leptos::prelude::*;

#[server(endpoint = "staff_list")]
pub async fn list_staff() -> Result<StaffView, AppError> {
    use crate::backend::{auth::Caller, context::respond, staff};
    use crate::domain::identity::Role;
    respond(async { staff::view(&Caller::require(&[Role::Admin])?).await }.await)
}

/// Grants (`grant = true`) or takes away a staff role; school staff and kitchen name the
/// schools they work for (one checkbox each, `schools[i]`).
#[server(endpoint = "staff_change")]
pub async fn change_staff_role(
    fiscal_code: String,
    role: StaffRole,
    grant: bool,
    #[server(default)] schools: Vec<SchoolId>,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::respond, staff};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Admin])?;
            staff::change(&caller, &fiscal_code, role, grant, &schools).await
        }
        .await,
    )
}
