//! Tariffs: the versions of each service's price list, a new list (the previous one ends
//! the day before), and what each pupil's meal costs on a day — the price of the band the
//! subscription names, in the version of the price list valid that day (the personalised
//! tariff from the subscription's ISEE), less the sibling discount.

use super::registry::Span;
use super::{date_from_db, date_to_db, new_id, StoreError, TenantId};
use crate::domain::money::Money;
use crate::domain::tariffs::draft::PriceList;
use crate::domain::tariffs::{band_price, meal_price, sibling_ranks, BandKind, TariffBand};
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use std::collections::{BTreeMap, HashMap};

/// The `kind` column of a band: the personalised tariff is stored as `isee` with a
/// maximum price (see the migration `tariff_lists`).
pub fn kind_column(kind: BandKind) -> &'static str {
    match kind {
        BandKind::IseeLinear => BandKind::Isee.as_str(),
        other => other.as_str(),
    }
}

const BAND_COLUMNS: &str = "code, label, kind, isee_min_cents, isee_max_cents, price_cents, \
                            price_max_cents, sibling_discount_percent";

/// A band from the columns of [`BAND_COLUMNS`], each name prefixed with `prefix`.
fn band_from_row(r: &AnyRow, prefix: &str) -> Result<TariffBand, StoreError> {
    let col = |name: &str| format!("{prefix}{name}");
    let money = |name: &str| -> Result<Option<Money>, sqlx::Error> {
        Ok(r.try_get::<Option<i64>, _>(col(name).as_str())?
            .map(Money::from_cents))
    };
    let kind: String = r.try_get(col("kind").as_str())?;
    let price_max = money("price_max_cents")?;
    let kind = match BandKind::parse(&kind) {
        Some(BandKind::Isee) if price_max.is_some() => BandKind::IseeLinear,
        Some(k) => k,
        None => return Err(StoreError::Invalid(format!("band kind {kind:?}"))),
    };
    let discount: i32 = r.try_get(col("sibling_discount_percent").as_str())?;
    Ok(TariffBand {
        code: r.try_get(col("code").as_str())?,
        label: r.try_get(col("label").as_str())?,
        kind,
        isee_min: money("isee_min_cents")?,
        isee_max: money("isee_max_cents")?,
        price: Money::from_cents(r.try_get(col("price_cents").as_str())?),
        price_max,
        sibling_discount_percent: u8::try_from(discount.clamp(0, 100)).unwrap_or(0),
    })
}

/// One version of a band, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredBand {
    pub id: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub band: TariffBand,
}

/// Every version of every band of a service, by start and position: the price lists.
pub async fn bands_of_service(
    pool: &AnyPool,
    tenant: &TenantId,
    service_id: &str,
) -> Result<Vec<StoredBand>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT id, valid_from, valid_to, {BAND_COLUMNS} FROM tariff_bands
         WHERE tenant_id = $1 AND service_id = $2 ORDER BY valid_from, position, code"
    ))
    .bind(tenant.as_str())
    .bind(service_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StoredBand {
                id: r.try_get("id")?,
                valid_from: date_from_db(&r.try_get::<String, _>("valid_from")?)?,
                valid_to: r
                    .try_get::<Option<String>, _>("valid_to")?
                    .as_deref()
                    .map(date_from_db)
                    .transpose()?,
                band: band_from_row(r, "")?,
            })
        })
        .collect()
}

/// The bands of a service valid on `day`, in order, with their ids.
pub async fn bands_valid_on(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    service_id: &str,
    day: NaiveDate,
) -> Result<Vec<(String, TariffBand)>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT id, {BAND_COLUMNS} FROM tariff_bands WHERE tenant_id = $1 AND service_id = $2
           AND valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $3) ORDER BY position"
    ))
    .bind(tenant.as_str())
    .bind(service_id)
    .bind(date_to_db(day))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, band_from_row(r, "")?)))
        .collect()
}

