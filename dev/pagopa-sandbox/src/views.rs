//! JSON views of positions, named and shaped as GPD's schemas (PaymentPositionModel,
//! PaymentPositionModelBaseResponse, PaymentOptionModelResponse …). Absent values are left
//! out rather than null: the spec's types do not allow null.

use crate::model::{Destination, PaymentOption, Position, Stamp, Transfer};
use crate::time::{format, Timestamp};
use serde::Serialize;

fn ts(t: &Timestamp) -> String {
    format(t)
}

fn opt_ts(t: Option<&Timestamp>) -> Option<String> {
    t.map(format)
}

#[derive(Serialize)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

fn pairs(p: &[(String, String)]) -> Vec<KeyValue> {
    p.iter()
        .map(|(key, value)| KeyValue {
            key: key.clone(),
            value: value.clone(),
        })
        .collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StampView {
    pub hash_document: String,
    pub stamp_type: String,
    pub provincial_residence: String,
}

fn stamp(s: &Stamp) -> StampView {
    StampView {
        hash_document: s.hash_document.clone(),
        stamp_type: s.stamp_type.clone(),
        provincial_residence: s.provincial_residence.clone(),
    }
}

fn iban_and_stamp(t: &Transfer) -> (Option<String>, Option<StampView>) {
    match &t.destination {
        Destination::Iban(iban) => (Some(iban.clone()), None),
        Destination::Stamp(s) => (None, Some(stamp(s))),
    }
}

/// TransferModel.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferModel {
    pub id_transfer: String,
    pub amount: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_fiscal_code: Option<String>,
    pub remittance_information: String,
    pub category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_iban: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stamp: Option<StampView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    pub transfer_metadata: Vec<KeyValue>,
}

/// PaymentOptionModel.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOptionModel {
    pub nav: String,
    pub iuv: String,
    pub amount: u64,
    pub description: String,
    pub is_partial_payment: bool,
    pub due_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_date: Option<String>,
    pub fee: u64,
    pub notification_fee: u64,
    pub transfer: Vec<TransferModel>,
    pub payment_option_metadata: Vec<KeyValue>,
}

/// PaymentPositionModel: what create, publish and invalidate answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPositionModel {
    pub iupd: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub pay_stand_in: bool,
    pub fiscal_code: String,
    pub full_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub civic_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub switch_to_expired: bool,
    pub company_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_date: Option<String>,
    pub status: &'static str,
    pub payment_option: Vec<PaymentOptionModel>,
}

pub fn position_model(p: &Position) -> PaymentPositionModel {
    let d = &p.debtor;
    PaymentPositionModel {
        iupd: p.iupd.clone(),
        kind: d.kind.clone(),
        pay_stand_in: p.pay_stand_in,
        fiscal_code: d.fiscal_code.clone(),
        full_name: d.full_name.clone(),
        street_name: d.street_name.clone(),
        civic_number: d.civic_number.clone(),
        postal_code: d.postal_code.clone(),
        city: d.city.clone(),
        province: d.province.clone(),
        region: d.region.clone(),
        country: d.country.clone(),
        email: d.email.clone(),
        phone: d.phone.clone(),
        switch_to_expired: p.switch_to_expired,
        company_name: p.company_name.clone(),
        office_name: p.office_name.clone(),
        validity_date: opt_ts(p.validity_date.as_ref()),
        payment_date: opt_ts(p.payment_date.as_ref()),
        status: p.status.as_str(),
        payment_option: p
            .options
            .iter()
            .map(|o| PaymentOptionModel {
                nav: o.nav.clone(),
                iuv: o.iuv.clone(),
                amount: o.amount,
                description: o.description.clone(),
                is_partial_payment: o.is_partial_payment,
                due_date: ts(&o.due_date),
                retention_date: opt_ts(o.retention_date.as_ref()),
                fee: 0,
                notification_fee: 0,
                transfer: o
                    .transfers
                    .iter()
                    .map(|t| {
                        let (iban, stamp) = iban_and_stamp(t);
                        TransferModel {
                            id_transfer: t.id_transfer.clone(),
                            amount: t.amount,
                            organization_fiscal_code: Some(
                                t.organization_fiscal_code
                                    .clone()
                                    .unwrap_or_else(|| p.organization.clone()),
                            ),
                            remittance_information: t.remittance_information.clone(),
                            category: t.category.clone(),
                            iban,
                            postal_iban: t.postal_iban.clone(),
                            stamp,
                            company_name: t.company_name.clone(),
                            transfer_metadata: pairs(&t.metadata),
                        }
                    })
                    .collect(),
                payment_option_metadata: pairs(&o.metadata),
            })
            .collect(),
    }
}

