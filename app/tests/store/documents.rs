//! `store::documents`: published documents and their files.

use crate::support::{at, on_both_engines, tenant, TestDb};
use app::backend::store::documents::{self, NewDocument};

async fn documents_keep_their_bytes_and_their_tenant(db: &TestDb) {
    let a = tenant(db, "Comune A", "80003170661", "a.example.it").await;
    let b = tenant(db, "Comune B", "82012345672", "b.example.it").await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let id = documents::insert(
        &mut db.pool.acquire().await.expect("connection"),
        &db.files,
        &a.id,
        NewDocument {
            title: "Regolamento",
            description: "d",
            file_name: "regolamento.pdf",
            content_type: "application/pdf",
            bytes: &bytes,
            published_at: at(2026, 9, 1),
        },
    )
    .await
    .expect("insert");
    let doc = documents::get(
        &db.pool,
        &a.id,
        &app::domain::ids::DocumentId::parse(&id).expect("an id"),
    )
    .await
    .expect("get")
    .expect("found");
    assert_eq!(doc.size_bytes, 70_000);
    assert_eq!(doc.file_name, "regolamento.pdf");
    assert_eq!(db.files.get(&a.id, &id).await.expect("file"), Some(bytes));
    assert_eq!(
        documents::get(
            &db.pool,
            &b.id,
            &app::domain::ids::DocumentId::parse(&id).expect("an id")
        )
        .await
        .expect("get"),
        None
    );
    assert_eq!(db.files.get(&b.id, &id).await.expect("file"), None);
    assert!(documents::list(&db.pool, &b.id)
        .await
        .expect("list")
        .is_empty());
    assert!(
        db.files.get(&a.id, "../../etc/passwd").await.is_err(),
        "keys cannot leave the store"
    );
}
on_both_engines!(document_files, documents_keep_their_bytes_and_their_tenant);
