//! Fees of invoiced services: issued per pupil and instalment (once), debited to the
//! tutore's account for the service, each with the pagoPA payment that settles it.

use crate::backend::store::messages;
use crate::backend::store::payments::ledger::{self, EntryKind, NewEntry, Posted};
use crate::backend::store::payments::{self, Payment, PaymentStatus, Purpose};
use crate::backend::store::{date_to_db, instant_to_db, new_id, StoreError, Tenant};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::ids::{AccountId, FeeId, PaymentId};
use crate::domain::money::Money;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyPool, Row};

/// One instalment of a fee: its amount and due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instalment {
    pub amount: Money,
    pub due: NaiveDate,
}

/// What an issue run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Issued {
    pub created: u32,
    pub already_there: u32,
}

/// Issues `label`'s instalments to every pupil subscribed to the service today: for each,
/// a fee, its debit in the ledger and a payment waiting to be published on pagoPA, in one
/// transaction. Running it again issues nothing twice.
pub async fn issue(
    pool: &AnyPool,
    tenant: &Tenant,
    service_code: &str,
    label: &str,
    instalments: &[Instalment],
    by: &str,
    now: DateTime<Utc>,
) -> Result<Issued, StoreError> {
    let today = now.with_timezone(&tenant.time_zone).date_naive();
    let rows = sqlx::query(
        "SELECT p.id AS pupil_id, p.given_name, p.family_name, p.guardian_id, s.id AS service_id
         FROM subscriptions sub
         JOIN services s ON s.tenant_id = sub.tenant_id AND s.id = sub.service_id
         JOIN pupils p ON p.tenant_id = sub.tenant_id AND p.id = sub.pupil_id
         WHERE sub.tenant_id = $1 AND s.code = $2 AND s.billing_mode = 'invoiced'
           AND sub.from_date <= $3 AND (sub.to_date IS NULL OR sub.to_date >= $3)
         ORDER BY p.family_name, p.given_name, p.id",
    )
    .bind(tenant.id.as_str())
    .bind(service_code)
    .bind(date_to_db(today))
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Err(StoreError::Invalid(format!(
            "no pupil is subscribed today to an invoiced service with code {service_code:?}"
        )));
    }
    let mut outcome = Issued::default();
    let total = u32::try_from(instalments.len()).unwrap_or(u32::MAX);
    for row in &rows {
        let pupil_id: String = row.try_get("pupil_id")?;
        let pupil_name = format!(
            "{} {}",
            row.try_get::<String, _>("given_name")?,
            row.try_get::<String, _>("family_name")?
        );
        let guardian_id: String = row.try_get("guardian_id")?;
        let service_id: String = row.try_get("service_id")?;
        for (n, instalment) in (1u32..).zip(instalments) {
            let issue_key = format!("{service_code}|{label}|{pupil_id}|{n}");
            let fee_label = if total > 1 {
                format!("{label} – rata {n} di {total} – {pupil_name}")
            } else {
                format!("{label} – {pupil_name}")
            };
            let mut tx = pool.begin().await?;
            let account =
                ledger::account_for(&mut tx, &tenant.id, &guardian_id, &service_id).await?;
            let fee_id = new_id();
            let inserted = sqlx::query(
                "INSERT INTO fees (id, tenant_id, account_id, pupil_id, label, amount_cents, due_date, issue_key, created_at, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (tenant_id, issue_key) DO NOTHING",
            )
            .bind(&fee_id)
            .bind(tenant.id.as_str())
            .bind(&account)
            .bind(&pupil_id)
            .bind(&fee_label)
            .bind(instalment.amount.cents())
            .bind(date_to_db(instalment.due))
            .bind(&issue_key)
            .bind(instant_to_db(now))
            .bind(by)
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 0 {
                tx.rollback().await?;
                outcome.already_there += 1;
                continue;
            }
            let posted = ledger::post(
                &mut tx,
                &tenant.id,
                &account,
                &NewEntry {
                    kind: EntryKind::FeeIssued,
                    amount: Money::from_cents(-instalment.amount.cents()),
                    pupil_id: Some(&pupil_id),
                    description: &fee_label,
                    reference: Some(&fee_id),
                    created_by: by,
                },
                now,
            )
            .await?;
            if posted != Posted::Applied {
                return Err(StoreError::Invalid(format!(
                    "fee {fee_id} already in the ledger"
                )));
            }
            let payment = payments::create_in(
                &mut tx,
                &tenant.id,
                tenant.segregation_code,
                &payments::NewPayment {
                    account_id: &account,
                    purpose: Purpose::Fee,
                    fee_id: Some(&fee_id),
                    amount: instalment.amount,
                    description: &fee_label,
                    due_date: instalment.due,
                    created_by: by,
                    request_key: None,
                },
                now,
            )
            .await?;
            sqlx::query("UPDATE fees SET payment_id = $1 WHERE tenant_id = $2 AND id = $3")
                .bind(&payment)
                .bind(tenant.id.as_str())
                .bind(&fee_id)
                .execute(&mut *tx)
                .await?;
            let body = format!(
                "È disponibile l'avviso di pagamento di {} per «{fee_label}», con scadenza il {}. \
                 Puoi pagarlo da Pagamenti, online o con l'avviso.",
                instalment.amount,
                crate::domain::date::format_date_it(instalment.due)
            );
            messages::send(
                &mut tx,
                &tenant.id,
                &messages::NewMessage {
                    guardian_id: &guardian_id,
                    kind: "fee_issued",
                    title: "Nuovo avviso di pagamento",
                    body: &body,
                    reference: &format!("fee-issued:{fee_id}"),
                },
                now,
            )
            .await?;
            tx.commit().await?;
            outcome.created += 1;
        }
    }
    Ok(outcome)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeeStatus {
    Unpaid,
    Overdue,
    Paid,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fee {
    pub id: FeeId,
    pub account_id: AccountId,
    pub label: String,
    pub amount: Money,
    pub due_date: NaiveDate,
    pub status: FeeStatus,
    pub payment: Option<Payment>,
}

/// The fees of this tutore (by fiscal code), by due date; `today` decides what is overdue.
pub async fn of_guardian(
    pool: &AnyPool,
    tenant: &Tenant,
    guardian_fiscal_code: &FiscalCode,
    today: NaiveDate,
) -> Result<Vec<Fee>, StoreError> {
    let rows = sqlx::query(
        "SELECT f.id, f.account_id, f.label, f.amount_cents, f.due_date, f.payment_id
         FROM fees f
         JOIN accounts a ON a.tenant_id = f.tenant_id AND a.id = f.account_id
         JOIN guardians g ON g.tenant_id = a.tenant_id AND g.id = a.guardian_id
         WHERE f.tenant_id = $1 AND g.fiscal_code = $2
         ORDER BY f.due_date, f.label",
    )
    .bind(tenant.id.as_str())
    .bind(guardian_fiscal_code.as_str())
    .fetch_all(pool)
    .await?;
    let mut fees = Vec::with_capacity(rows.len());
    for row in &rows {
        let due: String = row.try_get("due_date")?;
        let due_date = NaiveDate::parse_from_str(&due, "%Y-%m-%d")
            .map_err(|e| StoreError::Invalid(format!("fee due date {due:?}: {e}")))?;
        let payment_id: Option<String> = row.try_get("payment_id")?;
        let payment = match payment_id {
            Some(id) => payments::get(pool, &tenant.id, &PaymentId::from_db(id)).await?,
            None => None,
        };
        let paid = payment
            .as_ref()
            .is_some_and(|p| p.status == PaymentStatus::Paid);
        fees.push(Fee {
            id: FeeId::from_db(row.try_get("id")?),
            account_id: AccountId::from_db(row.try_get("account_id")?),
            label: row.try_get("label")?,
            amount: Money::from_cents(row.try_get("amount_cents")?),
            status: if paid {
                FeeStatus::Paid
            } else if due_date < today {
                FeeStatus::Overdue
            } else {
                FeeStatus::Unpaid
            },
            due_date,
            payment,
        });
    }
    Ok(fees)
}

/// Reminds each family, in every Ente, of its fees due within `days` (of the Ente's
/// calendar) and not yet paid: one message per fee, however often it runs. How many were
/// sent now.
pub async fn remind_due_soon(
    pool: &AnyPool,
    days: i64,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let mut sent = 0;
    for (tenant, _) in crate::backend::store::tenants::list(pool).await? {
        let today = now.with_timezone(&tenant.time_zone).date_naive();
        sent += remind_in(pool, &tenant, today, days, now).await?;
    }
    Ok(sent)
}

async fn remind_in(
    pool: &AnyPool,
    tenant: &Tenant,
    today: NaiveDate,
    days: i64,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let until = today + chrono::Duration::days(days);
    let rows = sqlx::query(
        "SELECT f.id, f.label, f.amount_cents, f.due_date, a.guardian_id
         FROM fees f
         JOIN accounts a ON a.tenant_id = f.tenant_id AND a.id = f.account_id
         LEFT JOIN payments p ON p.tenant_id = f.tenant_id AND p.id = f.payment_id
         WHERE f.tenant_id = $3 AND f.due_date >= $1 AND f.due_date <= $2 AND (p.status IS NULL OR p.status <> 'paid')
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.tenant_id = f.tenant_id AND m.reference = 'fee-due-soon:' || f.id)",
    )
    .bind(date_to_db(today))
    .bind(date_to_db(until))
    .bind(tenant.id.as_str())
    .fetch_all(pool)
    .await?;
    let mut sent = 0;
    let mut conn = pool.acquire().await?;
    for r in &rows {
        let fee: String = r.try_get("id")?;
        let due: String = r.try_get("due_date")?;
        let due = NaiveDate::parse_from_str(&due, "%Y-%m-%d")
            .map_err(|e| StoreError::Invalid(format!("due date {due:?}: {e}")))?;
        let body = format!(
            "L'avviso di pagamento di {} per «{}» scade il {}. Puoi pagarlo da Pagamenti, online o con l'avviso.",
            Money::from_cents(r.try_get("amount_cents")?),
            r.try_get::<String, _>("label")?,
            crate::domain::date::format_date_it(due)
        );
        let new = messages::send(
            &mut conn,
            &tenant.id,
            &messages::NewMessage {
                guardian_id: &r.try_get::<String, _>("guardian_id")?,
                kind: "fee_due_soon",
                title: "Avviso di pagamento in scadenza",
                body: &body,
                reference: &format!("fee-due-soon:{fee}"),
            },
            now,
        )
        .await?;
        sent += u32::from(new);
    }
    Ok(sent)
}
