//! Spawns a real server on a random port with a fresh, seeded database of its own
//! (and, for login tests, the development identity provider in front of it).

pub mod browser;
pub mod idp;
pub mod smtp;

use app::backend::seed;
use app::domain::identity::{AssuranceLevel, ProviderKind};
use leptos::config::LeptosOptions;
use server::auth::providers::{ClientAuth, ProviderSettings};
use server::config::{LogFormat, Settings, Storage};
use std::net::SocketAddr;
use tokio::sync::{Mutex, MutexGuard};

/// One server at a time in this process, as in production: several Leptos apps rendering
/// at once in one process were seen to stall now and then (shared global state).
static ONE_APP_AT_A_TIME: Mutex<()> = Mutex::const_new(());

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub state: server::AppState,
    pub idp: Option<idp::Idp>,
    pub sandbox: Option<pagopa_sandbox::Running>,
    /// What the server was started with (to start "another instance" on the same data).
    pub settings: Settings,
    _dir: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

pub async fn spawn_app(storage: Storage) -> TestApp {
    spawn(storage, false, false).await
}

/// A portal whose login goes to the development identity provider (through the
/// tampering proxy), plus a provider that is down.
pub async fn spawn_app_with_login() -> TestApp {
    spawn(Storage::Directory, true, false).await
}

/// As [`spawn_app_with_login`], with payments going to a pagoPA sandbox of its own.
pub async fn spawn_app_with_payments() -> TestApp {
    spawn(Storage::Directory, true, true).await
}

pub const SANDBOX_KEY: &str = "test-subscription-key";

pub const MONTECHIARO: &str = "montechiaro.localhost";

fn dev_provider(
    id: &str,
    kind: ProviderKind,
    issuer: &str,
    auth: ClientAuth,
    client_id: &str,
) -> ProviderSettings {
    ProviderSettings {
        id: id.into(),
        name: format!("{id} (test)"),
        kind,
        issuer: issuer.into(),
        client_id: client_id.into(),
        auth,
        scopes: ["openid", "profile", "email", "fiscal_number"]
            .map(String::from)
            .to_vec(),
        fiscal_code_claim: None,
        tenants: Vec::new(),
        min_level: AssuranceLevel::L2,
    }
}

async fn spawn(storage: Storage, with_login: bool, with_payments: bool) -> TestApp {
    let turn = ONE_APP_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (idp, identity_providers) = if with_login {
        let origins = [
            format!("http://127.0.0.1:{}", addr.port()),
            format!("http://{MONTECHIARO}:{}", addr.port()),
        ];
        let idp = idp::start(&origins).await;
        let pem =
            std::fs::read_to_string(idp::root().join("dev/idp/keys/sportello-dev-client.pem"))
                .expect("client key");
        let providers = vec![
            dev_provider(
                "spid-demo",
                ProviderKind::Spid,
                &idp.issuer,
                ClientAuth::Secret("sportello-dev-secret".into()),
                "sportello-dev",
            ),
            dev_provider(
                "cie-demo",
                ProviderKind::Cie,
                &idp.issuer,
                ClientAuth::PrivateKey {
                    pem,
                    key_id: Some("sportello-dev-client".into()),
                },
                "sportello-dev-jwt",
            ),
            // Nothing listens on the discard port: a provider that is down.
            dev_provider(
                "spid-spento",
                ProviderKind::Spid,
                "http://127.0.0.1:9",
                ClientAuth::Secret("x".into()),
                "x",
            ),
        ];
        (Some(idp), providers)
    } else {
        (None, Vec::new())
    };
    let settings = Settings {
        database_url: format!("sqlite://{}", dir.path().join("test.db").display()),
        data_dir: dir.path().to_path_buf(),
        storage,
        files_dir: dir.path().join("files"),
        news_per_page: 5,
        max_connections: 4,
        log_format: LogFormat::Text,
        log_filter: "warn".into(),
        session_policy: Default::default(),
        identity_providers,
        pagopa: None,
        daily_closure: false,
        mail: None,
    };
    let mut settings = settings;
    let sandbox = if with_payments {
        let running = pagopa_sandbox::start(pagopa_sandbox::Sandbox::new(
            pagopa_sandbox::Config::new(SANDBOX_KEY),
        ))
        .await
        .expect("sandbox");
        settings.pagopa = Some(app::backend::payments::pagopa::PagoPaConfig {
            gpd_url: running.gpd_base_url(),
            checkout_url: running.checkout_base_url(),
            subscription_key: SANDBOX_KEY.into(),
            // Short, so that the "slow platform" test does not wait long.
            timeout: std::time::Duration::from_secs(2),
        });
        Some(running)
    } else {
        None
    };
    let options = LeptosOptions::builder()
        .output_name("sportello")
        .site_root(dir.path().join("site").display().to_string())
        .build();
    let state = server::build_state(options, &settings)
        .await
        .expect("state");
    seed::seed_demo(&state.ctx.db, &state.ctx.files)
        .await
        .expect("seed");
    let router = server::router(state.clone());
    tokio::spawn(async move { server::serve(listener, router).await });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // A hung request fails the test instead of hanging the suite.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client");
    TestApp {
        addr,
        client,
        state,
        idp,
        sandbox,
        settings,
        _dir: dir,
        _turn: turn,
    }
}

