//! The Ente's registry: schools and classes, services and tariffs, families and pupils.
//! For now written by the seed; the enrolment forms will write it later.

use super::tariffs::kind_column;
use super::{
    count_from_row, date_to_db, new_id, unique_violation_is, Conflict, StoreError, TenantId,
};
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::money::Money;
use crate::domain::tariffs::TariffBand;
use chrono::NaiveDate;
use sqlx::{AnyConnection, AnyPool};

/// How a service is paid (the office chooses it when it adds the service).
pub use crate::domain::setup::BillingMode;

/// One version of a band: valid from a date (to another, or open).
pub struct NewTariffBand<'a> {
    pub band: &'a TariffBand,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

pub struct NewGuardian<'a> {
    pub fiscal_code: &'a FiscalCode,
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub resident: bool,
}

pub struct NewPupil<'a> {
    pub guardian_id: &'a str,
    pub fiscal_code: &'a FiscalCode,
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub birth_date: NaiveDate,
    pub class_id: &'a str,
    pub diet: Option<&'a str>,
}

/// Writes one Ente's registry on `conn`: pass a transaction, so that an import is all
/// or nothing.
pub struct RegistryWriter<'c> {
    tx: &'c mut AnyConnection,
    tenant: TenantId,
}

impl<'c> RegistryWriter<'c> {
    pub fn new(conn: &'c mut AnyConnection, tenant: &TenantId) -> RegistryWriter<'c> {
        RegistryWriter {
            tx: conn,
            tenant: tenant.clone(),
        }
    }

    pub async fn school(
        &mut self,
        name: &str,
        kind: &str,
        address: &str,
    ) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO schools (id, tenant_id, name, kind, address) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(self.tenant.as_str())
        .bind(name)
        .bind(kind)
        .bind(address)
        .execute(&mut *self.tx)
        .await?;
        Ok(id)
    }

