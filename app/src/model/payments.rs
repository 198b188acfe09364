//! What the payments screens exchange with the server (shared with the browser).

use crate::domain::ids::{AccountId, FeeId, PaymentId};
use crate::domain::money::Money;
use crate::domain::recharge::RechargeLimits;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCard {
    pub id: AccountId,
    pub service: String,
    /// Prepaid (a wallet topped up) or invoiced (fees).
    pub prepaid: bool,
    pub balance: Money,
    /// "28/11/2026 alle 10:15", in the Ente's time zone.
    pub last_movement: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentSummary {
    pub id: PaymentId,
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
    pub id: FeeId,
    pub account_id: AccountId,
    pub label: String,
    pub amount: Money,
    pub due_date: String,
    pub state: FeeState,
    /// The payment that settles it, once it is on pagoPA (notice, receipt).
    pub payment_id: Option<PaymentId>,
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
    /// Every confirmed payment, newest first: top-ups and fees.
    pub receipts: Vec<ReceiptRow>,
}

/// A confirmed payment, with what proves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptRow {
    pub payment_id: PaymentId,
    /// "28/11/2026 alle 10:15", in the Ente's time zone.
    pub paid_at: String,
    pub description: String,
    pub amount: Money,
    /// How it was paid ("pagoPA").
    pub method: String,
    pub iuv: String,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RechargeStarted {
    pub payment_id: PaymentId,
    /// pagoPA Checkout, for an online payment.
    pub checkout_url: Option<String>,
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

crate::domain::wire::choice! {
    /// How the family pays a new top-up (the submit button's value).
    pub enum PayMethod {
        /// pagoPA Checkout, now.
        Online = "online",
        /// The printed notice, at a bank, post office or tabaccheria.
        Notice = "avviso",
    }
    refusal = "Scegli come pagare: online o con l'avviso.";
}
