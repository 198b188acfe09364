//! `sportello ledger …`: the money ledger.

use app::backend::store::payments::ledger;
use app::domain::fiscal_code::FiscalCode;
use app::domain::money::Money;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum LedgerAction {
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

pub async fn run(db: &sqlx::AnyPool, action: LedgerAction) -> Result<(), String> {
    match action {
        LedgerAction::Verify => verify(db).await,
        LedgerAction::Correct {
            ente,
            tutore,
            service,
            amount,
            reason,
        } => correct(db, &ente, &tutore, &service, &amount, &reason).await,
    }
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn correct(
    db: &sqlx::AnyPool,
    ente: &str,
    tutore: &str,
    service: &str,
    amount: &str,
    reason: &str,
) -> Result<(), String> {
    let tenant = super::ente_by_code(db, ente).await?;
    let tutore = FiscalCode::parse(tutore).map_err(|e| format!("--tutore: {e}"))?;
    let amount = Money::parse_it(amount).map_err(|e| format!("--amount: {e}"))?;
    let by = super::cli_author();
    let balance = ledger::correct(
        db,
        &tenant.id,
        &ledger::Correction {
            guardian_fiscal_code: tutore.as_str(),
            service_code: service,
            amount,
            reason,
            by: &by,
        },
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| e.to_string())?;
    println!("correction of {amount} posted; the balance is now {balance}");
    Ok(())
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
async fn verify(db: &sqlx::AnyPool) -> Result<(), String> {
    let (accounts, mismatches) = ledger::verify(db).await.map_err(|e| e.to_string())?;
    for m in &mismatches {
        println!(
            "account {}: cached balance {} but the ledger sums to {}",
            m.account_id, m.cached, m.ledger
        );
    }
    if mismatches.is_empty() {
        println!("ledger ok: {accounts} accounts, every balance equals the sum of its movements");
        Ok(())
    } else {
        Err(format!(
            "ledger verify: {} of {accounts} accounts differ",
            mismatches.len()
        ))
    }
}
