//! Moduli online: a form is a versioned definition the Ente stores (sections, typed fields,
//! required or not, help, "show if" conditions), filled in by one component and checked by
//! the same code in the browser (as the person types) and on the server (the authority).

use crate::domain::fiscal_code::FiscalCode;
use crate::domain::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Uploads: at most this many bytes (5 MB).
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
const MAX_TEXT_CHARS: usize = 500;
const MAX_LONG_TEXT_CHARS: usize = 4_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDefinition {
    /// Stable across versions, e.g. `iscrizione-mensa`.
    pub code: String,
    /// Set when published (the next after the latest).
    #[serde(default)]
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub intro: String,
    /// What approving a submission does (none: the operator's decision only).
    #[serde(default)]
    pub effect: Option<Effect>,
    pub sections: Vec<FormSection>,
}

/// What an approved submission changes in the registry; each reads the answers of the
/// fields named in its documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// `alunno_codice_fiscale`, `alunno_nome`, `alunno_cognome`, `alunno_nascita`,
    /// `classe`, `servizio` (a service code), `dal`: the pupil (created if new), linked to
    /// the tutore, subscribed from the date.
    Enrolment,
    /// `alunno`, `dieta`: the pupil's diet.
    Diet,
    /// `alunno`, `isee`, `dal`: the tariff band from the date.
    Isee,
    /// `alunno`, `delegato_codice_fiscale`, `delegato_nome`, `dal`: a delegation.
    Delegation,
    /// `alunno`, `servizio`, `dal`: the subscription ends the day before.
    Withdrawal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSection {
    pub title: String,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The answer's key: lowercase letters, digits and `_`.
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub help: Option<String>,
    /// Shown (and checked) only when another field has a given answer.
    #[serde(default)]
    pub show_if: Option<Condition>,
    /// Filled in from what the portal knows of the person.
    #[serde(default)]
    pub prefill: Option<Prefill>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    FullName,
    FiscalCode,
    Email,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    pub equals: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Date,
    /// One of the options: (value, label).
    Choice {
        options: Vec<(String, String)>,
    },
    /// `si` or `no`.
    YesNo,
    FiscalCode,
    Email,
    Phone,
    Iban,
    Number {
        min: i64,
        max: i64,
    },
    Money {
        min_cents: i64,
        max_cents: i64,
    },
    /// An upload of one of these types (checked by content, not by name).
    File {
        accept: Vec<FileType>,
    },
    /// One of the person's pupils (by fiscal code).
    Pupil,
    /// A class of the Ente (by id).
    Class,
}

/// What the checks need to know besides the answers: the person's pupils, the Ente's
/// classes, the person's uploads. Sent to the browser with the form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormContext {
    /// (fiscal code, name)
    pub pupils: Vec<(String, String)>,
    /// (id, "school · class")
    pub classes: Vec<(String, String)>,
    /// upload id → what it is
    pub uploads: BTreeMap<String, UploadFacts>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
}

impl FileType {
    /// What the bytes are, by their signature.
    pub fn sniff(bytes: &[u8]) -> Option<FileType> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileType::Png)
        } else {
            None
        }
    }

    /// Back from a stored content type (which was sniffed when the file arrived).
    pub fn from_content_type(content_type: &str) -> Option<FileType> {
        [FileType::Pdf, FileType::Jpeg, FileType::Png]
            .into_iter()
            .find(|t| t.content_type() == content_type)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    fn name(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Jpeg => "JPEG",
            FileType::Png => "PNG",
        }
    }
}

/// Why a definition cannot be stored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    #[error("Il modulo deve avere un codice (lettere minuscole, cifre e trattini) e un titolo.")]
    CodeOrTitle,
    #[error("Il campo «{0}» ha un nome non valido o ripetuto.")]
    FieldName(String),
    #[error("Il campo «{0}» dipende da un campo che non lo precede.")]
    Condition(String),
    #[error("Il campo «{0}» ha una configurazione non valida.")]
    Kind(String),
}

