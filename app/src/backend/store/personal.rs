//! A person's pupils as the registry links them: as their tutore, or as a delegate.
//! Every query is keyed by the asking person's fiscal code within their Ente, so one
//! family's pupils cannot be read on behalf of another.

use super::{date_to_db, StoreError, TenantId};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::ids::PupilId;
use chrono::NaiveDate;
use sqlx::{AnyPool, Row};

/// A pupil linked to the asking person, with the services they are subscribed to today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedPupil {
    pub id: PupilId,
    pub given_name: String,
    pub family_name: String,
    pub school: String,
    pub school_id: String,
    pub class: String,
    pub diet: Option<String>,
    pub services: Vec<String>,
    /// Linked by a tutore's delegation (bookings only), not as their tutore.
    pub delegated: bool,
    /// The family books their meals in Prenotazioni: their canteen service (prepaid) has
    /// bookings, or they are subscribed to none with bookings turned off.
    pub bookable: bool,
}

/// The pupils whose tutore is this person.
pub async fn pupils_of_guardian(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian: &FiscalCode,
    today: NaiveDate,
) -> Result<Vec<LinkedPupil>, StoreError> {
    pupils_where(
        pool,
        tenant,
        false,
        "JOIN guardians g ON g.tenant_id = p.tenant_id AND g.id = p.guardian_id
         WHERE p.tenant_id = $1 AND g.fiscal_code = $2",
        guardian,
        today,
    )
    .await
}

/// The pupils whose bookings this person may manage by a delegation in force today.
pub async fn pupils_delegated_to(
    pool: &AnyPool,
    tenant: &TenantId,
    delegate: &FiscalCode,
    today: NaiveDate,
) -> Result<Vec<LinkedPupil>, StoreError> {
    pupils_where(
        pool,
        tenant,
        true,
        "JOIN delegations d ON d.tenant_id = p.tenant_id AND d.pupil_id = p.id
         WHERE p.tenant_id = $1 AND d.delegate_fiscal_code = $2
           AND d.from_date <= $3 AND (d.to_date IS NULL OR d.to_date >= $3)",
        delegate,
        today,
    )
    .await
}

/// The pupils a person deals with: as tutore (role family), then by delegation.
pub async fn pupils_linked_to(
    pool: &AnyPool,
    tenant: &TenantId,
    person: &FiscalCode,
    roles: &[crate::domain::identity::Role],
    today: NaiveDate,
) -> Result<Vec<LinkedPupil>, StoreError> {
    use crate::domain::identity::Role;
    let mut pupils = Vec::new();
    if roles.contains(&Role::Family) {
        pupils.extend(pupils_of_guardian(pool, tenant, person, today).await?);
    }
    if roles.contains(&Role::Delegate) {
        pupils.extend(pupils_delegated_to(pool, tenant, person, today).await?);
    }
    Ok(pupils)
}

async fn pupils_where(
    pool: &AnyPool,
    tenant: &TenantId,
    delegated: bool,
    filter: &str,
    person: &FiscalCode,
    today: NaiveDate,
) -> Result<Vec<LinkedPupil>, StoreError> {
    // `$3` (today) is bound for every filter; the subscription join uses it too.
    let sql = format!(
        "SELECT p.id, p.given_name, p.family_name, p.birth_date, p.diet, s.name AS school, c.school_id, c.name AS class,
                sv.name AS service, sv.billing_mode,
                CAST(sv.bookings_enabled AS INTEGER) AS bookings_enabled
         FROM pupils p
         JOIN classes c ON c.tenant_id = p.tenant_id AND c.id = p.class_id
         JOIN schools s ON s.tenant_id = c.tenant_id AND s.id = c.school_id
         LEFT JOIN subscriptions sub ON sub.tenant_id = p.tenant_id AND sub.pupil_id = p.id
              AND sub.from_date <= $3 AND (sub.to_date IS NULL OR sub.to_date >= $3)
         LEFT JOIN services sv ON sv.tenant_id = sub.tenant_id AND sv.id = sub.service_id
         {filter}
         ORDER BY p.birth_date, p.given_name, p.id, sv.name"
    );
    let rows = sqlx::query(&sql)
        .bind(tenant.as_str())
        .bind(person.as_str())
        .bind(date_to_db(today))
        .fetch_all(pool)
        .await?;
    let mut pupils: Vec<LinkedPupil> = Vec::new();
    // Per pupil: subscribed to a prepaid service with bookings, to one without.
    let mut prepaid: Vec<(bool, bool)> = Vec::new();
    for row in &rows {
        let id = PupilId::from_db(row.try_get("id")?);
        let service: Option<String> = row.try_get("service")?;
        if pupils.last().map(|p| &p.id) != Some(&id) {
            pupils.push(LinkedPupil {
                id,
                given_name: row.try_get("given_name")?,
                family_name: row.try_get("family_name")?,
                school: row.try_get("school")?,
                school_id: row.try_get("school_id")?,
                class: row.try_get("class")?,
                diet: row.try_get("diet")?,
                services: Vec::new(),
                delegated,
                bookable: true,
            });
            prepaid.push((false, false));
        }
        if let (Some(service), Some(pupil)) = (service, pupils.last_mut()) {
            pupil.services.push(service);
        }
        let mode: Option<String> = row.try_get("billing_mode")?;
        if let (Some("prepaid"), Some(seen)) = (mode.as_deref(), prepaid.last_mut()) {
            if row.try_get::<i32, _>("bookings_enabled")? != 0 {
                seen.0 = true;
            } else {
                seen.1 = true;
            }
        }
    }
    for (pupil, (with, without)) in pupils.iter_mut().zip(prepaid) {
        pupil.bookable = with || !without;
    }
    Ok(pupils)
}

/// The highest price per meal among this tutore's pupils at the canteen today (what a
/// top-up buys is counted at it, so the count is never optimistic).
pub async fn meal_price(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian: &FiscalCode,
    today: NaiveDate,
) -> Result<Option<crate::domain::money::Money>, StoreError> {
    let Some(guardian_id) = guardian_id(pool, tenant, guardian).await? else {
        return Ok(None);
    };
    Ok(
        super::tariffs::meal_prices(pool, tenant, today, Some(&guardian_id))
            .await?
            .into_values()
            .max(),
    )
}

/// The registry id of the tutore with this fiscal code, if the registry knows them (on a
/// pool, or inside the caller's transaction).
pub async fn guardian_id<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    tenant: &TenantId,
    guardian: &FiscalCode,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query("SELECT id FROM guardians WHERE tenant_id = $1 AND fiscal_code = $2")
            .bind(tenant.as_str())
            .bind(guardian.as_str())
            .fetch_optional(db)
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?,
    )
}
