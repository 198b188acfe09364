//! Changing canteen bookings: who may (the tutore, or a delegate for delegated pupils),
//! and whether the Ente's rules allow it now, by the server's clock in the Ente's zone.

use crate::backend::auth::Caller;
use crate::backend::store::bookings::{self, DayStatus};
use crate::backend::store::personal::{self, LinkedPupil};
use crate::backend::store::{closure, menus, payments::ledger, tariffs};
use crate::domain::bookings::{check_day, check_plain_meal, days_of, may_book, Booker};
use crate::domain::calendar::{ClassCalendar, DayKind};
use crate::domain::credit::lasts_until;
use crate::domain::date::Month;
use crate::domain::identity::Role;
use crate::domain::ids::PupilId;
use crate::domain::menus::PLAIN_MEAL;
use crate::domain::money::Money;
use crate::error::AppError;
use crate::model::bookings::{
    BookablePupil, BookingAction, BookingInfo, CalendarDay, Change, CreditForecast, DayState,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// The longest range changed at once.
const MAX_RANGE_DAYS: usize = 62;

/// The pupils this person may book for: their own as tutore, and the delegated ones,
/// where the Ente has bookings for their canteen service.
pub async fn booker(
    caller: &Caller,
    today: NaiveDate,
) -> Result<(Booker, Vec<LinkedPupil>), AppError> {
    let me = &caller.me;
    let mut pupils = personal::pupils_linked_to(
        caller.db(),
        &caller.tenant.id,
        &me.user.fiscal_code,
        &me.roles,
        today,
    )
    .await?;
    pupils.retain(|p| p.bookable);
    let ids: BTreeSet<String> = pupils.iter().map(|p| p.id.to_string()).collect();
    let booker = if me.has(Role::Family) {
        Booker::Tutore(ids)
    } else {
        Booker::Delegate(ids)
    };
    Ok((booker, pupils))
}

/// The pupils this person may book for and the Ente's booking rules, with the server's
/// clock (the page counts down to the cut-off from it).
pub async fn info(caller: &Caller) -> Result<BookingInfo, AppError> {
    let policy = caller.tenant.booking_policy();
    let now = Utc::now();
    let today = policy.today(now);
    let (_, pupils) = booker(caller, today).await?;
    Ok(BookingInfo {
        pupils: pupils
            .into_iter()
            .map(|p| BookablePupil {
                name: format!("{} {}", p.given_name, p.family_name),
                id: p.id,
                class: format!("{} · classe {}", p.school, p.class),
                delegated: p.delegated,
                diet: p.diet,
            })
            .collect(),
        cutoff: policy.cutoff.format("%H:%M").to_string(),
        horizon_days: policy.horizon_days,
        plain_meal_max_consecutive: policy.plain_meal_max_consecutive,
        today,
        today_cutoff: policy.cutoff_of(today),
        server_now: now,
    })
}

/// A month of a pupil's canteen days, as the server sees them now.
pub async fn month(
    caller: &Caller,
    pupil_id: &PupilId,
    month: Month,
) -> Result<Vec<CalendarDay>, AppError> {
    let (db, tenant) = (caller.db(), &caller.tenant);
    let policy = tenant.booking_policy();
    let now = Utc::now();
    let (who, pupils) = booker(caller, policy.today(now)).await?;
    may_book(&who, pupil_id.as_str()).map_err(|_| AppError::NotFound)?;
    let pupil = pupils
        .iter()
        .find(|p| &p.id == pupil_id)
        .ok_or(AppError::NotFound)?;
    let menus = menus::of_school(db, &tenant.id, &pupil.school_id).await?;
    let (first, last) = (month.first_day(), month.last_day());
    let calendar = match bookings::class_calendar(db, &tenant.id, pupil_id, first).await? {
        Some(c) => Some(c),
        None => bookings::class_calendar(db, &tenant.id, pupil_id, last).await?,
    };
    let changes = bookings::changes(db, &tenant.id, pupil_id, first, last).await?;
    Ok(first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|date| {
            let kind = calendar
                .as_ref()
                .map_or(DayKind::NoService, |c| c.day_kind(date));
            let state = match &kind {
                DayKind::NoService => DayState::NoService,
                DayKind::Holiday(n) | DayKind::Closure(n) => DayState::Closed(n.clone()),
                DayKind::Canteen => match changes.get(&date) {
                    Some(DayStatus::Cancelled) => DayState::Cancelled,
                    Some(DayStatus::Plain) => DayState::Plain,
                    None => DayState::Present,
                },
            };
            CalendarDay {
                changeable: check_day(&policy, now, date, &kind).is_ok(),
                // A day booked "in bianco" shows the menu's plain-meal variant.
                menu: (kind == DayKind::Canteen)
                    .then(|| {
                        let diet = match state {
                            DayState::Plain => Some(PLAIN_MEAL),
                            _ => pupil.diet.as_deref(),
                        };
                        menus.on(date, diet)
                    })
                    .flatten(),
                date,
                state,
            }
        })
        .collect())
}

