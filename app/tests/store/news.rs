//! `store::news`: the Ente's news.

use crate::support::{at, on_both_engines, tenant, TestDb};
use app::backend::store::documents::{self, NewDocument};
use app::backend::store::news::{self, NewNews};
use app::backend::store::NewFile;
use app::domain::content::{DocumentCategory, Publication};
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

    let p1 = news::page(&db.pool, &a.id, PageNumber::FIRST, 3, at(2026, 12, 1))
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
    let p3 = news::page(&db.pool, &a.id, PageNumber::new(3), 3, at(2026, 12, 1))
        .await
        .expect("page");
    assert_eq!(p3.items.len(), 1);
    let past_end = news::page(&db.pool, &a.id, PageNumber::new(99), 3, at(2026, 12, 1))
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

fn text(title: &str, published_at: chrono::DateTime<chrono::Utc>) -> NewNews<'_> {
    NewNews {
        title,
        summary: "s",
        body: "b",
        published_at,
    }
}

async fn public_titles(
    db: &TestDb,
    tenant: &app::backend::store::TenantId,
    day: u32,
) -> Vec<String> {
    news::page(&db.pool, tenant, PageNumber::FIRST, 10, at(2026, 12, day))
        .await
        .expect("page")
        .items
        .into_iter()
        .map(|n| n.title)
        .collect()
}

async fn the_public_see_published_items_whose_time_has_come(db: &TestDb) {
    let a = tenant(db, "Comune A", "80003170661", "a.example.it").await;
    let mut conn = db.pool.acquire().await.expect("connection");
    let save = |title, publication, day| {
        let (pool, tenant) = (db.pool.clone(), a.id.clone());
        async move {
            let mut conn = pool.acquire().await.expect("connection");
            news::save(
                &mut conn,
                &tenant,
                None,
                &text(title, at(2026, 12, day)),
                publication,
                "GLLNNA90L47A944N",
                at(2026, 12, 1),
            )
            .await
            .expect("save")
            .expect("created")
        }
    };
    let draft = save("Bozza", Publication::Draft, 1).await;
    let scheduled = save("Programmata", Publication::Published, 10).await;
    let out = save("Uscita", Publication::Published, 2).await;
    assert_eq!(public_titles(db, &a.id, 3).await, ["Uscita"]);
    assert_eq!(
        public_titles(db, &a.id, 10).await,
        ["Programmata", "Uscita"],
        "its time has come"
    );

    // Edited: the draft is published, the published one withdrawn.
    let edited = news::save(
        &mut conn,
        &a.id,
        Some(&draft),
        &text("Bozza finita", at(2026, 12, 2)),
        Publication::Published,
        "GLLNNA90L47A944N",
        at(2026, 12, 2),
    )
    .await
    .expect("save");
    assert_eq!(edited, Some(draft.clone()));
    assert!(news::set_publication(
        &mut conn,
        &a.id,
        &out,
        Publication::Withdrawn,
        "GLLNNA90L47A944N",
        at(2026, 12, 3)
    )
    .await
    .expect("withdraw"));
    assert_eq!(public_titles(db, &a.id, 3).await, ["Bozza finita"]);
    let all = news::list_all(&db.pool, &a.id, 10).await.expect("all");
    assert_eq!(all.len(), 3, "the office sees every state");
    let withdrawn = news::get(&db.pool, &a.id, &out)
        .await
        .expect("get")
        .expect("kept");
    assert_eq!(withdrawn.publication, Publication::Withdrawn);
    assert!(!withdrawn.is_public(at(2026, 12, 20)));
    let later = news::get(&db.pool, &a.id, &scheduled)
        .await
        .expect("get")
        .expect("kept");
    assert!(!later.is_public(at(2026, 12, 9)) && later.is_public(at(2026, 12, 10)));

    // Another Ente's item is not saved over.
    let b = tenant(db, "Comune B", "82012345672", "b.example.it").await;
    let crossed = news::save(
        &mut conn,
        &b.id,
        Some(&draft),
        &text("Intrusa", at(2026, 12, 2)),
        Publication::Draft,
        "X",
        at(2026, 12, 2),
    )
    .await
    .expect("save");
    assert_eq!(crossed, None);
    assert!(!news::set_publication(
        &mut conn,
        &b.id,
        &draft,
        Publication::Withdrawn,
        "X",
        at(2026, 12, 2)
    )
    .await
    .expect("withdraw"));
}
on_both_engines!(
    news_states,
    the_public_see_published_items_whose_time_has_come
);

