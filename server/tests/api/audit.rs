//! The audit log as an administrator reads it: staff changes appear with who, what, before
//! and after; filters by person and days; bad filters are explained.

use crate::support::browser::Browser;
use crate::support::{json, spawn_app_with_login};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const LUIGI_ADMIN: &str = "MRNLGU70R10D612W";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";

async fn log(admin: &Browser, person: &str, from: &str, to: &str) -> (u16, Value) {
    let form = [("person", person), ("from", from), ("to", to)];
    json(admin.call("audit_log", &form).await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_changes_are_in_the_audit_log() {
    let app = spawn_app_with_login().await;
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in(LUIGI_ADMIN).await;
    let operator = Browser::new(&app, VALLEVERDE);
    operator.sign_in(ANNA_OPERATOR).await;

    for grant in ["true", "false"] {
        let form = [
            ("fiscal_code", "SPSFNC82D49F839L"),
            ("role", "operator"),
            ("grant", grant),
        ];
        let (status, body) = json(admin.call("staff_change", &form).await).await;
        assert_eq!(status, 200, "{body}");
    }
    let message = [
        ("audience", "tutti"),
        ("school", ""),
        ("service", ""),
        ("family", ""),
        ("title", "Sciopero della mensa"),
        ("body", "Il 10 dicembre la mensa è chiusa."),
    ];
    let (status, body) = json(operator.call("messages_send", &message).await).await;
    assert_eq!(status, 200, "{body}");

    let (status, all) = log(&admin, "", "", "").await;
    assert_eq!(status, 200, "{all}");
    let rows = all["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3, "{all}");
    // Newest first: the message, the revocation, the grant.
    assert_eq!(rows[0]["action"], "Comunicazione inviata");
    assert_eq!(rows[0]["actor"], ANNA_OPERATOR);
    assert_eq!(rows[0]["subject"], "Sciopero della mensa");
    assert_eq!(rows[0]["after"], "3 famiglie");
    assert_eq!(rows[1]["action"], "Ruolo revocato");
    assert_eq!(rows[1]["before"], "Operatore dell'Ente");
    assert_eq!(rows[1]["after"], Value::Null);
    assert_eq!(rows[2]["action"], "Ruolo assegnato");
    assert_eq!(rows[2]["subject"], "SPSFNC82D49F839L");
    assert_eq!(rows[2]["actor"], LUIGI_ADMIN);

    // By person, and by days of the Ente's zone.
    let (_, by_anna) = log(&admin, "gllnna90l47a944n", "", "").await;
    assert_eq!(
        by_anna["rows"].as_array().map(Vec::len),
        Some(1),
        "{by_anna}"
    );
    let zone = crate::support::valleverde(&app).await.time_zone;
    let today = chrono::Utc::now().with_timezone(&zone).date_naive();
    let (day, tomorrow) = (
        today.to_string(),
        (today + chrono::Duration::days(1)).to_string(),
    );
    let (_, today_only) = log(&admin, "", &day, &day).await;
    assert_eq!(today_only["rows"].as_array().map(Vec::len), Some(3));
    let (_, from_tomorrow) = log(&admin, "", &tomorrow, "").await;
    assert_eq!(from_tomorrow["rows"], serde_json::json!([]));

    // Bad filters are explained; the log is the administrators' only.
    let (status, err) = log(&admin, "", &tomorrow, &day).await;
    assert_eq!(status, 400);
    assert_eq!(
        err["BadRequest"],
        "La data iniziale viene dopo quella finale."
    );
    let (status, err) = log(&admin, "", "31/12/2026", "").await;
    assert_eq!(status, 400);
    assert_eq!(
        err["BadRequest"],
        "Data non valida: usa il formato gg/mm/aaaa."
    );
    let (status, _) = log(&operator, "", "", "").await;
    assert_eq!(status, 403);
}
