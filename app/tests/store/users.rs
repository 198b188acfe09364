//! `store::users` (with `store::family`): roles from the registry and the staff grants.

use crate::support::{at, demo_tenants, on_both_engines, person, TestDb};
use app::backend::store::{personal, users, Tenant};
use app::domain::identity::Role;
use chrono::NaiveDate;

async fn roles_follow_the_registry_and_the_grants(db: &TestDb) {
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let roles = |t: &Tenant, cf: &'static str| {
        let id = t.id.clone();
        async move {
            users::roles_of(&db.pool, &id, &person(cf), today)
                .await
                .expect("roles")
        }
    };
    assert_eq!(roles(&valleverde, "RSSMRA80A01H501U").await, [Role::Family]);
    assert_eq!(roles(&montechiaro, "RSSMRA80A01H501U").await, []);
    assert_eq!(
        roles(&valleverde, "FRRPLA75E20L219Z").await,
        [Role::Delegate]
    );
    assert_eq!(
        roles(&valleverde, "GLLNNA90L47A944N").await,
        [Role::Operator]
    );
    assert_eq!(roles(&valleverde, "MRNLGU70R10D612W").await, [Role::Admin]);
    assert_eq!(
        roles(&montechiaro, "CNTSRA92C55M082A").await,
        [Role::Operator]
    );
    assert_eq!(roles(&valleverde, "CNTSRA92C55M082A").await, []);
    assert_eq!(roles(&valleverde, "GRCLNE88B68H501O").await, []);
    // Before the delegation starts, the delegate is nobody.
    let before = NaiveDate::from_ymd_opt(2026, 8, 31).expect("date");
    let paolo = users::roles_of(
        &db.pool,
        &valleverde.id,
        &person("FRRPLA75E20L219Z"),
        before,
    )
    .await
    .expect("roles");
    assert_eq!(paolo, []);

    // Pupils: the tutore's own, the delegate's delegated ones, nothing across Enti.
    let mario = person("RSSMRA80A01H501U");
    let own = personal::pupils_of_guardian(&db.pool, &valleverde.id, &mario, today)
        .await
        .expect("pupils");
    let names: Vec<&str> = own.iter().map(|p| p.given_name.as_str()).collect();
    assert_eq!(names, ["Giulia", "Luca"]);
    assert!(own
        .iter()
        .all(|p| !p.delegated && p.services.contains(&"Refezione Scolastica".to_string())));
    assert_eq!(
        (own[0].school.as_str(), own[0].class.as_str()),
        ("Scuola primaria Giovanni Pascoli", "3ª A")
    );
    assert_eq!(
        own[0].services,
        ["Refezione Scolastica", "Trasporto Scolastico"]
    );
    assert!(
        personal::pupils_of_guardian(&db.pool, &montechiaro.id, &mario, today)
            .await
            .expect("pupils")
            .is_empty()
    );
    let delegated =
        personal::pupils_delegated_to(&db.pool, &valleverde.id, &person("FRRPLA75E20L219Z"), today)
            .await
            .expect("pupils");
    assert_eq!(delegated.len(), 1);
    assert_eq!(delegated[0].given_name, "Giulia");
    assert!(delegated[0].delegated);

    // Staff grants: idempotent, listed per Ente, revocable; family is not granted.
    let francesca = person("SPSFNC82D49F839L");
    let now = at(2026, 11, 28);
    assert!(app::backend::store::staff::grant(
        &db.pool,
        &valleverde.id,
        &francesca,
        Role::Admin,
        "test",
        now
    )
    .await
    .expect("grant"));
    assert!(!app::backend::store::staff::grant(
        &db.pool,
        &valleverde.id,
        &francesca,
        Role::Admin,
        "test",
        now
    )
    .await
    .expect("again"));
    assert!(app::backend::store::staff::grant(
        &db.pool,
        &valleverde.id,
        &francesca,
        Role::Family,
        "test",
        now
    )
    .await
    .is_err());
    let staff = app::backend::store::staff::list(&db.pool, &valleverde.id)
        .await
        .expect("staff");
    assert_eq!(
        staff.len(),
        5,
        "two office roles, school staff, kitchen, Francesca"
    );
    assert!(staff
        .iter()
        .all(|g| g.fiscal_code != person("CNTSRA92C55M082A")));
    assert_eq!(
        roles(&valleverde, "SPSFNC82D49F839L").await,
        [Role::Family, Role::Admin]
    );
    let mut conn = db.pool.acquire().await.expect("connection");
    assert!(
        app::backend::store::staff::revoke(&mut conn, &valleverde.id, &francesca, Role::Admin)
            .await
            .expect("revoke")
    );
    assert!(!app::backend::store::staff::revoke(
        &mut conn,
        &valleverde.id,
        &francesca,
        Role::Admin
    )
    .await
    .expect("again"));
}
on_both_engines!(people_and_roles, roles_follow_the_registry_and_the_grants);

/// School staff and kitchen hold their role for some schools; the office for all of them.
async fn school_scoped_roles_cover_their_schools(db: &TestDb) {
    use app::backend::store::{registry, staff};
    use std::collections::BTreeSet;
    let (valleverde, _) = demo_tenants(db).await;
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let rita = person("CLMRTI79E52H501I");
    let roles = users::roles_of(&db.pool, &valleverde.id, &rita, today).await;
    assert_eq!(roles.expect("roles"), [Role::SchoolStaff]);
    let schools: BTreeSet<String> = registry::schools(&db.pool, &valleverde.id)
        .await
        .expect("schools")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let covered = |role| {
        let (pool, id, rita) = (&db.pool, &valleverde.id, &rita);
        async move {
            staff::schools_of(pool, id, rita, role)
                .await
                .expect("schools")
        }
    };
    let primaria = covered(Role::SchoolStaff).await;
    assert_eq!(primaria.len(), 1);
    assert!(primaria.is_subset(&schools));
    assert_eq!(covered(Role::Kitchen).await, BTreeSet::new());

    let mut conn = db.pool.acquire().await.expect("connection");
    let before = staff::set_schools(
        &mut conn,
        &valleverde.id,
        &rita,
        Role::SchoolStaff,
        &schools,
    )
    .await
    .expect("every school");
    assert_eq!(before, primaria);
    assert_eq!(covered(Role::SchoolStaff).await, schools);
    let office = staff::set_schools(&mut conn, &valleverde.id, &rita, Role::Operator, &schools);
    assert!(
        office.await.is_err(),
        "the office covers every school already"
    );
    let listed = staff::list(&db.pool, &valleverde.id).await.expect("staff");
    let entry = listed.iter().find(|g| g.fiscal_code == rita).expect("Rita");
    assert_eq!(entry.schools.len(), schools.len());

    assert!(
        staff::revoke(&mut conn, &valleverde.id, &rita, Role::SchoolStaff)
            .await
            .expect("revoke")
    );
    assert_eq!(covered(Role::SchoolStaff).await, BTreeSet::new());
    let roles = users::roles_of(&db.pool, &valleverde.id, &rita, today).await;
    assert_eq!(roles.expect("roles"), []);
}
on_both_engines!(school_scoped_roles, school_scoped_roles_cover_their_schools);
