//! Checkout: the carts API (`/checkout/ec/v1/carts`, as checkout-ec-v1.json: 302 + Location)
//! and the payment page it sends the browser to (`/checkout/pay/{cartId}`).

use crate::page::{cart_page, message_page};
use crate::problem::{parse_json, Params, Problem, RawBody};
use crate::state::CartPayment;
use crate::time::now;
use crate::validation::parse_cart;
use crate::Sandbox;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

/// Under `/checkout/ec/v1`.
pub fn api_routes() -> Router<Sandbox> {
    Router::new().route("/carts", post(open_cart))
}

/// The browser's page, outside the API (no key, no faults).
pub fn page_routes() -> Router<Sandbox> {
    Router::new().route("/checkout/pay/{cart_id}", get(show).post(submit))
}

fn redirect(status: StatusCode, location: &str) -> Response {
    // The URL was checked as absolute; if it has raw non-ASCII, send its encoded form.
    let value = HeaderValue::from_str(location).or_else(|_| {
        url::Url::parse(location)
            .map_err(|_| ())
            .and_then(|u| HeaderValue::from_str(u.as_str()).map_err(|_| ()))
    });
    match value {
        Ok(v) => {
            let mut response = status.into_response();
            response.headers_mut().insert(header::LOCATION, v);
            response
        }
        Err(()) => Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            "unusable redirect URL",
        )
        .into_response(),
    }
}

/// `POST /carts`: 302 to this sandbox's checkout page for the cart.
async fn open_cart(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Response, Problem> {
    let body = parse_json(&body)?;
    let request = parse_cart(&body).map_err(|errors| Problem::bad_request(errors.join("; ")))?;
    let id = sandbox.store().open_cart(request)?;
    let location = format!("{}/checkout/pay/{id}", sandbox.origin(&headers));
    tracing::info!(cart = id, "cart opened");
    Ok(redirect(StatusCode::FOUND, &location))
}

fn html(status: StatusCode, page: String) -> Response {
    (status, Html(page)).into_response()
}

fn unknown_cart() -> Response {
    html(
        StatusCode::NOT_FOUND,
        message_page(
            "Carrello non trovato",
            "Il carrello richiesto non esiste o è scaduto.",
        ),
    )
}

async fn show(State(sandbox): State<Sandbox>, path: Result<Params<String>, Problem>) -> Response {
    let Ok(Params(id)) = path else {
        return unknown_cart();
    };
    match sandbox.store().cart(&id) {
        Some(cart) => html(StatusCode::OK, cart_page(cart)),
        None => unknown_cart(),
    }
}

/// The buttons: 303 to the cart's return URL for the outcome; "Paga" pays every notice.
async fn submit(
    State(sandbox): State<Sandbox>,
    path: Result<Params<String>, Problem>,
    body: Result<RawBody, Problem>,
) -> Response {
    let (Ok(Params(id)), Ok(RawBody(body))) = (path, body) else {
        return unknown_cart();
    };
    let outcome = url::form_urlencoded::parse(&body)
        .find(|(k, _)| k == "outcome")
        .map(|(_, v)| v.into_owned());
    let visible_at = sandbox.receipt_visible_at();
    let mut store = sandbox.store();
    let Some(cart) = store.cart(&id).cloned() else {
        return unknown_cart();
    };
    let target = match outcome.as_deref() {
        Some("ok") => match store.pay_cart(&id, now(), visible_at) {
            Ok(CartPayment::Paid) => {
                tracing::info!(cart = id, "cart paid");
                &cart.return_ok_url
            }
            Ok(CartPayment::AlreadyPaid) => &cart.return_ok_url,
            Err(e) => {
                tracing::info!(cart = id, error = %e, "cart cannot be paid");
                &cart.return_error_url
            }
        },
        Some("cancel") => &cart.return_cancel_url,
        Some("error") => &cart.return_error_url,
        _ => {
            return html(
                StatusCode::BAD_REQUEST,
                message_page(
                    "Richiesta non valida",
                    "Scegli «Paga», «Annulla» o «Errore».",
                ),
            )
        }
    };
    redirect(StatusCode::SEE_OTHER, target)
}
