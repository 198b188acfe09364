//! `sportello day …`: the canteen day.

use app::backend::store::closure;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum DayAction {
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

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
pub async fn run(db: &sqlx::AnyPool, action: DayAction) -> Result<(), String> {
    let DayAction::Close { ente, date } = action;
    let tenant = super::ente_by_code(db, &ente).await?;
    let day = match date {
        Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map_err(|_| format!("--date {d:?}: write YYYY-MM-DD"))?,
        None => tenant.booking_policy().today(chrono::Utc::now()),
    };
    let by = super::cli_author();
    let closed = closure::close_day(db, &tenant, day, &by, chrono::Utc::now())
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "{day}: {} present, {} meals debited, {} already debited",
        closed.present, closed.debited, closed.already_debited
    );
    for ((school, class, kind), n) in app::backend::store::kitchen::counts(db, &tenant, day, None)
        .await
        .map_err(|e| e.to_string())?
    {
        println!("{school}\t{class}\t{kind}\t{n}");
    }
    Ok(())
}
