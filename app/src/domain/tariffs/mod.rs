//! Tariffs: which band a family falls in (by ISEE and residence) and what a meal costs,
//! with the sibling discount from the second child. A price list is versioned by the
//! validity dates of its bands (a new list = new rows with the same codes).
//!
//! Rates and percentages are computed with `rust_decimal` and become `Money` cents once,
//! at the end of each computation, rounded half up to the cent (amounts are never
//! negative, so half up and half away from zero agree).

pub mod draft;

use crate::domain::money::Money;
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BandKind {
    /// For ISEE values in (min, max]; an open end has no bound. Exemption = price 0.
    Isee,
    /// Families without an ISEE, and above the top ISEE band.
    Full,
    /// Families not resident in the municipality.
    NonResident,
    /// The personalised tariff: from `price` at ISEE `isee_min` to `price_max` at
    /// `isee_max`, linear in between and clamped outside (see [`personalised_price`]).
    IseeLinear,
}

impl BandKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BandKind::Isee => "isee",
            BandKind::Full => "full",
            BandKind::NonResident => "non_resident",
            BandKind::IseeLinear => "isee_linear",
        }
    }

    pub fn parse(text: &str) -> Option<BandKind> {
        match text {
            "isee" => Some(BandKind::Isee),
            "full" => Some(BandKind::Full),
            "non_resident" => Some(BandKind::NonResident),
            "isee_linear" => Some(BandKind::IseeLinear),
            _ => None,
        }
    }

    /// How the kind reads on the tariffs page.
    pub fn label(self) -> &'static str {
        match self {
            BandKind::Isee => "Fascia ISEE",
            BandKind::Full => "Tariffa intera",
            BandKind::NonResident => "Non residenti",
            BandKind::IseeLinear => "Personalizzata (ISEE lineare)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffBand {
    pub code: String,
    pub label: String,
    pub kind: BandKind,
    pub isee_min: Option<Money>,
    pub isee_max: Option<Money>,
    /// The price of a unit; for the personalised tariff, its lowest price.
    pub price: Money,
    /// The personalised tariff's highest price (`IseeLinear` only).
    pub price_max: Option<Money>,
    /// Discount on the price for the second and every further child (0–100).
    pub sibling_discount_percent: u8,
}

/// The band of a family: a list of one band (e.g. transport) applies to everyone;
/// non-residents pay the non-resident tariff where the Ente has one; an ISEE picks the
/// band whose range holds it (an exemption takes precedence over the personalised
/// tariff), else the personalised tariff where there is one; no ISEE (or one above every
/// band) pays the full tariff.
pub fn band_for(bands: &[TariffBand], isee: Option<Money>, resident: bool) -> Option<&TariffBand> {
    if let [only] = bands {
        return Some(only);
    }
    let of_kind = |k: BandKind| bands.iter().find(|b| b.kind == k);
    if !resident {
        if let Some(b) = of_kind(BandKind::NonResident) {
            return Some(b);
        }
    }
    isee.and_then(|value| {
        bands
            .iter()
            .find(|b| {
                b.kind == BandKind::Isee
                    && b.isee_min.is_none_or(|min| value > min)
                    && b.isee_max.is_none_or(|max| value <= max)
            })
            .or_else(|| of_kind(BandKind::IseeLinear))
    })
    .or_else(|| of_kind(BandKind::Full))
}

/// The band of a subscription now on band `code` under a new list: by the ISEE on file
/// and residence; without an ISEE on file, the band with the same code where the list
/// keeps it (subscriptions made before ISEE values were kept), else as a family without
/// an ISEE.
pub fn band_in_list<'a>(
    list: &'a [TariffBand],
    code: &str,
    isee: Option<Money>,
    resident: bool,
) -> Option<&'a TariffBand> {
    let same = || list.iter().find(|b| b.code == code);
    match isee {
        None => same().or_else(|| band_for(list, None, resident)),
        Some(_) => band_for(list, isee, resident),
    }
}

/// The price of a unit at `band` for a family with `isee`: the band's price, or the
/// personalised tariff (its highest price when no ISEE is on file).
pub fn band_price(band: &TariffBand, isee: Option<Money>) -> Money {
    match (band.kind, band.isee_min, band.isee_max, band.price_max) {
        (BandKind::IseeLinear, Some(lo), Some(hi), Some(top)) => match isee {
            Some(value) => personalised_price(value, (lo, hi), (band.price, top)),
            None => top,
        },
        _ => band.price,
    }
}

