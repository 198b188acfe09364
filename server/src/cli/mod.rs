//! The command line: what `sportello` accepts, and which command answers. Each command
//! lives in its own module, with its arguments and its handler.

mod canteen;
mod day;
mod demo;
mod fees;
mod form;
mod ledger;
mod migrate;
mod serve;
mod tax_certificates;
mod tenant;
mod user;

use app::backend::store::tenants;
use app::domain::fiscal_code::OrganizationFiscalCode;
use clap::{Parser, Subcommand};
use server::config::Settings;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "sportello",
    version,
    about = "Portale dei servizi scolastici dei Comuni"
)]
pub struct Cli {
    /// Runtime configuration file (site keys and [sportello] keys).
    #[arg(
        long,
        env = "SPORTELLO_CONFIG",
        default_value = "Leptos.toml",
        global = true
    )]
    pub config: PathBuf,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the portal (the default).
    Serve(serve::Args),
    /// Apply the database migrations and exit.
    Migrate,
    /// Demo data.
    Demo {
        #[command(subcommand)]
        action: demo::DemoAction,
    },
    /// Manage the Enti served by this deployment.
    Tenant {
        #[command(subcommand)]
        action: tenant::TenantAction,
    },
    /// The canteen day.
    Day {
        #[command(subcommand)]
        action: day::DayAction,
    },
    /// The canteen calendar, menus and booking settings of an Ente.
    Canteen(canteen::Args),
    /// Fees of invoiced services (e.g. transport instalments).
    Fees {
        #[command(subcommand)]
        action: fees::FeesAction,
    },
    /// The money ledger.
    Ledger {
        #[command(subcommand)]
        action: ledger::LedgerAction,
    },
    /// Compute the expense certificates (730) of a calendar year for every family of an Ente
    /// and publish them in Comunicazioni (re-runnable: amounts updated, nothing sent twice).
    TaxCertificates(tax_certificates::Args),
    /// Publish a form of an Ente from a JSON definition (as a new version; submissions
    /// keep the version they were made with).
    Form(form::Args),
    /// Staff roles (operator, admin) of an Ente's people.
    User {
        #[command(subcommand)]
        action: user::UserAction,
    },
}

/// No command: serve the portal.
impl Default for Command {
    fn default() -> Self {
        Command::Serve(serve::Args::default())
    }
}

/// Runs `command` on the state built from the configuration.
pub async fn run(
    command: Command,
    leptos_options: leptos::config::LeptosOptions,
    settings: Settings,
) -> Result<(), String> {
    let state = server::build_state(leptos_options, &settings)
        .await
        .map_err(|e| e.to_string())?;
    let db = state.ctx.db.clone();
    match command {
        Command::Serve(args) => serve::run(args, state, &settings).await,
        Command::Migrate => migrate::run(&settings),
        Command::Demo { action } => demo::run(&state, action).await,
        Command::Tenant { action } => tenant::run(&db, action).await,
        Command::Day { action } => day::run(&db, action).await,
        Command::Canteen(args) => canteen::run(&db, args).await,
        Command::Fees { action } => fees::run(&state, action).await,
        Command::Ledger { action } => ledger::run(&db, action).await,
        Command::TaxCertificates(args) => tax_certificates::run(&db, args).await,
        Command::Form(args) => form::run(&db, args).await,
        Command::User { action } => user::run(&db, action).await,
    }
}

/// The Ente named by `--ente` (its 11-digit fiscal code).
async fn ente_by_code(db: &sqlx::AnyPool, ente: &str) -> Result<tenants::Tenant, String> {
    let code = OrganizationFiscalCode::parse(ente).map_err(|e| format!("--ente: {e}"))?;
    tenants::find_by_fiscal_code(db, &code)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("--ente: no Ente with fiscal code {code}"))
}

/// Who did it, for the records a command writes: `cli (<login>)`.
fn cli_author() -> String {
    format!(
        "cli ({})",
        std::env::var("USER").unwrap_or_else(|_| "?".into())
    )
}
