//! Benchmark (run by `bench/bookings.sh`, not a test): the burst before the cut-off. N
//! families, one pupil each, cancel the next canteen day at once from N distinct sessions,
//! C requests at a time, against the release server on 127.0.0.1; every cancellation must
//! then be in the database.
//!
//! `cutoff_burst prepare <database-url> <N> <sessions-file>`: in an empty database, an Ente
//!   (host 127.0.0.1, Europe/Rome), its canteen, N families and one session each; the file
//!   gets `token<TAB>pupil<TAB>day` per family.
//! `cutoff_burst fire <base-url> <sessions-file> <C>`: sends the cancellations (each at most
//!   30 s, all within 60 s) and prints a markdown row: requests, C, ok, errors, req/s, p50,
//!   p99, elapsed.
//! `cutoff_burst verify <database-url> <N>`: fails unless exactly N bookings are cancelled.

#[path = "support/mod.rs"]
mod support;

#[tokio::main]
async fn main() -> Result<(), bench::Error> {
    const USAGE: &str = "usage: cutoff_burst prepare <database-url> <N> <sessions-file> \
                         | fire <base-url> <sessions-file> <C> | verify <database-url> <N>";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str).ok_or(USAGE);
    match arg(0)? {
        "prepare" => bench::prepare(arg(1)?, arg(2)?.parse()?, arg(3)?).await,
        "fire" => bench::fire(arg(1)?, arg(2)?, arg(3)?.parse()?).await,
        "verify" => bench::verify(arg(1)?, arg(2)?.parse()?).await,
        _ => Err(USAGE.into()),
    }
}

#[allow(clippy::print_stdout)]
mod bench {
    use app::backend::store::registry::RegistryWriter;
    use app::backend::store::{self, sessions, users};
    use chrono::{Duration, Utc};
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Instant;

    use super::support;
    pub use super::support::Error;

