//! The Ente's set-up as the office edits it: schools, classes, services and the Ente's
//! payment identifiers. Each value is parsed into its type here (the same checks run on the
//! page and on the server), and each refusal is a sentence tied to the field it is about.

use crate::domain::forms::iban_is_valid;
use crate::domain::tenant::SegregationCode;
use std::collections::BTreeSet;
use std::fmt;

pub const SCHOOL_NAME_MAX: usize = 120;
pub const ADDRESS_MAX: usize = 200;
pub const CLASS_NAME_MAX: usize = 40;
pub const SERVICE_NAME_MAX: usize = 80;

/// Why a piece of the set-up cannot be saved, with the form field it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("Scrivi il nome della scuola.")]
    SchoolNameMissing,
    #[error("Il nome della scuola può avere al massimo 120 caratteri.")]
    SchoolNameTooLong,
    #[error("Scrivi l'indirizzo della scuola.")]
    AddressMissing,
    #[error("L'indirizzo può avere al massimo 200 caratteri.")]
    AddressTooLong,
    #[error("Scrivi il nome della classe (per esempio 3ª A o Sezione B).")]
    ClassNameMissing,
    #[error("Il nome della classe può avere al massimo 40 caratteri.")]
    ClassNameTooLong,
    #[error("Nella scuola c'è già una classe con questo nome per lo stesso anno scolastico.")]
    ClassExists,
    #[error("Scrivi l'anno scolastico come 2026/2027.")]
    SchoolYear,
    #[error("Scegli almeno un giorno di mensa, dal lunedì al sabato.")]
    NoWeekday,
    #[error("La scuola è dismessa: non si possono aggiungere classi.")]
    SchoolRetired,
    #[error("La classe ha alunni iscritti: non si può eliminare.")]
    ClassHasPupils,
    #[error("La scuola ha classi, un calendario o un menù: non si può eliminare. Puoi dismetterla: resterà nello storico.")]
    SchoolHasHistory,
    #[error("Scrivi il nome del servizio.")]
    ServiceNameMissing,
    #[error("Il nome del servizio può avere al massimo 80 caratteri.")]
    ServiceNameTooLong,
    #[error("Il codice del servizio ha da 2 a 20 caratteri: lettere maiuscole, cifre o trattino basso (per esempio REFEZIONE).")]
    ServiceCode,
    #[error("Esiste già un servizio con questo codice.")]
    ServiceCodeExists,
    #[error("Scrivi la tassonomia pagoPA nella forma 9/0201102IM/: 9, barra, 7 cifre e 2 lettere, barra.")]
    Taxonomy,
    #[error("Le prenotazioni si attivano solo per i servizi prepagati, come la mensa.")]
    BookingsInvoiced,
    #[error("L'IBAN deve essere italiano: IT seguito da 25 lettere e cifre.")]
    IbanNotItalian,
    #[error("L'IBAN non è corretto: le cifre di controllo non corrispondono. Ricontrollalo.")]
    IbanCheck,
    #[error("Il codice CBILL è di 5 lettere o cifre (per esempio A1B2C).")]
    Cbill,
    #[error("Il codice di segregazione pagoPA è di due cifre (00–99).")]
    SegregationCode,
}

/// The fields of the set-up forms a refusal can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupField {
    Name,
    Address,
    SchoolYear,
    Weekdays,
    Code,
    Taxonomy,
    Bookings,
    Iban,
    Cbill,
    SegregationCode,
    /// The whole form (a rule about the row, not a field).
    Form,
}

impl SetupError {
    pub const ALL: [SetupError; 22] = {
        use SetupError::*;
        [
            SchoolNameMissing,
            SchoolNameTooLong,
            AddressMissing,
            AddressTooLong,
            ClassNameMissing,
            ClassNameTooLong,
            ClassExists,
            SchoolYear,
            NoWeekday,
            SchoolRetired,
            ClassHasPupils,
            SchoolHasHistory,
            ServiceNameMissing,
            ServiceNameTooLong,
            ServiceCode,
            ServiceCodeExists,
            Taxonomy,
            BookingsInvoiced,
            IbanNotItalian,
            IbanCheck,
            Cbill,
            SegregationCode,
        ]
    };

