//! The canteen's booking settings as the office reads and writes them: each value as the
//! form shows it, so the same strings go back and forth.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingSettingsForm {
    /// "09:30".
    pub cutoff: String,
    /// "17:00", or empty: changes open as far ahead as the horizon.
    pub opens_evening_before: String,
    pub horizon_days: String,
    pub plain_meal_max_consecutive: String,
    pub charge_late_absence: bool,
    /// In euro, "50,00".
    pub negative_limit: String,
}
