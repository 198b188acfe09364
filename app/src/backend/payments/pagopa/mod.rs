//! The pagoPA adapter: the published GPD, Checkout carts and receipts contracts
//! (`shared/specs/pagopa`), spoken over HTTP with the subscription key. The real UAT and
//! production platforms and the local sandbox differ only in the configured base URLs.

mod model;

use crate::backend::store::payments::Payment;
use crate::backend::store::users::User;
use crate::backend::store::Tenant;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::time::Duration;

pub use model::{CartRequest, Debtor, PaymentNotice, PaymentPosition, ReturnUrls};

/// The tutore as the debtor of a position.
pub fn model_debtor(user: &User) -> Debtor {
    Debtor {
        fiscal_code: user.fiscal_code.to_string(),
        full_name: format!("{} {}", user.given_name, user.family_name),
        email: user.email.clone(),
    }
}

/// Where the platform is, and the key it wants (`Ocp-Apim-Subscription-Key`).
#[derive(Clone)]
pub struct PagoPaConfig {
    /// e.g. `https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1`
    pub gpd_url: String,
    /// e.g. `https://api.uat.platform.pagopa.it/checkout/ec/v1`
    pub checkout_url: String,
    pub subscription_key: String,
    /// How long to wait for an answer before treating the platform as unavailable.
    pub timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum PagoPaError {
    /// Timeout, dropped connection, 5xx: try again later; nothing was decided.
    #[error("pagoPA unavailable: {0}")]
    Unavailable(String),
    /// The platform refused the request (4xx): a bug or bad data, not to retry as is. Only
    /// the ProblemJson title is kept: the detail may repeat the debtor's personal data.
    #[error("pagoPA refused the request ({status}): {title}")]
    Refused { status: u16, title: String },
}

/// What the platform says of a debt position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PositionState {
    Payable,
    Paid {
        at: DateTime<Utc>,
    },
    /// Invalidated or expired: it can no longer be paid.
    Closed,
    Unknown,
}

#[derive(Clone)]
pub struct PagoPaClient {
    config: PagoPaConfig,
    http: reqwest::Client,
}

impl PagoPaClient {
    pub fn new(config: PagoPaConfig) -> PagoPaClient {
        let timeout = config.timeout;
        PagoPaClient {
            config,
            http: reqwest::Client::builder()
                // Checkout answers 302: its Location is the page to send the family to.
                .redirect(reqwest::redirect::Policy::none())
                .timeout(timeout)
                .build()
                .unwrap_or_default(),
        }
    }

    fn key(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        req.header("Ocp-Apim-Subscription-Key", &self.config.subscription_key)
    }

    /// Creates and publishes the debt position of `payment` (one option, one transfer to
    /// the Ente's IBAN). Creating the same position again is not an error.
    pub async fn create_position(
        &self,
        tenant: &Tenant,
        payment: &Payment,
        debtor: &Debtor,
        taxonomy: &str,
    ) -> Result<(), PagoPaError> {
        let body = model::position(tenant, payment, debtor, taxonomy);
        let url = format!(
            "{}/organizations/{}/debtpositions?toPublish=true",
            self.config.gpd_url, tenant.fiscal_code
        );
        let res = self
            .key(self.http.post(&url))
            .json(&body)
            .send()
            .await
            .map_err(unavailable)?;
        match res.status().as_u16() {
            201 => Ok(()),
            // Already created by an earlier attempt whose answer was lost.
            409 => Ok(()),
            s if s >= 500 => Err(PagoPaError::Unavailable(format!("GPD answered {s}"))),
            s => Err(refused(s, res).await),
        }
    }

    /// Makes a position unpayable (a top-up the family was told had failed).
    pub async fn invalidate_position(
        &self,
        tenant: &Tenant,
        payment: &Payment,
    ) -> Result<(), PagoPaError> {
        let url = format!(
            "{}/organizations/{}/debtpositions/{}/invalidate",
            self.config.gpd_url, tenant.fiscal_code, payment.iupd
        );
        let res = self
            .key(self.http.post(&url))
            .send()
            .await
            .map_err(unavailable)?;
        match res.status().as_u16() {
            200 | 404 | 409 => Ok(()),
            s if s >= 500 => Err(PagoPaError::Unavailable(format!("GPD answered {s}"))),
            s => Err(refused(s, res).await),
        }
    }