async fn an_item_keeps_its_image_and_attached_documents(db: &TestDb) {
    let a = tenant(db, "Comune A", "80003170661", "a.example.it").await;
    let b = tenant(db, "Comune B", "82012345672", "b.example.it").await;
    let mut conn = db.pool.acquire().await.expect("connection");
    let id = news::save(
        &mut conn,
        &a.id,
        None,
        &text("Con foto", at(2026, 12, 1)),
        Publication::Draft,
        "X",
        at(2026, 12, 1),
    )
    .await
    .expect("save")
    .expect("created");
    let png = b"\x89PNG\r\n\x1a\n first".to_vec();
    let file = NewFile {
        name: "foto.png",
        content_type: "image/png",
        bytes: &png,
    };
    assert!(news::set_image(
        &mut conn,
        &db.files,
        &a.id,
        &id,
        Some(&file),
        "Bambini in mensa"
    )
    .await
    .expect("image"));
    let image = news::get(&db.pool, &a.id, &id)
        .await
        .expect("get")
        .expect("item")
        .image
        .expect("image");
    assert_eq!(
        (image.content_type.as_str(), image.alt.as_str()),
        ("image/png", "Bambini in mensa")
    );
    assert_eq!(
        db.files.get(&a.id, &image.key).await.expect("file"),
        Some(png)
    );
    // A new alt text alone keeps the file; a new file gets a new key.
    assert!(
        news::set_image(&mut conn, &db.files, &a.id, &id, None, "Alunni a tavola")
            .await
            .expect("alt")
    );
    let second = b"\x89PNG\r\n\x1a\n second".to_vec();
    let file = NewFile {
        name: "foto.png",
        content_type: "image/png",
        bytes: &second,
    };
    assert!(news::set_image(
        &mut conn,
        &db.files,
        &a.id,
        &id,
        Some(&file),
        "Alunni a tavola"
    )
    .await
    .expect("image"));
    let replaced = news::get(&db.pool, &a.id, &id)
        .await
        .expect("get")
        .expect("item")
        .image
        .expect("image");
    assert_ne!(replaced.key, image.key);
    assert_eq!(replaced.alt, "Alunni a tavola");
    assert!(
        !news::set_image(&mut conn, &db.files, &b.id, &id, None, "x")
            .await
            .expect("other Ente")
    );
    assert!(news::remove_image(&mut conn, &a.id, &id)
        .await
        .expect("remove"));
    assert_eq!(
        news::get(&db.pool, &a.id, &id)
            .await
            .expect("get")
            .expect("item")
            .image,
        None
    );

    // Documents: only the Ente's own, once each.
    let doc = |tenant: app::backend::store::TenantId, title: &'static str| {
        let (pool, files) = (db.pool.clone(), db.files.clone());
        async move {
            let mut conn = pool.acquire().await.expect("connection");
            documents::insert(
                &mut conn,
                &files,
                &tenant,
                NewDocument {
                    title,
                    description: "",
                    category: DocumentCategory::Menus,
                    file_name: "m.pdf",
                    content_type: "application/pdf",
                    bytes: b"%PDF-1.4",
                    published_at: at(2026, 12, 1),
                },
            )
            .await
            .expect("document")
        }
    };
    let menu = doc(a.id.clone(), "Menù").await;
    let theirs = doc(b.id.clone(), "Di B").await;
    assert!(news::attach(&mut conn, &a.id, &id, &menu, at(2026, 12, 1))
        .await
        .expect("attach"));
    assert!(!news::attach(&mut conn, &a.id, &id, &menu, at(2026, 12, 1))
        .await
        .expect("twice"));
    assert!(
        !news::attach(&mut conn, &a.id, &id, &theirs, at(2026, 12, 1))
            .await
            .expect("other Ente's")
    );
    let attached = news::attachments(&db.pool, &a.id, &id).await.expect("list");
    assert_eq!(attached, vec![(menu.clone(), "Menù".to_string(), true)]);
    assert!(
        documents::set_withdrawn(&mut conn, &a.id, &menu, true, "X", at(2026, 12, 2))
            .await
            .expect("withdraw")
    );
    assert!(
        !news::attachments(&db.pool, &a.id, &id).await.expect("list")[0].2,
        "marked as withdrawn"
    );
    assert!(news::detach(&mut conn, &a.id, &id, &menu)
        .await
        .expect("detach"));
    assert!(news::attachments(&db.pool, &a.id, &id)
        .await
        .expect("list")
        .is_empty());
}
on_both_engines!(
    news_images_and_attachments,
    an_item_keeps_its_image_and_attached_documents
);
