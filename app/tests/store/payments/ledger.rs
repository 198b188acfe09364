//! `store::ledger`: balances, debits and statements.

use crate::support::{at, balance, on_both_engines, open_topup, person, wallet, TestDb};
use app::backend::store::{self, payments, payments::ledger};
use app::domain::money::Money;

/// Random interleavings of top-ups, meal debits, duplicate / late / out-of-order
/// confirmations and restarts: the balance is always the ledger's sum and the model's.
async fn the_ledger_survives_any_interleaving(db: &TestDb) {
    use rand::{Rng, SeedableRng};
    let (tenant, account) = wallet(db).await;
    let url = db.url.clone();
    let mut pool = db.pool.clone();
    let mut expected = 0i64;
    let mut open: Vec<payments::Payment> = Vec::new();
    let mut credited: std::collections::HashSet<String> = Default::default();
    let mut meals = 0u32;
    let t0 = at(2026, 11, 2);
    for seed in 0..3u64 {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        for step in 0..40 {
            let now = t0
                + chrono::Duration::minutes(
                    i64::from(step) + i64::try_from(seed).unwrap_or(0) * 100,
                );
            match rng.gen_range(0..10) {
                0..=2 => {
                    let cents = rng.gen_range(500..=50_000);
                    let p = payments::create(
                        &pool,
                        &tenant.id,
                        tenant.segregation_code,
                        &payments::NewPayment {
                            account_id: &account,
                            purpose: payments::Purpose::TopUp,
                            fee_id: None,
                            amount: Money::from_cents(cents),
                            description: "Ricarica",
                            due_date: now.date_naive(),
                            created_by: "test",
                            request_key: None,
                        },
                        now,
                    )
                    .await
                    .expect("create");
                    // Sometimes confirmed before we even marked it open (a fast platform).
                    if rng.gen_bool(0.7) {
                        payments::mark_open(&pool, &tenant.id, &p.id, now)
                            .await
                            .expect("open");
                    }
                    open.push(p);
                }
                3..=6 if !open.is_empty() => {
                    // Any payment, again and again, in any order.
                    let p = open[rng.gen_range(0..open.len())].clone();
                    let outcome = payments::confirm(&pool, &tenant.id, p.notice.iuv(), now)
                        .await
                        .expect("confirm");
                    if credited.insert(p.notice.iuv().to_string()) {
                        assert_eq!(outcome, payments::Confirmation::Credited);
                        expected += p.amount.cents();
                    } else {
                        assert_eq!(outcome, payments::Confirmation::AlreadyConfirmed);
                    }
                }
                7 | 8 => {
                    // A meal, sometimes posted twice (a re-run of the daily debit).
                    let day = if rng.gen_bool(0.3) && meals > 0 {
                        meals - 1
                    } else {
                        meals
                    };
                    let reference = format!("meal:giulia:{day}");
                    let mut tx = pool.begin().await.expect("tx");
                    let posted = ledger::post(
                        &mut tx,
                        &tenant.id,
                        &account,
                        &ledger::NewEntry {
                            kind: ledger::EntryKind::Meal,
                            amount: Money::from_cents(-500),
                            pupil_id: None,
                            description: "Pasto",
                            reference: Some(&reference),
                            created_by: "test",
                        },
                        now,
                    )
                    .await
                    .expect("post");
                    tx.commit().await.expect("commit");
                    if day == meals {
                        assert_eq!(posted, ledger::Posted::Applied);
                        expected -= 500;
                        meals += 1;
                    } else {
                        assert_eq!(posted, ledger::Posted::AlreadyPosted);
                    }
                }
                _ => {
                    // A restart: a new pool on the same database.
                    pool.close().await;
                    pool = store::connect(&url, 4).await.expect("reconnect");
                }
            }
            assert_eq!(
                balance(&pool, &tenant, &account).await.cents(),
                expected,
                "seed {seed} step {step}"
            );
            let (accounts, mismatches) = ledger::verify(&pool).await.expect("verify");
            assert!(accounts >= 1);
            assert_eq!(mismatches, [], "seed {seed} step {step}");
        }
    }
    let unknown = payments::confirm(&pool, &tenant.id, "02999999999999999", t0)
        .await
        .expect("confirm");
    assert_eq!(unknown, payments::Confirmation::Unknown);
}
on_both_engines!(ledger_interleavings, the_ledger_survives_any_interleaving);

async fn statements_run_their_balance_and_stay_with_their_family(db: &TestDb) {
    let (tenant, account) = wallet(db).await;
    let t0 = at(2026, 11, 4);
    for (i, cents) in [5_000i64, 3_000].into_iter().enumerate() {
        let p = open_topup(
            db,
            &tenant,
            &account,
            cents,
            t0 + chrono::Duration::hours(i64::try_from(i).unwrap_or(0)),
        )
        .await;
        payments::confirm(
            &db.pool,
            &tenant.id,
            p.notice.iuv(),
            t0 + chrono::Duration::hours(i64::try_from(i).unwrap_or(0)),
        )
        .await
        .expect("confirm");
    }
    let (total, lines) = ledger::statement(
        &db.pool,
        &tenant.id,
        &person("RSSMRA80A01H501U"),
        &app::domain::ids::AccountId::parse(&account).expect("an id"),
        0,
        10,
    )
    .await
    .expect("statement");
    assert_eq!(total, 2);
    assert_eq!(lines[0].amount, Money::from_cents(3_000), "newest first");
    assert_eq!(lines[0].balance_after, Money::from_cents(8_000));
    assert_eq!(lines[1].balance_after, Money::from_cents(5_000));
    let (_, second_page) = ledger::statement(
        &db.pool,
        &tenant.id,
        &person("RSSMRA80A01H501U"),
        &app::domain::ids::AccountId::parse(&account).expect("an id"),
        1,
        1,
    )
    .await
    .expect("statement");
    assert_eq!(
        second_page[0].balance_after,
        Money::from_cents(5_000),
        "running balance across pages"
    );
    // Another tutore asking for this account sees nothing.
    let (total, lines) = ledger::statement(
        &db.pool,
        &tenant.id,
        &person("BNCLRA85M41F205C"),
        &app::domain::ids::AccountId::parse(&account).expect("an id"),
        0,
        10,
    )
    .await
    .expect("statement");
    assert_eq!((total, lines.len()), (0, 0));
    let p = open_topup(db, &tenant, &account, 1_000, t0).await;
    assert!(
        payments::get_for_guardian(&db.pool, &tenant.id, &person("BNCLRA85M41F205C"), &p.id)
            .await
            .expect("get")
            .is_none()
    );
    assert!(
        payments::get_for_guardian(&db.pool, &tenant.id, &person("RSSMRA80A01H501U"), &p.id)
            .await
            .expect("get")
            .is_some()
    );
}
on_both_engines!(
    ledger_statements,
    statements_run_their_balance_and_stay_with_their_family
);
