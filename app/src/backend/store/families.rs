//! The families of the Ente as the office looks them up: by a tutore's or a pupil's name or
//! fiscal code, or by the notice code of one of their payments. Read only.

use super::{StoreError, TenantId};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::notice::NoticeNumber;
use crate::domain::registry::Guardian;
use sqlx::{AnyPool, Row};

/// At most this many families answer a search: a longer list means a vaguer search.
pub const MAX_HITS: usize = 20;

/// A family found: its tutore and the pupils in their care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub fiscal_code: String,
    pub name: String,
    pub pupils: Vec<String>,
}

/// What the office typed, understood as one kind of key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    FiscalCode(FiscalCode),
    /// A notice code (18 digits) or its IUV (the last 17, or 15 in the old format).
    Notice(String),
    /// Words of a name, lower case.
    Name(String),
}

impl Key {
    /// `None` when there is nothing to look for (fewer than two letters or digits).
    pub fn parse(text: &str) -> Option<Key> {
        let text = text.trim();
        if let Ok(cf) = FiscalCode::parse(text) {
            return Some(Key::FiscalCode(cf));
        }
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() >= 15 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Key::Notice(
                NoticeNumber::parse(&digits).map_or(digits, |n| n.as_str().to_string()),
            ));
        }
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (words.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
            .then(|| Key::Name(words.to_lowercase()))
    }
}

/// The families that match, by the tutore's name; `MAX_HITS + 1` at most, so the caller
/// can tell there were more.
pub async fn search(pool: &AnyPool, tenant: &TenantId, key: &Key) -> Result<Vec<Hit>, StoreError> {
    const FAMILY: &str = "SELECT DISTINCT g.id FROM guardians g
         LEFT JOIN pupils p ON p.tenant_id = g.tenant_id AND p.guardian_id = g.id
         WHERE g.tenant_id = $1";
    let (filter, value) = match key {
        Key::FiscalCode(cf) => (
            "AND (g.fiscal_code = $2 OR p.fiscal_code = $2)".to_string(),
            cf.as_str().to_string(),
        ),
        Key::Notice(code) => (
            "AND g.id IN (SELECT a.guardian_id FROM payments pm
                 JOIN accounts a ON a.tenant_id = pm.tenant_id AND a.id = pm.account_id
                 WHERE pm.tenant_id = $1 AND (pm.notice_number = $2 OR pm.iuv = $2
                       OR pm.notice_number LIKE '%' || $2))"
                .to_string(),
            code.clone(),
        ),
        Key::Name(words) => (
            "AND (LOWER(g.given_name || ' ' || g.family_name) LIKE $2 ESCAPE '\\'
                  OR LOWER(g.family_name || ' ' || g.given_name) LIKE $2 ESCAPE '\\'
                  OR LOWER(p.given_name || ' ' || p.family_name) LIKE $2 ESCAPE '\\'
                  OR LOWER(p.family_name || ' ' || p.given_name) LIKE $2 ESCAPE '\\')"
                .to_string(),
            format!("%{}%", escape_like(words)),
        ),
    };
    let rows = sqlx::query(&format!(
        "SELECT g.fiscal_code, g.given_name, g.family_name, p.given_name AS pupil_given,
                p.family_name AS pupil_family
         FROM guardians g
         LEFT JOIN pupils p ON p.tenant_id = g.tenant_id AND p.guardian_id = g.id
         WHERE g.tenant_id = $1 AND g.id IN ({FAMILY} {filter})
         ORDER BY g.family_name, g.given_name, g.fiscal_code, p.birth_date, p.given_name"
    ))
    .bind(tenant.as_str())
    .bind(value)
    .fetch_all(pool)
    .await?;
    let mut hits: Vec<Hit> = Vec::new();
    for row in &rows {
        let cf: String = row.try_get("fiscal_code")?;
        if hits.last().map(|h| &h.fiscal_code) != Some(&cf) {
            if hits.len() > MAX_HITS {
                break;
            }
            let given: String = row.try_get("given_name")?;
            let family: String = row.try_get("family_name")?;
            hits.push(Hit {
                fiscal_code: cf,
                name: format!("{given} {family}"),
                pupils: Vec::new(),
            });
        }
        let pupil: (Option<String>, Option<String>) =
            (row.try_get("pupil_given")?, row.try_get("pupil_family")?);
        if let (Some(given), Some(family), Some(hit)) = (pupil.0, pupil.1, hits.last_mut()) {
            hit.pupils.push(format!("{given} {family}"));
        }
    }
    hits.truncate(MAX_HITS + 1);
    Ok(hits)
}

/// `%` and `_` typed by the office are letters, not wildcards.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The tutore with this fiscal code in the Ente, if any.
pub async fn guardian(
    pool: &AnyPool,
    tenant: &TenantId,
    fiscal_code: &FiscalCode,
) -> Result<Option<Guardian>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT given_name, family_name, email, phone, CAST(resident AS INTEGER) AS resident
         FROM guardians WHERE tenant_id = $1 AND fiscal_code = $2",
    )
    .bind(tenant.as_str())
    .bind(fiscal_code.as_str())
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(Guardian {
        fiscal_code: fiscal_code.clone(),
        given_name: row.try_get("given_name")?,
        family_name: row.try_get("family_name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        resident: row.try_get::<i32, _>("resident")? != 0,
    }))
}
