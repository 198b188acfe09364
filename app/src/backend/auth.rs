//! Who is asking, in one place. The server's session middleware puts the signed-in
//! person in the request; every server function starts with [`Caller::require`] (or
//! [`Visitor::current`] for public data) and hands the result to the backend, which filters
//! every query by the caller's Ente and person.

use crate::backend::context::{app_context, current_tenant, today, AppContext};
use crate::backend::store::staff;
use crate::backend::store::users::User;
use crate::backend::store::Tenant;
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::identity::Role;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use sqlx::AnyPool;
use std::collections::BTreeSet;

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

    /// Of the Ente's office (operator or admin): every school, family and form.
    pub fn is_office(&self) -> bool {
        self.roles.iter().any(|r| r.is_office())
    }
}

/// The signed-in person, if any (public pages adapt to it).
pub fn optional_user() -> Option<CurrentUser> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
}

/// A signed-in request: the shared resources, the Ente the host selected and the person.
#[derive(Clone, Debug)]
pub struct Caller {
    pub ctx: AppContext,
    pub tenant: Tenant,
    pub me: CurrentUser,
}

impl Caller {
    /// The signed-in person holding one of `roles` (any role when empty): `Unauthorized`
    /// without a session, `Forbidden` without the role.
    pub fn require(roles: &[Role]) -> Result<Caller, AppError> {
        let tenant = current_tenant()?;
        let me = optional_user().ok_or(AppError::Unauthorized)?;
        if !roles.is_empty() && !roles.iter().any(|r| me.has(*r)) {
            return Err(AppError::Forbidden(
                "Non hai i permessi per questa sezione del portale.".into(),
            ));
        }
        Ok(Caller {
            ctx: app_context()?,
            tenant,
            me,
        })
    }

    pub fn db(&self) -> &AnyPool {
        &self.ctx.db
    }

    pub fn fiscal_code(&self) -> &FiscalCode {
        &self.me.user.fiscal_code
    }

    pub fn has(&self, role: Role) -> bool {
        self.me.has(role)
    }

    /// Today in the Ente's time zone.
    pub fn today(&self) -> NaiveDate {
        today(&self.tenant)
    }

    /// The schools the caller works for in a school-scoped `role`'s task: every school for
    /// the office, the granted ones for school staff and kitchen.
    pub async fn schools_for(&self, role: Role) -> Result<SchoolScope, AppError> {
        if self.me.is_office() {
            return Ok(SchoolScope::All);
        }
        let ids = staff::schools_of(self.db(), &self.tenant.id, self.fiscal_code(), role).await?;
        Ok(SchoolScope::Only(ids))
    }
}

/// Which schools a school-scoped task covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchoolScope {
    All,
    /// School ids.
    Only(BTreeSet<String>),
}

impl SchoolScope {
    pub fn covers(&self, school_id: &str) -> bool {
        match self {
            SchoolScope::All => true,
            SchoolScope::Only(ids) => ids.contains(school_id),
        }
    }
}

/// A request for public data: the shared resources, the Ente, and the person if signed in.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub ctx: AppContext,
    pub tenant: Tenant,
    pub me: Option<CurrentUser>,
}

impl Visitor {
    pub fn current() -> Result<Visitor, AppError> {
        Ok(Visitor {
            tenant: current_tenant()?,
            ctx: app_context()?,
            me: optional_user(),
        })
    }

    pub fn db(&self) -> &AnyPool {
        &self.ctx.db
    }
}
