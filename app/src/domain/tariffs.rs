//! Tariffs: which band a family falls in (by ISEE and residence) and what a meal costs,
//! with the sibling discount from the second child. A price list is versioned by the
//! validity dates of its bands (a new list = new rows with the same codes).

use crate::domain::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BandKind {
    /// For ISEE values in (min, max]; an open end has no bound. Exemption = price 0.
    Isee,
    /// Families without an ISEE, and above the top ISEE band.
    Full,
    /// Families not resident in the municipality.
    NonResident,
}

impl BandKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BandKind::Isee => "isee",
            BandKind::Full => "full",
            BandKind::NonResident => "non_resident",
        }
    }

    pub fn parse(text: &str) -> Option<BandKind> {
        match text {
            "isee" => Some(BandKind::Isee),
            "full" => Some(BandKind::Full),
            "non_resident" => Some(BandKind::NonResident),
            _ => None,
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
    pub price: Money,
    /// Discount on the price for the second and every further child (0–100).
    pub sibling_discount_percent: u8,
}

/// The band of a family: non-residents pay the non-resident tariff where the Ente has
/// one; an ISEE picks the band whose range holds it; no ISEE (or one above every band)
/// pays the full tariff.
pub fn band_for(bands: &[TariffBand], isee: Option<Money>, resident: bool) -> Option<&TariffBand> {
    let of_kind = |k: BandKind| bands.iter().find(|b| b.kind == k);
    if !resident {
        if let Some(b) = of_kind(BandKind::NonResident) {
            return Some(b);
        }
    }
    isee.and_then(|value| {
        bands.iter().find(|b| {
            b.kind == BandKind::Isee
                && b.isee_min.is_none_or(|min| value > min)
                && b.isee_max.is_none_or(|max| value <= max)
        })
    })
    .or_else(|| of_kind(BandKind::Full))
}

/// The price of one meal for the child of `rank` among the siblings at the service
/// (0 = the first child, who pays the band's price), rounded to the cent (half up).
pub fn meal_price(price: Money, sibling_discount_percent: u8, rank: usize) -> Money {
    if rank == 0 || sibling_discount_percent == 0 {
        return price;
    }
    let keep = i64::from(100 - sibling_discount_percent.min(100));
    Money::from_cents((price.cents() * keep + 50).div_euclid(100))
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
}
