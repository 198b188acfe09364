//! Pagamenti as a family sees it: accounts, fees, open top-ups, a page of a statement,
//! paying, and the state of one payment. The store's rows become the wire types here.

use crate::backend::auth::Caller;
use crate::backend::context::request_origin;
use crate::backend::payments::{check, open_fee_checkout, pagopa_client, start_topup, Schedule};
use crate::backend::store::payments::fees::{self, Fee, FeeStatus};
use crate::backend::store::payments::ledger::AccountSummary;
use crate::backend::store::payments::{self, ledger, PaymentStatus, Purpose};
use crate::backend::store::Tenant;
use crate::backend::store::{new_id, personal};
use crate::domain::date::format_date_it;
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::ids::{AccountId, FeeId, PaymentId};
use crate::domain::paging::{total_pages, Page, PageNumber};
use crate::domain::recharge::parse_recharge;
use crate::error::AppError;
use crate::model::payments::{
    AccountCard, FeeCard, FeeState, PayMethod, PaymentState, PaymentSummary, PaymentView,
    PaymentsOverview, ReceiptRow, RechargeStarted, StatementRow,
};

/// Movements on a page of the statement.
const STATEMENT_PAGE: u32 = 10;

/// Receipts listed in Pagamenti: years of top-ups and fees.
const RECEIPTS: u32 = 500;

/// The family's accounts, fees and open top-ups, and what the top-up dialog needs.
pub async fn overview(caller: &Caller) -> Result<PaymentsOverview, AppError> {
    let (db, tenant, cf) = (caller.db(), &caller.tenant, caller.fiscal_code());
    let accounts = ledger::accounts_of_guardian(db, &tenant.id, cf).await?;
    let mut open_payments = Vec::new();
    for wallet in accounts.iter().filter(|a| a.prepaid) {
        let recent = payments::of_account(db, &tenant.id, &wallet.id, 10).await?;
        open_payments.extend(
            recent
                .into_iter()
                .filter(|p| p.status == PaymentStatus::Open)
                .map(|p| PaymentSummary {
                    id: p.id,
                    amount: p.amount,
                    description: p.description,
                    notice: p.notice.grouped(),
                    due_date: format_date_it(p.due_date),
                    paid: false,
                }),
        );
    }
    let meal_price = personal::meal_price(db, &tenant.id, cf, caller.today()).await?;
    let receipts = payments::of_guardian(db, &tenant.id, cf, true, RECEIPTS).await?;
    Ok(PaymentsOverview {
        accounts: accounts
            .into_iter()
            .map(|a| account_card(tenant, a))
            .collect(),
        fees: fee_cards(caller, cf).await?,
        open_payments,
        limits: tenant.recharge_limits,
        meal_price,
        payments_enabled: caller.ctx.pagopa.is_some() && tenant.iban.is_some(),
        recharge_key: new_id(),
        receipts: receipts
            .into_iter()
            .filter_map(|p| {
                Some(ReceiptRow {
                    paid_at: p
                        .paid_at?
                        .with_timezone(&tenant.time_zone)
                        .format("%d/%m/%Y alle %H:%M")
                        .to_string(),
                    iuv: p.notice.iuv().to_string(),
                    payment_id: p.id,
                    description: p.description,
                    amount: p.amount,
                    method: "pagoPA".into(),
                })
            })
            .collect(),
    })
}

/// The accounts of the tutore with this fiscal code, with their balances.
pub async fn account_cards(caller: &Caller, cf: &FiscalCode) -> Result<Vec<AccountCard>, AppError> {
    let tenant = &caller.tenant;
    Ok(ledger::accounts_of_guardian(caller.db(), &tenant.id, cf)
        .await?
        .into_iter()
        .map(|a| account_card(tenant, a))
        .collect())
}

fn account_card(tenant: &Tenant, a: AccountSummary) -> AccountCard {
    AccountCard {
        last_movement: a.last_movement_at.map(|t| {
            t.with_timezone(&tenant.time_zone)
                .format("%d/%m/%Y alle %H:%M")
                .to_string()
        }),
        id: a.id,
        service: a.service_name,
        prepaid: a.prepaid,
        balance: a.balance,
    }
}

/// The fees of the tutore with this fiscal code, by due date.
pub async fn fee_cards(caller: &Caller, cf: &FiscalCode) -> Result<Vec<FeeCard>, AppError> {
    let fees = fees::of_guardian(caller.db(), &caller.tenant, cf, caller.today()).await?;
    Ok(fees.into_iter().map(fee_card).collect())
}

fn fee_card(f: Fee) -> FeeCard {
    FeeCard {
        payable: f.status != FeeStatus::Paid
            && f.payment
                .as_ref()
                .is_some_and(|p| p.status == PaymentStatus::Open),
        payment_id: f.payment.map(|p| p.id),
        id: f.id,
        account_id: f.account_id,
        label: f.label,
        amount: f.amount,
        due_date: format_date_it(f.due_date),
        state: match f.status {
            FeeStatus::Unpaid => FeeState::Unpaid,
            FeeStatus::Overdue => FeeState::Overdue,
            FeeStatus::Paid => FeeState::Paid,
        },
    }
}

