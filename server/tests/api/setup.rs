//! Scuole, classi e servizi through the server functions: the office adds, changes, retires
//! and deletes schools and classes, turns a service's bookings off (families no longer see
//! Prenotazioni for it), an administrator changes the Ente's pagoPA identifiers; a class's
//! canteen weekdays decide its pupils' canteen days in Prenotazioni and in the kitchen's
//! counts; bad input is refused with its sentence and nothing written; every change is in
//! the audit log.

use crate::support::browser::Browser;
use crate::support::{self, json, spawn_app_with_login, MONTECHIARO};
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";
const LUIGI_ADMIN: &str = "MRNLGU70R10D612W";
const SARA_MONTECHIARO: &str = "CNTSRA92C55M082A";
const PRIMARIA: &str = "Scuola primaria Giovanni Pascoli";

async fn call(b: &Browser, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    json(b.call(endpoint, form).await).await
}

async fn view(b: &Browser) -> Value {
    let (status, v) = call(b, "setup_view", &[]).await;
    assert_eq!(status, 200, "{v}");
    v
}

fn school<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {v}"))
}

fn class<'a>(school: &'a Value, name: &str) -> &'a Value {
    school["classes"]
        .as_array()
        .expect("classes")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("class {name} in {school}"))
}

fn id(v: &Value) -> &str {
    v["id"].as_str().expect("id")
}

/// A class form as the page posts it: `days` the boxes ticked ("mon", "wed"…).
fn class_form<'a>(
    id: &'a str,
    school: &'a str,
    name: &'a str,
    year: &'a str,
    days: &[&'a str],
) -> Vec<(String, &'a str)> {
    let mut form = vec![
        ("class[id]".to_string(), id),
        ("class[school]".to_string(), school),
        ("class[name]".to_string(), name),
        ("class[school_year]".to_string(), year),
    ];
    form.extend(days.iter().map(|d| (format!("class[{d}]"), "true")));
    form
}

async fn save_class(b: &Browser, form: &[(String, &str)]) -> (u16, Value) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    call(b, "setup_class", &pairs).await
}

