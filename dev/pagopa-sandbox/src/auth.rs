//! The subscription key (`Ocp-Apim-Subscription-Key`), checked the way the platform's API
//! gateway does: before anything else, with its own 401 body.

use crate::problem::{json_response, query_pairs, query_param};
use crate::Sandbox;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::json;

pub const HEADER: &str = "Ocp-Apim-Subscription-Key";
/// Checkout also takes the key as a query parameter (its `apiKeyQuery` scheme).
pub const QUERY: &str = "subscription-key";

fn unauthorized(missing: bool) -> Response {
    // The specs define no 401 body; this is the gateway's own.
    let message = if missing {
        "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."
    } else {
        "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."
    };
    json_response(
        StatusCode::UNAUTHORIZED,
        &json!({"statusCode": 401, "message": message}),
    )
}

fn header_key(request: &Request) -> Option<String> {
    request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// None when the key is right, else the 401 to send.
fn refusal(sandbox: &Sandbox, given: Option<String>) -> Option<Response> {
    match given {
        None => Some(unauthorized(true)),
        Some(k) if k == sandbox.config().subscription_key => None,
        Some(_) => Some(unauthorized(false)),
    }
}

/// GPD and receipts: the header only.
pub async fn header_only(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    match refusal(&sandbox, header_key(&request)) {
        None => next.run(request).await,
        Some(response) => response,
    }
}

/// Checkout: the header or `?subscription-key=`.
pub async fn header_or_query(
    State(sandbox): State<Sandbox>,
    request: Request,
    next: Next,
) -> Response {
    let from_query = || {
        let pairs = query_pairs(request.uri().query());
        query_param(&pairs, QUERY).map(str::to_owned)
    };
    match refusal(&sandbox, header_key(&request).or_else(from_query)) {
        None => next.run(request).await,
        Some(response) => response,
    }
}
