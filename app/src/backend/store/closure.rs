//! The daily closure of the canteen: at the cut-off the day is frozen, the kitchen gets its
//! counts, and every present pupil's meal is debited to the family wallet — exactly once
//! per pupil and day, however many times (or on however many servers) the closure runs.

use super::payments::ledger::{self, EntryKind, NewEntry, Posted};
use super::{attendance, calendar, messages, tariffs};
use super::{date_to_db, instant_to_db, StoreError, Tenant};
use crate::domain::calendar::ClassCalendar;
use crate::domain::credit::alert_after_debit;
use crate::domain::money::Money;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyPool, Row};

/// A pupil eating at school on a day, and at what price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presence {
    pub pupil_id: String,
    pub pupil_name: String,
    pub guardian_id: String,
    pub service_id: String,
    pub school_id: String,
    pub school: String,
    pub class: String,
    pub diet: Option<String>,
    pub plain: bool,
    pub price: Money,
}

/// Who eats on `day`: pupils subscribed to a prepaid canteen service whose class has
/// canteen that day (school year, weekday, holidays, closures), minus cancellations.
pub async fn presences(
    pool: &AnyPool,
    tenant: &Tenant,
    day: NaiveDate,
) -> Result<Vec<Presence>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.id AS pupil_id, p.given_name, p.family_name, p.guardian_id, p.diet, p.class_id,
                c.school_id, c.name AS class, s.name AS school, sub.service_id, bk.status
         FROM subscriptions sub
         JOIN services sv ON sv.tenant_id = sub.tenant_id AND sv.id = sub.service_id AND sv.billing_mode = 'prepaid'
         JOIN pupils p ON p.tenant_id = sub.tenant_id AND p.id = sub.pupil_id
         JOIN classes c ON c.tenant_id = p.tenant_id AND c.id = p.class_id
         JOIN schools s ON s.tenant_id = c.tenant_id AND s.id = c.school_id
         JOIN school_years y ON y.tenant_id = c.tenant_id AND y.school_id = c.school_id
              AND y.first_day <= $2 AND y.last_day >= $2
         JOIN class_canteen_days cd ON cd.tenant_id = c.tenant_id AND cd.class_id = c.id AND cd.weekday = $3
         LEFT JOIN bookings bk ON bk.tenant_id = p.tenant_id AND bk.pupil_id = p.id AND bk.day = $2
         WHERE sub.tenant_id = $1 AND sub.from_date <= $2 AND (sub.to_date IS NULL OR sub.to_date >= $2)
         ORDER BY s.name, c.name, p.family_name, p.given_name, p.id",
    )
    .bind(tenant.id.as_str())
    .bind(date_to_db(day))
    .bind(i32::try_from(chrono::Datelike::weekday(&day).number_from_monday()).unwrap_or(0))
    .fetch_all(pool)
    .await?;
    // Holidays and closures come from the calendar rules, not from a table join.
    let closures = calendar::closures(pool, &tenant.id, day, day).await?;
    let prices = tariffs::meal_prices(pool, &tenant.id, day, None).await?;
    let mut out = Vec::new();
    for r in &rows {
        let school_id: String = r.try_get("school_id")?;
        let calendar = ClassCalendar {
            first_day: day,
            last_day: day,
            canteen_weekdays: vec![chrono::Datelike::weekday(&day)],
            closures: closures
                .iter()
                .filter(|c| {
                    c.school
                        .as_ref()
                        .is_none_or(|(s, _)| s.as_str() == school_id)
                })
                .map(|c| c.period.clone())
                .collect(),
        };
        if !calendar.is_canteen_day(day) {
            continue;
        }
        let status: Option<String> = r.try_get("status")?;
        if status.as_deref() == Some("cancelled") {
            continue;
        }
        let pupil_id: String = r.try_get("pupil_id")?;
        let price = *prices
            .get(&pupil_id)
            .ok_or_else(|| StoreError::Invalid(format!("no price for pupil {pupil_id}")))?;
        out.push(Presence {
            pupil_id,
            pupil_name: format!(
                "{} {}",
                r.try_get::<String, _>("given_name")?,
                r.try_get::<String, _>("family_name")?
            ),
            guardian_id: r.try_get("guardian_id")?,
            service_id: r.try_get("service_id")?,
            school: r.try_get("school")?,
            school_id,
            class: r.try_get("class")?,
            diet: r.try_get("diet")?,
            plain: status.as_deref() == Some("plain"),
            price,
        });
    }
    Ok(out)
}

/// What a closure run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Closed {
    pub present: u32,
    pub debited: u32,
    pub already_debited: u32,
}

/// Debits are written this many pupils per transaction.
const CHUNK: usize = 500;

