//! Payments asked of pagoPA and their confirmation. The platform is the only authority
//! on "paid"; [`confirm`] credits the account exactly once per IUV, however many times and
//! in whatever order the confirmation arrives.

pub mod fees;
pub mod ledger;

use crate::backend::store::messages;
use crate::backend::store::{
    date_to_db, instant_from_db, instant_to_db, new_id, StoreError, TenantId,
};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::ids::{AccountId, FeeId, PaymentId};
use crate::domain::money::Money;
use crate::domain::notice::NoticeNumber;
use crate::domain::tenant::SegregationCode;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ledger::{EntryKind, NewEntry, Posted};
use sqlx::{AnyConnection, AnyPool, Row};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    TopUp,
    Fee,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::TopUp => "topup",
            Purpose::Fee => "fee",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentStatus {
    /// Written here, not yet accepted by the platform.
    Creating,
    /// Published on the platform: payable online or with the notice.
    Open,
    Paid,
    Expired,
    /// The platform refused or could not be reached: nothing to pay.
    Failed,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Creating => "creating",
            PaymentStatus::Open => "open",
            PaymentStatus::Paid => "paid",
            PaymentStatus::Expired => "expired",
            PaymentStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<PaymentStatus, StoreError> {
        Ok(match s {
            "creating" => PaymentStatus::Creating,
            "open" => PaymentStatus::Open,
            "paid" => PaymentStatus::Paid,
            "expired" => PaymentStatus::Expired,
            "failed" => PaymentStatus::Failed,
            other => return Err(StoreError::Invalid(format!("payment status {other:?}"))),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub id: PaymentId,
    pub tenant_id: TenantId,
    pub account_id: AccountId,
    pub purpose: Purpose,
    pub fee_id: Option<FeeId>,
    pub amount: Money,
    pub notice: NoticeNumber,
    pub iupd: String,
    pub description: String,
    pub due_date: NaiveDate,
    pub status: PaymentStatus,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub paid_at: Option<DateTime<Utc>>,
    pub check_attempts: u32,
    pub checkout_url: Option<String>,
    pub last_checked_at: Option<DateTime<Utc>>,
}

/// The next notice number of the Ente: bases are `yyyy` + 9 digits the first time, then
/// simply the next one (one row per Ente; the update serialises concurrent payments).
pub async fn next_notice(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    segregation: SegregationCode,
    today: NaiveDate,
) -> Result<NoticeNumber, StoreError> {
    let first = i64::from(today.year()) * 1_000_000_000;
    sqlx::query(
        "INSERT INTO iuv_sequences (tenant_id, last_base) VALUES ($1, $2)
         ON CONFLICT (tenant_id) DO NOTHING",
    )
    .bind(tenant.as_str())
    .bind(first)
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query(
        "UPDATE iuv_sequences SET last_base = last_base + 1 WHERE tenant_id = $1 RETURNING last_base",
    )
    .bind(tenant.as_str())
    .fetch_one(&mut *conn)
    .await?;
    let base: i64 = row.try_get("last_base")?;
    NoticeNumber::new(segregation, u64::try_from(base).unwrap_or(u64::MAX))
        .map_err(|e| StoreError::Invalid(e.to_string()))
}

pub struct NewPayment<'a> {
    pub account_id: &'a str,
    pub purpose: Purpose,
    pub fee_id: Option<&'a str>,
    pub amount: Money,
    pub description: &'a str,
    pub due_date: NaiveDate,
    pub created_by: &'a str,
    /// The form submission this payment answers: the same one twice opens one payment.
    pub request_key: Option<&'a str>,
}

/// Records a payment (status `creating`) with a fresh notice number, before the platform
/// hears of it: if the call to the platform fails, the row says so and nothing is owed.
pub async fn create(
    pool: &AnyPool,
    tenant: &TenantId,
    segregation: SegregationCode,
    new: &NewPayment<'_>,
    now: DateTime<Utc>,
) -> Result<Payment, StoreError> {
    let mut tx = pool.begin().await?;
    let id = match create_in(&mut tx, tenant, segregation, new, now).await {
        Ok(id) => id,
        Err(e) => {
            // At once: a dropped transaction would hold SQLite's write lock until reused.
            tx.rollback().await?;
            return Err(e);
        }
    };
    tx.commit().await?;
    get(pool, tenant, &PaymentId::from_db(id))
        .await?
        .ok_or_else(|| StoreError::Invalid("payment vanished".into()))
}

/// As [`create`], inside the caller's transaction; returns the payment's id.
pub async fn create_in(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    segregation: SegregationCode,
    new: &NewPayment<'_>,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    // Notice numbering follows the Italian calendar year.
    let today = now.with_timezone(&chrono_tz::Europe::Rome).date_naive();
    let notice = next_notice(&mut *tx, tenant, segregation, today).await?;
    let id = new_id();
    // The debt position's id at the platform: unique per Ente, readable in its back office.
    let iupd = format!("SPORTELLO-{}", notice.iuv());
    sqlx::query(
        "INSERT INTO payments (id, tenant_id, account_id, purpose, fee_id, amount_cents, iuv, notice_number,
           iupd, description, due_date, status, created_at, created_by, request_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'creating', $12, $13, $14)",
    )
    .bind(&id)
    .bind(tenant.as_str())
    .bind(new.account_id)
    .bind(new.purpose.as_str())
    .bind(new.fee_id)
    .bind(new.amount.cents())
    .bind(notice.iuv())
    .bind(notice.as_str())
    .bind(&iupd)
    .bind(new.description)
    .bind(date_to_db(new.due_date))
    .bind(instant_to_db(now))
    .bind(new.created_by)
    .bind(new.request_key)
    .execute(&mut *tx)
    .await
    .map_err(crate::backend::store::unique_violation_is(crate::backend::store::Conflict::DuplicateRequest))?;
    Ok(id)
}

/// The payment opened by this person for this form submission, if any.
pub async fn by_request(
    pool: &AnyPool,
    tenant: &TenantId,
    created_by: &str,
    request_key: &str,
) -> Result<Option<Payment>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payments WHERE tenant_id = $1 AND created_by = $2 AND request_key = $3"
    ))
    .bind(tenant.as_str())
    .bind(created_by)
    .bind(request_key)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Fee payments written but not yet on the platform (the job publishes them).
