//! A registry list applied to the Ente: tutori and pupils matched by fiscal code (a known
//! one is updated, never doubled), classes by school and name in one school year. The
//! same pass checks (`Mode::Check`, nothing written) and writes (`Mode::Write`, on the
//! caller's transaction, which rolls back when any line is wrong).

use super::{date_to_db, new_id, StoreError, TenantId};
use crate::domain::registry::{LineError, PupilLine};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Check,
    Write,
}

/// Where the pupils go: the classes of this school year, created when missing if asked.
pub struct Target<'a> {
    pub school_year: &'a str,
    pub create_classes: bool,
}

/// What the list did (or, checked, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub pupils_created: usize,
    pub pupils_updated: usize,
    pub guardians_created: usize,
    pub guardians_updated: usize,
    /// "Scuola · classe" of each class created.
    pub classes_created: Vec<String>,
}

struct Guardian {
    id: String,
    names: (String, String),
    email: Option<String>,
    phone: Option<String>,
    resident: bool,
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The list's lines applied in order; every line that cannot be is an error.
pub async fn apply(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    lines: &[PupilLine],
    target: &Target<'_>,
    mode: Mode,
) -> Result<Result<Applied, Vec<LineError>>, StoreError> {
    let t = tenant.as_str();
    let mut schools: HashMap<String, (String, String)> = HashMap::new();
    for r in sqlx::query("SELECT id, name FROM schools WHERE tenant_id = $1 ORDER BY name")
        .bind(t)
        .fetch_all(&mut *conn)
        .await?
    {
        let name: String = r.try_get("name")?;
        schools.insert(key(&name), (r.try_get("id")?, name));
    }
    let mut classes: HashMap<(String, String), String> = HashMap::new();
    for r in sqlx::query(
        "SELECT id, school_id, name FROM classes WHERE tenant_id = $1 AND school_year = $2",
    )
    .bind(t)
    .bind(target.school_year)
    .fetch_all(&mut *conn)
    .await?
    {
        let name: String = r.try_get("name")?;
        classes.insert((r.try_get("school_id")?, key(&name)), r.try_get("id")?);
    }
    let mut guardians: HashMap<String, Guardian> = HashMap::new();
    for r in sqlx::query("SELECT id, fiscal_code, given_name, family_name, email, phone, CAST(resident AS INTEGER) AS resident FROM guardians WHERE tenant_id = $1")
        .bind(t)
        .fetch_all(&mut *conn)
        .await?
    {
        guardians.insert(
            r.try_get("fiscal_code")?,
            Guardian {
                id: r.try_get("id")?,
                names: (r.try_get("given_name")?, r.try_get("family_name")?),
                email: r.try_get("email")?,
                phone: r.try_get("phone")?,
                // Booleans read as integers on both engines.
                resident: r.try_get::<i32, _>("resident")? != 0,
            },
        );
    }
    let mut pupils: HashMap<String, (String, String)> = HashMap::new();
    for r in sqlx::query("SELECT id, fiscal_code, guardian_id FROM pupils WHERE tenant_id = $1")
        .bind(t)
        .fetch_all(&mut *conn)
        .await?
    {
        pupils.insert(
            r.try_get("fiscal_code")?,
            (r.try_get("id")?, r.try_get("guardian_id")?),
        );
    }
    let school_names = || {
        let mut names: Vec<&str> = schools.values().map(|(_, n)| n.as_str()).collect();
        names.sort_unstable();
        names.join(", ")
    };

    let (mut applied, mut errors) = (Applied::default(), Vec::new());
    let mut guardians_seen: Vec<String> = Vec::new();
    for line in lines {
        let Some((school_id, school_name)) = schools.get(&key(&line.school)).cloned() else {
            errors.push(LineError::new(
                line.line,
                format!(
                    "La scuola «{}» non esiste nell'anagrafe dell'Ente (scuole: {}).",
                    line.school,
                    school_names()
                ),
            ));
            continue;
        };
        let class_key = (school_id.clone(), key(&line.class));
        let class_id = match classes.get(&class_key) {
            Some(id) => id.clone(),
            None if target.create_classes => {
                let id = new_id();
                if mode == Mode::Write {
                    let class = (school_id.as_str(), line.class.trim(), target.school_year);
                    create_class(conn, tenant, class, &id, None).await?;
                }
                applied
                    .classes_created
                    .push(format!("{school_name} · {}", line.class.trim()));
                classes.insert(class_key, id.clone());
                id
            }
            None => {
                errors.push(LineError::new(
                    line.line,
                    format!(
                        "La classe «{}» non esiste per «{school_name}» nell'anno scolastico {}: \
                         correggi il nome o scegli «Crea le classi che mancano».",
                        line.class, target.school_year
                    ),
                ));
                continue;
            }
        };
        let g = &line.guardian;
        let cf = g.fiscal_code.as_str().to_string();
        let guardian_id = match guardians.get(&cf) {
            Some(known) => {
                let wanted = Guardian {
                    id: known.id.clone(),
                    names: (g.given_name.clone(), g.family_name.clone()),
                    email: g.email.clone().or_else(|| known.email.clone()),
                    phone: g.phone.clone().or_else(|| known.phone.clone()),
                    resident: g.resident,
                };
                let changed = wanted.names != known.names
                    || wanted.email != known.email
                    || wanted.phone != known.phone
                    || wanted.resident != known.resident;
                if changed && !guardians_seen.contains(&cf) {
                    if mode == Mode::Write {
                        update_guardian(conn, tenant, &wanted).await?;
                    }
                    applied.guardians_updated += 1;
                }
                known.id.clone()
            }
            None => {
                let id = new_id();
                if mode == Mode::Write {
                    sqlx::query(
                        "INSERT INTO guardians (id, tenant_id, fiscal_code, given_name, family_name, email, phone, resident)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&id)
                    .bind(t)
                    .bind(&cf)
                    .bind(&g.given_name)
                    .bind(&g.family_name)
                    .bind(&g.email)
                    .bind(&g.phone)
                    .bind(g.resident)
                    .execute(&mut *conn)
                    .await?;
                }
                applied.guardians_created += 1;
                guardians.insert(
                    cf.clone(),
                    Guardian {
                        id: id.clone(),
                        names: (g.given_name.clone(), g.family_name.clone()),
                        email: g.email.clone(),
                        phone: g.phone.clone(),
                        resident: g.resident,
                    },
                );
                id
            }
        };
        guardians_seen.push(cf);
        match pupils.get(line.fiscal_code.as_str()) {
            Some((_, other)) if *other != guardian_id => errors.push(LineError::new(
                line.line,
                format!(
                    "L'alunno {} risulta già iscritto con un altro genitore: il cambio di tutore si fa con l'ufficio, non con l'importazione.",
                    line.fiscal_code.as_str()
                ),
            )),
            Some((id, _)) => {
                if mode == Mode::Write {
                    // An empty diet in the file keeps the one on record (granted by a form).
                    sqlx::query(
                        "UPDATE pupils SET given_name = $1, family_name = $2, birth_date = $3, class_id = $4,
                                diet = COALESCE($5, diet)
                         WHERE tenant_id = $6 AND id = $7",
                    )
                    .bind(&line.given_name)
                    .bind(&line.family_name)
                    .bind(date_to_db(line.birth_date))
                    .bind(&class_id)
                    .bind(&line.diet)
                    .bind(t)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                }
                applied.pupils_updated += 1;
            }
            None => {
                if mode == Mode::Write {
                    sqlx::query(
                        "INSERT INTO pupils (id, tenant_id, guardian_id, fiscal_code, given_name, family_name, birth_date, class_id, diet)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(new_id())
                    .bind(t)
                    .bind(&guardian_id)
                    .bind(line.fiscal_code.as_str())
                    .bind(&line.given_name)
                    .bind(&line.family_name)
                    .bind(date_to_db(line.birth_date))
                    .bind(&class_id)
                    .bind(&line.diet)
                    .execute(&mut *conn)
                    .await?;
                }
                applied.pupils_created += 1;
            }
        }
    }
    Ok(if errors.is_empty() {
        Ok(applied)
    } else {
        Err(errors)
    })
}

async fn update_guardian(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    g: &Guardian,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE guardians SET given_name = $1, family_name = $2, email = $3, phone = $4, resident = $5
         WHERE tenant_id = $6 AND id = $7",
    )
    .bind(&g.names.0)
    .bind(&g.names.1)
    .bind(&g.email)
    .bind(&g.phone)
    .bind(g.resident)
    .bind(tenant.as_str())
    .bind(&g.id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A class of `school` in `school_year`, eating on the canteen weekdays of class `like`
/// or else of the school's most recent class (a new class eats when its school does).
pub async fn create_class(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    (school_id, name, school_year): (&str, &str, &str),
    id: &str,
    like: Option<&str>,
) -> Result<(), StoreError> {
    let like = match like {
        Some(like) => Some(like.to_string()),
        None => sqlx::query(
            "SELECT c.id FROM classes c WHERE c.tenant_id = $1 AND c.school_id = $2
             AND EXISTS (SELECT 1 FROM class_canteen_days d WHERE d.tenant_id = c.tenant_id AND d.class_id = c.id)
             ORDER BY c.school_year DESC, c.name LIMIT 1",
        )
        .bind(tenant.as_str())
        .bind(school_id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get::<String, _>("id"))
        .transpose()?,
    };
    sqlx::query(
        "INSERT INTO classes (id, tenant_id, school_id, name, school_year) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(tenant.as_str())
    .bind(school_id)
    .bind(name)
    .bind(school_year)
    .execute(&mut *conn)
    .await?;
    if let Some(like) = like {
        sqlx::query(
            "INSERT INTO class_canteen_days (tenant_id, class_id, weekday)
             SELECT tenant_id, $3, weekday FROM class_canteen_days WHERE tenant_id = $1 AND class_id = $2",
        )
        .bind(tenant.as_str())
        .bind(&like)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The newest school year the Ente has classes for ("2026/2027"), if any: the registry's
/// current year, into which lists are imported.
pub async fn newest_school_year(
    conn: &mut AnyConnection,
    tenant: &TenantId,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query("SELECT MAX(school_year) AS y FROM classes WHERE tenant_id = $1")
            .bind(tenant.as_str())
            .fetch_one(conn)
            .await?
            .try_get::<Option<String>, _>("y")?,
    )
}

/// A class of the year with its school and how many pupils it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassCount {
    pub school: String,
    pub class: String,
    pub pupils: u64,
}

/// The classes of `school_year` by school and name, with their pupils.
pub async fn class_counts(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    school_year: &str,
) -> Result<Vec<ClassCount>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.name AS school, c.name AS class,
                (SELECT COUNT(*) FROM pupils p WHERE p.tenant_id = c.tenant_id AND p.class_id = c.id) AS pupils
         FROM classes c JOIN schools s ON s.tenant_id = c.tenant_id AND s.id = c.school_id
         WHERE c.tenant_id = $1 AND c.school_year = $2 ORDER BY s.name, c.name",
    )
    .bind(tenant.as_str())
    .bind(school_year)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ClassCount {
                school: r.try_get("school")?,
                class: r.try_get("class")?,
                pupils: u64::try_from(r.try_get::<i64, _>("pupils")?).unwrap_or(0),
            })
        })
        .collect()
}
