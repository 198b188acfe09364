//! `sportello form`: publish a form of an Ente from a JSON definition, as a new version.

use app::backend::store;
use app::domain::forms::FormDefinition;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    ente: String,
    #[arg(long)]
    file: PathBuf,
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
pub async fn run(db: &sqlx::AnyPool, Args { ente, file }: Args) -> Result<(), String> {
    let tenant = super::ente_by_code(db, &ente).await?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut def: FormDefinition =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let latest = store::forms::definition(db, &tenant.id, &def.code, None)
        .await
        .map_err(|e| e.to_string())?;
    def.version = latest.map_or(1, |d| d.version + 1);
    let mut conn = db.acquire().await.map_err(|e| e.to_string())?;
    store::forms::publish(&mut conn, &tenant.id, &def, chrono::Utc::now())
        .await
        .map_err(|e| e.to_string())?;
    println!("form {:?} published as version {}", def.code, def.version);
    Ok(())
}
