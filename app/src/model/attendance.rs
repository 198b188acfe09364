//! What the attendance screens exchange with the server (shared with the browser).

use crate::domain::date::Day;
use crate::domain::ids::PupilId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub pupil_id: PupilId,
    pub name: String,
    pub school: String,
    pub class: String,
    pub absent_after_cutoff: bool,
}

/// A day the attendance can be shown for, with its label ("martedì 01/12/2026").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceDay {
    pub day: Day,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub day: Day,
    /// dd/mm/yyyy
    pub day_label: String,
    pub is_today: bool,
    pub after_cutoff: bool,
    /// Late absences are still charged (the Ente's setting).
    pub late_absence_charged: bool,
    /// Today and the past week, newest first: the days the page can show.
    pub days: Vec<AttendanceDay>,
    pub pupils: Vec<AttendanceRow>,
}
