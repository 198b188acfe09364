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
                    price_max: None,
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

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

async fn canteen(db: &TestDb, tenant: &app::backend::store::Tenant) -> String {
    sqlx::query_scalar("SELECT id FROM services WHERE tenant_id = $1 AND code = 'REFEZIONE'")
        .bind(tenant.id.as_str())
        .fetch_one(&db.pool)
        .await
        .expect("canteen")
}

/// January 2027: exempt up to 1.000 €, then the personalised tariff from 2.000 € (1,00 €)
/// to 20.000 € (5,00 €), full tariff 5,50 €, 50 % from the second child.
fn january_list() -> app::domain::tariffs::draft::PriceList {
    use app::domain::tariffs::{BandKind, TariffBand};
    let band =
        |code: &str, kind, range: (Option<i64>, Option<i64>), cents, top: Option<i64>| TariffBand {
            code: code.into(),
            label: code.into(),
            kind,
            isee_min: range.0.map(|e| Money::from_cents(e * 100)),
            isee_max: range.1.map(|e| Money::from_cents(e * 100)),
            price: Money::from_cents(cents),
            price_max: top.map(Money::from_cents),
            sibling_discount_percent: 50,
        };
    app::domain::tariffs::draft::PriceList {
        valid_from: day(2027, 1, 1),
        bands: vec![
            band("ESENTE", BandKind::Isee, (None, Some(1_000)), 0, None),
            band(
                "PERSONALIZZATA",
                BandKind::IseeLinear,
                (Some(2_000), Some(20_000)),
                100,
                Some(500),
            ),
            band("INTERA", BandKind::Full, (None, None), 550, None),
        ],
    }
}

/// A new list ends the versions in force the day before it starts, is read back with its
/// personalised band, and a second list from the same day is refused.
async fn a_new_list_follows_the_previous_one(db: &TestDb) {
    use app::backend::store::{tariffs, Conflict, StoreError};
    use app::domain::tariffs::BandKind;
    let (tenant, other) = demo_tenants(db).await;
    let service = canteen(db, &tenant).await;
    let mut tx = db.pool.begin().await.expect("tx");
    let ids = tariffs::add_list(&mut tx, &tenant.id, &service, &january_list())
        .await
        .expect("added");
    tx.commit().await.expect("commit");
    assert_eq!(ids.len(), 3);

    let all = tariffs::bands_of_service(&db.pool, &tenant.id, &service)
        .await
        .expect("bands");
    let old: Vec<_> = all
        .iter()
        .filter(|b| b.valid_from == day(2026, 9, 1))
        .collect();
    assert_eq!(old.len(), 8);
    assert!(old.iter().all(|b| b.valid_to == Some(day(2026, 12, 31))));
    let new: Vec<_> = all
        .iter()
        .filter(|b| b.valid_from == day(2027, 1, 1))
        .collect();
    assert_eq!(new.len(), 3);
    assert!(new.iter().all(|b| b.valid_to.is_none()));
    assert_eq!(
        new[1].band,
        january_list().bands[1],
        "the personalised band reads back"
    );
    assert_eq!(new[1].band.kind, BandKind::IseeLinear);

    let mut conn = db.pool.acquire().await.expect("conn");
    let december: Vec<String> =
        tariffs::bands_valid_on(&mut conn, &tenant.id, &service, day(2026, 12, 31))
            .await
            .expect("dec")
            .into_iter()
            .map(|(_, b)| b.code)
            .collect();
    assert_eq!(december.len(), 8);
    assert!(december.contains(&"FASCIA4".to_string()));
    let january: Vec<String> =
        tariffs::bands_valid_on(&mut conn, &tenant.id, &service, day(2027, 1, 1))
            .await
            .expect("jan")
            .into_iter()
            .map(|(_, b)| b.code)
            .collect();
    assert_eq!(january, ["ESENTE", "PERSONALIZZATA", "INTERA"]);
    drop(conn);

    let mut tx = db.pool.begin().await.expect("tx");
    let again = tariffs::add_list(&mut tx, &tenant.id, &service, &january_list()).await;
    assert!(
        matches!(again, Err(StoreError::Conflict(Conflict::PriceListExists))),
        "{again:?}"
    );
    tx.rollback().await.expect("rollback");
    // The other Ente has no such service: nothing of it is listed there.
    let theirs = tariffs::bands_of_service(&db.pool, &other.id, &service)
        .await
        .expect("bands");
    assert!(theirs.is_empty());
}
on_both_engines!(new_price_list, a_new_list_follows_the_previous_one);