/// The demo's first Ente, as the store knows it.
pub async fn valleverde(app: &TestApp) -> app::backend::store::Tenant {
    app::backend::store::tenants::find_by_fiscal_code(
        &app.state.ctx.db,
        &app::domain::fiscal_code::OrganizationFiscalCode::parse(seed::VALLEVERDE_FISCAL_CODE)
            .expect("code"),
    )
    .await
    .expect("lookup")
    .expect("Valleverde")
}

/// The demo school year, moved around today so that these tests never depend on the date.
pub async fn school_year_around_today(app: &TestApp) {
    let today = chrono::Utc::now().date_naive();
    sqlx::query("UPDATE school_years SET first_day = $1, last_day = $2")
        .bind(
            (today - chrono::Duration::days(10))
                .format("%Y-%m-%d")
                .to_string(),
        )
        .bind(
            (today + chrono::Duration::days(120))
                .format("%Y-%m-%d")
                .to_string(),
        )
        .execute(&app.state.ctx.db)
        .await
        .expect("school year");
}

/// A demo pupil's registry id, by fiscal code.
pub async fn pupil_id(app: &TestApp, fiscal_code: &str) -> String {
    sqlx::query_scalar::<_, String>("SELECT id FROM pupils WHERE fiscal_code = $1")
        .bind(fiscal_code)
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("pupil")
}

/// A demo person's fiscal code, as the store takes it.
pub fn cf(code: &str) -> app::domain::fiscal_code::FiscalCode {
    app::domain::fiscal_code::FiscalCode::parse(code).expect("a valid fiscal code")
}

/// Valleverde's person `code` holding `roles`, as the backend sees the caller of a request
/// (for tests that set the clock).
pub async fn caller(
    app: &TestApp,
    code: &str,
    roles: &[app::domain::identity::Role],
) -> app::backend::auth::Caller {
    app::backend::auth::Caller {
        ctx: app.state.ctx.clone(),
        tenant: valleverde(app).await,
        me: app::backend::auth::CurrentUser {
            user: app::backend::store::users::User {
                id: code.to_lowercase(),
                fiscal_code: cf(code),
                given_name: "Demo".into(),
                family_name: "Staff".into(),
                email: None,
            },
            roles: roles.to_vec(),
            provider: "test".into(),
        },
    }
}

/// A server function's answer: status and JSON body.
pub async fn json(res: reqwest::Response) -> (u16, serde_json::Value) {
    let status = res.status().as_u16();
    let text = res.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")),
    )
}

impl TestApp {
    /// A server function call carrying a session token, at the Ente of `host`.
    pub async fn call_with_session(
        &self,
        host: &str,
        endpoint: &str,
        token: &str,
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("host", host)
            .header("cookie", format!("sportello_sessione={token}"))
            .send()
            .await
            .expect("POST")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A GET as if the browser had asked for `host` (which selects the Ente).
    pub async fn get(&self, host: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("host", host)
            .send()
            .await
            .expect("GET")
    }

    /// A server function call as the browser makes it (form-encoded POST, same origin).
    pub async fn call(
        &self,
        host: &str,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("host", host)
            .header("origin", format!("http://{host}"))
            .form(form)
            .send()
            .await
            .expect("POST")
    }
}
