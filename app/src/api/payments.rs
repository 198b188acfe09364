//! Pagamenti: the family's accounts, statements, top-ups and the state of a payment.
//! Only a tutore (role family) reaches these: a delegate never sees payments.

use crate::domain::money::Money;
use crate::domain::paging::Page;
use crate::domain::recharge::RechargeLimits;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCard {
    pub id: String,
    pub service: String,
    /// Prepaid (a wallet topped up) or invoiced (fees).
    pub prepaid: bool,
    pub balance: Money,
    /// "28/11/2026 alle 10:15", in the Ente's time zone.
    pub last_movement: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentSummary {
    pub id: String,
    pub amount: Money,
    pub description: String,
    /// `3022 0250 0000 0001 27`
    pub notice: String,
    pub due_date: String,
    pub paid: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeeState {
    Unpaid,
    Overdue,
    Paid,
}

/// A fee of an invoiced service (e.g. a transport instalment).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeCard {
    pub id: String,
    pub account_id: String,
    pub label: String,
    pub amount: Money,
    pub due_date: String,
    pub state: FeeState,
    /// The payment that settles it, once it is on pagoPA (notice, receipt).
    pub payment_id: Option<String>,
    /// It can be paid now (its notice is on pagoPA).
    pub payable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentsOverview {
    pub accounts: Vec<AccountCard>,
    /// The fees of the invoiced services, by due date.
    pub fees: Vec<FeeCard>,
    /// Top-ups waiting to be paid (online or with the notice), newest first.
    pub open_payments: Vec<PaymentSummary>,
    pub limits: RechargeLimits,
    /// The price of a meal at the family's tariff (the highest among their pupils).
    pub meal_price: Option<Money>,
    /// Whether this Ente takes payments through pagoPA yet.
    pub payments_enabled: bool,
    /// Sent back with the top-up form, so the same submission twice opens one payment.
    pub recharge_key: String,
}

#[server(endpoint = "payments_overview")]
pub async fn load_payments() -> Result<PaymentsOverview, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond, today};
    use crate::backend::store::{family, ledger, payments};
    use crate::domain::date::format_date_it;
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Family])?;
            let ctx = app_context()?;
            let cf = &me.user.fiscal_code;
            let accounts = ledger::accounts_of_guardian(&ctx.db, &tenant.id, cf.as_str())
                .await
                .map_err(AppError::internal)?;
            let mut open_payments = Vec::new();
            for wallet in accounts.iter().filter(|a| a.prepaid) {
                for p in payments::of_account(&ctx.db, &tenant.id, &wallet.id, 10)
                    .await
                    .map_err(AppError::internal)?
                    .into_iter()
                    .filter(|p| p.status == payments::PaymentStatus::Open)
                {
                    open_payments.push(PaymentSummary {
                        id: p.id,
                        amount: p.amount,
                        description: p.description,
                        notice: p.notice.grouped(),
                        due_date: format_date_it(p.due_date),
                        paid: false,
                    });
                }
            }
            let meal_price = family::meal_price(&ctx.db, &tenant.id, cf, today(&tenant))
                .await
                .map_err(AppError::internal)?;
            let fees = crate::backend::store::fees::of_guardian(
                &ctx.db,
                &tenant,
                cf.as_str(),
                today(&tenant),
            )
            .await
            .map_err(AppError::internal)?
            .into_iter()
            .map(fee_card)
            .collect();
            Ok(PaymentsOverview {
                accounts: accounts
                    .into_iter()
                    .map(|a| AccountCard {
                        last_movement: a.last_movement_at.map(|t| {
                            t.with_timezone(&tenant.time_zone)
                                .format("%d/%m/%Y alle %H:%M")
                                .to_string()
                        }),
                        id: a.id,
                        service: a.service_name,
                        prepaid: a.prepaid,
                        balance: a.balance,
                    })
                    .collect(),
                fees,
                open_payments,
                limits: tenant.recharge_limits,
                meal_price,
                payments_enabled: ctx.pagopa.is_some() && tenant.iban.is_some(),
                recharge_key: crate::backend::store::new_id(),
            })
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn fee_card(f: crate::backend::store::fees::Fee) -> FeeCard {
    use crate::backend::store::fees::FeeStatus;
    use crate::backend::store::payments::PaymentStatus;
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
        due_date: crate::domain::date::format_date_it(f.due_date),
        state: match f.status {
            FeeStatus::Unpaid => FeeState::Unpaid,
            FeeStatus::Overdue => FeeState::Overdue,
            FeeStatus::Paid => FeeState::Paid,
        },
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRow {
    /// dd/mm/yyyy in the Ente's time zone.
    pub date: String,
    pub description: String,
    pub pupil: Option<String>,
    pub amount: Money,
    pub balance_after: Money,
}

/// A page of an account's movements, newest first, with the running balance.
#[server(endpoint = "payments_statement")]
pub async fn load_statement(account_id: String, page: u32) -> Result<Page<StatementRow>, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::backend::store::ledger;
    use crate::domain::identity::Role;
    use crate::domain::paging::{total_pages, PageNumber};
    const PER_PAGE: u32 = 10;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Family])?;
            let ctx = app_context()?;
            let cf = me.user.fiscal_code.as_str();
            let own = ledger::accounts_of_guardian(&ctx.db, &tenant.id, cf)
                .await
                .map_err(AppError::internal)?;
            if !own.iter().any(|a| a.id == account_id) {
                return Err(AppError::NotFound);
            }
            let (total, _) = ledger::statement(&ctx.db, &tenant.id, cf, &account_id, 0, 0)
                .await
                .map_err(AppError::internal)?;
            let pages = total_pages(total, PER_PAGE);
            let page = PageNumber::new(page).clamp_to(pages);
            let (_, lines) = ledger::statement(
                &ctx.db,
                &tenant.id,
                cf,
                &account_id,
                page.offset(PER_PAGE),
                PER_PAGE,
            )
            .await
            .map_err(AppError::internal)?;
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
        .await,
    )
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RechargeStarted {
    pub payment_id: String,
    /// pagoPA Checkout, for an online payment.
    pub checkout_url: Option<String>,
}

