//! The store on both engines: every test runs on a fresh SQLite file and, when
//! TEST_POSTGRES_URL is set, on a fresh PostgreSQL database made for it.

use app::backend::files::FileStore;
use app::backend::seed::{self, SeedOutcome, MONTECHIARO_FISCAL_CODE, VALLEVERDE_FISCAL_CODE};
use app::backend::store::documents::{self, NewDocument};
use app::backend::store::news::{self, NewNews};
use app::backend::store::registry;
use app::backend::store::tenants::{self, NewTenant};
use app::backend::store::{self as store, Tenant};
use app::domain::fiscal_code::OrganizationFiscalCode;
use app::domain::paging::PageNumber;
use app::domain::tenant::{SegregationCode, TenantHost};
use chrono::{DateTime, TimeZone, Utc};
use sqlx::{AnyPool, Row};

struct TestDb {
    pool: AnyPool,
    files: FileStore,
    _dir: tempfile::TempDir,
    drop_pg: Option<(String, String)>,
}

impl TestDb {
    async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("dir");
        let pool = store::connect(
            &format!("sqlite://{}", dir.path().join("t.db").display()),
            4,
        )
        .await
        .expect("sqlite");
        store::migrate(&pool).await.expect("migrate");
        TestDb {
            files: FileStore::Directory(dir.path().join("files")),
            pool,
            _dir: dir,
            drop_pg: None,
        }
    }

    /// A database of its own on the server of TEST_POSTGRES_URL; dropped at the end.
    async fn postgres() -> TestDb {
        let admin_url = std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| {
            panic!(
                "TEST_POSTGRES_URL is not set: these are the PostgreSQL store tests. Set it (make test does when \
                 a server is reachable) or leave them out with `-- --skip postgres`."
            )
        });
        let name = format!("sportello_test_{}", uuid_simple());
        let admin = store::connect(&admin_url, 1)
            .await
            .expect("postgres admin connection");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .expect("create database");
        admin.close().await;
        let (base, _) = admin_url
            .rsplit_once('/')
            .expect("URL with a database name");
        let pool = store::connect(&format!("{base}/{name}"), 4)
            .await
            .expect("postgres");
        store::migrate(&pool).await.expect("migrate");
        let dir = tempfile::tempdir().expect("dir");
        TestDb {
            files: FileStore::Database(pool.clone()),
            pool,
            _dir: dir,
            drop_pg: Some((admin_url, name)),
        }
    }

    async fn finish(self) {
        self.pool.close().await;
        if let Some((admin_url, name)) = self.drop_pg {
            let admin = store::connect(&admin_url, 1).await.expect("admin");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&admin)
                .await
                .expect("drop");
            admin.close().await;
        }
    }
}

fn uuid_simple() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}{:x}", std::process::id())
}

/// Runs one test body on SQLite (`sqlite`) and PostgreSQL (`postgres`).
macro_rules! on_both_engines {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = super::TestDb::sqlite().await;
                super::$body(&db).await;
                db.finish().await;
            }
            #[tokio::test]
            async fn postgres() {
                let db = super::TestDb::postgres().await;
                super::$body(&db).await;
                db.finish().await;
            }
        }
    };
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 8, 0, 0)
        .single()
        .expect("valid instant")
}

async fn tenant(db: &TestDb, name: &str, fiscal_code: &str, host: &str) -> Tenant {
    let mut tx = db.pool.begin().await.expect("tx");
    let t = tenants::create(
        &mut tx,
        NewTenant {
            name: name.into(),
            fiscal_code: OrganizationFiscalCode::parse(fiscal_code).expect("fiscal code"),
            address: "Via Roma 1".into(),
            time_zone: chrono_tz::Europe::Rome,
            segregation_code: SegregationCode::parse("02").expect("code"),
            // The same host twice, in other cases: one host.
            hosts: vec![
                TenantHost::parse(host).expect("host"),
                TenantHost::parse(&host.to_uppercase()).expect("host"),
            ],
            logo: None,
        },
    )
    .await
    .expect("tenant");
    tx.commit().await.expect("commit");
    t
}

async fn migrations_are_idempotent(db: &TestDb) {
    store::migrate(&db.pool)
        .await
        .expect("second run changes nothing");
    store::ping(&db.pool).await.expect("ping");
}
on_both_engines!(migrations, migrations_are_idempotent);

