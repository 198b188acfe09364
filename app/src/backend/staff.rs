//! The Ente's staff, managed by its administrators.

use crate::backend::auth::Caller;
use crate::backend::store::{audit, registry, staff};
use crate::domain::audit::AuditAction;
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::identity::Role;
use crate::domain::ids::SchoolId;
use crate::error::AppError;
use crate::model::staff::{StaffMember, StaffRole, StaffSchool, StaffView};
use std::collections::{BTreeMap, BTreeSet};

pub async fn view(caller: &Caller) -> Result<StaffView, AppError> {
    let grants = staff::list(caller.db(), &caller.tenant.id).await?;
    let schools = registry::schools(caller.db(), &caller.tenant.id).await?;
    Ok(StaffView {
        members: grants
            .into_iter()
            .map(|g| StaffMember {
                fiscal_code: g.fiscal_code.to_string(),
                role: g.role,
                name: g.name,
                granted_by: g.granted_by,
                schools: g.schools.into_iter().map(|(_, name)| name).collect(),
            })
            .collect(),
        schools: schools
            .into_iter()
            .map(|(id, name)| StaffSchool {
                id: SchoolId::from_db(id),
                name,
            })
            .collect(),
    })
}

/// Grants (with the schools a school-scoped role covers) or takes away a staff role; says
/// what changed.
pub async fn change(
    caller: &Caller,
    fiscal_code: &str,
    role: StaffRole,
    grant: bool,
    chosen: &[SchoolId],
) -> Result<String, AppError> {
    let cf = FiscalCode::parse(fiscal_code).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let admin = caller.fiscal_code();
    let role = role.role();
    if !grant && role == Role::Admin && &cf == admin {
        return Err(AppError::BadRequest(
            "Non puoi togliere a te stesso il ruolo di amministratore: chiedilo a un altro amministratore.".into(),
        ));
    }
    let all: BTreeMap<String, String> = registry::schools(caller.db(), &caller.tenant.id)
        .await?
        .into_iter()
        .collect();
    let ids = if grant && role.is_school_scoped() {
        chosen_schools(&all, role, chosen)?
    } else {
        BTreeSet::new()
    };
    let (tenant, now) = (&caller.tenant.id, chrono::Utc::now());
    // The role, its schools and its record in the audit log, together or not at all.
    let mut tx = caller.db().begin().await?;
    let (changed, before) = if grant {
        let added = staff::grant(&mut *tx, tenant, &cf, role, admin.as_str(), now).await?;
        let before = if role.is_school_scoped() {
            staff::set_schools(&mut tx, tenant, &cf, role, &ids).await?
        } else {
            BTreeSet::new()
        };
        (added || before != ids, (!added).then_some(before))
    } else {
        let before = staff::schools_of(&mut *tx, tenant, &cf, role).await?;
        (
            staff::revoke(&mut tx, tenant, &cf, role).await?,
            Some(before),
        )
    };
    let covered = names(&all, &ids);
    if changed {
        let before = before.map(|set| describe(role, &names(&all, &set)));
        let after = grant.then(|| describe(role, &covered));
        let entry = audit::Change {
            actor: admin,
            action: if grant {
                AuditAction::RoleGranted
            } else {
                AuditAction::RoleRevoked
            },
            subject: cf.as_str(),
            before: before.as_deref(),
            after: after.as_deref(),
        };
        audit::append(&mut tx, tenant, &entry, now).await?;
    }
    tx.commit().await?;
    tracing::info!(by = %admin, fiscal_code = %cf, role = role.as_str(), grant = grant, changed, "staff role change");
    let label = role.label();
    let covered = if covered.is_empty() {
        String::new()
    } else {
        format!(" per: {}", covered.join(", "))
    };
    Ok(match (grant, changed) {
        (true, true) => format!("{cf}: ruolo «{label}» assegnato{covered}."),
        (true, false) => format!("{cf} ha già il ruolo «{label}»{covered}."),
        (false, true) => format!("{cf}: ruolo «{label}» revocato."),
        (false, false) => format!("{cf} non aveva il ruolo «{label}»."),
    })
}

/// The schools named by a school-scoped grant: at least one, all of this Ente (`all`).
fn chosen_schools(
    all: &BTreeMap<String, String>,
    role: Role,
    chosen: &[SchoolId],
) -> Result<BTreeSet<String>, AppError> {
    if chosen.is_empty() {
        return Err(AppError::BadRequest(format!(
            "Scegli almeno una scuola per il ruolo «{}».",
            role.label()
        )));
    }
    chosen
        .iter()
        .map(|id| {
            all.contains_key(id.as_str())
                .then(|| id.to_string())
                .ok_or_else(|| AppError::BadRequest("Una delle scuole scelte non esiste.".into()))
        })
        .collect()
}

/// The names of `ids`, by name.
fn names(all: &BTreeMap<String, String>, ids: &BTreeSet<String>) -> Vec<String> {
    let mut names: Vec<String> = ids.iter().filter_map(|id| all.get(id).cloned()).collect();
    names.sort();
    names
}

/// A grant as the audit log shows it: the role, and the schools it covers.
fn describe(role: Role, schools: &[String]) -> String {
    if schools.is_empty() {
        role.as_str().to_string()
    } else {
        format!("{} ({})", role.as_str(), schools.join(", "))
    }
}
