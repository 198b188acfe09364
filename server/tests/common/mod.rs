//! Spawns a real server on a random port with a fresh, seeded database of its own.

use app::backend::seed;
use leptos::config::LeptosOptions;
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
    _dir: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

pub async fn spawn_app(storage: Storage) -> TestApp {
    let turn = ONE_APP_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
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
        identity_providers: Vec::new(),
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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
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
        _dir: dir,
        _turn: turn,
    }
}

impl TestApp {
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
