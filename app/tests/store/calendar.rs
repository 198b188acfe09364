//! `store::calendar`: closure periods, school years and their consistency with the days
//! already closed; `store::import_reports`.

use crate::support::{at, demo_tenants, on_both_engines, person, pupil_id, TestDb};
use app::backend::store::{bookings, calendar, closure, import_reports, registry};
use app::domain::calendar::{CalendarRefusal, ClosurePeriod};
use app::domain::ids::{PupilId, SchoolId};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn period(first: NaiveDate, last: NaiveDate, reason: &str) -> ClosurePeriod {
    ClosurePeriod::new(first, last, reason).expect("a period")
}

async fn school(db: &TestDb, tenant: &app::backend::store::Tenant, name: &str) -> SchoolId {
    let schools = registry::schools(&db.pool, &tenant.id)
        .await
        .expect("schools");
    let (id, _) = schools
        .into_iter()
        .find(|(_, n)| n.contains(name))
        .expect("the school");
    SchoolId::parse(&id).expect("an id")
}

/// Periods whose scopes meet never overlap; a closure added after a family cancelled
/// leaves nobody to feed or debit that day, and taking it away brings back the presences
/// with the cancellation still there; closed days can change no more.
async fn closures_are_periods_consistent_with_bookings_and_closed_days(db: &TestDb) {
    let (tenant, other) = demo_tenants(db).await;
    let mut conn = db.pool.acquire().await.expect("conn");
    let primaria = school(db, &tenant, "primaria").await;
    let now = at(2026, 12, 1);
    let add = |school: Option<SchoolId>, p: ClosurePeriod| {
        let pool = db.pool.clone();
        let tenant = tenant.id.clone();
        async move {
            let mut conn = pool.acquire().await.expect("conn");
            calendar::add_closure(&mut conn, &tenant, school.as_ref(), &p, "test", now)
                .await
                .expect("store")
        }
    };
    let natale = period(d(2026, 12, 23), d(2027, 1, 6), "Vacanze di Natale");
    add(None, natale.clone()).await.expect("added");
    // A school's strike inside the Ente's holidays, or the same holidays again: refused.
    let refusal = add(
        Some(primaria.clone()),
        period(d(2027, 1, 5), d(2027, 1, 8), "Sciopero"),
    )
    .await
    .expect_err("overlaps");
    assert_eq!(
        refusal,
        CalendarRefusal::Overlaps {
            existing: natale.clone(),
            school: None
        }
    );
    assert!(refusal.message().contains("Vacanze di Natale"));
    // Another Ente's calendar is its own.
    calendar::add_closure(&mut conn, &other.id, None, &natale, "test", now)
        .await
        .expect("store")
        .expect("another Ente");
    // A school the Ente does not have is refused.
    let foreign = SchoolId::parse("00000000-0000-7000-8000-000000000000").expect("an id");
    assert_eq!(
        add(Some(foreign), period(d(2027, 2, 1), d(2027, 2, 1), "Gita")).await,
        Err(CalendarRefusal::UnknownSchool)
    );

    // Giulia cancels Thursday 10 December; then the primary school closes 10–11 December.
    let day = d(2026, 12, 10);
    let giulia = PupilId::parse(&pupil_id(db, "RSSGLI18C54H501Z").await).expect("id");
    bookings::set(
        &db.pool,
        &tenant.id,
        &giulia,
        &[day],
        Some(bookings::DayStatus::Cancelled),
        "test",
        now,
    )
    .await
    .expect("cancel");
    let before = closure::presences(&db.pool, &tenant, day)
        .await
        .expect("presences");
    assert_eq!(before.len(), 5, "six pupils, Giulia cancelled");
    let primary_before = before
        .iter()
        .filter(|p| p.school.contains("primaria"))
        .count();
    assert!(primary_before > 0);
    let gita = period(day, d(2026, 12, 11), "Gita d'istituto");
    add(Some(primaria.clone()), gita.clone())
        .await
        .expect("added");
    let during = closure::presences(&db.pool, &tenant, day)
        .await
        .expect("presences");
    assert_eq!(during.len(), 5 - primary_before);
    assert!(during.iter().all(|p| !p.school.contains("primaria")));
    // The pupil's own calendar says so too.
    let cal = bookings::class_calendar(&db.pool, &tenant.id, &giulia, day)
        .await
        .expect("calendar")
        .expect("in the school year");
    assert!(!cal.is_canteen_day(day) && !cal.is_canteen_day(d(2026, 12, 11)));
    assert!(cal.is_canteen_day(d(2026, 12, 14)));
    // Taken away: the presences come back, Giulia's cancellation still holds.
    let removed = calendar::remove_closure(&mut conn, &tenant.id, Some(&primaria), day)
        .await
        .expect("store")
        .expect("removed");
    assert_eq!(removed, gita);
    assert_eq!(
        closure::presences(&db.pool, &tenant, day)
            .await
            .expect("presences"),
        before
    );
    assert_eq!(
        calendar::remove_closure(&mut conn, &tenant.id, Some(&primaria), day)
            .await
            .expect("store"),
        Err(CalendarRefusal::NotFound)
    );

    // Once a day is closed (debited), no closure may start or stop covering it.
    closure::close_day(&db.pool, &tenant, day, "test", now)
        .await
        .expect("close");
    assert_eq!(
        add(None, period(d(2026, 12, 9), d(2026, 12, 10), "Elezioni")).await,
        Err(CalendarRefusal::DayClosed(day))
    );
    let listed = calendar::closures(&db.pool, &tenant.id, d(2026, 12, 1), d(2027, 1, 31))
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].period.clone(), listed[0].school.clone()),
        (natale, None)
    );
}
on_both_engines!(
    closures,
    closures_are_periods_consistent_with_bookings_and_closed_days
);

