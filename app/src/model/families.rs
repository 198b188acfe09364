//! Famiglie: what the office reads about a family (shared with the browser).

use crate::domain::ids::PaymentId;
use crate::domain::money::Money;
use crate::model::payments::{AccountCard, FeeCard, PaymentState, StatementRow};
use serde::{Deserialize, Serialize};

/// A family found by a search: its tutore and their pupils.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyHit {
    pub fiscal_code: String,
    pub name: String,
    pub pupils: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilySearch {
    pub hits: Vec<FamilyHit>,
    /// More families matched than are listed: the office should search more precisely.
    pub more: bool,
    /// Why nothing was searched (too short a text), in Italian.
    pub refusal: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyPupil {
    pub name: String,
    pub school: String,
    pub class: String,
    pub diet: Option<String>,
    /// The services the pupil is subscribed to today.
    pub services: Vec<String>,
}

/// One account of the family with its latest movements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountStatement {
    pub account: AccountCard,
    pub rows: Vec<StatementRow>,
    /// Movements in all (the page shows the latest).
    pub total: u64,
}

/// A payment of the family as pagoPA knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyPayment {
    pub id: PaymentId,
    pub description: String,
    pub amount: Money,
    /// `3022 0250 0000 0001 27`
    pub notice: String,
    pub due_date: String,
    pub state: PaymentState,
    /// "28/11/2026 alle 10:15", once paid.
    pub paid_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyMessage {
    /// dd/mm/yyyy
    pub date: String,
    pub title: String,
    pub read: bool,
}

/// A family as the office sees it: read only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyView {
    pub fiscal_code: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub resident: bool,
    pub pupils: Vec<FamilyPupil>,
    pub accounts: Vec<AccountStatement>,
    pub fees: Vec<FeeCard>,
    pub payments: Vec<FamilyPayment>,
    pub messages: Vec<FamilyMessage>,
}
