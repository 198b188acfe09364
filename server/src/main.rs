//! `sportello`: serve the portal, or manage it from the command line.

mod canteen_cli;

use app::backend::seed;
use app::backend::store::{self, closure, payments::fees, payments::ledger, tenants, users};
use app::domain::fiscal_code::{FiscalCode, OrganizationFiscalCode};
use app::domain::identity::Role;
use app::domain::money::Money;
use app::domain::tenant::{SegregationCode, TenantHost};
use clap::{Parser, Subcommand};
use server::config::{self, LogFormat, Settings};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "sportello",
    version,
    about = "Portale dei servizi scolastici dei Comuni"
)]
struct Cli {
    /// Runtime configuration file (site keys and [sportello] keys).
    #[arg(
        long,
        env = "SPORTELLO_CONFIG",
        default_value = "Leptos.toml",
        global = true
    )]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default).
    Serve {
        /// Seed the demo Enti first (skipped when already present).
        #[arg(long)]
        seed_demo: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Demo data.
    Demo {
        #[command(subcommand)]
        action: DemoAction,
    },
    /// Manage the Enti served by this deployment.
    Tenant {
        #[command(subcommand)]
        action: TenantAction,
    },
    /// The canteen day.
    Day {
        #[command(subcommand)]
        action: DayAction,
    },
    /// The canteen calendar, menus and booking settings of an Ente.
    Canteen {
        /// The Ente's 11-digit fiscal code.
        #[arg(long)]
        ente: String,
        #[command(subcommand)]
        action: canteen_cli::CanteenAction,
    },
    /// Fees of invoiced services (e.g. transport instalments).
    Fees {
        #[command(subcommand)]
        action: FeesAction,
    },
    /// The money ledger.
    Ledger {
        #[command(subcommand)]
        action: LedgerAction,
    },
    /// Compute the expense certificates (730) of a calendar year for every family of an Ente
    /// and publish them in Comunicazioni (re-runnable: amounts updated, nothing sent twice).
    TaxCertificates {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        year: i32,
    },
    /// Publish a form of an Ente from a JSON definition (as a new version; submissions
    /// keep the version they were made with).
    Form {
        #[arg(long)]
        ente: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// Staff roles (operator, admin) of an Ente's people.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Subcommand)]
enum DayAction {
    /// Close a canteen day: debit each present pupil's meal (once, however often it runs)
    /// and print the kitchen's counts.
    Close {
        #[arg(long)]
        ente: String,
        /// YYYY-MM-DD; default: today in the Ente's time zone.
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
enum FeesAction {
    /// Issue a fee to every pupil subscribed today to an invoiced service; re-running it
    /// issues nothing twice. The notices go to pagoPA now when it is configured, otherwise
    /// the server's job publishes them.
    Issue {
        /// The Ente's 11-digit fiscal code.
        #[arg(long)]
        ente: String,
        /// The service's code (e.g. TRASPORTO).
        #[arg(long)]
        service: String,
        /// What the fee is for (e.g. "Trasporto scolastico 2026/27").
        #[arg(long)]
        label: String,
        /// AMOUNT:DUE-DATE, e.g. 93:2026-11-30 (repeat for each instalment).
        #[arg(long = "instalment", required = true)]
        instalments: Vec<String>,
    },
}

#[derive(Subcommand)]
enum LedgerAction {
    /// Check that every account's balance equals the sum of its ledger rows (exit 1 if not).
    Verify,
    /// An operator's correction of a tutore's account (a new movement, never an edit).
    Correct {
        #[arg(long)]
        ente: String,
        /// The tutore's fiscal code.
        #[arg(long)]
        tutore: String,
        /// The service's code (e.g. REFEZIONE).
        #[arg(long)]
        service: String,
        /// Signed, Italian format: 5,50 credits the account, -5,50 debits it.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Why (shown to the family in the statement).
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Give a person (by fiscal code) a staff role in an Ente; valid from their next login.
    Grant {
        /// The Ente's 11-digit fiscal code.
        #[arg(long)]
        ente: String,
        fiscal_code: String,
        /// operator or admin
        role: String,
    },
    /// Take a staff role away.
    Revoke {
        #[arg(long)]
        ente: String,
        fiscal_code: String,
        role: String,
    },
    /// List an Ente's staff roles.
    List {
        #[arg(long)]
        ente: String,
    },
}

#[derive(Subcommand)]
enum DemoAction {
    /// Create the demo Enti (Comune di Valleverde, Comune di Montechiaro).
    Seed,
}

#[derive(Subcommand)]
enum TenantAction {
    /// Add an Ente.
    Add {
        #[arg(long)]
        name: String,
        /// The Ente's 11-digit fiscal code.
        #[arg(long)]
        fiscal_code: String,
        #[arg(long)]
        address: String,
        /// pagoPA segregation code (two digits).
        #[arg(long)]
        segregation_code: String,
        /// Host name that selects this Ente; repeat for more than one.
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
        #[arg(long, default_value = "Europe/Rome")]
        time_zone: String,
        /// Logo file (SVG, PNG or JPEG).
        #[arg(long)]
        logo: Option<PathBuf>,
    },
    /// List the Enti and their host names.
    List,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let (leptos_options, settings) = match config::load(&cli.config) {
        Ok(c) => c,
        Err(e) => return fail(&format!("configuration: {e}")),
    };
    init_logs(&settings);
    match run(
        cli.command.unwrap_or(Command::Serve { seed_demo: false }),
        leptos_options,
        settings,
    )
    .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// One clear line on standard error, and a failure exit code.
fn fail(message: &str) -> ExitCode {
    eprintln!("sportello: {message}");
    ExitCode::FAILURE
}

fn init_logs(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log_filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in files and journals.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match settings.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn run(
    command: Command,
    leptos_options: leptos::config::LeptosOptions,
    settings: Settings,
) -> Result<(), String> {
    let state = server::build_state(leptos_options, &settings)
        .await
        .map_err(|e| e.to_string())?;
    let db = state.ctx.db.clone();
    match command {
        Command::Migrate => {
            tracing::info!(database = %store::redacted_url(&settings.database_url), "migrations applied");
            Ok(())
        }
        Command::Demo {
            action: DemoAction::Seed,
        } => seed_demo(&state).await,
        Command::Serve { seed_demo: seed } => {
            if seed {
                seed_demo(&state).await?;
            }
            let addr = state.leptos_options.site_addr;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            tracing::info!(%addr, database = %store::redacted_url(&settings.database_url), "Sportello is serving on http://{addr}");
            server::spawn_housekeeping(&state, &settings);
            server::serve(listener, server::router(state))
                .await
                .map_err(|e| format!("server error: {e}"))
        }
        Command::User { action } => manage_users(&db, action).await,
        Command::Form { ente, file } => {
            let tenant = ente_by_code(&db, &ente).await?;
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let mut def: app::domain::forms::FormDefinition =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let latest = store::forms::definition(&db, &tenant.id, &def.code, None)
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
        Command::TaxCertificates { ente, year } => {
            let tenant = ente_by_code(&db, &ente).await?;
            if !(2000..=2100).contains(&year) {
                return Err(format!("--year {year}: a calendar year, e.g. 2025"));
            }
            let done =
                app::backend::tax_certificates::publish(&db, &tenant, year, chrono::Utc::now())
                    .await
                    .map_err(|e| e.to_string())?;
            println!(
                "{year}: {} certificates for {} families, {} new messages",
                done.certificates, done.families, done.new_messages
            );
            Ok(())
        }
        Command::Canteen { ente, action } => {
            let tenant = ente_by_code(&db, &ente).await?;
            canteen_cli::run(&db, &tenant, action, &cli_author()).await
        }
        Command::Day {
            action: DayAction::Close { ente, date },
        } => {
            let tenant = ente_by_code(&db, &ente).await?;
            let day = match date {
                Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|_| format!("--date {d:?}: write YYYY-MM-DD"))?,
                None => tenant.booking_policy().today(chrono::Utc::now()),
            };
            let by = cli_author();
            let closed = closure::close_day(&db, &tenant, day, &by, chrono::Utc::now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{day}: {} present, {} meals debited, {} already debited",
                closed.present, closed.debited, closed.already_debited
            );
            for ((school, class, kind), n) in
                app::backend::store::kitchen::counts(&db, &tenant, day)
                    .await
                    .map_err(|e| e.to_string())?
            {
                println!("{school}\t{class}\t{kind}\t{n}");
            }
            Ok(())
        }
        Command::Fees {
            action:
                FeesAction::Issue {
                    ente,
                    service,
                    label,
                    instalments,
                },
        } => {
            let tenant = ente_by_code(&db, &ente).await?;
            let instalments = instalments
                .iter()
                .map(|i| parse_instalment(i))
                .collect::<Result<Vec<_>, _>>()?;
            let by = cli_author();
            let issued = fees::issue(
                &db,
                &tenant,
                &service,
                &label,
                &instalments,
                &by,
                chrono::Utc::now(),
            )
            .await
            .map_err(|e| e.to_string())?;
            println!(
                "{} fees issued, {} already there ({})",
                issued.created, issued.already_there, tenant.name
            );
            if let Some(client) = state.ctx.pagopa.clone() {
                let published =
                    app::backend::payments::publish_fees(&db, &client, chrono::Utc::now())
                        .await
                        .map_err(|e| e.to_string())?;
                println!("{published} notices published on pagoPA");
            } else {
                println!("pagoPA is not configured: the server publishes the notices once it is");
            }
            Ok(())
        }
        Command::Ledger {
            action:
                LedgerAction::Correct {
                    ente,
                    tutore,
                    service,
                    amount,
                    reason,
                },
        } => {
            let tenant = ente_by_code(&db, &ente).await?;
            let tutore = FiscalCode::parse(&tutore).map_err(|e| format!("--tutore: {e}"))?;
            let amount = Money::parse_it(&amount).map_err(|e| format!("--amount: {e}"))?;
            let by = cli_author();
            let balance = ledger::correct(
                &db,
                &tenant.id,
                &ledger::Correction {
                    guardian_fiscal_code: tutore.as_str(),
                    service_code: &service,
                    amount,
                    reason: &reason,
                    by: &by,
                },
                chrono::Utc::now(),
            )
            .await
            .map_err(|e| e.to_string())?;
            println!("correction of {amount} posted; the balance is now {balance}");
            Ok(())
        }
        Command::Ledger {
            action: LedgerAction::Verify,
        } => {
            let (accounts, mismatches) = ledger::verify(&db).await.map_err(|e| e.to_string())?;
            for m in &mismatches {
                println!(
                    "account {}: cached balance {} but the ledger sums to {}",
                    m.account_id, m.cached, m.ledger
                );
            }
            if mismatches.is_empty() {
                println!(
                    "ledger ok: {accounts} accounts, every balance equals the sum of its movements"
                );
                Ok(())
            } else {
                Err(format!(
                    "ledger verify: {} of {accounts} accounts differ",
                    mismatches.len()
                ))
            }
        }
        Command::Tenant {
            action: TenantAction::List,
        } => {
            for (t, hosts) in tenants::list(&db).await.map_err(|e| e.to_string())? {
                println!(
                    "{}\t{}\t{}\t{}",
                    t.name,
                    t.fiscal_code,
                    t.segregation_code,
                    hosts.join(", ")
                );
            }
            Ok(())
        }
        Command::Tenant {
            action:
                TenantAction::Add {
                    name,
                    fiscal_code,
                    address,
                    segregation_code,
                    hosts,
                    time_zone,
                    logo,
                },
        } => {
            let new = tenants::NewTenant {
                name,
                fiscal_code: OrganizationFiscalCode::parse(&fiscal_code)
                    .map_err(|e| format!("--fiscal-code: {e}"))?,
                address,
                time_zone: time_zone
                    .parse()
                    .map_err(|_| format!("--time-zone: unknown time zone {time_zone:?}"))?,
                segregation_code: SegregationCode::parse(&segregation_code)
                    .map_err(|e| format!("--segregation-code: {e}"))?,
                hosts: hosts
                    .iter()
                    .map(|h| TenantHost::parse(h).map_err(|e| format!("--host {h}: {e}")))
                    .collect::<Result<_, _>>()?,
                logo: match logo {
                    Some(path) => Some(read_logo(&path)?),
                    None => None,
                },
            };
            let mut tx = db.begin().await.map_err(|e| e.to_string())?;
            let tenant = tenants::create(&mut tx, new)
                .await
                .map_err(|e| e.to_string())?;
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("Ente creato: {} ({})", tenant.name, tenant.fiscal_code);
            Ok(())
        }
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

/// `93:2026-11-30` or `93,50:30/11/2026`.
fn parse_instalment(text: &str) -> Result<fees::Instalment, String> {
    let (amount, due) = text.split_once(':').ok_or_else(|| {
        format!("--instalment {text:?}: write AMOUNT:DUE-DATE, e.g. 93:2026-11-30")
    })?;
    let amount = Money::parse_it(amount).map_err(|e| format!("--instalment {text:?}: {e}"))?;
    if amount.cents() <= 0 {
        return Err(format!(
            "--instalment {text:?}: the amount must be positive"
        ));
    }
    let due = chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(due, "%d/%m/%Y"))
        .map_err(|_| format!("--instalment {text:?}: the due date is YYYY-MM-DD or dd/mm/yyyy"))?;
    Ok(fees::Instalment { amount, due })
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn manage_users(db: &sqlx::AnyPool, action: UserAction) -> Result<(), String> {
    let ente = match &action {
        UserAction::Grant { ente, .. }
        | UserAction::Revoke { ente, .. }
        | UserAction::List { ente } => ente,
    };
    let tenant = ente_by_code(db, ente).await?;
    let person_and_role = |cf: &str, role: &str| -> Result<(FiscalCode, Role), String> {
        let cf = FiscalCode::parse(cf).map_err(|e| format!("fiscal code {cf:?}: {e}"))?;
        let role = Role::parse(role)
            .filter(|r| r.is_staff())
            .ok_or_else(|| format!("role must be operator or admin, not {role:?}"))?;
        Ok((cf, role))
    };
    match action {
        UserAction::Grant {
            fiscal_code, role, ..
        } => {
            let (cf, role) = person_and_role(&fiscal_code, &role)?;
            let by = cli_author();
            let added = app::backend::store::staff::grant(
                db,
                &tenant.id,
                &cf,
                role,
                &by,
                chrono::Utc::now(),
            )
            .await
            .map_err(|e| e.to_string())?;
            println!(
                "{cf}: {} {} in {}",
                role.as_str(),
                if added { "granted" } else { "already granted" },
                tenant.name
            );
        }
        UserAction::Revoke {
            fiscal_code, role, ..
        } => {
            let (cf, role) = person_and_role(&fiscal_code, &role)?;
            let removed = app::backend::store::staff::revoke(db, &tenant.id, &cf, role)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{cf}: {} {} in {}",
                role.as_str(),
                if removed {
                    "revoked"
                } else {
                    "was not granted"
                },
                tenant.name
            );
        }
        UserAction::List { .. } => {
            for g in app::backend::store::staff::list(db, &tenant.id)
                .await
                .map_err(|e| e.to_string())?
            {
                println!(
                    "{}\t{}\t{}\t{}",
                    g.fiscal_code,
                    g.role.as_str(),
                    g.name.unwrap_or_else(|| "-".into()),
                    g.granted_by
                );
            }
        }
    }
    Ok(())
}

async fn seed_demo(state: &server::AppState) -> Result<(), String> {
    for (name, outcome) in seed::seed_demo(&state.ctx.db, &state.ctx.files)
        .await
        .map_err(|e| format!("demo seed: {e}"))?
    {
        tracing::info!(ente = %name, ?outcome, "demo data");
    }
    Ok(())
}

fn read_logo(path: &std::path::Path) -> Result<tenants::Logo, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("--logo {}: {e}", path.display()))?;
    let content_type = if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).contains("<svg") {
        "image/svg+xml"
    } else {
        return Err(format!(
            "--logo {}: not an SVG, PNG or JPEG image",
            path.display()
        ));
    };
    Ok(tenants::Logo {
        bytes,
        content_type: content_type.into(),
    })
}
