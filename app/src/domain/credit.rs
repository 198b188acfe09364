//! The canteen wallet seen ahead: how long the credit lasts at the family's daily cost,
//! and when a debit calls for a message (low, zero, negative, past the Ente's limit).

use crate::domain::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the credit stands, from good to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CreditLevel {
    Enough,
    /// Less than three days of meals left.
    Low,
    Zero,
    /// Below zero, within the Ente's limit.
    Negative,
    /// At or past the Ente's negative limit.
    OverLimit,
}

/// The level of `balance` for a family whose canteen day costs `daily_cost`, with the
/// Ente's negative limit `limit` (a positive amount: 50 € means down to −50 €).
pub fn credit_level(balance: Money, daily_cost: Money, limit: Money) -> CreditLevel {
    let b = balance.cents();
    if b <= -limit.cents() {
        CreditLevel::OverLimit
    } else if b < 0 {
        CreditLevel::Negative
    } else if b == 0 {
        CreditLevel::Zero
    } else if b < daily_cost.cents().saturating_mul(3) {
        CreditLevel::Low
    } else {
        CreditLevel::Enough
    }
}

/// A message for the family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditAlert {
    pub level: CreditLevel,
    pub title: String,
    pub body: String,
}

/// The message due when the day's meals (`daily_cost`) took the balance from `after +
/// daily_cost` to `after`: only when the level got worse, so one message per step down.
pub fn alert_after_debit(
    day: &str,
    after: Money,
    daily_cost: Money,
    limit: Money,
) -> Option<CreditAlert> {
    let before = Money::from_cents(after.cents().saturating_add(daily_cost.cents()));
    let level = credit_level(after, daily_cost, limit);
    if level <= credit_level(before, daily_cost, limit) {
        return None;
    }
    let (title, body) = match level {
        CreditLevel::Enough => return None,
        CreditLevel::Low => (
            "Credito mensa in esaurimento",
            format!(
                "Dopo i pasti del {day} il credito della mensa è di {after}: basta per meno di tre giorni \
                 ({daily_cost} al giorno). Puoi ricaricarlo da Pagamenti."
            ),
        ),
        CreditLevel::Zero => (
            "Credito mensa esaurito",
            format!(
                "Dopo i pasti del {day} il credito della mensa è a zero: i prossimi pasti porteranno il saldo \
                 in negativo. Puoi ricaricarlo da Pagamenti."
            ),
        ),
        CreditLevel::Negative => (
            "Saldo mensa negativo",
            format!(
                "Dopo i pasti del {day} il saldo della mensa è di {after}. Il Comune consente un saldo negativo \
                 fino a -{limit}: ricarica da Pagamenti per non superarlo."
            ),
        ),
        CreditLevel::OverLimit => (
            "Superato il limite del saldo negativo",
            format!(
                "Dopo i pasti del {day} il saldo della mensa è di {after}, oltre il limite di -{limit} consentito \
                 dal Comune. Ricarica al più presto da Pagamenti per regolarizzare la posizione."
            ),
        ),
    };
    Some(CreditAlert {
        level,
        title: title.into(),
        body,
    })
}

/// How far the credit goes over the coming canteen days (each with the cost of that day's
/// meals for all the family's pupils, in order): the last day it pays in full, and
/// whether it pays them all.
pub fn lasts_until(balance: Money, days: &[(NaiveDate, Money)]) -> (Option<NaiveDate>, bool) {
    let mut left = balance.cents();
    let mut last = None;
    for (day, cost) in days {
        if left < cost.cents() {
            return (last, false);
        }
        left -= cost.cents();
        last = Some(*day);
    }
    (last, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EURO: i64 = 100;

    fn m(cents: i64) -> Money {
        Money::from_cents(cents)
    }

    #[test]
    fn levels_follow_three_meals_zero_and_the_limit() {
        let (cost, limit) = (m(6 * EURO), m(50 * EURO));
        assert_eq!(credit_level(m(18 * EURO), cost, limit), CreditLevel::Enough);
        assert_eq!(
            credit_level(m(18 * EURO - 1), cost, limit),
            CreditLevel::Low
        );
        assert_eq!(credit_level(m(1), cost, limit), CreditLevel::Low);
        assert_eq!(credit_level(m(0), cost, limit), CreditLevel::Zero);
        assert_eq!(credit_level(m(-1), cost, limit), CreditLevel::Negative);
        assert_eq!(
            credit_level(m(-50 * EURO + 1), cost, limit),
            CreditLevel::Negative
        );
        assert_eq!(
            credit_level(m(-50 * EURO), cost, limit),
            CreditLevel::OverLimit
        );
    }

    #[test]
    fn a_message_only_when_the_level_gets_worse() {
        let (cost, limit) = (m(4 * EURO), m(50 * EURO));
        // 16 → 12: still three meals.
        assert_eq!(alert_after_debit("1/12", m(12 * EURO), cost, limit), None);
        // 12 → 8: low.
        let low = alert_after_debit("2/12", m(8 * EURO), cost, limit).expect("low");
        assert_eq!(low.level, CreditLevel::Low);
        assert!(low.body.contains("8,00\u{a0}€"), "{}", low.body);
        // 8 → 4: still low, no second message.
        assert_eq!(alert_after_debit("3/12", m(4 * EURO), cost, limit), None);
        assert_eq!(
            alert_after_debit("4/12", m(0), cost, limit).map(|a| a.level),
            Some(CreditLevel::Zero)
        );
        // 2 → −2 skips zero: the negative message.
        assert_eq!(
            alert_after_debit("5/12", m(-2 * EURO), cost, limit).map(|a| a.level),
            Some(CreditLevel::Negative)
        );
        assert_eq!(alert_after_debit("6/12", m(-6 * EURO), cost, limit), None);
        let over = alert_after_debit("7/12", m(-52 * EURO), cost, limit).expect("over");
        assert_eq!(over.level, CreditLevel::OverLimit);
        assert!(over.body.contains("-50,00\u{a0}€"), "{}", over.body);
    }

    #[test]
    fn the_credit_lasts_until_the_last_day_it_pays_in_full() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).unwrap_or_default();
        let days = [
            (d(1), m(600)),
            (d(2), m(600)),
            (d(3), m(400)),
            (d(4), m(600)),
        ];
        assert_eq!(lasts_until(m(1_599), &days), (Some(d(2)), false));
        assert_eq!(lasts_until(m(1_600), &days), (Some(d(3)), false));
        assert_eq!(lasts_until(m(2_200), &days), (Some(d(4)), true));
        assert_eq!(lasts_until(m(599), &days), (None, false));
        assert_eq!(lasts_until(m(-100), &days), (None, false));
        assert_eq!(lasts_until(m(0), &[]), (None, true));
    }
}
