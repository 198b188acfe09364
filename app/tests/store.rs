//! The store on both engines: every test runs on a fresh SQLite file and, when
//! TEST_POSTGRES_URL is set, on a fresh PostgreSQL database made for it.

use app::backend::seed::{self, SeedOutcome, MONTECHIARO_FISCAL_CODE, VALLEVERDE_FISCAL_CODE};
use app::backend::store::documents::{self, NewDocument};
use app::backend::store::files::FileStore;
use app::backend::store::news::{self, NewNews};
use app::backend::store::sessions::{self, SessionPolicy};
use app::backend::store::tenants::{self, NewTenant};
use app::backend::store::{self as store, Tenant};
use app::backend::store::{logins, payments, payments::ledger, personal, registry, users};
use app::domain::fiscal_code::{FiscalCode, OrganizationFiscalCode};
use app::domain::identity::Role;
use app::domain::money::Money;
use app::domain::paging::PageNumber;
use app::domain::tenant::{SegregationCode, TenantHost};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sqlx::{AnyPool, Row};

struct TestDb {
    pool: AnyPool,
    /// The database's URL, to reconnect as a restarted server would.
    url: String,
    files: FileStore,
    _dir: tempfile::TempDir,
    drop_pg: Option<(String, String)>,
}

impl TestDb {
    async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let pool = store::connect(&url, 4).await.expect("sqlite");
        store::migrate(&pool).await.expect("migrate");
        TestDb {
            files: FileStore::Directory(dir.path().join("files")),
            url,
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
        let url = format!("{base}/{name}");
        let pool = store::connect(&url, 4).await.expect("postgres");
        store::migrate(&pool).await.expect("migrate");
        let dir = tempfile::tempdir().expect("dir");
        TestDb {
            files: FileStore::Database(pool.clone()),
            url,
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
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = super::TestDb::sqlite().await;
                super::$body(&db).await;
                db.finish().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

async fn demo_tenants(db: &TestDb) -> (Tenant, Tenant) {
    seed::seed_demo(&db.pool, &db.files).await.expect("seed");
    let find = |code: &'static str| async move {
        tenants::find_by_fiscal_code(
            &db.pool,
            &OrganizationFiscalCode::parse(code).expect("code"),
        )
        .await
        .expect("lookup")
        .expect("demo Ente")
    };
    (
        find(VALLEVERDE_FISCAL_CODE).await,
        find(MONTECHIARO_FISCAL_CODE).await,
    )
}

fn person(cf: &str) -> FiscalCode {
    FiscalCode::parse(cf).expect("fiscal code")
}

async fn roles_follow_the_registry_and_the_grants(db: &TestDb) {
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let roles = |t: &Tenant, cf: &'static str| {
        let id = t.id.clone();
        async move {
            users::roles_of(&db.pool, &id, &person(cf), today)
                .await
                .expect("roles")
        }
    };
    assert_eq!(roles(&valleverde, "RSSMRA80A01H501U").await, [Role::Family]);
    assert_eq!(roles(&montechiaro, "RSSMRA80A01H501U").await, []);
    assert_eq!(
        roles(&valleverde, "FRRPLA75E20L219Z").await,
        [Role::Delegate]
    );
    assert_eq!(
        roles(&valleverde, "GLLNNA90L47A944N").await,
        [Role::Operator]
    );
    assert_eq!(roles(&valleverde, "MRNLGU70R10D612W").await, [Role::Admin]);
    assert_eq!(
        roles(&montechiaro, "CNTSRA92C55M082A").await,
        [Role::Operator]
    );
    assert_eq!(roles(&valleverde, "CNTSRA92C55M082A").await, []);
    assert_eq!(roles(&valleverde, "GRCLNE88B68H501O").await, []);
    // Before the delegation starts, the delegate is nobody.
    let before = NaiveDate::from_ymd_opt(2026, 8, 31).expect("date");
    let paolo = users::roles_of(
        &db.pool,
        &valleverde.id,
        &person("FRRPLA75E20L219Z"),
        before,
    )
    .await
    .expect("roles");
    assert_eq!(paolo, []);

    // Pupils: the tutore's own, the delegate's delegated ones, nothing across Enti.
    let mario = person("RSSMRA80A01H501U");
    let own = personal::pupils_of_guardian(&db.pool, &valleverde.id, &mario, today)
        .await
        .expect("pupils");
    let names: Vec<&str> = own.iter().map(|p| p.given_name.as_str()).collect();
    assert_eq!(names, ["Giulia", "Luca"]);
    assert!(own
        .iter()
        .all(|p| !p.delegated && p.services.contains(&"Refezione Scolastica".to_string())));
    assert_eq!(
        (own[0].school.as_str(), own[0].class.as_str()),
        ("Scuola primaria Giovanni Pascoli", "3ª A")
    );
    assert_eq!(
        own[0].services,
        ["Refezione Scolastica", "Trasporto Scolastico"]
    );
    assert!(
        personal::pupils_of_guardian(&db.pool, &montechiaro.id, &mario, today)
            .await
            .expect("pupils")
            .is_empty()
    );
    let delegated =
        personal::pupils_delegated_to(&db.pool, &valleverde.id, &person("FRRPLA75E20L219Z"), today)
            .await
            .expect("pupils");
    assert_eq!(delegated.len(), 1);
    assert_eq!(delegated[0].given_name, "Giulia");
    assert!(delegated[0].delegated);

    // Staff grants: idempotent, listed per Ente, revocable; family is not granted.
    let francesca = person("SPSFNC82D49F839L");
    let now = at(2026, 11, 28);
    assert!(app::backend::store::staff::grant(
        &db.pool,
        &valleverde.id,
        &francesca,
        Role::Admin,
        "test",
        now
    )
    .await
    .expect("grant"));
    assert!(!app::backend::store::staff::grant(
        &db.pool,
        &valleverde.id,
        &francesca,
        Role::Admin,
        "test",
        now
    )
    .await
    .expect("again"));
    assert!(app::backend::store::staff::grant(
        &db.pool,
        &valleverde.id,
        &francesca,
        Role::Family,
        "test",
        now
    )
    .await
    .is_err());
    let staff = app::backend::store::staff::list(&db.pool, &valleverde.id)
        .await
        .expect("staff");
    assert_eq!(staff.len(), 3);
    assert!(staff
        .iter()
        .all(|g| g.fiscal_code != person("CNTSRA92C55M082A")));
    assert_eq!(
        roles(&valleverde, "SPSFNC82D49F839L").await,
        [Role::Family, Role::Admin]
    );
    assert!(
        app::backend::store::staff::revoke(&db.pool, &valleverde.id, &francesca, Role::Admin)
            .await
            .expect("revoke")
    );
    assert!(
        !app::backend::store::staff::revoke(&db.pool, &valleverde.id, &francesca, Role::Admin)
            .await
            .expect("again")
    );
}
on_both_engines!(people_and_roles, roles_follow_the_registry_and_the_grants);

async fn sessions_and_pending_logins_keep_their_rules(db: &TestDb) {
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let mario = person("RSSMRA80A01H501U");
    let t0 = at(2026, 11, 28);
    let minutes = |m: i64| t0 + chrono::Duration::minutes(m);

    // A user per fiscal code and Ente; a later login refreshes the name, keeps the e-mail.
    let who = |email| users::Identity {
        fiscal_code: &mario,
        given_name: "Mario",
        family_name: "Rossi",
        email,
    };
    let id = users::record_login(&db.pool, &valleverde.id, &who(Some("m@example.org")), t0)
        .await
        .expect("login");
    let again = users::record_login(&db.pool, &valleverde.id, &who(None), minutes(5))
        .await
        .expect("login");
    assert_eq!(id, again);
    let elsewhere = users::record_login(&db.pool, &montechiaro.id, &who(None), t0)
        .await
        .expect("login");
    assert_ne!(id, elsewhere);

    let policy = SessionPolicy::default();
    let token = sessions::create(&db.pool, &valleverde.id, &id, "spid-demo", "id.token.x", t0)
        .await
        .expect("create");
    let found = sessions::resolve(&db.pool, &valleverde.id, &token, minutes(29), policy)
        .await
        .expect("resolve")
        .expect("in force");
    assert_eq!(found.user.email.as_deref(), Some("m@example.org"));
    assert_eq!(found.provider, "spid-demo");
    assert!(
        sessions::resolve(&db.pool, &montechiaro.id, &token, minutes(29), policy)
            .await
            .expect("resolve")
            .is_none()
    );
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, "forged", minutes(29), policy)
            .await
            .expect("resolve")
            .is_none()
    );
    // Used at minute 29, so idle only from then: in force at 58, gone at 29 + 30.
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, &token, minutes(58), policy)
            .await
            .expect("resolve")
            .is_some()
    );
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, &token, minutes(58 + 30), policy)
            .await
            .expect("resolve")
            .is_none()
    );
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, &token, minutes(58 + 31), policy)
            .await
            .expect("resolve")
            .is_none(),
        "deleted"
    );

    // Busy, but 8 hours after login it ends.
    let token = sessions::create(&db.pool, &valleverde.id, &id, "spid-demo", "id.token.y", t0)
        .await
        .expect("create");
    let mut m = 0;
    while m < 8 * 60 - 20 {
        m += 20;
        assert!(
            sessions::resolve(&db.pool, &valleverde.id, &token, minutes(m), policy)
                .await
                .expect("resolve")
                .is_some(),
            "minute {m}"
        );
    }
    assert!(
        sessions::resolve(&db.pool, &valleverde.id, &token, minutes(8 * 60), policy)
            .await
            .expect("resolve")
            .is_none()
    );

    // Logout hands back what the end-session call needs, once.
    let token = sessions::create(&db.pool, &valleverde.id, &id, "cie-demo", "id.token.z", t0)
        .await
        .expect("create");
    assert!(sessions::destroy(&db.pool, &montechiaro.id, &token)
        .await
        .expect("destroy")
        .is_none());
    let ended = sessions::destroy(&db.pool, &valleverde.id, &token)
        .await
        .expect("destroy")
        .expect("ended");
    assert_eq!(
        (ended.provider.as_str(), ended.id_token.as_str()),
        ("cie-demo", "id.token.z")
    );
    assert!(sessions::destroy(&db.pool, &valleverde.id, &token)
        .await
        .expect("destroy")
        .is_none());

    let _stale = sessions::create(&db.pool, &valleverde.id, &id, "spid-demo", "t", t0)
        .await
        .expect("create");
    assert_eq!(
        sessions::purge_expired(&db.pool, minutes(31), policy)
            .await
            .expect("purge"),
        1
    );

    // A pending login is taken once, by its Ente, within 10 minutes.
    let pending = |state: &str| logins::PendingLogin {
        state: state.into(),
        provider: "spid-demo".into(),
        nonce: "n".repeat(43),
        pkce_verifier: "v".repeat(43),
        return_to: "/area-personale".into(),
        browser_hash: "b".repeat(64),
    };
    logins::begin(&db.pool, &valleverde.id, &pending("s1"), t0)
        .await
        .expect("begin");
    // Another browser (a callback link sent to a victim) cannot take it.
    assert!(
        logins::take(&db.pool, &valleverde.id, "s1", &"c".repeat(64), minutes(1))
            .await
            .expect("take")
            .is_none()
    );
    assert!(
        logins::take(&db.pool, &montechiaro.id, "s1", &"b".repeat(64), minutes(1))
            .await
            .expect("take")
            .is_none()
    );
    assert_eq!(
        logins::take(&db.pool, &valleverde.id, "s1", &"b".repeat(64), minutes(1))
            .await
            .expect("take"),
        Some(pending("s1"))
    );
    assert!(
        logins::take(&db.pool, &valleverde.id, "s1", &"b".repeat(64), minutes(1))
            .await
            .expect("take")
            .is_none(),
        "used once"
    );
    logins::begin(&db.pool, &valleverde.id, &pending("s2"), t0)
        .await
        .expect("begin");
    assert!(
        logins::take(&db.pool, &valleverde.id, "s2", &"b".repeat(64), minutes(11))
            .await
            .expect("take")
            .is_none(),
        "expired"
    );
}
on_both_engines!(
    sessions_and_logins,
    sessions_and_pending_logins_keep_their_rules
);

