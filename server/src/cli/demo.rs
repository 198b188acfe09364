//! `sportello demo …`: the demo data.

use app::backend::seed;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum DemoAction {
    /// Create the demo Enti (Comune di Valleverde, Comune di Montechiaro).
    Seed,
}

pub async fn run(state: &server::AppState, action: DemoAction) -> Result<(), String> {
    match action {
        DemoAction::Seed => seed(state).await,
    }
}

/// Seeds the demo Enti (skipped when already present).
pub async fn seed(state: &server::AppState) -> Result<(), String> {
    for (name, outcome) in seed::seed_demo(&state.ctx.db, &state.ctx.files)
        .await
        .map_err(|e| format!("demo seed: {e}"))?
    {
        tracing::info!(ente = %name, ?outcome, "demo data");
    }
    Ok(())
}
