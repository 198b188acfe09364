//! Notice numbers (NAV) and IUVs with aux digit 3, the only kind the portal issues:
//! IUV = segregation code (2) + base (13) + check (2); NAV = "3" + IUV (18 digits);
//! check = (the 16-digit number "3" + segregation + base) mod 93, zero-padded.

/// The aux digit the portal uses.
pub const AUX_DIGIT: char = '3';

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The remainder mod 93 of a string of digits (folded, so no overflow whatever its length).
fn mod93(digits: &str) -> u64 {
    digits
        .bytes()
        .fold(0u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 93)
}

/// The two check digits for a segregation code (2 digits) and a base (13 digits).
pub fn iuv_check_digits(segregation: &str, base: &str) -> Option<String> {
    if segregation.len() != 2 || base.len() != 13 || !all_digits(segregation) || !all_digits(base) {
        return None;
    }
    Some(format!(
        "{:02}",
        mod93(&format!("{AUX_DIGIT}{segregation}{base}"))
    ))
}

/// The IUV for a segregation code and a base, e.g. `("02", 2025000000001)` → `02202500000000127`.
pub fn make_iuv(segregation: &str, base: u64) -> Option<String> {
    let base = format!("{base:013}");
    let check = iuv_check_digits(segregation, &base)?;
    Some(format!("{segregation}{base}{check}"))
}

/// The NAV of an IUV.
pub fn nav_of_iuv(iuv: &str) -> String {
    format!("{AUX_DIGIT}{iuv}")
}

/// Checks an IUV (17 digits, valid check digits); the error says what is wrong.
pub fn validate_iuv(iuv: &str) -> Result<(), String> {
    if iuv.len() != 17 || !all_digits(iuv) {
        return Err("must be 17 digits (segregation code, 13-digit base, 2 check digits)".into());
    }
    let (segregation, rest) = iuv.split_at(2);
    let (base, check) = rest.split_at(13);
    match iuv_check_digits(segregation, base) {
        Some(expected) if expected == check => Ok(()),
        Some(expected) => Err(format!(
            "check digits {check} are wrong (aux digit 3: expected {expected})"
        )),
        None => Err("must be 17 digits".into()),
    }
}

/// Checks a NAV (18 digits, aux digit 3, valid check digits).
pub fn validate_nav(nav: &str) -> Result<(), String> {
    if nav.len() != 18 || !all_digits(nav) {
        return Err("must be 18 digits".into());
    }
    if !nav.starts_with(AUX_DIGIT) {
        return Err("must start with the aux digit 3".into());
    }
    validate_iuv(&nav[1..])
}

/// The IUV inside a valid NAV.
pub fn iuv_of_nav(nav: &str) -> Option<&str> {
    validate_nav(nav).ok().map(|()| &nav[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example() {
        assert_eq!(
            iuv_check_digits("02", "2025000000001").as_deref(),
            Some("27")
        );
        let iuv = make_iuv("02", 2_025_000_000_001).unwrap_or_default();
        assert_eq!(iuv, "02202500000000127");
        assert_eq!(nav_of_iuv(&iuv), "302202500000000127");
        assert_eq!(validate_nav("302202500000000127"), Ok(()));
        assert_eq!(iuv_of_nav("302202500000000127"), Some("02202500000000127"));
    }

    #[test]
    fn refuses_bad_numbers() {
        assert!(validate_nav("302202500000000128").is_err());
        assert!(validate_nav("002202500000000127").is_err());
        assert!(validate_nav("30220250000000012").is_err());
        assert!(validate_nav("30220250000000012a").is_err());
        assert!(validate_iuv("0220250000000012").is_err());
        // A sample from pagoPA's own docs that does not pass the check.
        assert!(validate_nav("302012387654312384").is_err());
    }

    #[test]
    fn check_digits_are_zero_padded() {
        // Find a base whose check is below 10 and make sure it is printed on two digits.
        let iuv = (0..200u64)
            .filter_map(|b| make_iuv("01", b))
            .find(|iuv| iuv.ends_with("00") || iuv[15..].starts_with('0'));
        let iuv = iuv.unwrap_or_default();
        assert_eq!(iuv.len(), 17);
        assert_eq!(validate_iuv(&iuv), Ok(()));
    }
}
