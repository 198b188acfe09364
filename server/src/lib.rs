//! The Sportello server: configuration, database, the axum router around the Leptos app,
//! downloads, health, security headers, and the background of a well-behaved service.

mod assets;
pub mod auth;
pub mod config;
mod downloads;
pub mod mail;
mod pages;
mod security;
mod tenancy;
mod uploads;

use app::backend::context::AppContext;
use app::backend::store::files::FileStore;
use app::backend::store::{self, StoreError};
use app::routes;
use app::{shell, App};
use auth::routes::Auth;
use axum::extract::{FromRef, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use config::{Settings, Storage};
use http::{header, HeaderValue, StatusCode};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::path::Path;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeader;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub ctx: AppContext,
    service_worker: Arc<String>,
    auth: Arc<Auth>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Opens the database (one clear error naming the URL when it cannot), applies the
/// migrations and prepares what every request shares.
pub async fn build_state(
    leptos_options: LeptosOptions,
    settings: &Settings,
) -> Result<AppState, StoreError> {
    let db = store::connect(&settings.database_url, settings.max_connections).await?;
    store::migrate(&db).await?;
    let files = match settings.storage {
        Storage::Directory => FileStore::Directory(settings.files_dir.clone()),
        Storage::Database => FileStore::Database(db.clone()),
    };
    let service_worker = Arc::new(assets::service_worker_script(Path::new(
        leptos_options.site_root.as_ref(),
    )));
    Ok(AppState {
        leptos_options,
        ctx: AppContext {
            db,
            files,
            news_per_page: settings.news_per_page,
            session_policy: settings.session_policy,
            pagopa: settings
                .pagopa
                .clone()
                .map(app::backend::payments::pagopa::PagoPaClient::new),
            login_providers: Arc::new(
                settings
                    .identity_providers
                    .iter()
                    .map(|p| p.login_provider())
                    .collect(),
            ),
        },
        service_worker,
        auth: Arc::new(Auth {
            providers: settings.identity_providers.clone(),
            rp: auth::oidc::RelyingParty::new(),
        }),
    })
}

pub fn router(state: AppState) -> Router {
    let site_root = Path::new(state.leptos_options.site_root.as_ref()).to_path_buf();
    let ctx = state.ctx.clone();
    let options = state.leptos_options.clone();

    // Everything that belongs to an Ente goes through the tenant lookup. The Leptos
    // routes include the server functions (`/api/…`, POST), with the same context.
    let tenant_routes = Router::new()
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            move || provide_context(ctx.clone()),
            move || shell(options.clone()),
        )
        .route("/auth/login/{provider}", get(auth::routes::login))
        .route("/auth/callback", get(auth::routes::callback))
        .route("/auth/logout", axum::routing::post(auth::routes::logout))
        .route(&routes::document_download("{id}"), get(downloads::document))
        .route(&routes::news_image_path("{id}"), get(downloads::news_image))
        .route(
            &routes::content_news_image("{id}"),
            axum::routing::post(uploads::news_image)
                .layer(axum::extract::DefaultBodyLimit::max(uploads::BODY_LIMIT)),
        )
        .route(
            routes::CONTENT_DOCUMENT_UPLOAD,
            axum::routing::post(uploads::document_upload)
                .layer(axum::extract::DefaultBodyLimit::max(uploads::BODY_LIMIT)),
        )
        .route(
            &routes::content_document_replace("{id}"),
            axum::routing::post(uploads::document_replace)
                .layer(axum::extract::DefaultBodyLimit::max(uploads::BODY_LIMIT)),
        )
        .route(
            &routes::payment_document("{id}", "{document}"),
            get(downloads::payment_pdf),
        )
        .route(routes::KITCHEN_CSV, get(downloads::kitchen_csv))
        .route(
            &format!("{}/{{file}}", routes::TAX_CERTIFICATES),
            get(downloads::tax_certificate_pdf),
        )
        .route(
            &routes::form_uploads("{code}"),
            axum::routing::post(uploads::attach)
                .layer(axum::extract::DefaultBodyLimit::max(uploads::BODY_LIMIT)),
        )
        .route(
            &routes::form_attachment("{id}"),
            get(downloads::form_attachment),
        )
        .route(
            routes::MESSAGE_ATTACHMENTS,
            axum::routing::post(uploads::attach_to_message)
                .layer(axum::extract::DefaultBodyLimit::max(uploads::BODY_LIMIT)),
        )
        .route(
            routes::REGISTRY_UPLOAD,
            axum::routing::post(uploads::registry_upload)
                .layer(axum::extract::DefaultBodyLimit::max(uploads::BODY_LIMIT)),
        )
        .route(
            routes::CALENDAR_IMPORT,
            axum::routing::post(uploads::import_calendar)
                .layer(axum::extract::DefaultBodyLimit::max(uploads::BODY_LIMIT)),
        )
        .route(
            &routes::message_attachment("{id}"),
            get(downloads::message_file),
        )
        .route(
            &format!("{}/{{file}}", routes::FORM_COPIES),
            get(downloads::submission_copy),
        )
        .route("/ente/logo", get(assets::logo))
        .route("/manifest.webmanifest", get(assets::manifest))
        .fallback(not_found_page);
    // Outermost first: the request's code, the Ente, then the session in that Ente, then
    // the error guards.
    let tenant_routes = error_guards(tenant_routes)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::session::attach,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            tenancy::resolve,
        ))
        .layer(axum::middleware::from_fn(security::request_code));

    // Static files of the build: the same for every Ente.
    let static_routes = Router::new()
        .route("/healthz", get(healthz))
        .route("/sw.js", get(assets::service_worker))
        // The bundle's names change with its contents: cache it for good.
        .nest_service(
            "/pkg",
            static_dir(&site_root, "pkg", "public, max-age=31536000, immutable"),
        )
        .nest_service(
            "/vendor",
            static_dir(&site_root, "vendor", "public, max-age=86400"),
        )
        .nest_service(
            "/icons",
            static_dir(&site_root, "icons", "public, max-age=86400"),
        )
        .route_service(
            "/offline.html",
            ServeFile::new(site_root.join("offline.html")),
        )
        .route_service(
            "/register-sw.js",
            ServeFile::new(site_root.join("register-sw.js")),
        );

    Router::new()
        .merge(static_routes)
        .merge(tenant_routes)
        .layer(axum::middleware::from_fn_with_state(
            form_action_sources(&state.auth.providers),
            security::headers,
        ))
        .layer(CompressionLayer::new())
        .layer(
            // One line per request, with its method, path and status.
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(state)
}

