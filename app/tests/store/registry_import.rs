//! `store::registry_import` and `store::promotion`: a registry list applied whole or not
//! at all, matched by fiscal code; the passage to the next school year.

use crate::support::{demo_tenants, numbered_person, on_both_engines, person, TestDb};
use app::backend::store::registry_import::{self, Applied, Mode, Target};
use app::backend::store::{messages, payments::ledger, promotion, registry, Tenant};
use app::domain::messages::Audience;
use app::domain::registry::{pupils, LineError, Mapping};
use app::domain::school_year::SchoolYear;
use app::domain::text_file::{decode, records};
use sqlx::Row;

const YEAR: &str = "2026/2027";

fn this_year() -> SchoolYear {
    SchoolYear::parse(YEAR).expect("year")
}
const PRIMARY: &str = "Scuola primaria Giovanni Pascoli";
const HEADER: &str = "Codice fiscale alunno;Nome;Cognome;Data di nascita;Scuola;Classe;Dieta;\
                      CF genitore;Nome genitore;Cognome genitore;E-mail;Telefono;Residente";

/// A line of the list: pupil `n` in `class`, child of tutore `g`.
fn line(n: u32, given: &str, school: &str, class: &str, g: u32) -> String {
    format!(
        "{};{given};Verdi;01/02/2019;{school};{class};;{};Anna;Verdi;anna{g}@example.it;;sì",
        numbered_person(n).as_str(),
        numbered_person(g).as_str()
    )
}

async fn import(
    db: &TestDb,
    tenant: &Tenant,
    bytes: &[u8],
    create_classes: bool,
    mode: Mode,
) -> Result<Applied, Vec<LineError>> {
    let r = records(&decode(bytes));
    let lines = pupils(&r, &Mapping::guess(&r[0].fields))?;
    let mut tx = db.pool.begin().await.expect("tx");
    let target = Target {
        school_year: YEAR,
        create_classes,
    };
    let out = registry_import::apply(&mut tx, &tenant.id, &lines, &target, mode)
        .await
        .expect("store");
    if out.is_ok() {
        tx.commit().await.expect("commit");
    } else {
        tx.rollback().await.expect("rollback");
    }
    out
}

async fn pupil_count(db: &TestDb, tenant: &Tenant) -> u64 {
    registry::counts(&db.pool, &tenant.id)
        .await
        .expect("counts")
        .pupils
}

async fn pupil_name_and_class(db: &TestDb, tenant: &Tenant, n: u32) -> (String, String) {
    let r = sqlx::query(
        "SELECT p.given_name, c.name FROM pupils p JOIN classes c ON c.tenant_id = p.tenant_id AND c.id = p.class_id
         WHERE p.tenant_id = $1 AND p.fiscal_code = $2",
    )
    .bind(tenant.id.as_str())
    .bind(numbered_person(n).as_str())
    .fetch_one(&db.pool)
    .await
    .expect("pupil");
    (r.get(0), r.get(1))
}

async fn a_list_is_imported_and_imported_again_updates(db: &TestDb) {
    let (valleverde, montechiaro) = demo_tenants(db).await;
    let before = pupil_count(db, &valleverde).await;
    let file = [
        HEADER.to_string(),
        line(701, "Ada", PRIMARY, "1ª A", 801),
        line(702, "Bruno", PRIMARY, "2ª A", 801),
        line(703, "Carla", PRIMARY, "3ª B", 802),
    ]
    .join("\n");
    // Checked, nothing is written.
    let checked = import(db, &valleverde, file.as_bytes(), false, Mode::Check).await;
    assert_eq!(checked.expect("valid").pupils_created, 3);
    assert_eq!(pupil_count(db, &valleverde).await, before);
    let done = import(db, &valleverde, file.as_bytes(), false, Mode::Write)
        .await
        .expect("valid");
    assert_eq!((done.pupils_created, done.pupils_updated), (3, 0));
    assert_eq!((done.guardians_created, done.guardians_updated), (2, 0));
    assert_eq!(pupil_count(db, &valleverde).await, before + 3);
    // The other Ente has no school of that name: nothing of it changes.
    let elsewhere = import(db, &montechiaro, file.as_bytes(), false, Mode::Write).await;
    assert_eq!(elsewhere.expect_err("unknown school").len(), 3);

    // Again, with a name and a class changed: updated, never doubled.
    let again = file
        .replace(";Bruno;", ";Brunello;")
        .replace("3ª B", "4ª A");
    let done = import(db, &valleverde, again.as_bytes(), false, Mode::Write)
        .await
        .expect("valid");
    assert_eq!((done.pupils_created, done.pupils_updated), (0, 3));
    assert_eq!((done.guardians_created, done.guardians_updated), (0, 0));
    assert_eq!(pupil_count(db, &valleverde).await, before + 3);
    assert_eq!(
        pupil_name_and_class(db, &valleverde, 702).await.0,
        "Brunello"
    );
    assert_eq!(pupil_name_and_class(db, &valleverde, 703).await.1, "4ª A");
}
on_both_engines!(
    import_and_reimport,
    a_list_is_imported_and_imported_again_updates
);

