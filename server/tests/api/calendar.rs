//! The school calendar and the booking settings run by the office through the portal:
//! closures that families see at once (Prenotazioni, the credit forecast) and the kitchen
//! counts follow, the regional calendar imported all-or-nothing, settings with their
//! field-by-field refusals, everything in the audit log.

use crate::support::browser::{location, Browser};
use crate::support::{self, json, spawn_app_with_login};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";
const LUIGI_ADMIN: &str = "MRNLGU70R10D612W";

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The family's canteen days (some pupil present) from `from` on, in the months shown.
async fn present_days(family: &Browser, from: NaiveDate) -> Vec<NaiveDate> {
    let (_, info) = json(family.call("bookings_info", &[]).await).await;
    let mut out = Vec::new();
    for pupil in info["pupils"].as_array().expect("pupils") {
        let id = pupil["id"].as_str().expect("id");
        for offset in [0, 1] {
            let m = from
                .checked_add_months(chrono::Months::new(offset))
                .expect("month");
            let month = m.format("%Y-%m").to_string();
            let (status, days) = json(
                family
                    .call("bookings_month", &[("pupil_id", id), ("month", &month)])
                    .await,
            )
            .await;
            assert_eq!(status, 200, "{days}");
            for d in days.as_array().expect("days") {
                let date: NaiveDate = d["date"].as_str().expect("date").parse().expect("a date");
                if d["state"] == "Present" && date >= from && !out.contains(&date) {
                    out.push(date);
                }
            }
        }
    }
    out.sort();
    out
}