impl FormDefinition {
    /// Checks a definition before it is stored: unique, well-formed names; conditions on
    /// earlier fields; sensible choices and ranges.
    pub fn check(&self) -> Result<(), DefinitionError> {
        let code_ok = !self.code.is_empty()
            && self
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !code_ok || self.title.trim().is_empty() {
            return Err(DefinitionError::CodeOrTitle);
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in self.fields() {
            let name_ok = !f.name.is_empty()
                && f.name.len() <= 40
                && f.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !name_ok || seen.contains(&f.name.as_str()) || f.label.trim().is_empty() {
                return Err(DefinitionError::FieldName(f.name.clone()));
            }
            if let Some(c) = &f.show_if {
                if !seen.contains(&c.field.as_str()) {
                    return Err(DefinitionError::Condition(f.name.clone()));
                }
            }
            let kind_ok = match &f.kind {
                FieldKind::Choice { options } => {
                    !options.is_empty()
                        && options.iter().all(|(v, l)| !v.is_empty() && !l.is_empty())
                }
                FieldKind::Number { min, max } => min <= max,
                FieldKind::Money {
                    min_cents,
                    max_cents,
                } => 0 <= *min_cents && min_cents <= max_cents,
                FieldKind::File { accept } => !accept.is_empty(),
                _ => true,
            };
            if !kind_ok {
                return Err(DefinitionError::Kind(f.name.clone()));
            }
            seen.push(&f.name);
        }
        Ok(())
    }

    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// Whether the field is shown given the answers so far.
    pub fn is_shown(&self, field: &Field, answers: &BTreeMap<String, String>) -> bool {
        field.show_if.as_ref().is_none_or(|c| {
            self.fields()
                .find(|f| f.name == c.field)
                .is_some_and(|parent| self.is_shown(parent, answers))
                && answers.get(&c.field).map(|v| v.trim()) == Some(c.equals.as_str())
        })
    }
}

/// An uploaded file as the checks see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadFacts {
    pub file_type: Option<FileType>,
    pub size: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Checks one answer of a shown field; `Ok` holds the normalised value (empty: no answer).
pub fn check_answer(field: &Field, raw: &str, ctx: &FormContext) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return if field.required {
            Err("Campo obbligatorio.".into())
        } else {
            Ok(String::new())
        };
    }
    let bad = |m: &str| Err(m.to_string());
    match &field.kind {
        FieldKind::Text => {
            if value.chars().count() > MAX_TEXT_CHARS || value.chars().any(char::is_control) {
                return bad(
                    "Testo troppo lungo o con caratteri non ammessi (massimo 500 caratteri).",
                );
            }
            if has_markup(value) {
                return bad(MARKUP_REFUSED);
            }
            Ok(value.to_string())
        }
        FieldKind::LongText => {
            if value.chars().count() > MAX_LONG_TEXT_CHARS
                || value
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
            {
                return bad("Testo troppo lungo (massimo 4.000 caratteri).");
            }
            if has_markup(value) {
                return bad(MARKUP_REFUSED);
            }
            Ok(value.replace("\r\n", "\n"))
        }
        FieldKind::Date => parse_date(value)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .ok_or_else(|| "Data non valida: scrivi per esempio 14/03/2018.".to_string()),
        FieldKind::Choice { options } => options
            .iter()
            .find(|(v, _)| v == value)
            .map(|(v, _)| v.clone())
            .ok_or_else(|| "Scegli una delle opzioni.".to_string()),
        FieldKind::YesNo => match value {
            "si" | "no" => Ok(value.to_string()),
            _ => bad("Rispondi sì o no."),
        },
        FieldKind::FiscalCode => FiscalCode::parse(value)
            .map(|cf| cf.as_str().to_string())
            .map_err(|e| e.to_string()),
        FieldKind::Email => {
            let ok = value.len() <= 254
                && value.split_once('@').is_some_and(|(user, host)| {
                    !user.is_empty()
                        && host.contains('.')
                        && !host.starts_with('.')
                        && !host.ends_with('.')
                        && !value
                            .chars()
                            .any(|c| c.is_whitespace() || c == '<' || c == '>')
                });
            if ok {
                Ok(value.to_string())
            } else {
                bad("Indirizzo e-mail non valido.")
            }
        }
        FieldKind::Phone => {
            let digits: String = value.chars().filter(|c| !" -./".contains(*c)).collect();
            let body = digits.strip_prefix('+').unwrap_or(&digits);
            if (6..=15).contains(&body.len()) && body.chars().all(|c| c.is_ascii_digit()) {
                Ok(digits)
            } else {
                bad("Numero di telefono non valido.")
            }
        }
        FieldKind::Iban => {
            let iban: String = value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_uppercase();
            if iban_is_valid(&iban) {
                Ok(iban)
            } else {
                bad("IBAN non valido: controlla le cifre.")
            }
        }
        FieldKind::Number { min, max } => match value.parse::<i64>() {
            Ok(n) if (*min..=*max).contains(&n) => Ok(n.to_string()),
            _ => Err(format!("Scrivi un numero intero da {min} a {max}.")),
        },
        FieldKind::Money {
            min_cents,
            max_cents,
        } => match Money::parse_it(value) {
            Ok(m) if (*min_cents..=*max_cents).contains(&m.cents()) => Ok(m.cents().to_string()),
            Ok(_) => Err(format!(
                "L'importo deve essere tra {} e {}.",
                Money::from_cents(*min_cents),
                Money::from_cents(*max_cents)
            )),
            Err(e) => Err(e.to_string()),
        },
        FieldKind::Pupil => ctx
            .pupils
            .iter()
            .find(|(cf, _)| cf == value)
            .map(|(cf, _)| cf.clone())
            .ok_or_else(|| "Scegli uno dei tuoi figli.".to_string()),
        FieldKind::Class => ctx
            .classes
            .iter()
            .find(|(id, _)| id == value)
            .map(|(id, _)| id.clone())
            .ok_or_else(|| "Scegli una delle classi.".to_string()),
        FieldKind::File { accept } => {
            let Some(facts) = ctx.uploads.get(value).copied() else {
                return bad("File non trovato: caricalo di nuovo.");
            };
            if facts.size > MAX_FILE_BYTES {
                return bad("Il file supera i 5 MB.");
            }
            match facts.file_type {
                Some(t) if accept.contains(&t) => Ok(value.to_string()),
                _ => Err(format!(
                    "Tipo di file non ammesso: sono accettati {}.",
                    accept
                        .iter()
                        .map(|t| t.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
    }
}

const MARKUP_REFUSED: &str =
    "Il testo non può contenere codice o marcatori HTML (per esempio <script>): scrivi solo testo.";

/// Markup in a text answer (`<script`, `</b`, `<!--`, `<?php`): nobody writes it in a
/// name, an address or a note, so it is refused rather than stored (it would be shown
/// escaped anyway). A lone `<` ("< 3 anni") is fine.
fn has_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1])))
}

