//! Anagrafe alunni as the office runs it: a list of pupils, tutori and classes uploaded,
//! its columns chosen, checked line by line and imported whole or not at all; the classes
//! of the current school year; the passage to the next one. Every change is audited in
//! its own transaction.

use crate::backend::auth::Caller;
use crate::backend::store::registry_import::{self, Applied, Mode, Target};
use crate::backend::store::{audit, import_reports, promotion, StoreError};
use crate::domain::audit::AuditAction;
use crate::domain::date::{format_date_it, Day};
use crate::domain::ids::ImportId;
use crate::domain::registry::{check_size, pupils, LineError, Mapping, MAX_BYTES, PREVIEW_ROWS};
use crate::domain::school_year::SchoolYear;
use crate::domain::text_file::{decode, records, Record};
use crate::error::AppError;
use crate::model::calendar::ImportError;
use crate::model::registry::{
    ClassRow, ColumnChoice, PassageRow, PreviewLine, RegistryOverview, RegistryReport,
    RegistryUpload,
};
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// Uploads waiting for their columns to be chosen (kept a day).
const UPLOAD_KIND: &str = "anagrafe-file";
/// Reports of imports made.
const REPORT_KIND: &str = "anagrafe";

/// The file as uploaded, decoded once.
#[derive(Serialize, Deserialize)]
struct Upload {
    file_name: String,
    text: String,
}

