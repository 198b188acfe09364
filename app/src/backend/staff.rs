//! The Ente's staff, managed by its administrators.

use crate::backend::auth::Caller;
use crate::backend::store::staff;
use crate::domain::fiscal_code::FiscalCode;
use crate::error::AppError;
use crate::model::staff::{StaffMember, StaffRole};

pub async fn list(caller: &Caller) -> Result<Vec<StaffMember>, AppError> {
    let grants = staff::list(caller.db(), &caller.tenant.id).await?;
    Ok(grants
        .into_iter()
        .map(|g| StaffMember {
            fiscal_code: g.fiscal_code.to_string(),
            role: g.role,
            name: g.name,
            granted_by: g.granted_by,
        })
        .collect())
}

/// Grants (`grant`) or takes away a staff role; says what changed.
pub async fn change(
    caller: &Caller,
    fiscal_code: &str,
    role: StaffRole,
    grant: bool,
) -> Result<String, AppError> {
    let cf = FiscalCode::parse(fiscal_code).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let admin = caller.fiscal_code();
    let role = role.role();
    if !grant && role == crate::domain::identity::Role::Admin && &cf == admin {
        return Err(AppError::BadRequest(
            "Non puoi togliere a te stesso il ruolo di amministratore: chiedilo a un altro amministratore.".into(),
        ));
    }
    let (db, tenant) = (caller.db(), &caller.tenant.id);
    let changed = if grant {
        let now = chrono::Utc::now();
        staff::grant(db, tenant, &cf, role, admin.as_str(), now).await?
    } else {
        staff::revoke(db, tenant, &cf, role).await?
    };
    tracing::info!(by = %admin, fiscal_code = %cf, role = role.as_str(), grant, changed, "staff role change");
    Ok(match (grant, changed) {
        (true, true) => format!("{cf}: ruolo «{}» assegnato.", role.label()),
        (true, false) => format!("{cf} ha già il ruolo «{}».", role.label()),
        (false, true) => format!("{cf}: ruolo «{}» revocato.", role.label()),
        (false, false) => format!("{cf} non aveva il ruolo «{}».", role.label()),
    })
}
