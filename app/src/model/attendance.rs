//! What the attendance screens exchange with the server (shared with the browser).

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// dd/mm/yyyy
    pub day_label: String,
    pub after_cutoff: bool,
    /// Late absences are still charged (the Ente's setting).
    pub late_absence_charged: bool,
    pub pupils: Vec<AttendanceRow>,
}
