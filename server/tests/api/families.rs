//! Famiglie: the office finds a family by name, fiscal code or notice code and reads its
//! page; families and other Enti get nothing.

use crate::support::browser::Browser;
use crate::support::{self, json, spawn_app_with_payments, MONTECHIARO};
use serde_json::Value;

const VALLEVERDE: &str = "127.0.0.1";
const MARIO: &str = "RSSMRA80A01H501U";
const ANNA_OPERATOR: &str = "GLLNNA90L47A944N";

async fn search(b: &Browser, q: &str) -> (u16, Value) {
    json(b.call("families_search", &[("q", q)]).await).await
}

fn hit_codes(found: &Value) -> Vec<String> {
    found["hits"]
        .as_array()
        .map(|h| {
            h.iter()
                .filter_map(|h| h["fiscal_code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_finds_a_family_and_reads_its_accounts() {
    let app = spawn_app_with_payments().await;
    let db = &app.state.ctx.db;
    let mario = Browser::new(&app, VALLEVERDE);
    mario.sign_in(MARIO).await;
    let (status, started) = json(
        mario
            .call(
                "payments_recharge",
                &[("amount", "20"), ("method", "avviso")],
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{started}");
    let id = started["payment_id"].as_str().expect("id").to_string();
    let (notice, iuv): (String, String) =
        sqlx::query_as("SELECT notice_number, iuv FROM payments WHERE id = $1")
            .bind(&id)
            .fetch_one(db)
            .await
            .expect("notice");
    // pagoPA says it is paid: the wallet gets its credit, the family its message.
    let tenant = support::valleverde(&app).await;
    app::backend::store::payments::confirm(db, &tenant.id, &iuv, chrono::Utc::now())
        .await
        .expect("confirm");
    let giulia: String = sqlx::query_scalar(
        "SELECT p.fiscal_code FROM pupils p JOIN guardians g ON g.id = p.guardian_id
         WHERE g.fiscal_code = $1 ORDER BY p.given_name LIMIT 1",
    )
    .bind(MARIO)
    .fetch_one(db)
    .await
    .expect("a pupil of Mario");

    let anna = Browser::new(&app, VALLEVERDE);
    anna.sign_in(ANNA_OPERATOR).await;
    // Mario's family answers to his name either way round, his fiscal code in lower case,
    // a pupil's fiscal code, the notice code as printed (in groups) and its IUV.
    let grouped: String = notice
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join(" ");
    for q in [
        "rossi",
        "Mario Rossi",
        "ROSSI MARIO",
        &MARIO.to_lowercase(),
        &giulia,
        &grouped,
        &iuv,
    ] {
        let (status, found) = search(&anna, q).await;
        assert_eq!(status, 200, "{q}: {found}");
        assert!(
            hit_codes(&found).contains(&MARIO.to_string()),
            "{q}: {found}"
        );
    }
    let (_, found) = search(&anna, &MARIO.to_lowercase()).await;
    assert_eq!(hit_codes(&found), [MARIO], "a fiscal code finds one family");
    assert!(
        found["hits"][0]["pupils"]
            .as_array()
            .is_some_and(|p| p.len() == 2),
        "{found}"
    );
    // Wildcards are letters; too short a text is explained; nobody is nobody.
    for q in ["%", "_", "r"] {
        let (status, found) = search(&anna, q).await;
        assert_eq!(status, 200);
        assert!(hit_codes(&found).is_empty(), "{q}: {found}");
        assert!(
            found["refusal"]
                .as_str()
                .is_some_and(|r| r.contains("almeno due")),
            "{q}: {found}"
        );
    }
    let (status, found) = search(&anna, &"rossi ".repeat(14_000)).await;
    assert_eq!(status, 200);
    assert!(
        found["refusal"]
            .as_str()
            .is_some_and(|r| r.contains("troppo lungo")),
        "{found}"
    );
    let (_, found) = search(&anna, "Zzyzx").await;
    assert!(
        hit_codes(&found).is_empty() && found["refusal"].is_null(),
        "{found}"
    );

    let (status, family) = json(anna.call("family_view", &[("fiscal_code", MARIO)]).await).await;
    assert_eq!(status, 200, "{family}");
    assert_eq!(family["name"], "Mario Rossi");
    assert_eq!(family["pupils"].as_array().map(Vec::len), Some(2));
    let balance: i64 = sqlx::query_scalar(
        "SELECT a.balance_cents FROM accounts a JOIN guardians g ON g.id = a.guardian_id
         JOIN services s ON s.id = a.service_id
         WHERE g.fiscal_code = $1 AND s.billing_mode = 'prepaid'",
    )
    .bind(MARIO)
    .fetch_one(db)
    .await
    .expect("wallet");
    let wallet = family["accounts"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["account"]["prepaid"] == true))
        .expect("the wallet");
    assert_eq!(wallet["account"]["balance"], balance, "{wallet}");
    assert_eq!(
        wallet["rows"][0]["amount"], 2_000,
        "the top-up, newest first: {wallet}"
    );
    assert_eq!(wallet["rows"][0]["balance_after"], balance);
    let payments = family["payments"].as_array().expect("payments");
    assert!(
        payments.iter().any(|p| p["state"] == "Paid"
            && p["notice"] == grouped.as_str()
            && p["paid_at"].is_string()),
        "the paid top-up with its notice: {payments:?}"
    );

    let titles = family["messages"].to_string();
    assert!(titles.contains("Ricarica confermata"), "{titles}");

    // The office downloads the family's receipt, made out to the tutore; not another Ente.
    let receipt = anna.get(&app::routes::payment_receipt_pdf(&id)).await;
    assert_eq!(receipt.status(), 200);
    assert!(receipt.bytes().await.expect("pdf").starts_with(b"%PDF-"));

    // Families read no other family, another Ente's office does not find this one.
    let (status, _) = search(&mario, "rossi").await;
    assert_eq!(status, 403);
    let (status, _) = json(mario.call("family_view", &[("fiscal_code", MARIO)]).await).await;
    assert_eq!(status, 403);
    let sara = Browser::new(&app, MONTECHIARO);
    sara.sign_in("CNTSRA92C55M082A").await;
    let (status, found) = search(&sara, MARIO).await;
    assert_eq!(status, 200);
    assert!(hit_codes(&found).is_empty(), "{found}");
    let (status, _) = json(sara.call("family_view", &[("fiscal_code", MARIO)]).await).await;
    assert_eq!(status, 404);
    let receipt = sara.get(&app::routes::payment_receipt_pdf(&id)).await;
    assert_eq!(receipt.status(), 404);
    // A malformed fiscal code is a 400 in Italian.
    let (status, err) = json(anna.call("family_view", &[("fiscal_code", "ROSSI")]).await).await;
    assert_eq!(status, 400, "{err}");
}
