//! The kitchen's view of a canteen day: how many meals of each kind, per school and class.

use crate::backend::store::{closure, StoreError, Tenant};
use chrono::NaiveDate;
use sqlx::AnyPool;
use std::collections::{BTreeMap, BTreeSet};

/// The kitchen's counts for a day: meals per school and class, with diets and plain
/// meals apart; of the schools in `only` (by id) when given.
pub async fn counts(
    pool: &AnyPool,
    tenant: &Tenant,
    day: NaiveDate,
    only: Option<&BTreeSet<String>>,
) -> Result<BTreeMap<(String, String, String), u32>, StoreError> {
    let mut counts = BTreeMap::new();
    let present = closure::presences(pool, tenant, day).await?;
    for p in present
        .into_iter()
        .filter(|p| only.is_none_or(|ids| ids.contains(&p.school_id)))
    {
        let kind = if p.plain {
            "in bianco".to_string()
        } else {
            p.diet.clone().unwrap_or_else(|| "normale".to_string())
        };
        *counts.entry((p.school, p.class, kind)).or_insert(0) += 1;
    }
    Ok(counts)
}