async fn a_list_with_a_wrong_line_writes_nothing(db: &TestDb) {
    let (valleverde, _) = demo_tenants(db).await;
    let before = registry::counts(&db.pool, &valleverde.id)
        .await
        .expect("counts");
    let file = [
        HEADER.to_string(),
        line(711, "Ada", PRIMARY, "1ª A", 811),
        line(712, "Bruno", PRIMARY, "9ª Z", 811),
        line(713, "Carla", "Scuola che non c'è", "1ª A", 812),
        // Mario Rossi's Giulia, given to another tutore.
        line(714, "Dora", PRIMARY, "1ª A", 813)
            .replace(numbered_person(714).as_str(), "RSSGLI18C54H501Z"),
    ]
    .join("\n");
    let errors = import(db, &valleverde, file.as_bytes(), false, Mode::Write)
        .await
        .expect_err("invalid");
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5]);
    assert!(
        errors[0].message.contains("«9ª Z» non esiste"),
        "{errors:?}"
    );
    assert!(errors[1].message.contains("Scuola che non c'è"));
    assert!(errors[2].message.contains("altro genitore"));
    let after = registry::counts(&db.pool, &valleverde.id)
        .await
        .expect("counts");
    assert_eq!(
        after, before,
        "nothing written: not the good first line either"
    );
}
on_both_engines!(invalid_line, a_list_with_a_wrong_line_writes_nothing);

async fn a_windows_1252_list_keeps_its_accents_and_may_create_classes(db: &TestDb) {
    let (valleverde, _) = demo_tenants(db).await;
    let text = [
        HEADER.to_string(),
        line(721, "Niccolò", PRIMARY, "1ª C", 821),
    ]
    .join("\r\n");
    // Niccolò and ª in Windows-1252: one byte each.
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("latin-1"))
        .collect();
    let refused = import(db, &valleverde, &bytes, false, Mode::Write).await;
    assert!(refused.expect_err("no 1ª C")[0].message.contains("1ª C"));
    let done = import(db, &valleverde, &bytes, true, Mode::Write)
        .await
        .expect("valid");
    assert_eq!(
        done.classes_created,
        [format!("{PRIMARY} · 1ª C")],
        "the class is named as in the file"
    );
    assert_eq!(
        pupil_name_and_class(db, &valleverde, 721).await,
        ("Niccolò".to_string(), "1ª C".to_string())
    );
    // The new class eats on its school's days (Monday to Friday).
    let days = sqlx::query(
        "SELECT COUNT(*) FROM class_canteen_days d JOIN classes c ON c.tenant_id = d.tenant_id AND c.id = d.class_id
         WHERE d.tenant_id = $1 AND c.name = '1ª C'",
    )
    .bind(valleverde.id.as_str())
    .fetch_one(&db.pool)
    .await
    .expect("days")
    .get::<i64, _>(0);
    assert_eq!(days, 5);
}
on_both_engines!(
    encoding_and_new_classes,
    a_windows_1252_list_keeps_its_accents_and_may_create_classes
);

async fn class_of(db: &TestDb, tenant: &Tenant, pupil: &str) -> (String, String) {
    let r = sqlx::query(
        "SELECT c.name, c.school_year FROM pupils p JOIN classes c ON c.tenant_id = p.tenant_id AND c.id = p.class_id
         WHERE p.tenant_id = $1 AND p.fiscal_code = $2",
    )
    .bind(tenant.id.as_str())
    .bind(pupil)
    .fetch_one(&db.pool)
    .await
    .expect("pupil");
    (r.get(0), r.get(1))
}

async fn open_subscriptions(db: &TestDb, tenant: &Tenant, pupil: &str) -> i64 {
    sqlx::query(
        "SELECT COUNT(*) FROM subscriptions s JOIN pupils p ON p.tenant_id = s.tenant_id AND p.id = s.pupil_id
         WHERE s.tenant_id = $1 AND p.fiscal_code = $2 AND (s.to_date IS NULL OR s.to_date > '2027-06-30')",
    )
    .bind(tenant.id.as_str())
    .bind(pupil)
    .fetch_one(&db.pool)
    .await
    .expect("subscriptions")
    .get(0)
}

