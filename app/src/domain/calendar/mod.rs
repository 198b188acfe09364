//! The Italian school calendar's fixed points: national holidays (Easter Monday included),
//! the Ente's closures, and what kind of day a date is for a class's canteen.

pub mod import;

use crate::domain::date::format_date_it;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The longest closure the office may enter at once (a whole school year is not a closure).
pub const MAX_CLOSURE_DAYS: i64 = 120;
const MAX_REASON_CHARS: usize = 120;

/// Days without canteen decided by the Ente or a school (holidays, strikes, elections):
/// from `first_day` to `last_day`, both included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosurePeriod {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub reason: String,
}

impl ClosurePeriod {
    /// A period as the office enters it, or the Italian sentence that says what is wrong.
    pub fn new(first_day: NaiveDate, last_day: NaiveDate, reason: &str) -> Result<Self, String> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(
                "Scrivi il motivo della chiusura (per esempio «Vacanze di Natale»).".into(),
            );
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(format!(
                "Il motivo è troppo lungo: al massimo {MAX_REASON_CHARS} caratteri."
            ));
        }
        if last_day < first_day {
            return Err(format!(
                "L'ultimo giorno ({}) viene prima del primo ({}).",
                format_date_it(last_day),
                format_date_it(first_day)
            ));
        }
        if (last_day - first_day).num_days() >= MAX_CLOSURE_DAYS {
            return Err(format!(
                "Una chiusura dura al massimo {MAX_CLOSURE_DAYS} giorni: per l'estate basta la fine dell'anno scolastico."
            ));
        }
        Ok(ClosurePeriod {
            first_day,
            last_day,
            reason: reason.to_string(),
        })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first_day <= day && day <= self.last_day
    }

    pub fn overlaps(&self, other: &ClosurePeriod) -> bool {
        self.first_day <= other.last_day && other.first_day <= self.last_day
    }

    /// `23/12/2026 – 06/01/2027`, or the single day.
    pub fn dates_it(&self) -> String {
        if self.first_day == self.last_day {
            format_date_it(self.first_day)
        } else {
            format!(
                "{} – {}",
                format_date_it(self.first_day),
                format_date_it(self.last_day)
            )
        }
    }
}

/// Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The name of the national holiday on `date`, if it is one (the Ente adds its patron
/// saint and its own closures).
pub fn national_holiday(date: NaiveDate) -> Option<&'static str> {
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some("Capodanno"),
        (1, 6) => Some("Epifania"),
        (4, 25) => Some("Festa della Liberazione"),
        (5, 1) => Some("Festa del Lavoro"),
        (6, 2) => Some("Festa della Repubblica"),
        (8, 15) => Some("Ferragosto"),
        (11, 1) => Some("Ognissanti"),
        (12, 8) => Some("Immacolata Concezione"),
        (12, 25) => Some("Natale"),
        (12, 26) => Some("Santo Stefano"),
        _ => None,
    };
    fixed.or_else(|| {
        let easter = easter_sunday(date.year())?;
        if date == easter {
            Some("Pasqua")
        } else if easter.succ_opt() == Some(date) {
            Some("Lunedì dell'Angelo")
        } else {
            None
        }
    })
}

/// Why the office's change to the calendar is refused: the sentence shown next to the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarRefusal {
    UnknownSchool,
    /// Another closure of the same school, or of the whole Ente, covers some of the days
    /// (`school`: its school's name, `None` for the whole Ente).
    Overlaps {
        existing: ClosurePeriod,
        school: Option<String>,
    },
    /// The day is closed: its meals were debited, so it can no longer change.
    DayClosed(NaiveDate),
    NotFound,
    /// The school year is backwards, longer than a year, or overlaps another one.
    BadYear(String),
}

impl CalendarRefusal {
    pub fn message(&self) -> String {
        match self {
            CalendarRefusal::UnknownSchool => {
                "Scuola non trovata: scegline una dall'elenco.".into()
            }
            CalendarRefusal::Overlaps { existing, school } => format!(
                "Si sovrappone alla chiusura «{}» ({}, {}): modifica le date o togli prima quella.",
                existing.reason,
                existing.dates_it(),
                school.as_deref().unwrap_or("tutto l'Ente")
            ),
            CalendarRefusal::DayClosed(day) => format!(
                "Il giorno {} è già stato chiuso e i pasti addebitati: non si può più cambiare.",
                format_date_it(*day)
            ),
            CalendarRefusal::NotFound => "Chiusura non trovata: forse è già stata tolta.".into(),
            CalendarRefusal::BadYear(why) => why.clone(),
        }
    }
}

/// The first and last day of a school year as the office enters them.
pub fn check_school_year(first_day: NaiveDate, last_day: NaiveDate) -> Result<(), CalendarRefusal> {
    if last_day <= first_day || (last_day - first_day).num_days() > 366 {
        return Err(CalendarRefusal::BadYear(
            "L'anno scolastico va dal primo all'ultimo giorno di scuola, in meno di un anno."
                .into(),
        ));
    }
    Ok(())
}

