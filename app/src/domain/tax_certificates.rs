//! The yearly certificate of school-service expenses (attestazione per il 730): what a
//! tutore paid in a calendar year, per pupil. Fees belong to their pupil; a canteen top-up
//! pays the family wallet, so each year's top-ups are shared among the pupils in proportion
//! to the meals they had that year (equally when nobody ate), to the cent.

use crate::domain::money::Money;

/// Splits `total` by `weights` (non-negative) so that the shares add up exactly to the
/// total: each gets its floor, the cents left go to the largest remainders (then the first).
pub fn allocate(total: Money, weights: &[i64]) -> Vec<Money> {
    if weights.is_empty() {
        return Vec::new();
    }
    let positive: i64 = weights.iter().map(|w| (*w).max(0)).sum();
    let weights: Vec<i128> = if positive == 0 {
        vec![1; weights.len()]
    } else {
        weights.iter().map(|w| i128::from((*w).max(0))).collect()
    };
    let sum: i128 = weights.iter().sum();
    let cents = i128::from(total.cents());
    let mut shares: Vec<i128> = weights.iter().map(|w| cents * w / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse((cents * weights[*i]) % sum));
    let mut left = cents - shares.iter().sum::<i128>();
    for i in order {
        if left <= 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    shares
        .into_iter()
        .map(|s| Money::from_cents(i64::try_from(s).unwrap_or(i64::MAX)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(v: &[Money]) -> Vec<i64> {
        v.iter().map(|m| m.cents()).collect()
    }

    #[test]
    fn shares_follow_the_meals_and_add_up_exactly() {
        // 100.00 € of top-ups, meals worth 400 and 200: two thirds and one third.
        assert_eq!(
            cents(&allocate(Money::from_cents(10_000), &[400, 200])),
            [6_667, 3_333]
        );
        // Three equal pupils: the odd cent goes to the first.
        assert_eq!(
            cents(&allocate(Money::from_cents(100), &[1, 1, 1])),
            [34, 33, 33]
        );
        // Nobody ate: equal shares.
        assert_eq!(
            cents(&allocate(Money::from_cents(5_000), &[0, 0])),
            [2_500, 2_500]
        );
        assert_eq!(cents(&allocate(Money::from_cents(999), &[0, 5])), [0, 999]);
        assert!(allocate(Money::from_cents(10), &[]).is_empty());
        for total in [0, 1, 7, 12_345, 999_999] {
            for w in [
                vec![3, 7],
                vec![1, 1, 1],
                vec![547, 274, 274],
                vec![0, 9, 0],
            ] {
                let shares = allocate(Money::from_cents(total), &w);
                assert_eq!(
                    shares.iter().map(|m| m.cents()).sum::<i64>(),
                    total,
                    "{total} {w:?}"
                );
            }
        }
    }
}