/// Opens a top-up of `amount` (as typed: `20`, `20,50`), paid `online` or with the `avviso`.
/// Without JavaScript the browser is sent to the payment's page, which links to Checkout.
#[server(endpoint = "payments_recharge")]
pub async fn start_recharge(
    amount: String,
    method: String,
    request_key: Option<String>,
) -> Result<RechargeStarted, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, request_origin, respond};
    use crate::backend::payments::{start_topup, PayMethod};
    use crate::domain::identity::Role;
    use crate::domain::recharge::parse_recharge;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Family])?;
            let ctx = app_context()?;
            let amount = parse_recharge(&amount, tenant.recharge_limits)
                .map_err(|e| AppError::BadRequest(e.to_string()))?;
            let method = match method.as_str() {
                "online" => PayMethod::Online,
                "avviso" => PayMethod::Notice,
                _ => {
                    return Err(AppError::BadRequest(
                        "Scegli come pagare: online o con l'avviso.".into(),
                    ))
                }
            };
            let started = start_topup(
                &ctx,
                &tenant,
                &me,
                amount,
                method,
                &request_origin()?,
                request_key
                    .as_deref()
                    .filter(|k| !k.is_empty() && k.len() <= 64),
            )
            .await?;
            if form_post_without_javascript() {
                leptos_axum::redirect(&format!(
                    "/area-personale/pagamenti/esito/{}",
                    started.payment.id
                ));
            }
            Ok(RechargeStarted {
                payment_id: started.payment.id,
                checkout_url: started.checkout_url,
            })
        }
        .await,
    )
}