/// The identity providers' origins, for the CSP `form-action` (see [`security::headers`]).
fn form_action_sources(providers: &[auth::providers::ProviderSettings]) -> Arc<String> {
    let mut origins: Vec<String> = providers
        .iter()
        .filter_map(|p| url::Url::parse(&p.issuer).ok())
        .map(|u| u.origin().ascii_serialization())
        .collect();
    origins.sort();
    origins.dedup();
    Arc::new(origins.iter().map(|o| format!(" {o}")).collect())
}

/// The portal's 404 page, rendered by the app so it has the Ente's header and footer.
pub(crate) async fn not_found_page(State(state): State<AppState>, req: Request) -> Response {
    let ctx = state.ctx.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || provide_context(ctx.clone()),
        move || shell(options.clone()),
    );
    render(req).await.into_response()
}

/// A bug must not drop the connection or show a stack trace: the panic becomes a clear
/// page (or, for a server function, an `AppError` its client can read) and a log line.
fn error_guards<S: Clone + Send + Sync + 'static>(routes: Router<S>) -> Router<S> {
    routes
        .layer(CatchPanicLayer::custom(pages::panic_page))
        .layer(axum::middleware::from_fn(security::api_guard))
}

/// A folder of the site root, with its cache lifetime; `.br`/`.gz` siblings are served
/// to browsers that accept them.
fn static_dir(
    site_root: &Path,
    dir: &str,
    cache_control: &'static str,
) -> SetResponseHeader<ServeDir, HeaderValue> {
    SetResponseHeader::overriding(
        ServeDir::new(site_root.join(dir))
            .precompressed_br()
            .precompressed_gzip(),
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    )
}

