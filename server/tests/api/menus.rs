//! Menù through the server functions: the office sees a school's menu and saves a new
//! version from a date (the family sees the new dish in Prenotazioni, with the diet's
//! variant), bad input is refused with its sentence and nothing saved, and nobody outside
//! the Ente's staff is let in.

use crate::support::browser::Browser;
use crate::support::{self, json, spawn_app_with_login, MONTECHIARO};
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";
const SARA_MONTECHIARO: &str = "CNTSRA92C55M082A";
const PRIMARIA: &str = "Scuola primaria Giovanni Pascoli";

async fn call(b: &Browser, endpoint: &str, form: &[(String, String)]) -> (u16, Value) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    json(b.call(endpoint, &pairs).await).await
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The draft the editor starts from, posted back as the page would, with `change` applied
/// to its fields (by name).
fn form_of(school: &str, draft: &Value, change: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = pairs(&[
        ("school", school),
        (
            "menu[valid_from]",
            draft["valid_from"].as_str().expect("date"),
        ),
        ("menu[name]", draft["name"].as_str().expect("name")),
    ]);
    form.push(("menu[weeks]".into(), draft["weeks"].to_string()));
    for (i, cell) in draft["cells"].as_array().expect("cells").iter().enumerate() {
        form.push((format!("menu[cells][{i}][week]"), cell["week"].to_string()));
        form.push((
            format!("menu[cells][{i}][weekday]"),
            cell["weekday"].to_string(),
        ));
        form.push((
            format!("menu[cells][{i}][dishes]"),
            cell["dishes"].as_str().expect("dishes").to_string(),
        ));
        for (n, v) in cell["variants"]
            .as_array()
            .expect("variants")
            .iter()
            .enumerate()
        {
            form.push((
                format!("menu[cells][{i}][variants][{n}]"),
                v.as_str().expect("variant").to_string(),
            ));
        }
    }
    for (name, value) in change {
        match form.iter_mut().find(|(k, _)| k == name) {
            Some(field) => field.1 = value.to_string(),
            None => form.push((name.to_string(), value.to_string())),
        }
    }
    form
}

