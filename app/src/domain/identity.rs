//! Who a person is to the portal: their roles in an Ente, the assurance level of their
//! login, and how their fiscal code is read from an identity provider's claims.

use crate::domain::fiscal_code::{FiscalCode, FiscalCodeError};
use serde::{Deserialize, Serialize};

/// What a person may do in an Ente. Family and delegate follow from the registry; the
/// others the Ente grants: operator and admin run the office, school staff and kitchen
/// work for some schools only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Tutore pagante: their pupils, payments, bookings, forms, messages.
    Family,
    /// Authorised by a tutore for the bookings of some pupils; never sees payments.
    Delegate,
    Operator,
    Admin,
    /// Records the canteen absences of their schools (today and the past week).
    #[serde(rename = "school_staff")]
    SchoolStaff,
    /// Reads the meal counts of their schools.
    Kitchen,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Family => "family",
            Role::Delegate => "delegate",
            Role::Operator => "operator",
            Role::Admin => "admin",
            Role::SchoolStaff => "school_staff",
            Role::Kitchen => "kitchen",
        }
    }

    pub const ALL: [Role; 6] = [
        Role::Family,
        Role::Delegate,
        Role::Operator,
        Role::Admin,
        Role::SchoolStaff,
        Role::Kitchen,
    ];

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// Roles the Ente grants to people (the others come from the registry).
    pub fn is_granted(self) -> bool {
        !matches!(self, Role::Family | Role::Delegate)
    }

    /// The Ente's office: it sees every school, family and form.
    pub fn is_office(self) -> bool {
        matches!(self, Role::Operator | Role::Admin)
    }

    /// Granted for some schools only.
    pub fn is_school_scoped(self) -> bool {
        matches!(self, Role::SchoolStaff | Role::Kitchen)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Family => "Genitore o tutore",
            Role::Delegate => "Delegato",
            Role::Operator => "Operatore dell'Ente",
            Role::Admin => "Amministratore dell'Ente",
            Role::SchoolStaff => "Personale scolastico",
            Role::Kitchen => "Cucina",
        }
    }
}

/// The family of an identity provider, which decides its button on the login page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    Spid,
    Cie,
    Other,
}

impl ProviderKind {
    pub fn parse(value: &str) -> Option<ProviderKind> {
        match value.to_ascii_lowercase().as_str() {
            "spid" => Some(ProviderKind::Spid),
            "cie" => Some(ProviderKind::Cie),
            "other" => Some(ProviderKind::Other),
            _ => None,
        }
    }
}

/// SPID assurance levels (CIE uses the same values): a login must reach the requested one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AssuranceLevel {
    L1,
    L2,
    L3,
}

impl AssuranceLevel {
    pub fn uri(self) -> &'static str {
        match self {
            AssuranceLevel::L1 => "https://www.spid.gov.it/SpidL1",
            AssuranceLevel::L2 => "https://www.spid.gov.it/SpidL2",
            AssuranceLevel::L3 => "https://www.spid.gov.it/SpidL3",
        }
    }

    /// An `acr` value; anything unknown is no level at all.
    pub fn from_acr(acr: &str) -> Option<AssuranceLevel> {
        [AssuranceLevel::L1, AssuranceLevel::L2, AssuranceLevel::L3]
            .into_iter()
            .find(|l| l.uri() == acr)
    }
}

/// Where providers put the fiscal code: the eID attribute, the older SPID one, and the
/// plain name some regional brokers use.
pub const FISCAL_CODE_CLAIMS: [&str; 3] = [
    "https://attributes.eid.gov.it/fiscal_number",
    "https://attributes.spid.gov.it/fiscal_number",
    "fiscal_number",
];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    #[error("the provider released no fiscal code")]
    MissingFiscalCode,
    #[error("the fiscal code released by the provider is not valid: {0}")]
    InvalidFiscalCode(FiscalCodeError),
}

/// Reads the fiscal code from the claims (`claim` looks one up by name): the configured
/// claim name only, when there is one; otherwise the first of [`FISCAL_CODE_CLAIMS`].
pub fn fiscal_code_from_claims<'a>(
    claim: impl Fn(&str) -> Option<&'a str>,
    configured: Option<&str>,
) -> Result<FiscalCode, ClaimError> {
    let value = match configured {
        Some(name) => claim(name),
        None => FISCAL_CODE_CLAIMS.iter().find_map(|name| claim(name)),
    }
    .filter(|v| !v.trim().is_empty())
    .ok_or(ClaimError::MissingFiscalCode)?;
    FiscalCode::from_claim(value).map_err(ClaimError::InvalidFiscalCode)
}

