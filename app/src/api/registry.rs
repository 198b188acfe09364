//! Anagrafe alunni: an uploaded list's columns, its check and import, the report; the
//! classes of the school year and the passage to the next one. The upload itself is a
//! plain multipart POST (`routes::REGISTRY_UPLOAD`).

use crate::domain::ids::ImportId;
use crate::domain::school_year::SchoolYear;
use crate::error::AppError;
use crate::model::registry::{ColumnChoice, RegistryOverview, RegistryReport, RegistryUpload};
use leptos::prelude::*;

#[server(endpoint = "registry_overview")]
pub async fn load_registry() -> Result<RegistryOverview, AppError> {
    use crate::backend::{auth::Caller, context::respond, registry};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            registry::overview(&caller).await
        }
        .await,
    )
}

/// The uploaded list: its headings, guessed columns and first lines.
#[server(endpoint = "registry_upload")]
pub async fn load_upload(file: ImportId) -> Result<RegistryUpload, AppError> {
    use crate::backend::{auth::Caller, context::respond, registry};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            registry::draft(&caller, &file).await
        }
        .await,
    )
}

/// What importing the list with these columns would do, or its errors line by line.
#[server(endpoint = "registry_check")]
pub async fn check_import(
    file: ImportId,
    choice: ColumnChoice,
) -> Result<RegistryReport, AppError> {
    use crate::backend::{auth::Caller, context::respond, registry};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            registry::check(&caller, &file, &choice).await
        }
        .await,
    )
}

/// Imports the list whole or not at all; a plain form post lands on its report.
#[server(endpoint = "registry_import")]
pub async fn import_registry(file: ImportId, choice: ColumnChoice) -> Result<ImportId, AppError> {
    use crate::backend::{auth::Caller, context, registry};
    use crate::domain::identity::Role;
    context::respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let report = registry::import(&caller, &file, &choice).await?;
            context::redirect_form_post(&crate::routes::registry_after_import(&report));
            Ok(report)
        }
        .await,
    )
}

#[server(endpoint = "registry_import_report")]
pub async fn load_registry_report(id: ImportId) -> Result<RegistryReport, AppError> {
    use crate::backend::{auth::Caller, context::respond, registry};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            registry::report(&caller, &id).await
        }
        .await,
    )
}

/// "Nuovo anno scolastico" into `to` ("2027/2028"), the year after the current one.
#[server(endpoint = "registry_new_year")]
pub async fn start_school_year(to: SchoolYear) -> Result<String, AppError> {
    use crate::backend::{auth::Caller, context, registry};
    use crate::domain::identity::Role;
    context::respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin])?;
            let done = registry::start_year(&caller, to).await?;
            context::redirect_form_post(crate::routes::REGISTRY);
            Ok(done)
        }
        .await,
    )
}
