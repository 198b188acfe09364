//! Tariffe through the server functions: the lists of a service, the preview of a new list
//! on the demo families (the personalised tariff to the cent at every point of its line),
//! saving it (the subscriptions that change band move, the audit log records it), bad
//! input explained with nothing saved, and nobody outside the Ente's staff let in.

use crate::support::browser::Browser;
use crate::support::{json, spawn_app_with_login, MONTECHIARO};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";
const LUIGI_ADMIN: &str = "MRNLGU70R10D612W";
const MARIO: &str = "RSSMRA80A01H501U";
const SARA_MONTECHIARO: &str = "CNTSRA92C55M082A";

/// A day a new list may start: a month from today.
fn next_month() -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string()
}

/// A proposed list as the page posts it: `rows` are (code, kind, ISEE over, ISEE up to,
/// price); `linear` the personalised tariff (ISEE min, max, price min, max), if any.
pub fn draft(
    service: &str,
    valid_from: &str,
    rows: &[(&str, &str, &str, &str, &str)],
    linear: Option<(&str, &str, &str, &str)>,
) -> Vec<(String, String)> {
    let mut form = vec![
        ("service".to_string(), service.to_string()),
        ("valid_from".to_string(), valid_from.to_string()),
    ];
    for (i, (code, kind, over, up_to, price)) in rows.iter().enumerate() {
        for (field, value) in [
            ("code", *code),
            ("label", &format!("Fascia {code}")),
            ("kind", *kind),
            ("isee_min", *over),
            ("isee_max", *up_to),
            ("price", *price),
            ("discount", "50"),
        ] {
            form.push((format!("rows[{i}][{field}]"), value.to_string()));
        }
    }
    if let Some((isee_min, isee_max, price_min, price_max)) = linear {
        for (field, value) in [
            ("enabled", "true"),
            ("isee_min", isee_min),
            ("isee_max", isee_max),
            ("price_min", price_min),
            ("price_max", price_max),
            ("discount", "50"),
        ] {
            form.push((format!("linear[{field}]"), value.to_string()));
        }
    }
    form
}

pub async fn call(b: &Browser, endpoint: &str, form: &[(String, String)]) -> (u16, Value) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    json(b.call(endpoint, &pairs).await).await
}

/// The canteen's id, from the lists as the operator first sees them.
pub async fn canteen(operator: &Browser) -> String {
    let (status, view) = json(operator.call("tariffs_lists", &[("service", "")]).await).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["service_name"], "Refezione Scolastica");
    view["service_id"].as_str().expect("id").to_string()
}

/// Each child's price before and after, in cents, by name.
fn prices(preview: &Value) -> Vec<(String, i64, i64)> {
    let mut out = Vec::new();
    for family in preview["families"].as_array().expect("families") {
        for child in family["children"].as_array().expect("children") {
            out.push((
                child["name"].as_str().expect("name").to_string(),
                child["before"].as_i64().expect("before"),
                child["after"].as_i64().expect("after"),
            ));
        }
    }
    out.sort();
    out
}

fn after(prices: &[(String, i64, i64)], name: &str) -> i64 {
    prices
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|p| p.2)
        .unwrap_or_else(|| panic!("{name} in the preview"))
}

