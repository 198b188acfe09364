//! `sportello migrate`: the migrations ran when the state was built; say so and exit.

use app::backend::store;
use server::config::Settings;

pub fn run(settings: &Settings) -> Result<(), String> {
    tracing::info!(database = %store::redacted_url(&settings.database_url), "migrations applied");
    Ok(())
}