/// Mario Rossi's canteen wallet in the demo Ente.
async fn wallet(db: &TestDb) -> (Tenant, String) {
    let (valleverde, _) = demo_tenants(db).await;
    let accounts = ledger::accounts_of_guardian(&db.pool, &valleverde.id, "RSSMRA80A01H501U")
        .await
        .expect("accounts");
    let wallet = accounts.iter().find(|a| a.prepaid).expect("canteen wallet");
    assert_eq!(wallet.balance, Money::ZERO);
    let id = wallet.id.clone();
    (valleverde, id)
}

async fn balance(pool: &AnyPool, tenant: &Tenant, account: &str) -> Money {
    let accounts = ledger::accounts_of_guardian(pool, &tenant.id, "RSSMRA80A01H501U")
        .await
        .expect("accounts");
    accounts
        .iter()
        .find(|a| a.id == account)
        .expect("account")
        .balance
}

async fn open_topup(
    db: &TestDb,
    tenant: &Tenant,
    account: &str,
    cents: i64,
    now: DateTime<Utc>,
) -> payments::Payment {
    let p = payments::create(
        &db.pool,
        &tenant.id,
        tenant.segregation_code,
        &payments::NewPayment {
            account_id: account,
            purpose: payments::Purpose::TopUp,
            fee_id: None,
            amount: Money::from_cents(cents),
            description: "Ricarica Refezione Scolastica",
            due_date: now.date_naive(),
            created_by: "RSSMRA80A01H501U",
            request_key: None,
        },
        now,
    )
    .await
    .expect("payment");
    payments::mark_open(&db.pool, &tenant.id, &p.id, now)
        .await
        .expect("open");
    p
}

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
    assert_eq!(ledger::verify(&db.pool).await.expect("verify").1, []);

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
    let (total, lines) =
        ledger::statement(&db.pool, &tenant.id, "RSSMRA80A01H501U", &account, 0, 10)
            .await
            .expect("statement");
    assert_eq!(total, 2);
    assert_eq!(lines[0].amount, Money::from_cents(3_000), "newest first");
    assert_eq!(lines[0].balance_after, Money::from_cents(8_000));
    assert_eq!(lines[1].balance_after, Money::from_cents(5_000));
    let (_, second_page) =
        ledger::statement(&db.pool, &tenant.id, "RSSMRA80A01H501U", &account, 1, 1)
            .await
            .expect("statement");
    assert_eq!(
        second_page[0].balance_after,
        Money::from_cents(5_000),
        "running balance across pages"
    );
    // Another tutore asking for this account sees nothing.
    let (total, lines) =
        ledger::statement(&db.pool, &tenant.id, "BNCLRA85M41F205C", &account, 0, 10)
            .await
            .expect("statement");
    assert_eq!((total, lines.len()), (0, 0));
    let p = open_topup(db, &tenant, &account, 1_000, t0).await;
    assert!(
        payments::get_for_guardian(&db.pool, &tenant.id, "BNCLRA85M41F205C", &p.id)
            .await
            .expect("get")
            .is_none()
    );
    assert!(
        payments::get_for_guardian(&db.pool, &tenant.id, "RSSMRA80A01H501U", &p.id)
            .await
            .expect("get")
            .is_some()
    );
}
on_both_engines!(ledger_concurrency, concurrent_confirmations_are_exact);
on_both_engines!(
    ledger_statements,
    statements_run_their_balance_and_stay_with_their_family
);

