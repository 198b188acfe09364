//! Scuole, classi e servizi: the office sets up the Ente's schools, classes, services
//! (operators and administrators) and its pagoPA identifiers (administrators). A plain form
//! post lands back on the page.

use crate::domain::ids::{ClassId, SchoolId};
use crate::error::AppError;
use crate::model::setup::{ClassForm, PagopaForm, SchoolForm, ServiceForm, SetupView};
use leptos::prelude::*;

#[server(endpoint = "setup_view")]
pub async fn load_setup() -> Result<SetupView, AppError> {
    use crate::backend::{auth::Caller, context::respond, setup};
    use crate::domain::identity::Role;
    respond(async { setup::page(&Caller::require(&[Role::Operator, Role::Admin])?).await }.await)
}

/// Adds a school (no id) or changes one.
#[server(endpoint = "setup_school")]
pub async fn save_school(school: SchoolForm) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::*, setup};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let saved = setup::save_school(&caller, &school).await?;
            redirect_form_post(crate::routes::SETUP);
            Ok(saved)
        }
        .await,
    )
}

/// Retires a school (`retired = true`) or puts it back in service.
#[server(endpoint = "setup_school_retire")]
pub async fn retire_school(school: SchoolId, retired: bool) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::*, setup};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let done = setup::retire_school(&caller, &school, retired).await?;
            redirect_form_post(crate::routes::SETUP);
            Ok(done)
        }
        .await,
    )
}

/// Deletes a school nothing refers to yet.
#[server(endpoint = "setup_school_delete")]
pub async fn delete_school(school: SchoolId) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::*, setup};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let done = setup::delete_school(&caller, &school).await?;
            redirect_form_post(crate::routes::SETUP);
            Ok(done)
        }
        .await,
    )
}

/// Adds a class (no id) or changes one, with its canteen weekdays.
#[server(endpoint = "setup_class")]
pub async fn save_class(class: ClassForm) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::*, setup};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let saved = setup::save_class(&caller, &class).await?;
            redirect_form_post(crate::routes::SETUP);
            Ok(saved)
        }
        .await,
    )
}

/// Deletes a class without pupils.
#[server(endpoint = "setup_class_delete")]
pub async fn delete_class(class: ClassId) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::*, setup};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let done = setup::delete_class(&caller, &class).await?;
            redirect_form_post(crate::routes::SETUP);
            Ok(done)
        }
        .await,
    )
}

/// Adds a service (no id) or changes one.
#[server(endpoint = "setup_service")]
pub async fn save_service(service: ServiceForm) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::*, setup};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let saved = setup::save_service(&caller, &service).await?;
            redirect_form_post(crate::routes::SETUP);
            Ok(saved)
        }
        .await,
    )
}

/// The Ente's IBAN, CBILL and segregation code: administrators only.
#[server(endpoint = "setup_pagopa")]
pub async fn save_pagopa(pagopa: PagopaForm) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context::*, setup};
    use crate::domain::identity::Role;
    respond(
        async {
            let saved = setup::save_pagopa(&Caller::require(&[Role::Admin])?, &pagopa).await?;
            redirect_form_post(crate::routes::SETUP);
            Ok(saved)
        }
        .await,
    )
}
