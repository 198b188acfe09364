//! `store::tariffs`: meal prices by band, version and sibling.

use crate::support::{demo_tenants, on_both_engines, person, pupil_id, TestDb};
use app::backend::store::{personal, registry};
use app::domain::money::Money;
use chrono::NaiveDate;

/// Each pupil pays its band's price in the version valid that day; the second and later
/// children of a family pay half (the demo's sibling discount), the eldest in full.
async fn meal_prices_follow_bands_versions_and_siblings(db: &TestDb) {
    use app::backend::store::tariffs;
    use app::domain::tariffs::{BandKind, TariffBand};
    let (tenant, _) = demo_tenants(db).await;
    let december = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let prices = tariffs::meal_prices(&db.pool, &tenant.id, december, None)
        .await
        .expect("prices");
    let price = |prices: &std::collections::HashMap<String, Money>, id: &str| {
        prices.get(id).copied().expect("priced").cents()
    };
    let (giulia, luca) = (
        pupil_id(db, "RSSGLI18C54H501Z").await,
        pupil_id(db, "RSSLCU21H02H501S").await,
    );
    // Mario's ISEE (12,400 €) is in FASCIA4 (4.00 €); Luca is the younger child.
    assert_eq!(price(&prices, &giulia), 400);
    assert_eq!(price(&prices, &luca), 200);
    // Laura has no ISEE: the full tariff.
    let sofia = pupil_id(db, "CNTSFO14S63F205Z").await;
    assert_eq!(price(&prices, &sofia), 547);
    // Francesca's three children (FASCIA2, 2.00 €): the eldest in full, the others at half.
    let mut esposito: Vec<i64> = sqlx::query_scalar::<_, String>(
        "SELECT p.id FROM pupils p JOIN guardians g ON g.id = p.guardian_id WHERE g.fiscal_code = 'SPSFNC82D49F839L' ORDER BY p.birth_date",
    )
    .fetch_all(&db.pool)
    .await
    .expect("pupils")
    .iter()
    .map(|id| price(&prices, id))
    .collect();
    assert_eq!(esposito, vec![200, 100, 100]);

    // A new price list from January: FASCIA4 costs 4.50 €, with a 30 % sibling discount.
    let service: String = sqlx::query_scalar(
        "SELECT service_id FROM tariff_bands WHERE tenant_id = $1 AND code = 'FASCIA4'",
    )
    .bind(tenant.id.as_str())
    .fetch_one(&db.pool)
    .await
    .expect("service");
    let mut conn = db.pool.acquire().await.expect("conn");
    registry::RegistryWriter::new(&mut conn, &tenant.id)
        .tariff_band(
            &service,
            10,
            &registry::NewTariffBand {
                band: &TariffBand {
                    code: "FASCIA4".into(),
                    label: "ISEE da 7.000,01 a 15.000 € (2027)".into(),
                    kind: BandKind::Isee,
                    isee_min: Some(Money::from_cents(700_000)),
                    isee_max: Some(Money::from_cents(1_500_000)),
                    price: Money::from_cents(450),
                    sibling_discount_percent: 30,
                },
                valid_from: NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"),
                valid_to: None,
            },
        )
        .await
        .expect("new version");
    drop(conn);
    let january = NaiveDate::from_ymd_opt(2027, 1, 11).expect("date");
    let later = tariffs::meal_prices(&db.pool, &tenant.id, january, None)
        .await
        .expect("prices");
    assert_eq!(price(&later, &giulia), 450);
    assert_eq!(price(&later, &luca), 315);
    // December keeps its prices; other bands are unchanged.
    let again = tariffs::meal_prices(&db.pool, &tenant.id, december, None)
        .await
        .expect("prices");
    assert_eq!(price(&again, &giulia), 400);
    esposito = vec![price(&later, &sofia)];
    assert_eq!(esposito, vec![547]);
    // One family's prices only.
    let mario = personal::guardian_id(&db.pool, &tenant.id, &person("RSSMRA80A01H501U"))
        .await
        .expect("lookup")
        .expect("guardian");
    let only = tariffs::meal_prices(&db.pool, &tenant.id, december, Some(&mario))
        .await
        .expect("prices");
    assert_eq!(only.len(), 2);
}
on_both_engines!(meal_prices, meal_prices_follow_bands_versions_and_siblings);
