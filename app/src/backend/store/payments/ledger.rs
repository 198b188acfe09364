//! The ledger: append-only movements per account (a tutore's wallet or fees for a
//! service). An account's balance is the sum of its rows; the cached `balance_cents` moves
//! in the same transaction as each row, and [`verify`] proves the two agree.

use crate::backend::store::{instant_from_db, instant_to_db, new_id, StoreError, TenantId};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::ids::AccountId;
use crate::domain::money::Money;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool, Row};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A wallet top-up confirmed by pagoPA (credit).
    TopUp,
    /// A meal eaten (debit).
    Meal,
    /// A fee the family owes (debit).
    FeeIssued,
    /// A fee paid through pagoPA (credit).
    FeePaid,
    Refund,
    /// An operator's correction, with its reason.
    Correction,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::TopUp => "topup",
            EntryKind::Meal => "meal",
            EntryKind::FeeIssued => "fee_issued",
            EntryKind::FeePaid => "fee_paid",
            EntryKind::Refund => "refund",
            EntryKind::Correction => "correction",
        }
    }
}

pub struct NewEntry<'a> {
    pub kind: EntryKind,
    /// Signed: credits positive, debits negative.
    pub amount: Money,
    pub pupil_id: Option<&'a str>,
    pub description: &'a str,
    /// The event this movement records; the same event is posted at most once.
    pub reference: Option<&'a str>,
    pub created_by: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Posted {
    Applied,
    /// The event was already in the ledger: nothing changed.
    AlreadyPosted,
}

/// The account of a tutore for a service, created on first use.
pub async fn account_for(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    guardian_id: &str,
    service_id: &str,
) -> Result<String, StoreError> {
    sqlx::query(
        "INSERT INTO accounts (id, tenant_id, guardian_id, service_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, guardian_id, service_id) DO NOTHING",
    )
    .bind(new_id())
    .bind(tenant.as_str())
    .bind(guardian_id)
    .bind(service_id)
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query(
        "SELECT id FROM accounts WHERE tenant_id = $1 AND guardian_id = $2 AND service_id = $3",
    )
    .bind(tenant.as_str())
    .bind(guardian_id)
    .bind(service_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Appends a movement and moves the cached balance, both in the caller's transaction.
pub async fn post(
    tx: &mut AnyConnection,
    tenant: &TenantId,
    account_id: &str,
    entry: &NewEntry<'_>,
    at: DateTime<Utc>,
) -> Result<Posted, StoreError> {
    let at_text = instant_to_db(at);
    let inserted = sqlx::query(
        "INSERT INTO ledger_entries
           (id, tenant_id, account_id, kind, amount_cents, pupil_id, description, reference, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (tenant_id, kind, reference) DO NOTHING",
    )
    .bind(new_id())
    .bind(tenant.as_str())
    .bind(account_id)
    .bind(entry.kind.as_str())
    .bind(entry.amount.cents())
    .bind(entry.pupil_id)
    .bind(entry.description)
    .bind(entry.reference)
    .bind(&at_text)
    .bind(entry.created_by)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(Posted::AlreadyPosted);
    }
    let moved = sqlx::query(
        "UPDATE accounts SET balance_cents = balance_cents + $1,
           last_movement_at = CASE WHEN last_movement_at IS NULL OR last_movement_at < $2 THEN $2 ELSE last_movement_at END
         WHERE tenant_id = $3 AND id = $4",
    )
    .bind(entry.amount.cents())
    .bind(&at_text)
    .bind(tenant.as_str())
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(StoreError::Invalid(format!("no account {account_id}")));
    }
    Ok(Posted::Applied)
}

/// An account whose cached balance differs from the sum of its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub account_id: String,
    pub cached: Money,
    pub ledger: Money,
}

/// Every account of every Ente: the cached balance against the ledger's sum.
pub async fn verify(pool: &AnyPool) -> Result<(u64, Vec<Mismatch>), StoreError> {
    let rows = sqlx::query(
        "SELECT a.id, a.balance_cents, CAST(COALESCE(SUM(l.amount_cents), 0) AS BIGINT) AS total
         FROM accounts a LEFT JOIN ledger_entries l ON l.tenant_id = a.tenant_id AND l.account_id = a.id
         GROUP BY a.id, a.balance_cents ORDER BY a.id",
    )
    .fetch_all(pool)
    .await?;
    let mut mismatches = Vec::new();
    for row in &rows {
        let cached: i64 = row.try_get("balance_cents")?;
        let total: i64 = row.try_get("total")?;
        if cached != total {
            mismatches.push(Mismatch {
                account_id: row.try_get("id")?,
                cached: Money::from_cents(cached),
                ledger: Money::from_cents(total),
            });
        }
    }
    Ok((u64::try_from(rows.len()).unwrap_or(0), mismatches))
}

