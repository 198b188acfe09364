//! pagoPA sandbox: a local stand-in for the national payment platform (GPD debt positions,
//! Checkout carts and page, receipts), following the published contracts in
//! `shared/specs/pagopa/`, with fault switches for the portal's tests.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use pagopa_sandbox::{start, Config, Sandbox};
//! let running = start(Sandbox::new(Config::new("test-key"))).await?;
//! let gpd = running.gpd_base_url(); // http://127.0.0.1:<port>/gpd/debt-positions-service/v1
//! # let _ = gpd; Ok(()) }
//! ```

mod admin;
mod auth;
mod checkout;
mod faults;
pub mod fiscal_code;
mod gpd;
mod model;
pub mod money;
mod net;
pub mod notice;
mod page;
mod problem;
mod receipt_xml;
mod receipts;
mod state;
mod time;
mod validation;
mod views;

pub use faults::Faults;
pub use model::PositionStatus;
pub use state::{PaidNotice, PayError};

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use problem::Problem;
use state::{Channel, Store};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Where each API lives, as on the real platform (so only the host differs).
pub const GPD_BASE_PATH: &str = "/gpd/debt-positions-service/v1";
pub const RECEIPTS_BASE_PATH: &str = "/gpd/payments-receipts-service/v1";
pub const CHECKOUT_BASE_PATH: &str = "/checkout/ec/v1";

#[derive(Clone, Debug)]
pub struct Config {
    /// The value `Ocp-Apim-Subscription-Key` must carry.
    pub subscription_key: String,
    /// Origin of the Checkout page in the carts' `Location` (e.g. `http://127.0.0.1:9090`);
    /// `None`: taken from the request's `Host` header.
    pub public_origin: Option<String>,
}

impl Config {
    pub fn new(subscription_key: impl Into<String>) -> Config {
        Config {
            subscription_key: subscription_key.into(),
            public_origin: None,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::new("sandbox-key")
    }
}

struct Inner {
    config: Config,
    store: Mutex<Store>,
    faults: Mutex<Faults>,
}

/// The sandbox's shared state; clones share it.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

impl Sandbox {
    pub fn new(config: Config) -> Sandbox {
        Sandbox {
            inner: Arc::new(Inner {
                config,
                store: Mutex::new(Store::default()),
                faults: Mutex::new(Faults::default()),
            }),
        }
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Every endpoint. `dropNext` needs the connection handles that [`serve`] adds.
    pub fn router(&self) -> Router {
        let gpd =
            api_part(gpd::routes()).layer(from_fn_with_state(self.clone(), auth::header_only));
        let receipts =
            api_part(receipts::routes()).layer(from_fn_with_state(self.clone(), auth::header_only));
        let carts = api_part(checkout::api_routes())
            .layer(from_fn_with_state(self.clone(), auth::header_or_query));
        let apis = Router::new()
            .nest(GPD_BASE_PATH, gpd)
            .nest(RECEIPTS_BASE_PATH, receipts)
            .nest(CHECKOUT_BASE_PATH, carts)
            .layer(from_fn_with_state(self.clone(), faults::apply))
            .layer(from_fn(request_id));
        Router::new()
            .merge(apis)
            .merge(checkout::page_routes())
            .merge(admin::routes())
            .fallback(|| async {
                Problem::not_found("Not Found", "no such endpoint in the pagoPA sandbox")
            })
            .with_state(self.clone())
    }

    /// The fault switches now (counters show what is left).
    pub fn faults(&self) -> Faults {
        self.lock_faults().clone()
    }

    /// Same as `PUT /sandbox/faults`.
    pub fn set_faults(&self, faults: Faults) {
        *self.lock_faults() = faults;
    }

    /// Same as `DELETE /sandbox/faults`.
    pub fn reset_faults(&self) {
        self.set_faults(Faults::default());
    }

    /// Pays a notice at a PSP's counter (as at a tabaccheria), like
    /// `POST /sandbox/notices/{nav}/pay`: the position becomes PAID and a receipt is issued.
    pub fn pay(&self, nav: &str) -> Result<PaidNotice, PayError> {
        self.pay_at_counter(None, nav)
    }

    /// Same, for the notice of one organization (when several share the number).
    pub fn pay_for(
        &self,
        organization_fiscal_code: &str,
        nav: &str,
    ) -> Result<PaidNotice, PayError> {
        self.pay_at_counter(Some(organization_fiscal_code), nav)
    }

    pub(crate) fn pay_at_counter(
        &self,
        org: Option<&str>,
        nav: &str,
    ) -> Result<PaidNotice, PayError> {
        let visible_at = self.receipt_visible_at();
        let paid = self
            .store()
            .pay(org, nav, Channel::Counter, time::now(), visible_at)?;
        tracing::info!(nav, "notice paid at the counter");
        Ok(paid)
    }

    /// The store, with its time-driven transitions applied.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        // A panic elsewhere must not make the sandbox unusable: take the data anyway.
        let mut store = self
            .inner
            .store
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        store.refresh(time::now());
        store
    }

