//! The demo data used by `make run` and by the tests: the fictional Comune di Valleverde
//! (schools, services, tariffs, families, news, documents) and a second, smaller Ente,
//! Comune di Montechiaro, that shows one deployment serving many. Re-running it changes nothing.

mod content;
mod forms;
mod menu;
pub mod pdf;

use crate::backend::store::documents::{self, NewDocument};
use crate::backend::store::files::FileStore;
use crate::backend::store::forms as store_forms;
use crate::backend::store::menus;
use crate::backend::store::news::{self, NewNews};
use crate::backend::store::registry::{
    BillingMode, NewGuardian, NewPupil, NewTariffBand, RegistryWriter,
};
use crate::backend::store::tenants::{self, Logo, NewTenant};
use crate::backend::store::users;
use crate::backend::store::{StoreError, Tenant, TenantId};
use crate::domain::fiscal_code::{FiscalCode, OrganizationFiscalCode};
use crate::domain::identity::Role;
use crate::domain::money::Money;
use crate::domain::setup::PaymentIdentifiers;
use crate::domain::tariffs::{band_for, BandKind, TariffBand};
use crate::domain::tenant::{SegregationCode, TenantHost};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, AnyPool};

pub const VALLEVERDE_FISCAL_CODE: &str = "82012345672";
pub const MONTECHIARO_FISCAL_CODE: &str = "83007654326";
pub const MONTECHIARO_HOST: &str = "montechiaro.localhost";
pub const VALLEVERDE_IBAN: &str = "IT60X0542811101000000123456";

#[derive(Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Created,
    AlreadyPresent,
}

/// Seeds both demo Enti; those already present are left as they are. Each Ente is
/// written in one transaction: a failure leaves nothing, and the next run tries again.
pub async fn seed_demo(
    pool: &AnyPool,
    files: &FileStore,
) -> Result<Vec<(String, SeedOutcome)>, StoreError> {
    let mut outcomes = Vec::new();
    for (name, fiscal_code) in [
        ("Comune di Valleverde", VALLEVERDE_FISCAL_CODE),
        ("Comune di Montechiaro", MONTECHIARO_FISCAL_CODE),
    ] {
        if tenants::find_by_fiscal_code(pool, &org_code(fiscal_code)?)
            .await?
            .is_some()
        {
            outcomes.push((name.to_string(), SeedOutcome::AlreadyPresent));
            continue;
        }
        let mut tx = pool.begin().await?;
        if fiscal_code == VALLEVERDE_FISCAL_CODE {
            seed_valleverde(&mut tx, files).await?;
        } else {
            seed_montechiaro(&mut tx, files).await?;
        }
        tx.commit().await?;
        outcomes.push((name.to_string(), SeedOutcome::Created));
    }
    Ok(outcomes)
}

fn org_code(code: &str) -> Result<OrganizationFiscalCode, StoreError> {
    OrganizationFiscalCode::parse(code).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn person_code(code: &str) -> Result<FiscalCode, StoreError> {
    FiscalCode::parse(code).map_err(|e| StoreError::Invalid(format!("{code}: {e}")))
}

fn hosts(names: &[&str]) -> Result<Vec<TenantHost>, StoreError> {
    names
        .iter()
        .map(|h| TenantHost::parse(h).map_err(|e| StoreError::Invalid(e.to_string())))
        .collect()
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, StoreError> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| StoreError::Invalid(format!("seed date {y}-{m}-{d}")))
}

fn instant(text: &str) -> Result<DateTime<Utc>, StoreError> {
    crate::backend::store::instant_from_db(text)
}

fn segregation(code: &str) -> Result<SegregationCode, StoreError> {
    SegregationCode::parse(code).map_err(|e| StoreError::Invalid(e.to_string()))
}

async fn create_tenant(
    conn: &mut AnyConnection,
    name: &str,
    fiscal_code: &str,
    address: &str,
    segregation_code: &str,
    host_names: &[&str],
    logo_svg: String,
) -> Result<Tenant, StoreError> {
    tenants::create(
        conn,
        NewTenant {
            name: name.into(),
            fiscal_code: org_code(fiscal_code)?,
            address: address.into(),
            time_zone: chrono_tz::Europe::Rome,
            segregation_code: segregation(segregation_code)?,
            hosts: hosts(host_names)?,
            logo: Some(Logo {
                bytes: logo_svg.into_bytes(),
                content_type: "image/svg+xml".into(),
            }),
        },
    )
    .await
}