fn refusal(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

/// Keeps an uploaded list for the column choice; refused only when over the size limit.
pub async fn upload(caller: &Caller, file_name: &str, bytes: &[u8]) -> Result<ImportId, AppError> {
    if bytes.len() > MAX_BYTES {
        return Err(refusal(
            "Il file è troppo grande per un elenco di alunni: al massimo 2 MB.",
        ));
    }
    if bytes.is_empty() {
        return Err(refusal("Scegli il file da importare."));
    }
    let json = serde_json::to_string(&Upload {
        file_name: file_name.to_string(),
        text: decode(bytes),
    })
    .map_err(AppError::internal)?;
    let tenant = &caller.tenant.id;
    let now = Utc::now();
    let mut conn = caller.db().acquire().await.map_err(StoreError::from)?;
    import_reports::prune(&mut conn, tenant, UPLOAD_KIND, now - Duration::days(1)).await?;
    let id = import_reports::save(
        &mut conn,
        tenant,
        UPLOAD_KIND,
        caller.fiscal_code(),
        &json,
        now,
    )
    .await?;
    Ok(ImportId::from_db(id))
}

async fn uploaded(caller: &Caller, id: &ImportId) -> Result<(Upload, Vec<Record>), AppError> {
    let json = import_reports::load(
        caller.db(),
        &caller.tenant.id,
        UPLOAD_KIND,
        caller.fiscal_code(),
        id.as_str(),
    )
    .await?
    .ok_or_else(|| refusal("Il file caricato non è più disponibile: caricalo di nuovo."))?;
    let upload: Upload = serde_json::from_str(&json).map_err(AppError::internal)?;
    let records = records(&upload.text);
    Ok((upload, records))
}

/// The registry's current school year: the newest one with classes, else today's.
async fn current_year(caller: &Caller, conn: &mut AnyConnection) -> Result<SchoolYear, AppError> {
    match registry_import::newest_school_year(conn, &caller.tenant.id).await? {
        Some(label) => SchoolYear::parse(&label)
            .map_err(|_| AppError::internal(format!("school year {label:?} of a class"))),
        None => Ok(SchoolYear::of(caller.today())),
    }
}

/// The uploaded list: headings, guessed columns, first lines.
pub async fn draft(caller: &Caller, id: &ImportId) -> Result<RegistryUpload, AppError> {
    let (upload, records) = uploaded(caller, id).await?;
    let mut conn = caller.db().acquire().await.map_err(StoreError::from)?;
    let header = records
        .first()
        .map(|r| r.fields.clone())
        .unwrap_or_default();
    Ok(RegistryUpload {
        file_name: upload.file_name,
        guessed: Mapping::guess(&header).to_form(),
        header,
        rows: records.len().saturating_sub(1),
        preview: records
            .iter()
            .skip(1)
            .take(PREVIEW_ROWS)
            .map(|r| PreviewLine {
                line: r.line,
                cells: r.fields.clone(),
            })
            .collect(),
        problem: check_size(&records).err().map(|e| e.message),
        school_year: current_year(caller, &mut conn).await?.label(),
    })
}

fn errors_of(errors: Vec<LineError>) -> Vec<ImportError> {
    errors
        .into_iter()
        .map(|e| ImportError {
            line: e.line,
            message: e.message,
        })
        .collect()
}

/// The list checked (or, `Mode::Write`, imported) with the chosen columns.
async fn run(
    caller: &Caller,
    conn: &mut AnyConnection,
    upload: &Upload,
    records: &[Record],
    choice: &ColumnChoice,
    mode: Mode,
) -> Result<RegistryReport, AppError> {
    let mut report = RegistryReport {
        file_name: upload.file_name.clone(),
        school_year: current_year(caller, conn).await?.label(),
        ..Default::default()
    };
    let width = records.first().map_or(0, |r| r.fields.len());
    let lines = check_size(records)
        .map_err(|e| vec![e])
        .and_then(|()| {
            Mapping::from_form(&choice.columns, width)
                .map_err(|m| m.into_iter().map(|m| LineError::new(0, m)).collect())
        })
        .and_then(|mapping| pupils(records, &mapping));
    let lines = match lines {
        Ok(lines) => lines,
        Err(errors) => {
            report.errors = errors_of(errors);
            return Ok(report);
        }
    };
    let target = Target {
        school_year: &report.school_year,
        create_classes: choice.creates_classes(),
    };
    match registry_import::apply(conn, &caller.tenant.id, &lines, &target, mode).await? {
        Ok(Applied {
            pupils_created,
            pupils_updated,
            guardians_created,
            guardians_updated,
            classes_created,
        }) => {
            report.pupils_created = pupils_created;
            report.pupils_updated = pupils_updated;
            report.guardians_created = guardians_created;
            report.guardians_updated = guardians_updated;
            report.classes_created = classes_created;
        }
        Err(errors) => report.errors = errors_of(errors),
    }
    Ok(report)
}

/// What importing the list with these columns would do, or every error by line.
pub async fn check(
    caller: &Caller,
    id: &ImportId,
    choice: &ColumnChoice,
) -> Result<RegistryReport, AppError> {
    let (upload, records) = uploaded(caller, id).await?;
    let mut conn = caller.db().acquire().await.map_err(StoreError::from)?;
    run(caller, &mut conn, &upload, &records, choice, Mode::Check).await
}

/// Imports the list: all of it in one transaction, or (any error) nothing. The report,
/// kept for the page the import lands on, says which.
pub async fn import(
    caller: &Caller,
    id: &ImportId,
    choice: &ColumnChoice,
) -> Result<ImportId, AppError> {
    let (upload, records) = uploaded(caller, id).await?;
    let mut tx = caller.db().begin().await?;
    let report = run(caller, &mut tx, &upload, &records, choice, Mode::Write).await?;
    if report.errors.is_empty() {
        let what = format!(
            "{}: {} alunni nuovi, {} aggiornati; {} genitori nuovi, {} aggiornati; {} classi nuove ({})",
            report.file_name,
            report.pupils_created,
            report.pupils_updated,
            report.guardians_created,
            report.guardians_updated,
            report.classes_created.len(),
            report.school_year
        );
        let change = audit::Change {
            actor: caller.fiscal_code(),
            action: AuditAction::RegistryImported,
            subject: &report.file_name,
            before: None,
            after: Some(&what),
        };
        audit::append(&mut tx, &caller.tenant.id, &change, Utc::now()).await?;
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    let json = serde_json::to_string(&report).map_err(AppError::internal)?;
    let mut conn = caller.db().acquire().await.map_err(StoreError::from)?;
    let saved = import_reports::save(
        &mut conn,
        &caller.tenant.id,
        REPORT_KIND,
        caller.fiscal_code(),
        &json,
        Utc::now(),
    )
    .await?;
    Ok(ImportId::from_db(saved))
}

/// The report of an import this person made.
pub async fn report(caller: &Caller, id: &ImportId) -> Result<RegistryReport, AppError> {
    let json = import_reports::load(
        caller.db(),
        &caller.tenant.id,
        REPORT_KIND,
        caller.fiscal_code(),
        id.as_str(),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    serde_json::from_str(&json).map_err(AppError::internal)
}

/// The classes of the current year and what the passage to the next would do.
pub async fn overview(caller: &Caller) -> Result<RegistryOverview, AppError> {
    let tenant = &caller.tenant.id;
    let mut conn = caller.db().acquire().await.map_err(StoreError::from)?;
    let year = current_year(caller, &mut conn).await?;
    let classes = registry_import::class_counts(&mut conn, tenant, &year.label()).await?;
    let passage = promotion::promote(&mut conn, tenant, year, Mode::Check).await?;
    Ok(RegistryOverview {
        classes: classes
            .into_iter()
            .map(|c| ClassRow {
                school: c.school,
                class: c.class,
                pupils: c.pupils,
            })
            .collect(),
        passage: passage
            .into_iter()
            .map(|p| PassageRow {
                school: p.school,
                promoted: p.promoted,
                leaving: p.leaving,
                classes: p.classes,
                last_day: p.last_day.map(Day::from),
            })
            .collect(),
        school_year: year.label(),
        next_year: year.next().label(),
    })
}

/// "Nuovo anno scolastico": from the current year to `to`, which must be the next one
/// (a second click, or a page left open, finds the passage done and changes nothing).
pub async fn start_year(caller: &Caller, to: SchoolYear) -> Result<String, AppError> {
    let tenant = &caller.tenant.id;
    let mut tx = caller.db().begin().await?;
    let from = current_year(caller, &mut tx).await?;
    let next = from.next();
    if to != next {
        tx.rollback().await?;
        return Err(refusal(if to < next {
            format!("Il passaggio all'anno scolastico {to} è già stato fatto: l'anno in corso dell'anagrafe è il {from}.")
        } else {
            format!("L'anno in corso dell'anagrafe è il {from}: si può passare solo al {next}.")
        }));
    }
    let to = &to.label();
    if promotion::has_classes(&mut tx, tenant, to).await?
        || !promotion::has_classes(&mut tx, tenant, &from.label()).await?
    {
        tx.rollback().await?;
        return Err(refusal("Non ci sono classi da far passare al nuovo anno."));
    }
    let passage = promotion::promote(&mut tx, tenant, from, Mode::Write).await?;
    let summary: Vec<String> = passage
        .iter()
        .map(|p| {
            let end = p.last_day.map_or(String::new(), |d| {
                format!(", iscrizioni chiuse al {}", format_date_it(d))
            });
            format!(
                "{}: {} alunni promossi, {} usciti{end}",
                p.school, p.promoted, p.leaving
            )
        })
        .collect();
    let after = format!("{to}. {}", summary.join("; "));
    let change = audit::Change {
        actor: caller.fiscal_code(),
        action: AuditAction::SchoolYearStarted,
        subject: to,
        before: Some(&from.label()),
        after: Some(&after),
    };
    audit::append(&mut tx, tenant, &change, Utc::now()).await?;
    tx.commit().await?;
    Ok(format!("Nuovo anno scolastico {after}."))
}