/// What a date is for one class's canteen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// Outside the school year, or a weekday the class has no canteen.
    NoService,
    Holiday(String),
    /// A closure decided by the Ente or the school (strike, elections…).
    Closure(String),
    Canteen,
}

/// The school year of an Ente's school and the weekdays a class eats at school.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassCalendar {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub canteen_weekdays: Vec<Weekday>,
    /// The closures of the Ente and of the class's school.
    pub closures: Vec<ClosurePeriod>,
}

impl ClassCalendar {
    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        if date < self.first_day || date > self.last_day {
            return DayKind::NoService;
        }
        if let Some(name) = national_holiday(date) {
            return DayKind::Holiday(name.to_string());
        }
        if let Some(c) = self.closures.iter().find(|c| c.contains(date)) {
            return DayKind::Closure(c.reason.clone());
        }
        if self.canteen_weekdays.contains(&date.weekday()) {
            DayKind::Canteen
        } else {
            DayKind::NoService
        }
    }

    pub fn is_canteen_day(&self, date: NaiveDate) -> bool {
        self.day_kind(date) == DayKind::Canteen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn easter_dates_are_right() {
        for (year, month, day) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
        ] {
            assert_eq!(easter_sunday(year), Some(d(year, month, day)), "{year}");
        }
    }

    #[test]
    fn national_holidays_include_easter_monday() {
        assert_eq!(national_holiday(d(2026, 4, 6)), Some("Lunedì dell'Angelo"));
        assert_eq!(
            national_holiday(d(2026, 12, 8)),
            Some("Immacolata Concezione")
        );
        assert_eq!(
            national_holiday(d(2026, 6, 2)),
            Some("Festa della Repubblica")
        );
        assert_eq!(national_holiday(d(2026, 12, 9)), None);
    }

    #[test]
    fn a_class_eats_on_its_weekdays_in_the_school_year_except_holidays_and_closures() {
        let cal = ClassCalendar {
            first_day: d(2026, 9, 14),
            last_day: d(2027, 6, 9),
            canteen_weekdays: vec![Weekday::Tue, Weekday::Thu],
            closures: vec![
                ClosurePeriod::new(d(2026, 12, 10), d(2026, 12, 11), "Sciopero").expect("a period"),
            ],
        };
        assert_eq!(cal.day_kind(d(2026, 12, 1)), DayKind::Canteen); // Tuesday
        assert_eq!(cal.day_kind(d(2026, 12, 2)), DayKind::NoService); // Wednesday
        assert_eq!(
            cal.day_kind(d(2026, 12, 8)),
            DayKind::Holiday("Immacolata Concezione".into())
        );
        assert_eq!(
            cal.day_kind(d(2026, 12, 10)),
            DayKind::Closure("Sciopero".into())
        );
        assert_eq!(
            cal.day_kind(d(2026, 12, 11)),
            DayKind::Closure("Sciopero".into())
        );
        assert_eq!(cal.day_kind(d(2026, 12, 15)), DayKind::Canteen); // after it
        assert_eq!(cal.day_kind(d(2026, 9, 10)), DayKind::NoService); // before the year
        assert_eq!(cal.day_kind(d(2027, 6, 10)), DayKind::NoService); // after it
    }

    #[test]
    fn closure_periods_are_checked_as_the_office_enters_them() {
        let natale = ClosurePeriod::new(d(2026, 12, 23), d(2027, 1, 6), " Vacanze di Natale ")
            .expect("valid");
        assert_eq!(natale.reason, "Vacanze di Natale");
        assert_eq!(natale.dates_it(), "23/12/2026 – 06/01/2027");
        assert!(natale.contains(d(2027, 1, 6)) && !natale.contains(d(2027, 1, 7)));
        let ponte = ClosurePeriod::new(d(2027, 1, 6), d(2027, 1, 8), "Ponte").expect("valid");
        let after = ClosurePeriod::new(d(2027, 1, 7), d(2027, 1, 7), "Sciopero").expect("valid");
        assert!(natale.overlaps(&ponte) && ponte.overlaps(&natale));
        assert!(!natale.overlaps(&after));
        assert_eq!(after.dates_it(), "07/01/2027");
        assert!(ClosurePeriod::new(d(2026, 12, 23), d(2026, 12, 22), "x")
            .expect_err("backwards")
            .contains("viene prima"));
        assert!(ClosurePeriod::new(d(2026, 12, 23), d(2026, 12, 23), "  ")
            .expect_err("no reason")
            .contains("motivo"));
        assert!(ClosurePeriod::new(d(2026, 9, 1), d(2027, 6, 30), "Anno")
            .expect_err("too long")
            .contains("120 giorni"));
    }
}
