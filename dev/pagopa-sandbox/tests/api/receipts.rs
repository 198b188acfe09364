use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn pay_offline_as_at_a_tabaccheria() {
    let env = env().await;
    env.create("A", 2_025_000_000_001, 2000).await;
    assert_problem(
        env.receipt(ORG, &iuv(2_025_000_000_001)).await,
        StatusCode::NOT_FOUND,
        "02202500000000127",
    )
    .await;

    let r = env.pay_offline("302202500000000127").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["iuv"], "02202500000000127");
    assert_eq!(body["nav"], "302202500000000127");
    assert_eq!(body["paid"], true);

    let p = env.get("A").await;
    assert_eq!(p["status"], "PAID");
    assert_eq!(p["paymentOption"][0]["status"], "PO_PAID");

    let r = env.receipt(ORG, "02202500000000127").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/xml")
    );
    let xml = r.text().await.expect("xml");
    for part in [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"",
        "<PaSendRTV2Request>",
        &format!("<idPA>{ORG}</idPA>"),
        "<receiptId>",
        "<noticeNumber>302202500000000127</noticeNumber>",
        &format!("<fiscalCode>{ORG}</fiscalCode>"),
        "<outcome>OK</outcome>",
        "<creditorReferenceId>02202500000000127</creditorReferenceId>",
        "<paymentAmount>20.00</paymentAmount>",
        "<description>Ricarica mensa scolastica - Giulia Rossi</description>",
        "<companyName>Comune di Valleverde</companyName>",
        "<entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue>",
        "<fullName>Mario Rossi</fullName>",
        "<transferAmount>20.00</transferAmount>",
        &format!("<IBAN>{IBAN}</IBAN>"),
        "<transferCategory>9/0101108TS/</transferCategory>",
        "<idPSP>",
        "<PSPCompanyName>",
        "<paymentDateTime>",
    ] {
        assert!(xml.contains(part), "receipt lacks {part}:\n{xml}");
    }
    // The option carries the receipt's id.
    let id_receipt = p["paymentOption"][0]["idReceipt"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(xml.contains(&format!("<receiptId>{id_receipt}</receiptId>")));
}

#[tokio::test]
async fn offline_payment_errors() {
    let env = env().await;
    env.create("A", 1, 2000).await;
    assert_eq!(env.pay_offline(&nav(1)).await.status(), StatusCode::OK);
    assert_problem(
        env.pay_offline(&nav(1)).await,
        StatusCode::CONFLICT,
        "already paid",
    )
    .await;
    assert_problem(
        env.pay_offline(&nav(2)).await,
        StatusCode::NOT_FOUND,
        &nav(2),
    )
    .await;
    env.create_raw(ORG, &position("DRAFT", 3, 100), false).await;
    assert_eq!(
        env.pay_offline(&nav(3)).await.status(),
        StatusCode::NOT_FOUND
    );
    env.create("INV", 4, 100).await;
    env.gpd_post(&format!(
        "/organizations/{ORG}/debtpositions/INV/invalidate"
    ))
    .await;
    assert_eq!(
        env.pay_offline(&nav(4)).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn the_rust_api_pays_too() {
    let env = env().await;
    env.create("A", 1, 2000).await;
    let paid = env.running.sandbox.pay(&nav(1)).expect("paid");
    assert_eq!(paid.iuv, iuv(1));
    assert_eq!(paid.organization, ORG);
    assert_eq!(
        env.running.sandbox.pay(&nav(1)),
        Err(pagopa_sandbox::PayError::AlreadyPaid)
    );
    assert_eq!(env.get("A").await["status"], "PAID");
    assert_eq!(env.receipt(ORG, &iuv(1)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn receipts_list_pages_and_filters() {
    let env = env().await;
    assert_problem(env.receipts(ORG, "").await, StatusCode::NOT_FOUND, ORG).await;
    for base in 1..=3 {
        env.create(&format!("P{base}"), base, 100).await;
        env.pay_offline(&nav(base)).await;
    }
    let all: Value = env.receipts(ORG, "").await.json().await.expect("json");
    assert_eq!(all["length"], 3);
    assert_eq!(all["totalPages"], 1);
    assert_eq!(all["currentPageNumber"], 0);
    assert_eq!(
        all["results"][0],
        json!({"organizationFiscalCode": ORG, "iuv": iuv(1), "debtor": "RSSMRA80A01H501U", "paymentDateTime": all["results"][0]["paymentDateTime"]})
    );

    let page: Value = env
        .receipts(ORG, "?pageSize=2&pageNum=1")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["length"], 1);
    assert_eq!(page["totalPages"], 2);
    assert_eq!(page["results"][0]["iuv"], iuv(3));
    assert_eq!(
        env.receipts(ORG, "?pageSize=2&pageNum=2").await.status(),
        StatusCode::NOT_FOUND
    );

    let by_debtor: Value = env
        .receipts(ORG, "?debtor=RSSMRA80A01H501U")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(by_debtor["length"], 3);
    assert_eq!(
        env.receipts(ORG, "?debtor=NOBODY").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        env.receipts(ORG, "?segregationCodes=01").await.status(),
        StatusCode::NOT_FOUND
    );
    let seg: Value = env
        .receipts(ORG, "?segregationCodes=01,02")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(seg["length"], 3);
    let by_iuv: Value = env
        .receipts(ORG, &format!("?debtorOrIuv={}", iuv(2)))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(by_iuv["length"], 1);
    assert_eq!(
        env.receipts(ORG, "?from=2000-01-01&to=2000-12-31")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        env.receipts(ORG, "?pageSize=101").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        env.receipts(OTHER_ORG, "").await.status(),
        StatusCode::NOT_FOUND
    );
}