pub async fn fees_to_publish(pool: &AnyPool, limit: u32) -> Result<Vec<Payment>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payments WHERE status = 'creating' AND purpose = 'fee'
         ORDER BY created_at LIMIT $1"
    ))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

const COLUMNS: &str =
    "id, tenant_id, account_id, purpose, fee_id, amount_cents, notice_number, iupd,
    description, due_date, status, created_at, created_by, paid_at, check_attempts, checkout_url, last_checked_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Payment, StoreError> {
    let notice: String = row.try_get("notice_number")?;
    let due: String = row.try_get("due_date")?;
    let paid_at: Option<String> = row.try_get("paid_at")?;
    let attempts: i32 = row.try_get("check_attempts")?;
    Ok(Payment {
        id: PaymentId::from_db(row.try_get("id")?),
        tenant_id: crate::backend::store::tenants::tenant_id_from_db(row.try_get("tenant_id")?),
        account_id: AccountId::from_db(row.try_get("account_id")?),
        purpose: if row.try_get::<String, _>("purpose")? == "fee" {
            Purpose::Fee
        } else {
            Purpose::TopUp
        },
        fee_id: row
            .try_get::<Option<String>, _>("fee_id")?
            .map(FeeId::from_db),
        amount: Money::from_cents(row.try_get("amount_cents")?),
        notice: NoticeNumber::parse(&notice).map_err(|e| StoreError::Invalid(e.to_string()))?,
        iupd: row.try_get("iupd")?,
        description: row.try_get("description")?,
        due_date: NaiveDate::parse_from_str(&due, "%Y-%m-%d")
            .map_err(|e| StoreError::Invalid(format!("due date {due:?}: {e}")))?,
        status: PaymentStatus::parse(&row.try_get::<String, _>("status")?)?,
        created_at: instant_from_db(&row.try_get::<String, _>("created_at")?)?,
        created_by: row.try_get("created_by")?,
        paid_at: paid_at.as_deref().map(instant_from_db).transpose()?,
        check_attempts: u32::try_from(attempts).unwrap_or(0),
        checkout_url: row.try_get("checkout_url")?,
        last_checked_at: row
            .try_get::<Option<String>, _>("last_checked_at")?
            .as_deref()
            .map(instant_from_db)
            .transpose()?,
    })
}

