//! What the store tests share: a fresh database per test on either engine, the
//! `on_both_engines!` runner, and the Enti, people and wallets the tests start from.

use app::backend::seed::{self, MONTECHIARO_FISCAL_CODE, VALLEVERDE_FISCAL_CODE};
use app::backend::store::files::FileStore;
use app::backend::store::tenants::{self, NewTenant};
use app::backend::store::{self, payments, payments::ledger, Tenant};
use app::domain::fiscal_code::{FiscalCode, OrganizationFiscalCode};
use app::domain::money::Money;
use app::domain::tenant::{SegregationCode, TenantHost};
use chrono::{DateTime, TimeZone, Utc};
use sqlx::AnyPool;

pub struct TestDb {
    pub pool: AnyPool,
    /// The database's URL, to reconnect as a restarted server would.
    pub url: String,
    pub files: FileStore,
    _dir: tempfile::TempDir,
    drop_pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
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
    pub async fn postgres() -> TestDb {
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

    pub async fn finish(self) {
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
                let db = $crate::support::TestDb::sqlite().await;
                super::$body(&db).await;
                db.finish().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = $crate::support::TestDb::postgres().await;
                super::$body(&db).await;
                db.finish().await;
            }
        }
    };
}
pub(crate) use on_both_engines;

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 8, 0, 0)
        .single()
        .expect("valid instant")
}

pub async fn tenant(db: &TestDb, name: &str, fiscal_code: &str, host: &str) -> Tenant {
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

pub async fn demo_tenants(db: &TestDb) -> (Tenant, Tenant) {
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

pub fn person(cf: &str) -> FiscalCode {
    FiscalCode::parse(cf).expect("fiscal code")
}

/// The `n`-th of many made-up people (a valid fiscal code each, by its check letter).
pub fn numbered_person(n: u32) -> FiscalCode {
    let first15 = format!("RSSMRA80A01H{:03}", n % 1000);
    ('A'..='Z')
        .find_map(|check| FiscalCode::parse(&format!("{first15}{check}")).ok())
        .expect("one check letter fits")
}

/// Mario Rossi's canteen wallet in the demo Ente.
pub async fn wallet(db: &TestDb) -> (Tenant, String) {
    let (valleverde, _) = demo_tenants(db).await;
    let accounts =
        ledger::accounts_of_guardian(&db.pool, &valleverde.id, &person("RSSMRA80A01H501U"))
            .await
            .expect("accounts");
    let wallet = accounts.iter().find(|a| a.prepaid).expect("canteen wallet");
    assert_eq!(wallet.balance, Money::ZERO);
    let id = wallet.id.to_string();
    (valleverde, id)
}

pub async fn balance(pool: &AnyPool, tenant: &Tenant, account: &str) -> Money {
    let accounts = ledger::accounts_of_guardian(pool, &tenant.id, &person("RSSMRA80A01H501U"))
        .await
        .expect("accounts");
    accounts
        .iter()
        .find(|a| a.id.as_str() == account)
        .expect("account")
        .balance
}

pub async fn open_topup(
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

pub async fn pupil_id(db: &TestDb, cf: &str) -> String {
    sqlx::query_scalar::<_, String>("SELECT id FROM pupils WHERE fiscal_code = $1")
        .bind(cf)
        .fetch_one(&db.pool)
        .await
        .expect("pupil")
}