async fn tenants_are_found_by_host_and_unique(db: &TestDb) {
    let a = tenant(db, "Comune A", "80003170661", "a.example.it").await;
    let found = tenants::find_by_host(
        &db.pool,
        &TenantHost::parse("A.Example.it:443").expect("host"),
    )
    .await
    .expect("query");
    assert_eq!(found, Some(a.clone()));
    assert_eq!(
        tenants::find_by_host(&db.pool, &TenantHost::parse("b.example.it").expect("h"))
            .await
            .expect("q"),
        None
    );

    // Same fiscal code or an already used host: refused, and nothing half-written.
    let mut tx = db.pool.begin().await.expect("tx");
    let dup = tenants::create(
        &mut tx,
        NewTenant {
            name: "Comune B".into(),
            fiscal_code: OrganizationFiscalCode::parse("82012345672").expect("cf"),
            address: "x".into(),
            time_zone: chrono_tz::Europe::Rome,
            segregation_code: SegregationCode::parse("03").expect("code"),
            hosts: vec![
                TenantHost::parse("b.example.it").expect("h"),
                TenantHost::parse("a.example.it").expect("h"),
            ],
            logo: None,
        },
    )
    .await;
    assert!(dup.is_err());
    drop(tx); // rolled back
    assert_eq!(tenants::list(&db.pool).await.expect("list").len(), 1);
    assert_eq!(
        tenants::find_by_host(&db.pool, &TenantHost::parse("b.example.it").expect("h"))
            .await
            .expect("q"),
        None
    );
}
on_both_engines!(tenants_by_host, tenants_are_found_by_host_and_unique);

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
        news::get(&db.pool, &a.id, &b_id).await.expect("get"),
        None,
        "B's news is not A's"
    );
    assert!(news::get(&db.pool, &b.id, &b_id)
        .await
        .expect("get")
        .is_some());
}
on_both_engines!(news_paging, news_page_newest_first_within_the_tenant);

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
    let doc = documents::get(&db.pool, &a.id, &id)
        .await
        .expect("get")
        .expect("found");
    assert_eq!(doc.size_bytes, 70_000);
    assert_eq!(doc.file_name, "regolamento.pdf");
    assert_eq!(db.files.get(&a.id, &id).await.expect("file"), Some(bytes));
    assert_eq!(
        documents::get(&db.pool, &b.id, &id).await.expect("get"),
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

async fn the_demo_seed_is_complete_and_idempotent(db: &TestDb) {
    let first = seed::seed_demo(&db.pool, &db.files).await.expect("seed");
    assert!(first.iter().all(|(_, o)| *o == SeedOutcome::Created));
    let again = seed::seed_demo(&db.pool, &db.files)
        .await
        .expect("seed again");
    assert!(again.iter().all(|(_, o)| *o == SeedOutcome::AlreadyPresent));

    let code = OrganizationFiscalCode::parse(VALLEVERDE_FISCAL_CODE).expect("cf");
    let valleverde = tenants::find_by_fiscal_code(&db.pool, &code)
        .await
        .expect("q")
        .expect("seeded");
    let n = registry::counts(&db.pool, &valleverde.id)
        .await
        .expect("counts");
    assert_eq!(
        (
            n.schools,
            n.services,
            n.guardians,
            n.pupils,
            n.news,
            n.documents
        ),
        (3, 2, 3, 6, 10, 6)
    );
    assert_eq!(n.tariff_bands, 9);
    assert_eq!(
        n.subscriptions,
        6 + 4,
        "every pupil eats at school, four take the bus"
    );

    // Each family has one to three children.
    let rows = sqlx::query(
        "SELECT guardian_id, COUNT(*) FROM pupils WHERE tenant_id = $1 GROUP BY guardian_id",
    )
    .bind(valleverde.id.as_str())
    .fetch_all(&db.pool)
    .await
    .expect("families");
    let mut sizes: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get::<i64, _>(1).expect("count"))
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [1, 2, 3]);

    // Money is integer cents: the full tariff is exactly 5,47 €.
    let price: i64 = sqlx::query(
        "SELECT price_cents FROM tariff_bands WHERE tenant_id = $1 AND code = 'INTERA'",
    )
    .bind(valleverde.id.as_str())
    .fetch_one(&db.pool)
    .await
    .expect("band")
    .try_get(0)
    .expect("cents");
    assert_eq!(price, 547);

    let montechiaro = tenants::find_by_fiscal_code(
        &db.pool,
        &OrganizationFiscalCode::parse(MONTECHIARO_FISCAL_CODE).expect("cf"),
    )
    .await
    .expect("q")
    .expect("seeded");
    let m = registry::counts(&db.pool, &montechiaro.id)
        .await
        .expect("counts");
    assert_eq!((m.news, m.documents, m.pupils), (2, 1, 0));
    let logo = tenants::logo(&db.pool, &valleverde.id)
        .await
        .expect("logo")
        .expect("has logo");
    assert_eq!(logo.content_type, "image/svg+xml");
}
on_both_engines!(demo_seed, the_demo_seed_is_complete_and_idempotent);
