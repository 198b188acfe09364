//! Fiscal codes of organizations (Enti): 11 digits, the last one a check digit
//! (odd positions summed, even positions doubled and reduced by 9 when above 9).

/// The check digit for the first 10 digits of an organization fiscal code.
pub fn org_check_digit(first10: &str) -> Option<u8> {
    if first10.len() != 10 || !first10.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first10
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                d
            } else if d * 2 > 9 {
                d * 2 - 9
            } else {
                d * 2
            }
        })
        .sum();
    u8::try_from((10 - sum % 10) % 10).ok()
}

/// Checks an organization fiscal code; the error says what is wrong.
pub fn validate_org_fiscal_code(code: &str) -> Result<(), String> {
    if code.len() != 11 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err("must be exactly 11 digits".into());
    }
    let expected = org_check_digit(&code[..10]);
    let given = code.as_bytes().get(10).map(|b| b - b'0');
    if expected == given {
        Ok(())
    } else {
        Err(format!(
            "check digit {} is wrong (expected {})",
            given.unwrap_or_default(),
            expected.unwrap_or_default()
        ))
    }
}

/// True for an 11-digit organization fiscal code with a valid check digit.
pub fn is_valid_org_fiscal_code(code: &str) -> bool {
    validate_org_fiscal_code(code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes() {
        assert!(is_valid_org_fiscal_code("82012345672"));
        assert!(is_valid_org_fiscal_code("83007654326"));
        assert!(is_valid_org_fiscal_code("00000000000"));
        assert!(!is_valid_org_fiscal_code("82012345673"));
        assert!(!is_valid_org_fiscal_code("77777777777"));
        assert!(!is_valid_org_fiscal_code("8201234567"));
        assert!(!is_valid_org_fiscal_code("8201234567a"));
    }
}
