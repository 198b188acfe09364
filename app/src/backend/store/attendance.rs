//! Absences recorded by school staff after the cut-off: the meal was cooked, so it is
//! charged unless the Ente says otherwise, in which case it is refunded — once, whether
//! the absence or the day's closure comes first.

use super::closure::meal_instant;
use super::payments::ledger::{self, EntryKind, NewEntry};
use super::{date_to_db, instant_to_db, StoreError, Tenant};
use crate::domain::ids::PupilId;
use crate::domain::money::Money;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyPool, Row};
use std::collections::BTreeSet;

/// Records that the pupil was absent on `day` after the cut-off (again: no change), then
/// refunds the meal if the Ente does not charge it and it was already debited.
pub async fn record_late_absence(
    pool: &AnyPool,
    tenant: &Tenant,
    pupil_id: &PupilId,
    day: NaiveDate,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO late_absences (tenant_id, pupil_id, day, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, pupil_id, day) DO NOTHING",
    )
    .bind(tenant.id.as_str())
    .bind(pupil_id.as_str())
    .bind(date_to_db(day))
    .bind(instant_to_db(now))
    .bind(by)
    .execute(pool)
    .await?;
    if !tenant.booking.charge_late_absence {
        refund_late_absences(pool, tenant, day, by, now).await?;
    }
    Ok(())
}

/// The pupils recorded absent after the cut-off on `day`.
pub async fn late_absences(
    pool: &AnyPool,
    tenant: &Tenant,
    day: NaiveDate,
) -> Result<BTreeSet<String>, StoreError> {
    sqlx::query("SELECT pupil_id FROM late_absences WHERE tenant_id = $1 AND day = $2")
        .bind(tenant.id.as_str())
        .bind(date_to_db(day))
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(r.try_get("pupil_id")?))
        .collect()
}

/// Refunds every debited meal of a late absence on `day` (each at most once).
pub async fn refund_late_absences(
    pool: &AnyPool,
    tenant: &Tenant,
    day: NaiveDate,
    by: &str,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let rows = sqlx::query(
        "SELECT a.pupil_id, l.account_id, l.amount_cents
         FROM late_absences a
         JOIN ledger_entries l ON l.tenant_id = a.tenant_id AND l.kind = 'meal'
              AND l.reference = 'meal:' || a.pupil_id || ':' || a.day
         WHERE a.tenant_id = $1 AND a.day = $2",
    )
    .bind(tenant.id.as_str())
    .bind(date_to_db(day))
    .fetch_all(pool)
    .await?;
    let mut refunded = 0;
    for r in &rows {
        let pupil: String = r.try_get("pupil_id")?;
        let account: String = r.try_get("account_id")?;
        let debit: i64 = r.try_get("amount_cents")?;
        let reference = format!("meal-refund:{pupil}:{}", date_to_db(day));
        let description = format!(
            "Rimborso del pasto del {} (assenza registrata dalla scuola)",
            crate::domain::date::format_date_it(day)
        );
        let mut tx = pool.begin().await?;
        let posted = ledger::post(
            &mut tx,
            &tenant.id,
            &account,
            &NewEntry {
                kind: EntryKind::Refund,
                amount: Money::from_cents(-debit),
                pupil_id: Some(&pupil),
                description: &description,
                reference: Some(&reference),
                created_by: by,
            },
            meal_instant(day, now),
        )
        .await;
        match posted {
            Ok(ledger::Posted::Applied) => {
                tx.commit().await?;
                refunded += 1;
            }
            Ok(ledger::Posted::AlreadyPosted) => tx.rollback().await?,
            Err(e) => {
                tx.rollback().await?;
                return Err(e);
            }
        }
    }
    Ok(refunded)
}
