use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn create_publish_and_read_a_position() {
    let env = env().await;
    let r = env
        .create_raw(ORG, &position("MENSA-1", 2_025_000_000_001, 2000), false)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(r.headers().contains_key("x-request-id"));
    let created: Value = r.json().await.expect("json");
    assert_eq!(created["status"], "DRAFT");
    assert_eq!(created["iupd"], "MENSA-1");
    assert_eq!(created["paymentOption"][0]["nav"], "302202500000000127");
    assert_eq!(created["paymentOption"][0]["iuv"], "02202500000000127");

    assert_eq!(env.get("MENSA-1").await["status"], "DRAFT");
    let r = env
        .gpd_post(&format!(
            "/organizations/{ORG}/debtpositions/MENSA-1/publish"
        ))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let published: Value = r.json().await.expect("json");
    assert_eq!(published["status"], "VALID");

    let read = env.get("MENSA-1").await;
    assert_eq!(read["status"], "VALID");
    assert_eq!(read["organizationFiscalCode"], ORG);
    assert!(read["publishDate"].is_string());
    assert!(read.get("paymentDate").is_none());
    let option = &read["paymentOption"][0];
    assert_eq!(option["status"], "PO_UNPAID");
    assert_eq!(option["amount"], 2000);
    assert_eq!(option["nav"], "302202500000000127");
    assert!(option.get("paymentDate").is_none());
    assert_eq!(option["transfer"][0]["iban"], IBAN);
}

#[tokio::test]
async fn to_publish_true_makes_it_valid_at_once_and_a_future_validity_date_published() {
    let env = env().await;
    assert_eq!(env.create("A", 1, 100).await["status"], "VALID");
    let mut later = position("B", 2, 100);
    later["validityDate"] = json!("2099-01-01T00:00:00+01:00");
    let r = env.create_raw(ORG, &later, true).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(env.get("B").await["status"], "PUBLISHED");
}

