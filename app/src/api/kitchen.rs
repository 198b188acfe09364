//! The kitchen's report for a day: meals per school, class and diet (plain meals apart),
//! for the Ente's staff.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitchenRow {
    pub school: String,
    pub class: String,
    /// "normale", "in bianco", or the diet.
    pub meal: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitchenReport {
    /// YYYY-MM-DD
    pub day: String,
    /// dd/mm/yyyy
    pub day_label: String,
    /// Closed at the cut-off: the counts are final and the meals debited.
    pub closed: bool,
    pub rows: Vec<KitchenRow>,
    pub total: u32,
}

/// The report of `day` (YYYY-MM-DD; empty: today in the Ente's zone).
#[server(endpoint = "kitchen_report")]
pub async fn load_kitchen_report(day: String) -> Result<KitchenReport, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, _) = require_role(&[Role::Operator, Role::Admin])?;
            let ctx = app_context()?;
            crate::backend::kitchen::report(&ctx, &tenant, &day).await
        }
        .await,
    )
}
