//! The sandbox's own endpoints under `/sandbox/` (no key, never faulted): offline payments,
//! the fault switches and a dump of the state.

use crate::faults::Faults;
use crate::problem::{
    json_response, parse_json, query_pairs, query_param, Params, Problem, RawBody,
};
use crate::state::PayError;
use crate::time::format;
use crate::views::position_response;
use crate::Sandbox;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/sandbox/notices/{nav}/pay", post(pay))
        .route("/sandbox/positions", get(positions))
        .route(
            "/sandbox/faults",
            get(read_faults).put(write_faults).delete(reset_faults),
        )
}

/// Maps a payment error to the admin endpoint's answer.
pub fn pay_problem(nav: &str, e: &PayError) -> Problem {
    let detail = format!("notice {nav}: {e}");
    match e {
        PayError::NotFound | PayError::NotPayable(crate::model::PositionStatus::Draft) => {
            Problem::not_found("Not found the notice", detail)
        }
        PayError::AlreadyPaid | PayError::Ambiguous => Problem::conflict("Conflict", detail),
        PayError::NotPayable(_) | PayError::AmountMismatch { .. } => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not in payable state",
            detail,
        ),
    }
}

/// `POST /sandbox/notices/{nav}/pay[?fiscalCode=]`: paid at a tabaccheria.
async fn pay(
    State(sandbox): State<Sandbox>,
    Params(nav): Params<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let pairs = query_pairs(query.as_deref());
    let org = query_param(&pairs, "fiscalCode");
    let paid = sandbox
        .pay_at_counter(org, &nav)
        .map_err(|e| pay_problem(&nav, &e))?;
    Ok(json_response(
        StatusCode::OK,
        &json!({"organizationFiscalCode": paid.organization, "iuv": paid.iuv, "nav": paid.nav, "paid": true}),
    ))
}

/// `GET /sandbox/positions`: everything, for debugging.
async fn positions(State(sandbox): State<Sandbox>) -> Response {
    let store = sandbox.store();
    let positions: Vec<_> = store
        .positions()
        .iter()
        .map(|p| {
            json!({
                "debtor": {"type": p.debtor.kind, "fiscalCode": p.debtor.fiscal_code, "fullName": p.debtor.full_name},
                "position": position_response(p),
            })
        })
        .collect();
    let carts: Vec<_> = store
        .carts()
        .map(|c| {
            json!({
                "id": c.id, "paid": c.paid, "emailNotice": c.email_notice,
                "notices": c.notices.iter().map(|n| json!({"noticeNumber": n.notice_number, "fiscalCode": n.fiscal_code, "amount": n.amount})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let receipts: Vec<_> = store
        .all_receipts()
        .iter()
        .map(|r| {
            json!({
                "organizationFiscalCode": r.organization, "iuv": r.iuv,
                "paymentDateTime": format(&r.payment_date_time),
                "visible": r.visible_at <= std::time::Instant::now(),
            })
        })
        .collect();
    json_response(
        StatusCode::OK,
        &json!({"positions": positions, "carts": carts, "receipts": receipts}),
    )
}

async fn read_faults(State(sandbox): State<Sandbox>) -> Response {
    json_response(StatusCode::OK, &sandbox.faults())
}

/// `PUT /sandbox/faults`: replaces every switch (missing ones take their defaults).
async fn write_faults(
    State(sandbox): State<Sandbox>,
    RawBody(body): RawBody,
) -> Result<Response, Problem> {
    let value = parse_json(&body)?;
    let faults: Faults =
        serde_json::from_value(value).map_err(|e| Problem::bad_request(e.to_string()))?;
    faults.validate().map_err(Problem::bad_request)?;
    sandbox.set_faults(faults.clone());
    Ok(json_response(StatusCode::OK, &faults))
}

async fn reset_faults(State(sandbox): State<Sandbox>) -> Response {
    sandbox.set_faults(Faults::default());
    json_response(StatusCode::OK, &Faults::default())
}