/// A page of one of the family's accounts, newest first, with the running balance.
pub async fn statement(
    caller: &Caller,
    account: &AccountId,
    page: u32,
) -> Result<Page<StatementRow>, AppError> {
    statement_of(caller, caller.fiscal_code(), account, page, STATEMENT_PAGE).await
}

/// A page of `per_page` movements of an account of the tutore with this fiscal code.
pub async fn statement_of(
    caller: &Caller,
    cf: &FiscalCode,
    account: &AccountId,
    page: u32,
    per_page: u32,
) -> Result<Page<StatementRow>, AppError> {
    let (db, tenant) = (caller.db(), &caller.tenant);
    let own = ledger::accounts_of_guardian(db, &tenant.id, cf).await?;
    if !own.iter().any(|a| &a.id == account) {
        return Err(AppError::NotFound);
    }
    let (total, _) = ledger::statement(db, &tenant.id, cf, account, 0, 0).await?;
    let pages = total_pages(total, per_page);
    let page = PageNumber::new(page).clamp_to(pages);
    let offset = page.offset(per_page);
    let (_, lines) = ledger::statement(db, &tenant.id, cf, account, offset, per_page).await?;
    Ok(Page {
        items: lines
            .into_iter()
            .map(|l| StatementRow {
                date: l
                    .at
                    .with_timezone(&tenant.time_zone)
                    .format("%d/%m/%Y")
                    .to_string(),
                description: l.description,
                pupil: l.pupil,
                amount: l.amount,
                balance_after: l.balance_after,
            })
            .collect(),
        page: page.get(),
        total_pages: pages,
        total_items: total,
    })
}

/// Opens a top-up of the wallet for `amount` as typed (`20`, `20,50`), within the Ente's
/// limits; the same `request_key` twice opens one payment.
pub async fn recharge(
    caller: &Caller,
    amount: &str,
    method: PayMethod,
    request_key: Option<&str>,
) -> Result<RechargeStarted, AppError> {
    let amount = parse_recharge(amount, caller.tenant.recharge_limits)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let key = request_key.filter(|k| !k.is_empty() && k.len() <= 64);
    let origin = request_origin()?;
    let started = start_topup(caller, amount, method, &origin, key).await?;
    Ok(RechargeStarted {
        payment_id: started.payment.id,
        checkout_url: started.checkout_url,
    })
}

/// Checkout for one of the family's fees (its notice is already on pagoPA).
pub async fn pay_fee(caller: &Caller, fee_id: &FeeId) -> Result<RechargeStarted, AppError> {
    let fee = fees::of_guardian(
        caller.db(),
        &caller.tenant,
        caller.fiscal_code(),
        caller.today(),
    )
    .await?
    .into_iter()
    .find(|f| &f.id == fee_id)
    .ok_or(AppError::NotFound)?;
    if fee.status == FeeStatus::Paid {
        return Err(AppError::BadRequest(
            "Questa rata è già stata pagata.".into(),
        ));
    }
    let payment = fee.payment.ok_or_else(|| {
        AppError::Unavailable(
            "La rata non è ancora pronta per il pagamento: riprova tra qualche minuto.".into(),
        )
    })?;
    let url = open_fee_checkout(caller, &payment, &request_origin()?).await?;
    Ok(RechargeStarted {
        payment_id: payment.id,
        checkout_url: Some(url),
    })
}

/// A payment of this family as pagoPA sees it now: an open one is checked with the
/// platform on the spot (the browser's return from Checkout proves nothing).
pub async fn status(caller: &Caller, payment_id: &PaymentId) -> Result<PaymentView, AppError> {
    let (db, tenant, cf) = (caller.db(), &caller.tenant, caller.fiscal_code());
    let mut payment = payments::get_for_guardian(db, &tenant.id, cf, payment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if payment.status == PaymentStatus::Open {
        if let Ok(client) = pagopa_client(&caller.ctx, tenant) {
            let now = chrono::Utc::now();
            payment.status = check(db, &client, tenant, &payment, now, Schedule::Keep).await?;
        }
    }
    let balance = ledger::accounts_of_guardian(db, &tenant.id, cf)
        .await?
        .into_iter()
        .find(|a| a.id == payment.account_id)
        .map(|a| a.balance);
    Ok(PaymentView {
        state: payment_state(payment.status),
        is_fee: payment.purpose == Purpose::Fee,
        amount: payment.amount,
        description: payment.description,
        notice: payment.notice.grouped(),
        due_date: format_date_it(payment.due_date),
        checkout_url: payment.checkout_url,
        balance,
    })
}

/// A payment's state as the screens show it: one not yet confirmed is waiting.
pub fn payment_state(status: PaymentStatus) -> PaymentState {
    match status {
        PaymentStatus::Paid => PaymentState::Paid,
        PaymentStatus::Expired => PaymentState::Expired,
        PaymentStatus::Failed => PaymentState::Failed,
        PaymentStatus::Open | PaymentStatus::Creating => PaymentState::Pending,
    }
}
