//! The kitchen's view of a canteen day: how many meals of each kind, per school and class.

use crate::backend::store::{closure, StoreError, Tenant};
use chrono::NaiveDate;
use sqlx::AnyPool;
use std::collections::BTreeMap;

/// The kitchen's counts for a day: meals per school and class, with diets and plain
/// meals apart.
pub async fn counts(
    pool: &AnyPool,
    tenant: &Tenant,
    day: NaiveDate,
) -> Result<BTreeMap<(String, String, String), u32>, StoreError> {
    let mut counts = BTreeMap::new();
    for p in closure::presences(pool, tenant, day).await? {
        let kind = if p.plain {
            "in bianco".to_string()
        } else {
            p.diet.clone().unwrap_or_else(|| "normale".to_string())
        };
        *counts.entry((p.school, p.class, kind)).or_insert(0) += 1;
    }
    Ok(counts)
}
