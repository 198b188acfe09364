//! `store::fees`: instalments of the paid-by-fee services and their reminders.

use crate::support::{at, demo_tenants, on_both_engines, person, TestDb};
use app::backend::seed::MONTECHIARO_FISCAL_CODE;
use app::backend::store::{payments, payments::ledger, tenants};
use app::domain::fiscal_code::OrganizationFiscalCode;
use app::domain::money::Money;
use chrono::NaiveDate;

/// Transport instalments: issued once per pupil and instalment, debited, then settled by
/// their own payment; overdue after the due date.
async fn fees_are_issued_once_and_settled_by_their_payment(db: &TestDb) {
    use app::backend::store::payments::fees;
    let (tenant, _) = demo_tenants(db).await;
    let now = at(2026, 11, 5);
    let instalments = [
        fees::Instalment {
            amount: Money::from_cents(9_300),
            due: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
        },
        fees::Instalment {
            amount: Money::from_cents(7_000),
            due: NaiveDate::from_ymd_opt(2027, 2, 28).expect("date"),
        },
    ];
    let first = fees::issue(
        &db.pool,
        &tenant,
        "TRASPORTO",
        "Trasporto 2026/27",
        &instalments,
        "test",
        now,
    )
    .await
    .expect("issue");
    let again = fees::issue(
        &db.pool,
        &tenant,
        "TRASPORTO",
        "Trasporto 2026/27",
        &instalments,
        "test",
        now,
    )
    .await
    .expect("issue again");
    assert_eq!(again.created, 0);
    assert_eq!(again.already_there, first.created);
    assert!(first.created >= 2, "{first:?}");
    assert!(
        fees::issue(
            &db.pool,
            &tenant,
            "REFEZIONE",
            "x",
            &instalments,
            "test",
            now
        )
        .await
        .is_err(),
        "prepaid services have no fees"
    );

    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mario = fees::of_guardian(&db.pool, &tenant, &person("RSSMRA80A01H501U"), today)
        .await
        .expect("fees");
    // Mario's Giulia takes the bus; the first instalment is overdue on 1 December.
    assert_eq!(mario.len(), 2, "{mario:?}");
    assert_eq!(mario[0].status, fees::FeeStatus::Overdue);
    assert_eq!(mario[1].status, fees::FeeStatus::Unpaid);
    let account = mario[0].account_id.clone();
    let owed: i64 = sqlx::query_scalar("SELECT balance_cents FROM accounts WHERE id = $1")
        .bind(account.as_str())
        .fetch_one(&db.pool)
        .await
        .expect("balance");
    assert_eq!(owed, -16_300);

    let payment = mario[0].payment.clone().expect("payment");
    assert_eq!(payment.amount, Money::from_cents(9_300));
    assert_eq!(
        payments::fees_to_publish(&db.pool, 100)
            .await
            .expect("to publish")
            .len(),
        usize::try_from(first.created).unwrap_or(0)
    );
    payments::mark_open(&db.pool, &tenant.id, &payment.id, now)
        .await
        .expect("open");
    for _ in 0..2 {
        payments::confirm(&db.pool, &tenant.id, payment.notice.iuv(), now)
            .await
            .expect("confirm");
    }
    let mario = fees::of_guardian(&db.pool, &tenant, &person("RSSMRA80A01H501U"), today)
        .await
        .expect("fees");
    assert_eq!(mario[0].status, fees::FeeStatus::Paid);
    let owed: i64 = sqlx::query_scalar("SELECT balance_cents FROM accounts WHERE id = $1")
        .bind(account.as_str())
        .fetch_one(&db.pool)
        .await
        .expect("balance");
    assert_eq!(owed, -7_000);
    assert_eq!(ledger::verify(&db.pool).await.expect("verify").1, []);
    // Another family sees none of these.
    assert!(
        fees::of_guardian(&db.pool, &tenant, &person("GRCLNE88B68H501O"), today)
            .await
            .expect("fees")
            .is_empty()
    );
    // Another Ente's IUV is unknown here.
    let (_, montechiaro) = (
        tenant.clone(),
        tenants::find_by_fiscal_code(
            &db.pool,
            &OrganizationFiscalCode::parse(MONTECHIARO_FISCAL_CODE).expect("code"),
        )
        .await
        .expect("lookup")
        .expect("ente"),
    );
    let other = payments::confirm(
        &db.pool,
        &montechiaro.id,
        mario[1].payment.as_ref().expect("payment").notice.iuv(),
        now,
    )
    .await
    .expect("confirm");
    assert_eq!(other, payments::Confirmation::Unknown);
}
on_both_engines!(
    fees_issue,
    fees_are_issued_once_and_settled_by_their_payment
);

/// Fees due within a week are reminded once each; later ones and paid ones are not.
async fn fees_due_soon_are_reminded_once(db: &TestDb) {
    use app::backend::store::payments::fees;
    let (tenant, _) = demo_tenants(db).await;
    let now = at(2026, 11, 25);
    fees::issue(
        &db.pool,
        &tenant,
        "TRASPORTO",
        "Trasporto 2026/27",
        &[
            fees::Instalment {
                amount: Money::from_cents(9_300),
                due: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
            },
            fees::Instalment {
                amount: Money::from_cents(7_000),
                due: NaiveDate::from_ymd_opt(2027, 2, 28).expect("date"),
            },
        ],
        "test",
        now,
    )
    .await
    .expect("issue");
    // Giulia's first instalment is paid already.
    let iuv: String = sqlx::query_scalar(
        "SELECT p.iuv FROM payments p JOIN fees f ON f.payment_id = p.id JOIN pupils u ON u.id = f.pupil_id
         WHERE u.fiscal_code = 'RSSGLI18C54H501Z' AND f.due_date = '2026-11-30'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("fee");
    payments::confirm(&db.pool, &tenant.id, &iuv, now)
        .await
        .expect("paid");
    // Four riders: three unpaid first instalments due in five days.
    assert_eq!(
        fees::remind_due_soon(&db.pool, 7, now)
            .await
            .expect("remind"),
        3
    );
    assert_eq!(
        fees::remind_due_soon(&db.pool, 7, now)
            .await
            .expect("again"),
        0
    );
    let titles: Vec<String> =
        sqlx::query_scalar("SELECT body FROM messages WHERE kind = 'fee_due_soon'")
            .fetch_all(&db.pool)
            .await
            .expect("messages");
    assert_eq!(titles.len(), 3);
    assert!(
        titles.iter().all(|b| b.contains("scade il 30/11/2026")),
        "{titles:?}"
    );
}
on_both_engines!(fee_reminders, fees_due_soon_are_reminded_once);
