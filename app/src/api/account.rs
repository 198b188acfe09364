//! The personal area: the ways to log in, and what a signed-in person sees first.

use crate::domain::identity::{ProviderKind, Role};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An identity provider button of the login page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginOption {
    pub id: String,
    pub name: String,
    pub kind: ProviderKind,
}

/// The identity providers this Ente accepts (public: the login page lists them).
#[server(endpoint = "login_options")]
pub async fn login_options() -> Result<Vec<LoginOption>, AppError> {
    use crate::backend::context::{app_context, current_tenant, respond};
    respond((|| {
        let tenant = current_tenant()?;
        let ctx = app_context()?;
        Ok(ctx
            .login_providers
            .iter()
            .filter(|p| p.serves(&tenant))
            .map(|p| LoginOption {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind,
            })
            .collect())
    })())
}

/// A pupil as the personal area shows it (the store builds it directly).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PupilCard {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub school: String,
    pub school_id: String,
    pub class: String,
    /// Set by the Ente after a request with a medical certificate.
    pub diet: Option<String>,
    pub services: Vec<String>,
    /// Managed by a tutore's delegation (bookings only), not as their tutore.
    pub delegated: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalHome {
    pub given_name: String,
    pub family_name: String,
    pub fiscal_code: String,
    pub roles: Vec<Role>,
    pub pupils: Vec<PupilCard>,
}

/// The signed-in person's home: who they are, their roles, their pupils.
#[server(endpoint = "personal_home")]
pub async fn load_personal_home() -> Result<PersonalHome, AppError> {
    use crate::backend::auth::require_user;
    use crate::backend::context::{app_context, respond, today};
    use crate::backend::store::family;
    respond(
        async {
            let (tenant, me) = require_user()?;
            let ctx = app_context()?;
            let today = today(&tenant);
            let cf = &me.user.fiscal_code;
            let pupils = family::pupils_linked_to(&ctx.db, &tenant.id, cf, &me.roles, today)
                .await
                .map_err(AppError::internal)?;
            Ok(PersonalHome {
                given_name: me.user.given_name,
                family_name: me.user.family_name,
                fiscal_code: cf.to_string(),
                roles: me.roles,
                pupils,
            })
        }
        .await,
    )
}