pub async fn get(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &PaymentId,
) -> Result<Option<Payment>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payments WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// A payment of an account that belongs to this tutore: another family's id is `None`.
pub async fn get_for_guardian(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian_fiscal_code: &FiscalCode,
    id: &PaymentId,
) -> Result<Option<Payment>, StoreError> {
    sqlx::query(&format!(
        "SELECT {} FROM payments p
         JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id
         JOIN guardians g ON g.tenant_id = a.tenant_id AND g.id = a.guardian_id
         WHERE p.tenant_id = $1 AND p.id = $2 AND g.fiscal_code = $3",
        COLUMNS
            .split(',')
            .map(|c| format!("p.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .bind(guardian_fiscal_code.as_str())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The platform accepted the position: from now on it may be paid; check it at `next_check`.
pub async fn mark_open(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &PaymentId,
    next_check: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE payments SET status = 'open', next_check_at = $1
         WHERE tenant_id = $2 AND id = $3 AND status = 'creating'",
    )
    .bind(instant_to_db(next_check))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .execute(pool)
    .await?;
    Ok(())
}

/// Checkout opened a page for this payment.
pub async fn set_checkout_url(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &PaymentId,
    url: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE payments SET checkout_url = $1 WHERE tenant_id = $2 AND id = $3")
        .bind(url)
        .bind(tenant.as_str())
        .bind(id.as_str())
        .execute(pool)
        .await?;
    Ok(())
}

/// The open and recent payments of an account (newest first), for the Pagamenti page.
pub async fn of_account(
    pool: &AnyPool,
    tenant: &TenantId,
    account_id: &AccountId,
    limit: u32,
) -> Result<Vec<Payment>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payments WHERE tenant_id = $1 AND account_id = $2 AND status IN ('open', 'paid')
         ORDER BY created_at DESC, id DESC LIMIT $3"
    ))
    .bind(tenant.as_str())
    .bind(account_id.as_str())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// The newest payments of the tutore with this fiscal code, on every account: open, paid
/// or expired (what pagoPA knows of them), or only the paid ones (the receipts).
pub async fn of_guardian(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian: &FiscalCode,
    paid_only: bool,
    limit: u32,
) -> Result<Vec<Payment>, StoreError> {
    let statuses = if paid_only {
        "'paid'"
    } else {
        "'open', 'paid', 'expired'"
    };
    // Paid ones by when they were paid, the others by when they were opened (the same
    // order on both engines: no NULL in the key).
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payments
         WHERE tenant_id = $1 AND status IN ({statuses}) AND account_id IN (
             SELECT a.id FROM accounts a
             JOIN guardians g ON g.tenant_id = a.tenant_id AND g.id = a.guardian_id
             WHERE a.tenant_id = $1 AND g.fiscal_code = $2)
         ORDER BY COALESCE(paid_at, created_at) DESC, id DESC LIMIT $3"
    ))
    .bind(tenant.as_str())
    .bind(guardian.as_str())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// The payment could not be created at the platform: nothing is owed. With `verify_at`,
/// the job looks again then (the platform may have created it after all: it must end up
/// credited if paid, unpayable otherwise).
pub async fn mark_failed(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &PaymentId,
    verify_at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE payments SET status = 'failed', next_check_at = $1
         WHERE tenant_id = $2 AND id = $3 AND status IN ('creating', 'failed')",
    )
    .bind(verify_at.map(instant_to_db))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmation {
    /// This confirmation moved the money.
    Credited,
    /// An earlier one already did: nothing changed.
    AlreadyConfirmed,
    /// No payment with this IUV in this Ente.
    Unknown,
}

/// The platform says the payment with this IUV is paid: mark it paid and post its credit,
/// in one transaction, once. The status change is the guard (only one transaction can move
/// a row away from "not paid"); the ledger's unique (kind, reference) is the second one.
pub async fn confirm(
    pool: &AnyPool,
    tenant: &TenantId,
    iuv: &str,
    paid_at: DateTime<Utc>,
) -> Result<Confirmation, StoreError> {
    let mut tx = pool.begin().await?;
    let moved = sqlx::query(
        "UPDATE payments SET status = 'paid', paid_at = $1, next_check_at = NULL
         WHERE tenant_id = $2 AND iuv = $3 AND status <> 'paid'",
    )
    .bind(instant_to_db(paid_at))
    .bind(tenant.as_str())
    .bind(iuv)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        tx.rollback().await?;
        let known = sqlx::query("SELECT 1 FROM payments WHERE tenant_id = $1 AND iuv = $2")
            .bind(tenant.as_str())
            .bind(iuv)
            .fetch_optional(pool)
            .await?;
        return Ok(if known.is_some() {
            Confirmation::AlreadyConfirmed
        } else {
            Confirmation::Unknown
        });
    }
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payments WHERE tenant_id = $1 AND iuv = $2"
    ))
    .bind(tenant.as_str())
    .bind(iuv)
    .fetch_one(&mut *tx)
    .await?;
    let payment = from_row(&row)?;
    let (kind, description) = match payment.purpose {
        Purpose::TopUp => (
            EntryKind::TopUp,
            format!("Ricarica pagoPA (avviso {})", payment.notice),
        ),
        Purpose::Fee => (
            EntryKind::FeePaid,
            format!("Pagamento pagoPA: {}", payment.description),
        ),
    };
    let posted = ledger::post(
        &mut tx,
        tenant,
        payment.account_id.as_str(),
        &NewEntry {
            kind,
            amount: payment.amount,
            pupil_id: None,
            description: &description,
            reference: Some(iuv),
            created_by: "pagoPA",
        },
        paid_at,
    )
    .await?;
    if posted == Posted::AlreadyPosted {
        // Cannot happen while the status guard holds; refuse rather than half-write.
        return Err(StoreError::Invalid(format!(
            "IUV {iuv} already in the ledger"
        )));
    }
    let guardian: String =
        sqlx::query("SELECT guardian_id FROM accounts WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.as_str())
            .bind(payment.account_id.as_str())
            .fetch_one(&mut *tx)
            .await?
            .try_get("guardian_id")?;
    let (title, body) = match payment.purpose {
        Purpose::TopUp => (
            "Ricarica confermata",
            format!(
                "La ricarica di {} è stata pagata ed è stata aggiunta al credito della mensa (avviso {}).",
                payment.amount, payment.notice
            ),
        ),
        Purpose::Fee => (
            "Pagamento ricevuto",
            format!("Abbiamo ricevuto il pagamento di {} per «{}».", payment.amount, payment.description),
        ),
    };
    messages::send(
        &mut tx,
        tenant,
        &messages::NewMessage {
            guardian_id: &guardian,
            kind: "payment_confirmed",
            title,
            body: &body,
            reference: &format!("payment-confirmed:{}", payment.id),
        },
        paid_at,
    )
    .await?;
    messages::set_link(
        &mut tx,
        tenant,
        &format!("payment-confirmed:{}", payment.id),
        &crate::routes::payment_receipt_pdf(&payment.id),
        "Scarica la ricevuta",
    )
    .await?;
    tx.commit().await?;
    Ok(Confirmation::Credited)
}

