//! `store::migrate`: the schema migrations.

use crate::support::{on_both_engines, TestDb};
use app::backend::store;

async fn migrations_are_idempotent(db: &TestDb) {
    store::migrate(&db.pool)
        .await
        .expect("second run changes nothing");
    store::ping(&db.pool).await.expect("ping");
}
on_both_engines!(migrations, migrations_are_idempotent);
