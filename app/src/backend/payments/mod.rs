//! Paying through pagoPA: opening a top-up (position on GPD, then Checkout or the
//! notice), asking the platform whether a payment is paid, and the reconciliation job's
//! step. The browser's return from Checkout decides nothing: only the platform does.

pub mod documents;
pub mod family;
pub mod pagopa;

use crate::backend::auth::Caller;
use crate::backend::context::AppContext;
use crate::backend::payments::pagopa::{
    model_debtor, PagoPaClient, PagoPaError, PositionState, ReturnUrls,
};
use crate::backend::store::payments::{self, NewPayment, Payment, PaymentStatus, Purpose};
use crate::backend::store::{payments::ledger, tenants, Conflict, StoreError, Tenant};
use crate::domain::ids::PaymentId;
use crate::domain::money::Money;
use crate::domain::recharge::RechargeAmount;
use crate::error::AppError;
use crate::model::payments::PayMethod;
use chrono::{DateTime, Duration, Utc};
use sqlx::AnyPool;

pub struct Started {
    pub payment: Payment,
    /// Where to send the browser (online payments).
    pub checkout_url: Option<String>,
}

/// A top-up notice can be paid for this many days.
const TOPUP_VALID_DAYS: i64 = 30;

fn unavailable() -> AppError {
    AppError::Unavailable(
        "Il sistema dei pagamenti pagoPA non risponde. Non è stato addebitato nulla: riprova tra qualche minuto."
            .into(),
    )
}

/// The platform, if payments are configured for the portal and the Ente has an IBAN.
pub fn pagopa_client(ctx: &AppContext, tenant: &Tenant) -> Result<PagoPaClient, AppError> {
    match (&ctx.pagopa, &tenant.iban) {
        (Some(client), Some(_)) => Ok(client.clone()),
        _ => Err(AppError::BadRequest(
            "I pagamenti online non sono ancora attivi per questo Ente.".into(),
        )),
    }
}

/// Opens a top-up of the family's canteen wallet. Written here first (so nothing is lost),
/// then published on GPD; if the platform fails, the payment is marked failed, the family
/// is told that nothing was charged, and the job verifies later that it stays so. The same
/// form submitted twice (`request_key`) opens one payment.
pub async fn start_topup(
    caller: &Caller,
    amount: RechargeAmount,
    method: PayMethod,
    origin: &str,
    request_key: Option<&str>,
) -> Result<Started, AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let client = pagopa_client(ctx, tenant)?;
    let cf = me.user.fiscal_code.as_str();
    let amount = amount.money();
    let resume_with = |earlier| Resume {
        caller,
        client: &client,
        earlier,
        amount,
        method,
        origin,
    };
    if let Some(key) = request_key {
        if let Some(earlier) = payments::by_request(&ctx.db, &tenant.id, cf, key).await? {
            return resume_with(earlier).answer().await;
        }
    }
    let accounts = ledger::accounts_of_guardian(&ctx.db, &tenant.id, &me.user.fiscal_code).await?;
    let wallet = accounts.iter().find(|a| a.prepaid).ok_or_else(|| {
        AppError::BadRequest("Non risulta un servizio prepagato da ricaricare.".into())
    })?;
    let now = Utc::now();
    let description = format!("Ricarica {} - {}", wallet.service_name, me.user.family_name);
    let payment = payments::create(
        &ctx.db,
        &tenant.id,
        tenant.segregation_code,
        &NewPayment {
            account_id: wallet.id.as_str(),
            purpose: Purpose::TopUp,
            fee_id: None,
            amount,
            description: &description,
            due_date: (now + Duration::days(TOPUP_VALID_DAYS))
                .with_timezone(&tenant.time_zone)
                .date_naive(),
            created_by: cf,
            request_key,
        },
        now,
    )
    .await;
    let payment = match payment {
        Ok(p) => p,
        // The same submission, twice at once: the other one created it.
        Err(StoreError::Conflict(Conflict::DuplicateRequest)) => {
            let earlier =
                payments::by_request(&ctx.db, &tenant.id, cf, request_key.unwrap_or_default())
                    .await?
                    .ok_or_else(|| AppError::internal("the concurrent payment vanished"))?;
            return resume_with(earlier).answer().await;
        }
        Err(e) => return Err(AppError::internal(e)),
    };
    let debtor = model_debtor(&me.user);
    let taxonomy = wallet.taxonomy.clone().unwrap_or_default();
    if let Err(e) = client
        .create_position(tenant, &payment, &debtor, &taxonomy)
        .await
    {
        tracing::warn!(error = %e, iuv = payment.notice.iuv(), "debt position not created");
        // A dropped answer may hide a position that was created: the job makes sure.
        payments::mark_failed(&ctx.db, &tenant.id, &payment.id, Some(now + backoff(0))).await?;
        return Err(match e {
            PagoPaError::Unavailable(_) => unavailable(),
            PagoPaError::Refused { .. } => AppError::internal(e),
        });
    }
    payments::mark_open(&ctx.db, &tenant.id, &payment.id, now + backoff(0)).await?;
    let checkout_url = match method {
        PayMethod::Notice => None,
        PayMethod::Online => Some(checkout(caller, &client, &payment, origin).await?),
    };
    let payment = payments::get(&ctx.db, &tenant.id, &payment.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Started {
        payment,
        checkout_url,
    })
}

