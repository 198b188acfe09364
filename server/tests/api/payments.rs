//! Payments end to end against the pagoPA sandbox: a top-up is credited only when the
//! platform confirms it, exactly once, whatever the browser says, whatever fails.

use crate::support::browser::{location, Browser};
use crate::support::{self, json, spawn_app_with_payments, TestApp};
use app::backend::store::payments::ledger;
use pagopa_sandbox::Faults;
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";

async fn wallet_balance(b: &Browser) -> i64 {
    let (status, overview) = json(b.call("payments_overview", &[]).await).await;
    assert_eq!(status, 200, "{overview}");
    overview["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["prepaid"] == true)
        .and_then(|a| a["balance"].as_i64())
        .expect("wallet balance")
}

async fn recharge(b: &Browser, amount: &str, method: &str) -> (u16, Value) {
    json(
        b.call(
            "payments_recharge",
            &[("amount", amount), ("method", method)],
        )
        .await,
    )
    .await
}

async fn status_of(b: &Browser, payment_id: &str) -> Value {
    let (status, view) = json(
        b.call("payments_status", &[("payment_id", payment_id)])
            .await,
    )
    .await;
    assert_eq!(status, 200, "{view}");
    view
}

/// At the sandbox's Checkout page: press one of its buttons; returns where it sends us.
async fn at_checkout(b: &Browser, checkout_url: &str, outcome: &str) -> String {
    let page = b
        .client
        .get(checkout_url)
        .send()
        .await
        .expect("checkout page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Paga") && html.contains("Annulla"));
    let res = b
        .client
        .post(checkout_url)
        .form(&[("outcome", outcome)])
        .send()
        .await
        .expect("pay");
    assert_eq!(res.status(), 303);
    location(&res)
}

async fn payment_rows(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT iuv, status FROM payments ORDER BY created_at, id")
        .fetch_all(&app.state.ctx.db)
        .await
        .expect("payments")
}

async fn wait_for_next_page_check() {
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
}

