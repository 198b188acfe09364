//! "Nuovo anno scolastico": next year's classes made from this year's (`1ª A` → `2ª A`),
//! pupils moved into them, the last year's pupils leaving (their subscriptions end on the
//! last day of the year). Old classes, subscriptions and ledger rows stay as history;
//! wallets belong to the tutore and the service, not to a class, so balances carry over
//! untouched.

use super::registry_import::create_class;
use super::{date_from_db, date_to_db, new_id, StoreError, TenantId};
use crate::domain::registry::{is_first_year, leaves_infanzia, promoted_class, years_of_school};
use crate::domain::school_year::SchoolYear;
use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

pub use super::registry_import::Mode;

/// What the passage does in one school.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchoolPassage {
    pub school: String,
    pub promoted: usize,
    pub leaving: usize,
    pub classes: usize,
    /// The last day of the school year ending (subscriptions of leavers end then).
    pub last_day: Option<NaiveDate>,
}

struct Pupil {
    id: String,
    birth_date: NaiveDate,
}

struct YearClass {
    id: String,
    school_id: String,
    school: String,
    kind: String,
    name: String,
    pupils: Vec<Pupil>,
}

async fn classes_of_year(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    year: &str,
) -> Result<Vec<YearClass>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.id, c.school_id, c.name, s.name AS school, s.kind FROM classes c
         JOIN schools s ON s.tenant_id = c.tenant_id AND s.id = c.school_id
         WHERE c.tenant_id = $1 AND c.school_year = $2 ORDER BY s.name, c.name",
    )
    .bind(tenant.as_str())
    .bind(year)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let id: String = r.try_get("id")?;
        let pupils = sqlx::query(
            "SELECT id, birth_date FROM pupils WHERE tenant_id = $1 AND class_id = $2 ORDER BY id",
        )
        .bind(tenant.as_str())
        .bind(&id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|p| {
            Ok(Pupil {
                id: p.try_get("id")?,
                birth_date: date_from_db(&p.try_get::<String, _>("birth_date")?)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        out.push(YearClass {
            id,
            school_id: r.try_get("school_id")?,
            school: r.try_get("school")?,
            kind: r.try_get("kind")?,
            name: r.try_get("name")?,
            pupils,
        });
    }
    Ok(out)
}

/// The last day of the school's year that starts in `start_year` (the calendar's), if set.
async fn last_day(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    school_id: &str,
    start_year: i32,
) -> Result<Option<NaiveDate>, StoreError> {
    let row = sqlx::query(
        "SELECT last_day FROM school_years WHERE tenant_id = $1 AND school_id = $2
         AND first_day >= $3 AND first_day < $4 ORDER BY first_day LIMIT 1",
    )
    .bind(tenant.as_str())
    .bind(school_id)
    .bind(format!("{start_year}-08-01"))
    .bind(format!("{}-08-01", start_year + 1))
    .fetch_optional(conn)
    .await?;
    row.map(|r| date_from_db(&r.try_get::<String, _>("last_day")?))
        .transpose()
}

/// Does the Ente have classes of `year`? (The passage into it is done, then.)
pub async fn has_classes(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    year: &str,
) -> Result<bool, StoreError> {
    Ok(
        sqlx::query("SELECT 1 FROM classes WHERE tenant_id = $1 AND school_year = $2 LIMIT 1")
            .bind(tenant.as_str())
            .bind(year)
            .fetch_optional(conn)
            .await?
            .is_some(),
    )
}

/// The passage from `from` to the next year ("2026/2027" → "2027/2028"), school by school;
/// written only in `Mode::Write` (on the caller's transaction). The caller checks it has no
/// classes yet, so running it twice does not promote twice.
pub async fn promote(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    from: SchoolYear,
    mode: Mode,
) -> Result<Vec<SchoolPassage>, StoreError> {
    let (start, next_start) = (from.start(), from.next().start());
    let (from_label, to_label) = (from.label(), from.next().label());
    let (from, to) = (from_label.as_str(), to_label.as_str());
    let mut schools: BTreeMap<String, SchoolPassage> = BTreeMap::new();
    for class in classes_of_year(conn, tenant, from).await? {
        if !schools.contains_key(&class.school_id) {
            let last = last_day(conn, tenant, &class.school_id, start).await?;
            schools.insert(
                class.school_id.clone(),
                SchoolPassage {
                    school: class.school.clone(),
                    last_day: last,
                    ..Default::default()
                },
            );
        }
        let Some(passage) = schools.get_mut(&class.school_id) else {
            continue;
        };
        let next_name = promoted_class(&class.name, years_of_school(&class.kind));
        let (moving, leaving): (Vec<&Pupil>, Vec<&Pupil>) = match &next_name {
            None => (Vec::new(), class.pupils.iter().collect()),
            Some(_) if class.kind == "infanzia" => class
                .pupils
                .iter()
                .partition(|p| !leaves_infanzia(p.birth_date, next_start)),
            Some(_) => (class.pupils.iter().collect(), Vec::new()),
        };
        passage.promoted += moving.len();
        passage.leaving += leaving.len();
        if let Some(name) = &next_name {
            passage.classes += 1;
            if mode == Mode::Write {
                let id = new_id();
                let new_class = (class.school_id.as_str(), name.as_str(), to);
                create_class(conn, tenant, new_class, &id, Some(&class.id)).await?;
                for p in &moving {
                    sqlx::query("UPDATE pupils SET class_id = $1 WHERE tenant_id = $2 AND id = $3")
                        .bind(&id)
                        .bind(tenant.as_str())
                        .bind(&p.id)
                        .execute(&mut *conn)
                        .await?;
                }
            }
        }
        if is_first_year(&class.name) {
            passage.classes += 1;
            if mode == Mode::Write {
                let new_class = (class.school_id.as_str(), class.name.as_str(), to);
                create_class(conn, tenant, new_class, &new_id(), Some(&class.id)).await?;
            }
        }
        if mode == Mode::Write {
            // Leavers keep their last class (history) and stop being subscribed.
            let end = passage
                .last_day
                .or_else(|| NaiveDate::from_ymd_opt(start + 1, 6, 30));
            if let Some(end) = end {
                for p in &leaving {
                    sqlx::query(
                        "UPDATE subscriptions SET to_date = $1 WHERE tenant_id = $2 AND pupil_id = $3
                         AND from_date <= $1 AND (to_date IS NULL OR to_date > $1)",
                    )
                    .bind(date_to_db(end))
                    .bind(tenant.as_str())
                    .bind(&p.id)
                    .execute(&mut *conn)
                    .await?;
                }
            }
        }
    }
    let mut out: Vec<SchoolPassage> = schools.into_values().collect();
    out.sort_by(|a, b| a.school.cmp(&b.school));
    Ok(out)
}