const FULL: (&str, &str, &str, &str, &str) = ("INTERA", "full", "", "", "5,50");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_preview_and_save_a_new_price_list() {
    let app = spawn_app_with_login().await;
    let operator = Browser::new(&app, VALLEVERDE);
    operator.sign_in(ANNA_OPERATOR).await;
    let service = canteen(&operator).await;
    let from = next_month();

    // The current list: the demo's eight bands from 1 September, nothing scheduled.
    let (_, view) = json(
        operator
            .call("tariffs_lists", &[("service", &service)])
            .await,
    )
    .await;
    let lists = view["lists"].as_array().expect("lists");
    assert_eq!(lists.len(), 1, "{view}");
    assert_eq!(lists[0]["current"], true);
    assert_eq!(lists[0]["valid_from"], "01/09/2026");
    assert_eq!(lists[0]["bands"].as_array().map(Vec::len), Some(8));
    assert_eq!(lists[0]["bands"][3]["price"], "3,00\u{a0}€");
    assert_eq!(view["copy"]["rows"][1]["isee_max"], "3000");
    assert_eq!(view["services"].as_array().map(Vec::len), Some(2));

    // Today: Mario's children (ISEE 12.400 €, FASCIA4) pay 4,00 and 2,00 €; Francesca's
    // three (4.150 €, FASCIA2) 2,00, 1,00, 1,00 €; Laura's Sofia (no ISEE) 5,47 €.
    // The personalised tariff puts the demo ISEE values at each point of its line.
    let cases = [
        // ISEE 4.150 at min, 12.400 at max.
        (("4150", "12400", "1", "5"), [100, 50, 50, 500, 250]),
        // 4.150 below min, 12.400 above max.
        (("5000", "10000", "1,20", "4,80"), [120, 60, 60, 480, 240]),
        // Both in between: 1 + 2.150 / 18.000 × 4 = 1,4777… → 1,48 € (siblings 0,74 €);
        // 1 + 10.400 / 18.000 × 4 = 3,3111… → 3,31 € (sibling 1,655 → 1,66 €).
        (("2000", "20000", "1", "5"), [148, 74, 74, 331, 166]),
    ];
    for ((isee_min, isee_max, price_min, price_max), [marco, chiara, matteo, giulia, luca]) in cases
    {
        let form = draft(
            &service,
            &from,
            &[FULL],
            Some((isee_min, isee_max, price_min, price_max)),
        );
        let (status, preview) = call(&operator, "tariffs_preview", &form).await;
        assert_eq!(status, 200, "{preview}");
        let p = prices(&preview);
        assert_eq!(
            p.iter().find(|c| c.0 == "Giulia Rossi").map(|c| c.1),
            Some(400),
            "today's price"
        );
        assert_eq!(
            [
                after(&p, "Marco Esposito"),
                after(&p, "Chiara Esposito"),
                after(&p, "Matteo Esposito"),
                after(&p, "Giulia Rossi"),
                after(&p, "Luca Rossi"),
            ],
            [marco, chiara, matteo, giulia, luca],
            "{isee_min}–{isee_max}"
        );
        assert_eq!(after(&p, "Sofia Conti"), 550, "no ISEE: the full tariff");
        assert_eq!(preview["moved"], 5, "{preview}");
    }

    // An exemption up to 5.000 € takes precedence over the personalised tariff.
    let exempt = draft(
        &service,
        &from,
        &[("ESENTE", "isee", "", "5000", "0"), FULL],
        Some(("2000", "20000", "1", "5")),
    );
    let (status, preview) = call(&operator, "tariffs_preview", &exempt).await;
    assert_eq!(status, 200, "{preview}");
    let p = prices(&preview);
    assert_eq!(after(&p, "Marco Esposito"), 0);
    assert_eq!(after(&p, "Giulia Rossi"), 331);
    let esposito = preview["families"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["guardian"] == "Francesca Esposito"))
        .expect("Esposito");
    assert_eq!(esposito["isee"], "4.150,00\u{a0}€");
    assert_eq!(esposito["children"][0]["rank"], 0);
    assert_eq!(esposito["children"][0]["after_band"], "Fascia ESENTE");

    // Saved: the new list is listed as scheduled, the current one unchanged.
    let (status, saved) = call(&operator, "tariffs_save", &exempt).await;
    assert_eq!(status, 200, "{saved}");
    assert!(saved
        .as_str()
        .expect("message")
        .starts_with("Nuovo listino di Refezione Scolastica salvato"));
    let (_, view) = json(
        operator
            .call("tariffs_lists", &[("service", &service)])
            .await,
    )
    .await;
    let lists = view["lists"].as_array().expect("lists");
    assert_eq!(lists.len(), 2, "{view}");
    assert_eq!(lists[1]["current"], false);
    assert_eq!(lists[1]["bands"].as_array().map(Vec::len), Some(3));
    assert_eq!(lists[1]["bands"][2]["price"], "1,00\u{a0}€ – 5,00\u{a0}€");
    // The copy to edit next is the newest list; a second list from the same day is refused.
    assert_eq!(view["copy"]["linear"]["enabled"], true);
    let (status, err) = call(&operator, "tariffs_save", &exempt).await;
    assert_eq!(status, 400);
    assert!(
        err["BadRequest"]
            .as_str()
            .expect("message")
            .contains("successiva al"),
        "{err}"
    );

    // The meal prices from that day follow: Mario's Giulia pays the personalised tariff.
    let tenant = crate::support::valleverde(&app).await;
    let giulia = crate::support::pupil_id(&app, "RSSGLI18C54H501Z").await;
    let day = chrono::NaiveDate::parse_from_str(&from, "%Y-%m-%d").expect("day");
    let meal = app::backend::store::tariffs::meal_prices(&app.state.ctx.db, &tenant.id, day, None)
        .await
        .expect("prices");
    assert_eq!(meal[&giulia].cents(), 331);
    let today = app::backend::store::tariffs::meal_prices(
        &app.state.ctx.db,
        &tenant.id,
        chrono::Utc::now().date_naive(),
        None,
    )
    .await
    .expect("prices");
    assert_eq!(today[&giulia].cents(), 400);

    // The audit log has the list before and after.
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in(LUIGI_ADMIN).await;
    let (_, log) = json(
        admin
            .call("audit_log", &[("person", ""), ("from", ""), ("to", "")])
            .await,
    )
    .await;
    let entry = &log["rows"][0];
    assert_eq!(entry["action"], "Nuovo listino delle tariffe");
    assert_eq!(entry["actor"], ANNA_OPERATOR);
    assert!(entry["subject"]
        .as_str()
        .expect("subject")
        .starts_with("Refezione Scolastica dal "));
    assert!(entry["before"]
        .as_str()
        .expect("before")
        .contains("FASCIA4 4,00"));
    assert!(
        entry["after"]
            .as_str()
            .expect("after")
            .contains("PERSONALIZZATA 1,00"),
        "{entry}"
    );
    assert!(
        entry["after"]
            .as_str()
            .expect("after")
            .ends_with("cambiano fascia: 5"),
        "{entry}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_lists_are_explained_and_nothing_is_saved() {
    let app = spawn_app_with_login().await;
    let operator = Browser::new(&app, VALLEVERDE);
    operator.sign_in(ANNA_OPERATOR).await;
    let service = canteen(&operator).await;
    let from = next_month();
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM tariff_bands")
            .fetch_one(&app.state.ctx.db)
            .await
            .expect("count")
    };
    let before = count().await;
    let cases: Vec<(Vec<(String, String)>, &str)> = vec![
        (
            draft(
                &service,
                &from,
                &[("F1", "isee", "3000", "1000", "1"), FULL],
                None,
            ),
            "Il limite «ISEE fino a» deve essere maggiore di «ISEE oltre».",
        ),
        (
            draft(
                &service,
                &from,
                &[
                    ("F1", "isee", "", "3000", "1"),
                    ("F2", "isee", "2000", "5000", "2"),
                    FULL,
                ],
                None,
            ),
            "L'intervallo ISEE si sovrappone a quello della fascia F1.",
        ),
        (
            draft(
                &service,
                &from,
                &[("F1", "isee", "", "3000", "-1"), FULL],
                None,
            ),
            "Il prezzo non può essere negativo.",
        ),
        (
            draft(&service, "2026-09-01", &[FULL], None),
            "La decorrenza deve essere una data futura",
        ),
        (
            draft(&service, &from, &[FULL], Some(("9000", "9000", "1", "5"))),
            "L'ISEE massimo deve essere maggiore dell'ISEE minimo.",
        ),
        (
            draft(&service, &from, &[FULL], Some(("2000", "9000", "5", "1"))),
            "Il prezzo massimo non può essere minore del prezzo minimo.",
        ),
    ];
    for (form, message) in &cases {
        for endpoint in ["tariffs_preview", "tariffs_save"] {
            let (status, err) = call(&operator, endpoint, form).await;
            assert_eq!(status, 400, "{endpoint}: {err}");
            let text = err["BadRequest"].as_str().expect("message");
            assert!(text.contains(message), "{endpoint}: {text}");
        }
    }
    let mut discount = draft(&service, &from, &[FULL], None);
    discount.retain(|(k, _)| k != "rows[0][discount]");
    discount.push(("rows[0][discount]".into(), "120".into()));
    let (status, err) = call(&operator, "tariffs_save", &discount).await;
    assert_eq!(status, 400);
    assert!(err["BadRequest"]
        .as_str()
        .expect("message")
        .contains("da 0 a 100"));
    let (status, err) = call(
        &operator,
        "tariffs_save",
        &draft("sconosciuto", &from, &[FULL], None),
    )
    .await;
    assert_eq!(
        (status, err["BadRequest"].as_str()),
        (400, Some("Il servizio indicato non esiste."))
    );
    assert_eq!(count().await, before, "nothing saved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_entes_staff_reach_its_tariffs() {
    let app = spawn_app_with_login().await;
    let operator = Browser::new(&app, VALLEVERDE);
    operator.sign_in(ANNA_OPERATOR).await;
    let service = canteen(&operator).await;
    let form = draft(&service, &next_month(), &[FULL], None);
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in(LUIGI_ADMIN).await;
    let (status, _) = call(&admin, "tariffs_preview", &form).await;
    assert_eq!(status, 200, "an administrator too");

    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;
    let stranger = Browser::new(&app, MONTECHIARO);
    stranger.sign_in(SARA_MONTECHIARO).await;
    for endpoint in ["tariffs_lists", "tariffs_preview", "tariffs_save"] {
        let (status, _) = call(&family, endpoint, &form).await;
        assert_eq!(status, 403, "a family: {endpoint}");
        // Another Ente's staff: Valleverde's service does not exist for them.
        let (status, err) = call(&stranger, endpoint, &form).await;
        assert_eq!(status, 400, "another Ente: {endpoint}: {err}");
        assert_eq!(err["BadRequest"], "Il servizio indicato non esiste.");
    }
    let (status, theirs) = json(stranger.call("tariffs_lists", &[("service", "")]).await).await;
    assert_eq!(status, 200, "{theirs}");
    assert_eq!(
        theirs["services"],
        serde_json::json!([]),
        "their own Ente has none"
    );
    let (_, view) = json(
        operator
            .call("tariffs_lists", &[("service", &service)])
            .await,
    )
    .await;
    assert_eq!(
        view["lists"].as_array().map(Vec::len),
        Some(1),
        "nothing saved by others"
    );
}