/// Transport instalments: issued once per pupil and instalment, debited, then settled by
/// their own payment; overdue after the due date.
async fn fees_are_issued_once_and_settled_by_their_payment(db: &TestDb) {
    use app::backend::store::payments::fees;
    let (tenant, _) = demo_tenants(db).await;
    let now = at(2026, 11, 5);
    let instalments = [
        fees::Instalment {
            amount: Money::from_cents(9_300),
            due: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
        },
        fees::Instalment {
            amount: Money::from_cents(7_000),
            due: NaiveDate::from_ymd_opt(2027, 2, 28).expect("date"),
        },
    ];
    let first = fees::issue(
        &db.pool,
        &tenant,
        "TRASPORTO",
        "Trasporto 2026/27",
        &instalments,
        "test",
        now,
    )
    .await
    .expect("issue");
    let again = fees::issue(
        &db.pool,
        &tenant,
        "TRASPORTO",
        "Trasporto 2026/27",
        &instalments,
        "test",
        now,
    )
    .await
    .expect("issue again");
    assert_eq!(again.created, 0);
    assert_eq!(again.already_there, first.created);
    assert!(first.created >= 2, "{first:?}");
    assert!(
        fees::issue(
            &db.pool,
            &tenant,
            "REFEZIONE",
            "x",
            &instalments,
            "test",
            now
        )
        .await
        .is_err(),
        "prepaid services have no fees"
    );

    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mario = fees::of_guardian(&db.pool, &tenant, "RSSMRA80A01H501U", today)
        .await
        .expect("fees");
    // Mario's Giulia takes the bus; the first instalment is overdue on 1 December.
    assert_eq!(mario.len(), 2, "{mario:?}");
    assert_eq!(mario[0].status, fees::FeeStatus::Overdue);
    assert_eq!(mario[1].status, fees::FeeStatus::Unpaid);
    let account = mario[0].account_id.clone();
    let owed: i64 = sqlx::query_scalar("SELECT balance_cents FROM accounts WHERE id = $1")
        .bind(&account)
        .fetch_one(&db.pool)
        .await
        .expect("balance");
    assert_eq!(owed, -16_300);

    let payment = mario[0].payment.clone().expect("payment");
    assert_eq!(payment.amount, Money::from_cents(9_300));
    assert_eq!(
        payments::fees_to_publish(&db.pool, 100)
            .await
            .expect("to publish")
            .len(),
        usize::try_from(first.created).unwrap_or(0)
    );
    payments::mark_open(&db.pool, &tenant.id, &payment.id, now)
        .await
        .expect("open");
    for _ in 0..2 {
        payments::confirm(&db.pool, &tenant.id, payment.notice.iuv(), now)
            .await
            .expect("confirm");
    }
    let mario = fees::of_guardian(&db.pool, &tenant, "RSSMRA80A01H501U", today)
        .await
        .expect("fees");
    assert_eq!(mario[0].status, fees::FeeStatus::Paid);
    let owed: i64 = sqlx::query_scalar("SELECT balance_cents FROM accounts WHERE id = $1")
        .bind(&account)
        .fetch_one(&db.pool)
        .await
        .expect("balance");
    assert_eq!(owed, -7_000);
    assert_eq!(ledger::verify(&db.pool).await.expect("verify").1, []);
    // Another family sees none of these.
    assert!(
        fees::of_guardian(&db.pool, &tenant, "GRCLNE88B68H501O", today)
            .await
            .expect("fees")
            .is_empty()
    );
    // Another Ente's IUV is unknown here.
    let (_, montechiaro) = (
        tenant.clone(),
        tenants::find_by_fiscal_code(
            &db.pool,
            &OrganizationFiscalCode::parse(MONTECHIARO_FISCAL_CODE).expect("code"),
        )
        .await
        .expect("lookup")
        .expect("ente"),
    );
    let other = payments::confirm(
        &db.pool,
        &montechiaro.id,
        mario[1].payment.as_ref().expect("payment").notice.iuv(),
        now,
    )
    .await
    .expect("confirm");
    assert_eq!(other, payments::Confirmation::Unknown);
}
on_both_engines!(
    fees_issue,
    fees_are_issued_once_and_settled_by_their_payment
);

