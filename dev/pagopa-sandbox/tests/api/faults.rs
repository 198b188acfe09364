use crate::common::*;
use pagopa_sandbox::Faults;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn slow_answers() {
    let env = env().await;
    env.create("A", 1, 100).await;
    let r = env.put_faults(&json!({"delayMs": 300})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let started = Instant::now();
    env.get("A").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    // The sandbox's own endpoints are never slowed down.
    let started = Instant::now();
    env.client
        .get(env.url("/sandbox/positions"))
        .send()
        .await
        .expect("answered");
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn failing_requests_have_no_side_effects() {
    let env = env().await;
    env.put_faults(&json!({"failNext": 2, "failStatus": 502}))
        .await;
    for _ in 0..2 {
        let r = env.create_raw(ORG, &position("A", 1, 100), true).await;
        assert_problem(r, StatusCode::BAD_GATEWAY, "failNext").await;
    }
    assert_eq!(env.get_raw(ORG, "A").await.status(), StatusCode::NOT_FOUND);
    env.create("A", 1, 100).await;
    let faults: Value = env
        .client
        .get(env.url("/sandbox/faults"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    assert_eq!(faults["failNext"], 0);

    // The default status is 503, and carts fail too.
    env.running.sandbox.set_faults(Faults {
        fail_next: 1,
        ..Faults::default()
    });
    assert_problem(
        env.open_cart(&cart(&[(nav(1), 100)])).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "",
    )
    .await;
    assert_eq!(
        env.open_cart(&cart(&[(nav(1), 100)])).await.status(),
        StatusCode::FOUND
    );
}

#[tokio::test]
async fn dropped_connections_give_no_answer() {
    let env = env().await;
    env.put_faults(&json!({"dropNext": 1})).await;
    let r = env.create_raw_result().await;
    let e = r.expect_err("no answer expected");
    // hyper's IncompleteMessage: the connection closed before any answer.
    assert!(
        e.status().is_none() && e.is_request() && !e.is_timeout(),
        "{e:?}"
    );
    // Nothing happened, and the next request is served.
    assert_eq!(env.get_raw(ORG, "A").await.status(), StatusCode::NOT_FOUND);
    env.create("A", 1, 100).await;
}

#[tokio::test]
async fn late_receipts() {
    let env = env().await;
    env.create("A", 1, 100).await;
    env.running.sandbox.set_faults(Faults {
        receipt_delay_ms: 400,
        ..Faults::default()
    });
    assert_eq!(env.pay_offline(&nav(1)).await.status(), StatusCode::OK);
    assert_eq!(env.get("A").await["status"], "PAID");
    assert_eq!(
        env.receipt(ORG, &iuv(1)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(env.receipts(ORG, "").await.status(), StatusCode::NOT_FOUND);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(env.receipt(ORG, &iuv(1)).await.status(), StatusCode::OK);
    assert_eq!(env.receipts(ORG, "").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn duplicate_receipts() {
    let env = env().await;
    env.create("A", 1, 100).await;
    env.pay_offline(&nav(1)).await;
    env.put_faults(&json!({"duplicateReceipts": true})).await;
    let list: Value = env.receipts(ORG, "").await.json().await.expect("json");
    assert_eq!(list["length"], 2);
    assert_eq!(list["results"][0], list["results"][1]);
    env.client
        .delete(env.url("/sandbox/faults"))
        .send()
        .await
        .expect("answered");
    let list: Value = env.receipts(ORG, "").await.json().await.expect("json");
    assert_eq!(list["length"], 1);
}

#[tokio::test]
async fn the_switches_are_checked_and_readable() {
    let env = env().await;
    let all = json!({"delayMs": 5, "failNext": 1, "failStatus": 500, "dropNext": 2, "receiptDelayMs": 7, "duplicateReceipts": true});
    let r = env.put_faults(&all).await;
    assert_eq!(r.json::<Value>().await.expect("json"), all);
    let read: Value = env
        .client
        .get(env.url("/sandbox/faults"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    assert_eq!(read, all);
    assert_eq!(env.running.sandbox.faults().drop_next, 2);
    for bad in [
        json!({"failStatus": 200}),
        json!({"failNext": -1}),
        json!({"unknown": 1}),
    ] {
        assert_eq!(
            env.put_faults(&bad).await.status(),
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
    let r = env
        .client
        .delete(env.url("/sandbox/faults"))
        .send()
        .await
        .expect("answered");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(env.running.sandbox.faults(), Faults::default());
}