    pub async fn class(
        &mut self,
        school_id: &str,
        name: &str,
        school_year: &str,
    ) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO classes (id, tenant_id, school_id, name, school_year) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(self.tenant.as_str())
        .bind(school_id)
        .bind(name)
        .bind(school_year)
        .execute(&mut *self.tx)
        .await
        .map_err(unique_violation_is(Conflict::ClassExists))?;
        Ok(id)
    }

    /// A service; a prepaid one has bookings until the office turns them off.
    pub async fn service(
        &mut self,
        code: &str,
        name: &str,
        mode: BillingMode,
        taxonomy: &str,
    ) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query("INSERT INTO services (id, tenant_id, code, name, billing_mode, taxonomy, bookings_enabled) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&id)
            .bind(self.tenant.as_str())
            .bind(code)
            .bind(name)
            .bind(mode.as_str())
            .bind(taxonomy)
            .bind(mode == BillingMode::Prepaid)
            .execute(&mut *self.tx)
            .await
            .map_err(unique_violation_is(Conflict::ServiceCodeExists))?;
        Ok(id)
    }

    pub async fn tariff_band(
        &mut self,
        service_id: &str,
        position: i64,
        version: &NewTariffBand<'_>,
    ) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO tariff_bands (id, tenant_id, service_id, code, label, isee_min_cents, isee_max_cents,
                                       price_cents, valid_from, valid_to, position, kind, sibling_discount_percent,
                                       price_max_cents)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(&id)
        .bind(self.tenant.as_str())
        .bind(service_id)
        .bind(&version.band.code)
        .bind(&version.band.label)
        .bind(version.band.isee_min.map(Money::cents))
        .bind(version.band.isee_max.map(Money::cents))
        .bind(version.band.price.cents())
        .bind(date_to_db(version.valid_from))
        .bind(version.valid_to.map(date_to_db))
        .bind(position)
        .bind(kind_column(version.band.kind))
        .bind(i32::from(version.band.sibling_discount_percent))
        .bind(version.band.price_max.map(Money::cents))
        .execute(&mut *self.tx)
        .await?;
        Ok(id)
    }

    /// The school year of a school: canteen days fall between these dates.
    pub async fn school_year(
        &mut self,
        school_id: &str,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO school_years (tenant_id, school_id, first_day, last_day) VALUES ($1, $2, $3, $4)")
            .bind(self.tenant.as_str())
            .bind(school_id)
            .bind(date_to_db(first))
            .bind(date_to_db(last))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Every class of the school eats at school on these ISO weekdays (1 = Monday).
    pub async fn canteen_weekdays(
        &mut self,
        school_id: &str,
        weekdays: &[i32],
    ) -> Result<(), StoreError> {
        for day in weekdays {
            sqlx::query(
                "INSERT INTO class_canteen_days (tenant_id, class_id, weekday)
                 SELECT tenant_id, id, $3 FROM classes WHERE tenant_id = $1 AND school_id = $2",
            )
            .bind(self.tenant.as_str())
            .bind(school_id)
            .bind(*day)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    pub async fn guardian(&mut self, g: &NewGuardian<'_>) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO guardians (id, tenant_id, fiscal_code, given_name, family_name, email, phone, resident)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(self.tenant.as_str())
        .bind(g.fiscal_code.as_str())
        .bind(g.given_name)
        .bind(g.family_name)
        .bind(g.email)
        .bind(g.phone)
        .bind(g.resident)
        .execute(&mut *self.tx)
        .await?;
        Ok(id)
    }

    pub async fn pupil(&mut self, p: &NewPupil<'_>) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO pupils (id, tenant_id, guardian_id, fiscal_code, given_name, family_name, birth_date, class_id, diet)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(self.tenant.as_str())
        .bind(p.guardian_id)
        .bind(p.fiscal_code.as_str())
        .bind(p.given_name)
        .bind(p.family_name)
        .bind(date_to_db(p.birth_date))
        .bind(p.class_id)
        .bind(p.diet)
        .execute(&mut *self.tx)
        .await?;
        Ok(id)
    }

    /// A subscription from `from`, with the family's ISEE when one is on file.
    pub async fn subscription(
        &mut self,
        pupil_id: &str,
        service_id: &str,
        tariff_band_id: &str,
        from: NaiveDate,
        isee: Option<Money>,
    ) -> Result<String, StoreError> {
        self.insert_subscription(
            &Span {
                id: String::new(),
                pupil_id: pupil_id.into(),
                service_id: service_id.into(),
                from,
                to: None,
            },
            tariff_band_id,
            from,
            isee,
        )
        .await
    }

    async fn insert_subscription(
        &mut self,
        like: &Span,
        tariff_band_id: &str,
        from: NaiveDate,
        isee: Option<Money>,
    ) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO subscriptions (id, tenant_id, pupil_id, service_id, tariff_band_id, from_date, to_date, isee_cents)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(self.tenant.as_str())
        .bind(&like.pupil_id)
        .bind(&like.service_id)
        .bind(tariff_band_id)
        .bind(date_to_db(from))
        .bind(like.to.map(date_to_db))
        .bind(isee.map(Money::cents))
        .execute(&mut *self.tx)
        .await?;
        Ok(id)
    }

    /// Puts a subscription on another band (and ISEE) from `from`: the subscription itself
    /// when it starts that day or later, else it ends the day before and a copy (to the
    /// same end) takes over, so the days already passed keep their band.
    pub async fn rebase_subscription(
        &mut self,
        sub: &Span,
        tariff_band_id: &str,
        isee: Option<Money>,
        from: NaiveDate,
    ) -> Result<(), StoreError> {
        if sub.from >= from {
            sqlx::query(
                "UPDATE subscriptions SET tariff_band_id = $1, isee_cents = $2 WHERE tenant_id = $3 AND id = $4",
            )
            .bind(tariff_band_id)
            .bind(isee.map(Money::cents))
            .bind(self.tenant.as_str())
            .bind(&sub.id)
            .execute(&mut *self.tx)
            .await?;
            return Ok(());
        }
        sqlx::query("UPDATE subscriptions SET to_date = $1 WHERE tenant_id = $2 AND id = $3")
            .bind(date_to_db(from.pred_opt().unwrap_or(from)))
            .bind(self.tenant.as_str())
            .bind(&sub.id)
            .execute(&mut *self.tx)
            .await?;
        self.insert_subscription(sub, tariff_band_id, from, isee)
            .await?;
        Ok(())
    }
}

/// A subscription's pupil, service and days (`to`: open when `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub id: String,
    pub pupil_id: String,
    pub service_id: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// How many rows of each kind an Ente has: for the seed's summary and the tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegistryCounts {
    pub schools: u64,
    pub classes: u64,
    pub services: u64,
    pub tariff_bands: u64,
    pub guardians: u64,
    pub pupils: u64,
    pub subscriptions: u64,
    pub news: u64,
    pub documents: u64,
}

