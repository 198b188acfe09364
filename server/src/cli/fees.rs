//! `sportello fees …`: fees of invoiced services (e.g. transport instalments).

use app::backend::store::payments::fees;
use app::domain::money::Money;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum FeesAction {
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

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
pub async fn run(state: &server::AppState, action: FeesAction) -> Result<(), String> {
    let FeesAction::Issue {
        ente,
        service,
        label,
        instalments,
    } = action;
    let db = &state.ctx.db;
    let tenant = super::ente_by_code(db, &ente).await?;
    let instalments = instalments
        .iter()
        .map(|i| parse_instalment(i))
        .collect::<Result<Vec<_>, _>>()?;
    let by = super::cli_author();
    let issued = fees::issue(
        db,
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
        let published = app::backend::payments::publish_fees(db, &client, chrono::Utc::now())
            .await
            .map_err(|e| e.to_string())?;
        println!("{published} notices published on pagoPA");
    } else {
        println!("pagoPA is not configured: the server publishes the notices once it is");
    }
    Ok(())
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
