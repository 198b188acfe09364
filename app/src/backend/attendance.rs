//! Today's attendance at the canteen, for school staff.

use crate::backend::auth::Caller;
use crate::backend::store::bookings::{self, DayStatus};
use crate::backend::store::{attendance, audit, closure};
use crate::domain::audit::AuditAction;
use crate::domain::date::format_date_it;
use crate::domain::ids::PupilId;
use crate::error::AppError;
use crate::model::attendance::{Attendance, AttendanceRow};
use chrono::{DateTime, Utc};

/// Today's pupils at the canteen, with the absences recorded after the cut-off.
pub async fn today(caller: &Caller, now: DateTime<Utc>) -> Result<Attendance, AppError> {
    let (ctx, tenant) = (&caller.ctx, &caller.tenant);
    let policy = tenant.booking_policy();
    let day = policy.today(now);
    let present = closure::presences(&ctx.db, tenant, day).await?;
    let absent = attendance::late_absences(&ctx.db, tenant, day).await?;
    Ok(Attendance {
        day_label: format_date_it(day),
        after_cutoff: now >= policy.cutoff_of(day),
        late_absence_charged: tenant.booking.charge_late_absence,
        pupils: present
            .into_iter()
            .map(|p| AttendanceRow {
                absent_after_cutoff: absent.contains(&p.pupil_id),
                pupil_id: PupilId::from_db(p.pupil_id),
                name: p.pupil_name,
                school: p.school,
                class: p.class,
            })
            .collect(),
    })
}

/// Before today's cut-off the meal is cancelled (not cooked, not charged); after it the
/// absence is recorded, and the meal charged or refunded by the Ente's setting.
pub async fn mark_absent(
    caller: &Caller,
    pupil_id: &PupilId,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    let policy = tenant.booking_policy();
    let day = policy.today(now);
    let present = closure::presences(&ctx.db, tenant, day).await?;
    let Some(pupil) = present.iter().find(|p| p.pupil_id == pupil_id.as_str()) else {
        return Err(AppError::BadRequest(
            "L'alunno non risulta presente in mensa oggi.".into(),
        ));
    };
    let by = me.user.fiscal_code.as_str();
    let before_cutoff = now < policy.cutoff_of(day);
    if before_cutoff {
        let day = [day];
        let cancelled = Some(DayStatus::Cancelled);
        bookings::set(&ctx.db, &tenant.id, pupil_id, &day, cancelled, by, now).await?;
    } else {
        attendance::record_late_absence(&ctx.db, tenant, pupil_id, day, by, now).await?;
    }
    // Recorded once the absence is (a failure here leaves the absence without its line).
    let what = if before_cutoff {
        "pasto disdetto"
    } else {
        "assente dopo l'orario limite"
    };
    let change = audit::Change {
        actor: &me.user.fiscal_code,
        action: AuditAction::AbsenceMarked,
        subject: &pupil.pupil_name,
        before: None,
        after: Some(what),
    };
    audit::append(&mut *ctx.db.acquire().await?, &tenant.id, &change, now).await?;
    if before_cutoff {
        return Ok(format!(
            "{}: pasto di oggi disdetto (prima dell'orario limite, non viene addebitato).",
            pupil.pupil_name
        ));
    }
    Ok(if tenant.booking.charge_late_absence {
        format!(
            "{}: assenza registrata dopo l'orario limite; il pasto è già stato preparato e resta addebitato.",
            pupil.pupil_name
        )
    } else {
        format!(
            "{}: assenza registrata dopo l'orario limite; il pasto non viene addebitato.",
            pupil.pupil_name
        )
    })
}