async fn healthz(State(state): State<AppState>) -> Response {
    match store::ping(&state.ctx.db).await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

/// Background work: publishing issued fees on pagoPA and the reconciliation (every few
/// seconds, the payments whose check is due; their schedule is in the database, so a
/// restart loses nothing), and
/// deleting expired sessions now and then (an expired session is refused anyway).
pub fn spawn_housekeeping(state: &AppState, settings: &Settings) {
    if let Some(mail) = &settings.mail {
        match mail::Mailer::new(&mail.smtp_url, &mail.from) {
            Ok(mailer) => {
                let db = state.ctx.db.clone();
                tokio::spawn(async move {
                    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
                    loop {
                        tick.tick().await;
                        if let Err(e) = mailer.deliver_due(&db, chrono::Utc::now()).await {
                            tracing::warn!(error = %e, "e-mail delivery failed; retrying");
                        }
                    }
                });
            }
            Err(e) => tracing::error!(error = %e, "e-mail is not sent"),
        }
    }
    if settings.daily_closure {
        let db = state.ctx.db.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                close_days_past_cutoff(&db, chrono::Utc::now()).await;
            }
        });
    }
    if let Some(client) = state.ctx.pagopa.clone() {
        let db = state.ctx.db.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
            loop {
                tick.tick().await;
                let now = chrono::Utc::now();
                if let Err(e) = app::backend::payments::publish_fees(&db, &client, now).await {
                    tracing::warn!(error = %e, "fee publication failed; retrying");
                }
                if let Err(e) = app::backend::payments::reconcile_due(&db, &client, now).await {
                    tracing::warn!(error = %e, "payment reconciliation failed; retrying");
                }
            }
        });
    }
    let db = state.ctx.db.clone();
    let policy = state.ctx.session_policy;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            match store::sessions::purge_expired(&db, chrono::Utc::now(), policy).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "expired sessions deleted"),
                Err(e) => tracing::warn!(error = %e, "cannot delete expired sessions"),
            }
            // Fees due within a week: each family is reminded once per fee.
            match store::payments::fees::remind_due_soon(&db, 7, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "fee reminders sent"),
                Err(e) => tracing::warn!(error = %e, "cannot send fee reminders"),
            }
        }
    });
}

/// Closes today's canteen day of every Ente whose cut-off has passed (once: a closed day
/// is skipped, and closing twice debits nothing twice anyway).
async fn close_days_past_cutoff(db: &sqlx::AnyPool, now: chrono::DateTime<chrono::Utc>) {
    let tenants = match store::tenants::list(db).await {
        Ok(list) => list,
        Err(e) => {
            tracing::warn!(error = %e, "daily closure: cannot list the Enti");
            return;
        }
    };
    for (tenant, _) in tenants {
        let policy = tenant.booking_policy();
        let today = policy.today(now);
        if now < policy.cutoff_of(today) {
            continue;
        }
        match store::closure::is_closed(db, &tenant, today).await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(error = %e, "daily closure: cannot read the day");
                continue;
            }
        }
        match store::closure::close_day(db, &tenant, today, "chiusura automatica", now).await {
            Ok(closed) => {
                tracing::info!(ente = %tenant.name, %today, present = closed.present, debited = closed.debited, "canteen day closed")
            }
            Err(e) => {
                tracing::error!(ente = %tenant.name, error = %e, "daily closure failed; retrying")
            }
        }
    }
}

/// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_is_a_clear_page_or_an_app_error() {
        async fn boom() -> &'static str {
            panic!("secret detail of a bug")
        }
        let routes = error_guards(
            Router::new()
                .route("/pagina", get(boom))
                .route("/api/funzione", axum::routing::post(boom)),
        )
        .layer(axum::middleware::from_fn(security::request_code));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, routes).await });
        let client = reqwest::Client::new();

        let page = client
            .get(format!("http://{addr}/pagina"))
            .send()
            .await
            .expect("GET");
        assert_eq!(page.status().as_u16(), 500);
        let code = page.headers()["x-request-id"]
            .to_str()
            .expect("code")
            .to_string();
        assert_eq!(code.len(), 8);
        let html = page.text().await.expect("html");
        assert!(html.contains("Si è verificato un problema"));
        assert!(
            html.contains(&format!("Codice della richiesta: {code}")),
            "{html}"
        );
        assert!(!html.contains("secret detail"), "details stay in the log");

        let api = client
            .post(format!("http://{addr}/api/funzione"))
            .send()
            .await
            .expect("POST");
        assert_eq!(api.status().as_u16(), 500);
        let code = api.headers()["x-request-id"]
            .to_str()
            .expect("code")
            .to_string();
        let err: app::error::AppError = api.json().await.expect("an AppError");
        assert_eq!(err, app::error::AppError::Internal(Some(code.clone())));
        assert!(
            err.to_string().ends_with(&format!("il codice {code}.")),
            "{err}"
        );
    }
}
