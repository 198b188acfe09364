//! Who is asking, in one place. The server's session middleware puts the signed-in
//! person in the request; every server function that needs one goes through
//! [`require_user`] (or [`require_role`]) and passes the result on to the store.

use crate::backend::store::users::User;
use crate::backend::store::Tenant;
use crate::domain::identity::Role;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in person of this request, with their roles in the request's Ente.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: User,
    pub roles: Vec<Role>,
    /// The identity provider they logged in with.
    pub provider: String,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|r| r.is_staff())
    }
}

/// The signed-in person, if any (public pages adapt to it).
pub fn optional_user() -> Option<CurrentUser> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
}

/// The Ente and the signed-in person, or `Unauthorized`.
pub fn require_user() -> Result<(Tenant, CurrentUser), AppError> {
    let tenant = crate::backend::context::current_tenant()?;
    let user = optional_user().ok_or(AppError::Unauthorized)?;
    Ok((tenant, user))
}

/// As [`require_user`], and the person must hold one of `roles`, or `Forbidden`.
pub fn require_role(roles: &[Role]) -> Result<(Tenant, CurrentUser), AppError> {
    let (tenant, user) = require_user()?;
    if roles.iter().any(|r| user.has(*r)) {
        Ok((tenant, user))
    } else {
        Err(AppError::Forbidden(
            "Non hai i permessi per questa sezione del portale.".into(),
        ))
    }
}