/// A family's account for one service, as the Pagamenti page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountSummary {
    pub id: AccountId,
    pub service_id: String,
    pub service_name: String,
    pub prepaid: bool,
    /// The service's pagoPA taxonomy code (for the transfers of its payments).
    pub taxonomy: Option<String>,
    pub balance: Money,
    pub last_movement_at: Option<DateTime<Utc>>,
}

/// The accounts of the tutore with this fiscal code, one per service their pupils use
/// (created when missing, so a new family sees its wallet at zero).
pub async fn accounts_of_guardian(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian_fiscal_code: &FiscalCode,
) -> Result<Vec<AccountSummary>, StoreError> {
    let services = sqlx::query(
        "SELECT DISTINCT g.id AS guardian_id, sub.service_id
         FROM guardians g
         JOIN pupils p ON p.tenant_id = g.tenant_id AND p.guardian_id = g.id
         JOIN subscriptions sub ON sub.tenant_id = p.tenant_id AND sub.pupil_id = p.id
         WHERE g.tenant_id = $1 AND g.fiscal_code = $2",
    )
    .bind(tenant.as_str())
    .bind(guardian_fiscal_code.as_str())
    .fetch_all(pool)
    .await?;
    if !services.is_empty() {
        let mut conn = pool.acquire().await?;
        for row in &services {
            let guardian: String = row.try_get("guardian_id")?;
            let service: String = row.try_get("service_id")?;
            account_for(&mut conn, tenant, &guardian, &service).await?;
        }
    }
    let rows = sqlx::query(
        "SELECT a.id, a.service_id, s.name, s.billing_mode, s.taxonomy, a.balance_cents, a.last_movement_at
         FROM accounts a
         JOIN guardians g ON g.tenant_id = a.tenant_id AND g.id = a.guardian_id
         JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
         WHERE a.tenant_id = $1 AND g.fiscal_code = $2
         ORDER BY s.billing_mode DESC, s.name",
    )
    .bind(tenant.as_str())
    .bind(guardian_fiscal_code.as_str())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let last: Option<String> = r.try_get("last_movement_at")?;
            Ok(AccountSummary {
                id: AccountId::from_db(r.try_get("id")?),
                service_id: r.try_get("service_id")?,
                service_name: r.try_get("name")?,
                prepaid: r.try_get::<String, _>("billing_mode")? == "prepaid",
                taxonomy: r.try_get("taxonomy")?,
                balance: Money::from_cents(r.try_get("balance_cents")?),
                last_movement_at: last.as_deref().map(instant_from_db).transpose()?,
            })
        })
        .collect()
}

/// One line of an account's statement, newest first, with the balance after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    pub at: DateTime<Utc>,
    pub description: String,
    pub pupil: Option<String>,
    pub amount: Money,
    pub balance_after: Money,
}