/// Applies the change's action to every canteen day of its range, or to none: one refused
/// day (past, locked, beyond the horizon, plain-meal limit) refuses the whole change.
/// Answers what changed ("Pasto disdetto per 3 giorni.").
pub async fn change(
    caller: &Caller,
    change: &Change,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (ctx, tenant) = (&caller.ctx, &caller.tenant);
    let policy = &tenant.booking_policy();
    let (from, to, pupil_id) = (change.from.date(), change.to.date(), &change.pupil);
    let (booker, _) = booker(caller, policy.today(now)).await?;
    may_book(&booker, pupil_id.as_str()).map_err(|_| AppError::NotFound)?;
    let days = days_of(from, to).map_err(|e| AppError::BadRequest(e.to_string()))?;
    if days.len() > MAX_RANGE_DAYS {
        return Err(AppError::BadRequest(format!(
            "Si possono modificare al massimo {MAX_RANGE_DAYS} giorni alla volta."
        )));
    }
    let calendar = bookings::class_calendar(&ctx.db, &tenant.id, pupil_id, from).await?;
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
    let status = match change.action {
        BookingAction::Cancel => Some(DayStatus::Cancelled),
        BookingAction::Restore => None,
        BookingAction::Plain => {
            let around_from = from - chrono::Duration::days(31);
            let around_to = to + chrono::Duration::days(31);
            let mut plain: BTreeSet<NaiveDate> =
                bookings::changes(&ctx.db, &tenant.id, pupil_id, around_from, around_to)
                    .await?
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
        caller.fiscal_code().as_str(),
        now,
    )
    .await?;
    Ok(change.action.done(canteen.len()))
}

/// How the tutore's canteen credit covers the coming canteen days of all their pupils
/// (siblings together, each at their own price today): `None` for a delegate, or a
/// person who is no tutore.
pub async fn credit_forecast(
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<Option<CreditForecast>, AppError> {
    let (ctx, tenant, me) = (&caller.ctx, &caller.tenant, &caller.me);
    if !me.has(Role::Family) {
        return Ok(None);
    }
    let today = tenant.booking_policy().today(now);
    let Some(guardian_id) =
        personal::guardian_id(&ctx.db, &tenant.id, &me.user.fiscal_code).await?
    else {
        return Ok(None);
    };
    let prices = tariffs::meal_prices(&ctx.db, &tenant.id, today, Some(&guardian_id)).await?;
    if prices.is_empty() {
        return Ok(None);
    }
    let balance = ledger::accounts_of_guardian(&ctx.db, &tenant.id, &me.user.fiscal_code)
        .await?
        .iter()
        .filter(|a| a.prepaid)
        .map(|a| a.balance.cents())
        .sum::<i64>();
    // Today's meals are still to come until the day is closed.
    let first = if closure::is_closed(&ctx.db, tenant, today).await? {
        today.succ_opt().unwrap_or(today)
    } else {
        today
    };
    let mut cost_by_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for (pupil, price) in &prices {
        let pupil = &PupilId::from_db(pupil.clone());
        let Some(calendar) = bookings::class_calendar(&ctx.db, &tenant.id, pupil, first).await?
        else {
            continue;
        };
        let cancelled =
            bookings::changes(&ctx.db, &tenant.id, pupil, first, calendar.last_day).await?;
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