async fn the_new_school_year_promotes_once_and_keeps_wallets(db: &TestDb) {
    let (valleverde, _) = demo_tenants(db).await;
    let mario = person("RSSMRA80A01H501U");
    let wallets = ledger::accounts_of_guardian(&db.pool, &valleverde.id, &mario)
        .await
        .expect("accounts");
    let classes_before = registry::counts(&db.pool, &valleverde.id)
        .await
        .expect("counts")
        .classes;
    let secondary = registry::schools(&db.pool, &valleverde.id)
        .await
        .expect("schools")
        .into_iter()
        .find(|(_, name)| name.starts_with("Scuola secondaria"))
        .expect("secondary")
        .0;
    let today = chrono::NaiveDate::from_ymd_opt(2027, 7, 1).expect("day");
    let families_of_secondary = || async {
        let to = Audience::School(secondary.clone());
        messages::audience(&db.pool, &valleverde.id, &to, today)
            .await
            .expect("audience")
            .len()
    };
    // Sofia's family and Marco's.
    assert_eq!(families_of_secondary().await, 2);
    let mut tx = db.pool.begin().await.expect("tx");
    let preview = promotion::promote(&mut tx, &valleverde.id, this_year(), Mode::Check)
        .await
        .expect("preview");
    tx.rollback().await.expect("rollback");
    let primary = preview
        .iter()
        .find(|p| p.school == PRIMARY)
        .expect("primary");
    // Matteo (1ª A) and Giulia (3ª A) move up, Chiara (5ª A) leaves.
    assert_eq!((primary.promoted, primary.leaving), (2, 1));
    // 2ª…5ª from 1ª…4ª A, 4ª B from 3ª B, and a new empty 1ª A.
    assert_eq!(primary.classes, 6);
    assert_eq!(
        primary.last_day,
        chrono::NaiveDate::from_ymd_opt(2027, 6, 30)
    );
    assert_eq!(class_of(db, &valleverde, "RSSGLI18C54H501Z").await.1, YEAR);

    let mut tx = db.pool.begin().await.expect("tx");
    promotion::promote(&mut tx, &valleverde.id, this_year(), Mode::Write)
        .await
        .expect("promote");
    assert!(promotion::has_classes(&mut tx, &valleverde.id, "2027/2028")
        .await
        .expect("classes"));
    tx.commit().await.expect("commit");

    let next = |name: &str| (name.to_string(), "2027/2028".to_string());
    assert_eq!(
        class_of(db, &valleverde, "RSSGLI18C54H501Z").await,
        next("4ª A")
    );
    // Luca (infanzia, born 2021) goes to primary school: he leaves with his section.
    assert_eq!(
        class_of(db, &valleverde, "RSSLCU21H02H501S").await,
        ("Sezione A".to_string(), YEAR.to_string())
    );
    assert_eq!(
        open_subscriptions(db, &valleverde, "RSSLCU21H02H501S").await,
        0
    );
    // Chiara leaves the primary school; Marco the secondary one.
    assert_eq!(class_of(db, &valleverde, "SPSCHR16P45F839T").await.1, YEAR);
    assert_eq!(
        open_subscriptions(db, &valleverde, "SPSCHR16P45F839T").await,
        0
    );
    assert_eq!(class_of(db, &valleverde, "SPSMRC13B17F839A").await.1, YEAR);
    assert!(open_subscriptions(db, &valleverde, "RSSGLI18C54H501Z").await > 0);
    // The old classes stay; the wallets are the tutore's, unchanged.
    let counts = registry::counts(&db.pool, &valleverde.id)
        .await
        .expect("counts");
    // Eleven classes in each year: 2 sections, 1ª–5ª A and 4ª B, 1ª–3ª A.
    assert_eq!(counts.classes, classes_before + 11);
    // Marco left: a message to his old school no longer reaches his family.
    assert_eq!(families_of_secondary().await, 1);
    // The forms offer only the new year's classes.
    let choices = registry::classes(&db.pool, &valleverde.id)
        .await
        .expect("choices");
    assert_eq!(choices.len(), 11);
    assert_eq!(
        ledger::accounts_of_guardian(&db.pool, &valleverde.id, &mario)
            .await
            .expect("accounts"),
        wallets
    );
    // The promoted class eats on its old days (the secondary school: Tuesday, Thursday).
    let days: Vec<i32> = sqlx::query(
        "SELECT d.weekday FROM class_canteen_days d JOIN classes c ON c.tenant_id = d.tenant_id AND c.id = d.class_id
         JOIN pupils p ON p.tenant_id = c.tenant_id AND p.class_id = c.id
         WHERE d.tenant_id = $1 AND p.fiscal_code = 'CNTSFO14S63F205Z' ORDER BY d.weekday",
    )
    .bind(valleverde.id.as_str())
    .fetch_all(&db.pool)
    .await
    .expect("days")
    .iter()
    .map(|r| r.get(0))
    .collect();
    assert_eq!(days, [2, 4]);
    assert_eq!(
        class_of(db, &valleverde, "CNTSFO14S63F205Z").await,
        next("2ª A")
    );
}
on_both_engines!(
    new_school_year,
    the_new_school_year_promotes_once_and_keeps_wallets
);