/// A form submitted again, and the payment it already opened.
struct Resume<'a> {
    caller: &'a Caller,
    client: &'a PagoPaClient,
    earlier: Payment,
    amount: Money,
    method: PayMethod,
    origin: &'a str,
}

impl Resume<'_> {
    /// The answer to the second submission: the same payment (and Checkout) as the first.
    async fn answer(self) -> Result<Started, AppError> {
        let Resume {
            caller,
            client,
            earlier,
            amount,
            method,
            origin,
        } = self;
        let (ctx, tenant) = (&caller.ctx, &caller.tenant);
        if earlier.amount != amount {
            return Err(AppError::BadRequest(
            "Hai già avviato una ricarica da questa pagina: aggiorna la pagina per farne un'altra."
                .into(),
        ));
        }
        // The first submission may still be talking to pagoPA: wait (briefly) for it to
        // publish the position and, online, to open Checkout, then answer with the same.
        let mut earlier = earlier;
        for _ in 0..40 {
            let settled = match earlier.status {
                PaymentStatus::Creating => false,
                PaymentStatus::Open => {
                    method == PayMethod::Notice || earlier.checkout_url.is_some()
                }
                _ => true,
            };
            if settled {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            earlier = payments::get(&ctx.db, &tenant.id, &earlier.id)
                .await?
                .ok_or(AppError::NotFound)?;
        }
        match earlier.status {
            PaymentStatus::Failed | PaymentStatus::Creating => Err(unavailable()),
            PaymentStatus::Open
                if method == PayMethod::Online && earlier.checkout_url.is_none() =>
            {
                let url = checkout(caller, client, &earlier, origin).await?;
                Ok(Started {
                    payment: earlier,
                    checkout_url: Some(url),
                })
            }
            _ => Ok(Started {
                checkout_url: match method {
                    PayMethod::Online => earlier.checkout_url.clone(),
                    PayMethod::Notice => None,
                },
                payment: earlier,
            }),
        }
    }
}

/// Opens pagoPA Checkout for an open payment; the family comes back to its outcome page.
async fn checkout(
    caller: &Caller,
    client: &PagoPaClient,
    payment: &Payment,
    origin: &str,
) -> Result<String, AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let back = |outcome: &str| {
        format!(
            "{origin}{}?esito={outcome}",
            crate::routes::payment_outcome(&payment.id)
        )
    };
    let urls = ReturnUrls {
        return_ok_url: back("ok"),
        return_cancel_url: back("annullato"),
        return_error_url: back("errore"),
    };
    match client
        .open_checkout(tenant, payment, urls, me.user.email.clone())
        .await
    {
        Ok(url) => {
            payments::set_checkout_url(&ctx.db, &tenant.id, &payment.id, &url).await?;
            Ok(url)
        }
        Err(e) => {
            // The position exists and can still be paid with the notice.
            tracing::warn!(error = %e, iuv = payment.notice.iuv(), "checkout not opened");
            Err(AppError::Unavailable(
                "Il pagamento online non è disponibile in questo momento. Puoi pagare con l'avviso: \
                 lo trovi tra i pagamenti in attesa."
                    .into(),
            ))
        }
    }
}

/// Checkout for a fee's payment (its position is already on pagoPA).
pub async fn open_fee_checkout(
    caller: &Caller,
    payment: &Payment,
    origin: &str,
) -> Result<String, AppError> {
    let client = pagopa_client(&caller.ctx, &caller.tenant)?;
    if payment.status != PaymentStatus::Open {
        return Err(AppError::Unavailable(
            "La rata non è ancora pronta per il pagamento: riprova tra qualche minuto.".into(),
        ));
    }
    checkout(caller, &client, payment, origin).await
}

/// The wait before the next question to the platform: 10 s, 20 s, 40 s… up to an hour.
pub fn backoff(attempts: u32) -> Duration {
    let seconds = 10i64.saturating_mul(1i64 << attempts.min(12));
    Duration::seconds(seconds.min(3600))
}

