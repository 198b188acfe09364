//! Enti (tenants) and the host names that select them.

use super::{instant_to_db, new_id, StoreError};
use crate::domain::fiscal_code::OrganizationFiscalCode;
use crate::domain::money::Money;
use crate::domain::recharge::RechargeLimits;
use crate::domain::setup::PaymentIdentifiers;
use crate::domain::tenant::{SegregationCode, TenantHost};
use chrono::{NaiveTime, Utc};
use chrono_tz::Tz;
use sqlx::{AnyConnection, AnyPool, Row};

/// The id of an Ente. Only the store builds it, from a row it read, so code that holds
/// one is scoped to a tenant that exists.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TenantId(String);

impl TenantId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// For the store's own rows that carry a tenant id (read back from the database).
pub(super) fn tenant_id_from_db(id: String) -> TenantId {
    TenantId(id)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub fiscal_code: OrganizationFiscalCode,
    pub address: String,
    pub time_zone: Tz,
    pub segregation_code: SegregationCode,
    pub has_logo: bool,
    /// Where pagoPA pays the Ente's school services (none: payments are not enabled).
    pub iban: Option<String>,
    pub cbill: Option<String>,
    pub recharge_limits: RechargeLimits,
    pub booking: BookingSettings,
}

/// The Ente's canteen booking settings (see `domain::bookings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookingSettings {
    pub cutoff: NaiveTime,
    pub opens_evening_before: Option<NaiveTime>,
    pub horizon_days: u16,
    pub plain_meal_max_consecutive: u8,
    /// A meal of a pupil recorded absent after the cut-off is still charged.
    pub charge_late_absence: bool,
    /// How far below zero the canteen balance may go (a positive amount).
    pub negative_limit: Money,
}

impl Tenant {
    pub fn booking_policy(&self) -> crate::domain::bookings::BookingPolicy<Tz> {
        crate::domain::bookings::BookingPolicy {
            time_zone: self.time_zone,
            cutoff: self.booking.cutoff,
            opens_evening_before: self.booking.opens_evening_before,
            horizon_days: self.booking.horizon_days,
            plain_meal_max_consecutive: self.booking.plain_meal_max_consecutive,
        }
    }
}

fn default_booking() -> BookingSettings {
    let p = crate::domain::bookings::BookingPolicy::new(chrono_tz::Europe::Rome);
    BookingSettings {
        cutoff: p.cutoff,
        opens_evening_before: None,
        horizon_days: p.horizon_days,
        plain_meal_max_consecutive: p.plain_meal_max_consecutive,
        charge_late_absence: true,
        negative_limit: Money::from_cents(5_000),
    }
}

pub struct NewTenant {
    pub name: String,
    pub fiscal_code: OrganizationFiscalCode,
    pub address: String,
    pub time_zone: Tz,
    pub segregation_code: SegregationCode,
    pub hosts: Vec<TenantHost>,
    pub logo: Option<Logo>,
}

