//! The `sportello` binary: clear failures and the tenant commands.

use std::process::Command;

fn sportello(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sportello"));
    cmd.current_dir(dir)
        .env("SPORTELLO_CONFIG", "missing.toml")
        .env("SPORTELLO_DATA_DIR", dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    cmd
}

#[test]
fn a_database_that_cannot_be_opened_is_one_clear_line() {
    let dir = tempfile::tempdir().expect("dir");
    let out = sportello(dir.path())
        .env(
            "DATABASE_URL",
            "postgres://sportello:secret@127.0.0.1:1/sportello",
        )
        .arg("migrate")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with(
            "sportello: cannot open database postgres://sportello:***@127.0.0.1:1/sportello: "
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"), "the password stays secret");

    let out = sportello(dir.path())
        .env("DATABASE_URL", "mysql://x/y")
        .arg("migrate")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported scheme"));
}

#[test]
fn tenants_are_added_and_listed_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let add = |args: &[&str]| {
        sportello(dir.path())
            .args(["tenant", "add"])
            .args(args)
            .output()
            .expect("run")
    };
    let out = add(&[
        "--name",
        "Comune di Prova",
        "--fiscal-code",
        "80003170661",
        "--address",
        "Via Roma 1",
        "--segregation-code",
        "07",
        "--host",
        "prova.example.it",
        "--host",
        "www.prova.example.it",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ente creato: Comune di Prova"));

    let out = add(&[
        "--name",
        "Altro",
        "--fiscal-code",
        "80003170662",
        "--address",
        "x",
        "--segregation-code",
        "07",
        "--host",
        "a.it",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fiscal-code"));

    let out = add(&[
        "--name",
        "Altro",
        "--fiscal-code",
        "82012345672",
        "--address",
        "x",
        "--segregation-code",
        "08",
        "--host",
        "prova.example.it",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already belongs to another Ente"));

    let out = sportello(dir.path())
        .args(["tenant", "list"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Comune di Prova\t80003170661\t07\tprova.example.it, www.prova.example.it"),
        "{stdout}"
    );
    assert!(!stdout.contains("Altro"), "failed additions wrote nothing");
}

/// Kills the server if the test fails before it stopped it.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serves_and_shuts_down_gracefully_on_sigterm() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("free port")
        .local_addr()
        .expect("addr")
        .port();
    let mut server = Running(
        sportello(dir.path())
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "info")
            .args(["serve", "--seed-demo"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start"),
    );
    let child = &mut server.0;
    let deadline = Instant::now() + Duration::from_secs(30);
    let health = loop {
        if let Ok(mut conn) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            conn.write_all(
                b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            )
            .expect("write");
            let mut answer = String::new();
            conn.read_to_string(&mut answer).expect("read");
            break answer;
        }
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "no exit within 10 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let mut logs = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut logs)
        .expect("logs");
    assert!(
        logs.contains("shutting down: finishing requests in flight"),
        "{logs}"
    );
}

#[test]
fn staff_roles_are_granted_revoked_and_listed_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| {
        let out = sportello(dir.path()).args(args).output().expect("run");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    assert!(run(&["demo", "seed"]).0);
    let ente = "82012345672";
    let (ok, out, err) = run(&["user", "grant", "--ente", ente, "spsfnc82d49f839l", "admin"]);
    assert!(ok, "{err}");
    assert!(out.contains("SPSFNC82D49F839L: admin granted"), "{out}");
    let (ok, out, _) = run(&["user", "grant", "--ente", ente, "SPSFNC82D49F839L", "admin"]);
    assert!(ok && out.contains("already granted"), "{out}");
    let (_, list, _) = run(&["user", "list", "--ente", ente]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("SPSFNC82D49F839L\tadmin")),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.starts_with("GLLNNA90L47A944N\toperator")),
        "{list}"
    );
    let (ok, out, _) = run(&[
        "user",
        "revoke",
        "--ente",
        ente,
        "SPSFNC82D49F839L",
        "admin",
    ]);
    assert!(ok && out.contains("revoked"), "{out}");
    let (_, list, _) = run(&["user", "list", "--ente", ente]);
    assert!(!list.contains("SPSFNC82D49F839L"), "{list}");

    // Clear refusals: a wrong fiscal code, a role that is not granted, an unknown Ente.
    let (ok, _, err) = run(&[
        "user",
        "grant",
        "--ente",
        ente,
        "SPSFNC82D49F839X",
        "operator",
    ]);
    assert!(!ok && err.contains("carattere di controllo"), "{err}");
    let (ok, _, err) = run(&[
        "user",
        "grant",
        "--ente",
        ente,
        "SPSFNC82D49F839L",
        "family",
    ]);
    assert!(!ok && err.contains("operator or admin"), "{err}");
    let (ok, _, err) = run(&[
        "user",
        "grant",
        "--ente",
        "80003170661",
        "SPSFNC82D49F839L",
        "operator",
    ]);
    assert!(!ok && err.contains("no Ente"), "{err}");
}

#[test]
fn ledger_verify_finds_a_tampered_balance() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| sportello(dir.path()).args(args).output().expect("run");
    assert!(run(&["demo", "seed"]).status.success());
    let ok = run(&["ledger", "verify"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("ledger ok: "));

    // An operator's correction is a movement of its own; verify still agrees.
    let fix = run(&[
        "ledger",
        "correct",
        "--ente",
        "82012345672",
        "--tutore",
        "RSSMRA80A01H501U",
        "--service",
        "REFEZIONE",
        "--amount",
        "-3,50",
        "--reason",
        "Pasto non disdetto per errore",
    ]);
    assert!(
        fix.status.success(),
        "{}",
        String::from_utf8_lossy(&fix.stderr)
    );
    assert!(
        String::from_utf8_lossy(&fix.stdout).contains("the balance is now -3,50"),
        "{} {}",
        String::from_utf8_lossy(&fix.stdout),
        String::from_utf8_lossy(&fix.stderr)
    );
    let no_reason = run(&[
        "ledger",
        "correct",
        "--ente",
        "82012345672",
        "--tutore",
        "RSSMRA80A01H501U",
        "--service",
        "REFEZIONE",
        "--amount",
        "1",
        "--reason",
        "",
    ]);
    assert!(!no_reason.status.success());
    assert!(run(&["ledger", "verify"]).status.success());

    // Someone edits a cached balance behind the ledger's back: verify says so and fails.
    let db = dir.path().join("sportello.db");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let pool = app::backend::store::connect(&format!("sqlite://{}", db.display()), 1)
            .await
            .expect("db");
        sqlx::query("UPDATE accounts SET balance_cents = balance_cents + 1234")
            .execute(&pool)
            .await
            .expect("tamper");
    });
    let bad = run(&["ledger", "verify"]);
    assert!(!bad.status.success());
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(
        out.contains("cached balance 8,84\u{a0}€ but the ledger sums to -3,50\u{a0}€"),
        "{out}"
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("1 of 1 accounts differ"));
}

#[test]
fn a_canteen_day_is_closed_once_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| sportello(dir.path()).args(args).output().expect("run");
    assert!(run(&["demo", "seed"]).status.success());
    let close = [
        "day",
        "close",
        "--ente",
        "82012345672",
        "--date",
        "2026-12-01",
    ];
    let first = run(&close);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let out = String::from_utf8_lossy(&first.stdout).to_string();
    assert!(
        out.starts_with("2026-12-01: 6 present, 6 meals debited, 0 already debited"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("Scuola primaria Giovanni Pascoli")),
        "{out}"
    );
    let second = run(&close);
    assert!(String::from_utf8_lossy(&second.stdout)
        .starts_with("2026-12-01: 6 present, 0 meals debited, 6 already debited"));
    assert!(run(&["ledger", "verify"]).status.success());
    let bad = run(&[
        "day",
        "close",
        "--ente",
        "82012345672",
        "--date",
        "1 dicembre",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("write YYYY-MM-DD"));
}

#[test]
fn the_canteen_calendar_menus_and_settings_are_edited_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| sportello(dir.path()).args(args).output().expect("run");
    let ok = |args: &[&str]| {
        let out = run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let refused = |args: &[&str]| {
        let out = run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    fn with<'a>(rest: &[&'a str]) -> Vec<&'a str> {
        [&["canteen", "--ente", "82012345672"][..], rest].concat()
    }
    ok(&["demo", "seed"]);
    let show = ok(&with(&["show"]));
    let primaria = show
        .lines()
        .find(|l| l.contains("Scuola primaria Giovanni Pascoli"))
        .and_then(|l| l.split('\t').next())
        .and_then(|s| s.strip_prefix("school "))
        .expect("school id")
        .to_string();
    let class_id = show
        .lines()
        .find(|l| l.contains("3ª B"))
        .and_then(|l| l.split('\t').nth(2))
        .and_then(|s| s.strip_prefix("class "))
        .expect("class id")
        .to_string();

    // A strike closes the whole Ente on Tuesday 1 December: nobody eats.
    ok(&with(&[
        "close",
        "--from",
        "2026-12-01",
        "--reason",
        "Sciopero del personale",
    ]));
    assert!(
        ok(&with(&["show"])).contains("closure 2026-12-01\ttutto l'Ente\tSciopero del personale")
    );
    assert!(ok(&[
        "day",
        "close",
        "--ente",
        "82012345672",
        "--date",
        "2026-12-01"
    ])
    .starts_with("2026-12-01: 0 present"));
    // Closed (debited) days cannot change any more; open ones can.
    ok(&[
        "day",
        "close",
        "--ente",
        "82012345672",
        "--date",
        "2026-12-02",
    ]);
    assert!(
        refused(&with(&["close", "--from", "2026-12-02", "--reason", "x"]))
            .contains("già stato chiuso")
    );
    ok(&with(&[
        "close",
        "--from",
        "2026-12-10",
        "--to",
        "2026-12-11",
        "--school",
        &primaria,
        "--reason",
        "Gita",
    ]));
    assert!(ok(&with(&["show"]))
        .contains("closure 2026-12-10..2026-12-11\tScuola primaria Giovanni Pascoli\tGita"));
    assert!(ok(&with(&[
        "reopen",
        "--date",
        "2026-12-10",
        "--school",
        &primaria
    ]))
    .contains("reopened"));
    assert!(refused(&with(&[
        "close",
        "--from",
        "2026-12-12",
        "--to",
        "2026-12-10",
        "--reason",
        "x"
    ]))
    .contains("viene prima"));

    // Canteen weekdays of a class, and settings.
    ok(&with(&["weekdays", "--class", &class_id, "--days", "2,4"]));
    assert!(ok(&with(&["show"]))
        .lines()
        .any(|l| l.contains("3ª B") && l.ends_with("weekdays 2,4")));
    assert!(
        refused(&with(&["weekdays", "--class", &class_id, "--days", "8"])).contains("weekdays")
    );
    ok(&with(&[
        "settings",
        "--cutoff",
        "09:00",
        "--horizon-days",
        "15",
        "--charge-late-absence",
        "no",
        "--negative-limit",
        "30",
    ]));
    assert!(refused(&with(&["settings", "--cutoff", "nove"])).contains("HH:MM"));

    // A menu from a file; a malformed one is refused whole.
    let menu = dir.path().join("menu.json");
    std::fs::write(
        &menu,
        r#"{"name":"Primavera","weeks":1,"days":[{"week":1,"weekday":1,"dishes":["Pasta al pesto","Frutta"]}]}"#,
    )
    .expect("write");
    let path = menu.to_str().expect("path").to_string();
    assert!(ok(&with(&[
        "menu",
        "--school",
        &primaria,
        "--from",
        "2027-03-01",
        "--file",
        &path
    ]))
    .contains("Primavera"));
    std::fs::write(&menu, r#"{"name":"Rotto","weeks":9,"days":[]}"#).expect("write");
    assert!(refused(&with(&[
        "menu",
        "--school",
        &primaria,
        "--from",
        "2027-03-01",
        "--file",
        &path
    ]))
    .contains("settimane"));
}

#[test]
fn the_yearly_certificates_are_published_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| sportello(dir.path()).args(args).output().expect("run");
    assert!(run(&["demo", "seed"]).status.success());
    let out = run(&[
        "tax-certificates",
        "--ente",
        "82012345672",
        "--year",
        "2025",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "2025: 0 certificates for 0 families, 0 new messages"
    );
    let bad = run(&["tax-certificates", "--ente", "82012345672", "--year", "25"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("a calendar year"));
}

#[test]
fn an_ente_publishes_a_new_version_of_a_form_from_json() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| sportello(dir.path()).args(args).output().expect("run");
    assert!(run(&["demo", "seed"]).status.success());
    let file = dir.path().join("mensa-estiva.json");
    std::fs::write(
        &file,
        r#"{"code":"centro-estivo","version":0,"title":"Iscrizione al centro estivo","intro":"Luglio 2027",
            "sections":[{"title":"Alunno","fields":[
              {"name":"alunno","label":"Alunno","kind":{"type":"pupil"},"required":true},
              {"name":"settimane","label":"Settimane","kind":{"type":"number","min":1,"max":4},"required":true}]}]}"#,
    )
    .expect("write");
    let path = file.to_str().expect("path");
    for expected in ["version 1", "version 2"] {
        let out = run(&["form", "--ente", "82012345672", "--file", path]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains(expected));
    }
    // A broken definition is refused whole.
    std::fs::write(
        &file,
        r#"{"code":"rotto","version":1,"title":"Rotto","sections":[{"title":"A","fields":[
              {"name":"x","label":"X","kind":{"type":"choice","options":[]}}]}]}"#,
    )
    .expect("write");
    let out = run(&["form", "--ente", "82012345672", "--file", path]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("configurazione non valida"));
}
