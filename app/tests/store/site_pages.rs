//! `store::site_pages`: the Ente's own pages.

use crate::support::{at, on_both_engines, tenant, TestDb};
use app::backend::store::site_pages::{self, NewSitePage};

async fn pages_are_created_once_changed_and_kept_per_ente(db: &TestDb) {
    let a = tenant(db, "Comune A", "80003170661", "a.example.it").await;
    let b = tenant(db, "Comune B", "82012345672", "b.example.it").await;
    let mut conn = db.pool.acquire().await.expect("connection");
    let page = |title, published| NewSitePage {
        slug: "privacy",
        title,
        body: "Il titolare è il **Comune**.",
        published,
    };
    let by = "GLLNNA90L47A944N";
    assert!(site_pages::save(
        &mut conn,
        &a.id,
        &page("Privacy", true),
        true,
        by,
        at(2026, 12, 1)
    )
    .await
    .expect("create"));
    assert!(
        !site_pages::save(
            &mut conn,
            &a.id,
            &page("Doppia", true),
            true,
            by,
            at(2026, 12, 1)
        )
        .await
        .expect("twice"),
        "a slug is created once"
    );
    assert!(site_pages::save(
        &mut conn,
        &a.id,
        &page("Informativa", false),
        false,
        by,
        at(2026, 12, 2)
    )
    .await
    .expect("update"));
    let found = site_pages::get(&db.pool, &a.id, "privacy")
        .await
        .expect("get")
        .expect("page");
    assert_eq!(
        (found.title.as_str(), found.published),
        ("Informativa", false)
    );
    assert_eq!(found.updated_at, at(2026, 12, 2));
    assert_eq!(found.body, "Il titolare è il **Comune**.");

    // Another Ente has its own (none yet), and cannot change A's.
    assert_eq!(
        site_pages::get(&db.pool, &b.id, "privacy")
            .await
            .expect("get"),
        None
    );
    assert!(!site_pages::save(
        &mut conn,
        &b.id,
        &page("X", true),
        false,
        by,
        at(2026, 12, 2)
    )
    .await
    .expect("update"));
    assert!(site_pages::list(&db.pool, &b.id)
        .await
        .expect("list")
        .is_empty());
    assert!(site_pages::save(
        &mut conn,
        &b.id,
        &page("Privacy di B", true),
        true,
        by,
        at(2026, 12, 2)
    )
    .await
    .expect("create"));
    let titles: Vec<String> = site_pages::list(&db.pool, &a.id)
        .await
        .expect("list")
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(titles, ["Informativa"]);
}
on_both_engines!(
    site_pages_store,
    pages_are_created_once_changed_and_kept_per_ente
);
