//! `store::registry`: schools, classes and the other registry records of an Ente.

use crate::support::{on_both_engines, tenant, TestDb};
use app::backend::store::registry;

async fn records_cannot_point_at_another_entes(db: &TestDb) {
    let a = tenant(db, "Comune A", "80003170661", "a.example.it").await;
    let b = tenant(db, "Comune B", "82012345672", "b.example.it").await;
    let mut conn = db.pool.acquire().await.expect("connection");
    let school_of_a = registry::RegistryWriter::new(&mut conn, &a.id)
        .school("Scuola A", "primaria", "Via Roma 1")
        .await
        .expect("school");
    let refused = registry::RegistryWriter::new(&mut conn, &b.id)
        .class(&school_of_a, "1ª A", "2026/2027")
        .await;
    assert!(
        refused.is_err(),
        "a class of B cannot belong to a school of A"
    );
    registry::RegistryWriter::new(&mut conn, &a.id)
        .class(&school_of_a, "1ª A", "2026/2027")
        .await
        .expect("a class of A in a school of A");
}
on_both_engines!(tenant_references, records_cannot_point_at_another_entes);
