//! Scuole, classi e servizi: the office sets up the Ente's schools, classes (with the
//! canteen's weekdays), services and pagoPA identifiers in the app. Each change is checked
//! by `domain::setup` and written with its audit record in one transaction.

use crate::backend::auth::Caller;
use crate::backend::store::registry::RegistryWriter;
use crate::backend::store::setup::{self as store, ClassRow, SchoolRow, ServiceRow};
use crate::backend::store::{audit, tenants, Conflict, StoreError, Tenant};
use crate::domain::audit::AuditAction;
use crate::domain::identity::Role;
use crate::domain::ids::{ClassId, SchoolId};
use crate::domain::school_year::SchoolYear;
use crate::domain::setup::{
    address, class_name, school_name, service_name, BillingMode, CanteenWeekdays,
    PaymentIdentifiers, SchoolKind, ServiceCode, SetupError, Taxonomy,
};
use crate::error::AppError;
use crate::model::setup::{
    ClassForm, ClassView, PagopaForm, SchoolForm, SchoolView, ServiceForm, ServiceView, SetupView,
};
use sqlx::AnyConnection;

pub async fn page(caller: &Caller) -> Result<SetupView, AppError> {
    let (db, tenant) = (caller.db(), &caller.tenant.id);
    let mut classes = store::classes(db, tenant).await?;
    let schools = store::schools(db, tenant)
        .await?
        .into_iter()
        .map(|s| {
            let (mine, others) = classes.drain(..).partition(|c| c.school_id == s.id);
            classes = others;
            school_view(s, mine)
        })
        .collect();
    Ok(SetupView {
        schools,
        services: store::services(db, tenant)
            .await?
            .into_iter()
            .map(service_view)
            .collect(),
        pagopa: pagopa_form(&caller.tenant),
        pagopa_editable: caller.has(Role::Admin),
        school_year: SchoolYear::of(caller.today()).label(),
    })
}

fn school_view(s: SchoolRow, classes: Vec<ClassRow>) -> SchoolView {
    SchoolView {
        kind_label: SchoolKind::parse(&s.kind)
            .map_or_else(|_| s.kind.clone(), |k| k.label().into()),
        id: s.id,
        name: s.name,
        kind: s.kind,
        address: s.address,
        retired: s.retired,
        deletable: !s.has_history,
        classes: classes.into_iter().map(class_view).collect(),
    }
}

fn class_view(c: ClassRow) -> ClassView {
    let weekdays = [1u8, 2, 3, 4, 5, 6].map(|d| c.weekdays.contains(&d));
    ClassView {
        weekdays_label: CanteenWeekdays::from_boxes(weekdays)
            .map_or_else(|_| "nessun giorno".into(), |w| w.to_string()),
        weekdays,
        id: c.id,
        name: c.name,
        school_year: c.school_year,
        pupils: c.pupils,
    }
}

fn service_view(s: ServiceRow) -> ServiceView {
    ServiceView {
        id: s.id,
        code: s.code,
        name: s.name,
        billing_mode: s.billing_mode,
        taxonomy: s.taxonomy.unwrap_or_default(),
        bookings_enabled: s.bookings_enabled,
    }
}

fn pagopa_form(t: &Tenant) -> PagopaForm {
    PagopaForm {
        iban: t.iban.clone().unwrap_or_default(),
        cbill: t.cbill.clone().unwrap_or_default(),
        segregation_code: t.segregation_code.to_string(),
    }
}

