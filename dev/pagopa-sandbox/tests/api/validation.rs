//! Every rule of the create request refused with a 400 ProblemJson naming the field, and
//! nothing stored.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

type Edit = fn(&mut Value);

fn cases() -> Vec<(&'static str, Edit)> {
    vec![
        ("paymentOption[0].nav", |v| {
            v["paymentOption"][0]["nav"] = json!("302202500000000128")
        }),
        ("paymentOption[0].nav", |v| {
            v["paymentOption"][0]["nav"] = json!("30220250000000012")
        }),
        ("paymentOption[0].nav", |v| {
            v["paymentOption"][0]["nav"] = json!(nav(2))
        }),
        ("paymentOption[0].iuv", |v| {
            v["paymentOption"][0]["iuv"] = json!("02202500000000128")
        }),
        ("paymentOption[0].iuv", |v| {
            v["paymentOption"][0]["iuv"] = json!("0220250000000012X")
        }),
        ("paymentOption[0].iuv", |v| {
            drop(
                v["paymentOption"][0]
                    .as_object_mut()
                    .map(|o| o.remove("iuv")),
            )
        }),
        ("paymentOption[0].amount", |v| {
            v["paymentOption"][0]["amount"] = json!(0)
        }),
        ("paymentOption[0].amount", |v| {
            v["paymentOption"][0]["amount"] = json!(12.5)
        }),
        ("paymentOption[0].amount", |v| {
            v["paymentOption"][0]["amount"] = json!("2000")
        }),
        ("paymentOption[0].description", |v| {
            v["paymentOption"][0]["description"] = json!("x".repeat(141))
        }),
        ("paymentOption[0].dueDate", |v| {
            v["paymentOption"][0]["dueDate"] = json!("2020-01-01T00:00:00+01:00")
        }),
        ("paymentOption[0].dueDate", |v| {
            v["paymentOption"][0]["dueDate"] = json!("31/12/2099")
        }),
        ("paymentOption[0].isPartialPayment", |v| {
            drop(
                v["paymentOption"][0]
                    .as_object_mut()
                    .map(|o| o.remove("isPartialPayment")),
            )
        }),
        ("paymentOption[0].transfer", |v| {
            v["paymentOption"][0]["transfer"][0]["amount"] = json!(1999)
        }),
        ("paymentOption[0].transfer", |v| {
            v["paymentOption"][0]["transfer"] = json!([])
        }),
        ("paymentOption[0].transfer[0].idTransfer", |v| {
            v["paymentOption"][0]["transfer"][0]["idTransfer"] = json!("6")
        }),
        ("paymentOption[0].transfer[0].iban", |v| {
            v["paymentOption"][0]["transfer"][0]["iban"] = json!("IT60 X054 2811")
        }),
        ("paymentOption[0].transfer[0].iban", |v| {
            drop(
                v["paymentOption"][0]["transfer"][0]
                    .as_object_mut()
                    .map(|o| o.remove("iban")),
            )
        }),
        ("paymentOption[0].transfer[0].remittanceInformation", |v| {
            v["paymentOption"][0]["transfer"][0]["remittanceInformation"] = json!("x".repeat(141))
        }),
        ("paymentOption[0].transfer[0].category", |v| {
            drop(
                v["paymentOption"][0]["transfer"][0]
                    .as_object_mut()
                    .map(|o| o.remove("category")),
            )
        }),
        ("paymentOption[0].transfer[0].organizationFiscalCode", |v| {
            v["paymentOption"][0]["transfer"][0]["organizationFiscalCode"] = json!("82012345673")
        }),
        ("companyName", |v| v["companyName"] = json!("x".repeat(141))),
        ("officeName", |v| v["officeName"] = json!("x".repeat(141))),
        ("fiscalCode", |v| {
            drop(v.as_object_mut().map(|o| o.remove("fiscalCode")))
        }),
        ("fullName", |v| v["fullName"] = Value::Null),
        ("iupd", |v| {
            drop(v.as_object_mut().map(|o| o.remove("iupd")))
        }),
        ("switchToExpired", |v| {
            drop(v.as_object_mut().map(|o| o.remove("switchToExpired")))
        }),
        ("type", |v| v["type"] = json!("X")),
        ("country", |v| v["country"] = json!("Italia")),
        ("validityDate", |v| {
            v["validityDate"] = json!("2020-01-01T00:00:00Z")
        }),
        ("paymentOption", |v| v["paymentOption"] = json!([])),
    ]
}

#[tokio::test]
async fn each_invalid_field_is_a_400_naming_it() {
    let env = env().await;
    for (field, edit) in cases() {
        let mut body = position("BAD", 1, 2000);
        edit(&mut body);
        let r = env.create_raw(ORG, &body, true).await;
        assert_problem(r, StatusCode::BAD_REQUEST, &format!("{field}:")).await;
    }
    assert_eq!(
        env.get_raw(ORG, "BAD").await.status(),
        StatusCode::NOT_FOUND
    );
    // The untouched fixture is fine.
    let r = env.create_raw(ORG, &position("GOOD", 1, 2000), true).await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_valid_nav_matching_the_iuv_is_accepted() {
    let env = env().await;
    let mut body = position("A", 2_025_000_000_001, 2000);
    body["paymentOption"][0]["nav"] = json!("302202500000000127");
    let r = env.create_raw(ORG, &body, true).await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn the_organization_fiscal_code_is_checked() {
    let env = env().await;
    for org in ["8201234567", "82012345673", "8201234567A", "820123456722"] {
        let r = env.create_raw(org, &position("A", 1, 100), true).await;
        assert_problem(r, StatusCode::BAD_REQUEST, "organizationfiscalcode").await;
    }
}

#[tokio::test]
async fn malformed_requests_are_400() {
    let env = env().await;
    let url = env.gpd(&format!("/organizations/{ORG}/debtpositions"));
    for body in ["", "{not json", "[1,2]", "\"x\""] {
        let r = env
            .client
            .post(&url)
            .header("Ocp-Apim-Subscription-Key", KEY)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("answered");
        assert_problem(r, StatusCode::BAD_REQUEST, "").await;
    }
    let r = env
        .client
        .post(format!("{url}?toPublish=maybe"))
        .header("Ocp-Apim-Subscription-Key", KEY)
        .json(&position("A", 1, 100))
        .send()
        .await
        .expect("answered");
    assert_problem(r, StatusCode::BAD_REQUEST, "toPublish").await;
}

#[tokio::test]
async fn unknown_paths_and_methods_are_problems_too() {
    let env = env().await;
    let r = env
        .client
        .get(env.gpd("/nowhere"))
        .header("Ocp-Apim-Subscription-Key", KEY)
        .send()
        .await
        .expect("answered");
    assert_problem(r, StatusCode::NOT_FOUND, "").await;
    let r = env
        .client
        .patch(env.gpd(&format!("/organizations/{ORG}/debtpositions/A/publish")))
        .header("Ocp-Apim-Subscription-Key", KEY)
        .send()
        .await
        .expect("answered");
    assert_problem(r, StatusCode::METHOD_NOT_ALLOWED, "").await;
}
