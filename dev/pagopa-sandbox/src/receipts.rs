//! The receipts API (`/gpd/payments-receipts-service/v1`), as gpd-payments-receipts-v1.json:
//! a paged JSON list, and each receipt as the XML document the platform stored.

use crate::model::Receipt;
use crate::problem::{json_response, query_pairs, query_param, Params, Problem};
use crate::time::{format, parse_date, parse_date_time, rome_date};
use crate::Sandbox;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use std::time::Instant;

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/payments/{organizationfiscalcode}/receipts", get(list))
        .route(
            "/payments/{organizationfiscalcode}/receipts/{iuv}",
            get(read),
        )
}

/// One item of PaymentsResult.results (the platform's ReceiptModelResponse).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReceiptItem {
    organization_fiscal_code: String,
    iuv: String,
    debtor: String,
    payment_date_time: String,
}

/// PaymentsResult.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentsResult {
    current_page_number: u32,
    length: u32,
    total_pages: u32,
    results: Vec<ReceiptItem>,
}

/// `\d{2}(,\d{2})*`.
fn segregation_codes(pairs: &[(String, String)]) -> Result<Option<Vec<String>>, Problem> {
    let Some(raw) = query_param(pairs, "segregationCodes") else {
        return Ok(None);
    };
    let codes: Vec<String> = raw.split(',').map(str::to_owned).collect();
    if codes
        .iter()
        .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit()))
    {
        Ok(Some(codes))
    } else {
        Err(Problem::bad_request(
            "segregationCodes: must match \\d{2}(,\\d{2})*",
        ))
    }
}

fn page_param(
    pairs: &[(String, String)],
    name: &str,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, Problem> {
    match query_param(pairs, name) {
        None => Ok(default),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                Problem::bad_request(format!(
                    "{name}: must be an integer between {min} and {max}"
                ))
            }),
    }
}

/// A day filter: `yyyy-MM-dd` or a date-time (its Italian day).
fn day_param(pairs: &[(String, String)], name: &str) -> Result<Option<chrono::NaiveDate>, Problem> {
    query_param(pairs, name)
        .map(|v| {
            parse_date(v)
                .or_else(|| parse_date_time(v).map(|t| rome_date(&t)))
                .ok_or_else(|| Problem::bad_request(format!("{name}: must be a date (yyyy-MM-dd)")))
        })
        .transpose()
}

fn receipts_not_found(org: &str, page: u32) -> Problem {
    Problem::not_found(
        "Not found the receipts",
        format!("Not found receipts for Organization Fiscal Code {org} and page {page}"),
    )
}

/// `GET /payments/{fc}/receipts`: 200 PaymentsResult, or 404 when the page has nothing.
async fn list(
    State(sandbox): State<Sandbox>,
    Params(org): Params<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let pairs = query_pairs(query.as_deref());
    let page = page_param(&pairs, "pageNum", 0, 0, u32::MAX)?;
    let size = page_param(&pairs, "pageSize", 20, 1, 100)?;
    let segregation = segregation_codes(&pairs)?;
    let from = day_param(&pairs, "from")?;
    let to = day_param(&pairs, "to")?;
    let debtor = query_param(&pairs, "debtor");
    let service = query_param(&pairs, "service");
    let debtor_or_iuv = query_param(&pairs, "debtorOrIuv");
    let duplicate = sandbox.faults().duplicate_receipts;

    let store = sandbox.store();
    let matching: Vec<&Receipt> = store
        .receipts(&org, Instant::now())
        .into_iter()
        .filter(|r| debtor.is_none_or(|d| r.debtor == d))
        .filter(|r| service.is_none_or(|s| r.iuv.starts_with(s)))
        .filter(|r| debtor_or_iuv.is_none_or(|s| r.iuv.starts_with(s) || r.debtor.starts_with(s)))
        .filter(|r| {
            segregation
                .as_ref()
                .is_none_or(|codes| codes.iter().any(|c| r.iuv.starts_with(c.as_str())))
        })
        .filter(|r| from.is_none_or(|f| rome_date(&r.payment_date_time) >= f))
        .filter(|r| to.is_none_or(|t| rome_date(&r.payment_date_time) <= t))
        .flat_map(|r| std::iter::repeat_n(r, if duplicate { 2 } else { 1 }))
        .collect();
    let total_pages = u32::try_from(matching.len())
        .unwrap_or(u32::MAX)
        .div_ceil(size);
    if page >= total_pages {
        return Err(receipts_not_found(&org, page));
    }
    let start = usize::try_from(u64::from(page) * u64::from(size)).unwrap_or(usize::MAX);
    let results: Vec<ReceiptItem> = matching
        .into_iter()
        .skip(start)
        .take(usize::try_from(size).unwrap_or(20))
        .map(|r| ReceiptItem {
            organization_fiscal_code: r.organization.clone(),
            iuv: r.iuv.clone(),
            debtor: r.debtor.clone(),
            payment_date_time: format(&r.payment_date_time),
        })
        .collect();
    let result = PaymentsResult {
        current_page_number: page,
        length: u32::try_from(results.len()).unwrap_or(size),
        total_pages,
        results,
    };
    Ok(json_response(StatusCode::OK, &result))
}

/// `GET /payments/{fc}/receipts/{iuv}`: 200 `application/xml`, or 404 (while unpaid, or
/// before a late receipt arrives).
async fn read(
    State(sandbox): State<Sandbox>,
    Params((org, iuv)): Params<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let pairs = query_pairs(query.as_deref());
    if let Some(codes) = segregation_codes(&pairs)? {
        if !codes.iter().any(|c| iuv.starts_with(c.as_str())) {
            return Err(Problem::new(
                StatusCode::FORBIDDEN,
                "The receipt retrieve is forbidden",
                format!(
                    "The caller does not have proper authorization to access IUV with the following segregation code {} [Organization Fiscal Code={org}, IUV={iuv}]",
                    iuv.get(..2).unwrap_or_default()
                ),
            ));
        }
    }
    let store = sandbox.store();
    let receipt = store
        .receipts(&org, Instant::now())
        .into_iter()
        .rev()
        .find(|r| r.iuv == iuv)
        .ok_or_else(|| {
            Problem::not_found(
                "Not found the receipt",
                format!("Not found a receipt for Organization Fiscal Code {org} and IUV {iuv}"),
            )
        })?;
    let mut response = receipt.xml.clone().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    Ok(response)
}
