//! Random requests to every server function, as nobody, a family and an operator: whatever
//! the client sends, the portal answers without a 5xx, a refused request writes nothing, and
//! the ledger still balances, and nothing panicked anywhere (a handler, a job, a library). The functions and their argument names are read from the
//! source (`app/src/api`), so a new function is fuzzed without touching this file.
//! `SPORTELLO_FUZZ_ROUNDS` (default 8) sets the requests per function and caller.

use crate::support::browser::Browser;
use crate::support::spawn_app_with_payments;
use std::collections::BTreeMap;
use std::sync::Mutex;

const VALLEVERDE: &str = "127.0.0.1";

/// A server function as declared: its endpoint and its arguments (name, type).
#[derive(Debug)]
struct Declared {
    endpoint: String,
    args: Vec<(String, String)>,
}

/// Every `#[server(endpoint = "…")]` of `app/src/api` with its arguments.
fn declared_functions() -> Vec<Declared> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/api");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("app/src/api") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        for chunk in text.split("#[server(endpoint = \"").skip(1) {
            let endpoint = chunk.split('"').next().unwrap_or_default().to_string();
            let signature = chunk
                .split_once("pub async fn ")
                .and_then(|(_, rest)| rest.split_once('('))
                .map(|(_, rest)| rest)
                .unwrap_or_default();
            found.push(Declared {
                endpoint,
                args: arguments(signature),
            });
        }
    }
    found
}

/// The `name: Type` pairs of a parameter list, up to its closing parenthesis.
fn arguments(signature: &str) -> Vec<(String, String)> {
    let (mut depth, mut current, mut params) = (0i32, String::new(), Vec::new());
    for c in signature.chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' if depth == 0 => break,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                params.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    params.push(current);
    params
        .iter()
        .filter_map(|p| {
            let p = p.trim().trim_start_matches("#[server(default)]").trim();
            let (name, ty) = p.split_once(':')?;
            Some((name.trim().to_string(), ty.trim().to_string()))
        })
        .collect()
}

/// A small fixed-seed generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap_or(1)).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Values that break parsers: empty, huge, out of range, wrong shape, hostile text.
fn value(rng: &mut Rng, ty: &str) -> String {
    const ANY: &[&str] = &[
        "",
        " ",
        "0",
        "-1",
        "1",
        "99999999999999999999",
        "1,5",
        "20,00",
        "-0,01",
        "1e309",
        "2026-12-01",
        "2026-02-30",
        "0000-00-00",
        "2026-13",
        "31/12/2026",
        "true",
        "null",
        "0192f3a4-5b6c-7d8e-9f00-112233445566",
        "0192F3A4-5B6C-7D8E-9F00-11223344556",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "\u{0}",
        "àèìòù 🍝 ﷽",
        "RSSMRA80A01H501U",
        "{\"a\":[1,2]}",
    ];
    const TYPED: &[(&str, &[&str])] = &[
        ("bool", &["true", "false", "on", "1", "sì"]),
        (
            "Day",
            &["2026-12-01", "2027-02-15", "2026-02-29", "1900-01-01"],
        ),
        ("Month", &["2026-12", "2027-01", "2026-00"]),
    ];
    if rng.below(12) == 0 {
        return "x".repeat(70_000);
    }
    if rng.below(2) == 0 {
        if let Some((_, values)) = TYPED.iter().find(|(t, _)| ty.contains(t)) {
            return rng.pick(values).to_string();
        }
    }
    rng.pick(ANY).to_string()
}

/// One generated form: the declared arguments (some left out, lists and records as nested
/// keys), sometimes a field nobody declared.
fn form(rng: &mut Rng, args: &[(String, String)]) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for (name, ty) in args {
        if rng.below(6) == 0 {
            continue;
        }
        let key = match rng.below(5) {
            0 if ty.starts_with("Vec") => format!("{name}[{}]", rng.below(3)),
            1 => format!("{name}[{}]", rng.pick(&["code", "0", "x", "cutoff"])),
            _ => name.clone(),
        };
        fields.push((key, value(rng, ty)));
    }
    if rng.below(5) == 0 {
        fields.push((
            rng.pick(&["id", "extra", "a[b][c]", "__proto__"]).into(),
            "1".into(),
        ));
    }
    fields
}

