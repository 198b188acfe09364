//! Amounts are integer euro cents everywhere; these only print them.

/// `1.234,56 €`, as Italians read it.
pub fn euro_it(cents: u64) -> String {
    let euros = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02} €", cents % 100)
}

/// `1234.56`, the XML receipt's decimal (stAmount).
pub fn decimal(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(euro_it(2000), "20,00 €");
        assert_eq!(euro_it(5), "0,05 €");
        assert_eq!(euro_it(123_456), "1.234,56 €");
        assert_eq!(euro_it(123_456_789), "1.234.567,89 €");
        assert_eq!(decimal(2000), "20.00");
        assert_eq!(decimal(7), "0.07");
    }
}