    pub fn field(self) -> SetupField {
        use SetupError::*;
        match self {
            SchoolNameMissing | SchoolNameTooLong | ClassNameMissing | ClassNameTooLong
            | ClassExists | ServiceNameMissing | ServiceNameTooLong => SetupField::Name,
            AddressMissing | AddressTooLong => SetupField::Address,
            SchoolYear => SetupField::SchoolYear,
            NoWeekday => SetupField::Weekdays,
            ServiceCode | ServiceCodeExists => SetupField::Code,
            Taxonomy => SetupField::Taxonomy,
            BookingsInvoiced => SetupField::Bookings,
            IbanNotItalian | IbanCheck => SetupField::Iban,
            Cbill => SetupField::Cbill,
            SegregationCode => SetupField::SegregationCode,
            SchoolRetired | ClassHasPupils | SchoolHasHistory => SetupField::Form,
        }
    }

    /// The refusal whose sentence this is (an `AppError::BadRequest` carries the sentence).
    pub fn from_message(message: &str) -> Option<SetupError> {
        Self::ALL.into_iter().find(|e| e.to_string() == message)
    }
}

/// Bad input: the sentence reaches the person next to the field (400).
impl From<SetupError> for crate::error::AppError {
    fn from(e: SetupError) -> Self {
        crate::error::AppError::BadRequest(e.to_string())
    }
}

/// Trimmed text of 1 to `max` characters, or the refusal for a missing or a long one.
fn text(
    input: &str,
    max: usize,
    missing: SetupError,
    long: SetupError,
) -> Result<String, SetupError> {
    let t = input.trim();
    if t.is_empty() {
        Err(missing)
    } else if t.chars().count() > max {
        Err(long)
    } else {
        Ok(t.to_string())
    }
}

pub fn school_name(input: &str) -> Result<String, SetupError> {
    use SetupError::*;
    text(input, SCHOOL_NAME_MAX, SchoolNameMissing, SchoolNameTooLong)
}

pub fn address(input: &str) -> Result<String, SetupError> {
    use SetupError::*;
    text(input, ADDRESS_MAX, AddressMissing, AddressTooLong)
}

pub fn class_name(input: &str) -> Result<String, SetupError> {
    use SetupError::*;
    text(input, CLASS_NAME_MAX, ClassNameMissing, ClassNameTooLong)
}

pub fn service_name(input: &str) -> Result<String, SetupError> {
    use SetupError::*;
    text(
        input,
        SERVICE_NAME_MAX,
        ServiceNameMissing,
        ServiceNameTooLong,
    )
}

crate::domain::wire::choice! {
    /// The order of a school.
    pub enum SchoolKind {
        Infanzia = "infanzia",
        Primaria = "primaria",
        Secondaria = "secondaria",
    }
    refusal = "Scegli il tipo di scuola: infanzia, primaria o secondaria.";
}

impl SchoolKind {
    pub fn label(self) -> &'static str {
        match self {
            SchoolKind::Infanzia => "Scuola dell'infanzia",
            SchoolKind::Primaria => "Scuola primaria",
            SchoolKind::Secondaria => "Scuola secondaria di primo grado",
        }
    }
}

crate::domain::wire::choice! {
    /// How a service is paid.
    pub enum BillingMode {
        /// Wallet topped up by the family and debited per meal (Refezione Scolastica).
        Prepaid = "prepaid",
        /// Fees issued by the Ente with due dates (Trasporto).
        Invoiced = "invoiced",
    }
    refusal = "Scegli come si paga il servizio: prepagato o a rate.";
}

impl BillingMode {
    pub fn label(self) -> &'static str {
        match self {
            BillingMode::Prepaid => "Prepagato (borsellino, addebito per pasto)",
            BillingMode::Invoiced => "A rate (avvisi pagoPA con scadenza)",
        }
    }
}

/// The weekdays a class eats at school: at least one, Monday (1) to Saturday (6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanteenWeekdays(BTreeSet<u8>);

/// Italian short names of the weekdays, Monday first.
pub const WEEKDAY_NAMES: [&str; 6] = ["lun", "mar", "mer", "gio", "ven", "sab"];

