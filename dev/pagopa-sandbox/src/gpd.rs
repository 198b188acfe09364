//! GPD, the debt positions API (`/gpd/debt-positions-service/v1`): paths, bodies, status
//! codes and error titles as in gpd-debt-positions-v1.json and the platform's answers.

use crate::fiscal_code::validate_org_fiscal_code;
use crate::model::{Position, PositionStatus};
use crate::notice::validate_nav;
use crate::problem::{
    json_response, parse_json, query_pairs, query_param, Params, Problem, RawBody,
};
use crate::state::{Channel, PayError};
use crate::time::{end_of_day, now, parse_date, parse_date_time, start_of_day, Timestamp};
use crate::validation::parse_position;
use crate::views::{
    option_response, position_model, position_response, PageInfo, PaymentPositionsInfo,
};
use crate::Sandbox;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Duration;
use serde_json::json;
use std::time::Instant;

pub fn routes() -> Router<Sandbox> {
    let positions = "/organizations/{organizationfiscalcode}/debtpositions";
    Router::new()
        .route("/info", get(info))
        .route(positions, get(list).post(create))
        .route(&format!("{positions}/{{iupd}}"), get(read).delete(remove))
        .route(&format!("{positions}/{{iupd}}/publish"), post(publish))
        .route(
            &format!("{positions}/{{iupd}}/invalidate"),
            post(invalidate),
        )
        .route(
            "/organizations/{organizationfiscalcode}/paymentoptions/paids/{nav}",
            post(mark_paid),
        )
}

fn check_org(org: &str) -> Result<(), Problem> {
    validate_org_fiscal_code(org)
        .map_err(|e| Problem::bad_request(format!("organizationfiscalcode: {e}")))
}

async fn info() -> Response {
    json_response(
        StatusCode::OK,
        &json!({"name": "pagopa-sandbox", "version": env!("CARGO_PKG_VERSION"), "environment": "sandbox"}),
    )
}

/// `POST …/debtpositions?toPublish=`: 201 with the PaymentPositionModel.
async fn create(
    State(sandbox): State<Sandbox>,
    Params(org): Params<String>,
    RawQuery(query): RawQuery,
    RawBody(body): RawBody,
) -> Result<Response, Problem> {
    check_org(&org)?;
    let pairs = query_pairs(query.as_deref());
    let publish = match query_param(&pairs, "toPublish") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(Problem::bad_request(format!(
                "toPublish: must be true or false, not {other}"
            )))
        }
    };
    let body = parse_json(&body)?;
    let now = now();
    let position = parse_position(&body, &org, now)
        .map_err(|errors| Problem::bad_request(errors.join("; ")))?;
    let created = sandbox.store().create(position, publish, now)?;
    tracing::info!(
        org,
        iupd = created.iupd,
        status = created.status.as_str(),
        "debt position created"
    );
    Ok(json_response(
        StatusCode::CREATED,
        &position_model(&created),
    ))
}

/// `GET …/debtpositions/{iupd}`: 200 with the PaymentPositionModelBaseResponse, or 404.
async fn read(
    State(sandbox): State<Sandbox>,
    Params((org, iupd)): Params<(String, String)>,
) -> Result<Response, Problem> {
    let store = sandbox.store();
    let p = store
        .get(&org, &iupd)
        .ok_or_else(|| not_found(&org, &iupd))?;
    Ok(json_response(StatusCode::OK, &position_response(p)))
}

fn not_found(org: &str, iupd: &str) -> Problem {
    Problem::not_found(
        "Not found the debt position",
        format!("Not found a debt position for Organization Fiscal Code {org} and IUPD {iupd}"),
    )
}

async fn publish(
    State(sandbox): State<Sandbox>,
    Params((org, iupd)): Params<(String, String)>,
) -> Result<Response, Problem> {
    let p = sandbox.store().publish(&org, &iupd, now())?;
    Ok(json_response(StatusCode::OK, &position_model(&p)))
}

async fn invalidate(
    State(sandbox): State<Sandbox>,
    Params((org, iupd)): Params<(String, String)>,
) -> Result<Response, Problem> {
    let p = sandbox.store().invalidate(&org, &iupd, now())?;
    Ok(json_response(StatusCode::OK, &position_model(&p)))
}

