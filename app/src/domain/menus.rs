//! A school's rotating menu: a cycle of weeks starting on the Monday of the week the menu
//! takes effect, the dishes of each weekday, and the variants for the diets the kitchen
//! prepares. Built only through [`Menu::new`], so a stored menu is always well formed.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub const MAX_WEEKS: u8 = 8;
/// The diets a menu has variants for, as written on pupils' records and in the forms;
/// the plain meal is the variant of a day booked "in bianco".
pub const DIETS: [&str; 5] = [
    "Dieta per celiachia",
    "Senza lattosio",
    "Senza carne di maiale",
    "Vegetariana",
    PLAIN_MEAL,
];
pub const PLAIN_MEAL: &str = "Pasto in bianco";
/// Italian weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "Lunedì",
    "Martedì",
    "Mercoledì",
    "Giovedì",
    "Venerdì",
    "Sabato",
    "Domenica",
];

/// Dishes as the office types them, one per line (blank lines do not count).
pub fn dishes_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}
const MAX_DISHES: usize = 12;
const MAX_DISH_CHARS: usize = 120;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuDay {
    /// 1 … the menu's number of weeks.
    pub week: u8,
    /// ISO weekday: 1 Monday … 7 Sunday.
    pub weekday: u8,
    pub dishes: Vec<String>,
    #[serde(default)]
    pub variants: Vec<DietVariant>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DietVariant {
    /// As written on the pupil's record (e.g. "Dieta per celiachia").
    pub diet: String,
    pub dishes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Menu {
    pub name: String,
    pub weeks: u8,
    pub days: Vec<MenuDay>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MenuError {
    #[error("Il menù deve avere un nome.")]
    NoName,
    #[error("Il menù ruota su 1–{MAX_WEEKS} settimane.")]
    Weeks,
    #[error("Settimana {0}: fuori dal ciclo del menù.")]
    Week(u8),
    #[error("Giorno della settimana {0} non valido (1 = lunedì … 7 = domenica).")]
    Weekday(u8),
    #[error("Settimana {0}, giorno {1}: indicato due volte.")]
    Repeated(u8, u8),
    #[error("Settimana {0}, giorno {1}: da 1 a {MAX_DISHES} piatti, ciascuno di al massimo {MAX_DISH_CHARS} caratteri.")]
    Dishes(u8, u8),
}

/// What a pupil eats on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayMenu {
    pub dishes: Vec<String>,
    /// The dishes are the variant for the pupil's diet.
    pub diet_variant: bool,
}

impl Menu {
    pub fn new(menu: Menu) -> Result<Menu, MenuError> {
        if menu.name.trim().is_empty() {
            return Err(MenuError::NoName);
        }
        if menu.weeks == 0 || menu.weeks > MAX_WEEKS {
            return Err(MenuError::Weeks);
        }
        let dishes_ok = |dishes: &[String]| {
            (1..=MAX_DISHES).contains(&dishes.len())
                && dishes
                    .iter()
                    .all(|d| !d.trim().is_empty() && d.chars().count() <= MAX_DISH_CHARS)
        };
        let mut seen = std::collections::BTreeSet::new();
        for d in &menu.days {
            if d.week == 0 || d.week > menu.weeks {
                return Err(MenuError::Week(d.week));
            }
            if !(1..=7).contains(&d.weekday) {
                return Err(MenuError::Weekday(d.weekday));
            }
            if !seen.insert((d.week, d.weekday)) {
                return Err(MenuError::Repeated(d.week, d.weekday));
            }
            if !dishes_ok(&d.dishes) || !d.variants.iter().all(|v| dishes_ok(&v.dishes)) {
                return Err(MenuError::Dishes(d.week, d.weekday));
            }
        }
        Ok(menu)
    }

    /// The week of the cycle (1-based) that `day` falls in, for a menu in effect from
    /// `starts`; `None` before it starts.
    pub fn week_of(&self, starts: NaiveDate, day: NaiveDate) -> Option<u8> {
        if day < starts {
            return None;
        }
        let monday =
            starts - chrono::Duration::days(i64::from(starts.weekday().num_days_from_monday()));
        let weeks = (day - monday).num_days() / 7;
        u8::try_from(weeks % i64::from(self.weeks))
            .ok()
            .map(|w| w + 1)
    }

    /// The dishes of `day` for a pupil with `diet` (the diet's variant when the menu has
    /// one for that day).
    pub fn on(&self, starts: NaiveDate, day: NaiveDate, diet: Option<&str>) -> Option<DayMenu> {
        let week = self.week_of(starts, day)?;
        let weekday = u8::try_from(day.weekday().number_from_monday()).ok()?;
        let entry = self
            .days
            .iter()
            .find(|d| d.week == week && d.weekday == weekday)?;
        let variant = diet.and_then(|diet| entry.variants.iter().find(|v| v.diet == diet));
        Some(match variant {
            Some(v) => DayMenu {
                dishes: v.dishes.clone(),
                diet_variant: true,
            },
            None => DayMenu {
                dishes: entry.dishes.clone(),
                diet_variant: false,
            },
        })
    }
}

/// A school's menus over time: each in effect from its date until the next one's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MenuHistory {
    /// Sorted by date.
    pub versions: Vec<(NaiveDate, Menu)>,
}

impl MenuHistory {
    pub fn on(&self, day: NaiveDate, diet: Option<&str>) -> Option<DayMenu> {
        let (starts, menu) = self.versions.iter().rev().find(|(from, _)| *from <= day)?;
        menu.on(*starts, day, diet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn day(week: u8, weekday: u8, dish: &str) -> MenuDay {
        MenuDay {
            week,
            weekday,
            dishes: vec![dish.into(), "Frutta".into()],
            variants: vec![DietVariant {
                diet: "Dieta per celiachia".into(),
                dishes: vec![format!("{dish} senza glutine")],
            }],
        }
    }

    fn menu() -> Menu {
        Menu::new(Menu {
            name: "Invernale".into(),
            weeks: 4,
            days: vec![
                day(1, 1, "Pasta al pomodoro"),
                day(2, 1, "Risotto"),
                day(4, 3, "Minestrone"),
            ],
        })
        .expect("valid menu")
    }

    #[test]
    fn weeks_rotate_from_the_monday_of_the_first_week() {
        let m = menu();
        // In effect from Wednesday 2026-09-16: that week is week 1 from its Monday (14th).
        let starts = d(2026, 9, 16);
        assert_eq!(m.week_of(starts, d(2026, 9, 15)), None);
        assert_eq!(m.week_of(starts, d(2026, 9, 16)), Some(1));
        assert_eq!(m.week_of(starts, d(2026, 9, 21)), Some(2));
        assert_eq!(m.week_of(starts, d(2026, 10, 11)), Some(4));
        assert_eq!(m.week_of(starts, d(2026, 10, 12)), Some(1));
        let mon = m.on(starts, d(2026, 10, 12), None).expect("week 1 Monday");
        assert_eq!(mon.dishes[0], "Pasta al pomodoro");
        assert_eq!(
            m.on(starts, d(2026, 9, 21), None)
                .map(|x| x.dishes[0].clone())
                .as_deref(),
            Some("Risotto")
        );
        // No dishes for week 1 Tuesday.
        assert_eq!(m.on(starts, d(2026, 10, 13), None), None);
    }

    #[test]
    fn diets_get_their_variant_or_the_standard_menu() {
        let m = menu();
        let starts = d(2026, 9, 14);
        let celiac = m
            .on(starts, d(2026, 9, 14), Some("Dieta per celiachia"))
            .expect("menu");
        assert!(celiac.diet_variant);
        assert_eq!(
            celiac.dishes,
            vec!["Pasta al pomodoro senza glutine".to_string()]
        );
        let other = m
            .on(starts, d(2026, 9, 14), Some("Senza lattosio"))
            .expect("menu");
        assert!(!other.diet_variant);
        assert_eq!(other.dishes.len(), 2);
    }

    #[test]
    fn a_new_menu_replaces_the_old_one_from_its_date() {
        let mut spring = menu();
        spring.days[0].dishes[0] = "Pasta al pesto".into();
        let history = MenuHistory {
            versions: vec![(d(2026, 9, 14), menu()), (d(2027, 3, 1), spring)],
        };
        let first = |day| history.on(day, None).map(|m| m.dishes[0].clone());
        assert_eq!(first(d(2026, 9, 7)), None);
        // 1 February 2027 is 20 weeks after the start: week 1 again.
        assert_eq!(first(d(2027, 2, 1)).as_deref(), Some("Pasta al pomodoro"));
        assert_eq!(first(d(2027, 3, 1)).as_deref(), Some("Pasta al pesto"));
    }

    #[test]
    fn dishes_are_typed_one_per_line() {
        assert_eq!(
            dishes_of(" Pasta al pomodoro \r\n\n Frutta\n"),
            vec!["Pasta al pomodoro".to_string(), "Frutta".to_string()]
        );
        assert!(dishes_of(" \n ").is_empty());
        assert!(DIETS.contains(&PLAIN_MEAL));
    }

    #[test]
    fn malformed_menus_are_refused() {
        let base = menu();
        let with = |f: &dyn Fn(&mut Menu)| {
            let mut m = base.clone();
            f(&mut m);
            Menu::new(m)
        };
        assert_eq!(with(&|m| m.weeks = 0), Err(MenuError::Weeks));
        assert_eq!(with(&|m| m.weeks = 9), Err(MenuError::Weeks));
        assert_eq!(with(&|m| m.name = " ".into()), Err(MenuError::NoName));
        assert_eq!(
            with(&|m| m.days.push(day(5, 1, "x"))),
            Err(MenuError::Week(5))
        );
        assert_eq!(
            with(&|m| m.days.push(day(1, 8, "x"))),
            Err(MenuError::Weekday(8))
        );
        assert_eq!(
            with(&|m| m.days.push(day(1, 1, "x"))),
            Err(MenuError::Repeated(1, 1))
        );
        assert_eq!(
            with(&|m| m.days[0].dishes.clear()),
            Err(MenuError::Dishes(1, 1))
        );
        assert_eq!(
            with(&|m| m.days[0].variants[0].dishes = vec!["y".repeat(121)]),
            Err(MenuError::Dishes(1, 1))
        );
    }
}
