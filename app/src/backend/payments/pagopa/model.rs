//! The JSON of the contracts, as far as Sportello uses it (field names as published).

use super::{end_of_day, parse_instant, PositionState};
use crate::backend::store::payments::Payment;
use crate::backend::store::Tenant;
use serde::{Deserialize, Serialize};

/// Descriptions, company names and remittance information: at most 140 characters.
pub fn clip(text: &str) -> String {
    text.chars().take(140).collect()
}

/// Who owes the payment: the tutore.
#[derive(Clone, Debug)]
pub struct Debtor {
    pub fiscal_code: String,
    pub full_name: String,
    pub email: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPosition {
    pub iupd: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch_to_expired: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_date: Option<String>,
    #[serde(default)]
    pub payment_option: Vec<PaymentOption>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOption {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nav: Option<String>,
    pub iuv: String,
    pub amount: i64,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub is_partial_payment: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_date: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfer: Vec<Transfer>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    pub id_transfer: String,
    pub amount: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_fiscal_code: Option<String>,
    pub remittance_information: String,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
}

/// The debt position for one payment: one option, one transfer of the whole amount to the
/// Ente's IBAN, under the service's taxonomy code; expired after the due date.
pub(super) fn position(
    tenant: &Tenant,
    payment: &Payment,
    debtor: &Debtor,
    taxonomy: &str,
) -> PaymentPosition {
    PaymentPosition {
        iupd: payment.iupd.clone(),
        kind: Some("F".into()),
        fiscal_code: Some(debtor.fiscal_code.clone()),
        full_name: Some(clip(&debtor.full_name)),
        email: debtor.email.clone(),
        // A top-up notice lapses at its due date; a fee stays payable when overdue.
        switch_to_expired: Some(payment.purpose == crate::backend::store::payments::Purpose::TopUp),
        company_name: Some(clip(&tenant.name)),
        status: None,
        payment_date: None,
        payment_option: vec![PaymentOption {
            nav: Some(payment.notice.to_string()),
            iuv: payment.notice.iuv().to_string(),
            amount: payment.amount.cents(),
            description: clip(&payment.description),
            is_partial_payment: false,
            due_date: Some(end_of_day(tenant, payment.due_date)),
            status: None,
            payment_date: None,
            transfer: vec![Transfer {
                id_transfer: "1".into(),
                amount: payment.amount.cents(),
                organization_fiscal_code: Some(tenant.fiscal_code.to_string()),
                remittance_information: clip(&payment.description),
                category: taxonomy.to_string(),
                iban: tenant.iban.clone(),
            }],
        }],
    }
}

/// Paid when the position is PAID or its option for this IUV is PO_PAID; closed when
/// INVALID or EXPIRED; payable otherwise.
pub(super) fn state_of(
    position: &PaymentPosition,
    payment: &Payment,
    tenant: &Tenant,
) -> PositionState {
    let option = position
        .payment_option
        .iter()
        .find(|o| o.iuv == payment.notice.iuv());
    // After PAID a position moves on to REPORTED once the money is reconciled: still paid.
    let option_paid = matches!(
        option.and_then(|o| o.status.as_deref()),
        Some("PO_PAID" | "PO_REPORTED" | "PO_PARTIALLY_REPORTED")
    );
    let status = position.status.as_deref().unwrap_or("");
    if option_paid || status == "PAID" || status == "REPORTED" {
        let at = option
            .and_then(|o| o.payment_date.as_deref())
            .or(position.payment_date.as_deref())
            .and_then(|d| parse_instant(d, tenant))
            .unwrap_or_else(chrono::Utc::now);
        return PositionState::Paid { at };
    }
    match status {
        "INVALID" | "EXPIRED" => PositionState::Closed,
        _ => PositionState::Payable,
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CartRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_notice: Option<String>,
    pub payment_notices: Vec<PaymentNotice>,
    pub return_urls: ReturnUrls,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_cart: Option<String>,
    #[serde(rename = "allCCP", default, skip_serializing_if = "Option::is_none")]
    pub all_ccp: Option<bool>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentNotice {
    pub notice_number: String,
    pub fiscal_code: String,
    pub amount: i64,
    pub company_name: String,
    pub description: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnUrls {
    pub return_ok_url: String,
    pub return_cancel_url: String,
    pub return_error_url: String,
}
