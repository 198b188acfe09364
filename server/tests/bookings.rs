//! Canteen bookings through the server functions: rights, rules (checked with the server's
//! clock), bad input, and the same change twice.

mod common;

use common::browser::Browser;
use common::{json, spawn_app_with_login, TestApp};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";
const PAOLO_DELEGATE: &str = "FRRPLA75E20L219Z";

/// The demo school year, moved around today so that these tests never depend on the date.
async fn school_year_around_today(app: &TestApp) {
    let today = chrono::Utc::now().date_naive();
    sqlx::query("UPDATE school_years SET first_day = $1, last_day = $2")
        .bind(
            (today - chrono::Duration::days(10))
                .format("%Y-%m-%d")
                .to_string(),
        )
        .bind(
            (today + chrono::Duration::days(120))
                .format("%Y-%m-%d")
                .to_string(),
        )
        .execute(&app.state.ctx.db)
        .await
        .expect("school year");
}

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
    school_year_around_today(&app).await;
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
    school_year_around_today(&app).await;
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
