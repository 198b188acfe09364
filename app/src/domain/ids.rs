//! Identifiers of the rows a request may name. Each kind has its own type, so a pupil's id
//! cannot be passed where a payment's is expected, and a malformed one is refused when the
//! request is decoded (400, in Italian) instead of deep inside a query.
//!
//! Rows are keyed by UUIDs (`store::new_id`, version 7): the canonical text form is
//! 36 characters, lowercase hexadecimal in groups 8-4-4-4-12.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The text is not an identifier of this kind.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidId(&'static str);

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $refusal:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn parse(text: &str) -> Result<Self, InvalidId> {
                if is_uuid(text) {
                    Ok(Self(text.to_string()))
                } else {
                    Err(InvalidId($refusal))
                }
            }

            /// An id read back from the database, which only ever stores valid ones.
            pub fn from_db(text: String) -> Self {
                Self(text)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text)
                    .map_err(|e| serde::de::Error::custom($crate::domain::wire::refusal(e.0)))
            }
        }
    };
}

id_type!(
    /// A pupil of the Ente's registry.
    PupilId,
    "Identificativo dell'alunno non valido."
);
id_type!(
    /// A family's account (wallet or invoiced service).
    AccountId,
    "Identificativo del conto non valido."
);
id_type!(
    /// A payment asked of pagoPA.
    PaymentId,
    "Identificativo del pagamento non valido."
);
id_type!(
    /// A fee (instalment) of an invoiced service.
    FeeId,
    "Identificativo della rata non valido."
);
id_type!(
    /// A submitted form (pratica) or a saved draft.
    SubmissionId,
    "Identificativo della pratica non valido."
);
id_type!(
    /// A message in Comunicazioni.
    MessageId,
    "Identificativo della comunicazione non valido."
);
id_type!(
    /// A published document.
    DocumentId,
    "Identificativo del documento non valido."
);
id_type!(
    /// A school of the Ente.
    SchoolId,
    "Identificativo della scuola non valido."
);
id_type!(
    /// A class of a school, in one school year.
    ClassId,
    "Identificativo della classe non valido."
);
id_type!(
    /// A service of the Ente (canteen, transport).
    ServiceId,
    "Identificativo del servizio non valido."
);
id_type!(
    /// The report of a file the office imported.
    ImportId,
    "Identificativo dell'importazione non valido."
);
id_type!(
    /// A news item.
    NewsId,
    "Identificativo della notizia non valido."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_canonical_uuids_are_ids() {
        let id = "0192f3a4-5b6c-7d8e-9f00-112233445566";
        assert_eq!(
            PupilId::parse(id).map(|p| p.to_string()),
            Ok(id.to_string())
        );
        for bad in [
            "",
            "nonexistent",
            "0192F3A4-5B6C-7D8E-9F00-112233445566",
            "0192f3a4-5b6c-7d8e-9f00-11223344556",
            "0192f3a4-5b6c-7d8e-9f00-1122334455667",
            "0192f3a45b6c-7d8e-9f00-112233445566-",
            "../../etc/passwd",
            "0192f3a4-5b6c-7d8e-9f00-11223344556'",
        ] {
            assert!(PaymentId::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_malformed_id_is_refused_when_decoded_with_an_italian_message() {
        let err = serde_json::from_str::<FeeId>("\"1 OR 1=1\"").expect_err("refused");
        assert_eq!(
            crate::domain::wire::refusal_in(&err.to_string()),
            Some("Identificativo della rata non valido.")
        );
        let ok: FeeId =
            serde_json::from_str("\"0192f3a4-5b6c-7d8e-9f00-112233445566\"").expect("valid");
        assert_eq!(ok.as_str(), "0192f3a4-5b6c-7d8e-9f00-112233445566");
    }
}
