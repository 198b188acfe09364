//! The school year, as schools write it ("2026/2027"): from September to the next August.

use chrono::{Datelike, NaiveDate};

/// A school year, known by the calendar year it starts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchoolYear(i32);

/// Why a written school year is refused.
pub const REFUSAL: &str = "Anno scolastico non valido: scrivilo come 2027/2028.";

impl SchoolYear {
    /// Two consecutive four-digit years of this millennium, "2026/2027".
    pub fn parse(text: &str) -> Result<SchoolYear, &'static str> {
        let (first, second) = text.trim().split_once('/').ok_or(REFUSAL)?;
        let year = |s: &str| {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i32>().ok())
                .flatten()
        };
        match (year(first), year(second)) {
            (Some(a), Some(b)) if b == a + 1 && (2000..3000).contains(&a) => Ok(SchoolYear(a)),
            _ => Err(REFUSAL),
        }
    }

    /// The school year a day falls in: it changes on the 1st of September.
    pub fn of(day: NaiveDate) -> SchoolYear {
        SchoolYear(if day.month() >= 9 {
            day.year()
        } else {
            day.year() - 1
        })
    }

    /// The calendar year it starts in.
    pub fn start(self) -> i32 {
        self.0
    }

    pub fn next(self) -> SchoolYear {
        SchoolYear(self.0 + 1)
    }

    pub fn label(self) -> String {
        format!("{}/{}", self.0, self.0 + 1)
    }
}

impl std::fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.0, self.0 + 1)
    }
}

impl serde::Serialize for SchoolYear {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label())
    }
}

impl<'de> serde::Deserialize<'de> for SchoolYear {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        SchoolYear::parse(&text)
            .map_err(|e| serde::de::Error::custom(crate::domain::wire::refusal(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_year_is_two_consecutive_years() {
        assert_eq!(
            SchoolYear::parse(" 2027/2028 ").map(SchoolYear::label),
            Ok("2027/2028".into())
        );
        assert_eq!(
            SchoolYear::parse("2026/2027").map(SchoolYear::start),
            Ok(2026)
        );
        for bad in [
            "2026/2028",
            "2026-2027",
            "26/27",
            "2026/27",
            "",
            "abcd/abce",
            "1999/2000",
            "+202/+203",
        ] {
            assert_eq!(SchoolYear::parse(bad), Err(REFUSAL), "{bad}");
        }
    }

    #[test]
    fn the_year_changes_on_the_first_of_september() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).expect("date");
        assert_eq!(SchoolYear::of(d(8, 31)).to_string(), "2026/2027");
        assert_eq!(SchoolYear::of(d(9, 1)).to_string(), "2027/2028");
        assert_eq!(SchoolYear::of(d(9, 1)).next().label(), "2028/2029");
    }
}
