//! `backend::seed`: the demo data.

use crate::support::{on_both_engines, TestDb};
use app::backend::seed::{self, SeedOutcome, MONTECHIARO_FISCAL_CODE, VALLEVERDE_FISCAL_CODE};
use app::backend::store::{registry, tenants};
use app::domain::fiscal_code::OrganizationFiscalCode;
use sqlx::Row;

async fn the_demo_seed_is_complete_and_idempotent(db: &TestDb) {
    let first = seed::seed_demo(&db.pool, &db.files).await.expect("seed");
    assert!(first.iter().all(|(_, o)| *o == SeedOutcome::Created));
    let again = seed::seed_demo(&db.pool, &db.files)
        .await
        .expect("seed again");
    assert!(again.iter().all(|(_, o)| *o == SeedOutcome::AlreadyPresent));

    let code = OrganizationFiscalCode::parse(VALLEVERDE_FISCAL_CODE).expect("cf");
    let valleverde = tenants::find_by_fiscal_code(&db.pool, &code)
        .await
        .expect("q")
        .expect("seeded");
    let n = registry::counts(&db.pool, &valleverde.id)
        .await
        .expect("counts");
    assert_eq!(
        (
            n.schools,
            n.services,
            n.guardians,
            n.pupils,
            n.news,
            n.documents
        ),
        (3, 2, 3, 6, 10, 6)
    );
    assert_eq!(n.tariff_bands, 9);
    assert_eq!(
        n.subscriptions,
        6 + 4,
        "every pupil eats at school, four take the bus"
    );

    // Each family has one to three children.
    let rows = sqlx::query(
        "SELECT guardian_id, COUNT(*) FROM pupils WHERE tenant_id = $1 GROUP BY guardian_id",
    )
    .bind(valleverde.id.as_str())
    .fetch_all(&db.pool)
    .await
    .expect("families");
    let mut sizes: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get::<i64, _>(1).expect("count"))
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [1, 2, 3]);

    // Money is integer cents: the full tariff is exactly 5,47 €.
    let price: i64 = sqlx::query(
        "SELECT price_cents FROM tariff_bands WHERE tenant_id = $1 AND code = 'INTERA'",
    )
    .bind(valleverde.id.as_str())
    .fetch_one(&db.pool)
    .await
    .expect("band")
    .try_get(0)
    .expect("cents");
    assert_eq!(price, 547);

    let montechiaro = tenants::find_by_fiscal_code(
        &db.pool,
        &OrganizationFiscalCode::parse(MONTECHIARO_FISCAL_CODE).expect("cf"),
    )
    .await
    .expect("q")
    .expect("seeded");
    let m = registry::counts(&db.pool, &montechiaro.id)
        .await
        .expect("counts");
    assert_eq!((m.news, m.documents, m.pupils), (2, 1, 0));
    let logo = tenants::logo(&db.pool, &valleverde.id)
        .await
        .expect("logo")
        .expect("has logo");
    assert_eq!(logo.content_type, "image/svg+xml");
}
on_both_engines!(demo_seed, the_demo_seed_is_complete_and_idempotent);
