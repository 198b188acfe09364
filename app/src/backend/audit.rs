//! The audit log, for the Ente's administrators: who changed what, and when.

use crate::backend::auth::Caller;
use crate::backend::store::audit::{self, Entry, Filter};
use crate::domain::audit::AuditAction;
use crate::domain::content::NewsState;
use crate::domain::date::Day;
use crate::domain::fiscal_code::FiscalCode;
use crate::domain::forms::SubmissionStatus;
use crate::domain::identity::Role;
use crate::error::AppError;
use crate::model::audit::{AuditLog, AuditRow};

/// Changes shown at once.
const SHOWN: u32 = 200;

/// The Ente's changes by `person` (everyone's when none) from `from` to `to` (days of the
/// Ente's zone, both included), newest first.
pub async fn log(
    caller: &Caller,
    person: Option<&FiscalCode>,
    from: Option<Day>,
    to: Option<Day>,
) -> Result<AuditLog, AppError> {
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(AppError::BadRequest(
                "La data iniziale viene dopo quella finale.".into(),
            ));
        }
    }
    let zone = caller.tenant.time_zone;
    let filter = Filter {
        actor: person,
        from: from.and_then(|d| audit::start_of(d.date(), zone)),
        until: to
            .and_then(|d| d.date().succ_opt())
            .and_then(|d| audit::start_of(d, zone)),
    };
    let mut entries = audit::list(caller.db(), &caller.tenant.id, &filter, SHOWN + 1).await?;
    let more = entries.len() > SHOWN as usize;
    entries.truncate(SHOWN as usize);
    Ok(AuditLog {
        rows: entries.into_iter().map(|e| row(e, zone)).collect(),
        more,
    })
}

fn row(e: Entry, zone: chrono_tz::Tz) -> AuditRow {
    AuditRow {
        at: e
            .at
            .with_timezone(&zone)
            .format("%d/%m/%Y %H:%M")
            .to_string(),
        actor: e.actor,
        action: e.action.label().to_string(),
        subject: e.subject,
        before: e.before.map(|v| readable(e.action, v)),
        after: e.after.map(|v| readable(e.action, v)),
    }
}

/// Stored words (`operator`, `accolto`) as the office says them.
fn readable(action: AuditAction, value: String) -> String {
    let label = match action {
        AuditAction::RoleGranted | AuditAction::RoleRevoked => Role::parse(&value).map(Role::label),
        AuditAction::FormDecided => SubmissionStatus::parse(&value)
            .ok()
            .map(SubmissionStatus::label),
        AuditAction::NewsSaved
        | AuditAction::NewsPublished
        | AuditAction::NewsScheduled
        | AuditAction::NewsWithdrawn => NewsState::parse(&value).ok().map(NewsState::label),
        // The other actions record values already written as the office reads them.
        _ => None,
    };
    label.map_or(value, str::to_string)
}