    /// Asks Checkout for a cart with this payment; returns where the family pays it.
    pub async fn open_checkout(
        &self,
        tenant: &Tenant,
        payment: &Payment,
        return_urls: ReturnUrls,
        email: Option<String>,
    ) -> Result<String, PagoPaError> {
        let body = CartRequest {
            email_notice: email,
            payment_notices: vec![PaymentNotice {
                notice_number: payment.notice.to_string(),
                fiscal_code: tenant.fiscal_code.to_string(),
                amount: payment.amount.cents(),
                company_name: model::clip(&tenant.name),
                description: model::clip(&payment.description),
            }],
            return_urls,
            id_cart: Some(payment.id.to_string()),
            all_ccp: Some(false),
        };
        let res = self
            .key(
                self.http
                    .post(format!("{}/carts", self.config.checkout_url)),
            )
            .json(&body)
            .send()
            .await
            .map_err(unavailable)?;
        let status = res.status().as_u16();
        if status == 302 {
            if let Some(location) = res.headers().get("location").and_then(|l| l.to_str().ok()) {
                return Ok(location.to_string());
            }
            return Err(PagoPaError::Unavailable("302 without Location".into()));
        }
        if status >= 500 {
            return Err(PagoPaError::Unavailable(format!(
                "Checkout answered {status}"
            )));
        }
        Err(refused(status, res).await)
    }

    /// The position's state at the platform: the only word on whether it is paid.
    pub async fn position_state(
        &self,
        tenant: &Tenant,
        payment: &Payment,
    ) -> Result<PositionState, PagoPaError> {
        let url = format!(
            "{}/organizations/{}/debtpositions/{}",
            self.config.gpd_url, tenant.fiscal_code, payment.iupd
        );
        let res = self
            .key(self.http.get(&url))
            .send()
            .await
            .map_err(unavailable)?;
        match res.status().as_u16() {
            200 => {}
            404 => return Ok(PositionState::Unknown),
            s if s >= 500 => return Err(PagoPaError::Unavailable(format!("GPD answered {s}"))),
            s => return Err(refused(s, res).await),
        }
        let position: PaymentPosition = res
            .json()
            .await
            .map_err(|e| PagoPaError::Unavailable(format!("unreadable position: {e}")))?;
        Ok(model::state_of(&position, payment, tenant))
    }
}

impl std::fmt::Debug for PagoPaConfig {
    // The subscription key never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PagoPaConfig({}, {}, key ***)",
            self.gpd_url, self.checkout_url
        )
    }
}

impl std::fmt::Debug for PagoPaClient {
    // The subscription key never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PagoPaClient({}, {})",
            self.config.gpd_url, self.config.checkout_url
        )
    }
}

async fn refused(status: u16, res: reqwest::Response) -> PagoPaError {
    let title = res
        .json::<serde_json::Value>()
        .await
        .ok()
        .and_then(|v| v.get("title").and_then(|t| t.as_str()).map(str::to_string))
        .unwrap_or_default();
    PagoPaError::Refused { status, title }
}

fn unavailable(e: reqwest::Error) -> PagoPaError {
    PagoPaError::Unavailable(e.to_string())
}

/// The end of `day` in the Ente's zone, as the platform's date-time.
fn end_of_day(tenant: &Tenant, day: NaiveDate) -> String {
    let local = day.and_hms_opt(23, 59, 59).unwrap_or_default();
    tenant
        .time_zone
        .from_local_datetime(&local)
        .earliest()
        .map(|d| d.to_rfc3339())
        .unwrap_or_else(|| format!("{local}Z"))
}

/// A date-time from the platform: RFC 3339, or local (Europe/Rome) without an offset.
fn parse_instant(text: &str, tenant: &Tenant) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Some(d.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    tenant
        .time_zone
        .from_local_datetime(&naive)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
}