/// The daily closure debits each present pupil once — run twice, in parallel, or after a
/// run stopped midway — skips cancellations, holidays and days without canteen, and the
/// kitchen counts equal the presences.
async fn the_daily_closure_debits_each_present_pupil_once(db: &TestDb) {
    use app::backend::store::{bookings, closure};
    let (tenant, _) = demo_tenants(db).await;
    // A Tuesday of the school year: every Valleverde school has canteen.
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let now = at(2026, 12, 1);
    let present = closure::presences(&db.pool, &tenant, day)
        .await
        .expect("presences");
    assert_eq!(present.len(), 6, "the six demo pupils: {present:?}");
    // Giulia cancels, Luca asks for a plain meal.
    let giulia = pupil_id(db, "RSSGLI18C54H501Z").await;
    let luca = pupil_id(db, "RSSLCU21H02H501S").await;
    bookings::set(
        &db.pool,
        &tenant.id,
        &giulia,
        &[day],
        Some(bookings::DayStatus::Cancelled),
        "test",
        now,
    )
    .await
    .expect("cancel");
    bookings::set(
        &db.pool,
        &tenant.id,
        &luca,
        &[day],
        Some(bookings::DayStatus::Plain),
        "test",
        now,
    )
    .await
    .expect("plain");

    // Two closures at once, then a third: five meals, each debited once.
    let (a, b) = tokio::join!(
        closure::close_day(&db.pool, &tenant, day, "test", now),
        closure::close_day(&db.pool, &tenant, day, "test", now),
    );
    let (a, b) = (a.expect("close"), b.expect("close"));
    assert_eq!(a.present, 5);
    assert_eq!(a.debited + b.debited, 5);
    let again = closure::close_day(&db.pool, &tenant, day, "test", now)
        .await
        .expect("close again");
    assert_eq!((again.debited, again.already_debited), (0, 5));
    assert!(closure::is_closed(&db.pool, &tenant, day)
        .await
        .expect("closed"));
    let meals: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'meal'")
        .fetch_one(&db.pool)
        .await
        .expect("meals");
    assert_eq!(meals, 5);
    assert_eq!(ledger::verify(&db.pool).await.expect("verify").1, []);
    // Mario pays one meal (Luca's, plain) at his band's price.
    let mario = ledger::accounts_of_guardian(&db.pool, &tenant.id, "RSSMRA80A01H501U")
        .await
        .expect("accounts");
    let wallet = mario.iter().find(|a| a.prepaid).expect("wallet");
    assert!(
        wallet.balance.cents() < 0 && wallet.balance.cents() > -1_000,
        "{:?}",
        wallet.balance
    );

    // The kitchen counts are the presences: 5 meals, one plain.
    let counts = app::backend::store::kitchen::counts(&db.pool, &tenant, day)
        .await
        .expect("counts");
    assert_eq!(counts.values().sum::<u32>(), 5);
    assert_eq!(
        counts
            .iter()
            .filter(|(k, _)| k.2 == "in bianco")
            .map(|(_, n)| *n)
            .sum::<u32>(),
        1
    );

    // A run killed midway (here: after the first pupils' debits were committed, before
    // the day was recorded closed): the rerun debits only the others, each once.
    let thursday = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
    let present = closure::presences(&db.pool, &tenant, thursday)
        .await
        .expect("presences");
    assert_eq!(present.len(), 6);
    for p in present.iter().take(2) {
        let mut tx = db.pool.begin().await.expect("tx");
        let account = ledger::account_for(&mut tx, &tenant.id, &p.guardian_id, &p.service_id)
            .await
            .expect("account");
        ledger::post(
            &mut tx,
            &tenant.id,
            &account,
            &ledger::NewEntry {
                kind: ledger::EntryKind::Meal,
                amount: Money::from_cents(-p.price.cents()),
                pupil_id: Some(&p.pupil_id),
                description: "Pasto (prima esecuzione interrotta)",
                reference: Some(&format!("meal:{}:2026-12-03", p.pupil_id)),
                created_by: "test",
            },
            now,
        )
        .await
        .expect("debit");
        tx.commit().await.expect("commit");
    }
    assert!(!closure::is_closed(&db.pool, &tenant, thursday)
        .await
        .expect("open"));
    let rerun = closure::close_day(&db.pool, &tenant, thursday, "test", now)
        .await
        .expect("rerun");
    assert_eq!((rerun.debited, rerun.already_debited), (4, 2));
    let thursday_meals: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM ledger_entries WHERE kind = 'meal' AND reference LIKE '%:2026-12-03'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("meals");
    assert_eq!(thursday_meals, 6);
    assert_eq!(ledger::verify(&db.pool).await.expect("verify").1, []);

    // A holiday (8 December) and a Sunday: nobody eats, nothing is debited.
    for free in [
        NaiveDate::from_ymd_opt(2026, 12, 8).expect("date"),
        NaiveDate::from_ymd_opt(2026, 12, 6).expect("date"),
    ] {
        let closed = closure::close_day(&db.pool, &tenant, free, "test", now)
            .await
            .expect("close");
        assert_eq!(closed.present, 0, "{free}");
    }
    // Wednesday: the secondary school (Tuesday and Thursday only) does not eat.
    let wednesday = closure::presences(
        &db.pool,
        &tenant,
        NaiveDate::from_ymd_opt(2026, 12, 2).expect("date"),
    )
    .await
    .expect("presences");
    assert!(
        wednesday.iter().all(|p| !p.school.contains("secondaria")),
        "{wednesday:?}"
    );
    assert!(wednesday.len() < 6);
}
on_both_engines!(
    daily_closure,
    the_daily_closure_debits_each_present_pupil_once
);

