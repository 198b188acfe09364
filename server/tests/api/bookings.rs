//! Canteen bookings through the server functions: rights, rules (checked with the server's
//! clock), bad input, and the same change twice.

use crate::support::browser::Browser;
use crate::support::{self, json, spawn_app_with_login};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";
const PAOLO_DELEGATE: &str = "FRRPLA75E20L219Z";

async fn pupils(b: &Browser) -> Vec<(String, String)> {
    let (status, info) = json(b.call("bookings_info", &[]).await).await;
    assert_eq!(status, 200, "{info}");
    info["pupils"]
        .as_array()
        .expect("pupils")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().expect("name").to_string(),
                p["id"].as_str().expect("id").to_string(),
            )
        })
        .collect()
}

async fn month(b: &Browser, pupil: &str, month: &str) -> Vec<Value> {
    let (status, days) = json(
        b.call("bookings_month", &[("pupil_id", pupil), ("month", month)])
            .await,
    )
    .await;
    assert_eq!(status, 200, "{days}");
    days.as_array().expect("days").clone()
}

/// The first changeable canteen day of the pupil from today on, and the next ones.
async fn changeable_days(b: &Browser, pupil: &str) -> Vec<String> {
    let today = chrono::Utc::now().date_naive();
    let mut out = Vec::new();
    for offset in [0, 1] {
        let m = today
            .checked_add_months(chrono::Months::new(offset))
            .expect("month");
        for d in month(b, pupil, &m.format("%Y-%m").to_string()).await {
            if d["changeable"] == true {
                out.push(d["date"].as_str().expect("date").to_string());
            }
        }
    }
    out
}

async fn state_of(b: &Browser, pupil: &str, date: &str) -> Value {
    month(b, pupil, &date[..7])
        .await
        .into_iter()
        .find(|d| d["date"] == date)
        .map(|d| d["state"].clone())
        .expect("day")
}