async fn seed_valleverde(conn: &mut AnyConnection, files: &FileStore) -> Result<(), StoreError> {
    let tenant = create_tenant(
        conn,
        "Comune di Valleverde",
        VALLEVERDE_FISCAL_CODE,
        "Piazza della Repubblica 1, 01099 Valleverde (VT)",
        "02",
        &["localhost", "127.0.0.1", "[::1]", "valleverde.localhost"],
        crest_svg("#1a6b3c", "V"),
    )
    .await?;

    let year = "2026/2027";
    let from = date(2026, 9, 1)?;
    let mut w = RegistryWriter::new(&mut *conn, &tenant.id);

    let infanzia = w
        .school(
            "Scuola dell'infanzia Il Girasole",
            "infanzia",
            "Via dei Tigli 4, Valleverde",
        )
        .await?;
    let primaria = w
        .school(
            "Scuola primaria Giovanni Pascoli",
            "primaria",
            "Via Roma 18, Valleverde",
        )
        .await?;
    let secondaria = w
        .school(
            "Scuola secondaria di primo grado Dante Alighieri",
            "secondaria",
            "Viale Europa 2, Valleverde",
        )
        .await?;
    let sez_a = w.class(&infanzia, "Sezione A", year).await?;
    w.class(&infanzia, "Sezione B", year).await?;
    let mut primary_classes = Vec::new();
    for n in 1..=5 {
        primary_classes.push(w.class(&primaria, &format!("{n}ª A"), year).await?);
    }
    w.class(&primaria, "3ª B", year).await?;
    let mut secondary_classes = Vec::new();
    for n in 1..=3 {
        secondary_classes.push(w.class(&secondaria, &format!("{n}ª A"), year).await?);
    }
    // School year 2026/27; the canteen runs Monday to Friday, at the secondary school only
    // on the two afternoons of lessons (Tuesday and Thursday).
    for school in [&infanzia, &primaria, &secondaria] {
        w.school_year(school, date(2026, 9, 14)?, date(2027, 6, 30)?)
            .await?;
    }
    w.canteen_weekdays(&infanzia, &[1, 2, 3, 4, 5]).await?;
    w.canteen_weekdays(&primaria, &[1, 2, 3, 4, 5]).await?;
    w.canteen_weekdays(&secondaria, &[2, 4]).await?;

    // pagoPA taxonomy codes (service categories) of the two services.
    let canteen = w
        .service(
            "REFEZIONE",
            "Refezione Scolastica",
            BillingMode::Prepaid,
            "9/0201102IM/",
        )
        .await?;
    let transport = w
        .service(
            "TRASPORTO",
            "Trasporto Scolastico",
            BillingMode::Invoiced,
            "9/0201103IM/",
        )
        .await?;

    // Per-meal prices by ISEE band (the Crispiano 2025/26 scheme in DOMAIN.md), −50 % from
    // the second child; non-residents pay more.
    let euro = |e: i64| Some(Money::from_cents(e * 100));
    let band =
        |code: &str, label: &str, kind, range: (Option<Money>, Option<Money>), cents| TariffBand {
            code: code.into(),
            label: label.into(),
            kind,
            isee_min: range.0,
            isee_max: range.1,
            price: Money::from_cents(cents),
            price_max: None,
            sibling_discount_percent: 50,
        };
    let canteen_bands = [
        band(
            "ESENTE",
            "Esente (ISEE fino a 1.000 €)",
            BandKind::Isee,
            (None, euro(1_000)),
            0,
        ),
        band(
            "FASCIA1",
            "ISEE da 1.000,01 a 3.000 €",
            BandKind::Isee,
            (euro(1_000), euro(3_000)),
            100,
        ),
        band(
            "FASCIA2",
            "ISEE da 3.000,01 a 5.000 €",
            BandKind::Isee,
            (euro(3_000), euro(5_000)),
            200,
        ),
        band(
            "FASCIA3",
            "ISEE da 5.000,01 a 7.000 €",
            BandKind::Isee,
            (euro(5_000), euro(7_000)),
            300,
        ),
        band(
            "FASCIA4",
            "ISEE da 7.000,01 a 15.000 €",
            BandKind::Isee,
            (euro(7_000), euro(15_000)),
            400,
        ),
        band(
            "FASCIA5",
            "ISEE da 15.000,01 a 25.000 €",
            BandKind::Isee,
            (euro(15_000), euro(25_000)),
            500,
        ),
        band(
            "INTERA",
            "Tariffa intera (ISEE oltre 25.000 € o non presentato)",
            BandKind::Full,
            (euro(25_000), None),
            547,
        ),
        band(
            "NONRES",
            "Non residenti",
            BandKind::NonResident,
            (None, None),
            600,
        ),
    ];
    let mut band_ids = std::collections::HashMap::new();
    for (pos, b) in canteen_bands.iter().enumerate() {
        let version = NewTariffBand {
            band: b,
            valid_from: from,
            valid_to: None,
        };
        band_ids.insert(
            b.code.clone(),
            w.tariff_band(&canteen, i64::try_from(pos).unwrap_or(0), &version)
                .await?,
        );
    }
    // Transport: 210 € a year in three instalments (93 + 70 + 47), issued as pagoPA notices.
    let transport_band = w
        .tariff_band(
            &transport,
            0,
            &NewTariffBand {
                band: &TariffBand {
                    code: "ANNUALE".into(),
                    label: "Abbonamento annuale (tre rate: 93 € entro il 30/11, 70 € entro il 28/02, 47 € entro il 30/04)".into(),
                    kind: BandKind::Full,
                    isee_min: None,
                    isee_max: None,
                    price: Money::from_cents(21_000),
                    price_max: None,
                    sibling_discount_percent: 0,
                },
                valid_from: from,
                valid_to: None,
            },
        )
        .await?;

    let mut pupil_ids = std::collections::HashMap::new();
    for family in content::FAMILIES {
        let guardian_cf = person_code(family.guardian.0)?;
        let guardian_id = w
            .guardian(&NewGuardian {
                fiscal_code: &guardian_cf,
                given_name: family.guardian.1,
                family_name: family.guardian.2,
                email: Some(family.email),
                phone: Some(family.phone),
                resident: true,
            })
            .await?;
        for child in family.children {
            let class_id = match child.class {
                content::ClassRef::Infanzia => &sez_a,
                content::ClassRef::Primaria(n) => &primary_classes[usize::from(n) - 1],
                content::ClassRef::Secondaria(n) => &secondary_classes[usize::from(n) - 1],
            };
            let cf = person_code(child.fiscal_code)?;
            let pupil_id = w
                .pupil(&NewPupil {
                    guardian_id: &guardian_id,
                    fiscal_code: &cf,
                    given_name: child.given_name,
                    family_name: child.family_name,
                    birth_date: date(child.birth.0, child.birth.1, child.birth.2)?,
                    class_id,
                    diet: child.diet,
                })
                .await?;
            let isee = family.isee_euro.and_then(euro);
            let band = band_for(&canteen_bands, isee, true)
                .and_then(|b| band_ids.get(&b.code))
                .ok_or_else(|| StoreError::Invalid("band".into()))?;
            pupil_ids.insert(child.fiscal_code, pupil_id.clone());
            w.subscription(&pupil_id, &canteen, band, from, isee)
                .await?;
            if child.transport {
                w.subscription(&pupil_id, &transport, &transport_band, from, None)
                    .await?;
            }
        }
    }
    drop(w);
    for def in forms::demo_forms() {
        store_forms::publish(&mut *conn, &tenant.id, &def, Utc::now()).await?;
    }
    let winter = menu::winter_menu().map_err(|e| StoreError::Invalid(e.to_string()))?;
    for school in [&infanzia, &primaria, &secondaria] {
        let first_day = date(2026, 9, 14)?;
        menus::set(
            &mut *conn,
            &tenant.id,
            school,
            first_day,
            &winter,
            "demo seed",
            Utc::now(),
        )
        .await?;
    }

    for (pupil, delegate, name) in content::DELEGATIONS {
        let pupil_id = pupil_ids
            .get(pupil)
            .ok_or_else(|| StoreError::Invalid(format!("delegation for unknown pupil {pupil}")))?;
        users::delegate(
            &mut *conn,
            &tenant.id,
            pupil_id,
            &person_code(delegate)?,
            name,
            from,
        )
        .await?;
    }
    grant_staff(conn, &tenant.id, content::VALLEVERDE_STAFF).await?;
    let schools = [("infanzia", &infanzia), ("primaria", &primaria)];
    for (cf, role, kinds) in content::VALLEVERDE_SCHOOL_STAFF {
        let cf = person_code(cf)?;
        grant_staff(conn, &tenant.id, &[(cf.as_str(), *role)]).await?;
        let ids = schools
            .iter()
            .filter(|(kind, _)| kinds.contains(kind))
            .map(|(_, id)| id.to_string())
            .collect();
        crate::backend::store::staff::set_schools(conn, &tenant.id, &cf, *role, &ids).await?;
    }
    // The demo treasury account (a well-formed Italian IBAN of no real bank account).
    let identifiers = PaymentIdentifiers::parse(VALLEVERDE_IBAN, "A1B2C", "02")
        .map_err(|e| StoreError::Invalid(format!("demo payment identifiers: {e}")))?;
    tenants::set_pagopa(conn, &tenant.id, &identifiers).await?;

    publish(
        &mut *conn,
        files,
        &tenant.id,
        content::VALLEVERDE_NEWS,
        content::VALLEVERDE_DOCUMENTS,
    )
    .await?;
    Ok(())
}