/// TransferModelResponse.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferModelResponse {
    pub organization_fiscal_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    pub id_transfer: String,
    pub amount: u64,
    pub remittance_information: String,
    pub category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_iban: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stamp: Option<StampView>,
    pub inserted_date: String,
    pub status: &'static str,
    pub last_updated_date: String,
    pub transfer_metadata: Vec<KeyValue>,
}

/// PaymentOptionModelResponse (also PaymentsModelResponse, its superset).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOptionModelResponse {
    pub nav: String,
    pub iuv: String,
    pub organization_fiscal_code: String,
    pub amount: u64,
    pub description: String,
    pub is_partial_payment: bool,
    pub due_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_date: Option<String>,
    pub inserted_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
    pub fee: u64,
    pub notification_fee: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub psp_company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_receipt: Option<String>,
    pub status: &'static str,
    pub last_updated_date: String,
    pub payment_option_metadata: Vec<KeyValue>,
    pub transfer: Vec<TransferModelResponse>,
}

pub fn option_response(p: &Position, o: &PaymentOption) -> PaymentOptionModelResponse {
    PaymentOptionModelResponse {
        nav: o.nav.clone(),
        iuv: o.iuv.clone(),
        organization_fiscal_code: p.organization.clone(),
        amount: o.amount,
        description: o.description.clone(),
        is_partial_payment: o.is_partial_payment,
        due_date: ts(&o.due_date),
        retention_date: opt_ts(o.retention_date.as_ref()),
        payment_date: opt_ts(o.payment_date.as_ref()),
        inserted_date: ts(&o.inserted),
        payment_method: o.payment_method.clone(),
        fee: 0,
        notification_fee: 0,
        psp_company: o.psp_company.clone(),
        id_receipt: o.id_receipt.clone(),
        status: o.status.as_str(),
        last_updated_date: ts(&o.last_updated),
        payment_option_metadata: pairs(&o.metadata),
        transfer: o
            .transfers
            .iter()
            .map(|t| {
                let (iban, stamp) = iban_and_stamp(t);
                TransferModelResponse {
                    organization_fiscal_code: t
                        .organization_fiscal_code
                        .clone()
                        .unwrap_or_else(|| p.organization.clone()),
                    company_name: t.company_name.clone(),
                    id_transfer: t.id_transfer.clone(),
                    amount: t.amount,
                    remittance_information: t.remittance_information.clone(),
                    category: t.category.clone(),
                    iban,
                    postal_iban: t.postal_iban.clone(),
                    stamp,
                    inserted_date: ts(&o.inserted),
                    status: "T_UNREPORTED",
                    last_updated_date: ts(&o.last_updated),
                    transfer_metadata: pairs(&t.metadata),
                }
            })
            .collect(),
    }
}

/// PaymentPositionModelBaseResponse: what GET answers.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPositionModelBaseResponse {
    pub iupd: String,
    pub organization_fiscal_code: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub company_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office_name: Option<String>,
    pub inserted_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_date: Option<String>,
    pub status: &'static str,
    pub last_updated_date: String,
    pub payment_option: Vec<PaymentOptionModelResponse>,
}

pub fn position_response(p: &Position) -> PaymentPositionModelBaseResponse {
    PaymentPositionModelBaseResponse {
        iupd: p.iupd.clone(),
        organization_fiscal_code: p.organization.clone(),
        kind: p.debtor.kind.clone(),
        company_name: p.company_name.clone(),
        office_name: p.office_name.clone(),
        inserted_date: ts(&p.inserted),
        publish_date: opt_ts(p.publish_date.as_ref()),
        validity_date: opt_ts(p.validity_date.as_ref()),
        payment_date: opt_ts(p.payment_date.as_ref()),
        status: p.status.as_str(),
        last_updated_date: ts(&p.last_updated),
        payment_option: p.options.iter().map(|o| option_response(p, o)).collect(),
    }
}

/// PageInfo (snake_case, as in the spec).
#[derive(Serialize)]
pub struct PageInfo {
    pub page: u32,
    pub limit: u32,
    pub items_found: u32,
    pub total_pages: u32,
}

/// PaymentPositionsInfo.
#[derive(Serialize)]
pub struct PaymentPositionsInfo {
    pub payment_position_list: Vec<PaymentPositionModelBaseResponse>,
    pub page_info: PageInfo,
}
