//! School staff and kitchen: granted by an administrator for some schools, they see and
//! change only those schools' canteen, for today and the past week.

use crate::support::browser::Browser;
use crate::support::{self, json, spawn_app_with_login, MONTECHIARO};
use app::domain::date::Day;
use app::domain::identity::Role;
use app::domain::ids::PupilId;
use chrono::{Duration, NaiveDate};

const VALLEVERDE: &str = "127.0.0.1";
const ELENA: &str = "GRCLNE88B68H501O";
const RITA_SCHOOL_STAFF: &str = "CLMRTI79E52H501I";

async fn school_id(app: &support::TestApp, kind: &str) -> String {
    sqlx::query_scalar("SELECT id FROM schools WHERE kind = $1 ORDER BY name LIMIT 1")
        .bind(kind)
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("school")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_grants_school_staff_for_chosen_schools() {
    let app = spawn_app_with_login().await;
    let admin = Browser::new(&app, VALLEVERDE);
    admin.sign_in("MRNLGU70R10D612W").await;
    let (primaria, secondaria) = (
        school_id(&app, "primaria").await,
        school_id(&app, "secondaria").await,
    );
    // A school of the other Ente.
    let montechiaro_school = "0192f3a4-5b6c-7d8e-9f00-000000000001".to_string();
    sqlx::query(
        "INSERT INTO schools (id, tenant_id, name, kind, address)
         SELECT $1, tenant_id, 'Scuola di Montechiaro', 'primaria', 'Via Castello' FROM tenant_hosts WHERE host = $2",
    )
    .bind(&montechiaro_school)
    .bind(MONTECHIARO)
    .execute(&app.state.ctx.db)
    .await
    .expect("a Montechiaro school");
    let grant = |schools: Vec<(&'static str, String)>| {
        let admin = &admin;
        async move {
            let mut form = vec![
                ("fiscal_code", ELENA.to_string()),
                ("role", "school_staff".to_string()),
                ("grant", "true".to_string()),
            ];
            form.extend(schools);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            json(admin.call("staff_change", &form).await).await
        }
    };
    // No school, a school of no Ente: refused in Italian, nothing granted.
    let (status, err) = grant(vec![]).await;
    assert_eq!(status, 400);
    assert_eq!(
        err["BadRequest"],
        "Scegli almeno una scuola per il ruolo «Personale scolastico»."
    );
    let nowhere = "0192f3a4-5b6c-7d8e-9f00-112233445566".to_string();
    let (status, err) = grant(vec![("schools[0]", nowhere)]).await;
    assert_eq!(
        (status, &err["BadRequest"]),
        (400, &"Una delle scuole scelte non esiste.".into())
    );
    let (status, err) = grant(vec![("schools[0]", montechiaro_school)]).await;
    assert_eq!(
        (status, &err["BadRequest"]),
        (400, &"Una delle scuole scelte non esiste.".into())
    );
    let grants: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM role_grants WHERE fiscal_code = $1")
        .bind(ELENA)
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(grants, 0);

    // The primaria, sent as the form's second checkbox (the first one unticked).
    let (status, msg) = grant(vec![("schools[1]", primaria.clone())]).await;
    assert_eq!(status, 200, "{msg}");
    assert_eq!(
        msg,
        format!("{ELENA}: ruolo «Personale scolastico» assegnato per: Scuola primaria Giovanni Pascoli.")
    );
    let elena = Browser::new(&app, VALLEVERDE);
    elena.sign_in(ELENA).await;
    let (status, home) = json(elena.call("personal_home", &[]).await).await;
    assert_eq!(
        (status, &home["roles"]),
        (200, &serde_json::json!(["school_staff"]))
    );
    assert_eq!(elena.call("attendance_today", &[]).await.status(), 200);
    for office in [
        "kitchen_report",
        "tariffs_lists",
        "staff_list",
        "content_news_list",
    ] {
        assert_eq!(elena.call(office, &[]).await.status(), 403, "{office}");
    }

    // Granted again with other schools: the schools change, and the log says from what.
    let (status, msg) = grant(vec![
        ("schools[0]", primaria.clone()),
        ("schools[2]", secondaria.clone()),
    ])
    .await;
    assert_eq!(status, 200, "{msg}");
    let (_, staff) = json(admin.call("staff_list", &[]).await).await;
    let member = staff["members"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["fiscal_code"] == ELENA))
        .cloned()
        .expect("Elena listed");
    assert_eq!(
        member["schools"],
        serde_json::json!([
            "Scuola primaria Giovanni Pascoli",
            "Scuola secondaria di primo grado Dante Alighieri"
        ])
    );
    let (_, log) = json(
        admin
            .call("audit_log", &[("person", ""), ("from", ""), ("to", "")])
            .await,
    )
    .await;
    let rows = log["rows"].as_array().cloned().unwrap_or_default();
    assert!(
        rows.iter().any(|r| r["before"] == "school_staff (Scuola primaria Giovanni Pascoli)"
            && r["after"] == "school_staff (Scuola primaria Giovanni Pascoli, Scuola secondaria di primo grado Dante Alighieri)"),
        "{log}"
    );

    // Revoked: the schools go with the role.
    let revoke = [
        ("fiscal_code", ELENA),
        ("role", "school_staff"),
        ("grant", "false"),
    ];
    assert_eq!(admin.call("staff_change", &revoke).await.status(), 200);
    assert_eq!(elena.call("attendance_today", &[]).await.status(), 403);
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM role_grant_schools WHERE fiscal_code = $1")
            .bind(ELENA)
            .fetch_one(&app.state.ctx.db)
            .await
            .expect("count");
    assert_eq!(left, 0);
}

