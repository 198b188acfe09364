//! `store::payments`: confirmations of PagoPA payments.

mod fees;
mod ledger;

use crate::support::{at, balance, on_both_engines, open_topup, wallet, TestDb};
use app::backend::store::payments;
use app::domain::money::Money;
use sqlx::Row;

/// 100 confirmations of one IUV at once credit it once; 50 payments of one account
/// confirmed at once all land, exactly.
async fn concurrent_confirmations_are_exact(db: &TestDb) {
    let (tenant, account) = wallet(db).await;
    let now = at(2026, 11, 3);
    let p = open_topup(db, &tenant, &account, 2_000, now).await;
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let pool = db.pool.clone();
            let tenant = tenant.id.clone();
            let iuv = p.notice.iuv().to_string();
            tokio::spawn(async move { payments::confirm(&pool, &tenant, &iuv, now).await })
        })
        .collect();
    let mut credited = 0;
    for t in tasks {
        match t.await.expect("task").expect("confirm") {
            payments::Confirmation::Credited => credited += 1,
            payments::Confirmation::AlreadyConfirmed => {}
            payments::Confirmation::Unknown => panic!("the payment exists"),
        }
    }
    assert_eq!(credited, 1);
    assert_eq!(
        balance(&db.pool, &tenant, &account).await,
        Money::from_cents(2_000)
    );

    let mut opened = Vec::new();
    for i in 0..50 {
        opened.push(open_topup(db, &tenant, &account, 500 + i, now).await);
    }
    let expected: i64 = 2_000 + opened.iter().map(|p| p.amount.cents()).sum::<i64>();
    let tasks: Vec<_> = opened
        .into_iter()
        .map(|p| {
            let pool = db.pool.clone();
            let tenant = tenant.id.clone();
            tokio::spawn(
                async move { payments::confirm(&pool, &tenant, p.notice.iuv(), now).await },
            )
        })
        .collect();
    for t in tasks {
        assert_eq!(
            t.await.expect("task").expect("confirm"),
            payments::Confirmation::Credited
        );
    }
    assert_eq!(balance(&db.pool, &tenant, &account).await.cents(), expected);
    assert_eq!(
        payments::ledger::verify(&db.pool).await.expect("verify").1,
        []
    );

    // Notice numbers are all different and valid.
    let navs: std::collections::HashSet<String> = sqlx::query("SELECT notice_number FROM payments")
        .fetch_all(&db.pool)
        .await
        .expect("navs")
        .iter()
        .map(|r| r.get::<String, _>("notice_number"))
        .collect();
    assert_eq!(navs.len(), 51);
    assert!(navs
        .iter()
        .all(|n| app::domain::notice::NoticeNumber::parse(n).is_ok()));
    // One "Ricarica confermata" message per payment, however many confirmations came.
    let told: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE kind = 'payment_confirmed'")
            .fetch_one(&db.pool)
            .await
            .expect("messages");
    assert_eq!(told, 51);
}
on_both_engines!(ledger_concurrency, concurrent_confirmations_are_exact);