pub struct Logo {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

const COLUMNS: &str = "t.id, t.name, t.fiscal_code, t.address, t.time_zone, t.segregation_code, \
     t.logo_content_type, t.iban, t.cbill, t.recharge_min_cents, t.recharge_max_cents, \
     t.booking_cutoff, t.booking_opens_evening_before, t.booking_horizon_days, t.plain_meal_max_consecutive, \
     CAST(t.charge_late_absence AS INTEGER) AS charge_late_absence, t.negative_limit_cents";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Tenant, StoreError> {
    let bad =
        |what: &str, e: &dyn std::fmt::Display| StoreError::Invalid(format!("tenant {what}: {e}"));
    let fiscal_code: String = row.try_get("fiscal_code")?;
    let time_zone: String = row.try_get("time_zone")?;
    let segregation: String = row.try_get("segregation_code")?;
    Ok(Tenant {
        id: TenantId(row.try_get("id")?),
        name: row.try_get("name")?,
        fiscal_code: OrganizationFiscalCode::parse(&fiscal_code)
            .map_err(|e| bad("fiscal code", &e))?,
        address: row.try_get("address")?,
        time_zone: time_zone.parse().map_err(|e| bad("time zone", &e))?,
        segregation_code: SegregationCode::parse(&segregation)
            .map_err(|e| bad("segregation code", &e))?,
        has_logo: row
            .try_get::<Option<String>, _>("logo_content_type")?
            .is_some(),
        iban: row.try_get("iban")?,
        cbill: row.try_get("cbill")?,
        recharge_limits: RechargeLimits {
            min: Money::from_cents(row.try_get("recharge_min_cents")?),
            max: Money::from_cents(row.try_get("recharge_max_cents")?),
        },
        booking: {
            let time = |t: &str| {
                NaiveTime::parse_from_str(t, "%H:%M").map_err(|e| bad("booking time", &e))
            };
            let evening: Option<String> = row.try_get("booking_opens_evening_before")?;
            BookingSettings {
                cutoff: time(&row.try_get::<String, _>("booking_cutoff")?)?,
                opens_evening_before: evening.as_deref().map(time).transpose()?,
                horizon_days: u16::try_from(row.try_get::<i32, _>("booking_horizon_days")?)
                    .map_err(|e| bad("booking horizon", &e))?,
                plain_meal_max_consecutive: u8::try_from(
                    row.try_get::<i32, _>("plain_meal_max_consecutive")?,
                )
                .map_err(|e| bad("plain meal limit", &e))?,
                charge_late_absence: row.try_get::<i32, _>("charge_late_absence")? != 0,
                negative_limit: Money::from_cents(row.try_get("negative_limit_cents")?),
            }
        },
    })
}

/// Creates the Ente and its host names on `conn`: pass a transaction, so that a refusal
/// (or any failure) leaves nothing behind.
pub async fn create(conn: &mut AnyConnection, new: NewTenant) -> Result<Tenant, StoreError> {
    if new.name.trim().is_empty() {
        return Err(StoreError::Invalid("the name of the Ente is empty".into()));
    }
    // The same host given twice (`a.it`, `A.IT`) is one host.
    let mut hosts = new.hosts.clone();
    hosts.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    hosts.dedup();
    if hosts.is_empty() {
        return Err(StoreError::Invalid(
            "an Ente needs at least one host name".into(),
        ));
    }
    let taken = sqlx::query("SELECT COUNT(*) FROM tenants WHERE fiscal_code = $1")
        .bind(new.fiscal_code.as_str())
        .fetch_one(&mut *conn)
        .await?;
    if super::count_from_row(&taken)? > 0 {
        return Err(StoreError::Invalid(format!(
            "an Ente with fiscal code {} already exists",
            new.fiscal_code
        )));
    }
    for host in &hosts {
        let used = sqlx::query("SELECT COUNT(*) FROM tenant_hosts WHERE host = $1")
            .bind(host.as_str())
            .fetch_one(&mut *conn)
            .await?;
        if super::count_from_row(&used)? > 0 {
            return Err(StoreError::Invalid(format!(
                "host {host} already belongs to another Ente"
            )));
        }
    }
    let id = new_id();
    let (logo, logo_type) = match new.logo {
        Some(l) => (Some(l.bytes), Some(l.content_type)),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO tenants (id, name, fiscal_code, address, time_zone, segregation_code, logo, logo_content_type, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(new.name.trim())
    .bind(new.fiscal_code.as_str())
    .bind(new.address.trim())
    .bind(new.time_zone.name())
    .bind(new.segregation_code.to_string())
    .bind(logo)
    .bind(logo_type.clone())
    .bind(instant_to_db(Utc::now()))
    .execute(&mut *conn)
    .await
    .map_err(super::unique_violation_is(super::Conflict::TenantExists))?;
    for host in &hosts {
        sqlx::query("INSERT INTO tenant_hosts (host, tenant_id) VALUES ($1, $2)")
            .bind(host.as_str())
            .bind(&id)
            .execute(&mut *conn)
            .await
            .map_err(super::unique_violation_is(super::Conflict::HostTaken))?;
    }
    Ok(Tenant {
        id: TenantId(id),
        name: new.name.trim().to_string(),
        fiscal_code: new.fiscal_code,
        address: new.address.trim().to_string(),
        time_zone: new.time_zone,
        segregation_code: new.segregation_code,
        has_logo: logo_type.is_some(),
        iban: None,
        cbill: None,
        recharge_limits: RechargeLimits::default(),
        booking: default_booking(),
    })
}

pub async fn find_by_host(pool: &AnyPool, host: &TenantHost) -> Result<Option<Tenant>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM tenants t JOIN tenant_hosts h ON h.tenant_id = t.id WHERE h.host = $1"
    ))
    .bind(host.as_str())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn find_by_fiscal_code(
    pool: &AnyPool,
    fiscal_code: &OrganizationFiscalCode,
) -> Result<Option<Tenant>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM tenants t WHERE t.fiscal_code = $1"
    ))
    .bind(fiscal_code.as_str())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn get(pool: &AnyPool, id: &TenantId) -> Result<Option<Tenant>, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM tenants t WHERE t.id = $1"))
        .bind(id.as_str())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The Ente's pagoPA data: the IBAN its school-service payments go to, its CBILL code and
/// the segregation code of its IUVs (checked by their types: pagoPA would refuse every debt
/// position with a wrong IBAN).
pub async fn set_pagopa(
    conn: &mut AnyConnection,
    id: &TenantId,
    ids: &PaymentIdentifiers,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE tenants SET iban = $1, cbill = $2, segregation_code = $3 WHERE id = $4")
        .bind(ids.iban.as_str())
        .bind(ids.cbill.as_ref().map(|c| c.as_str()))
        .bind(ids.segregation_code.to_string())
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Every Ente with its host names, for the CLI.
pub async fn list(pool: &AnyPool) -> Result<Vec<(Tenant, Vec<String>)>, StoreError> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM tenants t ORDER BY t.name"))
        .fetch_all(pool)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let tenant = from_row(row)?;
        let hosts = sqlx::query("SELECT host FROM tenant_hosts WHERE tenant_id = $1 ORDER BY host")
            .bind(tenant.id.as_str())
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>("host"))
            .collect::<Result<Vec<_>, _>>()?;
        out.push((tenant, hosts));
    }
    Ok(out)
}

pub async fn logo(pool: &AnyPool, tenant: &TenantId) -> Result<Option<Logo>, StoreError> {
    let row = sqlx::query("SELECT logo, logo_content_type FROM tenants WHERE id = $1")
        .bind(tenant.as_str())
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let bytes: Option<Vec<u8>> = row.try_get("logo")?;
    let content_type: Option<String> = row.try_get("logo_content_type")?;
    Ok(bytes.zip(content_type).map(|(bytes, content_type)| Logo {
        bytes,
        content_type,
    }))
}
