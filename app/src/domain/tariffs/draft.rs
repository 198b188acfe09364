//! A new price list as an operator proposes it: the rows of the form, as typed, checked
//! field by field with an Italian sentence for each field (shown next to it). The page
//! and the server run the same checks.

use super::{BandKind, TariffBand};
use crate::domain::date::{format_date_it, Day};
use crate::domain::forms::FieldError;
use crate::domain::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The code of the personalised (ISEE-linear) band of a list.
pub const PERSONALISED_CODE: &str = "PERSONALIZZATA";
/// More rows than any Ente's list needs: a bound on what a request may ask to write.
pub const MAX_ROWS: usize = 40;
/// Upper bounds that keep every amount far from an overflow in the tariff arithmetic.
const MAX_PRICE: Money = Money::from_cents(1_000_000);
const MAX_ISEE: Money = Money::from_cents(1_000_000_000);

/// One band as typed (amounts in Italian notation). A row with no code, description,
/// price or ISEE is an unused blank row; a row marked `remove` is left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftRow {
    pub code: String,
    pub label: String,
    /// `isee`, `full` or `non_resident`.
    pub kind: String,
    pub isee_min: String,
    pub isee_max: String,
    pub price: String,
    pub discount: String,
    pub remove: bool,
}

impl DraftRow {
    fn is_blank(&self) -> bool {
        [
            &self.code,
            &self.label,
            &self.price,
            &self.isee_min,
            &self.isee_max,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    /// A row showing an existing band, to start a new list from a copy of the current one.
    pub fn of(band: &TariffBand) -> DraftRow {
        let amount = |m: Option<Money>| m.map(plain_amount).unwrap_or_default();
        DraftRow {
            code: band.code.clone(),
            label: band.label.clone(),
            kind: band.kind.as_str().into(),
            isee_min: amount(band.isee_min),
            isee_max: amount(band.isee_max),
            price: plain_amount(band.price),
            discount: band.sibling_discount_percent.to_string(),
            remove: false,
        }
    }
}

/// The personalised tariff as typed: used when `enabled`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinearDraft {
    pub enabled: bool,
    pub isee_min: String,
    pub isee_max: String,
    pub price_min: String,
    pub price_max: String,
    pub discount: String,
}

impl LinearDraft {
    pub fn of(band: &TariffBand) -> LinearDraft {
        let amount = |m: Option<Money>| m.map(plain_amount).unwrap_or_default();
        LinearDraft {
            enabled: true,
            isee_min: amount(band.isee_min),
            isee_max: amount(band.isee_max),
            price_min: plain_amount(band.price),
            price_max: amount(band.price_max),
            discount: band.sibling_discount_percent.to_string(),
        }
    }
}

/// A proposed list: valid from a day (`2027-01-01`), its bands, the personalised tariff.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub valid_from: String,
    pub rows: Vec<DraftRow>,
    pub linear: LinearDraft,
}

impl Draft {
    pub fn new(valid_from: String, rows: Vec<DraftRow>, linear: LinearDraft) -> Draft {
        Draft {
            valid_from,
            rows,
            linear,
        }
    }

    /// A draft starting from a copy of `bands` (the current list), without a date.
    pub fn copy_of(bands: &[TariffBand]) -> Draft {
        let mut draft = Draft::default();
        for band in bands {
            if band.kind == BandKind::IseeLinear {
                draft.linear = LinearDraft::of(band);
            } else {
                draft.rows.push(DraftRow::of(band));
            }
        }
        draft
    }
}

/// A checked list: the day it starts and its bands, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceList {
    pub valid_from: NaiveDate,
    pub bands: Vec<TariffBand>,
}

/// The name of a row's field in the form (`rows[2][price]`), which errors refer to.
pub fn row_field(row: usize, field: &str) -> String {
    format!("rows[{row}][{field}]")
}

pub fn linear_field(field: &str) -> String {
    format!("linear[{field}]")
}

/// An amount as a form shows it for editing: `5,47`, `12400` (no thousands separator,
/// no currency sign).
pub fn plain_amount(m: Money) -> String {
    let cents = m.cents();
    if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{},{:02}", cents / 100, (cents % 100).abs())
    }
}