/// A school year is corrected in place or added; it cannot gain or lose a closed day nor
/// span two years.
async fn school_years_are_corrected_without_touching_closed_days(db: &TestDb) {
    let (tenant, _) = demo_tenants(db).await;
    let mut conn = db.pool.acquire().await.expect("conn");
    let primaria = school(db, &tenant, "primaria").await;
    let years = calendar::school_years(&db.pool, &tenant.id)
        .await
        .expect("years");
    let current = years
        .iter()
        .find(|y| y.school == primaria)
        .expect("the demo year");
    let (first, last) = (current.first_day, current.last_day);
    // The last day moves: the same year, corrected.
    let replaced =
        calendar::set_school_year(&mut conn, &tenant.id, &primaria, first, d(2027, 6, 9))
            .await
            .expect("store")
            .expect("set");
    assert_eq!(replaced, Some((first, last)));
    // The next year is added beside it.
    let next = calendar::set_school_year(
        &mut conn,
        &tenant.id,
        &primaria,
        d(2027, 9, 13),
        d(2028, 6, 8),
    )
    .await
    .expect("store")
    .expect("set");
    assert_eq!(next, None);
    // Dates touching both years, a backwards year: refused.
    assert!(matches!(
        calendar::set_school_year(
            &mut conn,
            &tenant.id,
            &primaria,
            d(2027, 6, 1),
            d(2027, 9, 20)
        )
        .await
        .expect("store"),
        Err(CalendarRefusal::BadYear(_))
    ));
    assert!(matches!(
        calendar::set_school_year(
            &mut conn,
            &tenant.id,
            &primaria,
            d(2027, 6, 1),
            d(2027, 5, 1)
        )
        .await
        .expect("store"),
        Err(CalendarRefusal::BadYear(_))
    ));
    // A closed day cannot leave the year.
    closure::close_day(&db.pool, &tenant, d(2026, 12, 1), "test", at(2026, 12, 1))
        .await
        .expect("close");
    assert_eq!(
        calendar::set_school_year(
            &mut conn,
            &tenant.id,
            &primaria,
            d(2026, 12, 2),
            d(2027, 6, 9)
        )
        .await
        .expect("store"),
        Err(CalendarRefusal::DayClosed(d(2026, 12, 1)))
    );
    let after = calendar::school_years(&db.pool, &tenant.id)
        .await
        .expect("years");
    let mine: Vec<_> = after
        .iter()
        .filter(|y| y.school == primaria)
        .map(|y| (y.first_day, y.last_day))
        .collect();
    assert_eq!(
        mine,
        [(first, d(2027, 6, 9)), (d(2027, 9, 13), d(2028, 6, 8))]
    );
}
on_both_engines!(
    school_years,
    school_years_are_corrected_without_touching_closed_days
);

/// A report is read back only by who made the import, in its Ente, for its kind.
async fn reports_are_shown_to_their_author_only(db: &TestDb) {
    let (tenant, other) = demo_tenants(db).await;
    let mut conn = db.pool.acquire().await.expect("conn");
    let me = person("GLLNNA90L47A944N");
    let id = import_reports::save(
        &mut conn,
        &tenant.id,
        "chiusure",
        &me,
        "{\"added\":3}",
        at(2026, 12, 1),
    )
    .await
    .expect("saved");
    let load = |tenant, kind, who| import_reports::load(&db.pool, tenant, kind, who, &id);
    assert_eq!(
        load(&tenant.id, "chiusure", &me)
            .await
            .expect("load")
            .as_deref(),
        Some("{\"added\":3}")
    );
    let someone_else = person("MRNLGU70R10D612W");
    assert_eq!(
        load(&tenant.id, "chiusure", &someone_else)
            .await
            .expect("load"),
        None
    );
    assert_eq!(load(&other.id, "chiusure", &me).await.expect("load"), None);
    assert_eq!(load(&tenant.id, "anagrafe", &me).await.expect("load"), None);
}
on_both_engines!(import_report, reports_are_shown_to_their_author_only);
