//! Dates as Italians read them: `30/09/2024`, `30 settembre 2024`.

use chrono::{Datelike, NaiveDate};

pub fn format_date_it(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `lunedì 7 dicembre 2026`, for calendar days read by a screen reader.
pub fn format_weekday_date_it(date: NaiveDate) -> String {
    const DAYS: [&str; 7] = [
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
    ];
    let day = DAYS[date.weekday().num_days_from_monday() as usize];
    format!("{day} {}", format_date_long_it(date))
}

/// `dicembre 2026`, for a month's heading.
pub fn format_month_it(date: NaiveDate) -> String {
    let long = format_date_long_it(date);
    long.split_once(' ')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or(long)
}

/// `30 settembre 2024`, for headings and news dates.
pub fn format_date_long_it(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    let month = MONTHS[date.month0() as usize];
    format!("{} {month} {}", date.day(), date.year())
}

/// A calendar day as forms and the app send it (`2026-12-07`); anything else is refused
/// while the request is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(NaiveDate);

impl Day {
    pub const REFUSAL: &'static str = "Data non valida: usa il formato gg/mm/aaaa.";

    pub fn parse(text: &str) -> Result<Day, &'static str> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map(Day)
            .map_err(|_| Self::REFUSAL)
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }
}

impl From<NaiveDate> for Day {
    fn from(date: NaiveDate) -> Day {
        Day(date)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// A month of the calendar as the app sends it (`2026-12`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(NaiveDate);

impl Month {
    pub const REFUSAL: &'static str = "Mese non valido.";

    pub fn parse(text: &str) -> Result<Month, &'static str> {
        NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
            .ok()
            .filter(|first| first.checked_add_months(chrono::Months::new(1)).is_some())
            .map(Month)
            .ok_or(Self::REFUSAL)
    }

    pub fn of(date: NaiveDate) -> Month {
        Month(date.with_day(1).unwrap_or(date))
    }

    pub fn first_day(self) -> NaiveDate {
        self.0
    }

    pub fn last_day(self) -> NaiveDate {
        self.0
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(self.0)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m"))
    }
}

macro_rules! text_serde {
    ($name:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(d)?;
                $name::parse(&text)
                    .map_err(|e| serde::de::Error::custom(crate::domain::wire::refusal(e)))
            }
        }
    };
}
text_serde!(Day);
text_serde!(Month);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_seed_guide() {
        let d = NaiveDate::from_ymd_opt(2024, 9, 30).expect("valid date");
        assert_eq!(format_date_it(d), "30/09/2024");
        assert_eq!(format_date_long_it(d), "30 settembre 2024");
        let jan = NaiveDate::from_ymd_opt(2025, 1, 7).expect("valid date");
        assert_eq!(format_date_it(jan), "07/01/2025");
        assert_eq!(format_date_long_it(jan), "7 gennaio 2025");
    }

    #[test]
    fn days_and_months_decode_from_forms_or_refuse_in_italian() {
        let day: Day = serde_json::from_str("\"2026-12-07\"").expect("a day");
        assert_eq!(
            day.date(),
            NaiveDate::from_ymd_opt(2026, 12, 7).expect("valid")
        );
        assert_eq!(
            serde_json::to_string(&day).ok().as_deref(),
            Some("\"2026-12-07\"")
        );
        for bad in ["\"2026-02-30\"", "\"07/12/2026\"", "\"\""] {
            let err = serde_json::from_str::<Day>(bad).expect_err("refused");
            assert_eq!(
                crate::domain::wire::refusal_in(&err.to_string()),
                Some(Day::REFUSAL)
            );
        }
        let month = Month::parse("2024-02").expect("a month");
        assert_eq!(
            month.last_day(),
            NaiveDate::from_ymd_opt(2024, 2, 29).expect("leap")
        );
        assert_eq!(month.to_string(), "2024-02");
        assert_eq!(Month::parse("2024-13"), Err(Month::REFUSAL));
        assert_eq!(Month::of(day.date()).first_day().day(), 1);
    }
}
