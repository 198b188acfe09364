//! The Italian school calendar's fixed points: national holidays (Easter Monday included)
//! and what kind of day a date is for a class's canteen.

use chrono::{Datelike, NaiveDate, Weekday};

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
    /// The Ente's own closures and holidays, with their reason.
    pub closures: Vec<(NaiveDate, String)>,
}

impl ClassCalendar {
    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        if date < self.first_day || date > self.last_day {
            return DayKind::NoService;
        }
        if let Some(name) = national_holiday(date) {
            return DayKind::Holiday(name.to_string());
        }
        if let Some((_, reason)) = self.closures.iter().find(|(d, _)| *d == date) {
            return DayKind::Closure(reason.clone());
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
            closures: vec![(d(2026, 12, 10), "Sciopero".into())],
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
        assert_eq!(cal.day_kind(d(2026, 9, 10)), DayKind::NoService); // before the year
        assert_eq!(cal.day_kind(d(2027, 6, 10)), DayKind::NoService); // after it
    }
}