async fn change(b: &Browser, pupil: &str, from: &str, to: &str, action: &str) -> (u16, Value) {
    json(
        b.call(
            "bookings_change",
            &[
                ("pupil_id", pupil),
                ("from", from),
                ("to", to),
                ("action", action),
            ],
        )
        .await,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tutore_cancels_restores_and_asks_plain_meals_within_the_rules() {
    let app = spawn_app_with_login().await;
    support::school_year_around_today(&app).await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;
    let kids = pupils(&b).await;
    assert_eq!(kids.len(), 2, "{kids:?}");
    let giulia = kids
        .iter()
        .find(|k| k.0.starts_with("Giulia"))
        .expect("Giulia")
        .1
        .clone();
    let days = changeable_days(&b, &giulia).await;
    assert!(days.len() >= 5, "{days:?}");

    let (status, msg) = change(&b, &giulia, &days[0], &days[0], "disdici").await;
    assert_eq!(status, 200, "{msg}");
    assert_eq!(msg, "Pasto disdetto per 1 giorno.");
    assert_eq!(state_of(&b, &giulia, &days[0]).await, "Cancelled");
    // The same cancellation again: still one row, still cancelled.
    assert_eq!(
        change(&b, &giulia, &days[0], &days[0], "disdici").await.0,
        200
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(rows, 1);
    assert_eq!(
        change(&b, &giulia, &days[0], &days[0], "ripristina")
            .await
            .0,
        200
    );
    assert_eq!(state_of(&b, &giulia, &days[0]).await, "Present");

    // A range: only its canteen days change.
    let (status, msg) = change(&b, &giulia, &days[1], &days[3], "disdici").await;
    assert_eq!(status, 200, "{msg}");
    assert!(msg.as_str().expect("message").ends_with("giorni."), "{msg}");

    // Plain meals: three consecutive canteen days, not four.
    let (status, _) = change(&b, &giulia, &days[1], &days[3], "bianco").await;
    assert_eq!(status, 200);
    let (status, err) = change(&b, &giulia, &days[4], &days[4], "bianco").await;
    assert_eq!(status, 400, "{err}");
    assert!(err["BadRequest"]
        .as_str()
        .expect("message")
        .contains("al massimo per 3"));

    // Bad input: a clear sentence, nothing changed.
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    for (from, to, action, says) in [
        ("1900-01-01", "1900-01-01", "disdici", "già passato"),
        (
            "2999-01-01",
            "2999-01-01",
            "disdici",
            "non c'è servizio mensa",
        ),
        (days[2].as_str(), days[1].as_str(), "disdici", "precede"),
        ("domani", "domani", "disdici", "Data non valida"),
        (days[1].as_str(), days[1].as_str(), "mangia", "Scegli"),
    ] {
        let (status, err) = change(&b, &giulia, from, to, action).await;
        assert_eq!(status, 400, "{from} {to} {action}: {err}");
        assert!(
            err["BadRequest"].as_str().expect("message").contains(says),
            "{from}: {err}"
        );
    }
    // A weekend day: no service.
    let sunday = {
        let mut d = chrono::Utc::now().date_naive() + chrono::Duration::days(1);
        while chrono::Datelike::weekday(&d) != chrono::Weekday::Sun {
            d += chrono::Duration::days(1);
        }
        d.format("%Y-%m-%d").to_string()
    };
    let (status, err) = change(&b, &giulia, &sunday, &sunday, "disdici").await;
    assert_eq!(status, 400);
    assert!(
        err["BadRequest"]
            .as_str()
            .expect("message")
            .contains("non c'è servizio mensa"),
        "{err}"
    );
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings")
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("count");
    assert_eq!(before, after);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_books_only_the_delegated_pupil_and_never_sees_payments() {
    let app = spawn_app_with_login().await;
    support::school_year_around_today(&app).await;
    let mario = Browser::new(&app, VALLEVERDE);
    mario.sign_in(MARIO).await;
    let luca = pupils(&mario)
        .await
        .into_iter()
        .find(|k| k.0.starts_with("Luca"))
        .expect("Luca")
        .1;

    let paolo = Browser::new(&app, VALLEVERDE);
    paolo.sign_in(PAOLO_DELEGATE).await;
    let his = pupils(&paolo).await;
    assert_eq!(his.len(), 1);
    assert!(his[0].0.starts_with("Giulia"));
    let days = changeable_days(&paolo, &his[0].1).await;
    assert_eq!(
        change(&paolo, &his[0].1, &days[0], &days[0], "disdici")
            .await
            .0,
        200
    );
    // Luca is not delegated: as if he did not exist.
    assert_eq!(
        change(&paolo, &luca, &days[0], &days[0], "disdici").await.0,
        404
    );
    assert_eq!(
        json(
            paolo
                .call(
                    "bookings_month",
                    &[("pupil_id", &luca), ("month", &days[0][..7])]
                )
                .await
        )
        .await
        .0,
        404
    );
    assert_eq!(
        json(paolo.call("payments_overview", &[]).await).await.0,
        403
    );
    // The tutore sees the delegate's cancellation.
    assert_eq!(state_of(&mario, &his[0].1, &days[0]).await, "Cancelled");
}

/// Every canteen day of both Mario's children from today on (two months), in order.
async fn family_canteen_days(b: &Browser, pupils: &[(String, String)]) -> Vec<String> {
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let mut days = std::collections::BTreeSet::new();
    for (_, id) in pupils {
        for offset in [0, 1] {
            let m = chrono::Utc::now()
                .date_naive()
                .checked_add_months(chrono::Months::new(offset))
                .expect("month");
            for d in month(b, id, &m.format("%Y-%m").to_string()).await {
                let date = d["date"].as_str().expect("date").to_string();
                if d["state"] == "Present" && date >= today {
                    days.insert(date);
                }
            }
        }
    }
    days.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calendar_shows_menus_diets_and_how_long_the_credit_lasts() {
    use app::backend::store::payments::ledger;
    let app = spawn_app_with_login().await;
    support::school_year_around_today(&app).await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;
    let (_, info) = json(b.call("bookings_info", &[]).await).await;
    let luca = info["pupils"]
        .as_array()
        .expect("pupils")
        .iter()
        .find(|p| p["name"] == "Luca Rossi")
        .expect("Luca")
        .clone();
    assert_eq!(luca["diet"], "Senza lattosio", "the diet is shown: {info}");
    assert!(info["today_cutoff"].is_string() && info["server_now"].is_string());
    let pupils = pupils(&b).await;

    // Each canteen day has its menu; Luca's is the lactose-free variant.
    let days = family_canteen_days(&b, &pupils).await;
    assert!(days.len() >= 2, "{days:?}");
    for (name, id) in &pupils {
        let cal = month(&b, id, &days[0][..7]).await;
        let day = cal.iter().find(|d| d["date"] == days[0]).expect("day");
        let menu = &day["menu"];
        assert!(
            !menu["dishes"].as_array().expect("dishes").is_empty(),
            "{name}: {day}"
        );
        assert_eq!(menu["diet_variant"], name == "Luca Rossi", "{name}: {menu}");
        let no_service = cal
            .iter()
            .find(|d| d["state"] == "NoService")
            .expect("a weekend");
        assert!(no_service["menu"].is_null());
    }

    // Zero balance: the credit pays nothing; 12.00 € pay two days of both children
    // (4.00 € for Giulia and 2.00 € for Luca, the younger, at half price).
    let (status, forecast) = json(b.call("bookings_credit", &[]).await).await;
    assert_eq!(status, 200, "{forecast}");
    assert_eq!(forecast["balance"], 0);
    assert!(forecast["lasts_until"].is_null());
    assert_eq!(forecast["covers_school_year"], false);
    assert_eq!(forecast["month_missing"], forecast["month_cost"]);
    let month_days = forecast["month_days"].as_i64().expect("days");
    assert_eq!(
        forecast["month_cost"].as_i64(),
        Some(month_days * 600),
        "{forecast}"
    );

    let tenant = support::valleverde(&app).await;
    let wallet = ledger::accounts_of_guardian(&app.state.ctx.db, &tenant.id, &support::cf(MARIO))
        .await
        .expect("accounts")
        .into_iter()
        .find(|a| a.prepaid)
        .expect("wallet");
    let mut tx = app.state.ctx.db.begin().await.expect("tx");
    ledger::post(
        &mut tx,
        &tenant.id,
        wallet.id.as_str(),
        &ledger::NewEntry {
            kind: ledger::EntryKind::Correction,
            amount: app::domain::money::Money::from_cents(1_200),
            pupil_id: None,
            description: "test",
            reference: Some("forecast-test"),
            created_by: "test",
        },
        chrono::Utc::now(),
    )
    .await
    .expect("credit");
    tx.commit().await.expect("commit");
    let (_, forecast) = json(b.call("bookings_credit", &[]).await).await;
    assert_eq!(forecast["lasts_until"], days[1].as_str(), "{forecast}");
    // Cancelling the second day for both children makes the credit last one day more.
    for (_, id) in &pupils {
        let (status, body) = change(&b, id, &days[1], &days[1], "disdici").await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, forecast) = json(b.call("bookings_credit", &[]).await).await;
    assert_eq!(forecast["lasts_until"], days[2].as_str(), "{forecast}");
}

/// School staff mark absences: before the cut-off the meal is cancelled, after it the
/// absence is recorded (and the meal stays charged by default).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_mark_absences_before_and_after_the_cut_off() {
    use app::domain::identity::Role;
    let app = spawn_app_with_login().await;
    let tenant = support::valleverde(&app).await;
    let operator = support::caller(&app, "GLLNNA90L47A944N", &[Role::Operator]).await;
    let (giulia, luca) = (
        support::pupil_id(&app, "RSSGLI18C54H501Z").await,
        support::pupil_id(&app, "RSSLCU21H02H501S").await,
    );
    // Tuesday 1 December 2026, a canteen day of the demo year.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let cutoff = tenant.booking_policy().cutoff_of(day);
    let before = cutoff - chrono::Duration::minutes(30);
    let after = cutoff + chrono::Duration::minutes(30);
    let ctx = &app.state.ctx;
    let mark = |pupil: String, now| {
        let operator = operator.clone();
        async move {
            let pupil = app::domain::ids::PupilId::parse(&pupil).expect("a pupil id");
            app::backend::attendance::mark_absent(&operator, &pupil, day.into(), now).await
        }
    };
    let msg = mark(giulia.clone(), before)
        .await
        .expect("before the cut-off");
    assert!(msg.contains("disdetto"), "{msg}");
    let msg = mark(luca.clone(), after).await.expect("after the cut-off");
    assert!(msg.contains("resta addebitato"), "{msg}");
    // Giulia's meal was cancelled: she is not at the canteen any more.
    let refused = mark(giulia.clone(), after).await.expect_err("not present");
    assert!(
        refused.to_string().contains("non risulta presente"),
        "{refused}"
    );
    let cancelled: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings WHERE pupil_id = $1 AND day = '2026-12-01' AND status = 'cancelled'",
    )
    .bind(&giulia)
    .fetch_one(&ctx.db)
    .await
    .expect("count");
    let late: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM late_absences WHERE pupil_id = $1 AND day = '2026-12-01'",
    )
    .bind(&luca)
    .fetch_one(&ctx.db)
    .await
    .expect("count");
    assert_eq!((cancelled, late), (1, 1));
    // The closure still charges Luca (the default setting) and not Giulia.
    let closed = app::backend::store::closure::close_day(&ctx.db, &tenant, day, "test", after)
        .await
        .expect("close");
    assert_eq!(closed.present, 5);
}
