//! `store::news`: the Ente's news.

use crate::support::{at, on_both_engines, tenant, TestDb};
use app::backend::store::news::{self, NewNews};
use app::domain::paging::PageNumber;

async fn news_page_newest_first_within_the_tenant(db: &TestDb) {
    let a = tenant(db, "Comune A", "80003170661", "a.example.it").await;
    let b = tenant(db, "Comune B", "82012345672", "b.example.it").await;
    for day in 1..=7 {
        let title = format!("Notizia {day}");
        news::insert(
            &mut db.pool.acquire().await.expect("connection"),
            &a.id,
            NewNews {
                title: &title,
                summary: "s",
                body: "b",
                published_at: at(2026, 10, day),
            },
        )
        .await
        .expect("insert");
    }
    let b_id = news::insert(
        &mut db.pool.acquire().await.expect("connection"),
        &b.id,
        NewNews {
            title: "Di B",
            summary: "s",
            body: "b",
            published_at: at(2026, 11, 1),
        },
    )
    .await
    .expect("insert");

    let p1 = news::page(&db.pool, &a.id, PageNumber::FIRST, 3)
        .await
        .expect("page");
    assert_eq!(p1.total_items, 7);
    assert_eq!(p1.total_pages, 3);
    assert_eq!(
        p1.items
            .iter()
            .map(|n| n.title.as_str())
            .collect::<Vec<_>>(),
        ["Notizia 7", "Notizia 6", "Notizia 5"]
    );
    assert_eq!(p1.items[0].published_at, at(2026, 10, 7));
    let p3 = news::page(&db.pool, &a.id, PageNumber::new(3), 3)
        .await
        .expect("page");
    assert_eq!(p3.items.len(), 1);
    let past_end = news::page(&db.pool, &a.id, PageNumber::new(99), 3)
        .await
        .expect("page");
    assert_eq!(past_end.page, 3);

    assert_eq!(
        news::get(
            &db.pool,
            &a.id,
            &app::domain::ids::NewsId::parse(&b_id).expect("an id")
        )
        .await
        .expect("get"),
        None,
        "B's news is not A's"
    );
    assert!(news::get(
        &db.pool,
        &b.id,
        &app::domain::ids::NewsId::parse(&b_id).expect("an id")
    )
    .await
    .expect("get")
    .is_some());
}
on_both_engines!(news_paging, news_page_newest_first_within_the_tenant);