/// 1,000 families cancelling the same day at once are all recorded; a cancel and a restore
/// racing for one pupil's day leave exactly one outcome, never two rows.
async fn concurrent_bookings_are_all_recorded_once(db: &TestDb) {
    use app::backend::store::bookings;
    let (tenant, _) = demo_tenants(db).await;
    let day = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
    let now = at(2026, 12, 3);
    // 1,000 pupils in one class (a big demo school), each with a guardian.
    let class_id: String =
        sqlx::query_scalar("SELECT id FROM classes WHERE tenant_id = $1 ORDER BY name LIMIT 1")
            .bind(tenant.id.as_str())
            .fetch_one(&db.pool)
            .await
            .expect("class");
    let guardian_id: String =
        sqlx::query_scalar("SELECT id FROM guardians WHERE tenant_id = $1 LIMIT 1")
            .bind(tenant.id.as_str())
            .fetch_one(&db.pool)
            .await
            .expect("guardian");
    let mut ids = Vec::new();
    for i in 0..1000 {
        let id = format!("bulk-pupil-{i:04}");
        sqlx::query(
            "INSERT INTO pupils (id, tenant_id, guardian_id, fiscal_code, given_name, family_name, birth_date, class_id)
             VALUES ($1, $2, $3, $4, 'Alunno', $5, '2018-01-01', $6)",
        )
        .bind(&id)
        .bind(tenant.id.as_str())
        .bind(&guardian_id)
        .bind(format!("BULK{i:012}"))
        .bind(format!("N{i}"))
        .bind(&class_id)
        .execute(&db.pool)
        .await
        .expect("pupil");
        ids.push(id);
    }
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let pool = db.pool.clone();
            let tenant = tenant.id.clone();
            let id = id.clone();
            tokio::spawn(async move {
                bookings::set(
                    &pool,
                    &tenant,
                    &id,
                    &[day],
                    Some(bookings::DayStatus::Cancelled),
                    "family",
                    now,
                )
                .await
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task").expect("cancel");
    }
    let recorded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings WHERE day = '2026-12-03' AND status = 'cancelled'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("count");
    assert_eq!(recorded, 1000);

    // Cancel and restore racing, many times, for one pupil's day: one row or none.
    let pupil = &ids[0];
    let races: Vec<_> = (0..50)
        .map(|i| {
            let pool = db.pool.clone();
            let tenant = tenant.id.clone();
            let pupil = pupil.clone();
            tokio::spawn(async move {
                let status = (i % 2 == 0).then_some(bookings::DayStatus::Cancelled);
                bookings::set(&pool, &tenant, &pupil, &[day], status, "family", now).await
            })
        })
        .collect();
    for t in races {
        t.await.expect("task").expect("change");
    }
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE pupil_id = $1")
        .bind(pupil)
        .fetch_one(&db.pool)
        .await
        .expect("rows");
    assert!(rows <= 1, "never two rows for one day: {rows}");
}
on_both_engines!(
    booking_concurrency,
    concurrent_bookings_are_all_recorded_once
);

async fn pupil_id(db: &TestDb, cf: &str) -> String {
    sqlx::query_scalar::<_, String>("SELECT id FROM pupils WHERE fiscal_code = $1")
        .bind(cf)
        .fetch_one(&db.pool)
        .await
        .expect("pupil")
}

/// Each pupil pays its band's price in the version valid that day; the second and later
/// children of a family pay half (the demo's sibling discount), the eldest in full.
async fn meal_prices_follow_bands_versions_and_siblings(db: &TestDb) {
    use app::backend::store::tariffs;
    use app::domain::tariffs::{BandKind, TariffBand};
    let (tenant, _) = demo_tenants(db).await;
    let december = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let prices = tariffs::meal_prices(&db.pool, &tenant.id, december, None)
        .await
        .expect("prices");
    let price = |prices: &std::collections::HashMap<String, Money>, id: &str| {
        prices.get(id).copied().expect("priced").cents()
    };
    let (giulia, luca) = (
        pupil_id(db, "RSSGLI18C54H501Z").await,
        pupil_id(db, "RSSLCU21H02H501S").await,
    );
    // Mario's ISEE (12,400 €) is in FASCIA4 (4.00 €); Luca is the younger child.
    assert_eq!(price(&prices, &giulia), 400);
    assert_eq!(price(&prices, &luca), 200);
    // Laura has no ISEE: the full tariff.
    let sofia = pupil_id(db, "CNTSFO14S63F205Z").await;
    assert_eq!(price(&prices, &sofia), 547);
    // Francesca's three children (FASCIA2, 2.00 €): the eldest in full, the others at half.
    let mut esposito: Vec<i64> = sqlx::query_scalar::<_, String>(
        "SELECT p.id FROM pupils p JOIN guardians g ON g.id = p.guardian_id WHERE g.fiscal_code = 'SPSFNC82D49F839L' ORDER BY p.birth_date",
    )
    .fetch_all(&db.pool)
    .await
    .expect("pupils")
    .iter()
    .map(|id| price(&prices, id))
    .collect();
    assert_eq!(esposito, vec![200, 100, 100]);

    // A new price list from January: FASCIA4 costs 4.50 €, with a 30 % sibling discount.
    let service: String = sqlx::query_scalar(
        "SELECT service_id FROM tariff_bands WHERE tenant_id = $1 AND code = 'FASCIA4'",
    )
    .bind(tenant.id.as_str())
    .fetch_one(&db.pool)
    .await
    .expect("service");
    let mut conn = db.pool.acquire().await.expect("conn");
    registry::RegistryWriter::new(&mut conn, &tenant.id)
        .tariff_band(
            &service,
            10,
            &registry::NewTariffBand {
                band: &TariffBand {
                    code: "FASCIA4".into(),
                    label: "ISEE da 7.000,01 a 15.000 € (2027)".into(),
                    kind: BandKind::Isee,
                    isee_min: Some(Money::from_cents(700_000)),
                    isee_max: Some(Money::from_cents(1_500_000)),
                    price: Money::from_cents(450),
                    sibling_discount_percent: 30,
                },
                valid_from: NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"),
                valid_to: None,
            },
        )
        .await
        .expect("new version");
    drop(conn);
    let january = NaiveDate::from_ymd_opt(2027, 1, 11).expect("date");
    let later = tariffs::meal_prices(&db.pool, &tenant.id, january, None)
        .await
        .expect("prices");
    assert_eq!(price(&later, &giulia), 450);
    assert_eq!(price(&later, &luca), 315);
    // December keeps its prices; other bands are unchanged.
    let again = tariffs::meal_prices(&db.pool, &tenant.id, december, None)
        .await
        .expect("prices");
    assert_eq!(price(&again, &giulia), 400);
    esposito = vec![price(&later, &sofia)];
    assert_eq!(esposito, vec![547]);
    // One family's prices only.
    let mario = personal::guardian_id(&db.pool, &tenant.id, &person("RSSMRA80A01H501U"))
        .await
        .expect("lookup")
        .expect("guardian");
    let only = tariffs::meal_prices(&db.pool, &tenant.id, december, Some(&mario))
        .await
        .expect("prices");
    assert_eq!(only.len(), 2);
}
on_both_engines!(meal_prices, meal_prices_follow_bands_versions_and_siblings);

/// After the day's debit a family whose credit got worse gets one message per step
/// (reruns send nothing twice); a late absence is charged, or refunded exactly once when
/// the Ente does not charge it, whether the absence or the closure comes first.
async fn closure_alerts_and_late_absences(db: &TestDb) {
    use app::backend::store::{attendance, closure};
    let (tenant, _) = demo_tenants(db).await;
    let messages = |cf: &'static str| async move {
        sqlx::query_scalar::<_, String>(
            "SELECT m.title FROM messages m JOIN guardians g ON g.id = m.guardian_id
             WHERE g.fiscal_code = $1 ORDER BY m.created_at, m.title",
        )
        .bind(cf)
        .fetch_all(&db.pool)
        .await
        .expect("messages")
    };
    let tenant_id = tenant.id.clone();
    let wallet = |cf: &'static str| {
        let tenant_id = tenant_id.clone();
        async move {
            ledger::accounts_of_guardian(&db.pool, &tenant_id, cf)
                .await
                .expect("accounts")
                .into_iter()
                .find(|a| a.prepaid)
                .expect("wallet")
        }
    };
    // Mario starts at zero: 6.00 € of meals (4.00 + 2.00) take him below zero.
    let (tue, wed, thu) = (
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        NaiveDate::from_ymd_opt(2026, 12, 2).expect("date"),
        NaiveDate::from_ymd_opt(2026, 12, 3).expect("date"),
    );
    closure::close_day(&db.pool, &tenant, tue, "test", at(2026, 12, 1))
        .await
        .expect("close");
    closure::close_day(&db.pool, &tenant, tue, "test", at(2026, 12, 1))
        .await
        .expect("rerun");
    assert_eq!(wallet("RSSMRA80A01H501U").await.balance.cents(), -600);
    assert_eq!(messages("RSSMRA80A01H501U").await, ["Saldo mensa negativo"]);
    // Another day further down: no new message until the limit.
    closure::close_day(&db.pool, &tenant, wed, "test", at(2026, 12, 2))
        .await
        .expect("close");
    assert_eq!(messages("RSSMRA80A01H501U").await.len(), 1);
    // Laura (Sofia eats Tuesday and Thursday, 5.47 €) went negative on Tuesday; a
    // correction brings her to 20.00 €, and Thursday's meal below three meals: "low".
    let laura = wallet("BNCLRA85M41F205C").await;
    let mut tx = db.pool.begin().await.expect("tx");
    ledger::post(
        &mut tx,
        &tenant.id,
        &laura.id,
        &ledger::NewEntry {
            kind: ledger::EntryKind::Correction,
            amount: Money::from_cents(2_547),
            pupil_id: None,
            description: "test",
            reference: Some("test-credit"),
            created_by: "test",
        },
        at(2026, 12, 2),
    )
    .await
    .expect("credit");
    tx.commit().await.expect("commit");
    closure::close_day(&db.pool, &tenant, thu, "test", at(2026, 12, 3))
        .await
        .expect("close");
    assert_eq!(wallet("BNCLRA85M41F205C").await.balance.cents(), 1_453);
    assert_eq!(
        messages("BNCLRA85M41F205C").await,
        ["Saldo mensa negativo", "Credito mensa in esaurimento"]
    );

    // Late absences: charged by default.
    let giulia = pupil_id(db, "RSSGLI18C54H501Z").await;
    let luca = pupil_id(db, "RSSLCU21H02H501S").await;
    attendance::record_late_absence(&db.pool, &tenant, &giulia, thu, "test", at(2026, 12, 3))
        .await
        .expect("absent");
    let refunds = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'refund'")
            .fetch_one(&db.pool)
            .await
            .expect("refunds")
    };
    assert_eq!(refunds().await, 0);
    // An Ente that does not charge them: the absence after the closure refunds at once…
    sqlx::query("UPDATE tenants SET charge_late_absence = FALSE WHERE id = $1")
        .bind(tenant.id.as_str())
        .execute(&db.pool)
        .await
        .expect("setting");
    let tenant = tenants::get(&db.pool, &tenant.id)
        .await
        .expect("tenant")
        .expect("found");
    assert!(!tenant.booking.charge_late_absence);
    attendance::record_late_absence(&db.pool, &tenant, &luca, thu, "test", at(2026, 12, 3))
        .await
        .expect("absent");
    attendance::record_late_absence(&db.pool, &tenant, &luca, thu, "test", at(2026, 12, 3))
        .await
        .expect("again");
    // (Giulia's earlier absence is refunded now too: the Ente does not charge them.)
    assert_eq!(refunds().await, 2);
    // …and an absence before the closure is refunded by the closure, once.
    let fri = NaiveDate::from_ymd_opt(2026, 12, 4).expect("date");
    attendance::record_late_absence(&db.pool, &tenant, &giulia, fri, "test", at(2026, 12, 4))
        .await
        .expect("absent");
    for _ in 0..2 {
        closure::close_day(&db.pool, &tenant, fri, "test", at(2026, 12, 4))
            .await
            .expect("close");
    }
    assert_eq!(refunds().await, 3);
    // Mario: Tuesday and Wednesday 6.00 € each, Thursday refunded in full, Friday only
    // Luca's 2.00 €: −14.00 €.
    assert_eq!(wallet("RSSMRA80A01H501U").await.balance.cents(), -1_400);
    assert_eq!(ledger::verify(&db.pool).await.expect("verify").1, []);
}
on_both_engines!(closure_alerts, closure_alerts_and_late_absences);

