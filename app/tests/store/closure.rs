//! `store::closure` (with `store::attendance`): the daily closure, its alerts and late absences.

use crate::support::{at, demo_tenants, on_both_engines, person, pupil_id, TestDb};
use app::backend::store::{payments::ledger, tenants};
use app::domain::money::Money;
use chrono::NaiveDate;

/// The daily closure debits each present pupil once — run twice, in parallel, or after a
/// run stopped midway — skips cancellations, holidays and days without canteen, and the
/// kitchen counts equal the presences.
async fn the_daily_closure_debits_each_present_pupil_once(db: &TestDb) {
    use app::backend::store::{bookings, closure};
    let (tenant, _) = demo_tenants(db).await;
    // A Tuesday of the school year: every Valleverde school has canteen.
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let now = at(2026, 12, 1);
    let present = closure::presences(&db.pool, &tenant, day)
        .await
        .expect("presences");
    assert_eq!(present.len(), 6, "the six demo pupils: {present:?}");
    // Giulia cancels, Luca asks for a plain meal.
    let giulia = pupil_id(db, "RSSGLI18C54H501Z").await;
    let luca = pupil_id(db, "RSSLCU21H02H501S").await;
    bookings::set(
        &db.pool,
        &tenant.id,
        &app::domain::ids::PupilId::parse(&giulia).expect("an id"),
        &[day],
        Some(bookings::DayStatus::Cancelled),
        "test",
        now,
    )
    .await
    .expect("cancel");
    bookings::set(
        &db.pool,
        &tenant.id,
        &app::domain::ids::PupilId::parse(&luca).expect("an id"),
        &[day],
        Some(bookings::DayStatus::Plain),
        "test",
        now,
    )
    .await
    .expect("plain");

    // Two closures at once, then a third: five meals, each debited once.
    let (a, b) = tokio::join!(
        closure::close_day(&db.pool, &tenant, day, "test", now),
        closure::close_day(&db.pool, &tenant, day, "test", now),
    );
    let (a, b) = (a.expect("close"), b.expect("close"));
    assert_eq!(a.present, 5);
    assert_eq!(a.debited + b.debited, 5);
    let again = closure::close_day(&db.pool, &tenant, day, "test", now)
        .await
        .expect("close again");
    assert_eq!((again.debited, again.already_debited), (0, 5));
    assert!(closure::is_closed(&db.pool, &tenant, day)
        .await
        .expect("closed"));
    let meals: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'meal'")
        .fetch_one(&db.pool)
        .await
        .expect("meals");
    assert_eq!(meals, 5);
    assert_eq!(ledger::verify(&db.pool).await.expect("verify").1, []);
    // Mario pays one meal (Luca's, plain) at his band's price.
    let mario = ledger::accounts_of_guardian(&db.pool, &tenant.id, &person("RSSMRA80A01H501U"))
        .await
        .expect("accounts");
    let wallet = mario.iter().find(|a| a.prepaid).expect("wallet");
    assert!(
        wallet.balance.cents() < 0 && wallet.balance.cents() > -1_000,
        "{:?}",
        wallet.balance
    );

    // The kitchen counts are the presences: 5 meals, one plain.
    let counts = app::backend::store::kitchen::counts(&db.pool, &tenant, day, None)
        .await
        .expect("counts");
    assert_eq!(counts.values().sum::<u32>(), 5);
    assert_eq!(
        counts
            .iter()
            .filter(|(k, _)| k.2 == "in bianco")
            .map(|(_, n)| *n)
            .sum::<u32>(),
        1
    );

    // A run killed midway (here: after the first pupils' debits were committed, before
    // the day was recorded closed): the rerun debits only the others, each once.
    let thursday = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
    let present = closure::presences(&db.pool, &tenant, thursday)
        .await
        .expect("presences");
    assert_eq!(present.len(), 6);
    for p in present.iter().take(2) {
        let mut tx = db.pool.begin().await.expect("tx");
        let account = ledger::account_for(&mut tx, &tenant.id, &p.guardian_id, &p.service_id)
            .await
            .expect("account");
        ledger::post(
            &mut tx,
            &tenant.id,
            &account,
            &ledger::NewEntry {
                kind: ledger::EntryKind::Meal,
                amount: Money::from_cents(-p.price.cents()),
                pupil_id: Some(&p.pupil_id),
                description: "Pasto (prima esecuzione interrotta)",
                reference: Some(&format!("meal:{}:2026-12-03", p.pupil_id)),
                created_by: "test",
            },
            now,
        )
        .await
        .expect("debit");
        tx.commit().await.expect("commit");
    }
    assert!(!closure::is_closed(&db.pool, &tenant, thursday)
        .await
        .expect("open"));
    let rerun = closure::close_day(&db.pool, &tenant, thursday, "test", now)
        .await
        .expect("rerun");
    assert_eq!((rerun.debited, rerun.already_debited), (4, 2));
    let thursday_meals: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM ledger_entries WHERE kind = 'meal' AND reference LIKE '%:2026-12-03'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("meals");
    assert_eq!(thursday_meals, 6);
    assert_eq!(ledger::verify(&db.pool).await.expect("verify").1, []);

    // A holiday (8 December) and a Sunday: nobody eats, nothing is debited.
    for free in [
        NaiveDate::from_ymd_opt(2026, 12, 8).expect("date"),
        NaiveDate::from_ymd_opt(2026, 12, 6).expect("date"),
    ] {
        let closed = closure::close_day(&db.pool, &tenant, free, "test", now)
            .await
            .expect("close");
        assert_eq!(closed.present, 0, "{free}");
    }
    // Wednesday: the secondary school (Tuesday and Thursday only) does not eat.
    let wednesday = closure::presences(
        &db.pool,
        &tenant,
        NaiveDate::from_ymd_opt(2026, 12, 2).expect("date"),
    )
    .await
    .expect("presences");
    assert!(
        wednesday.iter().all(|p| !p.school.contains("secondaria")),
        "{wednesday:?}"
    );
    assert!(wednesday.len() < 6);
}
on_both_engines!(
    daily_closure,
    the_daily_closure_debits_each_present_pupil_once
);