impl CanteenWeekdays {
    /// From the six boxes of a form, Monday first.
    pub fn from_boxes(boxes: [bool; 6]) -> Result<CanteenWeekdays, SetupError> {
        let days: BTreeSet<u8> = (1u8..=6)
            .zip(boxes)
            .filter_map(|(d, on)| on.then_some(d))
            .collect();
        if days.is_empty() {
            Err(SetupError::NoWeekday)
        } else {
            Ok(CanteenWeekdays(days))
        }
    }

    /// ISO weekdays (1 = Monday).
    pub fn iso(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.iter().copied()
    }
}

impl fmt::Display for CanteenWeekdays {
    /// "lun, mer".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self
            .0
            .iter()
            .filter_map(|d| WEEKDAY_NAMES.get(usize::from(*d) - 1).copied())
            .collect();
        f.write_str(&names.join(", "))
    }
}

/// A service's code: how the command line and the imports name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceCode(String);

impl ServiceCode {
    pub fn parse(input: &str) -> Result<ServiceCode, SetupError> {
        let t = input.trim().to_ascii_uppercase();
        let ok = (2..=20).contains(&t.len())
            && t.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        ok.then_some(ServiceCode(t)).ok_or(SetupError::ServiceCode)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The pagoPA "dati specifici di riscossione" of a service's payments, written with type 9
/// and the taxonomy code: `9/` + 7 digits (Ente type, area, service) + 2 letters (legal
/// ground) + `/`, as in `9/0201102IM/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taxonomy(String);

impl Taxonomy {
    pub fn parse(input: &str) -> Result<Taxonomy, SetupError> {
        let t = input.trim().to_ascii_uppercase();
        let code = t
            .strip_prefix("9/")
            .and_then(|rest| rest.strip_suffix('/'))
            .ok_or(SetupError::Taxonomy)?;
        let b = code.as_bytes();
        let ok = b.len() == 9
            && b[..7].iter().all(u8::is_ascii_digit)
            && b[7..].iter().all(u8::is_ascii_uppercase);
        ok.then_some(Taxonomy(t)).ok_or(SetupError::Taxonomy)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Ente's treasury IBAN, where pagoPA pays the families' payments: Italian, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Iban(String);

impl Iban {
    /// Accepts it as printed ("IT60 X054 …") or typed in lower case.
    pub fn parse(input: &str) -> Result<Iban, SetupError> {
        let t: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if !t.starts_with("IT") || t.len() != 27 || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(SetupError::IbanNotItalian);
        }
        if !iban_is_valid(&t) {
            return Err(SetupError::IbanCheck);
        }
        Ok(Iban(t))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Ente's CBILL code, printed on the payment notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cbill(String);

impl Cbill {
    pub fn parse(input: &str) -> Result<Cbill, SetupError> {
        let t = input.trim().to_ascii_uppercase();
        (t.len() == 5 && t.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then_some(Cbill(t))
            .ok_or(SetupError::Cbill)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What identifies the Ente's payments on pagoPA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentIdentifiers {
    pub iban: Iban,
    /// Optional: without it the notice shows no CBILL code.
    pub cbill: Option<Cbill>,
    pub segregation_code: SegregationCode,
}

impl PaymentIdentifiers {
    /// From the form's text (an empty CBILL is none); the first field that is wrong.
    pub fn parse(
        iban: &str,
        cbill: &str,
        segregation_code: &str,
    ) -> Result<PaymentIdentifiers, SetupError> {
        Ok(PaymentIdentifiers {
            iban: Iban::parse(iban)?,
            cbill: match cbill.trim() {
                "" => None,
                c => Some(Cbill::parse(c)?),
            },
            segregation_code: SegregationCode::parse(segregation_code)
                .map_err(|_| SetupError::SegregationCode)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A well-formed Italian IBAN of no real account (the demo's).
    const GOOD_IBAN: &str = "IT60X0542811101000000123456";

    #[test]
    fn every_refusal_is_listed_once_and_found_by_its_sentence() {
        let distinct: BTreeSet<String> = SetupError::ALL.iter().map(|e| e.to_string()).collect();
        assert_eq!(distinct.len(), SetupError::ALL.len());
        for e in SetupError::ALL {
            assert_eq!(SetupError::from_message(&e.to_string()), Some(e));
        }
        assert_eq!(SetupError::from_message("Altro."), None);
        assert_eq!(SetupError::IbanCheck.field(), SetupField::Iban);
        assert_eq!(SetupError::ClassExists.field(), SetupField::Name);
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            school_name("  Scuola Pascoli "),
            Ok("Scuola Pascoli".into())
        );
        assert_eq!(school_name("   "), Err(SetupError::SchoolNameMissing));
        assert_eq!(
            school_name(&"a".repeat(SCHOOL_NAME_MAX + 1)),
            Err(SetupError::SchoolNameTooLong)
        );
        assert!(school_name(&"è".repeat(SCHOOL_NAME_MAX)).is_ok());
        assert_eq!(class_name(""), Err(SetupError::ClassNameMissing));
        assert_eq!(
            class_name(&"x".repeat(41)),
            Err(SetupError::ClassNameTooLong)
        );
        assert_eq!(address(""), Err(SetupError::AddressMissing));
        assert_eq!(
            service_name(&"s".repeat(81)),
            Err(SetupError::ServiceNameTooLong)
        );
    }

    #[test]
    fn canteen_weekdays_need_one_from_monday_to_saturday() {
        let days = CanteenWeekdays::from_boxes([true, false, true, false, false, false])
            .expect("mon and wed");
        assert_eq!(days.iso().collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(days.to_string(), "lun, mer");
        assert_eq!(
            CanteenWeekdays::from_boxes([false; 6]),
            Err(SetupError::NoWeekday)
        );
    }

    #[test]
    fn service_codes_and_taxonomies_have_their_shape() {
        assert_eq!(
            ServiceCode::parse("refezione").map(|c| c.as_str().to_string()),
            Ok("REFEZIONE".into())
        );
        for bad in ["R", "CON SPAZIO", "À", &"A".repeat(21)] {
            assert_eq!(
                ServiceCode::parse(bad),
                Err(SetupError::ServiceCode),
                "{bad}"
            );
        }
        assert_eq!(
            Taxonomy::parse("9/0201102im/").map(|t| t.as_str().to_string()),
            Ok("9/0201102IM/".into())
        );
        for bad in [
            "0201102IM",
            "9/0201102IM",
            "1/0201102IM/",
            "9/020110IM/",
            "9/02011022I/",
            "9/0201102IMX/",
            "",
        ] {
            assert_eq!(Taxonomy::parse(bad), Err(SetupError::Taxonomy), "{bad}");
        }
    }

    #[test]
    fn an_iban_must_be_italian_with_its_check_digits() {
        assert_eq!(
            Iban::parse("it60 x054 2811 1010 0000 0123 456").map(|i| i.as_str().to_string()),
            Ok(GOOD_IBAN.into())
        );
        // One digit changed: the mod-97 check fails.
        assert_eq!(
            Iban::parse("IT60X0542811101000000123457"),
            Err(SetupError::IbanCheck)
        );
        // A valid German IBAN is not the Ente's.
        assert_eq!(
            Iban::parse("DE89370400440532013000"),
            Err(SetupError::IbanNotItalian)
        );
        assert_eq!(
            Iban::parse("IT60X054281110100000012345"),
            Err(SetupError::IbanNotItalian)
        );
    }

    #[test]
    fn payment_identifiers_are_parsed_field_by_field() {
        let ids = PaymentIdentifiers::parse(GOOD_IBAN, " a1b2c ", "02").expect("valid");
        assert_eq!(
            ids.cbill.map(|c| c.as_str().to_string()),
            Some("A1B2C".into())
        );
        assert_eq!(ids.segregation_code.to_string(), "02");
        assert_eq!(
            PaymentIdentifiers::parse(GOOD_IBAN, "", "07").map(|i| i.cbill),
            Ok(None)
        );
        assert_eq!(
            PaymentIdentifiers::parse(GOOD_IBAN, "A1B2", "02"),
            Err(SetupError::Cbill)
        );
        assert_eq!(
            PaymentIdentifiers::parse(GOOD_IBAN, "A1B2C", "2"),
            Err(SetupError::SegregationCode)
        );
    }
}
