//! Benchmark (run by `bench/bookings.sh`, not a test): the daily closure of N pupils.
//! Seeds N pupils subscribed to the prepaid canteen (one family each, classes of 25,
//! schools of 1,000, canteen Monday to Friday, a school year from today), times
//! `close_day` for the next canteen day and checks that the ledger then holds exactly N
//! meal rows; times a second run, which must add none; then times a raw bulk insert of N
//! rows into a scratch table shaped like `ledger_entries` (one transaction, multi-row
//! INSERTs) and prints a markdown row: N, closure, second run, raw insert, ratio.
//!
//! `closure_bench <database-url> [N]`; the database must be empty.

#[path = "support/mod.rs"]
mod support;

#[tokio::main]
async fn main() -> Result<(), bench::Error> {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .ok_or("usage: closure_bench <database-url> [N]")?;
    let n: usize = args.get(2).map_or(Ok(100_000), |s| s.parse())?;
    bench::run(url, n).await
}

#[allow(clippy::print_stdout)]
mod bench {
    use app::backend::store::registry::RegistryWriter;
    use app::backend::store::{self, closure, payments::ledger, Tenant, TenantId};
    use chrono::{Duration, NaiveDate, Utc};
    use sqlx::{AnyPool, Row};
    use std::time::{Duration as Elapsed, Instant};

    use super::support;
    pub use super::support::Error;

    /// The Ente and its N pupils, written with the registry (a transaction per 2,000
    /// pupils); the day to close is the first canteen day after today.
    async fn seed(pool: &AnyPool, n: usize) -> Result<(Tenant, NaiveDate), Error> {
        let mut tx = pool.begin().await?;
        let tenant = support::ente(&mut tx).await?;
        let today = tenant.booking_policy().today(Utc::now());
        let day = support::next_canteen_day(today)?;
        let mut w = RegistryWriter::new(&mut tx, &tenant.id);
        let mut classes = Vec::new();
        for s in 0..n.div_ceil(1000) {
            let school = w
                .school(&format!("Scuola {s}"), "primaria", "Via del Carico 1")
                .await?;
            for c in 0..40 {
                classes.push(
                    w.class(&school, &format!("Classe {c}"), "2026/2027")
                        .await?,
                );
            }
            w.school_year(&school, today, today + Duration::days(90))
                .await?;
            w.canteen_weekdays(&school, &support::WEEKDAYS).await?;
        }
        let (service, band) = support::canteen(&mut w, today).await?;
        tx.commit().await?;
        for first in (0..n).step_by(2000) {
            let mut tx = pool.begin().await?;
            let mut w = RegistryWriter::new(&mut tx, &tenant.id);
            for i in first..n.min(first + 2000) {
                let class = classes.get(i / 25).ok_or("class")?;
                support::family(&mut w, i, class, (&service, &band), today).await?;
            }
            tx.commit().await?;
        }
        Ok((tenant, day))
    }