/// The ISEE-linear tariff: price = min + (ISEE − ISEE_min) / (ISEE_max − ISEE_min) ×
/// (max − min), with the ISEE clamped to [ISEE_min, ISEE_max], rounded half up to the
/// cent. The product is taken before the division, so a result that falls exactly on half
/// a cent is seen as such.
pub fn personalised_price(
    isee: Money,
    (lo, hi): (Money, Money),
    (min, max): (Money, Money),
) -> Money {
    let cents = |m: Money| Decimal::from(m.cents());
    let span = cents(hi) - cents(lo);
    if span <= Decimal::ZERO {
        return min;
    }
    let above = cents(isee.clamp(lo, hi)) - cents(lo);
    // Checked: the checks on a price list bound ISEE and prices far below an overflow.
    above
        .checked_mul(cents(max) - cents(min))
        .and_then(|product| product.checked_div(span))
        .and_then(|share| cents(min).checked_add(share))
        .map_or(max, to_cents)
}

/// The price of one meal for the child of `rank` among the siblings at the service
/// (0 = the first child, who pays the band's price), rounded to the cent (half up).
pub fn meal_price(price: Money, sibling_discount_percent: u8, rank: usize) -> Money {
    if rank == 0 || sibling_discount_percent == 0 {
        return price;
    }
    let keep = Decimal::from(100 - sibling_discount_percent.min(100)) / Decimal::ONE_HUNDRED;
    Decimal::from(price.cents())
        .checked_mul(keep)
        .map_or(price, to_cents)
}

/// A decimal amount of cents as `Money`, rounded half up to the cent.
fn to_cents(cents: Decimal) -> Money {
    let rounded = cents.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    Money::from_cents(rounded.to_i64().unwrap_or(i64::MAX))
}

