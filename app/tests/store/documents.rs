//! `store::documents`: published documents and their files.

use crate::support::{at, on_both_engines, tenant, TestDb};
use app::backend::store::documents::{self, NewDocument};
use app::backend::store::NewFile;
use app::domain::content::DocumentCategory;

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
            category: DocumentCategory::Regulations,
            file_name: "regolamento.pdf",
            content_type: "application/pdf",
            bytes: &bytes,
            published_at: at(2026, 9, 1),
        },
    )
    .await
    .expect("insert");
    let doc = documents::get(&db.pool, &a.id, &id)
        .await
        .expect("get")
        .expect("found");
    assert_eq!(doc.size_bytes, 70_000);
    assert_eq!(doc.file_name, "regolamento.pdf");
    assert_eq!(doc.category, DocumentCategory::Regulations);
    assert_eq!(
        db.files.get(&a.id, &doc.file_key).await.expect("file"),
        Some(bytes)
    );
    assert_eq!(
        documents::get(&db.pool, &b.id, &id).await.expect("get"),
        None
    );
    assert_eq!(
        db.files.get(&b.id, &doc.file_key).await.expect("file"),
        None
    );
    assert!(documents::list(&db.pool, &b.id, true)
        .await
        .expect("list")
        .is_empty());
    assert!(
        db.files.get(&a.id, "../../etc/passwd").await.is_err(),
        "keys cannot leave the store"
    );
}
on_both_engines!(document_files, documents_keep_their_bytes_and_their_tenant);

async fn a_replaced_file_keeps_the_document_and_a_withdrawn_one_leaves_the_list(db: &TestDb) {
    let a = tenant(db, "Comune A", "80003170661", "a.example.it").await;
    let b = tenant(db, "Comune B", "82012345672", "b.example.it").await;
    let mut conn = db.pool.acquire().await.expect("connection");
    let id = documents::insert(
        &mut conn,
        &db.files,
        &a.id,
        NewDocument {
            title: "Menù",
            description: "",
            category: DocumentCategory::Menus,
            file_name: "menu.pdf",
            content_type: "application/pdf",
            bytes: b"%PDF-1.4 first",
            published_at: at(2026, 9, 1),
        },
    )
    .await
    .expect("insert");
    let first = documents::get(&db.pool, &a.id, &id)
        .await
        .expect("get")
        .expect("doc");
    assert_eq!(first.version, 1);
    let file = NewFile {
        name: "menu-nuovo.ods",
        content_type: "application/vnd.oasis.opendocument.spreadsheet",
        bytes: b"PK second",
    };
    let by = "GLLNNA90L47A944N";
    let version = documents::replace(&mut conn, &db.files, &a.id, &id, &file, by, at(2026, 10, 1))
        .await
        .expect("replace");
    assert_eq!(version, Some(2));
    let second = documents::get(&db.pool, &a.id, &id)
        .await
        .expect("get")
        .expect("doc");
    assert_eq!(
        (second.id.clone(), second.version),
        (id.clone(), 2),
        "the same document"
    );
    assert_eq!(second.file_name, "menu-nuovo.ods");
    assert_eq!(second.size_bytes, 9);
    assert_ne!(second.file_key, first.file_key);
    assert_eq!(
        db.files.get(&a.id, &second.file_key).await.expect("file"),
        Some(b"PK second".to_vec())
    );
    assert_eq!(
        second.published_at, first.published_at,
        "first published then"
    );
    // Another Ente cannot replace it.
    let crossed = documents::replace(&mut conn, &db.files, &b.id, &id, &file, by, at(2026, 10, 1))
        .await
        .expect("replace");
    assert_eq!(crossed, None);

    assert!(
        documents::set_withdrawn(&mut conn, &a.id, &id, true, by, at(2026, 10, 2))
            .await
            .expect("withdraw")
    );
    assert!(
        !documents::set_withdrawn(&mut conn, &a.id, &id, true, by, at(2026, 10, 2))
            .await
            .expect("twice")
    );
    assert!(documents::list(&db.pool, &a.id, false)
        .await
        .expect("list")
        .is_empty());
    let all = documents::list(&db.pool, &a.id, true).await.expect("list");
    assert!(all.len() == 1 && all[0].withdrawn);
    assert!(
        !documents::set_withdrawn(&mut conn, &b.id, &id, false, by, at(2026, 10, 3))
            .await
            .expect("other Ente")
    );
    assert!(
        documents::set_withdrawn(&mut conn, &a.id, &id, false, by, at(2026, 10, 3))
            .await
            .expect("again")
    );
    assert_eq!(
        documents::list(&db.pool, &a.id, false)
            .await
            .expect("list")
            .len(),
        1
    );
}
on_both_engines!(
    document_versions,
    a_replaced_file_keeps_the_document_and_a_withdrawn_one_leaves_the_list
);
