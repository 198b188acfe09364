//! The Ente's staff (operators and administrators), managed by its administrators.

use crate::domain::identity::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub fiscal_code: String,
    pub role: Role,
    /// From their last login; `None` until they log in.
    pub name: Option<String>,
    pub granted_by: String,
}

#[server(endpoint = "staff_list")]
pub async fn list_staff() -> Result<Vec<StaffMember>, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::backend::store::users;
    respond(
        async {
            let (tenant, _admin) = require_role(&[Role::Admin])?;
            let ctx = app_context()?;
            let grants = users::staff(&ctx.db, &tenant.id)
                .await
                .map_err(AppError::internal)?;
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
        .await,
    )
}

/// Grants (`grant = true`) or takes away a staff role.
#[server(endpoint = "staff_change")]
pub async fn change_staff_role(
    fiscal_code: String,
    role: String,
    grant: bool,
) -> Result<String, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::backend::store::users;
    use crate::domain::fiscal_code::FiscalCode;
    respond(
        async {
            let (tenant, admin) = require_role(&[Role::Admin])?;
            let cf = FiscalCode::parse(&fiscal_code)
                .map_err(|e| AppError::BadRequest(e.to_string()))?;
            let role = Role::parse(&role).filter(|r| r.is_staff()).ok_or_else(|| {
                AppError::BadRequest("Scegli il ruolo: operatore o amministratore.".into())
            })?;
            if !grant && role == Role::Admin && cf == admin.user.fiscal_code {
                return Err(AppError::BadRequest(
                    "Non puoi togliere a te stesso il ruolo di amministratore: chiedilo a un altro amministratore.".into(),
                ));
            }
            let ctx = app_context()?;
            let who = admin.user.fiscal_code.to_string();
            let changed = if grant {
                users::grant(&ctx.db, &tenant.id, &cf, role, &who, chrono::Utc::now()).await
            } else {
                users::revoke(&ctx.db, &tenant.id, &cf, role).await
            }
            .map_err(AppError::internal)?;
            tracing::info!(by = %admin.user.fiscal_code, fiscal_code = %cf, role = role.as_str(), grant, changed, "staff role change");
            Ok(match (grant, changed) {
                (true, true) => format!("{cf}: ruolo «{}» assegnato.", role.label()),
                (true, false) => format!("{cf} ha già il ruolo «{}».", role.label()),
                (false, true) => format!("{cf}: ruolo «{}» revocato.", role.label()),
                (false, false) => format!("{cf} non aveva il ruolo «{}».", role.label()),
            })
        }
        .await,
    )
}