    /// The whole burst must be over within this; each request within `REQUEST_TIMEOUT`.
    const DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);
    const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

    pub async fn prepare(url: &str, n: usize, out: &str) -> Result<(), Error> {
        let started = Instant::now();
        let pool = store::connect(url, 8).await?;
        store::migrate(&pool).await?;
        let mut tx = pool.begin().await?;
        let tenant = support::ente(&mut tx).await?;
        let policy = tenant.booking_policy();
        let today = policy.today(Utc::now());
        let day = support::next_canteen_day(today)?;
        if day > today + Duration::days(i64::from(policy.horizon_days)) {
            return Err(format!("{day} is beyond the Ente's booking horizon").into());
        }
        // One school year from today, canteen Monday to Friday, one prepaid service.
        let mut w = RegistryWriter::new(&mut tx, &tenant.id);
        let school = w
            .school("Scuola primaria del Carico", "primaria", "Via del Carico 1")
            .await?;
        let class = w.class(&school, "1ª A", "2026/2027").await?;
        w.school_year(&school, today, today + Duration::days(90))
            .await?;
        w.canteen_weekdays(&school, &support::WEEKDAYS).await?;
        let (service, band) = support::canteen(&mut w, today).await?;
        tx.commit().await?;
        // The families, a thousand per transaction.
        let mut families = Vec::with_capacity(n);
        for first in (0..n).step_by(1000) {
            let mut tx = pool.begin().await?;
            let mut w = RegistryWriter::new(&mut tx, &tenant.id);
            for i in first..n.min(first + 1000) {
                families.push(support::family(&mut w, i, &class, (&service, &band), today).await?);
            }
            tx.commit().await?;
        }
        // The logins last, so that no session has aged when the server starts.
        let now = Utc::now();
        let mut lines = String::new();
        for (cf, pupil) in &families {
            let who = users::Identity {
                fiscal_code: cf,
                given_name: "Genitore",
                family_name: "Benchmark",
                email: None,
            };
            let user = users::record_login(&pool, &tenant.id, &who, now).await?;
            let token = sessions::create(&pool, &tenant.id, &user, "bench", "", now).await?;
            writeln!(lines, "{token}\t{pupil}\t{day}")?;
        }
        std::fs::write(out, lines)?;
        eprintln!(
            "prepared {n} families and sessions in {} ms; cancelling {day}",
            started.elapsed().as_millis()
        );
        Ok(())
    }

    /// What one request came to: its latency when answered, and its error if any.
    type Outcome = (Option<std::time::Duration>, Result<(), String>);

    pub async fn fire(base: &str, file: &str, c: usize) -> Result<(), Error> {
        let jobs: Arc<Vec<(String, String, String)>> = Arc::new(
            std::fs::read_to_string(file)?
                .lines()
                .map(|l| {
                    let mut f = l.split('\t').map(String::from);
                    match (f.next(), f.next(), f.next()) {
                        (Some(t), Some(p), Some(d)) => Ok((t, p, d)),
                        _ => Err(format!("bad line in {file}")),
                    }
                })
                .collect::<Result<_, _>>()?,
        );
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .pool_max_idle_per_host(c)
            .build()?;
        let url = format!("{base}/api/bookings_change");
        let next = Arc::new(AtomicUsize::new(0));
        let start = Instant::now();
        let deadline = tokio::time::Instant::now() + DEADLINE;
        let mut tasks = Vec::new();
        for _ in 0..c {
            let (jobs, next, client, url, origin) = (
                jobs.clone(),
                next.clone(),
                client.clone(),
                url.clone(),
                base.to_string(),
            );
            // Each task takes the next family until none is left.
            tasks.push(tokio::spawn(async move {
                let mut outcomes: Vec<Outcome> = Vec::new();
                while let Some((token, pupil, day)) = jobs.get(next.fetch_add(1, Ordering::Relaxed))
                {
                    if tokio::time::Instant::now() >= deadline {
                        outcomes.push((None, Err("not sent: 60 s deadline".into())));
                        continue;
                    }
                    let sent = Instant::now();
                    let call = async {
                        let res = client
                            .post(&url)
                            .header("origin", &origin)
                            .header("cookie", format!("sportello_sessione={token}"))
                            .form(&[
                                ("pupil_id", pupil.as_str()),
                                ("from", day),
                                ("to", day),
                                ("action", "disdici"),
                            ])
                            .send()
                            .await?;
                        let status = res.status();
                        Ok::<_, reqwest::Error>((status, res.text().await?))
                    };
                    let outcome = match tokio::time::timeout_at(deadline, call).await {
                        Err(_) => Err("unanswered at the 60 s deadline".to_string()),
                        Ok(Err(e)) => Err(e.to_string()),
                        Ok(Ok((s, body))) if s.is_success() && body.contains("disdetto") => Ok(()),
                        Ok(Ok((s, body))) => Err(format!("{s}: {}", body.trim())),
                    };
                    outcomes.push((Some(sent.elapsed()), outcome));
                }
                outcomes
            }));
        }
        let mut outcomes = Vec::with_capacity(jobs.len());
        for t in tasks {
            outcomes.extend(t.await?);
        }
        let elapsed = start.elapsed();
        let ok = outcomes.iter().filter(|(_, r)| r.is_ok()).count();
        let mut errors: BTreeMap<String, usize> = BTreeMap::new();
        for (_, r) in &outcomes {
            if let Err(e) = r {
                *errors.entry(e.chars().take(160).collect()).or_insert(0) += 1;
            }
        }
        for (e, count) in errors.iter().take(5) {
            eprintln!("  {count} × {e}");
        }
        let mut latencies: Vec<u128> = outcomes
            .iter()
            .filter_map(|(l, _)| l.map(|d| d.as_micros()))
            .collect();
        latencies.sort_unstable();
        let percentile = |p: usize| {
            let i = (latencies.len() * p / 100).min(latencies.len().saturating_sub(1));
            latencies.get(i).map_or("-".into(), |us| millis(*us))
        };
        let answered = u128::try_from(latencies.len())?;
        println!(
            "| {} | {c} | {ok} | {} | {} | {} | {} | {}.{} s |",
            jobs.len(),
            jobs.len() - ok,
            answered * 1_000_000 / elapsed.as_micros().max(1),
            percentile(50),
            percentile(99),
            elapsed.as_secs(),
            elapsed.subsec_millis() / 100,
        );
        Ok(())
    }

    /// Microseconds as milliseconds with one decimal (integer arithmetic only).
    fn millis(us: u128) -> String {
        format!("{}.{} ms", us / 1000, us % 1000 / 100)
    }

    pub async fn verify(url: &str, n: usize) -> Result<(), Error> {
        let pool = store::connect(url, 1).await?;
        let row = sqlx::query("SELECT COUNT(*) FROM bookings WHERE status = 'cancelled'")
            .fetch_one(&pool)
            .await?;
        let cancelled = store::count_from_row(&row)?;
        if cancelled != u64::try_from(n)? {
            return Err(format!("{cancelled} cancelled bookings in the database, not {n}").into());
        }
        println!("{cancelled}");
        Ok(())
    }
}