/// A subscription to a service in force on a day or later, with what prices it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscriber {
    pub span: Span,
    pub pupil_name: String,
    pub birth: NaiveDate,
    pub guardian_id: String,
    pub guardian_name: String,
    pub resident: bool,
    pub isee: Option<Money>,
    /// The band row the subscription names.
    pub band: TariffBand,
}

/// The subscriptions to a service in force on `from` or starting later, by family and
/// pupil.
pub async fn subscribers(
    pool: &AnyPool,
    tenant: &TenantId,
    service_id: &str,
    from: NaiveDate,
) -> Result<Vec<Subscriber>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT sub.id AS sub_id, sub.pupil_id, sub.from_date, sub.to_date, sub.isee_cents,
                p.given_name, p.family_name, p.birth_date, g.id AS guardian_id,
                g.given_name AS g_given, g.family_name AS g_family,
                CAST(g.resident AS INTEGER) AS resident, {}
         FROM subscriptions sub
         JOIN pupils p ON p.tenant_id = sub.tenant_id AND p.id = sub.pupil_id
         JOIN guardians g ON g.tenant_id = p.tenant_id AND g.id = p.guardian_id
         JOIN tariff_bands b ON b.tenant_id = sub.tenant_id AND b.id = sub.tariff_band_id
         WHERE sub.tenant_id = $1 AND sub.service_id = $2 AND (sub.to_date IS NULL OR sub.to_date >= $3)
         ORDER BY g.family_name, g.given_name, g.id, p.birth_date, p.id, sub.from_date",
        prefixed("b.", "")
    ))
    .bind(tenant.as_str())
    .bind(service_id)
    .bind(date_to_db(from))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let name = |given: &str, family: &str| -> Result<String, sqlx::Error> {
                Ok(format!(
                    "{} {}",
                    r.try_get::<String, _>(given)?,
                    r.try_get::<String, _>(family)?
                ))
            };
            Ok(Subscriber {
                span: Span {
                    id: r.try_get("sub_id")?,
                    pupil_id: r.try_get("pupil_id")?,
                    service_id: service_id.to_string(),
                    from: date_from_db(&r.try_get::<String, _>("from_date")?)?,
                    to: r
                        .try_get::<Option<String>, _>("to_date")?
                        .as_deref()
                        .map(date_from_db)
                        .transpose()?,
                },
                pupil_name: name("given_name", "family_name")?,
                birth: date_from_db(&r.try_get::<String, _>("birth_date")?)?,
                guardian_id: r.try_get("guardian_id")?,
                guardian_name: name("g_given", "g_family")?,
                resident: r.try_get::<i32, _>("resident")? != 0,
                isee: r
                    .try_get::<Option<i64>, _>("isee_cents")?
                    .map(Money::from_cents),
                band: band_from_row(r, "")?,
            })
        })
        .collect()
}

