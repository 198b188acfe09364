//! Prenotazioni: the pupils a person may book for, a month of a pupil's canteen days, and
//! changes (cancel, restore, plain meal) checked by the server against the Ente's rules.

use crate::domain::menu::DayMenu;
use crate::domain::money::Money;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookablePupil {
    pub id: String,
    pub name: String,
    pub class: String,
    pub delegated: bool,
    /// Shown, not changed here: the Ente sets it after a request.
    pub diet: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingInfo {
    pub pupils: Vec<BookablePupil>,
    /// "09:30"
    pub cutoff: String,
    pub horizon_days: u16,
    pub plain_meal_max_consecutive: u8,
    /// Today in the Ente's zone.
    pub today: NaiveDate,
    /// When today's changes close, and the server's clock when it answered (the page
    /// counts down from it, whatever the phone's clock says).
    pub today_cutoff: DateTime<Utc>,
    pub server_now: DateTime<Utc>,
}

#[server(endpoint = "bookings_info")]
pub async fn load_booking_info() -> Result<BookingInfo, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::bookings::booker;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Family, Role::Delegate])?;
            let ctx = app_context()?;
            let policy = tenant.booking_policy();
            let now = Utc::now();
            let today = policy.today(now);
            let (_, pupils) = booker(&ctx, &tenant, &me, today).await?;
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
        .await,
    )
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayState {
    /// No canteen for the class that day (weekend, weekday without canteen, outside the year).
    NoService,
    /// A holiday or closure, with its name.
    Closed(String),
    Present,
    Cancelled,
    Plain,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub state: DayState,
    /// Can still be changed now (not past, not locked, within the horizon).
    pub changeable: bool,
    /// The dishes of the day (canteen days with a menu).
    pub menu: Option<DayMenu>,
}

/// A month (`2026-12`) of a pupil's canteen days, as the server sees them now.
#[server(endpoint = "bookings_month")]
pub async fn load_month(pupil_id: String, month: String) -> Result<Vec<CalendarDay>, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::bookings::{booker, parse_date};
    use crate::backend::context::{app_context, respond};
    use crate::backend::store::bookings::{self, DayStatus};
    use crate::backend::store::menus;
    use crate::domain::booking::{check_day, may_book};
    use crate::domain::calendar::DayKind;
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Family, Role::Delegate])?;
            let ctx = app_context()?;
            let policy = tenant.booking_policy();
            let now = Utc::now();
            let (who, pupils) = booker(&ctx, &tenant, &me, policy.today(now)).await?;
            may_book(&who, &pupil_id).map_err(|_| AppError::NotFound)?;
            let pupil = pupils
                .iter()
                .find(|p| p.id == pupil_id)
                .ok_or(AppError::NotFound)?;
            let menus = menus::of_school(&ctx.db, &tenant.id, &pupil.school_id)
                .await
                .map_err(AppError::internal)?;
            let first = parse_date(&format!("{month}-01"))?;
            let last = first
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .ok_or_else(|| AppError::BadRequest("Mese non valido.".into()))?;
            let calendar = match bookings::class_calendar(&ctx.db, &tenant.id, &pupil_id, first)
                .await
                .map_err(AppError::internal)?
            {
                Some(c) => Some(c),
                None => bookings::class_calendar(&ctx.db, &tenant.id, &pupil_id, last)
                    .await
                    .map_err(AppError::internal)?,
            };
            let changes = bookings::changes(&ctx.db, &tenant.id, &pupil_id, first, last)
                .await
                .map_err(AppError::internal)?;
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
                        menu: (kind == DayKind::Canteen)
                            .then(|| menus.on(date, pupil.diet.as_deref()))
                            .flatten(),
                        date,
                        state,
                    }
                })
                .collect())
        }
        .await,
    )
}

/// Cancels, restores or asks a plain meal for the canteen days from `from` to `to`
/// (`YYYY-MM-DD`; one day when equal): all of them, or none with the reason.
#[server(endpoint = "bookings_change")]
pub async fn change_bookings(
    pupil_id: String,
    from: String,
    to: String,
    action: String,
) -> Result<String, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::bookings::{change, parse_date, Action};
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Family, Role::Delegate])?;
            let ctx = app_context()?;
            let action = match action.as_str() {
                "disdici" => Action::Cancel,
                "ripristina" => Action::Restore,
                "bianco" => Action::Plain,
                _ => {
                    return Err(AppError::BadRequest(
                        "Scegli se disdire, ripristinare o chiedere il pasto in bianco.".into(),
                    ))
                }
            };
            let (from, to) = (parse_date(&from)?, parse_date(&to)?);
            let policy = tenant.booking_policy();
            let n = change(
                &ctx,
                &tenant,
                &me,
                &policy,
                &pupil_id,
                from,
                to,
                action,
                Utc::now(),
            )
            .await?;
            let what = match action {
                Action::Cancel => "disdetto",
                Action::Restore => "ripristinato",
                Action::Plain => "con pasto in bianco",
            };
            Ok(if n == 1 {
                format!("Pasto {what} per 1 giorno.")
            } else {
                format!("Pasto {what} per {n} giorni.")
            })
        }
        .await,
    )
}

/// How far the family's canteen credit goes, at today's prices of all its pupils.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditForecast {
    pub balance: Money,
    /// Canteen days left this month (from today, or tomorrow once today is closed) and
    /// what their meals cost.
    pub month_days: u32,
    pub month_cost: Money,
    /// What the month needs beyond the balance (zero when covered).
    pub month_missing: Money,
    /// The last canteen day the credit pays in full.
    pub lasts_until: Option<NaiveDate>,
    pub covers_school_year: bool,
}

/// The tutore's credit forecast (none for a delegate, who does not see the wallet).
#[server(endpoint = "bookings_credit")]
pub async fn load_credit_forecast() -> Result<Option<CreditForecast>, AppError> {
    use crate::backend::auth::require_role;
    use crate::backend::bookings::credit_forecast;
    use crate::backend::context::{app_context, respond};
    use crate::domain::identity::Role;
    respond(
        async {
            let (tenant, me) = require_role(&[Role::Family, Role::Delegate])?;
            let ctx = app_context()?;
            credit_forecast(&ctx, &tenant, &me, Utc::now()).await
        }
        .await,
    )
}