#[tokio::test]
async fn duplicates_are_409() {
    let env = env().await;
    env.create("A", 1, 100).await;
    let r = env.create_raw(ORG, &position("A", 2, 100), false).await;
    assert_problem(r, StatusCode::CONFLICT, ORG).await;
    // Same IUV under another IUPD.
    let r = env.create_raw(ORG, &position("B", 1, 100), false).await;
    assert_problem(r, StatusCode::CONFLICT, ORG).await;
    // Another organization may reuse both.
    let r = env
        .create_raw(OTHER_ORG, &position("A", 1, 100), false)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn unknown_positions_are_404() {
    let env = env().await;
    assert_problem(
        env.get_raw(ORG, "NOPE").await,
        StatusCode::NOT_FOUND,
        "NOPE",
    )
    .await;
    for action in ["publish", "invalidate"] {
        let r = env
            .gpd_post(&format!("/organizations/{ORG}/debtpositions/NOPE/{action}"))
            .await;
        assert_problem(r, StatusCode::NOT_FOUND, "NOPE").await;
    }
    let r = env
        .client
        .delete(env.gpd(&format!("/organizations/{ORG}/debtpositions/NOPE")))
        .header("Ocp-Apim-Subscription-Key", KEY)
        .send()
        .await
        .expect("answered");
    assert_problem(r, StatusCode::NOT_FOUND, "NOPE").await;
}

#[tokio::test]
async fn state_changes_follow_the_rules() {
    let env = env().await;
    env.create("A", 1, 100).await;
    let publish_again = env
        .gpd_post(&format!("/organizations/{ORG}/debtpositions/A/publish"))
        .await;
    assert_problem(publish_again, StatusCode::CONFLICT, "publishable").await;

    let r = env
        .gpd_post(&format!("/organizations/{ORG}/debtpositions/A/invalidate"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(env.get("A").await["status"], "INVALID");
    let again = env
        .gpd_post(&format!("/organizations/{ORG}/debtpositions/A/invalidate"))
        .await;
    assert_problem(again, StatusCode::CONFLICT, "invalidable").await;

    let delete = |iupd: &'static str| {
        env.client
            .delete(env.gpd(&format!("/organizations/{ORG}/debtpositions/{iupd}")))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .send()
    };
    let r = delete("A").await.expect("answered");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.expect("json"),
        json!("The debt position was successfully deleted")
    );
    assert_eq!(env.get_raw(ORG, "A").await.status(), StatusCode::NOT_FOUND);

    env.create("PAID", 2, 100).await;
    assert_eq!(env.pay_offline(&nav(2)).await.status(), StatusCode::OK);
    let r = delete("PAID").await.expect("answered");
    assert_problem(r, StatusCode::CONFLICT, "payment").await;
    let r = env
        .gpd_post(&format!(
            "/organizations/{ORG}/debtpositions/PAID/invalidate"
        ))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn lists_positions_paged_and_filtered() {
    let env = env().await;
    for (i, iupd) in ["A", "B", "C"].into_iter().enumerate() {
        env.create(iupd, 10 + i as u64, 100).await;
    }
    env.create_raw(ORG, &position("D", 20, 100), false).await;
    let list = |query: &'static str| {
        env.client
            .get(env.gpd(&format!("/organizations/{ORG}/debtpositions{query}")))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .send()
    };
    let page: Value = list("?limit=2&page=0&orderby=IUPD&ordering=ASC")
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    assert_eq!(
        page["page_info"],
        json!({"page": 0, "limit": 2, "items_found": 2, "total_pages": 2})
    );
    let iupds: Vec<_> = page["payment_position_list"]
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p["iupd"].clone())
        .collect();
    assert_eq!(iupds, vec![json!("A"), json!("B")]);

    let drafts: Value = list("?status=DRAFT")
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    assert_eq!(drafts["page_info"]["items_found"], 1);
    assert_eq!(drafts["payment_position_list"][0]["iupd"], "D");

    let due: Value = list("?due_date_from=2099-12-01&due_date_to=2099-12-31")
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    assert_eq!(due["page_info"]["items_found"], 4);

    for bad in [
        "?limit=51",
        "?page=-1",
        "?status=UNKNOWN",
        "?due_date_from=2099-13-01",
        "?due_date_from=262143-12-31",
        "?payment_date_time_to=-262143-01-01T00:00:00Z",
        "?due_date_from=2099-12-01&payment_date_from=2099-12-01",
    ] {
        let r = env
            .client
            .get(env.gpd(&format!("/organizations/{ORG}/debtpositions{bad}")))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .send()
            .await
            .expect("answered");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn the_creditor_can_mark_a_notice_paid_outside_pagopa() {
    let env = env().await;
    env.create("A", 1, 100).await;
    let mark = |nav: String, org: &'static str| {
        env.client
            .post(env.gpd(&format!("/organizations/{org}/paymentoptions/paids/{nav}")))
            .header("Ocp-Apim-Subscription-Key", KEY)
            .json(&json!({"paymentDate": "2025-03-01T10:00:00+01:00"}))
            .send()
    };
    let r = mark(nav(1), ORG).await.expect("answered");
    assert_eq!(r.status(), StatusCode::OK);
    let option: Value = r.json().await.expect("json");
    assert_eq!(option["status"], "PO_PAID");
    assert_eq!(option["paymentDate"], "2025-03-01T10:00:00+01:00");
    let read = env.get("A").await;
    assert_eq!(read["status"], "PAID");
    assert_eq!(read["paymentOption"][0]["status"], "PO_PAID");
    // Paid outside pagoPA: no receipt.
    assert_eq!(
        env.receipt(ORG, &iuv(1)).await.status(),
        StatusCode::NOT_FOUND
    );

    assert_problem(
        mark(nav(1), ORG).await.expect("answered"),
        StatusCode::CONFLICT,
        &iuv(1),
    )
    .await;
    assert_problem(
        mark(nav(9), ORG).await.expect("answered"),
        StatusCode::NOT_FOUND,
        &iuv(9),
    )
    .await;
    env.create_raw(ORG, &position("DRAFT", 3, 100), false).await;
    let r = mark(nav(3), ORG).await.expect("answered");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = mark("302202500000000128".into(), ORG)
        .await
        .expect("answered");
    assert_problem(r, StatusCode::BAD_REQUEST, "nav").await;
}

#[tokio::test]
async fn every_api_wants_the_subscription_key() {
    let env = env().await;
    let gpd = env.gpd(&format!("/organizations/{ORG}/debtpositions/A"));
    let receipts = env.receipts_url(&format!("/payments/{ORG}/receipts"));
    for url in [&gpd, &receipts] {
        let r = env.client.get(url).send().await.expect("answered");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{url}");
        let r = env
            .client
            .get(url)
            .header("Ocp-Apim-Subscription-Key", "wrong")
            .send()
            .await
            .expect("answered");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{url}");
    }
    let r = env
        .client
        .post(env.gpd(&format!("/organizations/{ORG}/debtpositions")))
        .json(&position("A", 1, 100))
        .send()
        .await
        .expect("answered");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(env.get_raw(ORG, "A").await.status(), StatusCode::NOT_FOUND);

    let carts = format!("{}/carts", env.running.checkout_base_url());
    env.create("A", 1, 100).await;
    let body = cart(&[(nav(1), 100)]);
    let r = env
        .client
        .post(&carts)
        .json(&body)
        .send()
        .await
        .expect("answered");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Checkout also takes the key in the query.
    let r = env
        .client
        .post(format!("{carts}?subscription-key={KEY}"))
        .json(&body)
        .send()
        .await
        .expect("answered");
    assert_eq!(r.status(), StatusCode::FOUND);
}