/// After the day's debit a family whose credit got worse gets one message per step
/// (reruns send nothing twice); a late absence is charged, or refunded exactly once when
/// the Ente does not charge it, whether the absence or the closure comes first.
async fn closure_alerts_and_late_absences(db: &TestDb) {
    use app::backend::store::{attendance, closure};
    let (tenant, _) = demo_tenants(db).await;
    let messages = |cf: &'static str| async move {
        sqlx::query_scalar::<_, String>(
            "SELECT m.title FROM messages m JOIN guardians g ON g.id = m.guardian_id
             WHERE g.fiscal_code = $1 ORDER BY m.created_at, m.title",
        )
        .bind(cf)
        .fetch_all(&db.pool)
        .await
        .expect("messages")
    };
    let tenant_id = tenant.id.clone();
    let wallet = |cf: &'static str| {
        let tenant_id = tenant_id.clone();
        async move {
            ledger::accounts_of_guardian(&db.pool, &tenant_id, &person(cf))
                .await
                .expect("accounts")
                .into_iter()
                .find(|a| a.prepaid)
                .expect("wallet")
        }
    };
    // Mario starts at zero: 6.00 € of meals (4.00 + 2.00) take him below zero.
    let (tue, wed, thu) = (
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        NaiveDate::from_ymd_opt(2026, 12, 2).expect("date"),
        NaiveDate::from_ymd_opt(2026, 12, 3).expect("date"),
    );
    closure::close_day(&db.pool, &tenant, tue, "test", at(2026, 12, 1))
        .await
        .expect("close");
    closure::close_day(&db.pool, &tenant, tue, "test", at(2026, 12, 1))
        .await
        .expect("rerun");
    assert_eq!(wallet("RSSMRA80A01H501U").await.balance.cents(), -600);
    assert_eq!(messages("RSSMRA80A01H501U").await, ["Saldo mensa negativo"]);
    // Another day further down: no new message until the limit.
    closure::close_day(&db.pool, &tenant, wed, "test", at(2026, 12, 2))
        .await
        .expect("close");
    assert_eq!(messages("RSSMRA80A01H501U").await.len(), 1);
    // Laura (Sofia eats Tuesday and Thursday, 5.47 €) went negative on Tuesday; a
    // correction brings her to 20.00 €, and Thursday's meal below three meals: "low".
    let laura = wallet("BNCLRA85M41F205C").await;
    let mut tx = db.pool.begin().await.expect("tx");
    ledger::post(
        &mut tx,
        &tenant.id,
        laura.id.as_str(),
        &ledger::NewEntry {
            kind: ledger::EntryKind::Correction,
            amount: Money::from_cents(2_547),
            pupil_id: None,
            description: "test",
            reference: Some("test-credit"),
            created_by: "test",
        },
        at(2026, 12, 2),
    )
    .await
    .expect("credit");
    tx.commit().await.expect("commit");
    closure::close_day(&db.pool, &tenant, thu, "test", at(2026, 12, 3))
        .await
        .expect("close");
    assert_eq!(wallet("BNCLRA85M41F205C").await.balance.cents(), 1_453);
    assert_eq!(
        messages("BNCLRA85M41F205C").await,
        ["Saldo mensa negativo", "Credito mensa in esaurimento"]
    );

    // Late absences: charged by default.
    let giulia = pupil_id(db, "RSSGLI18C54H501Z").await;
    let luca = pupil_id(db, "RSSLCU21H02H501S").await;
    attendance::record_late_absence(
        &db.pool,
        &tenant,
        &app::domain::ids::PupilId::parse(&giulia).expect("an id"),
        thu,
        "test",
        at(2026, 12, 3),
    )
    .await
    .expect("absent");
    let refunds = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'refund'")
            .fetch_one(&db.pool)
            .await
            .expect("refunds")
    };
    assert_eq!(refunds().await, 0);
    // An Ente that does not charge them: the absence after the closure refunds at once…
    sqlx::query("UPDATE tenants SET charge_late_absence = FALSE WHERE id = $1")
        .bind(tenant.id.as_str())
        .execute(&db.pool)
        .await
        .expect("setting");
    let tenant = tenants::get(&db.pool, &tenant.id)
        .await
        .expect("tenant")
        .expect("found");
    assert!(!tenant.booking.charge_late_absence);
    attendance::record_late_absence(
        &db.pool,
        &tenant,
        &app::domain::ids::PupilId::parse(&luca).expect("an id"),
        thu,
        "test",
        at(2026, 12, 3),
    )
    .await
    .expect("absent");
    attendance::record_late_absence(
        &db.pool,
        &tenant,
        &app::domain::ids::PupilId::parse(&luca).expect("an id"),
        thu,
        "test",
        at(2026, 12, 3),
    )
    .await
    .expect("again");
    // (Giulia's earlier absence is refunded now too: the Ente does not charge them.)
    assert_eq!(refunds().await, 2);
    // …and an absence before the closure is refunded by the closure, once.
    let fri = NaiveDate::from_ymd_opt(2026, 12, 4).expect("date");
    attendance::record_late_absence(
        &db.pool,
        &tenant,
        &app::domain::ids::PupilId::parse(&giulia).expect("an id"),
        fri,
        "test",
        at(2026, 12, 4),
    )
    .await
    .expect("absent");
    for _ in 0..2 {
        closure::close_day(&db.pool, &tenant, fri, "test", at(2026, 12, 4))
            .await
            .expect("close");
    }
    assert_eq!(refunds().await, 3);
    // Mario: Tuesday and Wednesday 6.00 € each, Thursday refunded in full, Friday only
    // Luca's 2.00 €: −14.00 €.
    assert_eq!(wallet("RSSMRA80A01H501U").await.balance.cents(), -1_400);
    assert_eq!(ledger::verify(&db.pool).await.expect("verify").1, []);
}
on_both_engines!(closure_alerts, closure_alerts_and_late_absences);
