//! Benchmark (run by `bench/ledger.sh`, not a test): how many pagoPA confirmations per
//! second the ledger sustains. Opens N top-ups on the demo wallets, then confirms them all
//! from C concurrent tasks, each confirmation also sent a second time (duplicates), and
//! checks that the balances equal the ledger.
//!
//! `ledger_confirmations <database-url> [N] [C]`; the database must be empty (a fresh
//! SQLite file, or a fresh PostgreSQL database).

use app::backend::seed;
use app::backend::store::files::FileStore;
use app::backend::store::{self, payments, payments::ledger, tenants};
use app::domain::fiscal_code::OrganizationFiscalCode;
use app::domain::money::Money;
use std::time::Instant;

#[tokio::main]
#[allow(clippy::print_stdout)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .ok_or("usage: ledger_confirmations <database-url> [N] [C]")?;
    let n: usize = args.get(2).map_or(Ok(2000), |s| s.parse())?;
    let c: usize = args.get(3).map_or(Ok(16), |s| s.parse())?;
    let pool = store::connect(url, 8).await?;
    store::migrate(&pool).await?;
    let dir = std::env::temp_dir().join("sportello-bench-files");
    seed::seed_demo(&pool, &FileStore::Directory(dir)).await?;
    let tenant = tenants::find_by_fiscal_code(
        &pool,
        &OrganizationFiscalCode::parse(seed::VALLEVERDE_FISCAL_CODE)?,
    )
    .await?
    .ok_or("demo Ente missing")?;
    let mut wallets = Vec::new();
    for cf in ["RSSMRA80A01H501U", "BNCLRA85M41F205C", "SPSFNC82D49F839L"] {
        let cf = app::domain::fiscal_code::FiscalCode::parse(cf)?;
        let accounts = ledger::accounts_of_guardian(&pool, &tenant.id, &cf).await?;
        wallets.extend(accounts.into_iter().filter(|a| a.prepaid).map(|a| a.id));
    }
    let now = chrono::Utc::now();
    let mut iuvs = Vec::with_capacity(n);
    for i in 0..n {
        let p = payments::create(
            &pool,
            &tenant.id,
            tenant.segregation_code,
            &payments::NewPayment {
                account_id: wallets[i % wallets.len()].as_str(),
                purpose: payments::Purpose::TopUp,
                fee_id: None,
                amount: Money::from_cents(500 + i64::try_from(i % 100).unwrap_or(0)),
                description: "Ricarica (benchmark)",
                due_date: now.date_naive(),
                created_by: "bench",
                request_key: None,
            },
            now,
        )
        .await?;
        iuvs.push(p.notice.iuv().to_string());
    }
    let start = Instant::now();
    let chunks: Vec<Vec<String>> = (0..c)
        .map(|k| iuvs.iter().skip(k).step_by(c).cloned().collect())
        .collect();
    let mut tasks = Vec::new();
    for chunk in chunks {
        let pool = pool.clone();
        let tenant = tenant.id.clone();
        tasks.push(tokio::spawn(async move {
            let mut credited = 0usize;
            for iuv in &chunk {
                for _ in 0..2 {
                    if payments::confirm(&pool, &tenant, iuv, now).await?
                        == payments::Confirmation::Credited
                    {
                        credited += 1;
                    }
                }
            }
            Ok::<usize, store::StoreError>(credited)
        }));
    }
    let mut credited = 0;
    for t in tasks {
        credited += t.await??;
    }
    let elapsed = start.elapsed();
    let (accounts, mismatches) = ledger::verify(&pool).await?;
    if credited != n || !mismatches.is_empty() {
        return Err(format!(
            "credited {credited} of {n}; {} of {accounts} accounts differ",
            mismatches.len()
        )
        .into());
    }
    let ms = elapsed.as_millis().max(1);
    println!(
        "{n} confirmations (+{n} duplicates) from {c} tasks in {ms} ms: {} confirmations/s, ledger verified",
        u128::try_from(2 * n).unwrap_or(0) * 1000 / ms
    );
    Ok(())
}
