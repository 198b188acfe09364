//! Today's attendance at the canteen, for school staff.

use crate::api::attendance::{Attendance, AttendanceRow};
use crate::backend::auth::CurrentUser;
use crate::backend::context::AppContext;
use crate::backend::store::bookings::{self, DayStatus};
use crate::backend::store::{attendance, closure, Tenant};
use crate::error::AppError;
use chrono::{DateTime, Utc};

pub async fn today(
    ctx: &AppContext,
    tenant: &Tenant,
    now: DateTime<Utc>,
) -> Result<Attendance, AppError> {
    let policy = tenant.booking_policy();
    let day = policy.today(now);
    let present = closure::presences(&ctx.db, tenant, day)
        .await
        .map_err(AppError::internal)?;
    let absent = attendance::late_absences(&ctx.db, tenant, day)
        .await
        .map_err(AppError::internal)?;
    Ok(Attendance {
        day_label: crate::domain::date::format_date_it(day),
        after_cutoff: now >= policy.cutoff_of(day),
        late_absence_charged: tenant.booking.charge_late_absence,
        pupils: present
            .into_iter()
            .map(|p| AttendanceRow {
                absent_after_cutoff: absent.contains(&p.pupil_id),
                pupil_id: p.pupil_id,
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
    ctx: &AppContext,
    tenant: &Tenant,
    me: &CurrentUser,
    pupil_id: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let policy = tenant.booking_policy();
    let day = policy.today(now);
    let present = closure::presences(&ctx.db, tenant, day)
        .await
        .map_err(AppError::internal)?;
    let Some(pupil) = present.iter().find(|p| p.pupil_id == pupil_id) else {
        return Err(AppError::BadRequest(
            "L'alunno non risulta presente in mensa oggi.".into(),
        ));
    };
    let by = me.user.fiscal_code.as_str();
    if now < policy.cutoff_of(day) {
        bookings::set(
            &ctx.db,
            &tenant.id,
            pupil_id,
            &[day],
            Some(DayStatus::Cancelled),
            by,
            now,
        )
        .await
        .map_err(AppError::internal)?;
        return Ok(format!(
            "{}: pasto di oggi disdetto (prima dell'orario limite, non viene addebitato).",
            pupil.pupil_name
        ));
    }
    attendance::record_late_absence(&ctx.db, tenant, pupil_id, day, by, now)
        .await
        .map_err(AppError::internal)?;
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