async fn audit_count(app: &support::TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_sets_up_schools_and_classes() {
    let app = spawn_app_with_login().await;
    let office = Browser::new(&app, VALLEVERDE);
    office.sign_in(ANNA_OPERATOR).await;

    let v = view(&office).await;
    assert_eq!(v["schools"].as_array().map(Vec::len), Some(3), "{v}");
    assert_eq!(v["pagopa_editable"], false, "operators only read them");
    assert_eq!(v["pagopa"]["iban"], "IT60X0542811101000000123456");
    let primaria = school(&v, PRIMARIA);
    assert_eq!(primaria["deletable"], false);
    assert_eq!(
        class(primaria, "3ª A")["weekdays_label"],
        "lun, mar, mer, gio, ven"
    );

    // A new school, then its name corrected; a name missing is refused next to its field.
    let new_school = [
        ("school[id]", ""),
        ("school[name]", "Scuola primaria Collodi"),
        ("school[kind]", "primaria"),
        ("school[address]", "Via dei Pini 3, Valleverde"),
    ];
    let (status, said) = call(&office, "setup_school", &new_school).await;
    assert_eq!(status, 200, "{said}");
    let (status, err) = call(
        &office,
        "setup_school",
        &[
            new_school[0],
            ("school[name]", "  "),
            new_school[2],
            new_school[3],
        ],
    )
    .await;
    assert_eq!(
        (status, &err["BadRequest"]),
        (400, &"Scrivi il nome della scuola.".into())
    );
    let (status, err) = call(
        &office,
        "setup_school",
        &[
            new_school[0],
            new_school[1],
            ("school[kind]", "liceo"),
            new_school[3],
        ],
    )
    .await;
    assert_eq!(status, 400, "{err}");
    let v = view(&office).await;
    let collodi = school(&v, "Scuola primaria Collodi");
    let collodi_id = id(collodi).to_string();
    assert_eq!(collodi["deletable"], true);
    let (status, said) = call(
        &office,
        "setup_school",
        &[
            ("school[id]", &collodi_id),
            ("school[name]", "Scuola primaria Carlo Collodi"),
            new_school[2],
            new_school[3],
        ],
    )
    .await;
    assert_eq!(status, 200, "{said}");

    // A class on Monday and Wednesday; the same name in the same year is refused, an empty
    // week too, and a school year written otherwise.
    let mon_wed = class_form("", &collodi_id, "1ª A", "2026/2027", &["mon", "wed"]);
    let (status, said) = save_class(&office, &mon_wed).await;
    assert_eq!(status, 200, "{said}");
    let (status, err) = save_class(&office, &mon_wed).await;
    assert_eq!(status, 400);
    assert_eq!(
        err["BadRequest"],
        "Nella scuola c'è già una classe con questo nome per lo stesso anno scolastico."
    );
    let none = class_form("", &collodi_id, "1ª B", "2026/2027", &[]);
    let (status, err) = save_class(&office, &none).await;
    assert_eq!(status, 400);
    assert_eq!(
        err["BadRequest"],
        "Scegli almeno un giorno di mensa, dal lunedì al sabato."
    );
    let bad_year = class_form("", &collodi_id, "1ª B", "2026/27", &["mon"]);
    let (status, err) = save_class(&office, &bad_year).await;
    assert_eq!(
        (status, &err["BadRequest"]),
        (400, &"Scrivi l'anno scolastico come 2026/2027.".into())
    );
    let sunday = class_form("", &collodi_id, "1ª B", "2026/2027", &["sun"]);
    let (status, err) = save_class(&office, &sunday).await;
    assert_eq!(status, 400, "no Sunday box: {err}");
    let v = view(&office).await;
    let collodi = school(&v, "Scuola primaria Carlo Collodi");
    assert_eq!(
        collodi["classes"].as_array().map(Vec::len),
        Some(1),
        "{collodi}"
    );
    let first_a = class(collodi, "1ª A");
    assert_eq!(first_a["weekdays_label"], "lun, mer");
    assert_eq!(
        first_a["weekdays"],
        serde_json::json!([true, false, true, false, false, false])
    );

    // With a class the school has history: it can be retired, not deleted; retired, it
    // takes no new class and is not offered for enrolment.
    let (status, err) = call(&office, "setup_school_delete", &[("school", &collodi_id)]).await;
    assert_eq!(status, 400);
    assert!(err["BadRequest"]
        .as_str()
        .expect("sentence")
        .contains("Puoi dismetterla"));
    let (status, said) = call(
        &office,
        "setup_school_retire",
        &[("school", &collodi_id), ("retired", "true")],
    )
    .await;
    assert_eq!(status, 200, "{said}");
    let v = view(&office).await;
    assert_eq!(school(&v, "Scuola primaria Carlo Collodi")["retired"], true);
    let another = class_form("", &collodi_id, "2ª A", "2026/2027", &["mon"]);
    let (status, err) = save_class(&office, &another).await;
    assert_eq!(status, 400);
    assert_eq!(
        err["BadRequest"],
        "La scuola è dismessa: non si possono aggiungere classi."
    );
    let tenant = support::valleverde(&app).await;
    let offered = app::backend::store::registry::classes(&app.state.ctx.db, &tenant.id)
        .await
        .expect("classes");
    assert!(
        offered.iter().all(|(_, label)| !label.contains("Collodi")),
        "{offered:?}"
    );
    assert!(offered.iter().any(|(_, label)| label.contains("Pascoli")));

    // A class without pupils may go; one with pupils stays.
    let first_a_id = id(first_a).to_string();
    let (status, said) = call(&office, "setup_class_delete", &[("class", &first_a_id)]).await;
    assert_eq!(status, 200, "{said}");
    let third_a = id(class(school(&v, PRIMARIA), "3ª A")).to_string();
    let (status, err) = call(&office, "setup_class_delete", &[("class", &third_a)]).await;
    assert_eq!(status, 400);
    assert_eq!(
        err["BadRequest"],
        "La classe ha alunni iscritti: non si può eliminare."
    );
    // Now nothing refers to the school: it may be deleted.
    let (status, said) = call(&office, "setup_school_delete", &[("school", &collodi_id)]).await;
    assert_eq!(status, 200, "{said}");
    let v = view(&office).await;
    assert_eq!(v["schools"].as_array().map(Vec::len), Some(3));

    for (action, n) in [
        ("scuola.aggiunta", 1),
        ("scuola.modificata", 1),
        ("scuola.dismessa", 1),
        ("scuola.eliminata", 1),
        ("classe.aggiunta", 1),
        ("classe.eliminata", 1),
    ] {
        assert_eq!(audit_count(&app, action).await, n, "{action}");
    }

    // Another Ente's operator does not find Valleverde's rows.
    let other = Browser::new(&app, MONTECHIARO);
    other.sign_in(SARA_MONTECHIARO).await;
    let primaria_id = id(school(&v, PRIMARIA)).to_string();
    let (status, _) = call(
        &other,
        "setup_school_retire",
        &[("school", &primaria_id), ("retired", "true")],
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = call(&other, "setup_class_delete", &[("class", &third_a)]).await;
    assert_eq!(status, 404);
    let change = class_form(&third_a, &primaria_id, "3ª A", "2026/2027", &["mon"]);
    let (status, _) = save_class(&other, &change).await;
    assert_eq!(status, 404);
    let other_view = view(&other).await;
    assert!(other_view["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .all(|s| s["name"] != PRIMARIA));
}

/// The next `weekday` from tomorrow on when Giulia eats at school (not a holiday).
async fn next(family: &Browser, weekday: Weekday) -> NaiveDate {
    let mut d = Utc::now().date_naive() + Duration::days(1);
    while d.weekday() != weekday || giulia_on(family, d).await != "Present" {
        d += Duration::days(1);
        assert!(
            d < Utc::now().date_naive() + Duration::days(60),
            "a canteen {weekday}"
        );
    }
    d
}

async fn giulia_on(family: &Browser, day: NaiveDate) -> Value {
    let (_, info) = call(family, "bookings_info", &[]).await;
    let giulia = info["pupils"]
        .as_array()
        .expect("pupils")
        .iter()
        .find(|p| p["name"] == "Giulia Rossi")
        .unwrap_or_else(|| panic!("Giulia in {info}"))
        .clone();
    let month = day.format("%Y-%m").to_string();
    let (status, days) = call(
        family,
        "bookings_month",
        &[("pupil_id", id(&giulia)), ("month", &month)],
    )
    .await;
    assert_eq!(status, 200, "{days}");
    days.as_array()
        .expect("days")
        .iter()
        .find(|d| d["date"] == day.format("%Y-%m-%d").to_string())
        .map(|d| d["state"].clone())
        .expect("the day")
}

async fn third_a_meals(office: &Browser, day: NaiveDate) -> i64 {
    let (status, report) = call(
        office,
        "kitchen_report",
        &[("day", &day.format("%Y-%m-%d").to_string())],
    )
    .await;
    assert_eq!(status, 200, "{report}");
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["school"] == PRIMARIA && r["class"] == "3ª A")
        .map(|r| r["count"].as_i64().expect("count"))
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_eats_on_its_canteen_weekdays_only() {
    let app = spawn_app_with_login().await;
    support::school_year_around_today(&app).await;
    let office = Browser::new(&app, VALLEVERDE);
    office.sign_in(ANNA_OPERATOR).await;
    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;
    let (tuesday, wednesday) = (
        next(&family, Weekday::Tue).await,
        next(&family, Weekday::Wed).await,
    );
    assert!(third_a_meals(&office, tuesday).await > 0);

    let v = view(&office).await;
    let primaria = school(&v, PRIMARIA);
    let third_a = class(primaria, "3ª A");
    let form = class_form(
        id(third_a),
        id(primaria),
        "3ª A",
        "2026/2027",
        &["mon", "wed"],
    );
    let (status, said) = save_class(&office, &form).await;
    assert_eq!(status, 200, "{said}");
    assert_eq!(said, "Classe 3ª A (2026/2027) aggiornata: mensa lun, mer.");

    assert_eq!(giulia_on(&family, tuesday).await, "NoService");
    assert_eq!(giulia_on(&family, wednesday).await, "Present");
    assert_eq!(third_a_meals(&office, tuesday).await, 0);
    assert!(third_a_meals(&office, wednesday).await > 0);
    assert_eq!(audit_count(&app, "classe.modificata").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bookings_turned_off_hide_prenotazioni_from_families() {
    let app = spawn_app_with_login().await;
    let office = Browser::new(&app, VALLEVERDE);
    office.sign_in(ANNA_OPERATOR).await;
    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;
    let services = view(&office).await["services"].clone();
    let by_code = |code: &str| {
        services
            .as_array()
            .expect("services")
            .iter()
            .find(|s| s["code"] == code)
            .expect("service")
            .clone()
    };
    let (canteen, transport) = (by_code("REFEZIONE"), by_code("TRASPORTO"));
    assert_eq!(
        (&canteen["bookings_enabled"], &transport["bookings_enabled"]),
        (&true.into(), &false.into())
    );
    let bookable = |home: &Value| {
        home["pupils"]
            .as_array()
            .expect("pupils")
            .iter()
            .filter(|p| p["bookable"] == true)
            .count()
    };
    let (_, home) = call(&family, "personal_home", &[]).await;
    assert_eq!(bookable(&home), 2);

    // Bookings off: the canteen's pupils leave Prenotazioni.
    let off = [
        ("service[id]", id(&canteen)),
        ("service[name]", "Refezione Scolastica"),
        ("service[taxonomy]", "9/0201102IM/"),
    ];
    let (status, said) = call(&office, "setup_service", &off).await;
    assert_eq!(status, 200, "{said}");
    let (_, home) = call(&family, "personal_home", &[]).await;
    assert_eq!(bookable(&home), 0, "{home}");
    let (_, info) = call(&family, "bookings_info", &[]).await;
    assert_eq!(info["pupils"], serde_json::json!([]));

    // Back on; a transport with bookings, or a taxonomy of another shape, is refused.
    let on = [off[0], off[1], off[2], ("service[bookings]", "true")];
    let (status, _) = call(&office, "setup_service", &on).await;
    assert_eq!(status, 200);
    let (_, home) = call(&family, "personal_home", &[]).await;
    assert_eq!(bookable(&home), 2);
    let transport_on = [
        ("service[id]", id(&transport)),
        ("service[name]", "Trasporto Scolastico"),
        ("service[taxonomy]", "9/0201103IM/"),
        ("service[bookings]", "true"),
    ];
    let (status, err) = call(&office, "setup_service", &transport_on).await;
    assert_eq!(status, 400);
    assert_eq!(
        err["BadRequest"],
        "Le prenotazioni si attivano solo per i servizi prepagati, come la mensa."
    );
    let (status, err) = call(
        &office,
        "setup_service",
        &[off[0], off[1], ("service[taxonomy]", "0201102IM")],
    )
    .await;
    assert_eq!(status, 400);
    assert!(err["BadRequest"]
        .as_str()
        .expect("sentence")
        .starts_with("Scrivi la tassonomia pagoPA"));

    // A new service with its own code; the same code twice is refused.
    let new = [
        ("service[id]", ""),
        ("service[code]", "PRESCUOLA"),
        ("service[name]", "Pre-scuola"),
        ("service[billing_mode]", "invoiced"),
        ("service[taxonomy]", "9/0201104IM/"),
    ];
    let (status, said) = call(&office, "setup_service", &new).await;
    assert_eq!(status, 200, "{said}");
    let (status, err) = call(&office, "setup_service", &new).await;
    assert_eq!(
        (status, &err["BadRequest"]),
        (400, &"Esiste già un servizio con questo codice.".into())
    );
    assert_eq!(audit_count(&app, "servizio.modificato").await, 2);
    assert_eq!(audit_count(&app, "servizio.aggiunto").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_administrators_change_the_entes_pagopa_identifiers() {
    let app = spawn_app_with_login().await;
    let operator = Browser::new(&app, VALLEVERDE);
    operator.sign_in(ANNA_OPERATOR).await;
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in(LUIGI_ADMIN).await;
    let form = |iban: &'static str, cbill: &'static str, code: &'static str| {
        [
            ("pagopa[iban]", iban),
            ("pagopa[cbill]", cbill),
            ("pagopa[segregation_code]", code),
        ]
    };
    // A valid IBAN of another Italian account (the check digits are right).
    let good = form("IT 42 L 12345 12345 123456789012", "B2C3D", "07");
    let (status, _) = call(&operator, "setup_pagopa", &good).await;
    assert_eq!(status, 403);
    assert_eq!(view(&admin).await["pagopa_editable"], true);

    for (bad, sentence) in [
        (
            form("IT60X0542811101000000123457", "A1B2C", "02"),
            "L'IBAN non è corretto: le cifre di controllo non corrispondono. Ricontrollalo.",
        ),
        (
            form("DE89370400440532013000", "A1B2C", "02"),
            "L'IBAN deve essere italiano: IT seguito da 25 lettere e cifre.",
        ),
        (
            form("IT60X0542811101000000123456", "A1B", "02"),
            "Il codice CBILL è di 5 lettere o cifre (per esempio A1B2C).",
        ),
        (
            form("IT60X0542811101000000123456", "A1B2C", "2"),
            "Il codice di segregazione pagoPA è di due cifre (00–99).",
        ),
    ] {
        let (status, err) = call(&admin, "setup_pagopa", &bad).await;
        assert_eq!((status, err["BadRequest"].as_str()), (400, Some(sentence)));
    }
    let (status, said) = call(&admin, "setup_pagopa", &good).await;
    assert_eq!(status, 200, "{said}");
    let tenant = support::valleverde(&app).await;
    assert_eq!(tenant.iban.as_deref(), Some("IT42L1234512345123456789012"));
    assert_eq!(tenant.cbill.as_deref(), Some("B2C3D"));
    assert_eq!(tenant.segregation_code.to_string(), "07");
    assert_eq!(
        view(&operator).await["pagopa"]["iban"],
        "IT42L1234512345123456789012"
    );
    assert_eq!(audit_count(&app, "ente.dati-pagopa").await, 1);
}
