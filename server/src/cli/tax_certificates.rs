//! `sportello tax-certificates`: the expense certificates (730) of a calendar year,
//! published in Comunicazioni.

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    ente: String,
    #[arg(long)]
    year: i32,
}

#[allow(clippy::print_stdout)] // the CLI's answers go to standard output
pub async fn run(db: &sqlx::AnyPool, Args { ente, year }: Args) -> Result<(), String> {
    let tenant = super::ente_by_code(db, &ente).await?;
    if !(2000..=2100).contains(&year) {
        return Err(format!("--year {year}: a calendar year, e.g. 2025"));
    }
    let done = app::backend::tax_certificates::publish(db, &tenant, year, chrono::Utc::now())
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "{year}: {} certificates for {} families, {} new messages",
        done.certificates, done.families, done.new_messages
    );
    Ok(())
}