/// Comunicazioni: audiences resolve within the Ente, every family gets its own copy, read
/// state is per family, and nobody reads another family's (or Ente's) messages.
async fn messages_reach_their_audience_and_keep_their_read_state(db: &TestDb) {
    use app::backend::store::messages;
    use app::domain::messages::{Audience, MessageText};
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let now = at(2026, 12, 1);
    let ids = |rows: Vec<String>| rows.len();
    let all = messages::audience(&db.pool, &valleverde.id, &Audience::Everyone, today)
        .await
        .expect("audience");
    assert_eq!(ids(all.clone()), 3, "the three demo families");
    let school: String = sqlx::query_scalar(
        "SELECT id FROM schools WHERE tenant_id = $1 AND name LIKE 'Scuola primaria%'",
    )
    .bind(valleverde.id.as_str())
    .fetch_one(&db.pool)
    .await
    .expect("school");
    let primary = messages::audience(
        &db.pool,
        &valleverde.id,
        &Audience::School(school.clone()),
        today,
    )
    .await
    .expect("audience");
    assert_eq!(
        primary.len(),
        2,
        "Giulia's and Chiara's and Matteo's families"
    );
    let transport: String =
        sqlx::query_scalar("SELECT id FROM services WHERE tenant_id = $1 AND code = 'TRASPORTO'")
            .bind(valleverde.id.as_str())
            .fetch_one(&db.pool)
            .await
            .expect("service");
    let riders = messages::audience(
        &db.pool,
        &valleverde.id,
        &Audience::Service(transport),
        today,
    )
    .await
    .expect("audience");
    assert_eq!(riders.len(), 3);
    let mario = messages::audience(
        &db.pool,
        &valleverde.id,
        &Audience::Family("RSSMRA80A01H501U".into()),
        today,
    )
    .await
    .expect("audience");
    assert_eq!(mario.len(), 1);
    // Another Ente's school or family reaches nobody here.
    for other in [
        Audience::School(school.clone()),
        Audience::Family("RSSMRA80A01H501U".into()),
    ] {
        assert!(messages::audience(&db.pool, &montechiaro.id, &other, today)
            .await
            .expect("audience")
            .is_empty());
    }

    let text = MessageText::new("Menù di primavera", "Dal 1° marzo cambia il menù.").expect("text");
    assert_eq!(
        messages::broadcast(
            &db.pool,
            &valleverde.id,
            &primary,
            &text,
            None,
            "GLLNNA90L47A944N",
            now
        )
        .await
        .expect("send"),
        2
    );
    let second = MessageText::new("Sciopero", "Il 10 dicembre la mensa è chiusa.").expect("text");
    messages::broadcast(
        &db.pool,
        &valleverde.id,
        &all,
        &second,
        None,
        "GLLNNA90L47A944N",
        now,
    )
    .await
    .expect("send");
    let tenant_id = &valleverde.id;
    let unread = |cf: &'static str| async move {
        messages::unread_count(&db.pool, tenant_id, cf)
            .await
            .expect("count")
    };
    assert_eq!(unread("RSSMRA80A01H501U").await, 2);
    assert_eq!(
        unread("BNCLRA85M41F205C").await,
        1,
        "Laura's child is not at the primary school"
    );
    let inbox = messages::of_guardian(&db.pool, &valleverde.id, "RSSMRA80A01H501U", 10)
        .await
        .expect("inbox");
    assert_eq!(inbox.len(), 2);
    // Reading one of Mario's messages as Laura changes nothing; as Mario it is read.
    let first = inbox[0].id.clone();
    assert_eq!(
        messages::mark_read(
            &db.pool,
            &valleverde.id,
            "BNCLRA85M41F205C",
            Some(&first),
            now
        )
        .await
        .expect("read"),
        0
    );
    assert_eq!(
        messages::mark_read(&db.pool, &montechiaro.id, "RSSMRA80A01H501U", None, now)
            .await
            .expect("read"),
        0
    );
    assert_eq!(
        messages::mark_read(
            &db.pool,
            &valleverde.id,
            "RSSMRA80A01H501U",
            Some(&first),
            now
        )
        .await
        .expect("read"),
        1
    );
    assert_eq!(unread("RSSMRA80A01H501U").await, 1);
    messages::mark_read(&db.pool, &valleverde.id, "RSSMRA80A01H501U", None, now)
        .await
        .expect("read all");
    assert_eq!(unread("RSSMRA80A01H501U").await, 0);
    assert_eq!(
        unread("SPSFNC82D49F839L").await,
        2,
        "Francesca's stay unread"
    );
    let by: Option<String> = sqlx::query_scalar("SELECT sent_by FROM messages WHERE id = $1")
        .bind(&first)
        .fetch_one(&db.pool)
        .await
        .expect("sender");
    assert_eq!(by.as_deref(), Some("GLLNNA90L47A944N"));
}
on_both_engines!(
    comunicazioni,
    messages_reach_their_audience_and_keep_their_read_state
);

