//! What the school-calendar screen exchanges with the server: a month of one school (or of
//! the whole Ente), the closures, the school years and the report of a file import.

use crate::domain::date::{Day, Month};
use crate::domain::ids::SchoolId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolChoice {
    pub id: SchoolId,
    pub name: String,
}

/// What a day is, as the office reads it in the month view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CalendarDayKind {
    /// Saturday or Sunday.
    Weekend,
    /// Before the first or after the last day of school.
    OutsideYear,
    Holiday(String),
    /// A closure of the Ente or (named) of one school.
    Closure {
        reason: String,
        school: Option<String>,
    },
    School,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: Day,
    pub kind: CalendarDayKind,
    /// Closed by the daily closure: its meals are debited and it can no longer change.
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureRow {
    pub school: Option<SchoolChoice>,
    pub first_day: Day,
    /// "23/12/2026 – 06/01/2027".
    pub dates: String,
    pub reason: String,
    /// Not started yet: the office may take it away.
    pub removable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolYearRow {
    pub school: String,
    pub first_day: Day,
    pub last_day: Day,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarOverview {
    pub month: Month,
    /// The school the month is shown for (`None`: the whole Ente).
    pub school: Option<SchoolId>,
    pub schools: Vec<SchoolChoice>,
    pub days: Vec<CalendarDay>,
    /// Those of the month shown and every later one.
    pub closures: Vec<ClosureRow>,
    pub school_years: Vec<SchoolYearRow>,
    pub today: Day,
}

/// A line of an imported file that was not right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportError {
    /// From 1 (0: the whole file).
    pub line: usize,
    pub message: String,
}

/// What an import of closures did: all of the file, or nothing when `errors` is not empty.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClosureImportReport {
    pub file_name: String,
    pub added: usize,
    /// Already in the calendar with the same dates and reason.
    pub already: usize,
    /// Over before today: not imported.
    pub past: usize,
    pub errors: Vec<ImportError>,
}
