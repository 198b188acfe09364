//! `store::bookings`: the families' day-by-day bookings.

use crate::support::{at, demo_tenants, on_both_engines, TestDb};
use chrono::NaiveDate;

/// 1,000 families cancelling the same day at once are all recorded; a cancel and a restore
/// racing for one pupil's day leave exactly one outcome, never two rows.
async fn concurrent_bookings_are_all_recorded_once(db: &TestDb) {
    use app::backend::store::bookings;
    let (tenant, _) = demo_tenants(db).await;
    let day = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
    let now = at(2026, 12, 3);
    // 1,000 pupils in one class (a big demo school), each with a guardian.
    let class_id: String =
        sqlx::query_scalar("SELECT id FROM classes WHERE tenant_id = $1 ORDER BY name LIMIT 1")
            .bind(tenant.id.as_str())
            .fetch_one(&db.pool)
            .await
            .expect("class");
    let guardian_id: String =
        sqlx::query_scalar("SELECT id FROM guardians WHERE tenant_id = $1 LIMIT 1")
            .bind(tenant.id.as_str())
            .fetch_one(&db.pool)
            .await
            .expect("guardian");
    let mut ids = Vec::new();
    for i in 0..1000 {
        let id = app::backend::store::new_id();
        sqlx::query(
            "INSERT INTO pupils (id, tenant_id, guardian_id, fiscal_code, given_name, family_name, birth_date, class_id)
             VALUES ($1, $2, $3, $4, 'Alunno', $5, '2018-01-01', $6)",
        )
        .bind(&id)
        .bind(tenant.id.as_str())
        .bind(&guardian_id)
        .bind(format!("BULK{i:012}"))
        .bind(format!("N{i}"))
        .bind(&class_id)
        .execute(&db.pool)
        .await
        .expect("pupil");
        ids.push(id);
    }
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let pool = db.pool.clone();
            let tenant = tenant.id.clone();
            let id = id.clone();
            tokio::spawn(async move {
                bookings::set(
                    &pool,
                    &tenant,
                    &app::domain::ids::PupilId::parse(&id).expect("an id"),
                    &[day],
                    Some(bookings::DayStatus::Cancelled),
                    "family",
                    now,
                )
                .await
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task").expect("cancel");
    }
    let recorded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings WHERE day = '2026-12-03' AND status = 'cancelled'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("count");
    assert_eq!(recorded, 1000);

    // Cancel and restore racing, many times, for one pupil's day: one row or none.
    let pupil = &ids[0];
    let races: Vec<_> = (0..50)
        .map(|i| {
            let pool = db.pool.clone();
            let tenant = tenant.id.clone();
            let pupil = pupil.clone();
            tokio::spawn(async move {
                let status = (i % 2 == 0).then_some(bookings::DayStatus::Cancelled);
                bookings::set(
                    &pool,
                    &tenant,
                    &app::domain::ids::PupilId::parse(&pupil).expect("an id"),
                    &[day],
                    status,
                    "family",
                    now,
                )
                .await
            })
        })
        .collect();
    for t in races {
        t.await.expect("task").expect("change");
    }
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE pupil_id = $1")
        .bind(pupil)
        .fetch_one(&db.pool)
        .await
        .expect("rows");
    assert!(rows <= 1, "never two rows for one day: {rows}");
}
on_both_engines!(
    booking_concurrency,
    concurrent_bookings_are_all_recorded_once
);