/// The 730 certificate: what was paid in each calendar year of the Ente's zone (a payment at
/// 23:30 on 31 December and one at 00:30 on 1 January fall in different years), fees by their
/// pupil, top-ups shared by the year's meals; re-running changes and sends nothing more.
async fn tax_certificates_follow_the_payment_year(db: &TestDb) {
    use app::backend::store::{payments::fees, tax_certificates};
    use app::backend::tax_certificates;
    let (tenant, account) = wallet(db).await;
    let (giulia, luca) = (
        pupil_id(db, "RSSGLI18C54H501Z").await,
        pupil_id(db, "RSSLCU21H02H501S").await,
    );
    let utc = |y, m, d, h, min| {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("instant")
    };
    // Meals of 2025: Giulia 8.00 €, Luca 4.00 € (the top-ups of 2025 are shared 2 : 1).
    for (pupil, cents, n) in [
        (&giulia, 400, 1),
        (&giulia, 400, 2),
        (&luca, 200, 3),
        (&luca, 200, 4),
    ] {
        let mut tx = db.pool.begin().await.expect("tx");
        ledger::post(
            &mut tx,
            &tenant.id,
            &account,
            &ledger::NewEntry {
                kind: ledger::EntryKind::Meal,
                amount: Money::from_cents(-cents),
                pupil_id: Some(pupil),
                description: "Pasto",
                reference: Some(&format!("meal-test-{n}")),
                created_by: "test",
            },
            utc(2025, 11, 3 + n, 12, 0),
        )
        .await
        .expect("meal");
        tx.commit().await.expect("commit");
    }
    // 30.00 € at 23:30 in Rome on 31/12/2025, 50.00 € at 00:30 on 01/01/2026.
    let late = open_topup(db, &tenant, &account, 3_000, utc(2025, 12, 31, 20, 0)).await;
    payments::confirm(
        &db.pool,
        &tenant.id,
        late.notice.iuv(),
        utc(2025, 12, 31, 22, 30),
    )
    .await
    .expect("confirm");
    let early = open_topup(db, &tenant, &account, 5_000, utc(2025, 12, 31, 20, 0)).await;
    payments::confirm(
        &db.pool,
        &tenant.id,
        early.notice.iuv(),
        utc(2025, 12, 31, 23, 30),
    )
    .await
    .expect("confirm");
    // Giulia's transport instalment (93.00 €) paid at 23:59 in Rome on 31/12/2026.
    fees::issue(
        &db.pool,
        &tenant,
        "TRASPORTO",
        "Trasporto 2026/27",
        &[fees::Instalment {
            amount: Money::from_cents(9_300),
            due: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
        }],
        "test",
        utc(2026, 10, 1, 9, 0),
    )
    .await
    .expect("fees");
    let iuv: String = sqlx::query_scalar(
        "SELECT p.iuv FROM payments p JOIN fees f ON f.payment_id = p.id WHERE f.pupil_id = $1",
    )
    .bind(&giulia)
    .fetch_one(&db.pool)
    .await
    .expect("fee payment");
    payments::confirm(&db.pool, &tenant.id, &iuv, utc(2026, 12, 31, 22, 59))
        .await
        .expect("confirm");

    let y2025 = tax_certificates::paid_in_year(&db.pool, &tenant, 2025)
        .await
        .expect("2025");
    let mario = personal::guardian_id(&db.pool, &tenant.id, &person("RSSMRA80A01H501U"))
        .await
        .expect("lookup")
        .expect("Mario");
    let amount = |year: &std::collections::BTreeMap<(String, String), Money>, pupil: &str| {
        year.get(&(mario.clone(), pupil.to_string()))
            .map(|m| m.cents())
    };
    assert_eq!(amount(&y2025, &giulia), Some(2_000));
    assert_eq!(amount(&y2025, &luca), Some(1_000));
    // 2026: no meals, so the 50.00 € go half and half to the two canteen pupils; the fee
    // is Giulia's.
    let y2026 = tax_certificates::paid_in_year(&db.pool, &tenant, 2026)
        .await
        .expect("2026");
    assert_eq!(
        (amount(&y2026, &giulia), amount(&y2026, &luca)),
        (Some(2_500 + 9_300), Some(2_500))
    );
    assert_eq!(
        tax_certificates::paid_in_year(&db.pool, &tenant, 2027)
            .await
            .expect("2027")
            .len(),
        0
    );

    // Published once, for Mario's family (nobody else paid in 2025).
    let first = tax_certificates::publish(&db.pool, &tenant, 2025, utc(2026, 2, 1, 9, 0))
        .await
        .expect("publish");
    assert_eq!(
        (first.certificates, first.families, first.new_messages),
        (2, 1, 1)
    );
    let again = tax_certificates::publish(&db.pool, &tenant, 2025, utc(2026, 2, 2, 9, 0))
        .await
        .expect("again");
    assert_eq!(
        (again.certificates, again.families, again.new_messages),
        (2, 1, 0)
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tax_certificates WHERE year = 2025")
        .fetch_one(&db.pool)
        .await
        .expect("rows");
    assert_eq!(rows, 2);
    let lines = tax_certificates::of_guardian(&db.pool, &tenant, "RSSMRA80A01H501U", 2025)
        .await
        .expect("lines");
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.pupil_fiscal_code.as_str(), l.amount.cents()))
            .collect::<Vec<_>>(),
        [("RSSGLI18C54H501Z", 2_000), ("RSSLCU21H02H501S", 1_000)]
    );
    assert!(
        tax_certificates::of_guardian(&db.pool, &tenant, "BNCLRA85M41F205C", 2025)
            .await
            .expect("lines")
            .is_empty()
    );
    let message: (String, Option<String>) =
        sqlx::query_as("SELECT title, link_path FROM messages WHERE kind = 'tax_certificate'")
            .fetch_one(&db.pool)
            .await
            .expect("message");
    assert_eq!(
        message,
        (
            "Attestazione delle spese scolastiche 2025".to_string(),
            Some("/area-personale/attestazioni/2025.pdf".to_string())
        )
    );
}
on_both_engines!(tax_certificates, tax_certificates_follow_the_payment_year);

