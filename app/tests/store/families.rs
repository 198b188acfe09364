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