/// Giulia's dishes on `day`.
async fn giulia_menu(family: &Browser, day: NaiveDate) -> Value {
    let (_, info) = call(family, "bookings_info", &[]).await;
    let giulia = info["pupils"]
        .as_array()
        .expect("pupils")
        .iter()
        .find(|p| p["name"] == "Giulia Rossi")
        .expect("Giulia")
        .clone();
    let month = day.format("%Y-%m").to_string();
    let (_, days) = call(
        family,
        "bookings_month",
        &pairs(&[
            ("pupil_id", giulia["id"].as_str().expect("id")),
            ("month", &month),
        ]),
    )
    .await;
    days.as_array()
        .expect("days")
        .iter()
        .find(|d| d["date"] == day.format("%Y-%m-%d").to_string())
        .map(|d| d["menu"].clone())
        .expect("the day")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_menu_version_reaches_the_families_from_its_date() {
    let app = spawn_app_with_login().await;
    support::school_year_around_today(&app).await;
    let office = Browser::new(&app, VALLEVERDE);
    office.sign_in(ANNA_OPERATOR).await;
    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;

    let (status, first) = call(&office, "menus_view", &[]).await;
    assert_eq!(status, 200, "{first}");
    let school = first["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .find(|s| s[1] == PRIMARIA)
        .map(|s| s[0].as_str().expect("id").to_string())
        .expect("Pascoli");
    let (_, v) = call(&office, "menus_view", &pairs(&[("school", &school)])).await;
    assert_eq!(v["school_name"], PRIMARIA);
    assert_eq!(v["versions"][0]["current"], true, "{v}");
    assert_eq!(v["versions"][0]["weeks"], 4);
    let draft = &v["draft"];
    assert_eq!(draft["weeks"], 4);
    assert_eq!(
        draft["cells"].as_array().map(Vec::len),
        Some(20),
        "4 weeks × Monday–Friday"
    );

    // A Monday far enough ahead, not a holiday for Giulia: the week of the cycle it falls in
    // counts from the new version's own first Monday, which is that day.
    let mut monday = Utc::now().date_naive() + Duration::days(7);
    while monday.weekday() != Weekday::Mon {
        monday += Duration::days(1);
    }
    while giulia_menu(&family, monday).await.is_null() {
        monday += Duration::days(7);
        assert!(
            monday < Utc::now().date_naive() + Duration::days(100),
            "a canteen Monday"
        );
    }
    let from = monday.to_string();
    let form = form_of(
        &school,
        draft,
        &[
            ("menu[valid_from]", &from),
            ("menu[name]", "Menù di primavera"),
            ("menu[cells][0][dishes]", "Risotto alla zucca\nFrutta"),
            (
                "menu[cells][0][variants][0]",
                "Risotto alla zucca (senza glutine)",
            ),
        ],
    );
    let (status, said) = call(&office, "menus_save", &form).await;
    assert_eq!(status, 200, "{said}");
    assert_eq!(
        said,
        format!(
            "Menù «Menù di primavera» salvato: vale dal {}.",
            monday.format("%d/%m/%Y")
        )
    );
    let menu = giulia_menu(&family, monday).await;
    assert_eq!(
        menu["dishes"],
        serde_json::json!(["Risotto alla zucca", "Frutta"]),
        "{menu}"
    );
    let (_, v) = call(&office, "menus_view", &pairs(&[("school", &school)])).await;
    let scheduled = v["versions"]
        .as_array()
        .expect("versions")
        .last()
        .expect("new")
        .clone();
    assert_eq!(
        (scheduled["current"].clone(), scheduled["name"].clone()),
        (false.into(), "Menù di primavera".into())
    );
    // Anyone can print it, the new version among those to come.
    let anonymous = Browser::new(&app, VALLEVERDE);
    let (status, print) = call(&anonymous, "menu_print", &pairs(&[("school", &school)])).await;
    assert_eq!(
        (status, print["school_name"].as_str()),
        (200, Some(PRIMARIA)),
        "{print}"
    );
    assert_eq!(
        print["versions"]
            .as_array()
            .and_then(|v| v.last())
            .map(|v| v["name"].clone()),
        Some("Menù di primavera".into())
    );
    let audit: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'menu.salvato'")
            .fetch_one(&app.state.ctx.db)
            .await
            .expect("count");
    assert_eq!(audit, 1);

    // Refused with their sentence, nothing saved: a date in the past, no name, too many dishes.
    let yesterday = (Utc::now().date_naive() - Duration::days(1)).to_string();
    let too_many = vec!["Piatto"; 13].join("\n");
    for (change, sentence) in [
        (
            ("menu[valid_from]", yesterday.as_str()),
            "Il menù può valere da oggi o da un giorno futuro, non dal passato.",
        ),
        (("menu[name]", " "), "Il menù deve avere un nome."),
        (
            ("menu[cells][1][dishes]", too_many.as_str()),
            "Settimana 1, giorno 2: da 1 a 12 piatti, ciascuno di al massimo 120 caratteri.",
        ),
    ] {
        let form = form_of(&school, draft, &[("menu[valid_from]", &from), change]);
        let (status, err) = call(&office, "menus_save", &form).await;
        assert_eq!((status, err["BadRequest"].as_str()), (400, Some(sentence)));
    }
    let form = form_of(&school, draft, &[("menu[weeks]", "9")]);
    let (status, err) = call(&office, "menus_save", &form).await;
    assert_eq!(
        (status, err["BadRequest"].as_str()),
        (400, Some("Il menù ruota su 1–8 settimane."))
    );
    let versions: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM menus m JOIN schools s ON s.id = m.school_id WHERE s.name = $1",
    )
    .bind(PRIMARIA)
    .fetch_one(&app.state.ctx.db)
    .await
    .expect("count");
    assert_eq!(versions, 2, "the demo's and the one saved");

    // Another Ente's operator cannot write Valleverde's school.
    let other = Browser::new(&app, MONTECHIARO);
    other.sign_in(SARA_MONTECHIARO).await;
    let form = form_of(&school, draft, &[("menu[valid_from]", &from)]);
    let (status, _) = call(&other, "menus_save", &form).await;
    assert_eq!(status, 404);
    let (status, _) = call(&other, "menus_view", &pairs(&[("school", &school)])).await;
    assert_eq!(status, 404);
    let (status, _) = call(&family, "menus_view", &[]).await;
    assert_eq!(status, 403);
}
