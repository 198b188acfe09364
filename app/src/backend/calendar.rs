//! The school calendar as the office runs it: a month of one school or of the whole Ente,
//! closure periods added, imported from the regional calendar or taken away, and school
//! years. Every change is in the audit log, in its own transaction.

use crate::backend::auth::Caller;
use crate::backend::store::calendar::{self, Closure};
use crate::backend::store::{audit, import_reports, registry, StoreError};
use crate::domain::audit::AuditAction;
use crate::domain::calendar::{import, national_holiday, CalendarRefusal, ClosurePeriod};
use crate::domain::date::{format_date_it, Day, Month};
use crate::domain::ids::{ImportId, SchoolId};
use crate::error::AppError;
use crate::model::calendar::{
    CalendarDay, CalendarDayKind, CalendarOverview, ClosureImportReport, ClosureRow, ImportError,
    SchoolChoice, SchoolYearRow,
};
use chrono::{Datelike, NaiveDate, Utc, Weekday};
use sqlx::AnyConnection;

/// The kind of the reports of closure imports.
const IMPORT_KIND: &str = "chiusure";
/// A regional calendar is a few kilobytes.
const MAX_IMPORT_BYTES: usize = 1024 * 1024;

fn refused(refusal: CalendarRefusal) -> AppError {
    AppError::BadRequest(refusal.message())
}

/// The month (this one when none) of a school, or of the whole Ente.
pub async fn overview(
    caller: &Caller,
    month: Option<Month>,
    school: Option<SchoolId>,
) -> Result<CalendarOverview, AppError> {
    let today = caller.today();
    let month = month.unwrap_or_else(|| Month::of(today));
    let tenant = &caller.tenant.id;
    let schools: Vec<SchoolChoice> = registry::schools(caller.db(), tenant)
        .await?
        .into_iter()
        .map(|(id, name)| SchoolChoice {
            id: SchoolId::from_db(id),
            name,
        })
        .collect();
    if school
        .as_ref()
        .is_some_and(|s| !schools.iter().any(|c| &c.id == s))
    {
        return Err(refused(CalendarRefusal::UnknownSchool));
    }
    let from = month.first_day().min(today);
    let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(today);
    let closures = calendar::closures(caller.db(), tenant, from, far).await?;
    let years = calendar::school_years(caller.db(), tenant).await?;
    let closed = closed_days(caller, month).await?;
    let in_scope = |c: &&Closure| match (&school, &c.school) {
        (_, None) => true,
        (Some(s), Some((id, _))) => s == id,
        (None, Some(_)) => true,
    };
    let days = month
        .first_day()
        .iter_days()
        .take_while(|d| *d <= month.last_day())
        .map(|d| {
            let in_year = years.iter().any(|y| {
                school.as_ref().is_none_or(|s| *s == y.school)
                    && y.first_day <= d
                    && d <= y.last_day
            });
            let closure = closures
                .iter()
                .filter(in_scope)
                .find(|c| c.period.contains(d));
            let kind = if let Some(name) = national_holiday(d) {
                CalendarDayKind::Holiday(name.to_string())
            } else if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                CalendarDayKind::Weekend
            } else if let Some(c) = closure {
                CalendarDayKind::Closure {
                    reason: c.period.reason.clone(),
                    school: c.school.as_ref().map(|(_, n)| n.clone()),
                }
            } else if !in_year {
                CalendarDayKind::OutsideYear
            } else {
                CalendarDayKind::School
            };
            CalendarDay {
                day: Day::from(d),
                kind,
                closed: closed.contains(&d),
            }
        })
        .collect();
    Ok(CalendarOverview {
        month,
        school,
        schools,
        days,
        closures: closures
            .into_iter()
            .filter(|c| c.period.last_day >= month.first_day().min(today))
            .map(|c| ClosureRow {
                removable: c.period.first_day > today,
                first_day: Day::from(c.period.first_day),
                dates: c.period.dates_it(),
                reason: c.period.reason,
                school: c.school.map(|(id, name)| SchoolChoice { id, name }),
            })
            .collect(),
        school_years: years
            .into_iter()
            .map(|y| SchoolYearRow {
                school: y.school_name,
                first_day: Day::from(y.first_day),
                last_day: Day::from(y.last_day),
            })
            .collect(),
        today: Day::from(today),
    })
}