/// Checks a whole submission: every answer must belong to a field of the definition; shown
/// fields are checked (hidden ones are dropped); all errors are reported together.
pub fn check_answers(
    def: &FormDefinition,
    answers: &BTreeMap<String, String>,
    ctx: &FormContext,
) -> Result<BTreeMap<String, String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    for name in answers.keys() {
        if !def.fields().any(|f| &f.name == name) {
            errors.push(FieldError {
                field: name.clone(),
                message: "Questo campo non fa parte del modulo.".into(),
            });
        }
    }
    let mut clean = BTreeMap::new();
    for f in def.fields() {
        if !def.is_shown(f, answers) {
            continue;
        }
        let raw = answers.get(&f.name).map(String::as_str).unwrap_or("");
        match check_answer(f, raw, ctx) {
            Ok(v) if v.is_empty() => {}
            Ok(v) => {
                clean.insert(f.name.clone(), v);
            }
            Err(message) => errors.push(FieldError {
                field: f.name.clone(),
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(errors)
    }
}

/// `dd/mm/yyyy` (as typed) or `yyyy-mm-dd` (as a date input sends it), years 1900–2100.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
        .filter(|d| (1900..=2100).contains(&chrono::Datelike::year(d)))
}

/// ISO 13616: the country's length (Italy: 27), then mod 97 of the rearranged digits is 1.
pub fn iban_is_valid(iban: &str) -> bool {
    let bytes = iban.as_bytes();
    if bytes.len() < 15 || bytes.len() > 34 || !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    if iban.starts_with("IT") && bytes.len() != 27 {
        return false;
    }
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut rest: u32 = 0;
    for c in rearranged {
        let value = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        rest = if value < 10 {
            (rest * 10 + value) % 97
        } else {
            (rest * 100 + value) % 97
        };
    }
    rest == 1
}

crate::domain::wire::choice! {
    /// Where a submission stands: a draft, then sent, possibly taken in hand, then decided.
    pub enum SubmissionStatus {
        Draft = "bozza",
        Sent = "inviato",
        InProgress = "in_lavorazione",
        Accepted = "accolto",
        Refused = "respinto",
    }
    refusal = "Stato non valido.";
}

impl SubmissionStatus {
    /// How the status reads.
    pub fn label(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "Bozza",
            SubmissionStatus::Sent => "Inviato",
            SubmissionStatus::InProgress => "In lavorazione",
            SubmissionStatus::Accepted => "Accolto",
            SubmissionStatus::Refused => "Respinto",
        }
    }

    /// Sent and not yet decided.
    pub fn is_open(self) -> bool {
        matches!(self, SubmissionStatus::Sent | SubmissionStatus::InProgress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, kind: FieldKind, required: bool) -> Field {
        Field {
            name: name.into(),
            label: name.into(),
            kind,
            required,
            help: None,
            show_if: None,
            prefill: None,
        }
    }

    fn check(kind: FieldKind, value: &str) -> Result<String, String> {
        check_answer(&field("x", kind, true), value, &FormContext::default())
    }

    #[test]
    fn each_type_checks_and_normalises_its_answer() {
        assert_eq!(check(FieldKind::Text, "  Giulia "), Ok("Giulia".into()));
        for markup in [
            "<script>alert(1)</script>",
            "Anna</b>",
            "<img src=x onerror=alert(1)>",
            "<!-- x -->",
        ] {
            assert!(check(FieldKind::Text, markup).is_err(), "{markup}");
            assert!(check(FieldKind::LongText, markup).is_err(), "{markup}");
        }
        assert!(check(FieldKind::LongText, "bambini < 3 anni & fratelli > 6").is_ok());
        assert!(check(FieldKind::Text, &"a".repeat(501)).is_err());
        assert_eq!(
            check(FieldKind::Date, "14/03/2018"),
            Ok("2018-03-14".into())
        );
        assert_eq!(
            check(FieldKind::Date, "2018-03-14"),
            Ok("2018-03-14".into())
        );
        for bad in [
            "31/02/2018",
            "14-03-2018",
            "01/01/1899",
            "01/01/2999",
            "ieri",
        ] {
            assert!(check(FieldKind::Date, bad).is_err(), "{bad}");
        }
        let choice = FieldKind::Choice {
            options: vec![("primaria".into(), "Scuola primaria".into())],
        };
        assert_eq!(check(choice.clone(), "primaria"), Ok("primaria".into()));
        assert!(check(choice, "Scuola primaria").is_err());
        assert_eq!(check(FieldKind::YesNo, "si"), Ok("si".into()));
        assert!(check(FieldKind::YesNo, "forse").is_err());
        assert_eq!(
            check(FieldKind::FiscalCode, "rssgli18c54h501z"),
            Ok("RSSGLI18C54H501Z".into())
        );
        assert!(
            check(FieldKind::FiscalCode, "RSSGLI18C54H501A").is_err(),
            "wrong check character"
        );
        assert!(check(FieldKind::Email, "mario.rossi@example.org").is_ok());
        for bad in [
            "mario",
            "mario@",
            "@example.org",
            "mario@example",
            "ma rio@example.org",
            "a@b.org<script>",
        ] {
            assert!(check(FieldKind::Email, bad).is_err(), "{bad}");
        }
        assert_eq!(
            check(FieldKind::Phone, "+39 333 123 4567"),
            Ok("+393331234567".into())
        );
        assert!(check(FieldKind::Phone, "123").is_err());
        assert!(check(FieldKind::Phone, "333-ABC-4567").is_err());
        let number = FieldKind::Number { min: 0, max: 10 };
        assert_eq!(check(number.clone(), "7"), Ok("7".into()));
        assert!(check(number.clone(), "11").is_err());
        assert!(check(number, "7,5").is_err());
        let money = FieldKind::Money {
            min_cents: 0,
            max_cents: 10_000_000,
        };
        assert_eq!(check(money.clone(), "12.400,50"), Ok("1240050".into()));
        assert!(check(money.clone(), "-5").is_err());
        assert!(check(money, "dodici").is_err());
    }

    #[test]
    fn iban_check_digits() {
        assert!(iban_is_valid("IT60X0542811101000000123456"));
        assert_eq!(
            check(FieldKind::Iban, "it60 x054 2811 1010 0000 0123 456"),
            Ok("IT60X0542811101000000123456".into())
        );
        assert!(
            !iban_is_valid("IT61X0542811101000000123456"),
            "check digits"
        );
        assert!(
            !iban_is_valid("IT60X054281110100000012345"),
            "Italian length"
        );
        assert!(iban_is_valid("GB82WEST12345698765432"));
        assert!(!iban_is_valid("GB82WEST12345698765433"), "a digit changed");
        assert!(iban_is_valid("DE89370400440532013000"));
        assert!(!iban_is_valid("IT60X05428111010000001234-6"));
    }

    #[test]
    fn required_fields_and_files_by_content_and_size() {
        let required = field("x", FieldKind::Text, true);
        let none = FormContext::default();
        assert_eq!(
            check_answer(&required, "  ", &none),
            Err("Campo obbligatorio.".into())
        );
        let optional = field("x", FieldKind::Text, false);
        assert_eq!(check_answer(&optional, "", &none), Ok(String::new()));
        let file = field(
            "certificato",
            FieldKind::File {
                accept: vec![FileType::Pdf, FileType::Jpeg, FileType::Png],
            },
            true,
        );
        let upload = |t: Option<FileType>, size| FormContext {
            uploads: [("u1".to_string(), UploadFacts { file_type: t, size })].into(),
            ..FormContext::default()
        };
        assert!(check_answer(&file, "u1", &upload(Some(FileType::Pdf), 1_000)).is_ok());
        assert!(check_answer(&file, "u1", &upload(Some(FileType::Png), MAX_FILE_BYTES)).is_ok());
        assert_eq!(
            check_answer(
                &file,
                "u1",
                &upload(Some(FileType::Pdf), MAX_FILE_BYTES + 1)
            ),
            Err("Il file supera i 5 MB.".into())
        );
        // A script named certificato.pdf is not a PDF; another person's upload is not there.
        assert!(check_answer(&file, "u1", &upload(None, 10)).is_err());
        assert!(check_answer(&file, "u2", &upload(Some(FileType::Pdf), 10)).is_err());
        assert!(check_answer(&file, "u1", &none).is_err());
        // Pupils and classes come from the context.
        let ctx = FormContext {
            pupils: vec![("RSSGLI18C54H501Z".into(), "Giulia Rossi".into())],
            classes: vec![("c1".into(), "Primaria · 3ª A".into())],
            ..FormContext::default()
        };
        assert!(check_answer(
            &field("a", FieldKind::Pupil, true),
            "RSSGLI18C54H501Z",
            &ctx
        )
        .is_ok());
        assert!(check_answer(
            &field("a", FieldKind::Pupil, true),
            "CNTSFO14S63F205Z",
            &ctx
        )
        .is_err());
        assert!(check_answer(&field("c", FieldKind::Class, true), "c1", &ctx).is_ok());
        assert!(check_answer(&field("c", FieldKind::Class, true), "c9", &ctx).is_err());
        assert_eq!(FileType::sniff(b"%PDF-1.7\n"), Some(FileType::Pdf));
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileType::Jpeg)
        );
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(FileType::Png)
        );
        assert_eq!(FileType::sniff(b"<script>alert(1)</script>"), None);
    }

    fn diet_form() -> FormDefinition {
        let mut allergy = field("allergie", FieldKind::LongText, true);
        allergy.show_if = Some(Condition {
            field: "allergico".into(),
            equals: "si".into(),
        });
        let mut detail = field("dettaglio", FieldKind::Text, true);
        detail.show_if = Some(Condition {
            field: "allergie".into(),
            equals: "altro".into(),
        });
        FormDefinition {
            code: "dieta".into(),
            version: 1,
            title: "Richiesta dieta speciale".into(),
            intro: String::new(),
            effect: Some(Effect::Diet),
            sections: vec![FormSection {
                title: "Dieta".into(),
                fields: vec![
                    field("alunno", FieldKind::FiscalCode, true),
                    field("allergico", FieldKind::YesNo, true),
                    allergy,
                    detail,
                ],
            }],
        }
    }

    #[test]
    fn conditions_show_and_check_only_what_applies() {
        let def = diet_form();
        assert_eq!(def.check(), Ok(()));
        let answers = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        // "No": the allergy fields are hidden, their stale answers dropped.
        let clean = check_answers(
            &def,
            &answers(&[
                ("alunno", "RSSGLI18C54H501Z"),
                ("allergico", "no"),
                ("allergie", "arachidi"),
            ]),
            &FormContext::default(),
        )
        .expect("valid");
        assert_eq!(clean.len(), 2);
        // "Sì": the allergy becomes required.
        let errors = check_answers(
            &def,
            &answers(&[("alunno", "RSSGLI18C54H501Z"), ("allergico", "si")]),
            &FormContext::default(),
        )
        .expect_err("missing");
        assert_eq!(
            errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            ["allergie"]
        );
        // A nested condition follows its parent's visibility.
        assert!(!def.is_shown(
            &def.sections[0].fields[3],
            &answers(&[("allergico", "no"), ("allergie", "altro")])
        ));
        // A field not in the definition is refused, with the others' errors too.
        let errors = check_answers(
            &def,
            &answers(&[("alunno", "x"), ("allergico", "no"), ("iban", "IT")]),
            &FormContext::default(),
        )
        .expect_err("refused");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(
            fields.contains(&"iban") && fields.contains(&"alunno"),
            "{fields:?}"
        );
    }

    #[test]
    fn broken_definitions_are_refused() {
        let mut def = diet_form();
        def.sections[0].fields[1].name = "alunno".into();
        assert_eq!(
            def.check(),
            Err(DefinitionError::FieldName("alunno".into()))
        );
        let mut def = diet_form();
        def.sections[0].fields.swap(1, 2);
        assert_eq!(
            def.check(),
            Err(DefinitionError::Condition("allergie".into()))
        );
        let mut def = diet_form();
        def.sections[0].fields[0].kind = FieldKind::Choice { options: vec![] };
        assert_eq!(def.check(), Err(DefinitionError::Kind("alunno".into())));
        let mut def = diet_form();
        def.code = "Dieta Speciale".into();
        assert_eq!(def.check(), Err(DefinitionError::CodeOrTitle));
        // The manual's example (how an Ente defines a form) parses and checks.
        let manual = include_str!("../../../docs/MANUAL.md");
        let example = manual
            .split("## Moduli online")
            .nth(1)
            .and_then(|s| s.split("```json").nth(1))
            .and_then(|s| s.split("```").next())
            .expect("the manual has a form example");
        let manual_form: FormDefinition = serde_json::from_str(example).expect("the manual's form");
        assert_eq!(manual_form.check(), Ok(()));
        assert_eq!(manual_form.code, "centro-estivo");
        // Definitions travel as JSON.
        let json = serde_json::to_string(&diet_form()).expect("json");
        assert_eq!(
            serde_json::from_str::<FormDefinition>(&json).expect("back"),
            diet_form()
        );
    }
}