/// 200 with a JSON string, as the platform answers.
async fn remove(
    State(sandbox): State<Sandbox>,
    Params((org, iupd)): Params<(String, String)>,
) -> Result<Response, Problem> {
    sandbox.store().delete(&org, &iupd)?;
    Ok(json_response(
        StatusCode::OK,
        &"The debt position was successfully deleted",
    ))
}

/// `POST …/paymentoptions/paids/{nav}`: the creditor says it was paid outside pagoPA
/// (no receipt is issued).
async fn mark_paid(
    State(sandbox): State<Sandbox>,
    Params((org, nav)): Params<(String, String)>,
    RawBody(body): RawBody,
) -> Result<Response, Problem> {
    check_org(&org)?;
    validate_nav(&nav).map_err(|e| Problem::bad_request(format!("nav: {e}")))?;
    let body = parse_json(&body)?;
    let Some(fields) = body.as_object() else {
        return Err(Problem::bad_request(
            "the request body must be a JSON object (AlreadyPaidPaymentOptionModel)",
        ));
    };
    let paid_at = match fields.get("paymentDate") {
        None | Some(serde_json::Value::Null) => now(),
        Some(v) => v
            .as_str()
            .and_then(parse_date_time)
            .ok_or_else(|| Problem::bad_request("paymentDate: must be a date-time"))?,
    };
    let mut store = sandbox.store();
    let iuv = nav.get(1..).unwrap_or_default().to_owned();
    store
        .pay(Some(&org), &nav, Channel::Creditor, paid_at, Instant::now())
        .map_err(|e| match e {
            PayError::NotFound | PayError::Ambiguous => Problem::not_found(
                "Not found the payment option",
                format!("Not found a payment option for Organization Fiscal Code {org} and IUV {iuv}"),
            ),
            PayError::AlreadyPaid => Problem::conflict(
                "Existing related payment found",
                format!("A payment transaction has already been carried out for the Organization Fiscal Code {org} and IUV {iuv}"),
            ),
            PayError::NotPayable(_) | PayError::AmountMismatch { .. } => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Not in payable state",
                format!("The payment option with Organization Fiscal Code {org} and IUV {iuv} is not in payable state"),
            ),
        })?;
    tracing::info!(org, nav, "payment option marked as paid by the creditor");
    let (p, oi) = store
        .option_of(&org, &nav)
        .ok_or_else(|| Problem::bad_request("lost the option"))?;
    let o = p
        .options
        .get(oi)
        .ok_or_else(|| Problem::bad_request("lost the option"))?;
    Ok(json_response(StatusCode::OK, &option_response(p, o)))
}

fn int_param(
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

/// An interval [from, to) from two optional days; a missing end is 30 days from the other.
/// A missing end of a date interval is this far from the other (as the spec says).
const MONTH: Duration = Duration::days(30);

fn day_range(
    pairs: &[(String, String)],
    from: &str,
    to: &str,
) -> Result<Option<(Timestamp, Timestamp)>, Problem> {
    let day = |name: &str| -> Result<Option<chrono::NaiveDate>, Problem> {
        query_param(pairs, name)
            .map(|v| {
                parse_date(v).ok_or_else(|| {
                    Problem::bad_request(format!("{name}: must be a date (yyyy-MM-dd)"))
                })
            })
            .transpose()
    };
    let bad = || Problem::bad_request(format!("{from}/{to}: out of range"));
    let (f, t) = match (day(from)?, day(to)?) {
        (None, None) => return Ok(None),
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, f.checked_add_signed(MONTH).ok_or_else(bad)?),
        (None, Some(t)) => (t.checked_sub_signed(MONTH).ok_or_else(bad)?, t),
    };
    if t < f {
        return Err(Problem::bad_request(format!(
            "{to}: must not be before {from}"
        )));
    }
    Ok(Some((
        start_of_day(f).ok_or_else(bad)?,
        end_of_day(t).ok_or_else(bad)?,
    )))
}

