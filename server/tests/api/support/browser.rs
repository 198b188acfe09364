//! A small browser for the login tests: keeps cookies per host, follows redirects one at
//! a time (so a test can stop at the portal's callback and tamper with it), fills in the
//! development provider's login form.

use super::TestApp;
use reqwest::cookie::{CookieStore as _, Jar};
use std::sync::Arc;

pub const L1: &str = "https://www.spid.gov.it/SpidL1";
pub const L2: &str = "https://www.spid.gov.it/SpidL2";

pub struct Browser {
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    /// The portal's origin for this browser's Ente, e.g. `http://127.0.0.1:4567`.
    pub base: String,
}

impl Browser {
    /// A browser on the Ente of `host` (`127.0.0.1` is Valleverde).
    pub fn new(app: &TestApp, host: &str) -> Browser {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .resolve(host, app.addr)
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("client");
        Browser {
            client,
            jar,
            base: format!("http://{host}:{}", app.addr.port()),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The session cookie the browser holds for the portal.
    pub fn session_cookie(&self) -> Option<String> {
        let url = self.base.parse().expect("url");
        let cookies = self.jar.cookies(&url)?;
        cookies
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|c| c.strip_prefix("sportello_sessione="))
            .map(str::to_string)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// A server function call from a page of the portal.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    /// A raw body of `content_type` posted to a server function (for bodies no form makes).
    pub async fn call_raw(
        &self,
        endpoint: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("origin", &self.base)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST")
    }

    /// A multipart form posted from a page of the portal (uploads and imports).
    pub async fn upload(&self, path: &str, form: reqwest::multipart::Form) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("origin", &self.base)
            .multipart(form)
            .send()
            .await
            .expect("upload")
    }

    /// Starts a login at the portal; returns where the portal sends the browser.
    pub async fn start_login(&self, provider: &str) -> reqwest::Response {
        self.get(&format!("/auth/login/{provider}?ritorno=/area-personale"))
            .await
    }

    /// Goes through the provider's login as the citizen (by fiscal code, or eIDAS id)
    /// at `level`, and returns the portal callback URL the provider sends back to,
    /// without following it.
    pub async fn at_provider(&self, authorize: &str, citizen: &str, level: &str) -> String {
        let mut url = authorize.to_string();
        let mut form_posted = false;
        for _ in 0..10 {
            let res = self.client.get(&url).send().await.expect("provider GET");
            if res.status().is_redirection() {
                let next = next_url(&res, &url);
                if next.starts_with(&self.base) {
                    return next;
                }
                url = next;
                continue;
            }
            assert_eq!(res.status(), 200, "provider page {url}");
            assert!(!form_posted, "the provider showed its form twice");
            let html = res.text().await.expect("form");
            let action = between(&html, "action=\"", "\"").expect("form action");
            let account = account_for(&html, citizen);
            let posted = self
                .client
                .post(absolute(&url, &action))
                .form(&[("account", account.as_str()), ("acr", level)])
                .send()
                .await
                .expect("provider POST");
            assert!(posted.status().is_redirection(), "login form accepted");
            form_posted = true;
            url = next_url(&posted, &url);
            if url.starts_with(&self.base) {
                return url;
            }
        }
        panic!("the provider never sent the browser back to the portal");
    }

    /// The whole login up to the portal's answer to the callback.
    pub async fn login(&self, provider: &str, citizen: &str, level: &str) -> reqwest::Response {
        let start = self.start_login(provider).await;
        assert_eq!(start.status(), 303, "login start redirects to the provider");
        let authorize = location(&start);
        let callback = self.at_provider(&authorize, citizen, level).await;
        self.client.get(&callback).send().await.expect("callback")
    }

    /// Logs in with SPID level 2 and checks that it worked.
    pub async fn sign_in(&self, citizen: &str) {
        let res = self.login("spid-demo", citizen, L2).await;
        assert_eq!(res.status(), 303, "login of {citizen} succeeds");
        assert_eq!(location(&res), app::routes::PERSONAL);
        assert!(self.session_cookie().is_some(), "a session cookie is set");
    }
}

/// The raw `Location` of a redirect.
pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no Location in a {} answer", res.status()))
        .to_string()
}

/// The `Location` of a redirect made absolute against the URL that answered.
fn next_url(res: &reqwest::Response, current: &str) -> String {
    absolute(current, &location(res))
}

fn absolute(current: &str, target: &str) -> String {
    let base = url::Url::parse(current).expect("absolute base URL");
    base.join(target).expect("join").to_string()
}

fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let from = s.find(start)? + start.len();
    let to = s[from..].find(end)? + from;
    Some(s[from..to].replace("&amp;", "&"))
}

/// The radio button value of the citizen's line in the provider's form.
fn account_for(html: &str, citizen: &str) -> String {
    let line = html
        .split("<li>")
        .find(|li| li.contains(citizen))
        .unwrap_or_else(|| panic!("{citizen} is not among the provider's citizens"));
    between(line, "value=\"", "\"").expect("account value")
}
