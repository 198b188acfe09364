//! Italian fiscal codes: a person's (16 characters, check letter) and a public body's
//! (11 digits, check digit). Values of these types are always valid.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FiscalCodeError {
    #[error("Il codice fiscale deve avere {0} caratteri.")]
    Length(usize),
    #[error("Il codice fiscale contiene caratteri non ammessi.")]
    Characters,
    #[error("Il codice fiscale non è corretto: il carattere di controllo non corrisponde.")]
    CheckCharacter,
}

/// A person's codice fiscale, upper case, with a verified check letter.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FiscalCode(String);

impl FiscalCode {
    pub fn parse(input: &str) -> Result<Self, FiscalCodeError> {
        let code = input.trim().to_ascii_uppercase();
        if code.chars().count() != 16 {
            return Err(FiscalCodeError::Length(16));
        }
        let bytes = code.as_bytes();
        // Letters where the surname, name, month and town letter go; digits elsewhere,
        // which homocodes (omocodia) may replace with the letters LMNPQRSTUV.
        for (i, &b) in bytes.iter().enumerate() {
            let ok = match i {
                0..=5 | 8 | 11 | 15 => b.is_ascii_uppercase(),
                _ => b.is_ascii_digit() || b"LMNPQRSTUV".contains(&b),
            };
            if !ok {
                return Err(FiscalCodeError::Characters);
            }
        }
        if !b"ABCDEHLMPRST".contains(&bytes[8]) {
            return Err(FiscalCodeError::Characters);
        }
        if person_check_letter(&bytes[..15]) != bytes[15] {
            return Err(FiscalCodeError::CheckCharacter);
        }
        Ok(FiscalCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The fiscal code as SPID and CIE release it: `TINIT-RSSMRA80A01H501U`
    /// (the prefix is the ETSI natural-person identifier for Italy).
    pub fn from_claim(value: &str) -> Result<Self, FiscalCodeError> {
        let v = value.trim();
        let v = v
            .strip_prefix("TINIT-")
            .or_else(|| v.strip_prefix("tinit-"))
            .unwrap_or(v);
        Self::parse(v)
    }
}

fn person_check_letter(first15: &[u8]) -> u8 {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let sum: u32 = first15
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let v = if b.is_ascii_digit() {
                b - b'0'
            } else {
                b - b'A'
            };
            // Positions are counted from 1: odd positions use the conversion table.
            if i % 2 == 0 {
                ODD[usize::from(v)]
            } else {
                u32::from(v)
            }
        })
        .sum();
    b'A' + u8::try_from(sum % 26).unwrap_or(0)
}

/// The 11-digit fiscal code of an Ente (same algorithm as the partita IVA).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrganizationFiscalCode(String);

impl OrganizationFiscalCode {
    pub fn parse(input: &str) -> Result<Self, FiscalCodeError> {
        let code = input.trim();
        if code.len() != 11 {
            return Err(FiscalCodeError::Length(11));
        }
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FiscalCodeError::Characters);
        }
        let digits: Vec<u32> = code.bytes().map(|b| u32::from(b - b'0')).collect();
        if organization_check_digit(&digits[..10]) != digits[10] {
            return Err(FiscalCodeError::CheckCharacter);
        }
        Ok(OrganizationFiscalCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn organization_check_digit(first10: &[u32]) -> u32 {
    let sum: u32 = first10
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                d
            } else {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

macro_rules! string_newtype_impls {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = FiscalCodeError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }
        impl From<$t> for String {
            fn from(value: $t) -> String {
                value.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
string_newtype_impls!(FiscalCode);
string_newtype_impls!(OrganizationFiscalCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_person_codes() {
        // Fictional codes whose check letters were computed by hand with the official tables.
        for code in ["RSSMRA80A01H501U", "BNCLRA85M41F205C", "rssmra80a01h501u"] {
            let cf = FiscalCode::parse(code).expect(code);
            assert_eq!(cf.as_str(), code.to_ascii_uppercase());
        }
    }

    #[test]
    fn reads_the_spid_and_cie_claim() {
        for claim in [
            "TINIT-RSSMRA80A01H501U",
            "RSSMRA80A01H501U",
            " tinit-rssmra80a01h501u ",
        ] {
            assert_eq!(
                FiscalCode::from_claim(claim).map(|c| c.to_string()),
                Ok("RSSMRA80A01H501U".into()),
                "{claim}"
            );
        }
        assert_eq!(
            FiscalCode::from_claim("TINIT-RSSMRA80A01H501A"),
            Err(FiscalCodeError::CheckCharacter)
        );
        assert_eq!(
            FiscalCode::from_claim("TINIT-"),
            Err(FiscalCodeError::Length(16))
        );
    }

    #[test]
    fn accepts_homocodes() {
        // RSSMRA80A01H501U with its last digit replaced by the homocode letter for 1 (M):
        // the check letter changes accordingly.
        let code = format!(
            "RSSMRA80A01H50M{}",
            char::from(person_check_letter(b"RSSMRA80A01H50M"))
        );
        assert!(FiscalCode::parse(&code).is_ok());
    }

    #[test]
    fn rejects_wrong_person_codes() {
        assert_eq!(
            FiscalCode::parse("RSSMRA80A01H501A"),
            Err(FiscalCodeError::CheckCharacter)
        );
        assert_eq!(
            FiscalCode::parse("RSSMRA80A01H501"),
            Err(FiscalCodeError::Length(16))
        );
        assert_eq!(
            FiscalCode::parse("RSSMRA80A01H501UX"),
            Err(FiscalCodeError::Length(16))
        );
        assert_eq!(
            FiscalCode::parse("1SSMRA80A01H501U"),
            Err(FiscalCodeError::Characters)
        );
        assert_eq!(
            FiscalCode::parse("RSSMRA80Z01H501U"),
            Err(FiscalCodeError::Characters)
        );
        assert_eq!(
            FiscalCode::parse("RSSMRA80A01H50ÈU"),
            Err(FiscalCodeError::Characters)
        );
    }

    #[test]
    fn validates_organization_codes() {
        // 00000000000 is trivially valid; 80003170661 is a real Ente's published code.
        assert!(OrganizationFiscalCode::parse("80003170661").is_ok());
        assert_eq!(
            OrganizationFiscalCode::parse("80003170662"),
            Err(FiscalCodeError::CheckCharacter)
        );
        assert_eq!(
            OrganizationFiscalCode::parse("8000317066"),
            Err(FiscalCodeError::Length(11))
        );
        assert_eq!(
            OrganizationFiscalCode::parse("8000317066A"),
            Err(FiscalCodeError::Characters)
        );
    }

    #[test]
    fn serde_refuses_invalid_values() {
        let ok: Result<FiscalCode, _> = serde_json::from_str("\"RSSMRA80A01H501U\"");
        assert!(ok.is_ok());
        let bad: Result<FiscalCode, _> = serde_json::from_str("\"RSSMRA80A01H501A\"");
        assert!(bad.is_err());
    }
}
