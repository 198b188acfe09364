//! The canteen's attendance, for school staff (their schools) and the office (every
//! school): today and the past week, when an absence can still be recorded.

use crate::backend::auth::Caller;
use crate::backend::store::bookings::{self, DayStatus};
use crate::backend::store::closure::{self, Presence};
use crate::backend::store::{attendance, audit};
use crate::domain::audit::AuditAction;
use crate::domain::date::{format_date_it, format_weekday_date_it, Day};
use crate::domain::identity::Role;
use crate::domain::ids::PupilId;
use crate::error::AppError;
use crate::model::attendance::{Attendance, AttendanceDay, AttendanceRow};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// How many days back an absence may still be recorded (the school's register is
/// usually completed within the week).
pub const PAST_DAYS: i64 = 7;

/// The day asked for (today when none), within today and the past [`PAST_DAYS`].
fn attendance_day(today: NaiveDate, asked: Option<Day>) -> Result<NaiveDate, AppError> {
    let day = asked.map_or(today, Day::date);
    if day > today || day < today - Duration::days(PAST_DAYS) {
        return Err(AppError::BadRequest(format!(
            "Le presenze si consultano e si registrano per oggi e per i {PAST_DAYS} giorni precedenti."
        )));
    }
    Ok(day)
}

/// The pupils at the canteen on a day, in the caller's schools.
async fn present(caller: &Caller, day: NaiveDate) -> Result<Vec<Presence>, AppError> {
    let scope = caller.schools_for(Role::SchoolStaff).await?;
    let mut present = closure::presences(caller.db(), &caller.tenant, day).await?;
    present.retain(|p| scope.covers(&p.school_id));
    Ok(present)
}

/// The pupils at the canteen on `day` (today when none), with the absences recorded after
/// the cut-off.
pub async fn on(
    caller: &Caller,
    day: Option<Day>,
    now: DateTime<Utc>,
) -> Result<Attendance, AppError> {
    let tenant = &caller.tenant;
    let policy = tenant.booking_policy();
    let today = policy.today(now);
    let day = attendance_day(today, day)?;
    let present = present(caller, day).await?;
    let absent = attendance::late_absences(caller.db(), tenant, day).await?;
    Ok(Attendance {
        day: Day::from(day),
        day_label: format_date_it(day),
        is_today: day == today,
        after_cutoff: now >= policy.cutoff_of(day),
        late_absence_charged: tenant.booking.charge_late_absence,
        days: (0..=PAST_DAYS)
            .map(|back| today - Duration::days(back))
            .map(|d| AttendanceDay {
                day: Day::from(d),
                label: format_weekday_date_it(d),
            })
            .collect(),
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

/// Before the cut-off of today the meal is cancelled (not cooked, not charged); after it,
/// and on the past days, the absence is recorded, and the meal charged or refunded by the
/// Ente's setting.
pub async fn mark_absent(
    caller: &Caller,
    pupil_id: &PupilId,
    day: Day,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (tenant, me) = (&caller.tenant, &caller.me);
    let policy = tenant.booking_policy();
    let day = attendance_day(policy.today(now), Some(day))?;
    let present = present(caller, day).await?;
    let Some(pupil) = present.iter().find(|p| p.pupil_id == pupil_id.as_str()) else {
        return Err(AppError::BadRequest(format!(
            "L'alunno non risulta presente in mensa il {}.",
            format_date_it(day)
        )));
    };
    let by = me.user.fiscal_code.as_str();
    let before_cutoff = now < policy.cutoff_of(day);
    if before_cutoff {
        let days = [day];
        let cancelled = Some(DayStatus::Cancelled);
        bookings::set(caller.db(), &tenant.id, pupil_id, &days, cancelled, by, now).await?;
    } else {
        attendance::record_late_absence(caller.db(), tenant, pupil_id, day, by, now).await?;
    }
    // Recorded once the absence is (a failure here leaves the absence without its line).
    let what = if before_cutoff {
        format!("pasto del {} disdetto", format_date_it(day))
    } else {
        format!("assente il {} dopo l'orario limite", format_date_it(day))
    };
    let change = audit::Change {
        actor: &me.user.fiscal_code,
        action: AuditAction::AbsenceMarked,
        subject: &pupil.pupil_name,
        before: None,
        after: Some(&what),
    };
    audit::append(&mut *caller.db().acquire().await?, &tenant.id, &change, now).await?;
    let name = &pupil.pupil_name;
    let date = format_date_it(day);
    Ok(if before_cutoff {
        format!(
            "{name}: pasto del {date} disdetto (prima dell'orario limite, non viene addebitato)."
        )
    } else if tenant.booking.charge_late_absence {
        format!("{name}: assenza del {date} registrata dopo l'orario limite; il pasto è già stato preparato e resta addebitato.")
    } else {
        format!("{name}: assenza del {date} registrata dopo l'orario limite; il pasto non viene addebitato.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn today_and_the_past_week_only() {
        let today = d("2026-12-10");
        assert_eq!(attendance_day(today, None).ok(), Some(today));
        let day = |t: &str| Some(Day::from(d(t)));
        assert_eq!(
            attendance_day(today, day("2026-12-03")).ok(),
            Some(d("2026-12-03"))
        );
        assert!(attendance_day(today, day("2026-12-02")).is_err());
        assert!(attendance_day(today, day("2026-12-11")).is_err());
    }
}