async fn seed_montechiaro(conn: &mut AnyConnection, files: &FileStore) -> Result<(), StoreError> {
    let tenant = create_tenant(
        conn,
        "Comune di Montechiaro",
        MONTECHIARO_FISCAL_CODE,
        "Via del Castello 3, 01098 Montechiaro (VT)",
        "01",
        &[MONTECHIARO_HOST],
        crest_svg("#7a1f2b", "M"),
    )
    .await?;
    grant_staff(conn, &tenant.id, content::MONTECHIARO_STAFF).await?;
    publish(
        &mut *conn,
        files,
        &tenant.id,
        content::MONTECHIARO_NEWS,
        content::MONTECHIARO_DOCUMENTS,
    )
    .await?;
    Ok(())
}

async fn grant_staff(
    conn: &mut AnyConnection,
    tenant: &TenantId,
    staff: &[(&str, Role)],
) -> Result<(), StoreError> {
    for (cf, role) in staff {
        crate::backend::store::staff::grant(
            &mut *conn,
            tenant,
            &person_code(cf)?,
            *role,
            "demo seed",
            Utc::now(),
        )
        .await?;
    }
    Ok(())
}

async fn publish(
    conn: &mut AnyConnection,
    files: &FileStore,
    tenant: &TenantId,
    news_items: &[content::NewsSeed],
    docs: &[content::DocumentSeed],
) -> Result<(), StoreError> {
    for item in news_items {
        news::insert(
            &mut *conn,
            tenant,
            NewNews {
                title: item.title,
                summary: item.summary,
                body: item.body,
                published_at: instant(item.at)?,
            },
        )
        .await?;
    }
    for doc in docs {
        let bytes = doc.bytes();
        documents::insert(
            &mut *conn,
            files,
            tenant,
            NewDocument {
                title: doc.title,
                description: doc.description,
                category: doc.category,
                file_name: doc.file_name,
                content_type: doc.content_type(),
                bytes: &bytes,
                published_at: instant(doc.at)?,
            },
        )
        .await?;
    }
    Ok(())
}

/// A plain heraldic shield with the town's initial, as the demo logo.
fn crest_svg(colour: &str, initial: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 76" role="img"><path d="M4 4h56v34c0 18-13 29-28 34C17 67 4 56 4 38z" fill="{colour}" stroke="#fff" stroke-width="3"/><text x="32" y="48" font-family="sans-serif" font-size="30" font-weight="700" fill="#fff" text-anchor="middle">{initial}</text></svg>"##
    )
}