/// Orders siblings for the discount: the eldest is the first child; twins by their id,
/// so the order never changes from one day to the next.
pub fn sibling_ranks<'a>(children: &mut [(&'a str, NaiveDate)]) -> Vec<(&'a str, usize)> {
    children.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)));
    children
        .iter()
        .enumerate()
        .map(|(rank, (id, _))| (*id, rank))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn euro(e: i64) -> Option<Money> {
        Some(Money::from_cents(e * 100))
    }

    fn band(
        code: &str,
        kind: BandKind,
        min: Option<Money>,
        max: Option<Money>,
        cents: i64,
    ) -> TariffBand {
        TariffBand {
            code: code.into(),
            label: code.into(),
            kind,
            isee_min: min,
            isee_max: max,
            price: Money::from_cents(cents),
            price_max: None,
            sibling_discount_percent: 50,
        }
    }

    /// Crispiano 2025/26 (DOMAIN.md), with a non-resident tariff.
    fn crispiano() -> Vec<TariffBand> {
        vec![
            band("ESENTE", BandKind::Isee, None, euro(1_000), 0),
            band("F1", BandKind::Isee, euro(1_000), euro(3_000), 100),
            band("F2", BandKind::Isee, euro(3_000), euro(5_000), 200),
            band("F5", BandKind::Isee, euro(15_000), euro(25_000), 500),
            band("INTERA", BandKind::Full, euro(25_000), None, 547),
            band("NONRES", BandKind::NonResident, None, None, 600),
        ]
    }

    fn code(isee: Option<Money>, resident: bool) -> Option<String> {
        band_for(&crispiano(), isee, resident).map(|b| b.code.clone())
    }

    #[test]
    fn bands_by_isee_with_inclusive_upper_bounds() {
        assert_eq!(code(euro(0), true).as_deref(), Some("ESENTE"));
        assert_eq!(code(euro(1_000), true).as_deref(), Some("ESENTE"));
        assert_eq!(
            code(Some(Money::from_cents(100_001)), true).as_deref(),
            Some("F1")
        );
        assert_eq!(code(euro(5_000), true).as_deref(), Some("F2"));
        assert_eq!(code(euro(19_900), true).as_deref(), Some("F5"));
    }

    #[test]
    fn full_tariff_without_isee_above_the_top_band_and_in_gaps() {
        assert_eq!(code(None, true).as_deref(), Some("INTERA"));
        assert_eq!(code(euro(40_000), true).as_deref(), Some("INTERA"));
        // 5,000–15,000 € has no band in this list: the full tariff, never a free meal.
        assert_eq!(code(euro(9_000), true).as_deref(), Some("INTERA"));
    }

    #[test]
    fn non_residents_pay_their_tariff_whatever_the_isee() {
        assert_eq!(code(euro(500), false).as_deref(), Some("NONRES"));
        assert_eq!(code(None, false).as_deref(), Some("NONRES"));
        let without: Vec<_> = crispiano()
            .into_iter()
            .filter(|b| b.kind != BandKind::NonResident)
            .collect();
        assert_eq!(
            band_for(&without, euro(500), false).map(|b| b.code.as_str()),
            Some("ESENTE")
        );
    }

    #[test]
    fn sibling_discount_from_the_second_child_rounded_half_up() {
        let p = Money::from_cents(547);
        assert_eq!(meal_price(p, 50, 0), p);
        assert_eq!(meal_price(p, 50, 1), Money::from_cents(274)); // 2.735 → 2.74
        assert_eq!(meal_price(p, 50, 2), Money::from_cents(274));
        assert_eq!(meal_price(p, 30, 1), Money::from_cents(383)); // 3.829 → 3.83
        assert_eq!(meal_price(p, 0, 3), p);
        assert_eq!(meal_price(p, 100, 1), Money::ZERO);
        assert_eq!(meal_price(Money::ZERO, 50, 1), Money::ZERO);
    }

    #[test]
    fn the_eldest_is_the_first_child_twins_by_id() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let mut kids = vec![
            ("c", d(2019, 5, 1)),
            ("b", d(2016, 1, 1)),
            ("a", d(2019, 5, 1)),
        ];
        assert_eq!(sibling_ranks(&mut kids), vec![("b", 0), ("a", 1), ("c", 2)]);
    }

    /// ISEE 2.000–20.000 € → 1,00–5,00 € a meal; exempt up to 1.000 €; full tariff 5,47 €.
    fn personalised() -> Vec<TariffBand> {
        vec![
            band("ESENTE", BandKind::Isee, None, euro(1_000), 0),
            TariffBand {
                price_max: Some(Money::from_cents(500)),
                ..band("PERS", BandKind::IseeLinear, euro(2_000), euro(20_000), 100)
            },
            band("INTERA", BandKind::Full, None, None, 547),
        ]
    }

    fn personal_price(isee: Option<Money>) -> Option<i64> {
        let bands = personalised();
        band_for(&bands, isee, true).map(|b| band_price(b, isee).cents())
    }

    #[test]
    fn the_personalised_tariff_is_linear_clamped_and_rounded_half_up() {
        assert_eq!(personal_price(euro(1_500)), Some(100), "below ISEE min");
        assert_eq!(personal_price(euro(2_000)), Some(100), "at ISEE min");
        assert_eq!(personal_price(euro(11_000)), Some(300), "half way");
        assert_eq!(personal_price(euro(20_000)), Some(500), "at ISEE max");
        assert_eq!(personal_price(euro(60_000)), Some(500), "above ISEE max");
        // 1 + 5.654,32 / 18.000 × 4 = 2,2565… € → 2,26 €.
        assert_eq!(personal_price(Some(Money::from_cents(765_432))), Some(226));
        // 2.022,50 €: exactly 1,005 € → 1,01 € (half up).
        assert_eq!(personal_price(Some(Money::from_cents(202_250))), Some(101));
        // Just below that half cent: 1,0049… → 1,00 €.
        assert_eq!(personal_price(Some(Money::from_cents(202_249))), Some(100));
    }

    #[test]
    fn an_exemption_wins_over_the_personalised_tariff_and_no_isee_pays_in_full() {
        assert_eq!(personal_price(euro(800)), Some(0), "exempt");
        assert_eq!(
            personal_price(euro(1_000)),
            Some(0),
            "exempt up to its bound"
        );
        assert_eq!(personal_price(None), Some(547), "no ISEE");
        // A personalised band reached without an ISEE on file charges its top price.
        let bands = personalised();
        assert_eq!(band_price(&bands[1], None), Money::from_cents(500));
    }

    #[test]
    fn a_new_list_places_subscriptions_by_isee_or_keeps_their_code() {
        let list = personalised();
        let code =
            |isee, current: &str| band_in_list(&list, current, isee, true).map(|b| b.code.clone());
        assert_eq!(code(euro(12_000), "FASCIA4").as_deref(), Some("PERS"));
        assert_eq!(code(euro(900), "FASCIA1").as_deref(), Some("ESENTE"));
        assert_eq!(code(None, "ESENTE").as_deref(), Some("ESENTE"), "kept");
        assert_eq!(code(None, "FASCIA2").as_deref(), Some("INTERA"), "gone");
    }

    #[test]
    fn a_list_of_one_band_applies_to_everyone() {
        let transport = [band("ANNUALE", BandKind::Full, None, None, 21_000)];
        for (isee, resident) in [(None, true), (euro(500), false), (euro(90_000), true)] {
            assert_eq!(
                band_for(&transport, isee, resident).map(|b| b.code.as_str()),
                Some("ANNUALE")
            );
        }
    }
}