fn instant_range(
    pairs: &[(String, String)],
    from: &str,
    to: &str,
) -> Result<Option<(Timestamp, Timestamp)>, Problem> {
    let at = |name: &str| -> Result<Option<Timestamp>, Problem> {
        query_param(pairs, name)
            .map(|v| {
                parse_date_time(v)
                    .ok_or_else(|| Problem::bad_request(format!("{name}: must be a date-time")))
            })
            .transpose()
    };
    let bad = || Problem::bad_request(format!("{from}/{to}: out of range"));
    Ok(match (at(from)?, at(to)?) {
        (None, None) => None,
        (Some(f), Some(t)) => Some((f, t)),
        (Some(f), None) => Some((f, f.checked_add_signed(MONTH).ok_or_else(bad)?)),
        (None, Some(t)) => Some((t.checked_sub_signed(MONTH).ok_or_else(bad)?, t)),
    })
}

/// `GET …/debtpositions`: PaymentPositionsInfo, paged and filtered as the spec says.
async fn list(
    State(sandbox): State<Sandbox>,
    Params(org): Params<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    check_org(&org)?;
    let pairs = query_pairs(query.as_deref());
    let limit = int_param(&pairs, "limit", 10, 1, 50)?;
    let page = int_param(&pairs, "page", 0, 0, u32::MAX)?;
    let due = day_range(&pairs, "due_date_from", "due_date_to")?;
    let paid_day = day_range(&pairs, "payment_date_from", "payment_date_to")?;
    let paid_time = instant_range(&pairs, "payment_date_time_from", "payment_date_time_to")?;
    if due.is_some() && (paid_day.is_some() || paid_time.is_some()) {
        return Err(Problem::bad_request(
            "the due dates interval is mutually exclusive with the payment dates interval",
        ));
    }
    let status = query_param(&pairs, "status")
        .map(|s| {
            PositionStatus::parse(s)
                .ok_or_else(|| Problem::bad_request(format!("status: unknown status {s}")))
        })
        .transpose()?;
    let order_by = query_param(&pairs, "orderby").unwrap_or("INSERTED_DATE");
    if !["INSERTED_DATE", "IUPD", "STATUS", "COMPANY_NAME"].contains(&order_by) {
        return Err(Problem::bad_request(
            "orderby: must be one of INSERTED_DATE, IUPD, STATUS, COMPANY_NAME",
        ));
    }
    let descending = match query_param(&pairs, "ordering").unwrap_or("DESC") {
        "DESC" => true,
        "ASC" => false,
        _ => return Err(Problem::bad_request("ordering: must be ASC or DESC")),
    };

    let store = sandbox.store();
    let within = |t: Option<&Timestamp>,
                  range: Option<(Timestamp, Timestamp)>,
                  end_inclusive: bool| match range {
        None => true,
        Some((f, to)) => {
            t.is_some_and(|t| *t >= f && (if end_inclusive { *t <= to } else { *t < to }))
        }
    };
    let mut found: Vec<&Position> = store
        .positions()
        .iter()
        .filter(|p| p.organization == org)
        .filter(|p| status.is_none_or(|s| p.status == s))
        .filter(|p| {
            due.is_none()
                || p.options
                    .iter()
                    .any(|o| within(Some(&o.due_date), due, false))
        })
        .filter(|p| {
            paid_day.is_none()
                || p.options
                    .iter()
                    .any(|o| within(o.payment_date.as_ref(), paid_day, false))
        })
        .filter(|p| {
            paid_time.is_none()
                || p.options
                    .iter()
                    .any(|o| within(o.payment_date.as_ref(), paid_time, true))
        })
        .collect();
    found.sort_by(|a, b| match order_by {
        "IUPD" => a.iupd.cmp(&b.iupd),
        "STATUS" => a.status.as_str().cmp(b.status.as_str()),
        "COMPANY_NAME" => a.company_name.cmp(&b.company_name),
        _ => a.seq.cmp(&b.seq),
    });
    if descending {
        found.reverse();
    }
    let total = u32::try_from(found.len()).unwrap_or(u32::MAX);
    let start = usize::try_from(u64::from(page) * u64::from(limit)).unwrap_or(usize::MAX);
    let list: Vec<_> = found
        .into_iter()
        .skip(start)
        .take(usize::try_from(limit).unwrap_or(50))
        .map(position_response)
        .collect();
    let info = PaymentPositionsInfo {
        page_info: PageInfo {
            page,
            limit,
            items_found: u32::try_from(list.len()).unwrap_or(limit),
            total_pages: total.div_ceil(limit),
        },
        payment_position_list: list,
    };
    Ok(json_response(StatusCode::OK, &info))
}