/// Collects the errors of one draft, each on its field.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: String, message: impl Into<String>) {
        self.0.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// An amount: empty is `None` (or an error when `required`), else ≥ 0 and ≤ `max`.
    fn amount(&mut self, field: String, text: &str, what: Amount) -> Option<Money> {
        if text.trim().is_empty() {
            if what.required {
                self.add(field, what.missing);
            }
            return None;
        }
        match Money::parse_it(text) {
            Ok(m) if m < Money::ZERO => self.add(field, what.negative),
            Ok(m) if m > what.max => {
                self.add(field, format!("L'importo non può superare {}.", what.max))
            }
            Ok(m) => return Some(m),
            Err(e) => self.add(field, e.to_string()),
        }
        None
    }

    fn discount(&mut self, field: String, text: &str) -> u8 {
        match text.trim() {
            "" => 0,
            t => match t.trim_end_matches('%').trim().parse::<u8>() {
                Ok(p) if p <= 100 => p,
                _ => {
                    self.add(
                        field,
                        "Lo sconto dal secondo figlio è una percentuale intera da 0 a 100.",
                    );
                    0
                }
            },
        }
    }
}

#[derive(Clone, Copy)]
struct Amount {
    required: bool,
    missing: &'static str,
    negative: &'static str,
    max: Money,
}

const PRICE: Amount = Amount {
    required: true,
    missing: "Indica il prezzo.",
    negative: "Il prezzo non può essere negativo.",
    max: MAX_PRICE,
};
const ISEE: Amount = Amount {
    required: false,
    missing: "Indica il valore ISEE.",
    negative: "Il valore ISEE non può essere negativo.",
    max: MAX_ISEE,
};

/// Checks a draft for a service whose latest list starts on `latest_start`, on `today`
/// (the Ente's date): the list, or every error on its field.
pub fn check(
    draft: &Draft,
    today: NaiveDate,
    latest_start: Option<NaiveDate>,
) -> Result<PriceList, Vec<FieldError>> {
    let mut errors = Errors::default();
    let valid_from = valid_from(&mut errors, &draft.valid_from, today, latest_start);
    let mut bands: Vec<(usize, TariffBand)> = Vec::new();
    let used: Vec<(usize, &DraftRow)> = draft
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.remove && !r.is_blank())
        .collect();
    if used.len() > MAX_ROWS {
        errors.add(
            "rows".into(),
            format!("Un listino può avere al massimo {MAX_ROWS} fasce."),
        );
    }
    for (i, row) in used.into_iter().take(MAX_ROWS) {
        if let Some(band) = check_row(&mut errors, i, row, &bands) {
            bands.push((i, band));
        }
    }
    let mut bands: Vec<TariffBand> = bands.into_iter().map(|(_, b)| b).collect();
    if draft.linear.enabled {
        if let Some(band) = check_linear(&mut errors, &draft.linear) {
            bands.push(band);
        }
    }
    if errors.0.is_empty() {
        if bands.is_empty() {
            errors.add("rows".into(), "Il listino deve avere almeno una fascia.");
        } else if !bands.iter().any(|b| b.kind == BandKind::Full) {
            errors.add(
                "rows".into(),
                "Il listino deve avere la tariffa intera, per chi non presenta l'ISEE.",
            );
        }
    }
    match (valid_from, errors.0.is_empty()) {
        (Some(valid_from), true) => Ok(PriceList { valid_from, bands }),
        _ => Err(errors.0),
    }
}

fn valid_from(
    errors: &mut Errors,
    text: &str,
    today: NaiveDate,
    latest_start: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let field = || "valid_from".to_string();
    if text.trim().is_empty() {
        errors.add(field(), "Indica da quando vale il nuovo listino.");
        return None;
    }
    let day = match Day::parse(text) {
        Ok(day) => day.date(),
        Err(refusal) => {
            errors.add(field(), refusal);
            return None;
        }
    };
    if day <= today {
        errors.add(
            field(),
            "La decorrenza deve essere una data futura: i prezzi dei giorni già iniziati non cambiano.",
        );
        return None;
    }
    if let Some(latest) = latest_start.filter(|l| day <= *l) {
        errors.add(
            field(),
            format!(
                "La decorrenza deve essere successiva al {}, inizio dell'ultimo listino.",
                format_date_it(latest)
            ),
        );
        return None;
    }
    Some(day)
}

