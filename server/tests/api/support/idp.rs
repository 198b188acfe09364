//! The development identity provider (dev/idp, a real oidc-provider) for the tests,
//! behind a small proxy that can tamper with the ID token on its way to the portal:
//! re-signed with the provider's own key (expired, wrong nonce) or with another key,
//! or turned into an unsigned `alg: none` token.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use base64::Engine as _;
use openidconnect::core::{CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};
use openidconnect::{JsonWebKeyId, PrivateSigningKey};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tamper {
    None,
    /// Re-signed with the provider's key, claims unchanged: must still be accepted
    /// (shows the other modes fail for their change, not for the re-signing).
    Resign,
    /// Same claims, signed with a key the provider never published.
    OtherKey,
    /// Same claims, `alg: none` and no signature.
    AlgNone,
    /// Validly signed, but expired ten minutes ago.
    Expired,
    /// Validly signed, with another nonce.
    WrongNonce,
}

pub struct Idp {
    /// The issuer as the portal and the browser see it (the proxy).
    pub issuer: String,
    tamper: Arc<Mutex<Tamper>>,
    _node: tokio::process::Child,
}

impl Idp {
    pub fn tamper(&self, mode: Tamper) {
        *self.tamper.lock().expect("tamper lock") = mode;
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Starts the provider for a portal at `portal_origins` (its redirect URIs).
pub async fn start(portal_origins: &[String]) -> Idp {
    let root = root();
    assert!(
        root.join("dev/idp/node_modules/oidc-provider").exists(),
        "dev/idp/node_modules is missing: run `make idp-deps` (make test does)"
    );
    let upstream_port = free_port();
    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind proxy");
    let issuer = format!("http://{}", proxy.local_addr().expect("addr"));
    let node = tokio::process::Command::new("node")
        .arg("dev/idp/server.mjs")
        .current_dir(&root)
        .env("IDP_PORT", upstream_port.to_string())
        .env("IDP_ISSUER", &issuer)
        .env("PORTAL_ORIGINS", portal_origins.join(","))
        .stdout(std::process::Stdio::null())
        // Its start-up warnings (in-memory adapter, Node version) are expected here.
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("node must be installed to run the identity provider");
    let tamper = Arc::new(Mutex::new(Tamper::None));
    let state = ProxyState {
        upstream: format!("http://127.0.0.1:{upstream_port}"),
        tamper: tamper.clone(),
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
    };
    let router = axum::Router::new()
        .fallback(proxy_request)
        .with_state(state);
    tokio::spawn(async move { axum::serve(proxy, router).await });

    let discovery = format!("{issuer}/.well-known/openid-configuration");
    for _ in 0..100 {
        if let Ok(r) = reqwest::get(&discovery).await {
            if r.status().is_success() {
                return Idp {
                    issuer,
                    tamper,
                    _node: node,
                };
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the development identity provider did not start");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

#[derive(Clone)]
struct ProxyState {
    upstream: String,
    tamper: Arc<Mutex<Tamper>>,
    http: reqwest::Client,
}

async fn proxy_request(State(s): State<ProxyState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/")
        .to_string();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .expect("request body");
    let mut upstream = s
        .http
        .request(parts.method.clone(), format!("{}{path}", s.upstream));
    for (name, value) in &parts.headers {
        if name != http::header::CONTENT_LENGTH {
            upstream = upstream.header(name, value);
        }
    }
    let Ok(res) = upstream.body(body).send().await else {
        // Not listening yet (start-up): the readiness poll tries again.
        return Response::builder()
            .status(502)
            .body(Body::empty())
            .expect("response");
    };
    let status = res.status();
    let headers = res.headers().clone();
    let mut bytes = res.bytes().await.expect("upstream body").to_vec();
    let mode = *s.tamper.lock().expect("tamper lock");
    if parts.uri.path() == "/token" && status.is_success() && mode != Tamper::None {
        let mut json: serde_json::Value = serde_json::from_slice(&bytes).expect("token json");
        let id_token = json["id_token"].as_str().expect("id_token").to_string();
        json["id_token"] = tampered(&id_token, mode).into();
        bytes = serde_json::to_vec(&json).expect("json");
    }
    let mut out = Response::builder().status(status);
    for (name, value) in &headers {
        if name != http::header::CONTENT_LENGTH && name != http::header::TRANSFER_ENCODING {
            out = out.header(name, value);
        }
    }
    out.body(Body::from(bytes)).expect("response")
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn tampered(jwt: &str, mode: Tamper) -> String {
    let mut parts = jwt.split('.');
    let header: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts.next().expect("header"))
            .expect("b64"),
    )
    .expect("header json");
    let mut claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts.next().expect("payload"))
            .expect("b64"),
    )
    .expect("claims json");
    let now = chrono::Utc::now().timestamp();
    let key_file = match mode {
        Tamper::OtherKey => "server/tests/api/support/keys/other.pem",
        _ => "dev/idp/keys/signing.pem",
    };
    match mode {
        Tamper::Expired => {
            claims["iat"] = (now - 1200).into();
            claims["exp"] = (now - 600).into();
        }
        Tamper::WrongNonce => claims["nonce"] = "a-nonce-the-portal-never-sent-0123456789ab".into(),
        _ => {}
    }
    if mode == Tamper::AlgNone {
        let header = serde_json::json!({ "alg": "none", "typ": "JWT" });
        return format!(
            "{}.{}.",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
    }
    let kid = header["kid"].as_str().expect("kid").to_string();
    let pem = std::fs::read_to_string(root().join(key_file)).expect("key file");
    let key = CoreRsaPrivateSigningKey::from_pem(&pem, Some(JsonWebKeyId::new(kid))).expect("pem");
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = key
        .sign(
            &CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            input.as_bytes(),
        )
        .expect("sign");
    format!("{input}.{}", b64(&signature))
}
