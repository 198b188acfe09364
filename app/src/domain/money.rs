//! Money as integer euro cents: exact sums, Italian formatting (`1.234,56 €`).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money {
    cents: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("Importo non valido: scrivi per esempio 20 oppure 20,50.")]
    Malformed,
    #[error("Importo troppo grande.")]
    TooLarge,
}

impl Money {
    pub const ZERO: Money = Money { cents: 0 };

    pub const fn from_cents(cents: i64) -> Self {
        Money { cents }
    }

    pub const fn cents(self) -> i64 {
        self.cents
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.cents.checked_add(other.cents).map(Money::from_cents)
    }

    /// Parses an amount typed by a person in Italian notation: `20`, `20,5`, `20,50`,
    /// `1.234,56`, with or without a trailing `€`. A dot is accepted as the decimal
    /// separator only when it is followed by one or two digits (`20.50`).
    pub fn parse_it(input: &str) -> Result<Money, MoneyError> {
        let s = input.trim().trim_end_matches('€').trim();
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, s),
        };
        let (int_part, frac_part) = split_decimal(s)?;
        let int_digits: String = if int_part.contains('.') {
            // Thousands separators must group by three: 1.234.567
            let mut groups = int_part.split('.');
            let first = groups.next().unwrap_or_default();
            if first.is_empty() || first.len() > 3 {
                return Err(MoneyError::Malformed);
            }
            let mut all = first.to_string();
            for g in groups {
                if g.len() != 3 {
                    return Err(MoneyError::Malformed);
                }
                all.push_str(g);
            }
            all
        } else {
            int_part.to_string()
        };
        if int_digits.is_empty() || !int_digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::Malformed);
        }
        if !frac_part.bytes().all(|b| b.is_ascii_digit()) || frac_part.len() > 2 {
            return Err(MoneyError::Malformed);
        }
        let euros: i64 = int_digits.parse().map_err(|_| MoneyError::TooLarge)?;
        let frac: i64 = match frac_part.len() {
            0 => 0,
            1 => i64::from(frac_part.as_bytes()[0] - b'0') * 10,
            _ => frac_part.parse().map_err(|_| MoneyError::Malformed)?,
        };
        let cents = euros
            .checked_mul(100)
            .and_then(|c| c.checked_add(frac))
            .ok_or(MoneyError::TooLarge)?;
        Ok(Money::from_cents(if negative { -cents } else { cents }))
    }
}

fn split_decimal(s: &str) -> Result<(&str, &str), MoneyError> {
    if let Some((i, f)) = s.split_once(',') {
        if f.contains(',') || f.contains('.') {
            return Err(MoneyError::Malformed);
        }
        return Ok((i, f));
    }
    // "20.50" typed on a keyboard without comma: a single dot followed by 1–2 digits.
    if let Some((i, f)) = s.rsplit_once('.') {
        if !i.contains('.') && (1..=2).contains(&f.len()) {
            return Ok((i, f));
        }
    }
    Ok((s, ""))
}

impl fmt::Display for Money {
    /// `1.234,56 €`, `-3,00 €`: the format families read on Italian receipts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        let euros = (abs / 100).to_string();
        let mut grouped = String::with_capacity(euros.len() + euros.len() / 3);
        for (i, c) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        write!(f, "{sign}{grouped},{:02}\u{a0}€", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_italian() {
        assert_eq!(Money::from_cents(3650).to_string(), "36,50\u{a0}€");
        assert_eq!(Money::from_cents(123_456).to_string(), "1.234,56\u{a0}€");
        assert_eq!(
            Money::from_cents(100_000_000).to_string(),
            "1.000.000,00\u{a0}€"
        );
        assert_eq!(Money::from_cents(5).to_string(), "0,05\u{a0}€");
        assert_eq!(Money::from_cents(-300).to_string(), "-3,00\u{a0}€");
        assert_eq!(
            Money::from_cents(i64::MIN).to_string(),
            "-92.233.720.368.547.758,08\u{a0}€"
        );
    }

    #[test]
    fn parses_what_people_type() {
        for (input, cents) in [
            ("20", 2000),
            ("20,5", 2050),
            ("20,50", 2050),
            (" 20,50 € ", 2050),
            ("1.234,56", 123_456),
            ("20.5", 2050),
            ("0,05", 5),
            ("-3", -300),
        ] {
            assert_eq!(
                Money::parse_it(input),
                Ok(Money::from_cents(cents)),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_malformed_amounts() {
        for input in [
            "", "abc", "20,505", "1.23,00", "12.3456", "20,,5", "1,2,3", "€", "20 euro",
        ] {
            assert_eq!(
                Money::parse_it(input),
                Err(MoneyError::Malformed),
                "{input}"
            );
        }
        assert_eq!(
            Money::parse_it("99999999999999999999"),
            Err(MoneyError::TooLarge)
        );
    }

    #[test]
    fn adds_without_overflowing_silently() {
        assert_eq!(
            Money::from_cents(1).checked_add(Money::from_cents(2)),
            Some(Money::from_cents(3))
        );
        assert_eq!(
            Money::from_cents(i64::MAX).checked_add(Money::from_cents(1)),
            None
        );
    }
}
