//! What the office's menu editor exchanges with the server: a school's menus in effect and
//! scheduled, and a new version as the form posts it (dishes typed one per line).

use crate::domain::date::Day;
use crate::domain::ids::SchoolId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenusView {
    /// The Ente's schools in service, as (id, name).
    pub schools: Vec<(SchoolId, String)>,
    pub school: SchoolId,
    pub school_name: String,
    pub today: Day,
    /// The menu in effect today (if any), then those that start later.
    pub versions: Vec<MenuVersionView>,
    /// A copy of the latest menu, from tomorrow: the starting point of a new version.
    pub draft: MenuDraft,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuVersionView {
    /// "14/09/2026".
    pub valid_from: String,
    pub current: bool,
    pub name: String,
    pub weeks: u8,
    pub days: Vec<MenuDayView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuDayView {
    pub week: u8,
    /// "Lunedì".
    pub weekday: String,
    pub dishes: Vec<String>,
    /// (diet, dishes) of the day's variants.
    pub variants: Vec<(String, Vec<String>)>,
}

/// A new version of a school's menu, as the editor posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuDraft {
    /// "2026-12-10".
    pub valid_from: String,
    pub name: String,
    pub weeks: u8,
    #[serde(default)]
    pub cells: Vec<MenuCell>,
}

/// One weekday of one week of the cycle: the dishes, one per line (empty: no menu that day),
/// and one text per diet of `domain::menus::DIETS`, in that order (empty: no variant).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuCell {
    pub week: u8,
    pub weekday: u8,
    #[serde(default)]
    pub dishes: String,
    #[serde(default)]
    pub variants: Vec<String>,
}

/// A school's menu as families print it: the version in effect and those scheduled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuPrint {
    pub school_name: String,
    pub versions: Vec<MenuVersionView>,
}