/// Closes `day`: debits each present pupil's meal (once: the ledger's reference is the
/// pupil and the day, so a second run, a run after a crash midway, or two servers at once
/// change nothing more), refunds the meals of late absences when the Ente does not
/// charge them, tells families whose credit ran low, then records that the day is closed.
pub async fn close_day(
    pool: &AnyPool,
    tenant: &Tenant,
    day: NaiveDate,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Closed, StoreError> {
    let present = presences(pool, tenant, day).await?;
    let mut outcome = Closed {
        present: u32::try_from(present.len()).unwrap_or(u32::MAX),
        ..Closed::default()
    };
    let at = meal_instant(day, now);
    for chunk in present.chunks(CHUNK) {
        let mut tx = pool.begin().await?;
        let mut posted = Vec::with_capacity(chunk.len());
        for p in chunk {
            let result = debit_meal(&mut tx, tenant, day, p, by, at).await;
            match result {
                Ok(r) => posted.push(r),
                Err(e) => {
                    tx.rollback().await?;
                    return Err(e);
                }
            }
        }
        tx.commit().await?;
        for r in posted {
            match r {
                Posted::Applied => outcome.debited += 1,
                Posted::AlreadyPosted => outcome.already_debited += 1,
            }
        }
    }
    if !tenant.booking.charge_late_absence {
        attendance::refund_late_absences(pool, tenant, day, by, now).await?;
    }
    credit_alerts(pool, tenant, day, now).await?;
    sqlx::query(
        "INSERT INTO day_closures (tenant_id, day, closed_at, closed_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, day) DO NOTHING",
    )
    .bind(tenant.id.as_str())
    .bind(date_to_db(day))
    .bind(instant_to_db(now))
    .bind(by)
    .execute(pool)
    .await?;
    Ok(outcome)
}

/// Meals are dated at noon of their day.
pub fn meal_instant(day: NaiveDate, now: DateTime<Utc>) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).map_or(now, |t| t.and_utc())
}

async fn debit_meal(
    tx: &mut sqlx::AnyConnection,
    tenant: &Tenant,
    day: NaiveDate,
    p: &Presence,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Posted, StoreError> {
    let reference = format!("meal:{}:{}", p.pupil_id, date_to_db(day));
    let description = format!(
        "Pasto del {}{}",
        crate::domain::date::format_date_it(day),
        if p.plain { " (in bianco)" } else { "" }
    );
    let account = ledger::account_for(&mut *tx, &tenant.id, &p.guardian_id, &p.service_id).await?;
    ledger::post(
        &mut *tx,
        &tenant.id,
        &account,
        &NewEntry {
            kind: EntryKind::Meal,
            amount: Money::from_cents(-p.price.cents()),
            pupil_id: Some(&p.pupil_id),
            description: &description,
            reference: Some(&reference),
            created_by: by,
        },
        at,
    )
    .await
}

/// A message to each family whose credit, after the day's meals, fell to a worse level
/// (below three days of meals, zero, negative, past the Ente's limit). One per account and
/// day: a rerun finds it sent.
async fn credit_alerts(
    pool: &AnyPool,
    tenant: &Tenant,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let day_text = date_to_db(day);
    let rows = sqlx::query(
        "SELECT a.id, a.guardian_id, a.balance_cents, CAST(-SUM(l.amount_cents) AS BIGINT) AS cost
         FROM ledger_entries l JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
         WHERE l.tenant_id = $1
           AND ((l.kind = 'meal' AND l.reference LIKE $2) OR (l.kind = 'refund' AND l.reference LIKE $3))
         GROUP BY a.id, a.guardian_id, a.balance_cents",
    )
    .bind(tenant.id.as_str())
    .bind(format!("meal:%:{day_text}"))
    .bind(format!("meal-refund:%:{day_text}"))
    .fetch_all(pool)
    .await?;
    let date_it = crate::domain::date::format_date_it(day);
    let mut conn = pool.acquire().await?;
    for r in &rows {
        let cost = Money::from_cents(r.try_get("cost")?);
        if cost.cents() <= 0 {
            continue;
        }
        let after = Money::from_cents(r.try_get("balance_cents")?);
        let Some(alert) = alert_after_debit(&date_it, after, cost, tenant.booking.negative_limit)
        else {
            continue;
        };
        let account: String = r.try_get("id")?;
        let guardian: String = r.try_get("guardian_id")?;
        messages::send(
            &mut conn,
            &tenant.id,
            &messages::NewMessage {
                guardian_id: &guardian,
                kind: "credit_alert",
                title: &alert.title,
                body: &alert.body,
                reference: &format!("credit-alert:{account}:{day_text}"),
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// Whether `day` is closed already.
pub async fn is_closed(
    pool: &AnyPool,
    tenant: &Tenant,
    day: NaiveDate,
) -> Result<bool, StoreError> {
    Ok(
        sqlx::query("SELECT 1 FROM day_closures WHERE tenant_id = $1 AND day = $2")
            .bind(tenant.id.as_str())
            .bind(date_to_db(day))
            .fetch_optional(pool)
            .await?
            .is_some(),
    )
}
