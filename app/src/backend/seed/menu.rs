//! The demo schools' winter menu: four weeks, Monday to Friday, with the variants the
//! kitchen prepares for the diets of the demo pupils.

use crate::domain::menus::{DietVariant, Menu, MenuDay, MenuError};

/// (first course, second course, side) of each weekday, week by week.
const WEEKS: [[(&str, &str, &str); 5]; 4] = [
    [
        ("Pasta al pomodoro", "Frittata al forno", "Carote julienne"),
        (
            "Risotto alla zucca",
            "Petto di pollo al limone",
            "Fagiolini",
        ),
        (
            "Minestrone di verdure",
            "Polpette di manzo al sugo",
            "Patate al forno",
        ),
        (
            "Pasta al pesto",
            "Filetto di merluzzo gratinato",
            "Insalata mista",
        ),
        (
            "Pizza margherita",
            "Prosciutto cotto",
            "Finocchi in insalata",
        ),
    ],
    [
        ("Pasta e lenticchie", "Mozzarella", "Pomodori"),
        (
            "Gnocchi al pomodoro",
            "Arrosto di tacchino",
            "Spinaci all'olio",
        ),
        (
            "Passato di verdure con crostini",
            "Bocconcini di pollo",
            "Piselli",
        ),
        (
            "Pasta alla norma",
            "Platessa impanata al forno",
            "Insalata verde",
        ),
        ("Risotto alla parmigiana", "Uovo sodo", "Carote al vapore"),
    ],
    [
        ("Pasta al ragù", "Formaggio Asiago", "Zucchine trifolate"),
        (
            "Crema di legumi con pastina",
            "Scaloppine di pollo",
            "Patate lesse",
        ),
        (
            "Pasta al tonno",
            "Frittata alle verdure",
            "Insalata di cavolo cappuccio",
        ),
        ("Lasagne al forno", "Bastoncini di pesce", "Bieta all'olio"),
        ("Riso e piselli", "Polpettone di tacchino", "Pomodori"),
    ],
    [
        (
            "Pasta alle zucchine",
            "Hamburger di manzo",
            "Insalata mista",
        ),
        ("Minestra di orzo", "Ricotta", "Finocchi gratinati"),
        (
            "Pasta ai ceci",
            "Cotoletta di pollo al forno",
            "Carote al vapore",
        ),
        (
            "Risotto ai funghi",
            "Filetto di nasello al pomodoro",
            "Fagiolini",
        ),
        (
            "Pasta al pomodoro e basilico",
            "Frittata al formaggio",
            "Insalata verde",
        ),
    ],
];

const FRUIT: &str = "Pane e frutta di stagione";
const CELIAC: &str = "Dieta per celiachia";
const LACTOSE_FREE: &str = "Senza lattosio";

/// Cheese or milk in a dish: the lactose-free variant replaces it.
fn has_dairy(dish: &str) -> bool {
    [
        "Mozzarella",
        "formaggio",
        "Formaggio",
        "Ricotta",
        "parmigiana",
        "gratinat",
        "Lasagne",
        "Pizza",
    ]
    .iter()
    .any(|w| dish.contains(w))
}

pub fn winter_menu() -> Result<Menu, MenuError> {
    let mut days = Vec::new();
    for (w, week) in (1u8..).zip(WEEKS.iter()) {
        for (weekday, (first, second, side)) in (1u8..).zip(week.iter()) {
            let lactose_free = |dish: &str| {
                if has_dairy(dish) {
                    format!("{dish} (senza latticini)")
                } else {
                    dish.to_string()
                }
            };
            days.push(MenuDay {
                week: w,
                weekday,
                dishes: vec![
                    first.to_string(),
                    second.to_string(),
                    side.to_string(),
                    FRUIT.into(),
                ],
                variants: vec![
                    DietVariant {
                        diet: CELIAC.into(),
                        dishes: vec![
                            format!("{first} (senza glutine)"),
                            format!("{second} (senza glutine)"),
                            side.to_string(),
                            "Pane senza glutine e frutta di stagione".into(),
                        ],
                    },
                    DietVariant {
                        diet: LACTOSE_FREE.into(),
                        dishes: vec![
                            lactose_free(first),
                            lactose_free(second),
                            side.to_string(),
                            FRUIT.into(),
                        ],
                    },
                ],
            });
        }
    }
    Menu::new(Menu {
        name: "Menù invernale".into(),
        weeks: 4,
        days,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_menu_is_valid_and_covers_every_school_day() {
        let menu = super::winter_menu().expect("valid");
        assert_eq!(menu.days.len(), 20);
        assert!(menu.days.iter().all(|d| d.variants.len() == 2));
    }
}
