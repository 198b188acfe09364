//! What each pupil's meal costs on a day: the price of the band the subscription names,
//! in the version of the price list valid that day, less the sibling discount.

use super::{date_to_db, StoreError, TenantId};
use crate::domain::money::Money;
use crate::domain::tariffs::{meal_price, sibling_ranks};
use chrono::NaiveDate;
use sqlx::{AnyPool, Row};
use std::collections::{BTreeMap, HashMap};

/// The price of one meal on `day` for every pupil subscribed to a prepaid service that
/// day (only the pupils of `guardian_id` when given), by pupil id.
pub async fn meal_prices(
    pool: &AnyPool,
    tenant: &TenantId,
    day: NaiveDate,
    guardian_id: Option<&str>,
) -> Result<HashMap<String, Money>, StoreError> {
    let rows = sqlx::query(
        "SELECT sub.pupil_id, sub.service_id, p.guardian_id, p.birth_date,
                sb.price_cents AS own_price, sb.sibling_discount_percent AS own_discount,
                v.valid_from, v.price_cents, v.sibling_discount_percent
         FROM subscriptions sub
         JOIN services sv ON sv.tenant_id = sub.tenant_id AND sv.id = sub.service_id AND sv.billing_mode = 'prepaid'
         JOIN pupils p ON p.tenant_id = sub.tenant_id AND p.id = sub.pupil_id
         JOIN tariff_bands sb ON sb.tenant_id = sub.tenant_id AND sb.id = sub.tariff_band_id
         LEFT JOIN tariff_bands v ON v.tenant_id = sb.tenant_id AND v.service_id = sb.service_id
              AND v.code = sb.code AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to >= $2)
         WHERE sub.tenant_id = $1 AND sub.from_date <= $2 AND (sub.to_date IS NULL OR sub.to_date >= $2)
           AND ($3 = '' OR p.guardian_id = $3)",
    )
    .bind(tenant.as_str())
    .bind(date_to_db(day))
    .bind(guardian_id.unwrap_or(""))
    .fetch_all(pool)
    .await?;
    // Per pupil: the band's price and discount in the latest version valid that day (the
    // subscribed row itself when no version covers the day).
    struct Priced {
        service: String,
        guardian: String,
        birth: NaiveDate,
        valid_from: String,
        price: i64,
        discount: i32,
    }
    let mut by_pupil: HashMap<String, Priced> = HashMap::new();
    for r in &rows {
        let pupil: String = r.try_get("pupil_id")?;
        let valid_from: Option<String> = r.try_get("valid_from")?;
        let (valid_from, price, discount) = match valid_from {
            Some(v) => (
                v,
                r.try_get("price_cents")?,
                r.try_get("sibling_discount_percent")?,
            ),
            None => (
                String::new(),
                r.try_get("own_price")?,
                r.try_get("own_discount")?,
            ),
        };
        if by_pupil
            .get(&pupil)
            .is_some_and(|p| p.valid_from >= valid_from)
        {
            continue;
        }
        let birth: String = r.try_get("birth_date")?;
        by_pupil.insert(
            pupil,
            Priced {
                service: r.try_get("service_id")?,
                guardian: r.try_get("guardian_id")?,
                birth: NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
                    .map_err(|e| StoreError::Invalid(format!("birth date {birth:?}: {e}")))?,
                valid_from,
                price,
                discount,
            },
        );
    }
    // Siblings are the pupils of one tutore at one service.
    let mut families: BTreeMap<(&str, &str), Vec<(&str, NaiveDate)>> = BTreeMap::new();
    for (id, p) in &by_pupil {
        families
            .entry((&p.guardian, &p.service))
            .or_default()
            .push((id, p.birth));
    }
    let mut prices = HashMap::with_capacity(by_pupil.len());
    for children in families.values_mut() {
        for (id, rank) in sibling_ranks(children) {
            if let Some(p) = by_pupil.get(id) {
                let discount = u8::try_from(p.discount.clamp(0, 100)).unwrap_or(0);
                prices.insert(
                    id.to_string(),
                    meal_price(Money::from_cents(p.price), discount, rank),
                );
            }
        }
    }
    Ok(prices)
}
