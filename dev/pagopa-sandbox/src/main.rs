//! `pagopa-sandbox`: serves the sandbox on `PAGOPA_SANDBOX_ADDR` (default 127.0.0.1:9090)
//! with the key `PAGOPA_SANDBOX_KEY` (default `sandbox-key`), until SIGTERM or Ctrl-C.

use pagopa_sandbox::{serve_with_shutdown, Config, Sandbox};
use tracing_subscriber::EnvFilter;

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let addr = std::env::var("PAGOPA_SANDBOX_ADDR").unwrap_or_else(|_| "127.0.0.1:9090".into());
    let key = std::env::var("PAGOPA_SANDBOX_KEY").unwrap_or_else(|_| "sandbox-key".into());
    let mut config = Config::new(key);
    config.public_origin = std::env::var("PAGOPA_SANDBOX_PUBLIC_ORIGIN").ok();
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(addr, error = %e, "cannot listen");
            return std::process::ExitCode::FAILURE;
        }
    };
    tracing::info!(
        addr,
        "pagoPA sandbox listening (GPD, receipts, Checkout, /sandbox/)"
    );
    match serve_with_shutdown(listener, Sandbox::new(config), shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "server error");
            std::process::ExitCode::FAILURE
        }
    }
}
