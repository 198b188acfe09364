//! `store::tax_certificates`: the 730 certificates.

use crate::support::{on_both_engines, open_topup, person, pupil_id, wallet, TestDb};
use app::backend::store::{payments, payments::ledger, personal};
use app::domain::money::Money;
use chrono::{NaiveDate, TimeZone, Utc};

/// The 730 certificate: what was paid in each calendar year of the Ente's zone (a payment at
/// 23:30 on 31 December and one at 00:30 on 1 January fall in different years), fees by their
/// pupil, top-ups shared by the year's meals; re-running changes and sends nothing more.
async fn tax_certificates_follow_the_payment_year(db: &TestDb) {
    use app::backend::store::{payments::fees, tax_certificates};
    let (tenant, account) = wallet(db).await;
    let (giulia, luca) = (
        pupil_id(db, "RSSGLI18C54H501Z").await,
        pupil_id(db, "RSSLCU21H02H501S").await,
    );
    let utc = |y, m, d, h, min| {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("instant")
    };
    // Meals of 2025: Giulia 8.00 €, Luca 4.00 € (the top-ups of 2025 are shared 2 : 1).
    for (pupil, cents, n) in [
        (&giulia, 400, 1),
        (&giulia, 400, 2),
        (&luca, 200, 3),
        (&luca, 200, 4),
    ] {
        let mut tx = db.pool.begin().await.expect("tx");
        ledger::post(
            &mut tx,
            &tenant.id,
            &account,
            &ledger::NewEntry {
                kind: ledger::EntryKind::Meal,
                amount: Money::from_cents(-cents),
                pupil_id: Some(pupil),
                description: "Pasto",
                reference: Some(&format!("meal-test-{n}")),
                created_by: "test",
            },
            utc(2025, 11, 3 + n, 12, 0),
        )
        .await
        .expect("meal");
        tx.commit().await.expect("commit");
    }
    // 30.00 € at 23:30 in Rome on 31/12/2025, 50.00 € at 00:30 on 01/01/2026.
    let late = open_topup(db, &tenant, &account, 3_000, utc(2025, 12, 31, 20, 0)).await;
    payments::confirm(
        &db.pool,
        &tenant.id,
        late.notice.iuv(),
        utc(2025, 12, 31, 22, 30),
    )
    .await
    .expect("confirm");
    let early = open_topup(db, &tenant, &account, 5_000, utc(2025, 12, 31, 20, 0)).await;
    payments::confirm(
        &db.pool,
        &tenant.id,
        early.notice.iuv(),
        utc(2025, 12, 31, 23, 30),
    )
    .await
    .expect("confirm");
    // Giulia's transport instalment (93.00 €) paid at 23:59 in Rome on 31/12/2026.
    fees::issue(
        &db.pool,
        &tenant,
        "TRASPORTO",
        "Trasporto 2026/27",
        &[fees::Instalment {
            amount: Money::from_cents(9_300),
            due: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
        }],
        "test",
        utc(2026, 10, 1, 9, 0),
    )
    .await
    .expect("fees");
    let iuv: String = sqlx::query_scalar(
        "SELECT p.iuv FROM payments p JOIN fees f ON f.payment_id = p.id WHERE f.pupil_id = $1",
    )
    .bind(&giulia)
    .fetch_one(&db.pool)
    .await
    .expect("fee payment");
    payments::confirm(&db.pool, &tenant.id, &iuv, utc(2026, 12, 31, 22, 59))
        .await
        .expect("confirm");

    let y2025 = tax_certificates::paid_in_year(&db.pool, &tenant, 2025)
        .await
        .expect("2025");
    let mario = personal::guardian_id(&db.pool, &tenant.id, &person("RSSMRA80A01H501U"))
        .await
        .expect("lookup")
        .expect("Mario");
    let amount = |year: &std::collections::BTreeMap<(String, String), Money>, pupil: &str| {
        year.get(&(mario.clone(), pupil.to_string()))
            .map(|m| m.cents())
    };
    assert_eq!(amount(&y2025, &giulia), Some(2_000));
    assert_eq!(amount(&y2025, &luca), Some(1_000));
    // 2026: no meals, so the 50.00 € go half and half to the two canteen pupils; the fee
    // is Giulia's.
    let y2026 = tax_certificates::paid_in_year(&db.pool, &tenant, 2026)
        .await
        .expect("2026");
    assert_eq!(
        (amount(&y2026, &giulia), amount(&y2026, &luca)),
        (Some(2_500 + 9_300), Some(2_500))
    );
    assert_eq!(
        tax_certificates::paid_in_year(&db.pool, &tenant, 2027)
            .await
            .expect("2027")
            .len(),
        0
    );

    // Published once, for Mario's family (nobody else paid in 2025).
    let first =
        app::backend::tax_certificates::publish(&db.pool, &tenant, 2025, utc(2026, 2, 1, 9, 0))
            .await
            .expect("publish");
    assert_eq!(
        (first.certificates, first.families, first.new_messages),
        (2, 1, 1)
    );
    let again =
        app::backend::tax_certificates::publish(&db.pool, &tenant, 2025, utc(2026, 2, 2, 9, 0))
            .await
            .expect("again");
    assert_eq!(
        (again.certificates, again.families, again.new_messages),
        (2, 1, 0)
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tax_certificates WHERE year = 2025")
        .fetch_one(&db.pool)
        .await
        .expect("rows");
    assert_eq!(rows, 2);
    let lines = tax_certificates::of_guardian(&db.pool, &tenant, &person("RSSMRA80A01H501U"), 2025)
        .await
        .expect("lines");
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.pupil_fiscal_code.as_str(), l.amount.cents()))
            .collect::<Vec<_>>(),
        [("RSSGLI18C54H501Z", 2_000), ("RSSLCU21H02H501S", 1_000)]
    );
    assert!(
        tax_certificates::of_guardian(&db.pool, &tenant, &person("BNCLRA85M41F205C"), 2025)
            .await
            .expect("lines")
            .is_empty()
    );
    let message: (String, Option<String>) =
        sqlx::query_as("SELECT title, link_path FROM messages WHERE kind = 'tax_certificate'")
            .fetch_one(&db.pool)
            .await
            .expect("message");
    assert_eq!(
        message,
        (
            "Attestazione delle spese scolastiche 2025".to_string(),
            Some("/area-personale/attestazioni/2025.pdf".to_string())
        )
    );
}
on_both_engines!(tax_certificates, tax_certificates_follow_the_payment_year);