fn check_row(
    errors: &mut Errors,
    i: usize,
    row: &DraftRow,
    before: &[(usize, TariffBand)],
) -> Option<TariffBand> {
    let count = errors.0.len();
    let code = row.code.trim().to_uppercase();
    let field = |name: &str| row_field(i, name);
    if code.is_empty() {
        errors.add(field("code"), "Indica il codice della fascia.");
    } else if code.len() > 20
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        errors.add(
            field("code"),
            "Il codice usa solo lettere senza accenti, cifre e trattini (al massimo 20).",
        );
    } else if code == PERSONALISED_CODE {
        errors.add(
            field("code"),
            format!("Il codice {PERSONALISED_CODE} è riservato alla tariffa personalizzata."),
        );
    } else if before.iter().any(|(_, b)| b.code == code) {
        errors.add(
            field("code"),
            format!("Il codice {code} è già usato da un'altra fascia."),
        );
    }
    let label = row.label.trim();
    if label.is_empty() {
        errors.add(field("label"), "Indica la descrizione della fascia.");
    } else if label.chars().count() > 120 {
        errors.add(
            field("label"),
            "La descrizione è troppo lunga (al massimo 120 caratteri).",
        );
    }
    let kind = match BandKind::parse(row.kind.trim()) {
        Some(k) if k != BandKind::IseeLinear => Some(k),
        _ => {
            errors.add(field("kind"), "Scegli il tipo di fascia.");
            None
        }
    };
    if let Some(k) = kind.filter(|k| *k != BandKind::Isee) {
        if let Some((_, other)) = before.iter().find(|(_, b)| b.kind == k) {
            errors.add(
                field("kind"),
                format!(
                    "Il listino ha già una fascia «{}» ({}).",
                    k.label(),
                    other.code
                ),
            );
        }
    }
    let price = errors.amount(field("price"), &row.price, PRICE);
    let isee_min = errors.amount(field("isee_min"), &row.isee_min, ISEE);
    let isee_max = errors.amount(field("isee_max"), &row.isee_max, ISEE);
    if let (Some(lo), Some(hi)) = (isee_min, isee_max) {
        if hi <= lo {
            errors.add(
                field("isee_max"),
                "Il limite «ISEE fino a» deve essere maggiore di «ISEE oltre».",
            );
        }
    }
    if kind == Some(BandKind::Isee)
        && row.isee_min.trim().is_empty()
        && row.isee_max.trim().is_empty()
    {
        errors.add(
            field("isee_max"),
            "Una fascia ISEE indica almeno un limite: «ISEE oltre» o «ISEE fino a».",
        );
    }
    let sibling_discount_percent = errors.discount(field("discount"), &row.discount);
    if errors.0.len() > count {
        return None;
    }
    let band = TariffBand {
        code,
        label: label.to_string(),
        kind: kind?,
        isee_min,
        isee_max,
        price: price?,
        price_max: None,
        sibling_discount_percent,
    };
    if band.kind == BandKind::Isee {
        if let Some((_, other)) = before
            .iter()
            .find(|(_, b)| b.kind == BandKind::Isee && overlap(&band, b))
        {
            errors.add(
                field("isee_min"),
                format!(
                    "L'intervallo ISEE si sovrappone a quello della fascia {}.",
                    other.code
                ),
            );
            return None;
        }
    }
    Some(band)
}

/// Two ISEE ranges (min, max] (open ends unbounded) share a value.
fn overlap(a: &TariffBand, b: &TariffBand) -> bool {
    let below = |min: Option<Money>, max: Option<Money>| match (min, max) {
        (Some(min), Some(max)) => min < max,
        _ => true,
    };
    below(a.isee_min, b.isee_max) && below(b.isee_min, a.isee_max)
}

fn check_linear(errors: &mut Errors, linear: &LinearDraft) -> Option<TariffBand> {
    let count = errors.0.len();
    let field = linear_field;
    let required = |what: Amount, missing| Amount {
        required: true,
        missing,
        ..what
    };
    let isee_min = errors.amount(
        field("isee_min"),
        &linear.isee_min,
        required(ISEE, "Indica l'ISEE minimo."),
    );
    let isee_max = errors.amount(
        field("isee_max"),
        &linear.isee_max,
        required(ISEE, "Indica l'ISEE massimo."),
    );
    let price_min = errors.amount(
        field("price_min"),
        &linear.price_min,
        required(PRICE, "Indica il prezzo minimo."),
    );
    let price_max = errors.amount(
        field("price_max"),
        &linear.price_max,
        required(PRICE, "Indica il prezzo massimo."),
    );
    if let (Some(lo), Some(hi)) = (isee_min, isee_max) {
        if hi <= lo {
            errors.add(
                field("isee_max"),
                "L'ISEE massimo deve essere maggiore dell'ISEE minimo.",
            );
        }
    }
    if let (Some(lo), Some(hi)) = (price_min, price_max) {
        if hi < lo {
            errors.add(
                field("price_max"),
                "Il prezzo massimo non può essere minore del prezzo minimo.",
            );
        }
    }
    let sibling_discount_percent = errors.discount(field("discount"), &linear.discount);
    if errors.0.len() > count {
        return None;
    }
    let (lo, hi) = (isee_min?, isee_max?);
    Some(TariffBand {
        code: PERSONALISED_CODE.into(),
        label: format!("Tariffa personalizzata (ISEE da {lo} a {hi})"),
        kind: BandKind::IseeLinear,
        isee_min: Some(lo),
        isee_max: Some(hi),
        price: price_min?,
        price_max,
        sibling_discount_percent,
    })
}

