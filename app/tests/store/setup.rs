//! `store::setup`: schools retired or deleted only without history, classes unique by name
//! in a school and year with their weekdays, services with bookings on or off, and the
//! families' pupils leaving Prenotazioni when their canteen's bookings are off.

use crate::support::{demo_tenants, on_both_engines, person, TestDb};
use app::backend::store::registry::RegistryWriter;
use app::backend::store::{personal, setup, tenants, Conflict, StoreError};
use app::domain::ids::{ClassId, SchoolId};
use app::domain::setup::{CanteenWeekdays, PaymentIdentifiers, SetupError};
use chrono::{NaiveDate, Utc};

async fn schools_are_retired_and_deleted_only_without_history(db: &TestDb) {
    let (tenant, other) = demo_tenants(db).await;
    let mut conn = db.pool.acquire().await.expect("conn");
    let school = SchoolId::from_db(
        RegistryWriter::new(&mut conn, &tenant.id)
            .school("Scuola nuova", "primaria", "Via Nuova 1")
            .await
            .expect("school"),
    );
    let class = RegistryWriter::new(&mut conn, &tenant.id)
        .class(school.as_str(), "1ª A", "2026/2027")
        .await
        .expect("class");
    let mon_wed =
        CanteenWeekdays::from_boxes([true, false, true, false, false, false]).expect("days");
    setup::set_weekdays(&mut conn, &tenant.id, &class, &mon_wed)
        .await
        .expect("weekdays");
    // The same name in the same school and year is a conflict; another year is not.
    let again = RegistryWriter::new(&mut conn, &tenant.id)
        .class(school.as_str(), "1ª A", "2026/2027")
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(Conflict::ClassExists))),
        "{again:?}"
    );
    RegistryWriter::new(&mut conn, &tenant.id)
        .class(school.as_str(), "1ª A", "2027/2028")
        .await
        .expect("next year's 1ª A");

    let row = setup::school(&mut conn, &tenant.id, &school)
        .await
        .expect("read")
        .expect("school");
    assert!(row.has_history && !row.retired);
    assert_eq!(
        setup::delete_school(&mut conn, &tenant.id, &school)
            .await
            .expect("delete"),
        Err(SetupError::SchoolHasHistory)
    );
    setup::set_retired(&mut conn, &tenant.id, &school, Some(Utc::now()))
        .await
        .expect("retire");
    let listed = setup::schools(&db.pool, &tenant.id).await.expect("schools");
    assert_eq!(
        listed.last().map(|s| (s.name.as_str(), s.retired)),
        Some(("Scuola nuova", true)),
        "retired last"
    );
    // Another Ente does not see it.
    assert!(setup::school(&mut conn, &other.id, &school)
        .await
        .expect("read")
        .is_none());

    let classes = setup::classes(&db.pool, &tenant.id).await.expect("classes");
    let mine: Vec<_> = classes.iter().filter(|c| c.school_id == school).collect();
    assert_eq!(mine.len(), 2);
    let first = mine
        .iter()
        .find(|c| c.school_year == "2026/2027")
        .expect("1ª A");
    assert_eq!((first.weekdays.clone(), first.pupils), (vec![1, 3], 0));
    for c in mine {
        assert_eq!(
            setup::delete_class(&mut conn, &tenant.id, &c.id)
                .await
                .expect("delete"),
            Ok(())
        );
    }
    assert_eq!(
        setup::delete_school(&mut conn, &tenant.id, &school)
            .await
            .expect("delete"),
        Ok(())
    );
    assert!(setup::school(&mut conn, &tenant.id, &school)
        .await
        .expect("read")
        .is_none());

    // A class with pupils stays.
    let giulia_class: String =
        sqlx::query_scalar("SELECT class_id FROM pupils WHERE fiscal_code = 'RSSGLI18C54H501Z'")
            .fetch_one(&db.pool)
            .await
            .expect("class");
    assert_eq!(
        setup::delete_class(&mut conn, &tenant.id, &ClassId::from_db(giulia_class))
            .await
            .expect("delete"),
        Err(SetupError::ClassHasPupils)
    );
}
on_both_engines!(
    schools_and_classes,
    schools_are_retired_and_deleted_only_without_history
);

async fn a_canteen_without_bookings_takes_its_pupils_out_of_prenotazioni(db: &TestDb) {
    let (tenant, _) = demo_tenants(db).await;
    let mario = person("RSSMRA80A01H501U");
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let bookable = || async {
        personal::pupils_of_guardian(&db.pool, &tenant.id, &mario, day)
            .await
            .expect("pupils")
            .iter()
            .filter(|p| p.bookable)
            .count()
    };
    assert_eq!(bookable().await, 2);
    let services = setup::services(&db.pool, &tenant.id)
        .await
        .expect("services");
    let canteen = services
        .iter()
        .find(|s| s.code == "REFEZIONE")
        .expect("canteen");
    let transport = services
        .iter()
        .find(|s| s.code == "TRASPORTO")
        .expect("transport");
    assert!(canteen.bookings_enabled && !transport.bookings_enabled);
    let mut conn = db.pool.acquire().await.expect("conn");
    setup::update_service(
        &mut conn,
        &tenant.id,
        &canteen.id,
        "Mensa",
        "9/0201102IM/",
        false,
    )
    .await
    .expect("off");
    assert_eq!(bookable().await, 0);
    let read = setup::service(&mut conn, &tenant.id, &canteen.id)
        .await
        .expect("read")
        .expect("service");
    assert_eq!(
        (read.name.as_str(), read.bookings_enabled),
        ("Mensa", false)
    );
}
on_both_engines!(
    service_bookings,
    a_canteen_without_bookings_takes_its_pupils_out_of_prenotazioni
);

async fn the_entes_payment_identifiers_are_stored_together(db: &TestDb) {
    let (tenant, _) = demo_tenants(db).await;
    let ids = PaymentIdentifiers::parse("IT42L1234512345123456789012", "", "07").expect("valid");
    let mut conn = db.pool.acquire().await.expect("conn");
    tenants::set_pagopa(&mut conn, &tenant.id, &ids)
        .await
        .expect("save");
    let read = tenants::get(&db.pool, &tenant.id)
        .await
        .expect("read")
        .expect("tenant");
    assert_eq!(read.iban.as_deref(), Some("IT42L1234512345123456789012"));
    assert_eq!(read.cbill, None);
    assert_eq!(read.segregation_code.to_string(), "07");
}
on_both_engines!(
    payment_identifiers,
    the_entes_payment_identifiers_are_stored_together
);
