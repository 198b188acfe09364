//! Famiglie: the office looks up a family and reads its accounts, read only (operators and
//! administrators of the Ente).

use crate::domain::fiscal_code::FiscalCode;
use crate::error::AppError;
use crate::model::families::{FamilySearch, FamilyView};
use leptos::prelude::*;

/// The families matching a name, a fiscal code or a notice code (`q`).
#[server(endpoint = "families_search")]
pub async fn search_families(q: String) -> Result<FamilySearch, AppError> {
    use crate::backend::{auth::Caller, context::respond, families};
    use crate::domain::identity::Role;
    respond(
        async { families::search(&Caller::require(&[Role::Operator, Role::Admin])?, &q).await }
            .await,
    )
}

/// The family of the tutore with this fiscal code.
#[server(endpoint = "family_view")]
pub async fn load_family(fiscal_code: FiscalCode) -> Result<FamilyView, AppError> {
    use crate::backend::{auth::Caller, context::respond, families};
    use crate::domain::identity::Role;
    respond(
        async {
            families::view(
                &Caller::require(&[Role::Operator, Role::Admin])?,
                &fiscal_code,
            )
            .await
        }
        .await,
    )
}