/// The band columns of table alias `table` (`b.`), renamed with `prefix`.
fn prefixed(table: &str, prefix: &str) -> String {
    BAND_COLUMNS
        .split(", ")
        .map(|c| format!("{table}{c} AS {prefix}{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes a new price list of a service: the versions in force on its first day end the
/// day before, the new bands start that day. Returns the new rows' ids by code. The unique
/// version key refuses a second list from the same day (`Conflict::PriceListExists`).
pub async fn add_list(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    service_id: &str,
    list: &PriceList,
) -> Result<HashMap<String, String>, StoreError> {
    let start = date_to_db(list.valid_from);
    let eve = list.valid_from.pred_opt().unwrap_or(list.valid_from);
    sqlx::query(
        "UPDATE tariff_bands SET valid_to = $1 WHERE tenant_id = $2 AND service_id = $3
           AND valid_from < $4 AND (valid_to IS NULL OR valid_to >= $4)",
    )
    .bind(date_to_db(eve))
    .bind(tenant.as_str())
    .bind(service_id)
    .bind(&start)
    .execute(&mut *conn)
    .await?;
    let mut ids = HashMap::new();
    for (position, band) in list.bands.iter().enumerate() {
        let id = new_id();
        sqlx::query(
            "INSERT INTO tariff_bands (id, tenant_id, service_id, code, label, isee_min_cents, isee_max_cents,
                                       price_cents, price_max_cents, valid_from, position, kind,
                                       sibling_discount_percent)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&id)
        .bind(tenant.as_str())
        .bind(service_id)
        .bind(&band.code)
        .bind(&band.label)
        .bind(band.isee_min.map(Money::cents))
        .bind(band.isee_max.map(Money::cents))
        .bind(band.price.cents())
        .bind(band.price_max.map(Money::cents))
        .bind(&start)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(kind_column(band.kind))
        .bind(i32::from(band.sibling_discount_percent))
        .execute(&mut *conn)
        .await
        .map_err(super::unique_violation_is(super::Conflict::PriceListExists))?;
        ids.insert(band.code.clone(), id);
    }
    Ok(ids)
}

/// The price of one meal on `day` for every pupil subscribed to a prepaid service that
/// day (only the pupils of `guardian_id` when given), by pupil id.
pub async fn meal_prices(
    pool: &AnyPool,
    tenant: &TenantId,
    day: NaiveDate,
    guardian_id: Option<&str>,
) -> Result<HashMap<String, Money>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT sub.pupil_id, sub.service_id, sub.isee_cents, p.guardian_id, p.birth_date,
                v.valid_from, {}, {}
         FROM subscriptions sub
         JOIN services sv ON sv.tenant_id = sub.tenant_id AND sv.id = sub.service_id AND sv.billing_mode = 'prepaid'
         JOIN pupils p ON p.tenant_id = sub.tenant_id AND p.id = sub.pupil_id
         JOIN tariff_bands sb ON sb.tenant_id = sub.tenant_id AND sb.id = sub.tariff_band_id
         LEFT JOIN tariff_bands v ON v.tenant_id = sb.tenant_id AND v.service_id = sb.service_id
              AND v.code = sb.code AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to >= $2)
         WHERE sub.tenant_id = $1 AND sub.from_date <= $2 AND (sub.to_date IS NULL OR sub.to_date >= $2)
           AND ($3 = '' OR p.guardian_id = $3)",
        prefixed("sb.", "own_"),
        prefixed("v.", "v_")
    ))
    .bind(tenant.as_str())
    .bind(date_to_db(day))
    .bind(guardian_id.unwrap_or(""))
    .fetch_all(pool)
    .await?;
    // Per pupil: the band in the latest version valid that day (the subscribed row itself
    // when no version covers the day), priced for the subscription's ISEE.
    struct Priced {
        service: String,
        guardian: String,
        birth: NaiveDate,
        valid_from: String,
        price: Money,
        discount: u8,
    }
    let mut by_pupil: HashMap<String, Priced> = HashMap::new();
    for r in &rows {
        let pupil: String = r.try_get("pupil_id")?;
        let valid_from: Option<String> = r.try_get("valid_from")?;
        let (valid_from, band) = match valid_from {
            Some(v) => (v, band_from_row(r, "v_")?),
            None => (String::new(), band_from_row(r, "own_")?),
        };
        if by_pupil
            .get(&pupil)
            .is_some_and(|p| p.valid_from >= valid_from)
        {
            continue;
        }
        let isee = r
            .try_get::<Option<i64>, _>("isee_cents")?
            .map(Money::from_cents);
        by_pupil.insert(
            pupil,
            Priced {
                service: r.try_get("service_id")?,
                guardian: r.try_get("guardian_id")?,
                birth: date_from_db(&r.try_get::<String, _>("birth_date")?)?,
                valid_from,
                price: band_price(&band, isee),
                discount: band.sibling_discount_percent,
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
                prices.insert(id.to_string(), meal_price(p.price, p.discount, rank));
            }
        }
    }
    Ok(prices)
}