/// Rita works for the primaria: on Tuesday 1 December she sees its pupils only, marks one
/// absent, cannot touch a secondary-school pupil, and a week later can still record the
/// absence of that Tuesday — not of the day before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn school_staff_see_and_mark_their_schools_for_a_week() {
    let app = spawn_app_with_login().await;
    let rita = support::caller(&app, RITA_SCHOOL_STAFF, &[Role::SchoolStaff]).await;
    let tuesday = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let policy = rita.tenant.booking_policy();
    let morning = policy.cutoff_of(tuesday) - Duration::hours(1);
    let list = app::backend::attendance::on(&rita, None, morning)
        .await
        .expect("attendance");
    let names: Vec<&str> = list.pupils.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Matteo Esposito", "Giulia Rossi", "Chiara Esposito"]
    );
    assert!(list
        .pupils
        .iter()
        .all(|p| p.school == "Scuola primaria Giovanni Pascoli"));
    assert_eq!(list.days.len(), 8, "today and the seven days before");

    let pupil = |code: &'static str| {
        let app = &app;
        async move { PupilId::parse(&support::pupil_id(app, code).await).expect("id") }
    };
    let (giulia, sofia) = (
        pupil("RSSGLI18C54H501Z").await,
        pupil("CNTSFO14S63F205Z").await,
    );
    let mark = |who: PupilId, day: NaiveDate, now| {
        let rita = rita.clone();
        async move { app::backend::attendance::mark_absent(&rita, &who, Day::from(day), now).await }
    };
    let refused = mark(sofia, tuesday, morning)
        .await
        .expect_err("a secondary pupil");
    assert!(
        refused.to_string().contains("non risulta presente"),
        "{refused}"
    );

    // A week later, Giulia's absence of that Tuesday is recorded after the cut-off.
    let week_later = morning + Duration::days(7);
    let msg = mark(giulia.clone(), tuesday, week_later)
        .await
        .expect("a past day of the week");
    assert!(
        msg.contains("assenza del 01/12/2026 registrata dopo l'orario limite"),
        "{msg}"
    );
    let late: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM late_absences WHERE pupil_id = $1 AND day = '2026-12-01' AND recorded_by = $2",
    )
    .bind(giulia.as_str())
    .bind(RITA_SCHOOL_STAFF)
    .fetch_one(&app.state.ctx.db)
    .await
    .expect("count");
    assert_eq!(late, 1);
    let too_old = mark(giulia.clone(), tuesday - Duration::days(1), week_later)
        .await
        .expect_err("eight days ago");
    assert!(
        too_old.to_string().contains("7 giorni precedenti"),
        "{too_old}"
    );
    let future = mark(giulia, tuesday + Duration::days(8), week_later)
        .await
        .expect_err("tomorrow");
    assert!(
        future.to_string().contains("7 giorni precedenti"),
        "{future}"
    );
}
