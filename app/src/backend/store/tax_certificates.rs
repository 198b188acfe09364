//! The yearly expense certificates (730): what each tutore paid in a calendar year of the
//! Ente's zone, per pupil — fees by their pupil, wallet top-ups shared by the year's meals.

use super::{instant_to_db, new_id, StoreError, Tenant};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::money::Money;
use crate::domain::tax_certificates::allocate;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

/// The first instant of `year` and of the next one, in the Ente's zone.
fn year_bounds(tenant: &Tenant, year: i32) -> Result<(String, String), StoreError> {
    let start = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|t| tenant.time_zone.from_local_datetime(&t).earliest())
            .map(|t| instant_to_db(t.with_timezone(&Utc)))
            .ok_or_else(|| StoreError::Invalid(format!("year {y}")))
    };
    Ok((start(year)?, start(year + 1)?))
}

/// (guardian id, pupil id) → amount paid in `year`.
pub async fn paid_in_year(
    pool: &AnyPool,
    tenant: &Tenant,
    year: i32,
) -> Result<BTreeMap<(String, String), Money>, StoreError> {
    let (from, to) = year_bounds(tenant, year)?;
    let mut out: BTreeMap<(String, String), i64> = BTreeMap::new();
    for r in sqlx::query(
        "SELECT a.guardian_id, f.pupil_id, CAST(SUM(p.amount_cents) AS BIGINT) AS paid
         FROM payments p
         JOIN fees f ON f.tenant_id = p.tenant_id AND f.id = p.fee_id
         JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id
         WHERE p.tenant_id = $1 AND p.status = 'paid' AND p.purpose = 'fee' AND p.paid_at >= $2 AND p.paid_at < $3
         GROUP BY a.guardian_id, f.pupil_id",
    )
    .bind(tenant.id.as_str())
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?
    {
        *out.entry((r.try_get("guardian_id")?, r.try_get("pupil_id")?))
            .or_insert(0) += r.try_get::<i64, _>("paid")?;
    }
    let topups = sqlx::query(
        "SELECT a.id, a.guardian_id, a.service_id, CAST(SUM(p.amount_cents) AS BIGINT) AS paid
         FROM payments p JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id
         WHERE p.tenant_id = $1 AND p.status = 'paid' AND p.purpose = 'topup' AND p.paid_at >= $2 AND p.paid_at < $3
         GROUP BY a.id, a.guardian_id, a.service_id",
    )
    .bind(tenant.id.as_str())
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    for t in &topups {
        let account: String = t.try_get("id")?;
        let guardian: String = t.try_get("guardian_id")?;
        // The year's meals of each pupil on this wallet (net of refunds)…
        let mut weights: Vec<(String, i64)> = sqlx::query(
            "SELECT pupil_id, CAST(-SUM(amount_cents) AS BIGINT) AS eaten FROM ledger_entries
             WHERE tenant_id = $1 AND account_id = $2 AND kind IN ('meal', 'refund') AND pupil_id IS NOT NULL
               AND created_at >= $3 AND created_at < $4
             GROUP BY pupil_id ORDER BY pupil_id",
        )
        .bind(tenant.id.as_str())
        .bind(&account)
        .bind(&from)
        .bind(&to)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("pupil_id")?, r.try_get("eaten")?)))
        .collect::<Result<_, StoreError>>()?;
        // …or, when nobody ate, the pupils subscribed to its service (else all of theirs).
        if weights.is_empty() {
            weights = sqlx::query(
                "SELECT DISTINCT p.id FROM pupils p
                 LEFT JOIN subscriptions s ON s.tenant_id = p.tenant_id AND s.pupil_id = p.id AND s.service_id = $3
                 WHERE p.tenant_id = $1 AND p.guardian_id = $2
                 ORDER BY p.id",
            )
            .bind(tenant.id.as_str())
            .bind(&guardian)
            .bind(t.try_get::<String, _>("service_id")?)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, 0)))
            .collect::<Result<_, StoreError>>()?;
        }
        let paid = Money::from_cents(t.try_get("paid")?);
        let shares = allocate(paid, &weights.iter().map(|w| w.1).collect::<Vec<_>>());
        for ((pupil, _), share) in weights.into_iter().zip(shares) {
            *out.entry((guardian.clone(), pupil)).or_insert(0) += share.cents();
        }
    }
    Ok(out
        .into_iter()
        .map(|(k, v)| (k, Money::from_cents(v)))
        .collect())
}

/// Stores the year's amounts (a rerun updates them, never duplicates); the tutori with at
/// least one certificate above zero.
pub async fn record(
    pool: &AnyPool,
    tenant: &Tenant,
    year: i32,
    amounts: &BTreeMap<(String, String), Money>,
    now: DateTime<Utc>,
) -> Result<Vec<String>, StoreError> {
    let mut tx = pool.begin().await?;
    let mut guardians = Vec::new();
    for ((guardian, pupil), amount) in amounts {
        let done = sqlx::query(
            "INSERT INTO tax_certificates (id, tenant_id, guardian_id, pupil_id, year, amount_cents, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (tenant_id, guardian_id, pupil_id, year) DO UPDATE SET
               amount_cents = excluded.amount_cents, updated_at = excluded.updated_at",
        )
        .bind(new_id())
        .bind(tenant.id.as_str())
        .bind(guardian)
        .bind(pupil)
        .bind(year)
        .bind(amount.cents())
        .bind(instant_to_db(now))
        .execute(&mut *tx)
        .await;
        if let Err(e) = done {
            tx.rollback().await?;
            return Err(e.into());
        }
        if amount.cents() > 0 && guardians.last() != Some(guardian) {
            guardians.push(guardian.clone());
        }
    }
    tx.commit().await?;
    guardians.dedup();
    Ok(guardians)
}

/// One page of a tutore's certificate: the pupil and the amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateLine {
    pub payer_name: String,
    pub payer_fiscal_code: String,
    pub pupil_name: String,
    pub pupil_fiscal_code: String,
    pub amount: Money,
}

/// The certificates of the tutore with this fiscal code for `year` (amounts above zero).
pub async fn of_guardian(
    pool: &AnyPool,
    tenant: &Tenant,
    guardian_fiscal_code: &FiscalCode,
    year: i32,
) -> Result<Vec<CertificateLine>, StoreError> {
    sqlx::query(
        "SELECT t.amount_cents, g.given_name AS g_given, g.family_name AS g_family, g.fiscal_code AS g_cf,
                p.given_name AS p_given, p.family_name AS p_family, p.fiscal_code AS p_cf
         FROM tax_certificates t
         JOIN guardians g ON g.tenant_id = t.tenant_id AND g.id = t.guardian_id
         JOIN pupils p ON p.tenant_id = t.tenant_id AND p.id = t.pupil_id
         WHERE t.tenant_id = $1 AND g.fiscal_code = $2 AND t.year = $3 AND t.amount_cents > 0
         ORDER BY p.birth_date, p.id",
    )
    .bind(tenant.id.as_str())
    .bind(guardian_fiscal_code.as_str())
    .bind(year)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(CertificateLine {
            payer_name: format!("{} {}", r.try_get::<String, _>("g_given")?, r.try_get::<String, _>("g_family")?),
            payer_fiscal_code: r.try_get("g_cf")?,
            pupil_name: format!("{} {}", r.try_get::<String, _>("p_given")?, r.try_get::<String, _>("p_family")?),
            pupil_fiscal_code: r.try_get("p_cf")?,
            amount: Money::from_cents(r.try_get("amount_cents")?),
        })
    })
    .collect()
}