/// A page of the statement of an account that belongs to this tutore (by fiscal code):
/// another family's account id reads as empty.
pub async fn statement(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian_fiscal_code: &FiscalCode,
    account_id: &AccountId,
    offset: u64,
    limit: u32,
) -> Result<(u64, Vec<StatementLine>), StoreError> {
    let owned = "FROM ledger_entries l
         JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
         JOIN guardians g ON g.tenant_id = a.tenant_id AND g.id = a.guardian_id
         WHERE l.tenant_id = $1 AND l.account_id = $2 AND g.fiscal_code = $3";
    let total = crate::backend::store::count_from_row(
        &sqlx::query(&format!("SELECT COUNT(*) {owned}"))
            .bind(tenant.as_str())
            .bind(account_id.as_str())
            .bind(guardian_fiscal_code.as_str())
            .fetch_one(pool)
            .await?,
    )?;
    let rows = sqlx::query(&format!(
        "SELECT * FROM (
           SELECT l.created_at, l.id, l.description, l.amount_cents,
                  CAST(SUM(l.amount_cents) OVER (ORDER BY l.created_at, l.id) AS BIGINT) AS balance_after,
                  p.given_name, p.family_name
           {owned_with_pupil}
         ) t ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5",
        owned_with_pupil = owned.replace(
            "WHERE",
            "LEFT JOIN pupils p ON p.tenant_id = l.tenant_id AND p.id = l.pupil_id WHERE"
        )
    ))
    .bind(tenant.as_str())
    .bind(account_id.as_str())
    .bind(guardian_fiscal_code.as_str())
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    let lines = rows
        .iter()
        .map(|r| {
            let given: Option<String> = r.try_get("given_name")?;
            let family: Option<String> = r.try_get("family_name")?;
            Ok(StatementLine {
                at: instant_from_db(&r.try_get::<String, _>("created_at")?)?,
                description: r.try_get("description")?,
                pupil: given.zip(family).map(|(g, f)| format!("{g} {f}")),
                amount: Money::from_cents(r.try_get("amount_cents")?),
                balance_after: Money::from_cents(r.try_get("balance_after")?),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok((total, lines))
}

/// Who holds an account, as the debtor of its payments, and the service's taxonomy code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountHolder {
    pub fiscal_code: String,
    pub full_name: String,
    pub email: Option<String>,
    pub taxonomy: Option<String>,
}

pub async fn holder(
    pool: &AnyPool,
    tenant: &TenantId,
    account_id: &AccountId,
) -> Result<Option<AccountHolder>, StoreError> {
    let row = sqlx::query(
        "SELECT g.fiscal_code, g.given_name, g.family_name, g.email, s.taxonomy
         FROM accounts a
         JOIN guardians g ON g.tenant_id = a.tenant_id AND g.id = a.guardian_id
         JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id
         WHERE a.tenant_id = $1 AND a.id = $2",
    )
    .bind(tenant.as_str())
    .bind(account_id.as_str())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(AccountHolder {
            fiscal_code: r.try_get("fiscal_code")?,
            full_name: format!(
                "{} {}",
                r.try_get::<String, _>("given_name")?,
                r.try_get::<String, _>("family_name")?
            ),
            email: r.try_get("email")?,
            taxonomy: r.try_get("taxonomy")?,
        })
    })
    .transpose()
}

/// An operator's correction of a tutore's account for a service: a movement of its own
/// (never an edit), with the reason as its description and the operator as its author.
pub struct Correction<'a> {
    pub guardian_fiscal_code: &'a str,
    pub service_code: &'a str,
    /// Signed: positive credits the account.
    pub amount: Money,
    pub reason: &'a str,
    pub by: &'a str,
}

pub async fn correct(
    pool: &AnyPool,
    tenant: &TenantId,
    c: &Correction<'_>,
    now: DateTime<Utc>,
) -> Result<Money, StoreError> {
    let Correction {
        guardian_fiscal_code,
        service_code,
        amount,
        reason,
        by,
    } = *c;
    if amount.cents() == 0 || reason.trim().chars().count() < 5 {
        return Err(StoreError::Invalid(
            "a correction needs a non-zero amount and a reason of at least 5 characters".into(),
        ));
    }
    let row = sqlx::query(
        "SELECT g.id AS guardian_id, s.id AS service_id FROM guardians g
         JOIN services s ON s.tenant_id = g.tenant_id
         WHERE g.tenant_id = $1 AND g.fiscal_code = $2 AND s.code = $3",
    )
    .bind(tenant.as_str())
    .bind(guardian_fiscal_code)
    .bind(service_code)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| StoreError::Invalid("no such tutore or service in this Ente".into()))?;
    let mut tx = pool.begin().await?;
    let account = account_for(
        &mut tx,
        tenant,
        &row.try_get::<String, _>("guardian_id")?,
        &row.try_get::<String, _>("service_id")?,
    )
    .await?;
    post(
        &mut tx,
        tenant,
        &account,
        &NewEntry {
            kind: EntryKind::Correction,
            amount,
            pupil_id: None,
            description: &format!("Rettifica: {}", reason.trim()),
            reference: None,
            created_by: by,
        },
        now,
    )
    .await?;
    let balance: i64 =
        sqlx::query("SELECT balance_cents FROM accounts WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.as_str())
            .bind(&account)
            .fetch_one(&mut *tx)
            .await?
            .try_get("balance_cents")?;
    tx.commit().await?;
    Ok(Money::from_cents(balance))
}