/// Subscriptions keep the family's ISEE; moved to the personalised band from January, the
/// daily prices are computed from it (to the cent), December's stay as they were.
async fn the_personalised_tariff_reaches_the_meal_prices(db: &TestDb) {
    use app::backend::store::{registry::RegistryWriter, tariffs};
    let (tenant, _) = demo_tenants(db).await;
    let service = canteen(db, &tenant).await;
    let subscribers = tariffs::subscribers(&db.pool, &tenant.id, &service, day(2027, 1, 1))
        .await
        .expect("subscribers");
    assert_eq!(subscribers.len(), 6, "every demo pupil eats at school");
    let rossi: Vec<_> = subscribers
        .iter()
        .filter(|s| s.guardian_name == "Mario Rossi")
        .collect();
    assert_eq!(rossi.len(), 2);
    assert!(rossi
        .iter()
        .all(|s| s.isee == Some(Money::from_cents(1_240_000))));
    assert!(rossi.iter().all(|s| s.band.code == "FASCIA4"));
    let bianchi = subscribers
        .iter()
        .find(|s| s.guardian_name == "Laura Bianchi")
        .expect("Laura");
    assert_eq!((bianchi.isee, bianchi.band.code.as_str()), (None, "INTERA"));

    let mut tx = db.pool.begin().await.expect("tx");
    let ids = tariffs::add_list(&mut tx, &tenant.id, &service, &january_list())
        .await
        .expect("added");
    for s in &rossi {
        RegistryWriter::new(&mut tx, &tenant.id)
            .rebase_subscription(&s.span, &ids["PERSONALIZZATA"], s.isee, day(2027, 1, 1))
            .await
            .expect("moved");
    }
    tx.commit().await.expect("commit");

    let (giulia, luca, sofia) = (
        pupil_id(db, "RSSGLI18C54H501Z").await,
        pupil_id(db, "RSSLCU21H02H501S").await,
        pupil_id(db, "CNTSFO14S63F205Z").await,
    );
    let prices = |d| tariffs::meal_prices(&db.pool, &tenant.id, d, None);
    let january = prices(day(2027, 1, 11)).await.expect("prices");
    // 1 + (12.400 − 2.000) / 18.000 × 4 = 3,3111… € → 3,31 €; Luca half of it, 1,655 → 1,66 €.
    assert_eq!(january[&giulia], Money::from_cents(331));
    assert_eq!(january[&luca], Money::from_cents(166));
    // Laura keeps the code INTERA, at its new price.
    assert_eq!(january[&sofia], Money::from_cents(550));
    let december = prices(day(2026, 12, 31)).await.expect("prices");
    assert_eq!(
        (december[&giulia], december[&luca], december[&sofia]),
        (
            Money::from_cents(400),
            Money::from_cents(200),
            Money::from_cents(547)
        )
    );
    // The split subscription: December on the old band, from January on the new one.
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT from_date, to_date FROM subscriptions WHERE tenant_id = $1 AND pupil_id = $2 AND service_id = $3 ORDER BY from_date",
    )
    .bind(tenant.id.as_str())
    .bind(&giulia)
    .bind(&service)
    .fetch_all(&db.pool)
    .await
    .expect("subscriptions");
    assert_eq!(
        rows,
        vec![
            ("2026-09-01".to_string(), Some("2026-12-31".to_string())),
            ("2027-01-01".to_string(), None)
        ]
    );
}
on_both_engines!(
    personalised_prices,
    the_personalised_tariff_reaches_the_meal_prices
);
