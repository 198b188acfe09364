//! The sandbox's own records of debt positions, payment options, transfers, carts and receipts.

use crate::time::Timestamp;
use std::time::Instant;

/// A debt position's status, as GPD names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionStatus {
    Draft,
    Published,
    Valid,
    Invalid,
    Expired,
    PartiallyPaid,
    Paid,
    Reported,
}

impl PositionStatus {
    pub const ALL: [PositionStatus; 8] = [
        PositionStatus::Draft,
        PositionStatus::Published,
        PositionStatus::Valid,
        PositionStatus::Invalid,
        PositionStatus::Expired,
        PositionStatus::PartiallyPaid,
        PositionStatus::Paid,
        PositionStatus::Reported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PositionStatus::Draft => "DRAFT",
            PositionStatus::Published => "PUBLISHED",
            PositionStatus::Valid => "VALID",
            PositionStatus::Invalid => "INVALID",
            PositionStatus::Expired => "EXPIRED",
            PositionStatus::PartiallyPaid => "PARTIALLY_PAID",
            PositionStatus::Paid => "PAID",
            PositionStatus::Reported => "REPORTED",
        }
    }

    pub fn parse(s: &str) -> Option<PositionStatus> {
        PositionStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// A payment happened on it: it can no longer be deleted or invalidated.
    pub fn has_payments(self) -> bool {
        matches!(
            self,
            PositionStatus::PartiallyPaid | PositionStatus::Paid | PositionStatus::Reported
        )
    }
}

/// A payment option's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionStatus {
    Unpaid,
    Paid,
}

impl OptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OptionStatus::Unpaid => "PO_UNPAID",
            OptionStatus::Paid => "PO_PAID",
        }
    }
}

/// The debtor: a natural (F) or legal (G) person.
#[derive(Clone, Debug)]
pub struct Debtor {
    pub kind: String,
    pub fiscal_code: String,
    pub full_name: String,
    pub street_name: Option<String>,
    pub civic_number: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub province: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Stamp {
    pub hash_document: String,
    pub stamp_type: String,
    pub provincial_residence: String,
}

/// Where a transfer's money goes: an IBAN or a revenue stamp (marca da bollo).
#[derive(Clone, Debug)]
pub enum Destination {
    Iban(String),
    Stamp(Stamp),
}

#[derive(Clone, Debug)]
pub struct Transfer {
    pub id_transfer: String,
    pub amount: u64,
    /// As given; absent means the position's organization.
    pub organization_fiscal_code: Option<String>,
    pub remittance_information: String,
    pub category: String,
    pub destination: Destination,
    pub postal_iban: Option<String>,
    pub company_name: Option<String>,
    pub metadata: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct PaymentOption {
    pub nav: String,
    pub iuv: String,
    pub amount: u64,
    pub description: String,
    pub is_partial_payment: bool,
    pub due_date: Timestamp,
    pub retention_date: Option<Timestamp>,
    pub transfers: Vec<Transfer>,
    pub metadata: Vec<(String, String)>,
    pub status: OptionStatus,
    pub payment_date: Option<Timestamp>,
    pub payment_method: Option<String>,
    pub psp_company: Option<String>,
    pub id_receipt: Option<String>,
    pub inserted: Timestamp,
    pub last_updated: Timestamp,
}

#[derive(Clone, Debug)]
pub struct Position {
    pub organization: String,
    pub iupd: String,
    pub debtor: Debtor,
    pub pay_stand_in: bool,
    pub switch_to_expired: bool,
    pub company_name: String,
    pub office_name: Option<String>,
    pub validity_date: Option<Timestamp>,
    pub publish_date: Option<Timestamp>,
    pub payment_date: Option<Timestamp>,
    pub status: PositionStatus,
    pub options: Vec<PaymentOption>,
    pub inserted: Timestamp,
    pub last_updated: Timestamp,
    /// Insertion order, for the list's INSERTED_DATE ordering.
    pub seq: u64,
}

/// One notice of a Checkout cart.
#[derive(Clone, Debug)]
pub struct CartNotice {
    pub notice_number: String,
    pub fiscal_code: String,
    pub amount: u64,
    pub company_name: String,
    pub description: String,
}

#[derive(Clone, Debug)]
pub struct Cart {
    pub id: String,
    pub notices: Vec<CartNotice>,
    pub return_ok_url: String,
    pub return_cancel_url: String,
    pub return_error_url: String,
    pub email_notice: Option<String>,
    pub paid: bool,
}

/// A receipt as the platform hands it to the creditor (paSendRTV2).
#[derive(Clone, Debug)]
pub struct Receipt {
    pub organization: String,
    pub iuv: String,
    pub debtor: String,
    pub payment_date_time: Timestamp,
    /// Late confirmations: invisible until then.
    pub visible_at: Instant,
    pub xml: String,
}