async fn closed_days(caller: &Caller, month: Month) -> Result<Vec<NaiveDate>, AppError> {
    let mut conn = caller.db().acquire().await.map_err(StoreError::from)?;
    let (first, last) = (month.first_day(), month.last_day());
    Ok(calendar::closed_days(&mut conn, &caller.tenant.id, first, last).await?)
}

/// "Vacanze di Natale, 23/12/2026 – 06/01/2027 (tutto l'Ente)", for the log and the answers.
fn described(period: &ClosurePeriod, school: Option<&str>) -> String {
    format!(
        "{}, {} ({})",
        period.reason,
        period.dates_it(),
        school.unwrap_or("tutto l'Ente")
    )
}

async fn school_name(
    caller: &Caller,
    school: Option<&SchoolId>,
) -> Result<Option<String>, AppError> {
    let Some(id) = school else { return Ok(None) };
    registry::schools(caller.db(), &caller.tenant.id)
        .await?
        .into_iter()
        .find(|(s, _)| s == id.as_str())
        .map(|(_, name)| Some(name))
        .ok_or_else(|| refused(CalendarRefusal::UnknownSchool))
}

async fn log(
    conn: &mut AnyConnection,
    caller: &Caller,
    action: AuditAction,
    subject: &str,
    (before, after): (Option<&str>, Option<&str>),
) -> Result<(), StoreError> {
    let change = audit::Change {
        actor: caller.fiscal_code(),
        action,
        subject,
        before,
        after,
    };
    audit::append(conn, &caller.tenant.id, &change, Utc::now()).await
}

/// Closes the canteen from `first` to `last` (one day when none) for a school or the
/// whole Ente.
pub async fn add_closure(
    caller: &Caller,
    school: Option<SchoolId>,
    first: Day,
    last: Option<Day>,
    reason: &str,
) -> Result<String, AppError> {
    let last = last.unwrap_or(first);
    let period =
        ClosurePeriod::new(first.date(), last.date(), reason).map_err(AppError::BadRequest)?;
    let name = school_name(caller, school.as_ref()).await?;
    let mut tx = caller.db().begin().await?;
    let by = caller.fiscal_code().as_str();
    if let Err(refusal) = calendar::add_closure(
        &mut tx,
        &caller.tenant.id,
        school.as_ref(),
        &period,
        by,
        Utc::now(),
    )
    .await?
    {
        tx.rollback().await?;
        return Err(refused(refusal));
    }
    let what = described(&period, name.as_deref());
    log(
        &mut tx,
        caller,
        AuditAction::ClosureAdded,
        &what,
        (None, Some(&what)),
    )
    .await?;
    tx.commit().await?;
    Ok(format!("Chiusura aggiunta: {what}."))
}

/// Takes away the closure of the scope starting on `first`: the canteen runs those days.
pub async fn remove_closure(
    caller: &Caller,
    school: Option<SchoolId>,
    first: Day,
) -> Result<String, AppError> {
    let name = school_name(caller, school.as_ref()).await?;
    let mut tx = caller.db().begin().await?;
    let period =
        match calendar::remove_closure(&mut tx, &caller.tenant.id, school.as_ref(), first.date())
            .await?
        {
            Ok(period) => period,
            Err(refusal) => {
                tx.rollback().await?;
                return Err(refused(refusal));
            }
        };
    let what = described(&period, name.as_deref());
    log(
        &mut tx,
        caller,
        AuditAction::ClosureRemoved,
        &what,
        (Some(&what), None),
    )
    .await?;
    tx.commit().await?;
    Ok(format!(
        "Chiusura tolta: {what}. La mensa è di nuovo aperta in quei giorni."
    ))
}