fn sandbox(app: &TestApp) -> &pagopa_sandbox::Sandbox {
    &app.sandbox.as_ref().expect("sandbox").sandbox
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_online_top_up_is_credited_once_and_only_by_pagopa() {
    let app = spawn_app_with_payments().await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;
    assert_eq!(wallet_balance(&b).await, 0);

    let (status, started) = recharge(&b, "20", "online").await;
    assert_eq!(status, 200, "{started}");
    let id = started["payment_id"].as_str().expect("id").to_string();
    let checkout = started["checkout_url"]
        .as_str()
        .expect("checkout URL")
        .to_string();
    assert!(
        checkout.starts_with(&app.sandbox.as_ref().expect("sandbox").origin()),
        "{checkout}"
    );

    // Coming back to the "ok" page without paying proves nothing.
    let page = b
        .get(&format!("/area-personale/pagamenti/esito/{id}?esito=ok"))
        .await;
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("Pagamento in corso di conferma"));
    assert_eq!(status_of(&b, &id).await["state"], "Pending");
    assert_eq!(wallet_balance(&b).await, 0);

    let back = at_checkout(&b, &checkout, "ok").await;
    assert_eq!(
        back,
        format!("{}/area-personale/pagamenti/esito/{id}?esito=ok", b.base)
    );
    // A page may ask pagoPA about a payment every 2 s at most.
    wait_for_next_page_check().await;
    let view = status_of(&b, &id).await;
    assert_eq!(view["state"], "Paid");
    assert_eq!(view["balance"], 2_000);
    let page = b
        .get(&format!("/area-personale/pagamenti/esito/{id}?esito=ok"))
        .await;
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("Ricarica confermata"));

    // Asked again, by the page and by the job: nothing more.
    assert_eq!(status_of(&b, &id).await["balance"], 2_000);
    let client = app.state.ctx.pagopa.clone().expect("client");
    let later = chrono::Utc::now() + chrono::Duration::hours(2);
    app::backend::payments::reconcile_due(&app.state.ctx.db, &client, later)
        .await
        .expect("reconcile");
    assert_eq!(wallet_balance(&b).await, 2_000);
    assert_eq!(
        ledger::verify(&app.state.ctx.db).await.expect("verify").1,
        []
    );

    // The statement shows it; the receipt and the notice download; not for another family.
    let (_, overview) = json(b.call("payments_overview", &[]).await).await;
    let wallet = overview["accounts"][0]["id"]
        .as_str()
        .expect("wallet")
        .to_string();
    let (_, statement) = json(
        b.call(
            "payments_statement",
            &[("account_id", &wallet), ("page", "1")],
        )
        .await,
    )
    .await;
    assert_eq!(statement["items"][0]["amount"], 2_000);
    assert_eq!(statement["items"][0]["balance_after"], 2_000);
    // Ricevute lists it with its IUV; the confirmation message links its receipt.
    let receipts = overview["receipts"].as_array().expect("receipts");
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert_eq!(receipts[0]["payment_id"], id.as_str());
    assert_eq!(receipts[0]["amount"], 2_000);
    assert_eq!(receipts[0]["method"], "pagoPA");
    let iuv: String = sqlx::query_scalar("SELECT iuv FROM payments WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("iuv");
    assert_eq!(receipts[0]["iuv"], iuv.as_str());
    let (_, inbox) = json(b.call("messages_inbox", &[]).await).await;
    assert!(
        inbox
            .to_string()
            .contains(&app::routes::payment_receipt_pdf(&id)),
        "{inbox}"
    );
    let receipt = b.get(&app::routes::payment_receipt_pdf(&id)).await;
    assert_eq!(receipt.status(), 200);
    assert_eq!(receipt.headers()["content-type"], "application/pdf");
    assert!(receipt.bytes().await.expect("pdf").starts_with(b"%PDF-"));
    let laura = Browser::new(&app, VALLEVERDE);
    laura.sign_in("BNCLRA85M41F205C").await;
    assert_eq!(
        laura
            .get(&app::routes::payment_receipt_pdf(&id))
            .await
            .status(),
        404
    );
    assert_eq!(
        json(laura.call("payments_status", &[("payment_id", &id)]).await)
            .await
            .0,
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_or_failed_checkout_credits_nothing() {
    let app = spawn_app_with_payments().await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;
    for (outcome, esito, title) in [
        ("cancel", "annullato", "Pagamento annullato"),
        ("error", "errore", "Pagamento non riuscito"),
    ] {
        let (_, started) = recharge(&b, "15,50", "online").await;
        let id = started["payment_id"].as_str().expect("id").to_string();
        let back = at_checkout(&b, started["checkout_url"].as_str().expect("url"), outcome).await;
        assert!(
            back.ends_with(&format!("/esito/{id}?esito={esito}")),
            "{back}"
        );
        let page = b
            .get(&format!(
                "/area-personale/pagamenti/esito/{id}?esito={esito}"
            ))
            .await;
        let html = page.text().await.expect("html");
        assert!(html.contains(title), "{html}");
        assert_eq!(
            status_of(&b, &id).await["state"],
            "Pending",
            "still payable with the notice"
        );
    }
    assert_eq!(wallet_balance(&b).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn platform_faults_leave_nothing_half_done() {
    let app = spawn_app_with_payments().await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;
    for faults in [
        Faults {
            fail_next: 1,
            fail_status: 503,
            ..Faults::default()
        },
        Faults {
            drop_next: 1,
            ..Faults::default()
        },
        // Slower than the portal waits (2 s in these tests): the position is created
        // after the portal gave up on it.
        Faults {
            delay_ms: 2_500,
            ..Faults::default()
        },
    ] {
        sandbox(&app).set_faults(faults);
        let (status, err) = recharge(&b, "20", "online").await;
        assert_eq!(status, 503, "{err}");
        assert!(
            err["Unavailable"]
                .as_str()
                .expect("message")
                .contains("Non è stato addebitato nulla"),
            "{err}"
        );
    }
    sandbox(&app).reset_faults();
    let rows = payment_rows(&app).await;
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|(_, s)| s == "failed"), "{rows:?}");
    // The job makes sure the platform has no such position, then stops looking.
    let client = app.state.ctx.pagopa.clone().expect("client");
    let later = chrono::Utc::now() + chrono::Duration::minutes(5);
    app::backend::payments::reconcile_due(&app.state.ctx.db, &client, later)
        .await
        .expect("reconcile");
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE next_check_at IS NOT NULL")
            .fetch_one(&app.state.ctx.db)
            .await
            .expect("count");
    assert_eq!(pending, 0);
    let navs: Vec<String> = sqlx::query_scalar("SELECT notice_number FROM payments")
        .fetch_all(&app.state.ctx.db)
        .await
        .expect("navs");
    for nav in &navs {
        assert!(sandbox(&app).pay(nav).is_err(), "{nav} cannot be paid");
    }
    let (_, overview) = json(b.call("payments_overview", &[]).await).await;
    assert_eq!(overview["open_payments"], serde_json::json!([]));

    // Once the platform is back, the same top-up goes through.
    let (status, started) = recharge(&b, "20", "online").await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(wallet_balance(&b).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_paid_offline_while_the_portal_was_down_is_credited_once() {
    let app = spawn_app_with_payments().await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;
    let (status, started) = recharge(&b, "37,45", "avviso").await;
    assert_eq!(status, 200, "{started}");
    assert!(started["checkout_url"].is_null());
    let id = started["payment_id"].as_str().expect("id").to_string();
    let notice = b.get(&app::routes::payment_notice_pdf(&id)).await;
    assert_eq!(notice.status(), 200);
    assert!(notice.bytes().await.expect("pdf").starts_with(b"%PDF-"));
    let (nav,): (String,) = sqlx::query_as("SELECT notice_number FROM payments WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("nav");

    // Paid at a tabaccheria; meanwhile "another instance" starts on the same database.
    sandbox(&app).pay(&nav).expect("paid offline");
    let other = server::build_state(app.state.leptos_options.clone(), &app.settings)
        .await
        .expect("second instance");
    let client = other.ctx.pagopa.clone().expect("client");
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    // Both instances' jobs run at once, twice.
    for _ in 0..2 {
        let (a, c) = tokio::join!(
            app::backend::payments::reconcile_due(&other.ctx.db, &client, later),
            app::backend::payments::reconcile_due(&app.state.ctx.db, &client, later),
        );
        a.expect("reconcile");
        c.expect("reconcile");
    }
    assert_eq!(wallet_balance(&b).await, 3_745);
    assert_eq!(status_of(&b, &id).await["state"], "Paid");
    assert_eq!(
        ledger::verify(&app.state.ctx.db).await.expect("verify").1,
        []
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_the_platform_cannot_give_yet_is_waited_for() {
    let app = spawn_app_with_payments().await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;
    let (_, started) = recharge(&b, "10", "online").await;
    let id = started["payment_id"].as_str().expect("id").to_string();
    at_checkout(&b, started["checkout_url"].as_str().expect("url"), "ok").await;
    // Paid, but the platform cannot answer the portal's questions for a while.
    sandbox(&app).set_faults(Faults {
        fail_next: 2,
        fail_status: 503,
        ..Faults::default()
    });
    assert_eq!(status_of(&b, &id).await["state"], "Pending");
    let client = app.state.ctx.pagopa.clone().expect("client");
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    app::backend::payments::reconcile_due(&app.state.ctx.db, &client, later)
        .await
        .expect("reconcile");
    assert_eq!(wallet_balance(&b).await, 0);
    let attempts: i32 = sqlx::query_scalar("SELECT check_attempts FROM payments WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.state.ctx.db)
        .await
        .expect("attempts");
    assert_eq!(attempts, 1, "the failed check is rescheduled with backoff");
    // The platform answers again: confirmed, once.
    wait_for_next_page_check().await;
    assert_eq!(status_of(&b, &id).await["state"], "Paid");
    assert_eq!(wallet_balance(&b).await, 1_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_amounts_are_explained_and_change_nothing() {
    let app = spawn_app_with_payments().await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;
    for (amount, says) in [
        ("abc", "Importo non valido"),
        ("-5", "minimo"),
        ("0", "minimo"),
        ("1e9", "Importo non valido"),
        ("20,505", "Importo non valido"),
        ("99999999999999999999", "troppo grande"),
        ("500,01", "massimo"),
    ] {
        let (status, err) = recharge(&b, amount, "online").await;
        assert_eq!(status, 400, "{amount}: {err}");
        assert!(
            err["BadRequest"].as_str().expect("message").contains(says),
            "{amount}: {err}"
        );
    }
    let (status, err) = recharge(&b, "20", "bonifico").await;
    assert_eq!(status, 400, "{err}");
    assert!(payment_rows(&app).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transport_fee_is_paid_online_and_its_receipt_downloaded() {
    use app::backend::store::payments::fees;
    let app = spawn_app_with_payments().await;
    let tenant = support::valleverde(&app).await;
    let due = chrono::Utc::now().date_naive() + chrono::Duration::days(30);
    fees::issue(
        &app.state.ctx.db,
        &tenant,
        "TRASPORTO",
        "Trasporto 2026/27",
        &[fees::Instalment {
            amount: app::domain::money::Money::from_cents(9_300),
            due,
        }],
        "test",
        chrono::Utc::now(),
    )
    .await
    .expect("issue");
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;

    // Not on pagoPA yet: shown, not payable.
    let (_, overview) = json(b.call("payments_overview", &[]).await).await;
    let fee = overview["fees"][0].clone();
    assert_eq!(fee["state"], "Unpaid", "{overview}");
    assert_eq!(fee["payable"], false);
    let fee_id = fee["id"].as_str().expect("id").to_string();
    let client = app.state.ctx.pagopa.clone().expect("client");
    let published =
        app::backend::payments::publish_fees(&app.state.ctx.db, &client, chrono::Utc::now())
            .await
            .expect("publish");
    assert!(published >= 1);
    let (_, overview) = json(b.call("payments_overview", &[]).await).await;
    assert_eq!(overview["fees"][0]["payable"], true);
    assert_eq!(overview["accounts"][1]["balance"], -9_300, "{overview}");

    // Another family cannot pay (or see) it.
    let laura = Browser::new(&app, VALLEVERDE);
    laura.sign_in("BNCLRA85M41F205C").await;
    assert_eq!(
        json(laura.call("payments_pay_fee", &[("fee_id", &fee_id)]).await)
            .await
            .0,
        404
    );

    let (status, started) = json(b.call("payments_pay_fee", &[("fee_id", &fee_id)]).await).await;
    assert_eq!(status, 200, "{started}");
    let id = started["payment_id"].as_str().expect("id").to_string();
    at_checkout(&b, started["checkout_url"].as_str().expect("url"), "ok").await;
    let view = status_of(&b, &id).await;
    assert_eq!(view["state"], "Paid");
    assert_eq!(view["is_fee"], true);
    let (_, overview) = json(b.call("payments_overview", &[]).await).await;
    assert_eq!(overview["fees"][0]["state"], "Paid");
    assert_eq!(overview["accounts"][1]["balance"], 0);
    let (status, err) = json(b.call("payments_pay_fee", &[("fee_id", &fee_id)]).await).await;
    assert_eq!(status, 400, "{err}");
    assert!(err["BadRequest"]
        .as_str()
        .expect("message")
        .contains("già stata pagata"));
    let receipt = b.get(&app::routes::payment_receipt_pdf(&id)).await;
    assert_eq!(receipt.status(), 200);
    assert_eq!(
        ledger::verify(&app.state.ctx.db).await.expect("verify").1,
        []
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_top_up_form_submitted_twice_opens_one_payment() {
    let app = spawn_app_with_payments().await;
    let b = Browser::new(&app, VALLEVERDE);
    b.sign_in(MARIO).await;
    let (_, overview) = json(b.call("payments_overview", &[]).await).await;
    let key = overview["recharge_key"].as_str().expect("key").to_string();
    let form = [
        ("amount", "20"),
        ("method", "online"),
        ("request_key", key.as_str()),
    ];
    // Twice at once, and once more later (a double click, a retried request).
    let (first, second) = tokio::join!(
        b.call("payments_recharge", &form),
        b.call("payments_recharge", &form)
    );
    let (s1, p1) = json(first).await;
    let (s2, p2) = json(second).await;
    let (s3, p3) = json(b.call("payments_recharge", &form).await).await;
    assert_eq!(
        (s1, s2, s3),
        (200, 200, 200),
        "{p1} {p2} {p3} {:?}",
        payment_rows(&app).await
    );
    assert_eq!(p1["payment_id"], p2["payment_id"]);
    assert_eq!(p1["payment_id"], p3["payment_id"]);
    assert_eq!(p1["checkout_url"], p3["checkout_url"]);
    assert_eq!(payment_rows(&app).await.len(), 1);
    // Another amount with the same form: refused with a sentence, nothing created.
    let (status, err) = json(
        b.call(
            "payments_recharge",
            &[
                ("amount", "30"),
                ("method", "online"),
                ("request_key", key.as_str()),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400, "{err}");
    assert_eq!(payment_rows(&app).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_top_up_is_credited_if_paid_and_made_unpayable_otherwise() {
    use app::backend::store::payments;
    let app = spawn_app_with_payments().await;
    let db = &app.state.ctx.db;
    let tenant = support::valleverde(&app).await;
    let wallet = ledger::accounts_of_guardian(db, &tenant.id, &support::cf(MARIO))
        .await
        .expect("accounts")
        .into_iter()
        .find(|a| a.prepaid)
        .expect("wallet");
    let client = app.state.ctx.pagopa.clone().expect("client");
    let debtor = app::backend::payments::pagopa::Debtor {
        fiscal_code: MARIO.into(),
        full_name: "Mario Rossi".into(),
        email: None,
    };
    // Two top-ups whose server crashed right after GPD created them (rows still "creating").
    let written = chrono::Utc::now() - chrono::Duration::minutes(15);
    let mut interrupted = Vec::new();
    for cents in [2_500, 4_000] {
        let p = payments::create(
            db,
            &tenant.id,
            tenant.segregation_code,
            &payments::NewPayment {
                account_id: wallet.id.as_str(),
                purpose: payments::Purpose::TopUp,
                fee_id: None,
                amount: app::domain::money::Money::from_cents(cents),
                description: "Ricarica",
                due_date: chrono::Utc::now().date_naive() + chrono::Duration::days(30),
                created_by: MARIO,
                request_key: None,
            },
            written,
        )
        .await
        .expect("payment");
        client
            .create_position(&tenant, &p, &debtor, "9/0201102IM/")
            .await
            .expect("position");
        interrupted.push(p);
    }
    // The family paid the first one anyway (e.g. from the IO app).
    sandbox(&app)
        .pay(interrupted[0].notice.as_str())
        .expect("paid");
    app::backend::payments::reconcile_due(db, &client, chrono::Utc::now())
        .await
        .expect("reconcile");
    let rows = payment_rows(&app).await;
    assert_eq!(rows[0].1, "paid");
    assert_eq!(rows[1].1, "failed");
    let balance: i64 = sqlx::query_scalar("SELECT balance_cents FROM accounts WHERE id = $1")
        .bind(wallet.id.as_str())
        .fetch_one(db)
        .await
        .expect("balance");
    assert_eq!(balance, 2_500);
    // The unpaid one can no longer be paid.
    assert!(sandbox(&app).pay(interrupted[1].notice.as_str()).is_err());
}