/// Whether a check moves the payment's schedule on (the job) or leaves it (a page asking
/// while the family waits, which must not push the job's next check further away).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    Advance,
    Keep,
}

/// Asks the platform about one open payment and records what it says: paid (credited
/// once), closed (expired), or still payable (asked again later).
pub async fn check(
    db: &AnyPool,
    client: &PagoPaClient,
    tenant: &Tenant,
    payment: &Payment,
    now: DateTime<Utc>,
    schedule: Schedule,
) -> Result<PaymentStatus, AppError> {
    match payment.status {
        PaymentStatus::Open => {}
        PaymentStatus::Failed | PaymentStatus::Creating if schedule == Schedule::Advance => {
            return verify_abandoned(db, client, tenant, payment, now).await;
        }
        other => return Ok(other),
    }
    // A page asking every few seconds gets the last answer instead of a new call.
    if schedule == Schedule::Keep
        && payment.last_checked_at.is_some_and(|at| {
            at <= now && now - at < Duration::seconds(PAGE_CHECK_INTERVAL_SECONDS)
        })
    {
        return Ok(PaymentStatus::Open);
    }
    payments::checked(db, &tenant.id, &payment.id, now).await?;
    let state = match client.position_state(tenant, payment).await {
        Ok(state) => state,
        Err(e) => {
            tracing::warn!(error = %e, iuv = payment.notice.iuv(), "payment check failed; will retry");
            if schedule == Schedule::Advance {
                retry_later(db, tenant, payment, now).await?;
            }
            return Ok(PaymentStatus::Open);
        }
    };
    match state {
        PositionState::Paid { at } => {
            let outcome = payments::confirm(db, &tenant.id, payment.notice.iuv(), at).await?;
            tracing::info!(
                iuv = payment.notice.iuv(),
                ?outcome,
                "payment confirmed by pagoPA"
            );
            Ok(PaymentStatus::Paid)
        }
        PositionState::Closed => {
            payments::mark_expired(db, &tenant.id, &payment.id).await?;
            Ok(PaymentStatus::Expired)
        }
        PositionState::Payable | PositionState::Unknown => {
            if schedule == Schedule::Advance {
                retry_later(db, tenant, payment, now).await?;
            }
            Ok(PaymentStatus::Open)
        }
    }
}

/// Publishes on GPD the fee payments issued but not yet there. A platform that does not
/// answer leaves them for the next pass; a refusal marks them failed (and says why in the log).
pub async fn publish_fees(
    db: &AnyPool,
    client: &PagoPaClient,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let waiting = payments::fees_to_publish(db, 100).await?;
    let mut published = 0;
    for payment in &waiting {
        let Some(tenant) = tenants::get(db, &payment.tenant_id).await? else {
            continue;
        };
        let Some(holder) = ledger::holder(db, &tenant.id, &payment.account_id).await? else {
            continue;
        };
        let debtor = pagopa::Debtor {
            fiscal_code: holder.fiscal_code,
            full_name: holder.full_name,
            email: holder.email,
        };
        match client
            .create_position(
                &tenant,
                payment,
                &debtor,
                holder.taxonomy.as_deref().unwrap_or_default(),
            )
            .await
        {
            Ok(()) => {
                payments::mark_open(db, &tenant.id, &payment.id, now + backoff(0)).await?;
                published += 1;
            }
            Err(PagoPaError::Unavailable(e)) => {
                tracing::warn!(error = %e, iuv = payment.notice.iuv(), "fee not published yet; will retry");
                break;
            }
            Err(e) => {
                tracing::error!(error = %e, iuv = payment.notice.iuv(), "GPD refused a fee");
                payments::mark_failed(db, &tenant.id, &payment.id, None).await?;
            }
        }
    }
    Ok(published)
}

/// Not settled yet: ask the platform again after the next backoff step.
async fn retry_later(
    db: &AnyPool,
    tenant: &Tenant,
    payment: &Payment,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let next = now + backoff(payment.check_attempts + 1);
    Ok(payments::reschedule(db, &tenant.id, &payment.id, next).await?)
}

/// A page may ask the platform about a payment at most this often.
const PAGE_CHECK_INTERVAL_SECONDS: i64 = 2;

