//! `store::tenants`: the Enti and the hosts they answer on.

use crate::support::{on_both_engines, tenant, TestDb};
use app::backend::store::tenants::{self, NewTenant};
use app::domain::fiscal_code::OrganizationFiscalCode;
use app::domain::tenant::{SegregationCode, TenantHost};

async fn tenants_are_found_by_host_and_unique(db: &TestDb) {
    let a = tenant(db, "Comune A", "80003170661", "a.example.it").await;
    let found = tenants::find_by_host(
        &db.pool,
        &TenantHost::parse("A.Example.it:443").expect("host"),
    )
    .await
    .expect("query");
    assert_eq!(found, Some(a.clone()));
    assert_eq!(
        tenants::find_by_host(&db.pool, &TenantHost::parse("b.example.it").expect("h"))
            .await
            .expect("q"),
        None
    );

    // Same fiscal code or an already used host: refused, and nothing half-written.
    let mut tx = db.pool.begin().await.expect("tx");
    let dup = tenants::create(
        &mut tx,
        NewTenant {
            name: "Comune B".into(),
            fiscal_code: OrganizationFiscalCode::parse("82012345672").expect("cf"),
            address: "x".into(),
            time_zone: chrono_tz::Europe::Rome,
            segregation_code: SegregationCode::parse("03").expect("code"),
            hosts: vec![
                TenantHost::parse("b.example.it").expect("h"),
                TenantHost::parse("a.example.it").expect("h"),
            ],
            logo: None,
        },
    )
    .await;
    assert!(dup.is_err());
    drop(tx); // rolled back
    assert_eq!(tenants::list(&db.pool).await.expect("list").len(), 1);
    assert_eq!(
        tenants::find_by_host(&db.pool, &TenantHost::parse("b.example.it").expect("h"))
            .await
            .expect("q"),
        None
    );
}
on_both_engines!(tenants_by_host, tenants_are_found_by_host_and_unique);