    /// Meal rows of the Ente, and how many pupils they debit (the database is fresh: they
    /// are all of the day closed).
    async fn meal_rows(pool: &AnyPool, tenant: &TenantId) -> Result<(i64, i64), Error> {
        let row = sqlx::query(
            "SELECT COUNT(*), COUNT(DISTINCT pupil_id) FROM ledger_entries
             WHERE tenant_id = $1 AND kind = 'meal'",
        )
        .bind(tenant.as_str())
        .fetch_one(pool)
        .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    pub async fn run(url: &str, n: usize) -> Result<(), Error> {
        let pool = store::connect(url, 8).await?;
        store::migrate(&pool).await?;
        let started = Instant::now();
        let (tenant, day) = seed(&pool, n).await?;
        eprintln!(
            "seeded {n} pupils in {} ms; closing {day}",
            started.elapsed().as_millis()
        );
        let expected = (i64::try_from(n)?, i64::try_from(n)?);
        let start = Instant::now();
        closure::close_day(&pool, &tenant, day, "bench", Utc::now()).await?;
        let first = start.elapsed();
        let meals = meal_rows(&pool, &tenant.id).await?;
        if meals != expected {
            return Err(
                format!("after the closure: {meals:?} meal rows and pupils, not {n}").into(),
            );
        }
        let start = Instant::now();
        closure::close_day(&pool, &tenant, day, "bench", Utc::now()).await?;
        let second = start.elapsed();
        let meals = meal_rows(&pool, &tenant.id).await?;
        if meals != expected {
            return Err(format!("after the second closure: {meals:?} meal rows and pupils").into());
        }
        let (_, mismatches) = ledger::verify(&pool).await?;
        if !mismatches.is_empty() {
            return Err(format!("{} balances differ from the ledger", mismatches.len()).into());
        }
        let raw = raw_insert(&pool, url.starts_with("sqlite:"), &tenant.id, day, n).await?;
        let ms = |d: Elapsed| d.as_millis().max(1);
        let tenths = ms(first) * 10 / ms(raw);
        println!(
            "| {n} | {} ms | {} | {} ms | {} ms | {}.{}× |",
            ms(first),
            u128::try_from(n)? * 1000 / ms(first),
            ms(second),
            ms(raw),
            tenths / 10,
            tenths % 10
        );
        Ok(())
    }

    /// The same number of rows, raw: a scratch table with the columns, keys and index of
    /// `ledger_entries`, one row per meal just debited (same account and pupil), made before
    /// the clock starts; then one transaction of multi-row INSERTs. Returns its time.
    async fn raw_insert(
        pool: &AnyPool,
        sqlite: bool,
        tenant: &TenantId,
        day: NaiveDate,
        n: usize,
    ) -> Result<Elapsed, Error> {
        sqlx::query(
            "CREATE TABLE bench_raw_ledger (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL REFERENCES tenants (id),
                account_id TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('topup', 'meal', 'fee_issued', 'fee_paid', 'refund', 'correction')),
                amount_cents BIGINT NOT NULL,
                pupil_id TEXT,
                description TEXT NOT NULL,
                reference TEXT,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                UNIQUE (tenant_id, kind, reference),
                FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
                FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id))",
        )
        .execute(pool)
        .await?;
        sqlx::query(
            "CREATE INDEX bench_raw_ledger_account ON bench_raw_ledger (tenant_id, account_id, created_at, id)",
        )
        .execute(pool)
        .await?;
        let at = store::instant_to_db(Utc::now());
        let description = format!("Pasto del {}", app::domain::date::format_date_it(day));
        let rows = sqlx::query(
            "SELECT account_id, pupil_id FROM ledger_entries WHERE tenant_id = $1 AND kind = 'meal'",
        )
        .bind(tenant.as_str())
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let pupil: String = r.try_get(1)?;
            let reference = format!("meal:{pupil}:{}", store::date_to_db(day));
            Ok([store::new_id(), r.try_get(0)?, pupil, reference])
        })
        .collect::<Result<Vec<[String; 4]>, sqlx::Error>>()?;
        // Rows per INSERT, the fastest measured on each engine: through sqlx, SQLite slows
        // down with thousands of parameters in one statement, PostgreSQL does not.
        let per_insert = if sqlite { 50 } else { 500 };
        let start = Instant::now();
        let mut tx = pool.begin().await?;
        for chunk in rows.chunks(per_insert) {
            let mut sql = String::from(
                "INSERT INTO bench_raw_ledger (id, tenant_id, account_id, kind, amount_cents,
                   pupil_id, description, reference, created_at, created_by) VALUES ",
            );
            for i in 0..chunk.len() {
                let p: Vec<String> = (1..=10).map(|k| format!("${}", i * 10 + k)).collect();
                sql.push_str(&format!(
                    "{}({})",
                    if i == 0 { "" } else { ", " },
                    p.join(", ")
                ));
            }
            let mut q = sqlx::query(&sql);
            for [id, account, pupil, reference] in chunk {
                q = q
                    .bind(id)
                    .bind(tenant.as_str())
                    .bind(account)
                    .bind("meal")
                    .bind(-500_i64)
                    .bind(pupil)
                    .bind(&description)
                    .bind(reference)
                    .bind(&at)
                    .bind("bench");
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        let elapsed = start.elapsed();
        let copied = store::count_from_row(
            &sqlx::query("SELECT COUNT(*) FROM bench_raw_ledger")
                .fetch_one(pool)
                .await?,
        )?;
        sqlx::query("DROP TABLE bench_raw_ledger")
            .execute(pool)
            .await?;
        if copied != u64::try_from(n)? {
            return Err(format!("the raw insert wrote {copied} rows, not {n}").into());
        }
        Ok(elapsed)
    }
}