async fn state_of(family: &Browser, day: NaiveDate) -> Vec<Value> {
    let (_, info) = json(family.call("bookings_info", &[]).await).await;
    let mut states = Vec::new();
    for pupil in info["pupils"].as_array().expect("pupils") {
        let month = day.format("%Y-%m").to_string();
        let id = pupil["id"].as_str().expect("id");
        let (_, days) = json(
            family
                .call("bookings_month", &[("pupil_id", id), ("month", &month)])
                .await,
        )
        .await;
        let d = days
            .as_array()
            .expect("days")
            .iter()
            .find(|d| d["date"] == ymd(day))
            .expect("the day")
            .clone();
        states.push(d["state"].clone());
    }
    states
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closure_reaches_families_the_forecast_and_the_kitchen() {
    let app = spawn_app_with_login().await;
    support::school_year_around_today(&app).await;
    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;
    let office = Browser::new(&app, VALLEVERDE);
    office.sign_in(ANNA_OPERATOR).await;

    let today = Utc::now().date_naive();
    let tomorrow = today + Duration::days(1);
    let days = present_days(&family, tomorrow).await;
    let first = *days.first().expect("a canteen day ahead");
    let last = first + Duration::days(6);
    let closing_this_month = days
        .iter()
        .filter(|d| **d <= last && d.month() == today.month() && d.year() == today.year())
        .count();
    let (_, forecast) = json(family.call("bookings_credit", &[]).await).await;
    let month_days = forecast["month_days"].as_i64().expect("days");
    let kitchen = |day: NaiveDate| {
        let office = &office;
        async move {
            let (status, report) =
                json(office.call("kitchen_report", &[("day", &ymd(day))]).await).await;
            assert_eq!(status, 200, "{report}");
            report["total"].as_i64().expect("total")
        }
    };
    assert!(kitchen(first).await > 0);

    // The office closes the canteen for a week from that day.
    let (status, answer) = json(
        office
            .call(
                "calendar_close",
                &[
                    ("school", ""),
                    ("first_day", &ymd(first)),
                    ("last_day", &ymd(last)),
                    ("reason", "Ponte <b>dell'Immacolata</b>"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer.as_str().expect("text").contains("Chiusura aggiunta"));
    for state in state_of(&family, first).await {
        assert_eq!(
            state,
            serde_json::json!({"Closed": "Ponte <b>dell'Immacolata</b>"})
        );
    }
    let (_, forecast) = json(family.call("bookings_credit", &[]).await).await;
    assert_eq!(
        forecast["month_days"].as_i64(),
        Some(month_days - i64::try_from(closing_this_month).expect("few")),
        "{forecast}"
    );
    assert_eq!(kitchen(first).await, 0);

    // The same days again, or a school's strike inside them: refused, in Italian.
    let (status, refusal) = json(
        office
            .call(
                "calendar_close",
                &[
                    ("school", ""),
                    ("first_day", &ymd(last)),
                    ("last_day", ""),
                    ("reason", "Sciopero"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(refusal.to_string().contains("Si sovrappone"), "{refusal}");
    let (status, refusal) = json(
        office
            .call(
                "calendar_close",
                &[
                    ("school", ""),
                    ("first_day", "31-12-2026"),
                    ("last_day", ""),
                    ("reason", "x"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, 400, "{refusal}");

    // The month view shows it; the text is data, never markup.
    let month = first.format("%Y-%m").to_string();
    let (status, overview) = json(
        office
            .call("calendar_overview", &[("month", &month), ("school", "")])
            .await,
    )
    .await;
    assert_eq!(status, 200, "{overview}");
    let shown = overview["days"]
        .as_array()
        .expect("days")
        .iter()
        .find(|d| d["day"] == ymd(first))
        .expect("the day")
        .clone();
    assert_eq!(
        shown["kind"]["Closure"]["reason"],
        "Ponte <b>dell'Immacolata</b>"
    );
    let page = office
        .get(&format!("/area-personale/calendario?mese={month}"))
        .await;
    let html = page.text().await.expect("html");
    assert!(
        html.contains("Ponte &lt;b&gt;dell&#x27;Immacolata&lt;/b&gt;")
            || html.contains("Ponte &lt;b&gt;dell'Immacolata&lt;/b&gt;")
    );
    assert!(!html.contains("<b>dell"));

    // Taken away: families and kitchen are back where they were.
    let (status, answer) = json(
        office
            .call(
                "calendar_reopen",
                &[("school", ""), ("first_day", &ymd(first))],
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert!(kitchen(first).await > 0);
    let (_, forecast) = json(family.call("bookings_credit", &[]).await).await;
    assert_eq!(forecast["month_days"].as_i64(), Some(month_days));

    // A family cannot touch the calendar.
    let (status, _) = json(
        family
            .call(
                "calendar_close",
                &[
                    ("school", ""),
                    ("first_day", &ymd(first)),
                    ("last_day", ""),
                    ("reason", "x"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, 403);

    // Every change is in the administrators' log.
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in(LUIGI_ADMIN).await;
    let (_, log) = json(
        admin
            .call(
                "audit_log",
                &[("person", ANNA_OPERATOR), ("from", ""), ("to", "")],
            )
            .await,
    )
    .await;
    let actions: Vec<&str> = log["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert_eq!(actions, ["Chiusura tolta", "Chiusura aggiunta"], "{log}");
}

/// Posts a calendar file as the import form does (multipart, from the portal's page).
async fn import(office: &Browser, file_name: &str, content: &str) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(content.as_bytes().to_vec())
        .file_name(file_name.to_string())
        .mime_str("text/csv")
        .expect("mime");
    let form = reqwest::multipart::Form::new()
        .text("scuola", "")
        .part("file", part);
    office.upload(app::routes::CALENDAR_IMPORT, form).await
}

async fn report_after(office: &Browser, res: reqwest::Response) -> Value {
    assert_eq!(res.status().as_u16(), 303);
    let to = location(&res);
    let id = to.split("importazione=").nth(1).expect("a report id");
    let (status, report) = json(office.call("calendar_import_report", &[("id", id)]).await).await;
    assert_eq!(status, 200, "{report}");
    report
}

/// How many closures the office sees from today on.
async fn closures(office: &Browser, year: i32) -> usize {
    let month = format!("{year}-01");
    let (_, o) = json(
        office
            .call("calendar_overview", &[("month", &month), ("school", "")])
            .await,
    )
    .await;
    o["closures"].as_array().expect("closures").len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_regional_calendar_is_imported_whole_or_not_at_all() {
    let app = spawn_app_with_login().await;
    let office = Browser::new(&app, VALLEVERDE);
    office.sign_in(ANNA_OPERATOR).await;
    let year = Utc::now().year() + 1;
    let before = closures(&office, year).await;
    let bad = format!(
        "dal;al;motivo\n02/01/{year};06/01/{year};Vacanze di Natale\n31/02/{year};;Ponte\n15/03/{year};10/03/{year};Elezioni\n"
    );
    let report = report_after(&office, import(&office, "regione.csv", &bad).await).await;
    assert_eq!(report["added"], 0);
    let lines: Vec<i64> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["line"].as_i64())
        .collect();
    assert_eq!(lines, [3, 4], "{report}");
    assert_eq!(closures(&office, year).await, before, "nothing imported");

    let good = format!(
        "dal;al;motivo\n02/01/{year};06/01/{year};Vacanze di Natale\n01/03/{year};;Ponte\n10/03/{year};15/03/{year};Elezioni\n"
    );
    let report = report_after(&office, import(&office, "regione.csv", &good).await).await;
    assert_eq!(
        (
            report["added"].as_i64(),
            report["errors"].as_array().map(Vec::len)
        ),
        (Some(3), Some(0)),
        "{report}"
    );
    assert_eq!(closures(&office, year).await, before + 3);
    // The same file again: already there, nothing doubled.
    let report = report_after(&office, import(&office, "regione.csv", &good).await).await;
    assert_eq!(
        (report["added"].as_i64(), report["already"].as_i64()),
        (Some(0), Some(3)),
        "{report}"
    );
    assert_eq!(closures(&office, year).await, before + 3);

    // Another person cannot read this report; a family cannot import.
    let family = Browser::new(&app, VALLEVERDE);
    family.sign_in(MARIO).await;
    assert_eq!(import(&family, "x.csv", &good).await.status().as_u16(), 403);
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in(LUIGI_ADMIN).await;
    let res = import(&office, "regione.csv", &good).await;
    let to = location(&res);
    let id = to.split("importazione=").nth(1).expect("id");
    let (status, _) = json(admin.call("calendar_import_report", &[("id", id)]).await).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn booking_settings_are_changed_in_the_app_field_by_field() {
    let app = spawn_app_with_login().await;
    let office = Browser::new(&app, VALLEVERDE);
    office.sign_in(ANNA_OPERATOR).await;
    let (status, s) = json(office.call("booking_settings", &[]).await).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["cutoff"], "09:30");
    let form = |cutoff: &'static str,
                evening: &'static str,
                horizon: &'static str,
                limit: &'static str| {
        [
            ("settings[cutoff]", cutoff),
            ("settings[opens_evening_before]", evening),
            ("settings[horizon_days]", horizon),
            ("settings[plain_meal_max_consecutive]", "3"),
            ("settings[charge_late_absence]", "false"),
            ("settings[negative_limit]", limit),
        ]
    };
    for (bad, field) in [
        (form("nove", "", "30", "50,00"), "Orario limite"),
        (
            form("09:30", "08:00", "30", "50,00"),
            "Apertura la sera prima",
        ),
        (form("09:30", "", "0", "50,00"), "Prenotabile fino a"),
        (form("09:30", "", "30", "-5"), "Saldo negativo"),
    ] {
        let (status, refusal) = json(office.call("booking_settings_save", &bad).await).await;
        assert_eq!(status, 400, "{refusal}");
        assert!(refusal.to_string().contains(field), "{refusal}");
    }
    let (status, _) = json(office.call("booking_settings", &[]).await).await;
    assert_eq!(status, 200);
    let (status, answer) = json(
        office
            .call(
                "booking_settings_save",
                &form("10:00", "17:30", "20", "30,00"),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let (_, s) = json(office.call("booking_settings", &[]).await).await;
    assert_eq!(
        (
            &s["cutoff"],
            &s["opens_evening_before"],
            &s["horizon_days"],
            &s["negative_limit"],
            &s["charge_late_absence"]
        ),
        (
            &Value::from("10:00"),
            &Value::from("17:30"),
            &Value::from("20"),
            &Value::from("30,00"),
            &Value::from(false)
        )
    );
    let tenant = support::valleverde(&app).await;
    assert_eq!(tenant.booking.horizon_days, 20);
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in(LUIGI_ADMIN).await;
    let (_, log) = json(
        admin
            .call(
                "audit_log",
                &[("person", ANNA_OPERATOR), ("from", ""), ("to", "")],
            )
            .await,
    )
    .await;
    let row = &log["rows"][0];
    assert_eq!(row["action"], "Impostazioni delle prenotazioni");
    assert!(row["before"]
        .as_str()
        .expect("before")
        .contains("orario limite 09:30"));
    assert!(row["after"]
        .as_str()
        .expect("after")
        .contains("orario limite 10:00"));
}