pub async fn counts(pool: &AnyPool, tenant: &TenantId) -> Result<RegistryCounts, StoreError> {
    let mut n = [0u64; 9];
    let tables = [
        "schools",
        "classes",
        "services",
        "tariff_bands",
        "guardians",
        "pupils",
        "subscriptions",
        "news",
        "documents",
    ];
    for (slot, table) in n.iter_mut().zip(tables) {
        let row = sqlx::query(&format!(
            "SELECT COUNT(*) FROM {table} WHERE tenant_id = $1"
        ))
        .bind(tenant.as_str())
        .fetch_one(pool)
        .await?;
        *slot = count_from_row(&row)?;
    }
    let [schools, classes, services, tariff_bands, guardians, pupils, subscriptions, news, documents] =
        n;
    Ok(RegistryCounts {
        schools,
        classes,
        services,
        tariff_bands,
        guardians,
        pupils,
        subscriptions,
        news,
        documents,
    })
}

/// The Ente's schools, as (id, name) by name.
pub async fn schools(
    pool: &AnyPool,
    tenant: &TenantId,
) -> Result<Vec<(String, String)>, StoreError> {
    labelled(
        sqlx::query("SELECT id, name AS label FROM schools WHERE tenant_id = $1 ORDER BY name")
            .bind(tenant.as_str())
            .fetch_all(pool)
            .await?,
    )
}

/// The Ente's services, as (id, name) by name.
pub async fn services(
    pool: &AnyPool,
    tenant: &TenantId,
) -> Result<Vec<(String, String)>, StoreError> {
    labelled(
        sqlx::query("SELECT id, name AS label FROM services WHERE tenant_id = $1 ORDER BY name")
            .bind(tenant.as_str())
            .fetch_all(pool)
            .await?,
    )
}

/// A tutore's pupils, as (fiscal code, full name), eldest first: the choices of a form's
/// pupil field.
pub async fn pupils_of_guardian(
    pool: &AnyPool,
    tenant: &TenantId,
    guardian: &FiscalCode,
) -> Result<Vec<(String, String)>, StoreError> {
    labelled(
        sqlx::query(
            "SELECT p.fiscal_code AS id, p.given_name || ' ' || p.family_name AS label FROM pupils p
             JOIN guardians g ON g.tenant_id = p.tenant_id AND g.id = p.guardian_id
             WHERE p.tenant_id = $1 AND g.fiscal_code = $2 ORDER BY p.birth_date, p.id",
        )
        .bind(tenant.as_str())
        .bind(guardian.as_str())
        .fetch_all(pool)
        .await?,
    )
}

/// The classes of the Ente's current school year (the newest with classes: the years
/// before are history) in schools still in service (a retired school takes no new
/// enrolments), as (id, "school · class"): the choices of a form's class field.
pub async fn classes(
    pool: &AnyPool,
    tenant: &TenantId,
) -> Result<Vec<(String, String)>, StoreError> {
    labelled(
        sqlx::query(
            "SELECT c.id AS id, s.name || ' · ' || c.name AS label FROM classes c
             JOIN schools s ON s.tenant_id = c.tenant_id AND s.id = c.school_id
             WHERE c.tenant_id = $1 AND s.retired_at IS NULL
               AND c.school_year = (SELECT MAX(school_year) FROM classes WHERE tenant_id = $1)
             ORDER BY s.name, c.name",
        )
        .bind(tenant.as_str())
        .fetch_all(pool)
        .await?,
    )
}

/// Rows of (`id`, `label`) as pairs.
fn labelled(rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<(String, String)>, StoreError> {
    use sqlx::Row;
    Ok(rows
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("label")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}
