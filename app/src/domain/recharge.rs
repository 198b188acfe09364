//! The amount of a wallet top-up, as a family types it, within the Ente's limits.

use crate::domain::money::{Money, MoneyError};
use serde::{Deserialize, Serialize};

/// The smallest and largest top-up the Ente accepts (default 5–500 €).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RechargeLimits {
    pub min: Money,
    pub max: Money,
}

impl Default for RechargeLimits {
    fn default() -> Self {
        RechargeLimits {
            min: Money::from_cents(500),
            max: Money::from_cents(50_000),
        }
    }
}

/// The preset amounts of the recharge dialog.
pub const PRESETS: [Money; 3] = [
    Money::from_cents(1_000),
    Money::from_cents(2_000),
    Money::from_cents(5_000),
];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RechargeError {
    #[error("{0}")]
    Amount(MoneyError),
    #[error("L'importo minimo di una ricarica è {0}.")]
    BelowMinimum(Money),
    #[error("L'importo massimo di una ricarica è {0}.")]
    AboveMaximum(Money),
}

/// A top-up amount within the Ente's limits: only [`parse_recharge`] makes one, so a
/// payment can only be opened for an amount the rules accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RechargeAmount(Money);

impl RechargeAmount {
    pub fn money(self) -> Money {
        self.0
    }
}

/// `20`, `20,5`, `20,50`, `20 €` → 20,50 €, within the limits; anything else is a clear
/// sentence (also `abc`, `-5`, `0`, `1e9` or three decimals).
pub fn parse_recharge(
    input: &str,
    limits: RechargeLimits,
) -> Result<RechargeAmount, RechargeError> {
    let amount = Money::parse_it(input).map_err(RechargeError::Amount)?;
    if amount < limits.min {
        return Err(RechargeError::BelowMinimum(limits.min));
    }
    if amount > limits.max {
        return Err(RechargeError::AboveMaximum(limits.max));
    }
    Ok(RechargeAmount(amount))
}

/// How many meals an amount buys at a price (whole meals only).
pub fn meals_for(amount: Money, price: Money) -> i64 {
    if price.cents() <= 0 {
        return 0;
    }
    amount.cents().max(0) / price.cents()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Money, RechargeError> {
        parse_recharge(s, RechargeLimits::default()).map(RechargeAmount::money)
    }

    #[test]
    fn accepts_what_families_type() {
        assert_eq!(parse("20"), Ok(Money::from_cents(2_000)));
        assert_eq!(parse("20,5"), Ok(Money::from_cents(2_050)));
        assert_eq!(parse("20,50"), Ok(Money::from_cents(2_050)));
        assert_eq!(parse(" 20,50 € "), Ok(Money::from_cents(2_050)));
        assert_eq!(parse("5"), Ok(Money::from_cents(500)));
        assert_eq!(parse("500"), Ok(Money::from_cents(50_000)));
    }

    #[test]
    fn refuses_bad_amounts_with_a_sentence() {
        assert!(matches!(parse("abc"), Err(RechargeError::Amount(_))));
        assert!(matches!(parse("1e9"), Err(RechargeError::Amount(_))));
        assert!(matches!(parse("20,505"), Err(RechargeError::Amount(_))));
        assert!(matches!(parse(""), Err(RechargeError::Amount(_))));
        assert_eq!(
            parse("-5"),
            Err(RechargeError::BelowMinimum(Money::from_cents(500)))
        );
        assert_eq!(
            parse("0"),
            Err(RechargeError::BelowMinimum(Money::from_cents(500)))
        );
        assert_eq!(
            parse("4,99"),
            Err(RechargeError::BelowMinimum(Money::from_cents(500)))
        );
        assert_eq!(
            parse("500,01"),
            Err(RechargeError::AboveMaximum(Money::from_cents(50_000)))
        );
        assert!(matches!(
            parse("99999999999999999999"),
            Err(RechargeError::Amount(MoneyError::TooLarge))
        ));
        assert_eq!(
            parse("0").map_err(|e| e.to_string()),
            Err("L'importo minimo di una ricarica è 5,00\u{a0}€.".to_string())
        );
    }

    #[test]
    fn counts_whole_meals() {
        assert_eq!(
            meals_for(Money::from_cents(2_000), Money::from_cents(547)),
            3
        );
        assert_eq!(
            meals_for(Money::from_cents(2_000), Money::from_cents(500)),
            4
        );
        assert_eq!(meals_for(Money::from_cents(2_000), Money::ZERO), 0);
        assert_eq!(
            meals_for(Money::from_cents(-100), Money::from_cents(500)),
            0
        );
    }
}
