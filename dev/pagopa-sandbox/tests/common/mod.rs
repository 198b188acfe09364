//! Shared by the integration tests: a sandbox on a random port, a client that does not
//! follow redirects, and valid fixtures (fiscal code, notice numbers, positions).
#![allow(dead_code)]

use pagopa_sandbox::notice::{make_iuv, nav_of_iuv};
use pagopa_sandbox::{start, Config, Running, Sandbox};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

pub const KEY: &str = "test-key";
/// Comune di Valleverde (valid check digit).
pub const ORG: &str = "82012345672";
pub const OTHER_ORG: &str = "83007654326";
pub const IBAN: &str = "IT60X0542811101000000123456";

pub struct Env {
    pub running: Running,
    pub client: Client,
}

pub async fn env() -> Env {
    let running = start(Sandbox::new(Config::new(KEY)))
        .await
        .expect("sandbox starts");
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    Env { running, client }
}

/// IUV with segregation code 02 and the given base.
pub fn iuv(base: u64) -> String {
    make_iuv("02", base).expect("valid base")
}

pub fn nav(base: u64) -> String {
    nav_of_iuv(&iuv(base))
}

/// A PaymentPositionModel with one option of `amount` cents, due far in the future.
pub fn position(iupd: &str, base: u64, amount: u64) -> Value {
    json!({
        "iupd": iupd,
        "type": "F",
        "fiscalCode": "RSSMRA80A01H501U",
        "fullName": "Mario Rossi",
        "email": "mario.rossi@example.com",
        "switchToExpired": false,
        "companyName": "Comune di Valleverde",
        "officeName": "Servizi scolastici",
        "paymentOption": [{
            "iuv": iuv(base),
            "amount": amount,
            "description": "Ricarica mensa scolastica - Giulia Rossi",
            "isPartialPayment": false,
            "dueDate": "2099-12-31T23:59:59+01:00",
            "transfer": [{
                "idTransfer": "1",
                "amount": amount,
                "remittanceInformation": "Ricarica mensa scolastica",
                "category": "9/0101108TS/",
                "iban": IBAN
            }]
        }]
    })
}

/// A CartRequest for some notices of ORG.
pub fn cart(notices: &[(String, u64)]) -> Value {
    json!({
        "emailNotice": "mario.rossi@example.com",
        "paymentNotices": notices.iter().map(|(nav, amount)| json!({
            "noticeNumber": nav,
            "fiscalCode": ORG,
            "amount": amount,
            "companyName": "Comune di Valleverde",
            "description": "Ricarica mensa scolastica"
        })).collect::<Vec<_>>(),
        "returnUrls": {
            "returnOkUrl": "http://portal.test/pagamenti/esito?ok=1",
            "returnCancelUrl": "http://portal.test/pagamenti/esito?annullato=1",
            "returnErrorUrl": "http://portal.test/pagamenti/esito?errore=1"
        }
    })
}

impl Env {
    pub fn gpd(&self, path: &str) -> String {
        format!("{}{path}", self.running.gpd_base_url())
    }

    pub fn receipts_url(&self, path: &str) -> String {
        format!("{}{path}", self.running.receipts_base_url())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.origin())
    }

    pub async fn create_raw(&self, org: &str, body: &Value, publish: bool) -> Response {
        self.client
            .post(self.gpd(&format!(
                "/organizations/{org}/debtpositions?toPublish={publish}"
            )))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .json(body)
            .send()
            .await
            .expect("create answered")
    }

    /// Creates and publishes; panics unless 201.
    pub async fn create(&self, iupd: &str, base: u64, amount: u64) -> Value {
        let r = self
            .create_raw(ORG, &position(iupd, base, amount), true)
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        r.json().await.expect("json")
    }

    pub async fn get_raw(&self, org: &str, iupd: &str) -> Response {
        self.client
            .get(self.gpd(&format!("/organizations/{org}/debtpositions/{iupd}")))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .send()
            .await
            .expect("get answered")
    }

    pub async fn get(&self, iupd: &str) -> Value {
        let r = self.get_raw(ORG, iupd).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.expect("json")
    }

    pub async fn gpd_post(&self, path: &str) -> Response {
        self.client
            .post(self.gpd(path))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .send()
            .await
            .expect("answered")
    }

    pub async fn open_cart(&self, body: &Value) -> Response {
        self.client
            .post(format!("{}/carts", self.running.checkout_base_url()))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .json(body)
            .send()
            .await
            .expect("cart answered")
    }

    /// Opens a cart; returns the checkout page URL.
    pub async fn checkout_page(&self, notices: &[(String, u64)]) -> String {
        let r = self.open_cart(&cart(notices)).await;
        assert_eq!(r.status(), StatusCode::FOUND);
        location(&r)
    }

    /// Presses a button on the checkout page; returns the redirect.
    pub async fn press(&self, page: &str, outcome: &str) -> Response {
        self.client
            .post(page)
            .form(&[("outcome", outcome)])
            .send()
            .await
            .expect("page answered")
    }

    pub async fn receipt(&self, org: &str, iuv: &str) -> Response {
        self.client
            .get(self.receipts_url(&format!("/payments/{org}/receipts/{iuv}")))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .send()
            .await
            .expect("receipt answered")
    }

    pub async fn receipts(&self, org: &str, query: &str) -> Response {
        self.client
            .get(self.receipts_url(&format!("/payments/{org}/receipts{query}")))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .send()
            .await
            .expect("receipts answered")
    }

    pub async fn pay_offline(&self, nav: &str) -> Response {
        self.client
            .post(self.url(&format!("/sandbox/notices/{nav}/pay")))
            .send()
            .await
            .expect("admin answered")
    }

    pub async fn put_faults(&self, faults: &Value) -> Response {
        self.client
            .put(self.url("/sandbox/faults"))
            .json(faults)
            .send()
            .await
            .expect("admin answered")
    }
}

pub fn location(r: &Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("Location header")
        .to_owned()
}

/// Asserts a ProblemJson with this status whose detail mentions `needle`.
pub async fn assert_problem(r: Response, status: StatusCode, needle: &str) -> Value {
    assert_eq!(r.status(), status);
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let body: Value = r.json().await.expect("ProblemJson");
    assert_eq!(body["status"], json!(status.as_u16()), "{body}");
    assert!(body["title"].is_string(), "{body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(needle),
        "detail {detail:?} should mention {needle:?}"
    );
    body
}

impl Env {
    /// A create request whose transport errors are returned, not panicked on.
    pub async fn create_raw_result(&self) -> reqwest::Result<Response> {
        self.client
            .post(self.gpd(&format!(
                "/organizations/{ORG}/debtpositions?toPublish=true"
            )))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .json(&position("A", 1, 100))
            .send()
            .await
    }
}