/// A top-up still `creating` this long after it was written was interrupted (a crash
/// between writing it and hearing from the platform).
const STALE_CREATING_MINUTES: i64 = 10;

/// Payments whose next check is due, across Enti (the reconciliation job): open ones, failed
/// ones to verify, and interrupted top-ups.
pub async fn due_for_check(
    pool: &AnyPool,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Payment>, StoreError> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payments
         WHERE (status IN ('open', 'failed') AND next_check_at <= $1)
            OR (status = 'creating' AND purpose = 'topup' AND created_at <= $2)
         ORDER BY created_at LIMIT $3"
    ))
    .bind(instant_to_db(now))
    .bind(instant_to_db(
        now - chrono::Duration::minutes(STALE_CREATING_MINUTES),
    ))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// Not paid yet: look again at `next_check`.
pub async fn reschedule(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &PaymentId,
    next_check: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE payments SET next_check_at = $1, check_attempts = check_attempts + 1
         WHERE tenant_id = $2 AND id = $3 AND status IN ('open', 'failed', 'creating')",
    )
    .bind(instant_to_db(next_check))
    .bind(tenant.as_str())
    .bind(id.as_str())
    .execute(pool)
    .await?;
    Ok(())
}

/// The platform says the position can no longer be paid.
pub async fn mark_expired(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &PaymentId,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE payments SET status = 'expired', next_check_at = NULL
         WHERE tenant_id = $1 AND id = $2 AND status = 'open'",
    )
    .bind(tenant.as_str())
    .bind(id.as_str())
    .execute(pool)
    .await?;
    Ok(())
}

/// The platform was asked about this payment at `at`.
pub async fn checked(
    pool: &AnyPool,
    tenant: &TenantId,
    id: &PaymentId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE payments SET last_checked_at = $1 WHERE tenant_id = $2 AND id = $3")
        .bind(instant_to_db(at))
        .bind(tenant.as_str())
        .bind(id.as_str())
        .execute(pool)
        .await?;
    Ok(())
}
