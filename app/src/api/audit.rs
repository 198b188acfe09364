//! Registro delle modifiche: the Ente's audit log, for its administrators.

use crate::domain::date::Day;
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::wire::OrEmpty;
use crate::error::AppError;
use crate::model::audit::AuditLog;
use leptos::prelude::*;

/// The changes made by `person` (empty: anyone) from `from` to `to` (empty: no bound).
#[server(endpoint = "audit_log")]
pub async fn load_audit_log(
    person: OrEmpty<FiscalCode>,
    from: OrEmpty<Day>,
    to: OrEmpty<Day>,
) -> Result<AuditLog, AppError> {
    use crate::backend::{audit, auth::Caller, context::respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Admin])?;
            audit::log(&caller, person.0.as_ref(), from.0, to.0).await
        }
        .await,
    )
}
