//! `sportello serve` (and no command at all): the portal on its address.

use app::backend::store;
use server::config::Settings;

#[derive(clap::Args, Default)]
pub struct Args {
    /// Seed the demo Enti first (skipped when already present).
    #[arg(long)]
    seed_demo: bool,
}

pub async fn run(args: Args, state: server::AppState, settings: &Settings) -> Result<(), String> {
    if args.seed_demo {
        super::demo::seed(&state).await?;
    }
    let addr = state.leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!(%addr, database = %store::redacted_url(&settings.database_url), "Sportello is serving on http://{addr}");
    server::spawn_housekeeping(&state, settings);
    server::serve(listener, server::router(state))
        .await
        .map_err(|e| format!("server error: {e}"))
}
