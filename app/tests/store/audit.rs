//! `store::audit`: the staff's changes, appended and listed by person and time, per Ente.

use crate::support::{at, demo_tenants, on_both_engines, person, TestDb};
use app::backend::store::audit::{self, Change, Filter};
use app::backend::store::TenantId;
use app::domain::audit::AuditAction;

async fn subjects(db: &TestDb, tenant: &TenantId, filter: &Filter<'_>) -> Vec<String> {
    audit::list(&db.pool, tenant, filter, 10)
        .await
        .expect("list")
        .into_iter()
        .map(|e| e.subject)
        .collect()
}

async fn the_audit_log_lists_by_person_and_time_within_its_ente(db: &TestDb) {
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let (anna, luigi) = (person("GLLNNA90L47A944N"), person("MRNLGU70R10D612W"));
    let record = |tenant: &TenantId, actor, action, subject, day| {
        let (pool, tenant) = (db.pool.clone(), tenant.clone());
        async move {
            let mut conn = pool.acquire().await.expect("connection");
            let change = Change {
                actor,
                action,
                subject,
                before: None,
                after: Some("dopo"),
            };
            audit::append(&mut conn, &tenant, &change, at(2026, 12, day))
                .await
                .expect("append");
        }
    };
    record(
        &valleverde.id,
        &luigi,
        AuditAction::RoleGranted,
        "SPSFNC82D49F839L",
        1,
    )
    .await;
    record(
        &valleverde.id,
        &anna,
        AuditAction::MessageSent,
        "Sciopero",
        2,
    )
    .await;
    record(
        &valleverde.id,
        &anna,
        AuditAction::FormDecided,
        "2026/000001",
        3,
    )
    .await;
    record(
        &montechiaro.id,
        &anna,
        AuditAction::AbsenceMarked,
        "Altro Ente",
        2,
    )
    .await;

    // Newest first, only this Ente's.
    assert_eq!(
        subjects(db, &valleverde.id, &Filter::default()).await,
        ["2026/000001", "Sciopero", "SPSFNC82D49F839L"]
    );
    assert_eq!(
        subjects(db, &montechiaro.id, &Filter::default()).await,
        ["Altro Ente"]
    );
    // By person.
    let by_anna = Filter {
        actor: Some(&anna),
        ..Filter::default()
    };
    assert_eq!(
        subjects(db, &valleverde.id, &by_anna).await,
        ["2026/000001", "Sciopero"]
    );
    // From included, until excluded.
    let second_only = Filter {
        from: Some(at(2026, 12, 2)),
        until: Some(at(2026, 12, 3)),
        ..Filter::default()
    };
    assert_eq!(
        subjects(db, &valleverde.id, &second_only).await,
        ["Sciopero"]
    );
    // Each entry keeps what was recorded.
    let entry = audit::list(&db.pool, &valleverde.id, &Filter::default(), 1)
        .await
        .expect("list")
        .remove(0);
    assert_eq!(entry.action, AuditAction::FormDecided);
    assert_eq!(entry.actor, "GLLNNA90L47A944N");
    assert_eq!((entry.before, entry.after.as_deref()), (None, Some("dopo")));
    assert_eq!(entry.at, at(2026, 12, 3));
}
on_both_engines!(
    audit_log,
    the_audit_log_lists_by_person_and_time_within_its_ente
);