/// A top-up the family was told had failed (or that was interrupted): if the platform has
/// it after all, it must be credited when paid and made unpayable otherwise.
async fn verify_abandoned(
    db: &AnyPool,
    client: &PagoPaClient,
    tenant: &Tenant,
    payment: &Payment,
    now: DateTime<Utc>,
) -> Result<PaymentStatus, AppError> {
    match client.position_state(tenant, payment).await {
        Ok(PositionState::Paid { at }) => {
            payments::confirm(db, &tenant.id, payment.notice.iuv(), at).await?;
            tracing::warn!(
                iuv = payment.notice.iuv(),
                "a top-up reported as failed was paid: credited"
            );
            Ok(PaymentStatus::Paid)
        }
        Ok(PositionState::Payable) => match client.invalidate_position(tenant, payment).await {
            Ok(()) => {
                payments::mark_failed(db, &tenant.id, &payment.id, None).await?;
                Ok(PaymentStatus::Failed)
            }
            Err(e) => {
                tracing::warn!(error = %e, iuv = payment.notice.iuv(), "cannot invalidate an abandoned position yet");
                retry_later(db, tenant, payment, now).await?;
                Ok(payment.status)
            }
        },
        Ok(PositionState::Closed | PositionState::Unknown) => {
            payments::mark_failed(db, &tenant.id, &payment.id, None).await?;
            Ok(PaymentStatus::Failed)
        }
        Err(e) => {
            tracing::warn!(error = %e, iuv = payment.notice.iuv(), "cannot verify an abandoned payment yet");
            retry_later(db, tenant, payment, now).await?;
            Ok(payment.status)
        }
    }
}

/// One pass of the reconciliation job: every payment whose check is due. One payment's
/// trouble (logged, retried later) never stops the others.
pub async fn reconcile_due(
    db: &AnyPool,
    client: &PagoPaClient,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let due = payments::due_for_check(db, now, 100).await?;
    let mut checked = 0;
    for payment in &due {
        let Some(tenant) = tenants::get(db, &payment.tenant_id).await? else {
            continue;
        };
        match check(db, client, &tenant, payment, now, Schedule::Advance).await {
            Ok(_) => checked += 1,
            Err(e) => {
                tracing::error!(error = %e, iuv = payment.notice.iuv(), "payment check failed");
                if let Err(e) = retry_later(db, &tenant, payment, now).await {
                    tracing::error!(error = %e, "cannot reschedule a payment check");
                }
            }
        }
    }
    Ok(checked)
}

/// The PDF of a payment: the notice while it can be paid, the receipt once pagoPA confirmed
/// it, made out to the account's tutore. A family gets its own payments only (another
/// family's is `NotFound`); the office any payment of its Ente (Famiglie).
pub async fn payment_document(
    caller: &Caller,
    payment_id: &PaymentId,
    kind: DocumentKind,
) -> Result<(String, Vec<u8>), AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    use crate::backend::payments::documents::{notice_pdf, receipt_pdf, NoticeFacts, ReceiptFacts};
    use crate::domain::date::format_date_it;
    use crate::domain::identity::Role;
    let payment = if me.is_office() {
        payments::get(&ctx.db, &tenant.id, payment_id).await?
    } else if me.has(Role::Family) {
        payments::get_for_guardian(&ctx.db, &tenant.id, &me.user.fiscal_code, payment_id).await?
    } else {
        return Err(AppError::Forbidden(
            "I pagamenti sono visibili solo al genitore o tutore.".into(),
        ));
    }
    .ok_or(AppError::NotFound)?;
    let holder = ledger::holder(&ctx.db, &tenant.id, &payment.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (name, fiscal_code) = (&holder.full_name, holder.fiscal_code.as_str());
    match kind {
        DocumentKind::Notice => {
            if !matches!(payment.status, PaymentStatus::Open | PaymentStatus::Paid) {
                return Err(AppError::NotFound);
            }
            let pdf = notice_pdf(&NoticeFacts {
                ente_name: &tenant.name,
                ente_fiscal_code: tenant.fiscal_code.as_str(),
                cbill: tenant.cbill.as_deref(),
                debtor_name: name,
                debtor_fiscal_code: fiscal_code,
                subject: &payment.description,
                amount: payment.amount,
                due_date: &format_date_it(payment.due_date),
                notice: &payment.notice,
            });
            Ok((format!("avviso-{}.pdf", payment.notice), pdf))
        }
        DocumentKind::Receipt => {
            let (PaymentStatus::Paid, Some(paid_at)) = (payment.status, payment.paid_at) else {
                return Err(AppError::NotFound);
            };
            let pdf = receipt_pdf(&ReceiptFacts {
                ente_name: &tenant.name,
                ente_fiscal_code: tenant.fiscal_code.as_str(),
                payer_name: name,
                payer_fiscal_code: fiscal_code,
                subject: &payment.description,
                amount: payment.amount,
                paid_at: &paid_at
                    .with_timezone(&tenant.time_zone)
                    .format("%d/%m/%Y alle %H:%M")
                    .to_string(),
                notice: &payment.notice,
            });
            Ok((format!("ricevuta-{}.pdf", payment.notice), pdf))
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Notice,
    Receipt,
}
