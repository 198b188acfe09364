//! What the bookings screens exchange with the server (shared with the browser).

use crate::domain::date::Day;
use crate::domain::ids::PupilId;
use crate::domain::menus::DayMenu;
use crate::domain::money::Money;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookablePupil {
    pub id: PupilId,
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

crate::domain::wire::choice! {
    /// What a family does to canteen days (the button's value).
    pub enum BookingAction {
        Cancel = "disdici",
        Restore = "ripristina",
        Plain = "bianco",
    }
    refusal = "Scegli se disdire, ripristinare o chiedere il pasto in bianco.";
}

impl BookingAction {
    /// "Pasto disdetto per 3 giorni."
    pub fn done(self, days: usize) -> String {
        let what = match self {
            BookingAction::Cancel => "disdetto",
            BookingAction::Restore => "ripristinato",
            BookingAction::Plain => "con pasto in bianco",
        };
        if days == 1 {
            format!("Pasto {what} per 1 giorno.")
        } else {
            format!("Pasto {what} per {days} giorni.")
        }
    }
}

/// One action over the canteen days of a pupil from `from` to `to` (one day when equal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub pupil: PupilId,
    pub from: Day,
    pub to: Day,
    pub action: BookingAction,
}

impl Change {
    pub fn new(pupil: PupilId, from: Day, to: Day, action: BookingAction) -> Change {
        Change {
            pupil,
            from,
            to,
            action,
        }
    }
}
