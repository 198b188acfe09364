//! Fault switches, so the portal's tests can meet the platform's bad days: slow answers,
//! 5xx errors, dropped connections, late and duplicate receipts.
//! They touch only the platform's APIs (GPD, receipts, Checkout carts), never `/sandbox/`.

use crate::net::ConnectionHandle;
use crate::problem::Problem;
use crate::Sandbox;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What `PUT /sandbox/faults` takes and `GET /sandbox/faults` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Faults {
    /// Every API answer waits this long.
    pub delay_ms: u64,
    /// The next N API requests answer `fail_status` (a ProblemJson), with no side effect.
    pub fail_next: u32,
    /// A 5xx status.
    pub fail_status: u16,
    /// The next N API requests get their connection closed with no answer at all.
    pub drop_next: u32,
    /// A receipt becomes visible this long after the payment (the position is PAID at once).
    pub receipt_delay_ms: u64,
    /// The receipts list shows every receipt twice.
    pub duplicate_receipts: bool,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            delay_ms: 0,
            fail_next: 0,
            fail_status: 503,
            drop_next: 0,
            receipt_delay_ms: 0,
            duplicate_receipts: false,
        }
    }
}

impl Faults {
    pub fn validate(&self) -> Result<(), String> {
        if !(500..=599).contains(&self.fail_status) {
            return Err(format!(
                "failStatus: must be a 5xx status, not {}",
                self.fail_status
            ));
        }
        Ok(())
    }
}

/// What to do with one API request, decided (and counted) when it arrives.
enum Action {
    Pass,
    Fail(StatusCode),
    Drop,
}

impl Sandbox {
    fn take_fault(&self) -> (Duration, Action) {
        let mut f = self.lock_faults();
        let delay = Duration::from_millis(f.delay_ms);
        let action = if f.drop_next > 0 {
            f.drop_next -= 1;
            Action::Drop
        } else if f.fail_next > 0 {
            f.fail_next -= 1;
            // Only 5xx make sense (set_faults does not validate): anything else is a 503.
            let status = StatusCode::from_u16(f.fail_status)
                .ok()
                .filter(StatusCode::is_server_error)
                .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            Action::Fail(status)
        } else {
            Action::Pass
        };
        (delay, action)
    }
}

/// The middleware in front of the platform's APIs.
pub async fn apply(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    let (delay, action) = sandbox.take_fault();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match action {
        Action::Pass => next.run(request).await,
        Action::Fail(status) => Problem::new(
            status,
            status.canonical_reason().unwrap_or("Server Error"),
            "Fault injected by the pagoPA sandbox (failNext)",
        )
        .into_response(),
        Action::Drop => match request.extensions().get::<ConnectInfo<ConnectionHandle>>() {
            Some(ConnectInfo(connection)) => {
                tracing::info!("dropping the connection (dropNext)");
                connection.drop_now();
                // Never written: the connection fails first.
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
            None => {
                tracing::warn!("dropNext needs the sandbox served by pagopa_sandbox::serve");
                Problem::new(
                    StatusCode::BAD_GATEWAY,
                    "Bad Gateway",
                    "dropNext works only when served by pagopa_sandbox::serve",
                )
                .into_response()
            }
        },
    }
}