/// Appends the change to the audit log, on the change's transaction.
async fn record(
    caller: &Caller,
    conn: &mut AnyConnection,
    action: AuditAction,
    subject: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<(), AppError> {
    let change = audit::Change {
        actor: caller.fiscal_code(),
        action,
        subject,
        before,
        after,
    };
    audit::append(conn, &caller.tenant.id, &change, chrono::Utc::now()).await?;
    Ok(())
}

/// Commits what a change wrote when it succeeds, else rolls it back at once: a dropped
/// transaction keeps SQLite's write lock until its connection is reused.
async fn finish<T>(
    tx: sqlx::Transaction<'static, sqlx::Any>,
    outcome: Result<T, AppError>,
) -> Result<T, AppError> {
    match outcome {
        Ok(done) => {
            tx.commit().await?;
            Ok(done)
        }
        Err(e) => {
            tx.rollback().await?;
            Err(e)
        }
    }
}

/// A unique row met twice is the refusal the person reads; other failures stay the server's.
fn conflict_as(refusal: SetupError) -> impl Fn(StoreError) -> AppError {
    move |e| match e {
        StoreError::Conflict(Conflict::ClassExists | Conflict::ServiceCodeExists) => refusal.into(),
        e => e.into(),
    }
}

/// Adds a school, or changes one of the Ente's.
pub async fn save_school(caller: &Caller, form: &SchoolForm) -> Result<String, AppError> {
    let mut tx = caller.db().begin().await?;
    let outcome = write_school(caller, &mut tx, form).await;
    finish(tx, outcome).await
}

async fn write_school(
    caller: &Caller,
    tx: &mut AnyConnection,
    form: &SchoolForm,
) -> Result<String, AppError> {
    let (name, address) = (school_name(&form.name)?, address(&form.address)?);
    let kind = form.kind.as_str();
    let after = format!("{name} ({kind}), {address}");
    let tenant = &caller.tenant.id;
    Ok(match &form.id.0 {
        None => {
            RegistryWriter::new(tx, tenant)
                .school(&name, kind, &address)
                .await?;
            record(
                caller,
                tx,
                AuditAction::SchoolAdded,
                &name,
                None,
                Some(&after),
            )
            .await?;
            format!("Scuola «{name}» aggiunta.")
        }
        Some(id) => {
            let old = store::school(tx, tenant, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let before = format!("{} ({}), {}", old.name, old.kind, old.address);
            if before == after {
                return Ok("Nessuna modifica: la scuola era già così.".into());
            }
            store::update_school(tx, tenant, id, &name, kind, &address).await?;
            let action = AuditAction::SchoolChanged;
            record(caller, tx, action, &name, Some(&before), Some(&after)).await?;
            format!("Scuola «{name}» aggiornata.")
        }
    })
}

/// Retires a school (`retired`), or puts it back in service.
pub async fn retire_school(
    caller: &Caller,
    id: &SchoolId,
    retired: bool,
) -> Result<String, AppError> {
    let mut tx = caller.db().begin().await?;
    let outcome = write_retired(caller, &mut tx, id, retired).await;
    finish(tx, outcome).await
}

async fn write_retired(
    caller: &Caller,
    tx: &mut AnyConnection,
    id: &SchoolId,
    retired: bool,
) -> Result<String, AppError> {
    let tenant = &caller.tenant.id;
    let school = store::school(tx, tenant, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if school.retired == retired {
        return Ok(format!("Nessuna modifica: «{}» era già così.", school.name));
    }
    let now = chrono::Utc::now();
    store::set_retired(tx, tenant, id, retired.then_some(now)).await?;
    let (action, message) = if retired {
        (
            AuditAction::SchoolRetired,
            "dismessa: non accetta nuove classi né iscrizioni",
        )
    } else {
        (AuditAction::SchoolRestored, "di nuovo in servizio")
    };
    record(caller, tx, action, &school.name, None, None).await?;
    Ok(format!("Scuola «{}» {message}.", school.name))
}

/// Deletes a school nothing refers to yet (one added by mistake).
pub async fn delete_school(caller: &Caller, id: &SchoolId) -> Result<String, AppError> {
    let mut tx = caller.db().begin().await?;
    let outcome = write_school_deleted(caller, &mut tx, id).await;
    finish(tx, outcome).await
}

async fn write_school_deleted(
    caller: &Caller,
    tx: &mut AnyConnection,
    id: &SchoolId,
) -> Result<String, AppError> {
    let tenant = &caller.tenant.id;
    let school = store::school(tx, tenant, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::delete_school(tx, tenant, id).await??;
    let before = format!("{} ({}), {}", school.name, school.kind, school.address);
    let action = AuditAction::SchoolDeleted;
    record(caller, tx, action, &school.name, Some(&before), None).await?;
    Ok(format!("Scuola «{}» eliminata.", school.name))
}

/// Adds a class to a school in service, or changes one of the Ente's classes.
pub async fn save_class(caller: &Caller, form: &ClassForm) -> Result<String, AppError> {
    let mut tx = caller.db().begin().await?;
    let outcome = write_class(caller, &mut tx, form).await;
    finish(tx, outcome).await
}

async fn write_class(
    caller: &Caller,
    tx: &mut AnyConnection,
    form: &ClassForm,
) -> Result<String, AppError> {
    let name = class_name(&form.name)?;
    let year = SchoolYear::parse(&form.school_year)
        .map_err(|_| SetupError::SchoolYear)?
        .label();
    let weekdays = CanteenWeekdays::from_boxes(form.boxes())?;
    let tenant = &caller.tenant.id;
    let school = store::school(tx, tenant, &form.school)
        .await?
        .ok_or(AppError::NotFound)?;
    let subject = format!("{} · {name} {}", school.name, year);
    let after = format!("{name} {}, mensa {weekdays}", year);
    let existing = match &form.id.0 {
        Some(id) => Some(class_of(tx, caller, id, &school.id).await?),
        None if school.retired => return Err(SetupError::SchoolRetired.into()),
        None => None,
    };
    Ok(match existing {
        None => {
            let id = RegistryWriter::new(tx, tenant)
                .class(school.id.as_str(), &name, &year)
                .await
                .map_err(conflict_as(SetupError::ClassExists))?;
            store::set_weekdays(tx, tenant, &id, &weekdays).await?;
            let action = AuditAction::ClassAdded;
            record(caller, tx, action, &subject, None, Some(&after)).await?;
            format!("Classe {name} ({}) aggiunta.", year)
        }
        Some(old) => {
            let before = format!(
                "{} {}, mensa {}",
                old.name,
                old.school_year,
                class_view(old.clone()).weekdays_label
            );
            if before == after {
                return Ok("Nessuna modifica: la classe era già così.".into());
            }
            store::update_class(tx, tenant, &old.id, &name, &year)
                .await
                .map_err(conflict_as(SetupError::ClassExists))?;
            store::set_weekdays(tx, tenant, old.id.as_str(), &weekdays).await?;
            let action = AuditAction::ClassChanged;
            record(caller, tx, action, &subject, Some(&before), Some(&after)).await?;
            format!("Classe {name} ({}) aggiornata: mensa {weekdays}.", year)
        }
    })
}

/// The class of the Ente with this id, in the given school (else not found).
async fn class_of(
    conn: &mut AnyConnection,
    caller: &Caller,
    id: &ClassId,
    school: &SchoolId,
) -> Result<ClassRow, AppError> {
    store::class(conn, &caller.tenant.id, id)
        .await?
        .filter(|c| &c.school_id == school)
        .ok_or(AppError::NotFound)
}

/// Deletes a class without pupils (one added by mistake).
pub async fn delete_class(caller: &Caller, id: &ClassId) -> Result<String, AppError> {
    let mut tx = caller.db().begin().await?;
    let outcome = write_class_deleted(caller, &mut tx, id).await;
    finish(tx, outcome).await
}

async fn write_class_deleted(
    caller: &Caller,
    tx: &mut AnyConnection,
    id: &ClassId,
) -> Result<String, AppError> {
    let tenant = &caller.tenant.id;
    let class = store::class(tx, tenant, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::delete_class(tx, tenant, id).await??;
    let subject = format!("{} {}", class.name, class.school_year);
    record(caller, tx, AuditAction::ClassDeleted, &subject, None, None).await?;
    Ok(format!("Classe {subject} eliminata."))
}

/// Adds a service, or changes the name, taxonomy and bookings of one.
pub async fn save_service(caller: &Caller, form: &ServiceForm) -> Result<String, AppError> {
    let mut tx = caller.db().begin().await?;
    let outcome = write_service(caller, &mut tx, form).await;
    finish(tx, outcome).await
}

async fn write_service(
    caller: &Caller,
    tx: &mut AnyConnection,
    form: &ServiceForm,
) -> Result<String, AppError> {
    let name = service_name(&form.name)?;
    let taxonomy = Taxonomy::parse(&form.taxonomy)?;
    let tenant = &caller.tenant.id;
    let summary = |mode: BillingMode, bookings: bool| {
        let bookings = if bookings {
            "con prenotazioni"
        } else {
            "senza prenotazioni"
        };
        format!(
            "{name}, {}, {}, {bookings}",
            mode.as_str(),
            taxonomy.as_str()
        )
    };
    Ok(match &form.id.0 {
        None => {
            let code = ServiceCode::parse(&form.code)?;
            let mode = form.billing_mode.0.unwrap_or(BillingMode::Prepaid);
            check_bookings(mode, form.bookings)?;
            let id = RegistryWriter::new(tx, tenant)
                .service(code.as_str(), &name, mode, taxonomy.as_str())
                .await
                .map_err(conflict_as(SetupError::ServiceCodeExists))?;
            let id = crate::domain::ids::ServiceId::from_db(id);
            store::update_service(tx, tenant, &id, &name, taxonomy.as_str(), form.bookings).await?;
            let after = summary(mode, form.bookings);
            record(
                caller,
                tx,
                AuditAction::ServiceAdded,
                code.as_str(),
                None,
                Some(&after),
            )
            .await?;
            format!("Servizio «{name}» aggiunto.")
        }
        Some(id) => {
            let old = store::service(tx, tenant, id)
                .await?
                .ok_or(AppError::NotFound)?;
            check_bookings(old.billing_mode, form.bookings)?;
            let before = format!(
                "{}, {}, {}, {}",
                old.name,
                old.billing_mode.as_str(),
                old.taxonomy.as_deref().unwrap_or("—"),
                if old.bookings_enabled {
                    "con prenotazioni"
                } else {
                    "senza prenotazioni"
                }
            );
            let after = summary(old.billing_mode, form.bookings);
            if before == after {
                return Ok("Nessuna modifica: il servizio era già così.".into());
            }
            store::update_service(tx, tenant, id, &name, taxonomy.as_str(), form.bookings).await?;
            let action = AuditAction::ServiceChanged;
            record(caller, tx, action, &old.code, Some(&before), Some(&after)).await?;
            format!("Servizio «{name}» aggiornato.")
        }
    })
}

/// Only prepaid services (the canteen) have bookings.
fn check_bookings(mode: BillingMode, bookings: bool) -> Result<(), SetupError> {
    if bookings && mode != BillingMode::Prepaid {
        Err(SetupError::BookingsInvoiced)
    } else {
        Ok(())
    }
}

/// The Ente's IBAN, CBILL and segregation code (administrators).
pub async fn save_pagopa(caller: &Caller, form: &PagopaForm) -> Result<String, AppError> {
    let ids = PaymentIdentifiers::parse(&form.iban, &form.cbill, &form.segregation_code)?;
    let line = |f: &PagopaForm| {
        format!(
            "IBAN {}, CBILL {}, codice di segregazione {}",
            if f.iban.is_empty() { "—" } else { &f.iban },
            if f.cbill.is_empty() { "—" } else { &f.cbill },
            f.segregation_code
        )
    };
    let before = line(&pagopa_form(&caller.tenant));
    let after = line(&PagopaForm {
        iban: ids.iban.as_str().into(),
        cbill: ids
            .cbill
            .as_ref()
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        segregation_code: ids.segregation_code.to_string(),
    });
    if before == after {
        return Ok("Nessuna modifica: i dati pagoPA erano già questi.".into());
    }
    let mut tx = caller.db().begin().await?;
    let outcome = async {
        tenants::set_pagopa(&mut tx, &caller.tenant.id, &ids).await?;
        let action = AuditAction::PaymentIdentifiersChanged;
        record(caller, &mut tx, action, "Ente", Some(&before), Some(&after)).await
    }
    .await;
    finish(tx, outcome).await?;
    Ok("Dati pagoPA salvati: valgono per i prossimi avvisi di pagamento.".into())
}
