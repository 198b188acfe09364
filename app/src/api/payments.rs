//! Pagamenti: the family's accounts, statements, top-ups and the state of a payment.
//! Only a tutore (role family) reaches these: a delegate never sees payments.

use crate::domain::ids::{AccountId, FeeId, PaymentId};
use crate::domain::paging::Page;
use crate::error::AppError;
use crate::model::payments::{
    PayMethod, PaymentView, PaymentsOverview, RechargeStarted, StatementRow,
};
use leptos::prelude::*;

#[server(endpoint = "payments_overview")]
pub async fn load_payments() -> Result<PaymentsOverview, AppError> {
    use crate::backend::{auth::Caller, context::respond, payments::family};
    use crate::domain::identity::Role;
    respond(async { family::overview(&Caller::require(&[Role::Family])?).await }.await)
}

/// A page of an account's movements, newest first, with the running balance.
#[server(endpoint = "payments_statement")]
pub async fn load_statement(
    account_id: AccountId,
    page: u32,
) -> Result<Page<StatementRow>, AppError> {
    use crate::backend::{auth::Caller, context::respond, payments::family};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Family])?;
            family::statement(&caller, &account_id, page).await
        }
        .await,
    )
}

/// Opens a top-up of `amount` (as typed: `20`, `20,50`), paid `online` or with the `avviso`.
/// Without JavaScript the browser is sent to the payment's page, which links to Checkout.
#[server(endpoint = "payments_recharge")]
pub async fn start_recharge(
    amount: String,
    method: PayMethod,
    request_key: Option<String>,
) -> Result<RechargeStarted, AppError> {
    use crate::backend::auth::Caller;
    use crate::backend::context::{redirect_form_post, respond};
    use crate::backend::payments::family;
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Family])?;
            let key = request_key.as_deref();
            let started = family::recharge(&caller, &amount, method, key).await?;
            redirect_form_post(&crate::routes::payment_outcome(&started.payment_id));
            Ok(started)
        }
        .await,
    )
}

/// Pays a fee of this family online: Checkout for its notice (already on pagoPA).
#[server(endpoint = "payments_pay_fee")]
pub async fn pay_fee(fee_id: FeeId) -> Result<RechargeStarted, AppError> {
    use crate::backend::auth::Caller;
    use crate::backend::context::{redirect_form_post, respond};
    use crate::backend::payments::family;
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Family])?;
            let started = family::pay_fee(&caller, &fee_id).await?;
            redirect_form_post(&crate::routes::payment_outcome(&started.payment_id));
            Ok(started)
        }
        .await,
    )
}

/// A payment of this family, as pagoPA sees it now.
#[server(endpoint = "payments_status")]
pub async fn payment_status(payment_id: PaymentId) -> Result<PaymentView, AppError> {
    use crate::backend::{auth::Caller, context::respond, payments::family};
    use crate::domain::identity::Role;
    respond(
        async {
            let caller = Caller::require(&[Role::Family])?;
            family::status(&caller, &payment_id).await
        }
        .await,
    )
}
