//! pagoPA notice numbers. With aux digit 3 (the Ente's own IUVs, one segregation code per
//! Ente) the IUV is 2 digits of segregation code + a 13-digit base + 2 check digits, and
//! the notice number (NAV, "codice avviso") is `3` followed by the IUV: 18 digits.

use crate::domain::tenant::SegregationCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest 13-digit base.
pub const MAX_BASE: u64 = 9_999_999_999_999;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("Il codice avviso è di 18 cifre.")]
    Length,
    #[error("Il codice avviso deve iniziare con 3.")]
    AuxDigit,
    #[error("Il codice avviso non è corretto: le cifre di controllo non corrispondono.")]
    CheckDigits,
    #[error("Numerazione degli avvisi esaurita.")]
    BaseOutOfRange,
}

/// A notice number (NAV) with aux digit 3 and valid check digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NoticeNumber(String);

impl NoticeNumber {
    /// The notice for the Ente's `base`-th IUV.
    pub fn new(segregation: SegregationCode, base: u64) -> Result<NoticeNumber, NoticeError> {
        if base > MAX_BASE {
            return Err(NoticeError::BaseOutOfRange);
        }
        let body = format!("3{segregation}{base:013}");
        let check = check_digits(&body);
        Ok(NoticeNumber(format!("{body}{check:02}")))
    }

    pub fn parse(input: &str) -> Result<NoticeNumber, NoticeError> {
        // Printed notices group the digits by four: accept the spaces.
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NoticeError::Length);
        }
        if !digits.starts_with('3') {
            return Err(NoticeError::AuxDigit);
        }
        let (body, check) = digits.split_at(16);
        if format!("{:02}", check_digits(body)) != check {
            return Err(NoticeError::CheckDigits);
        }
        Ok(NoticeNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The IUV: the notice number without the aux digit (17 digits).
    pub fn iuv(&self) -> &str {
        &self.0[1..]
    }

    /// `3022 0250 0000 0001 27`, as printed on the notice.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The remainder mod 93 of the 16-digit number aux + segregation + base.
fn check_digits(body16: &str) -> u64 {
    body16
        .bytes()
        .fold(0u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 93)
}

impl TryFrom<String> for NoticeNumber {
    type Error = NoticeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        NoticeNumber::parse(&value)
    }
}

impl From<NoticeNumber> for String {
    fn from(value: NoticeNumber) -> String {
        value.0
    }
}

impl fmt::Display for NoticeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(s: &str) -> SegregationCode {
        SegregationCode::parse(s).expect("segregation code")
    }

    #[test]
    fn check_digits_follow_the_pagopa_example() {
        let nav = NoticeNumber::new(seg("02"), 2_025_000_000_001).expect("nav");
        assert_eq!(nav.as_str(), "302202500000000127");
        assert_eq!(nav.iuv(), "02202500000000127");
        assert_eq!(nav.grouped(), "3022 0250 0000 0001 27");
        // The check equals the whole 16-digit number mod 93.
        assert_eq!(3_022_025_000_000_001u64 % 93, 27);
    }

    #[test]
    fn parses_valid_and_refuses_invalid_notices() {
        assert!(NoticeNumber::parse("3022 0250 0000 0001 27").is_ok());
        assert_eq!(
            NoticeNumber::parse("302202500000000128"),
            Err(NoticeError::CheckDigits)
        );
        assert_eq!(
            NoticeNumber::parse("30220250000000012"),
            Err(NoticeError::Length)
        );
        assert_eq!(
            NoticeNumber::parse("30220250000000012a"),
            Err(NoticeError::Length)
        );
        assert_eq!(
            NoticeNumber::parse("002202500000000127"),
            Err(NoticeError::AuxDigit)
        );
        assert_eq!(
            NoticeNumber::new(seg("02"), MAX_BASE + 1),
            Err(NoticeError::BaseOutOfRange)
        );
    }

    #[test]
    fn every_generated_notice_parses_back() {
        for base in [0, 1, 92, 93, 12_345, MAX_BASE] {
            for s in ["00", "02", "47", "99"] {
                let nav = NoticeNumber::new(seg(s), base).expect("nav");
                assert_eq!(NoticeNumber::parse(nav.as_str()), Ok(nav.clone()), "{nav}");
                assert!(nav.iuv().starts_with(s));
            }
        }
    }
}