/// A list in one line, for the audit log: `ESENTE 0,00 €; F1 1,00 € (−50% fratelli); …`.
pub fn summary(bands: &[TariffBand]) -> String {
    bands
        .iter()
        .map(|b| {
            let price = match b.price_max {
                Some(top) => format!("{}–{}", b.price, top),
                None => b.price.to_string(),
            };
            match b.sibling_discount_percent {
                0 => format!("{} {price}", b.code),
                d => format!("{} {price} (−{d}% fratelli)", b.code),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn row(code: &str, kind: &str, min: &str, max: &str, price: &str) -> DraftRow {
        DraftRow {
            code: code.into(),
            label: format!("Fascia {code}"),
            kind: kind.into(),
            isee_min: min.into(),
            isee_max: max.into(),
            price: price.into(),
            discount: "50".into(),
            remove: false,
        }
    }

    fn draft() -> Draft {
        Draft {
            valid_from: "2027-01-01".into(),
            rows: vec![
                row("esente", "isee", "", "1.000", "0"),
                row("F1", "isee", "1000", "3000", "1,00"),
                row("INTERA", "full", "", "", "5,47"),
                DraftRow::default(),
            ],
            linear: LinearDraft::default(),
        }
    }

    /// Today 3 December 2026; the current list started on 1 September.
    fn run(d: &Draft) -> Result<PriceList, Vec<FieldError>> {
        check(d, day(2026, 12, 3), Some(day(2026, 9, 1)))
    }

    /// The only error of a draft: (field, message).
    fn error(d: &Draft) -> (String, String) {
        let errors = run(d).expect_err("refused");
        assert_eq!(errors.len(), 1, "{errors:?}");
        (errors[0].field.clone(), errors[0].message.clone())
    }

    #[test]
    fn a_good_draft_becomes_a_list_blank_and_removed_rows_left_out() {
        let mut d = draft();
        d.rows.push(DraftRow {
            remove: true,
            ..row("F9", "isee", "", "", "-1")
        });
        let list = run(&d).expect("checked");
        assert_eq!(list.valid_from, day(2027, 1, 1));
        let codes: Vec<&str> = list.bands.iter().map(|b| b.code.as_str()).collect();
        assert_eq!(codes, ["ESENTE", "F1", "INTERA"]);
        assert_eq!(list.bands[0].isee_max, Some(Money::from_cents(100_000)));
        assert_eq!(list.bands[2].price, Money::from_cents(547));
        assert_eq!(list.bands[1].sibling_discount_percent, 50);
    }

    #[test]
    fn a_copy_of_a_list_checks_back_to_the_same_bands() {
        let list = run(&draft()).expect("checked");
        let mut copy = Draft::copy_of(&list.bands);
        copy.valid_from = "2027-02-01".into();
        assert_eq!(run(&copy).expect("checked").bands, list.bands);
    }

    #[test]
    fn each_bad_value_is_explained_on_its_field() {
        let mut d = draft();
        d.rows[1].isee_max = "500".into();
        assert_eq!(
            error(&d),
            (
                row_field(1, "isee_max"),
                "Il limite «ISEE fino a» deve essere maggiore di «ISEE oltre».".into()
            )
        );
        let mut d = draft();
        d.rows[1].isee_min = "800".into();
        assert_eq!(
            error(&d),
            (
                row_field(1, "isee_min"),
                "L'intervallo ISEE si sovrappone a quello della fascia ESENTE.".into()
            )
        );
        let mut d = draft();
        d.rows[1].price = "-1".into();
        assert_eq!(
            error(&d),
            (
                row_field(1, "price"),
                "Il prezzo non può essere negativo.".into()
            )
        );
        let mut d = draft();
        d.rows[2].discount = "120".into();
        assert_eq!(error(&d).0, row_field(2, "discount"));
        let mut d = draft();
        d.rows[2].price = "5,4x".into();
        assert_eq!(
            error(&d).1,
            "Importo non valido: scrivi per esempio 20 oppure 20,50."
        );
        let mut d = draft();
        d.rows[1].code = "ESENTE".into();
        assert_eq!(error(&d).0, row_field(1, "code"));
        let mut d = draft();
        d.rows[1].kind = "full".into();
        assert_eq!(error(&d).0, row_field(2, "kind"), "a second full tariff");
    }

    #[test]
    fn the_start_is_future_and_after_the_latest_list() {
        for (date, message) in [
            ("2026-12-03", "La decorrenza deve essere una data futura: i prezzi dei giorni già iniziati non cambiano."),
            ("2026-06-01", "La decorrenza deve essere una data futura: i prezzi dei giorni già iniziati non cambiano."),
            ("", "Indica da quando vale il nuovo listino."),
            ("01/01/2027", Day::REFUSAL),
        ] {
            let d = Draft {
                valid_from: date.into(),
                ..draft()
            };
            assert_eq!(error(&d), ("valid_from".into(), message.into()), "{date}");
        }
        // A list already scheduled from 1 February: the next one starts later.
        let errors = check(&draft(), day(2026, 12, 3), Some(day(2027, 2, 1))).expect_err("refused");
        assert_eq!(
            errors[0].message,
            "La decorrenza deve essere successiva al 01/02/2027, inizio dell'ultimo listino."
        );
        assert!(check(&draft(), day(2026, 12, 3), None).is_ok());
    }

    #[test]
    fn a_list_needs_bands_and_a_full_tariff() {
        let mut d = draft();
        d.rows.truncate(2);
        assert_eq!(
            error(&d),
            (
                "rows".into(),
                "Il listino deve avere la tariffa intera, per chi non presenta l'ISEE.".into()
            )
        );
        d.rows.clear();
        assert_eq!(error(&d).1, "Il listino deve avere almeno una fascia.");
    }

    fn linear(isee: (&str, &str), price: (&str, &str)) -> Draft {
        Draft {
            linear: LinearDraft {
                enabled: true,
                isee_min: isee.0.into(),
                isee_max: isee.1.into(),
                price_min: price.0.into(),
                price_max: price.1.into(),
                discount: String::new(),
            },
            ..draft()
        }
    }

    #[test]
    fn the_personalised_tariff_is_checked_and_added_to_the_list() {
        let list = run(&linear(("2.000", "20.000"), ("1", "5"))).expect("checked");
        let band = list.bands.last().expect("band");
        assert_eq!(band.code, PERSONALISED_CODE);
        assert_eq!(band.kind, BandKind::IseeLinear);
        assert_eq!(
            (band.price, band.price_max),
            (Money::from_cents(100), Some(Money::from_cents(500)))
        );
        assert_eq!(
            error(&linear(("20000", "20000"), ("1", "5"))),
            (
                linear_field("isee_max"),
                "L'ISEE massimo deve essere maggiore dell'ISEE minimo.".into()
            )
        );
        assert_eq!(
            error(&linear(("2000", "20000"), ("5", "1"))),
            (
                linear_field("price_max"),
                "Il prezzo massimo non può essere minore del prezzo minimo.".into()
            )
        );
        assert_eq!(
            error(&linear(("", "20000"), ("1", "5"))).1,
            "Indica l'ISEE minimo."
        );
        // Unticked, its fields are ignored.
        let mut off = linear(("x", ""), ("", ""));
        off.linear.enabled = false;
        assert!(run(&off).is_ok());
    }

    #[test]
    fn summaries_and_plain_amounts() {
        let list = run(&linear(("2000", "20000"), ("1", "5,5"))).expect("checked");
        assert_eq!(
            summary(&list.bands),
            "ESENTE 0,00\u{a0}€ (−50% fratelli); F1 1,00\u{a0}€ (−50% fratelli); INTERA 5,47\u{a0}€ (−50% fratelli); PERSONALIZZATA 1,00\u{a0}€–5,50\u{a0}€"
        );
        assert_eq!(plain_amount(Money::from_cents(547)), "5,47");
        assert_eq!(plain_amount(Money::from_cents(1_240_000)), "12400");
        assert_eq!(plain_amount(Money::from_cents(5)), "0,05");
    }
}