/// Moduli online: protocol numbers run per Ente and year without gaps or repeats, however
/// many submissions arrive at once; the same draft submitted concurrently is one submission.
async fn submissions_get_one_protocol_each(db: &TestDb) {
    use app::backend::store::forms;
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let def = forms::definition(&db.pool, &valleverde.id, "delega", None)
        .await
        .expect("lookup")
        .expect("the demo form");
    assert!(forms::definition(&db.pool, &montechiaro.id, "delega", None)
        .await
        .expect("lookup")
        .is_none());
    let now = at(2026, 12, 1);
    let answers: forms::Answers = [("alunno".to_string(), "RSSGLI18C54H501Z".to_string())].into();
    // Twenty people at once.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (pool, tenant, def, answers) = (
            db.pool.clone(),
            valleverde.id.clone(),
            def.clone(),
            answers.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let owner = format!("OWNER{i:02}");
            let draft =
                forms::save_draft(&pool, &tenant, &owner, "delega", def.version, &answers, now)
                    .await
                    .expect("draft");
            let new = forms::NewSubmission {
                owner: &owner,
                owner_name: "Prova",
                definition: &def,
                draft_id: &draft,
                answers: &answers,
            };
            // The same draft twice, at once.
            let (a, b) = tokio::join!(
                forms::submit(&pool, &tenant, &new, now),
                forms::submit(&pool, &tenant, &new, now)
            );
            let (a, b) = (a.expect("submit"), b.expect("submit"));
            assert_eq!(a.id, b.id);
            a.protocol
        }));
    }
    let mut protocols = Vec::new();
    for t in tasks {
        protocols.push(t.await.expect("task"));
    }
    protocols.sort();
    let expected: Vec<String> = (1..=20).map(|n| format!("2026/{n:06}")).collect();
    assert_eq!(protocols, expected);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    assert_eq!(rows, 20);
    // Another Ente, and another year, start from 1.
    let mt_def = {
        let mut d = def.clone();
        d.code = "prova".into();
        d.effect = None;
        d.sections[0].fields.retain(|f| f.name == "dal");
        d
    };
    let mut conn = db.pool.acquire().await.expect("conn");
    forms::publish(&mut conn, &montechiaro.id, &mt_def, now)
        .await
        .expect("publish");
    drop(conn);
    for (tenant, when, expected) in [
        (&montechiaro.id, now, "2026/000001"),
        (&valleverde.id, at(2027, 1, 2), "2027/000001"),
    ] {
        let draft = forms::save_draft(
            &db.pool,
            tenant,
            "OWNERX",
            &mt_def.code,
            1,
            &forms::Answers::new(),
            when,
        )
        .await
        .expect("draft");
        let s = forms::submit(
            &db.pool,
            tenant,
            &forms::NewSubmission {
                owner: "OWNERX",
                owner_name: "Prova",
                definition: &mt_def,
                draft_id: &draft,
                answers: &forms::Answers::new(),
            },
            when,
        )
        .await
        .expect("submit");
        assert_eq!(s.protocol, expected);
    }
}
on_both_engines!(forms_protocols, submissions_get_one_protocol_each);

/// Fees due within a week are reminded once each; later ones and paid ones are not.
async fn fees_due_soon_are_reminded_once(db: &TestDb) {
    use app::backend::store::payments::fees;
    let (tenant, _) = demo_tenants(db).await;
    let now = at(2026, 11, 25);
    fees::issue(
        &db.pool,
        &tenant,
        "TRASPORTO",
        "Trasporto 2026/27",
        &[
            fees::Instalment {
                amount: Money::from_cents(9_300),
                due: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
            },
            fees::Instalment {
                amount: Money::from_cents(7_000),
                due: NaiveDate::from_ymd_opt(2027, 2, 28).expect("date"),
            },
        ],
        "test",
        now,
    )
    .await
    .expect("issue");
    // Giulia's first instalment is paid already.
    let iuv: String = sqlx::query_scalar(
        "SELECT p.iuv FROM payments p JOIN fees f ON f.payment_id = p.id JOIN pupils u ON u.id = f.pupil_id
         WHERE u.fiscal_code = 'RSSGLI18C54H501Z' AND f.due_date = '2026-11-30'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("fee");
    payments::confirm(&db.pool, &tenant.id, &iuv, now)
        .await
        .expect("paid");
    // Four riders: three unpaid first instalments due in five days.
    assert_eq!(
        fees::remind_due_soon(&db.pool, 7, now)
            .await
            .expect("remind"),
        3
    );
    assert_eq!(
        fees::remind_due_soon(&db.pool, 7, now)
            .await
            .expect("again"),
        0
    );
    let titles: Vec<String> =
        sqlx::query_scalar("SELECT body FROM messages WHERE kind = 'fee_due_soon'")
            .fetch_all(&db.pool)
            .await
            .expect("messages");
    assert_eq!(titles.len(), 3);
    assert!(
        titles.iter().all(|b| b.contains("scade il 30/11/2026")),
        "{titles:?}"
    );
}
on_both_engines!(fee_reminders, fees_due_soon_are_reminded_once);
