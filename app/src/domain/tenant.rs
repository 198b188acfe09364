//! What identifies an Ente on the web and on pagoPA.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TenantFieldError {
    #[error("Il codice di segregazione pagoPA è di due cifre (00–99).")]
    SegregationCode,
    #[error("Nome host non valido: usa lettere, cifre, trattini e punti (es. servizi.comune.it).")]
    Host,
}

/// The pagoPA segregation code: two digits that prefix every IUV of the Ente.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SegregationCode(u8);

impl SegregationCode {
    pub fn parse(input: &str) -> Result<Self, TenantFieldError> {
        let s = input.trim();
        if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TenantFieldError::SegregationCode);
        }
        s.parse()
            .map(SegregationCode)
            .map_err(|_| TenantFieldError::SegregationCode)
    }
}

impl fmt::Display for SegregationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

/// A host name that selects a tenant: lower case, without port.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TenantHost(String);

impl TenantHost {
    /// Accepts what a `Host` header carries (`Comune.IT:443`, `127.0.0.1:3000`, `[::1]:3000`).
    pub fn parse(input: &str) -> Result<Self, TenantFieldError> {
        let s = input.trim().to_ascii_lowercase();
        let host = if let Some(rest) = s.strip_prefix('[') {
            // IPv6 literal
            let end = rest.find(']').ok_or(TenantFieldError::Host)?;
            let inner = &rest[..end];
            if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
                return Err(TenantFieldError::Host);
            }
            format!("[{inner}]")
        } else {
            let name = s.rsplit_once(':').map_or(s.as_str(), |(h, port)| {
                if port.bytes().all(|b| b.is_ascii_digit()) {
                    h
                } else {
                    ""
                }
            });
            let valid = !name.is_empty()
                && name.len() <= 253
                && name.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                });
            if !valid {
                return Err(TenantFieldError::Host);
            }
            name.to_string()
        };
        Ok(TenantHost(host))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segregation_codes_are_two_digits() {
        assert_eq!(
            SegregationCode::parse("02").map(|c| c.to_string()),
            Ok("02".into())
        );
        for bad in ["2", "002", "ab", "", "-1"] {
            assert_eq!(
                SegregationCode::parse(bad),
                Err(TenantFieldError::SegregationCode),
                "{bad}"
            );
        }
    }

    #[test]
    fn hosts_are_normalised_from_the_header() {
        for (raw, host) in [
            ("Servizi.Comune.IT", "servizi.comune.it"),
            ("127.0.0.1:3000", "127.0.0.1"),
            ("localhost", "localhost"),
            ("[::1]:3000", "[::1]"),
            ("montechiaro.localhost:8080", "montechiaro.localhost"),
        ] {
            assert_eq!(
                TenantHost::parse(raw).map(|h| h.as_str().to_string()),
                Ok(host.into()),
                "{raw}"
            );
        }
        for bad in [
            "",
            ":80",
            "bad host",
            "-a.it",
            "a..it",
            "<script>",
            "a.it:port",
            "[zz]",
        ] {
            assert_eq!(TenantHost::parse(bad), Err(TenantFieldError::Host), "{bad}");
        }
    }
}
