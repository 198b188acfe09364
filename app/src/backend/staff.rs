//! The Ente's staff, managed by its administrators.

use crate::backend::auth::Caller;
use crate::backend::store::{audit, staff};
use crate::domain::audit::AuditAction;
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
    let (tenant, now) = (&caller.tenant.id, chrono::Utc::now());
    // The role and its record in the audit log, together or not at all.
    let mut tx = caller.db().begin().await?;
    let changed = if grant {
        staff::grant(&mut *tx, tenant, &cf, role, admin.as_str(), now).await?
    } else {
        staff::revoke(&mut *tx, tenant, &cf, role).await?
    };
    if changed {
        let (action, before, after) = if grant {
            (AuditAction::RoleGranted, None, Some(role.as_str()))
        } else {
            (AuditAction::RoleRevoked, Some(role.as_str()), None)
        };
        let change = audit::Change {
            actor: admin,
            action,
            subject: cf.as_str(),
            before,
            after,
        };
        audit::append(&mut tx, tenant, &change, now).await?;
    }
    tx.commit().await?;
    tracing::info!(by = %admin, fiscal_code = %cf, role = role.as_str(), grant, changed, "staff role change");
    Ok(match (grant, changed) {
        (true, true) => format!("{cf}: ruolo «{}» assegnato.", role.label()),
        (true, false) => format!("{cf} ha già il ruolo «{}».", role.label()),
        (false, true) => format!("{cf}: ruolo «{}» revocato.", role.label()),
        (false, false) => format!("{cf} non aveva il ruolo «{}».", role.label()),
    })
}