/// Where to go after login: only a path of this site, never another origin
/// (`//evil.example`, `/\evil.example`) nor the auth routes themselves.
pub fn safe_return_path(requested: Option<&str>) -> String {
    const HOME: &str = crate::routes::PERSONAL;
    match requested {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.starts_with("/auth/")
                && !p.chars().any(|c| c.is_control())
                && p.len() <= 512 =>
        {
            p.to_string()
        }
        _ => HOME.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn claims(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn read(
        c: &HashMap<String, String>,
        configured: Option<&str>,
    ) -> Result<FiscalCode, ClaimError> {
        fiscal_code_from_claims(|name| c.get(name).map(String::as_str), configured)
    }

    #[test]
    fn maps_each_known_claim_name_and_strips_tinit() {
        for name in FISCAL_CODE_CLAIMS {
            let c = claims(&[(name, "TINIT-RSSMRA80A01H501U")]);
            assert_eq!(read(&c, None).expect(name).as_str(), "RSSMRA80A01H501U");
        }
        let lower = claims(&[("fiscal_number", "tinit-rssmra80a01h501u")]);
        assert_eq!(
            read(&lower, None).expect("lowercase").as_str(),
            "RSSMRA80A01H501U"
        );
    }

    #[test]
    fn the_eid_claim_wins_over_the_others() {
        let c = claims(&[
            ("fiscal_number", "TINIT-BNCLRA85M41F205C"),
            (
                "https://attributes.eid.gov.it/fiscal_number",
                "TINIT-RSSMRA80A01H501U",
            ),
        ]);
        assert_eq!(read(&c, None).expect("eid").as_str(), "RSSMRA80A01H501U");
    }

    #[test]
    fn a_configured_claim_name_is_the_only_one_read() {
        let c = claims(&[
            ("codice_fiscale", "RSSMRA80A01H501U"),
            ("fiscal_number", "TINIT-BNCLRA85M41F205C"),
        ]);
        assert_eq!(
            read(&c, Some("codice_fiscale"))
                .expect("configured")
                .as_str(),
            "RSSMRA80A01H501U"
        );
        assert_eq!(read(&c, Some("cf")), Err(ClaimError::MissingFiscalCode));
    }

    #[test]
    fn missing_or_invalid_codes_are_refused() {
        assert_eq!(read(&claims(&[]), None), Err(ClaimError::MissingFiscalCode));
        assert_eq!(
            read(&claims(&[("fiscal_number", "  ")]), None),
            Err(ClaimError::MissingFiscalCode)
        );
        assert_eq!(
            read(
                &claims(&[("fiscal_number", "TINIT-RSSMRA80A01H501X")]),
                None
            ),
            Err(ClaimError::InvalidFiscalCode(
                FiscalCodeError::CheckCharacter
            ))
        );
        assert_eq!(
            read(&claims(&[("fiscal_number", "TINIT-RSSMRA80A01")]), None),
            Err(ClaimError::InvalidFiscalCode(FiscalCodeError::Length(16)))
        );
    }

    #[test]
    fn assurance_levels_are_ordered() {
        assert!(
            AssuranceLevel::from_acr("https://www.spid.gov.it/SpidL1") < Some(AssuranceLevel::L2)
        );
        assert!(
            AssuranceLevel::from_acr("https://www.spid.gov.it/SpidL3") > Some(AssuranceLevel::L2)
        );
        assert_eq!(AssuranceLevel::from_acr("SpidL2"), None);
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            let json = serde_json::to_string(&r).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", r.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Admin.is_office() && !Role::Family.is_granted());
        assert!(Role::Kitchen.is_granted() && !Role::Kitchen.is_office());
        assert!(Role::SchoolStaff.is_school_scoped() && !Role::Operator.is_school_scoped());
    }

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(
            safe_return_path(Some("/documenti?q=menu")),
            "/documenti?q=menu"
        );
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/auth/logout",
            "x",
        ] {
            assert_eq!(safe_return_path(Some(bad)), "/area-personale", "{bad}");
        }
        assert_eq!(safe_return_path(None), "/area-personale");
    }
}
