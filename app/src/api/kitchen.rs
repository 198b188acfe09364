//! The kitchen's report for a day: meals per school, class and diet (plain meals apart),
//! for the office (every school) and the kitchen (its schools).

use crate::domain::date::Day;
use crate::error::AppError;
use crate::model::kitchen::KitchenReport;
use leptos::prelude::*;

/// The report of `day` (none: today in the Ente's zone).
#[server(endpoint = "kitchen_report")]
pub async fn load_kitchen_report(day: Option<Day>) -> Result<KitchenReport, AppError> {
    use crate::backend::{auth::Caller, context::respond, kitchen};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Operator, Role::Admin, Role::Kitchen])?;
            kitchen::report(&caller, day).await
        }
        .await,
    )
}
