//! Changing canteen bookings: who may (the tutore, or a delegate for delegated pupils),
//! and whether the Ente's rules allow it now, by the server's clock in the Ente's zone.

use crate::api::bookings::CreditForecast;
use crate::backend::auth::CurrentUser;
use crate::backend::context::AppContext;
use crate::backend::store::bookings::{self, DayStatus};
use crate::backend::store::{closure, family, ledger, tariffs, Tenant};
use crate::domain::booking::{
    check_day, check_plain_meal, days_of, may_book, Booker, BookingPolicy,
};
use crate::domain::calendar::{ClassCalendar, DayKind};
use crate::domain::credit::lasts_until;
use crate::domain::identity::Role;
use crate::domain::money::Money;
use crate::error::AppError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet};

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

/// How the tutore's canteen credit covers the coming canteen days of all their pupils
/// (siblings together, each at their own price today): `None` for a delegate, or a
/// person who is no tutore.
pub async fn credit_forecast(
    ctx: &AppContext,
    tenant: &Tenant,
    me: &CurrentUser,
    now: DateTime<Utc>,
) -> Result<Option<CreditForecast>, AppError> {
    if !me.has(Role::Family) {
        return Ok(None);
    }
    let today = tenant.booking_policy().today(now);
    let Some(guardian_id) = family::guardian_id(&ctx.db, &tenant.id, &me.user.fiscal_code)
        .await
        .map_err(AppError::internal)?
    else {
        return Ok(None);
    };
    let prices = tariffs::meal_prices(&ctx.db, &tenant.id, today, Some(&guardian_id))
        .await
        .map_err(AppError::internal)?;
    if prices.is_empty() {
        return Ok(None);
    }
    let balance = ledger::accounts_of_guardian(&ctx.db, &tenant.id, me.user.fiscal_code.as_str())
        .await
        .map_err(AppError::internal)?
        .iter()
        .filter(|a| a.prepaid)
        .map(|a| a.balance.cents())
        .sum::<i64>();
    // Today's meals are still to come until the day is closed.
    let first = if closure::is_closed(&ctx.db, tenant, today)
        .await
        .map_err(AppError::internal)?
    {
        today.succ_opt().unwrap_or(today)
    } else {
        today
    };
    let mut cost_by_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for (pupil, price) in &prices {
        let Some(calendar) = bookings::class_calendar(&ctx.db, &tenant.id, pupil, first)
            .await
            .map_err(AppError::internal)?
        else {
            continue;
        };
        let cancelled = bookings::changes(&ctx.db, &tenant.id, pupil, first, calendar.last_day)
            .await
            .map_err(AppError::internal)?;
        for day in first.iter_days().take_while(|d| *d <= calendar.last_day) {
            if calendar.day_kind(day) == DayKind::Canteen
                && cancelled.get(&day) != Some(&DayStatus::Cancelled)
            {
                *cost_by_day.entry(day).or_insert(0) += price.cents();
            }
        }
    }
    let days: Vec<(NaiveDate, Money)> = cost_by_day
        .into_iter()
        .map(|(d, c)| (d, Money::from_cents(c)))
        .collect();
    let in_month = |d: &NaiveDate| d.year() == first.year() && d.month() == first.month();
    let month: Vec<_> = days.iter().filter(|(d, _)| in_month(d)).collect();
    let month_cost = month.iter().map(|(_, c)| c.cents()).sum::<i64>();
    let (lasts_until, covers_all) = lasts_until(Money::from_cents(balance), &days);
    Ok(Some(CreditForecast {
        balance: Money::from_cents(balance),
        month_days: u32::try_from(month.len()).unwrap_or(u32::MAX),
        month_cost: Money::from_cents(month_cost),
        month_missing: Money::from_cents((month_cost - balance).max(0)),
        lasts_until,
        covers_school_year: covers_all,
    }))
}