/// Rows per table: a refused request must leave every count as it was.
async fn row_counts(pool: &sqlx::AnyPool, tables: &[String]) -> BTreeMap<String, i64> {
    use sqlx::Row;
    let sql = tables
        .iter()
        .map(|t| format!("SELECT '{t}' AS t, COUNT(*) AS n FROM {t}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    sqlx::query(&sql)
        .fetch_all(pool)
        .await
        .expect("counts")
        .iter()
        .map(|r| (r.get::<String, _>("t"), r.get::<i64, _>("n")))
        .collect()
}

/// Panics outside the test code (whose failed assertions are panics too), as the hook saw
/// them: a panic in a spawned task never reaches the answer, so the status cannot tell.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn watch_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info.location().map_or("", |l| l.file());
        if !place.contains("tests/") {
            if let Ok(mut panics) = PANICS.lock() {
                panics.push(format!("{place}: {info}"));
            }
        }
        previous(info);
    }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_requests_never_get_a_server_error() {
    watch_panics();
    let app = spawn_app_with_payments().await;
    let rounds: usize = std::env::var("SPORTELLO_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(8);
    let functions = declared_functions();
    let registered = leptos::server_fn::axum::server_fn_paths().count();
    assert_eq!(
        functions.len(),
        registered,
        "every registered function is read from the source"
    );
    let anonymous = Browser::new(&app, VALLEVERDE);
    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in("RSSMRA80A01H501U").await;
    let operator = Browser::new(&app, VALLEVERDE);
    operator.sign_in("GLLNNA90L47A944N").await;
    let pool = &app.state.ctx.db;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'",
    )
    .fetch_all(pool)
    .await
    .expect("tables");
    assert!(tables.len() > 30, "{tables:?}");

    let mut rng = Rng(0x5EED_F00D_5B0A_7E11);
    let mut histogram: BTreeMap<u16, usize> = BTreeMap::new();
    let started = std::time::Instant::now();
    for f in &functions {
        for caller in [&anonymous, &family, &operator] {
            for _ in 0..rounds {
                let before = row_counts(pool, &tables).await;
                let res = if rng.below(12) == 0 {
                    // The arguments as JSON, nested a level too deep or as they are.
                    let fields = form(&mut rng, &f.args);
                    let nested = rng.below(2) == 0;
                    let body: serde_json::Map<String, serde_json::Value> = fields
                        .into_iter()
                        .map(|(k, v)| {
                            let v = serde_json::Value::String(v);
                            (
                                k,
                                if nested {
                                    serde_json::json!({ "0": [v] })
                                } else {
                                    v
                                },
                            )
                        })
                        .collect();
                    let body = serde_json::to_vec(&body).unwrap_or_default();
                    caller.call_raw(&f.endpoint, "application/json", body).await
                } else if rng.below(8) == 0 {
                    let bytes: Vec<u8> = (0..rng.below(64))
                        .map(|_| (rng.next() >> 56) as u8)
                        .collect();
                    let kind = rng.pick(&[
                        "application/x-www-form-urlencoded",
                        "text/plain",
                        "application/cbor",
                        "application/json",
                    ]);
                    caller.call_raw(&f.endpoint, kind, bytes).await
                } else {
                    let fields = form(&mut rng, &f.args);
                    let fields: Vec<(&str, &str)> = fields
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    caller.call(&f.endpoint, &fields).await
                };
                let status = res.status().as_u16();
                let body = res.text().await.unwrap_or_default();
                *histogram.entry(status).or_default() += 1;
                assert!(status < 500, "{} → {status}: {body}", f.endpoint);
                if status >= 400 {
                    let after = row_counts(pool, &tables).await;
                    assert_eq!(before, after, "{} refused ({status}) but wrote", f.endpoint);
                }
            }
        }
    }
    let (accounts, mismatches) = app::backend::store::payments::ledger::verify(pool)
        .await
        .expect("verify");
    assert!(accounts > 0 && mismatches.is_empty(), "{mismatches:?}");
    let panics = PANICS.lock().map(|p| p.clone()).unwrap_or_default();
    assert!(panics.is_empty(), "panics: {panics:#?}");
    let total: usize = histogram.values().sum();
    eprintln!(
        "fuzz: {total} requests to {} functions in {:.1} s, by status {histogram:?}",
        functions.len(),
        started.elapsed().as_secs_f64()
    );
}
