//! The Ente's staff (operators and administrators), managed by its administrators.

use crate::error::AppError;
use crate::model::staff::{StaffMember, StaffRole};
use leptos::prelude::*;

#[server(endpoint = "staff_list")]
pub async fn list_staff() -> Result<Vec<StaffMember>, AppError> {
    use crate::backend::{auth::Caller, context::respond, staff};
    use crate::domain::identity::Role;
    respond(async { staff::list(&Caller::require(&[Role::Admin])?).await }.await)
}

/// Grants (`grant = true`) or takes away a staff role.
#[server(endpoint = "staff_change")]
pub async fn change_staff_role(
    fiscal_code: String,
    role: StaffRole,
    grant: bool,
) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::respond, staff};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Admin])?;
            staff::change(&caller, &fiscal_code, role, grant).await
        }
        .await,
    )
}
