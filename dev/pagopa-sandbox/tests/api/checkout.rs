use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn pay_a_cart_on_the_checkout_page() {
    let env = env().await;
    env.create("A", 1, 2000).await;
    env.create("B", 2, 123_456).await;
    let page = env
        .checkout_page(&[(nav(1), 2000), (nav(2), 123_456)])
        .await;
    assert!(
        page.starts_with(&format!("{}/checkout/pay/", env.running.origin())),
        "{page}"
    );

    let r = env.client.get(&page).send().await.expect("page");
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.expect("html");
    for text in [
        "lang=\"it\"",
        "Comune di Valleverde",
        "Ricarica mensa scolastica",
        "20,00 €",
        "1.234,56 €",
        "1.254,56 €",
        &nav(1),
        ">Paga<",
        ">Annulla<",
        ">Errore<",
        "method=\"post\"",
    ] {
        assert!(html.contains(text), "page lacks {text}");
    }

    let r = env.press(&page, "ok").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "http://portal.test/pagamenti/esito?ok=1");
    for (iupd, base) in [("A", 1), ("B", 2)] {
        let p = env.get(iupd).await;
        assert_eq!(p["status"], "PAID");
        assert!(p["paymentDate"].is_string());
        let o = &p["paymentOption"][0];
        assert_eq!(o["status"], "PO_PAID");
        assert!(o["paymentDate"].is_string());
        assert!(o["idReceipt"].is_string());
        let r = env.receipt(ORG, &iuv(base)).await;
        assert_eq!(r.status(), StatusCode::OK);
    }

    // Paying again changes nothing.
    let r = env.press(&page, "ok").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "http://portal.test/pagamenti/esito?ok=1");
    let list: Value = env.receipts(ORG, "").await.json().await.expect("json");
    assert_eq!(list["length"], 2);
    let html = env
        .client
        .get(&page)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("già stato pagato"));
}

#[tokio::test]
async fn cancel_and_error_pay_nothing() {
    let env = env().await;
    env.create("A", 1, 2000).await;
    let page = env.checkout_page(&[(nav(1), 2000)]).await;
    let r = env.press(&page, "cancel").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r),
        "http://portal.test/pagamenti/esito?annullato=1"
    );
    let r = env.press(&page, "error").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "http://portal.test/pagamenti/esito?errore=1");
    let p = env.get("A").await;
    assert_eq!(p["status"], "VALID");
    assert_eq!(p["paymentOption"][0]["status"], "PO_UNPAID");
    assert_eq!(
        env.receipt(ORG, &iuv(1)).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = env.press(&page, "maybe").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_notice_paid_elsewhere_meanwhile_sends_to_the_error_url() {
    let env = env().await;
    env.create("A", 1, 2000).await;
    env.create("B", 2, 500).await;
    let page = env.checkout_page(&[(nav(1), 2000), (nav(2), 500)]).await;
    assert_eq!(env.pay_offline(&nav(2)).await.status(), StatusCode::OK);
    let r = env.press(&page, "ok").await;
    assert_eq!(location(&r), "http://portal.test/pagamenti/esito?errore=1");
    // All or nothing.
    assert_eq!(env.get("A").await["status"], "VALID");
}

#[tokio::test]
async fn unknown_carts_are_404_pages() {
    let env = env().await;
    let page = env.url("/checkout/pay/nope");
    let r = env.client.get(&page).send().await.expect("page");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.expect("html").contains("lang=\"it\""));
    assert_eq!(env.press(&page, "ok").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn carts_are_checked() {
    let env = env().await;
    env.create("A", 1, 2000).await;
    env.create_raw(ORG, &position("DRAFT", 2, 2000), false)
        .await;
    env.create("PAID", 3, 2000).await;
    env.pay_offline(&nav(3)).await;
    env.create("INV", 4, 2000).await;
    env.gpd_post(&format!(
        "/organizations/{ORG}/debtpositions/INV/invalidate"
    ))
    .await;

    let bad: Vec<(&str, Value)> = vec![
        ("no debt position", cart(&[(nav(9), 2000)])),
        ("differs", cart(&[(nav(1), 1999)])),
        ("DRAFT", cart(&[(nav(2), 2000)])),
        ("already paid", cart(&[(nav(3), 2000)])),
        ("INVALID", cart(&[(nav(4), 2000)])),
        ("noticeNumber", cart(&[("302202500000000128".into(), 2000)])),
        ("repeated", cart(&[(nav(1), 2000), (nav(1), 2000)])),
        ("paymentNotices", cart(&[])),
        ("paymentNotices", cart(&vec![(nav(1), 2000); 6])),
    ];
    for (needle, body) in bad {
        assert_problem(env.open_cart(&body).await, StatusCode::BAD_REQUEST, needle).await;
    }

    type Edit = fn(&mut Value);
    let edits: Vec<(&str, Edit)> = vec![
        ("paymentNotices[0].fiscalCode", |v| {
            v["paymentNotices"][0]["fiscalCode"] = json!("8201234567")
        }),
        ("paymentNotices[0].fiscalCode", |v| {
            v["paymentNotices"][0]["fiscalCode"] = json!("77777777777")
        }),
        ("paymentNotices[0].amount", |v| {
            v["paymentNotices"][0]["amount"] = json!(0)
        }),
        ("paymentNotices[0].description", |v| {
            v["paymentNotices"][0]["description"] = json!("x".repeat(141))
        }),
        ("paymentNotices[0].companyName", |v| {
            v["paymentNotices"][0]["companyName"] = json!("x".repeat(141))
        }),
        ("returnUrls", |v| {
            drop(v.as_object_mut().map(|o| o.remove("returnUrls")))
        }),
        ("returnUrls.returnErrorUrl", |v| {
            drop(
                v["returnUrls"]
                    .as_object_mut()
                    .map(|o| o.remove("returnErrorUrl")),
            )
        }),
        ("returnUrls.returnOkUrl", |v| {
            v["returnUrls"]["returnOkUrl"] = json!("www.comune.it/ok.html")
        }),
        ("emailNotice", |v| v["emailNotice"] = json!("not-an-email")),
    ];
    for (field, edit) in edits {
        let mut body = cart(&[(nav(1), 2000)]);
        edit(&mut body);
        assert_problem(
            env.open_cart(&body).await,
            StatusCode::BAD_REQUEST,
            &format!("{field}:"),
        )
        .await;
    }
    // The good one still opens.
    assert_eq!(
        env.open_cart(&cart(&[(nav(1), 2000)])).await.status(),
        StatusCode::FOUND
    );
}