/// Sets the school year of a school, or (`None`) of every school of the Ente.
pub async fn set_school_year(
    caller: &Caller,
    school: Option<SchoolId>,
    first: Day,
    last: Day,
) -> Result<String, AppError> {
    let schools = registry::schools(caller.db(), &caller.tenant.id).await?;
    let chosen: Vec<(String, String)> = match &school {
        None => schools,
        Some(id) => schools
            .into_iter()
            .filter(|(s, _)| s == id.as_str())
            .collect(),
    };
    if chosen.is_empty() {
        return Err(refused(CalendarRefusal::UnknownSchool));
    }
    let after = format!(
        "{} – {}",
        format_date_it(first.date()),
        format_date_it(last.date())
    );
    let mut tx = caller.db().begin().await?;
    for (id, name) in &chosen {
        let id = SchoolId::from_db(id.clone());
        let set =
            calendar::set_school_year(&mut tx, &caller.tenant.id, &id, first.date(), last.date())
                .await?;
        let replaced = match set {
            Ok(replaced) => replaced,
            Err(refusal) => {
                tx.rollback().await?;
                return Err(AppError::BadRequest(format!(
                    "{name}: {}",
                    refusal.message()
                )));
            }
        };
        let before =
            replaced.map(|(f, l)| format!("{} – {}", format_date_it(f), format_date_it(l)));
        log(
            &mut tx,
            caller,
            AuditAction::SchoolYearSet,
            name,
            (before.as_deref(), Some(&after)),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(match chosen.as_slice() {
        [(_, name)] => format!("Anno scolastico di {name}: dal {after}."),
        _ => format!(
            "Anno scolastico di tutte le scuole ({}): {after}.",
            chosen.len()
        ),
    })
}

/// Imports the closures of a regional calendar file for a school or the whole Ente: all
/// of them or, when a line is wrong or meets a closure already there, none. Closures
/// already present with the same dates and reason, and those over before today, are
/// skipped. The report is kept for the page the upload lands on.
pub async fn import(
    caller: &Caller,
    school: Option<SchoolId>,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportId, AppError> {
    let mut report = ClosureImportReport {
        file_name: file_name.to_string(),
        ..Default::default()
    };
    let name = school_name(caller, school.as_ref()).await?;
    let today = caller.today();
    let mut tx = caller.db().begin().await?;
    let parsed = if bytes.len() > MAX_IMPORT_BYTES {
        Err(vec![import::LineError {
            line: 0,
            message: "Il file è troppo grande per un calendario: al massimo 1 MB.".into(),
        }])
    } else {
        import::parse(bytes)
    };
    match parsed {
        Err(errors) => {
            report.errors = errors
                .into_iter()
                .map(|e| ImportError {
                    line: e.line,
                    message: e.message,
                })
                .collect()
        }
        Ok(closures) => {
            let by = caller.fiscal_code().as_str();
            for c in closures {
                if c.period.last_day < today {
                    report.past += 1;
                    continue;
                }
                let added = calendar::add_closure(
                    &mut tx,
                    &caller.tenant.id,
                    school.as_ref(),
                    &c.period,
                    by,
                    Utc::now(),
                )
                .await?;
                match added {
                    Ok(()) => report.added += 1,
                    Err(CalendarRefusal::Overlaps {
                        existing,
                        school: s,
                    }) if existing == c.period && s == name => report.already += 1,
                    Err(refusal) => report.errors.push(ImportError {
                        line: c.line,
                        message: refusal.message(),
                    }),
                }
            }
        }
    }
    if report.errors.is_empty() {
        let what = format!(
            "{file_name}: {} chiusure aggiunte ({})",
            report.added,
            name.as_deref().unwrap_or("tutto l'Ente")
        );
        log(
            &mut tx,
            caller,
            AuditAction::ClosuresImported,
            &what,
            (None, Some(&what)),
        )
        .await?;
        tx.commit().await?;
    } else {
        // Nothing of an invalid file is kept; only its report is.
        tx.rollback().await?;
    }
    let json = serde_json::to_string(&report).map_err(AppError::internal)?;
    let mut conn = caller.db().acquire().await.map_err(StoreError::from)?;
    let id = import_reports::save(
        &mut conn,
        &caller.tenant.id,
        IMPORT_KIND,
        caller.fiscal_code(),
        &json,
        Utc::now(),
    )
    .await?;
    Ok(ImportId::from_db(id))
}

/// The report of an import this person made.
pub async fn import_report(
    caller: &Caller,
    id: &ImportId,
) -> Result<ClosureImportReport, AppError> {
    let json = import_reports::load(
        caller.db(),
        &caller.tenant.id,
        IMPORT_KIND,
        caller.fiscal_code(),
        id.as_str(),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    serde_json::from_str(&json).map_err(AppError::internal)
}