    pub(crate) fn lock_faults(&self) -> MutexGuard<'_, Faults> {
        self.inner
            .faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// When a receipt of a payment made now becomes visible (`receiptDelayMs`).
    pub(crate) fn receipt_visible_at(&self) -> Instant {
        Instant::now() + Duration::from_millis(self.lock_faults().receipt_delay_ms)
    }

    /// `http://host[:port]` for absolute URLs to this sandbox.
    pub(crate) fn origin(&self, headers: &HeaderMap) -> String {
        if let Some(origin) = &self.config().public_origin {
            return origin.trim_end_matches('/').to_owned();
        }
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        format!("http://{host}")
    }
}

/// An API's routes with ProblemJson answers for unknown paths and methods.
fn api_part(routes: Router<Sandbox>) -> Router<Sandbox> {
    routes
        .fallback(|| async { Problem::not_found("Not Found", "no such path in this API") })
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method Not Allowed",
                "method not allowed on this path",
            )
        })
}

/// Every API answer carries `X-Request-Id` (the caller's, or a new one), as the specs say.
async fn request_id(request: Request, next: Next) -> Response {
    let name = HeaderName::from_static("x-request-id");
    let id = request
        .headers()
        .get(&name)
        .cloned()
        .or_else(|| HeaderValue::from_str(&uuid::Uuid::now_v7().to_string()).ok());
    let mut response = next.run(request).await.into_response();
    if let Some(id) = id {
        response.headers_mut().insert(name, id);
    }
    response
}

/// Serves the sandbox until the task is dropped.
pub async fn serve(listener: TcpListener, sandbox: Sandbox) -> std::io::Result<()> {
    serve_with_shutdown(listener, sandbox, std::future::pending()).await
}

/// Serves the sandbox until `signal` completes, then finishes the open requests.
pub async fn serve_with_shutdown<F>(
    listener: TcpListener,
    sandbox: Sandbox,
    signal: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let app = sandbox
        .router()
        .into_make_service_with_connect_info::<net::ConnectionHandle>();
    axum::serve(net::DroppableListener::new(listener), app)
        .with_graceful_shutdown(signal)
        .await
}

/// A sandbox served in the background on `127.0.0.1:<random port>`; stops when dropped.
pub struct Running {
    pub addr: SocketAddr,
    pub sandbox: Sandbox,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn gpd_base_url(&self) -> String {
        format!("{}{GPD_BASE_PATH}", self.origin())
    }

    pub fn receipts_base_url(&self) -> String {
        format!("{}{RECEIPTS_BASE_PATH}", self.origin())
    }

    pub fn checkout_base_url(&self) -> String {
        format!("{}{CHECKOUT_BASE_PATH}", self.origin())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts `sandbox` on a random local port (for in-process tests).
pub async fn start(sandbox: Sandbox) -> std::io::Result<Running> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(serve(listener, sandbox.clone()));
    Ok(Running {
        addr,
        sandbox,
        task,
    })
}
