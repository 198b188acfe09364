//! Changing canteen bookings: who may (the tutore, or a delegate for delegated pupils),
//! and whether the Ente's rules allow it now, by the server's clock in the Ente's zone.

use crate::backend::auth::CurrentUser;
use crate::backend::context::AppContext;
use crate::backend::store::bookings::{self, DayStatus};
use crate::backend::store::{family, Tenant};
use crate::domain::booking::{
    check_day, check_plain_meal, days_of, may_book, Booker, BookingPolicy,
};
use crate::domain::calendar::{ClassCalendar, DayKind};
use crate::domain::identity::Role;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeSet;

/// The longest range changed at once.
const MAX_RANGE_DAYS: usize = 62;

/// The pupils this person may book for: their own as tutore, and the delegated ones.
pub async fn booker(
    ctx: &AppContext,
    tenant: &Tenant,
    me: &CurrentUser,
    today: NaiveDate,
) -> Result<(Booker, Vec<crate::api::account::PupilCard>), AppError> {
    let pupils =
        family::pupils_linked_to(&ctx.db, &tenant.id, &me.user.fiscal_code, &me.roles, today)
            .await
            .map_err(AppError::internal)?;
    let ids: BTreeSet<String> = pupils.iter().map(|p| p.id.clone()).collect();
    let booker = if me.has(Role::Family) {
        Booker::Tutore(ids)
    } else {
        Booker::Delegate(ids)
    };
    Ok((booker, pupils))
}

pub fn parse_date(text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::BadRequest("Data non valida: usa il formato gg/mm/aaaa.".into()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Cancel,
    Restore,
    Plain,
}

/// Applies `action` to every canteen day from `from` to `to`, or to none: one refused day
/// (past, locked, beyond the horizon, plain-meal limit) refuses the whole change.
#[allow(clippy::too_many_arguments)]
pub async fn change(
    ctx: &AppContext,
    tenant: &Tenant,
    me: &CurrentUser,
    policy: &BookingPolicy<chrono_tz::Tz>,
    pupil_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    action: Action,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let (booker, _) = booker(ctx, tenant, me, policy.today(now)).await?;
    may_book(&booker, pupil_id).map_err(|_| AppError::NotFound)?;
    let days = days_of(from, to).map_err(|e| AppError::BadRequest(e.to_string()))?;
    if days.len() > MAX_RANGE_DAYS {
        return Err(AppError::BadRequest(format!(
            "Si possono modificare al massimo {MAX_RANGE_DAYS} giorni alla volta."
        )));
    }
    let calendar = bookings::class_calendar(&ctx.db, &tenant.id, pupil_id, from)
        .await
        .map_err(AppError::internal)?;
    let kind_of = |d: NaiveDate| {
        calendar
            .as_ref()
            .map_or(DayKind::NoService, |c: &ClassCalendar| c.day_kind(d))
    };
    let canteen: Vec<NaiveDate> = days
        .iter()
        .copied()
        .filter(|d| kind_of(*d) == DayKind::Canteen)
        .collect();
    if canteen.is_empty() {
        // Explain with the first day's reason (holiday, no service, past…).
        let first = days.first().copied().unwrap_or(from);
        check_day(policy, now, first, &kind_of(first))
            .map_err(|e| AppError::BadRequest(e.to_string()))?;
        return Err(AppError::BadRequest(
            "Nell'intervallo non ci sono giorni di mensa.".into(),
        ));
    }
    for d in &canteen {
        check_day(policy, now, *d, &DayKind::Canteen)
            .map_err(|e| AppError::BadRequest(e.to_string()))?;
    }
    let status = match action {
        Action::Cancel => Some(DayStatus::Cancelled),
        Action::Restore => None,
        Action::Plain => {
            let around_from = from - chrono::Duration::days(31);
            let around_to = to + chrono::Duration::days(31);
            let mut plain: BTreeSet<NaiveDate> =
                bookings::changes(&ctx.db, &tenant.id, pupil_id, around_from, around_to)
                    .await
                    .map_err(AppError::internal)?
                    .into_iter()
                    .filter(|(_, s)| *s == DayStatus::Plain)
                    .map(|(d, _)| d)
                    .collect();
            for d in &canteen {
                check_plain_meal(policy, *d, &plain, |x| kind_of(x) == DayKind::Canteen)
                    .map_err(|e| AppError::BadRequest(e.to_string()))?;
                plain.insert(*d);
            }
            Some(DayStatus::Plain)
        }
    };
    bookings::set(
        &ctx.db,
        &tenant.id,
        pupil_id,
        &canteen,
        status,
        me.user.fiscal_code.as_str(),
        now,
    )
    .await
    .map_err(AppError::internal)?;
    Ok(canteen.len())
}
