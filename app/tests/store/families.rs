//! `store::families`: the office's search finds a family by either name order, fiscal code
//! or notice code, within its Ente only, and reads wildcards as letters.

use crate::support::{demo_tenants, on_both_engines, TestDb};
use app::backend::store::families::{self, Key};
use app::domain::fiscal_code::FiscalCode;

const MARIO: &str = "RSSMRA80A01H501U";

async fn codes(db: &TestDb, tenant: &app::backend::store::Tenant, text: &str) -> Vec<String> {
    let key = Key::parse(text).expect("a key");
    families::search(&db.pool, &tenant.id, &key)
        .await
        .expect("search")
        .into_iter()
        .map(|h| h.fiscal_code)
        .collect()
}

async fn the_office_finds_families_of_its_ente(db: &TestDb) {
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let pupil: String = sqlx::query_scalar(
        "SELECT p.fiscal_code FROM pupils p JOIN guardians g ON g.id = p.guardian_id
         WHERE g.fiscal_code = $1 LIMIT 1",
    )
    .bind(MARIO)
    .fetch_one(&db.pool)
    .await
    .expect("pupil");
    for text in ["rossi", "MARIO ROSSI", "Rossi  Mario", MARIO, &pupil] {
        assert!(
            codes(db, &valleverde, text)
                .await
                .contains(&MARIO.to_string()),
            "{text}"
        );
        assert!(codes(db, &montechiaro, text).await.is_empty(), "{text}");
    }
    let found = families::search(&db.pool, &valleverde.id, &Key::parse(MARIO).expect("key"))
        .await
        .expect("search");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "Mario Rossi");
    assert_eq!(found[0].pupils.len(), 2, "{found:?}");
    // Typed wildcards are letters, not "anything".
    assert!(codes(db, &valleverde, "ro%si").await.is_empty());
    assert!(codes(db, &valleverde, "r_ssi").await.is_empty());
    assert_eq!(Key::parse(" % "), None);
    assert_eq!(Key::parse("a"), None);
    let guardian = families::guardian(
        &db.pool,
        &valleverde.id,
        &FiscalCode::parse(MARIO).expect("cf"),
    )
    .await
    .expect("guardian")
    .expect("Mario");
    assert_eq!(guardian.family_name, "Rossi");
    assert!(
        families::guardian(&db.pool, &montechiaro.id, &guardian.fiscal_code)
            .await
            .expect("guardian")
            .is_none()
    );
}

on_both_engines!(families_search, the_office_finds_families_of_its_ente);

/// A family's payments, newest first on both engines: a paid one by when it was paid, an
/// open one by when it was opened; the receipts are the paid ones only.
async fn a_familys_payments_come_newest_first(db: &TestDb) {
    use app::backend::store::payments::{self, ledger, NewPayment, Purpose};
    use app::domain::money::Money;
    use chrono::{Duration, Utc};
    let (valleverde, _) = demo_tenants(db).await;
    let mario = FiscalCode::parse(MARIO).expect("cf");
    let wallet = ledger::accounts_of_guardian(&db.pool, &valleverde.id, &mario)
        .await
        .expect("accounts")
        .into_iter()
        .find(|a| a.prepaid)
        .expect("wallet");
    let t0 = Utc::now() - Duration::hours(3);
    let open = |description: &'static str| NewPayment {
        account_id: wallet.id.as_str(),
        purpose: Purpose::TopUp,
        fee_id: None,
        amount: Money::from_cents(1_000),
        description,
        due_date: t0.date_naive() + Duration::days(30),
        created_by: MARIO,
        request_key: None,
    };
    let new = |description, at| {
        let tenant = &valleverde;
        async move {
            let p = payments::create(
                &db.pool,
                &tenant.id,
                tenant.segregation_code,
                &open(description),
                at,
            )
            .await
            .expect("payment");
            payments::mark_open(&db.pool, &tenant.id, &p.id, at)
                .await
                .expect("open");
            p
        }
    };
    let paid = new("pagata", t0).await;
    payments::confirm(
        &db.pool,
        &valleverde.id,
        paid.notice.iuv(),
        t0 + Duration::hours(1),
    )
    .await
    .expect("confirm");
    new("aperta", t0 + Duration::hours(2)).await;
    let (tenant, mario) = (&valleverde.id, &mario);
    let listed = |paid_only| async move {
        payments::of_guardian(&db.pool, tenant, mario, paid_only, 10)
            .await
            .expect("payments")
            .into_iter()
            .map(|p| p.description)
            .collect::<Vec<_>>()
    };
    assert_eq!(listed(false).await, ["aperta", "pagata"]);
    assert_eq!(listed(true).await, ["pagata"]);
}

on_both_engines!(family_payments, a_familys_payments_come_newest_first);