/// Pays a fee of this family online: Checkout for its notice (already on pagoPA).
#[server(endpoint = "payments_pay_fee")]
pub async fn pay_fee(fee_id: String) -> Result<RechargeStarted, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, request_origin, respond, today};
    use crate::backend::payments::open_fee_checkout;
    use crate::backend::store::fees::{self, FeeStatus};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Family])?;
            let ctx = app_context()?;
            let fee = fees::of_guardian(
                &ctx.db,
                &tenant,
                me.user.fiscal_code.as_str(),
                today(&tenant),
            )
            .await
            .map_err(AppError::internal)?
            .into_iter()
            .find(|f| f.id == fee_id)
            .ok_or(AppError::NotFound)?;
            if fee.status == FeeStatus::Paid {
                return Err(AppError::BadRequest(
                    "Questa rata è già stata pagata.".into(),
                ));
            }
            let payment = fee.payment.ok_or_else(|| {
                AppError::Unavailable(
                    "La rata non è ancora pronta per il pagamento: riprova tra qualche minuto."
                        .into(),
                )
            })?;
            let url = open_fee_checkout(&ctx, &tenant, &me, &payment, &request_origin()?).await?;
            if form_post_without_javascript() {
                leptos_axum::redirect(&format!("/area-personale/pagamenti/esito/{}", payment.id));
            }
            Ok(RechargeStarted {
                payment_id: payment.id,
                checkout_url: Some(url),
            })
        }
        .await,
    )
}

/// A plain HTML form post (before hydration) asks for HTML; the app's calls ask for JSON.
#[cfg(feature = "ssr")]
fn form_post_without_javascript() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|a| a.contains("text/html"))
        })
        .unwrap_or(false)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentState {
    /// Waiting for pagoPA's word.
    Pending,
    Paid,
    Expired,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub state: PaymentState,
    /// A fee (not a wallet top-up).
    pub is_fee: bool,
    pub amount: Money,
    pub description: String,
    pub notice: String,
    pub due_date: String,
    pub checkout_url: Option<String>,
    /// The wallet's balance now (after the credit, once paid).
    pub balance: Option<Money>,
}

/// A payment of this family, as pagoPA sees it now: an open one is checked with the
/// platform on the spot (the browser's return from Checkout proves nothing).
#[server(endpoint = "payments_status")]
pub async fn payment_status(payment_id: String) -> Result<PaymentView, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::context::{app_context, respond};
    use crate::backend::payments::{check, pagopa_client, Schedule};
    use crate::backend::store::{ledger, payments};
    use crate::domain::date::format_date_it;
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Family])?;
            let ctx = app_context()?;
            let cf = me.user.fiscal_code.as_str();
            let mut payment = payments::get_for_guardian(&ctx.db, &tenant.id, cf, &payment_id)
                .await
                .map_err(AppError::internal)?
                .ok_or(AppError::NotFound)?;
            if payment.status == payments::PaymentStatus::Open {
                if let Ok(client) = pagopa_client(&ctx, &tenant) {
                    payment.status = check(
                        &ctx.db,
                        &client,
                        &tenant,
                        &payment,
                        chrono::Utc::now(),
                        Schedule::Keep,
                    )
                    .await?;
                }
            }
            let balance = ledger::accounts_of_guardian(&ctx.db, &tenant.id, cf)
                .await
                .map_err(AppError::internal)?
                .into_iter()
                .find(|a| a.id == payment.account_id)
                .map(|a| a.balance);
            Ok(PaymentView {
                state: match payment.status {
                    payments::PaymentStatus::Paid => PaymentState::Paid,
                    payments::PaymentStatus::Expired => PaymentState::Expired,
                    payments::PaymentStatus::Failed => PaymentState::Failed,
                    payments::PaymentStatus::Open | payments::PaymentStatus::Creating => {
                        PaymentState::Pending
                    }
                },
                is_fee: payment.purpose == payments::Purpose::Fee,
                amount: payment.amount,
                description: payment.description,
                notice: payment.notice.grouped(),
                due_date: format_date_it(payment.due_date),
                checkout_url: payment.checkout_url,
                balance,
            })
        }
        .await,
    )
}
