//! The registry of pupils and their families as the office keeps it: a list exported by
//! the school's software (one pupil a line, with their tutore and class), whose columns
//! the clerk matches to our fields, and the passage to the next school year.

use crate::domain::fiscal_code::FiscalCode;
use crate::domain::text_file::{date, Record};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// A file of more lines is refused: split it (a large Comune has a few thousand pupils).
pub const MAX_ROWS: usize = 5_000;
/// A registry list of 5 000 pupils is well under a megabyte.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Lines of the file shown under the column choice.
pub const PREVIEW_ROWS: usize = 5;

crate::domain::wire::choice! {
    /// A field of the registry the file's columns are matched to.
    pub enum Field {
        PupilFiscalCode = "alunno_cf",
        PupilGivenName = "alunno_nome",
        PupilFamilyName = "alunno_cognome",
        BirthDate = "nascita",
        School = "scuola",
        Class = "classe",
        Diet = "dieta",
        GuardianFiscalCode = "genitore_cf",
        GuardianGivenName = "genitore_nome",
        GuardianFamilyName = "genitore_cognome",
        Email = "email",
        Phone = "telefono",
        Resident = "residente",
    }
    refusal = "Campo dell'anagrafe non valido.";
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::PupilFiscalCode => "Codice fiscale alunno",
            Field::PupilGivenName => "Nome alunno",
            Field::PupilFamilyName => "Cognome alunno",
            Field::BirthDate => "Data di nascita",
            Field::School => "Scuola",
            Field::Class => "Classe",
            Field::Diet => "Dieta (facoltativa)",
            Field::GuardianFiscalCode => "Codice fiscale genitore",
            Field::GuardianGivenName => "Nome genitore",
            Field::GuardianFamilyName => "Cognome genitore",
            Field::Email => "E-mail genitore (facoltativa)",
            Field::Phone => "Telefono genitore (facoltativo)",
            Field::Resident => "Residente (sì/no)",
        }
    }

    pub fn required(self) -> bool {
        !matches!(self, Field::Diet | Field::Email | Field::Phone)
    }

    /// Words a column heading has for this field (any one set, all its words). Fields
    /// are guessed in `GUESS_ORDER`, so the tutore's "Nome genitore" is taken before the
    /// pupil's plain "Nome".
    fn heading_words(self) -> &'static [&'static [&'static str]] {
        match self {
            Field::GuardianFiscalCode => &[
                &["fiscale", "genitore"],
                &["cf", "genitore"],
                &["fiscale", "tutore"],
                &["cf", "tutore"],
            ],
            Field::GuardianGivenName => &[&["nome", "genitore"], &["nome", "tutore"]],
            Field::GuardianFamilyName => &[&["cognome", "genitore"], &["cognome", "tutore"]],
            Field::PupilFiscalCode => &[&["fiscale"], &["cf"]],
            Field::PupilGivenName => &[&["nome"]],
            Field::PupilFamilyName => &[&["cognome"]],
            Field::BirthDate => &[&["nascita"], &["nato"], &["nata"]],
            Field::School => &[&["scuola"], &["plesso"]],
            Field::Class => &[&["classe"], &["sezione"]],
            Field::Diet => &[&["dieta"]],
            Field::Email => &[&["email"], &["mail"], &["posta"]],
            Field::Phone => &[&["telefono"], &["cellulare"], &["tel"]],
            Field::Resident => &[&["residente"], &["residenza"]],
        }
    }
}

const GUESS_ORDER: [Field; 13] = [
    Field::GuardianFiscalCode,
    Field::GuardianGivenName,
    Field::GuardianFamilyName,
    Field::PupilFiscalCode,
    Field::PupilGivenName,
    Field::PupilFamilyName,
    Field::BirthDate,
    Field::School,
    Field::Class,
    Field::Diet,
    Field::Email,
    Field::Phone,
    Field::Resident,
];

/// Which column (from 0) holds each field; a field left out has none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping(BTreeMap<Field, usize>);

// `choice!` enums are ordered by declaration for the map.
impl PartialOrd for Field {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Field {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let at = |f: &Field| Field::ALL.iter().position(|x| x == f);
        at(self).cmp(&at(other))
    }
}

impl Mapping {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.0.get(&field).copied()
    }

    /// The columns guessed from the headings: lower case words, each column used once.
    pub fn guess(header: &[String]) -> Mapping {
        let words: Vec<Vec<String>> = header
            .iter()
            .map(|h| {
                h.to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        let mut mapping = BTreeMap::new();
        for field in GUESS_ORDER {
            let found = words.iter().enumerate().find(|(i, ws)| {
                !mapping.values().any(|taken| taken == i)
                    && field
                        .heading_words()
                        .iter()
                        .any(|set| set.iter().all(|w| ws.iter().any(|x| x == w)))
            });
            if let Some((i, _)) = found {
                mapping.insert(field, i);
            }
        }
        Mapping(mapping)
    }

    /// The columns the form chose (`alunno_cf` → "2"; empty: none) for a file of `width`
    /// columns, or what is wrong with the choice.
    pub fn from_form(
        form: &BTreeMap<String, String>,
        width: usize,
    ) -> Result<Mapping, Vec<String>> {
        let (mut mapping, mut errors) = (BTreeMap::new(), Vec::new());
        for &field in Field::ALL {
            match form.get(field.as_str()).map(|v| v.trim()).unwrap_or("") {
                "" if field.required() => errors.push(format!(
                    "Scegli la colonna del file che contiene «{}».",
                    field.label()
                )),
                "" => {}
                text => match text.parse::<usize>() {
                    Ok(i) if i < width => {
                        mapping.insert(field, i);
                    }
                    _ => errors.push(format!(
                        "La colonna scelta per «{}» non è nel file.",
                        field.label()
                    )),
                },
            }
        }
        if errors.is_empty() {
            Ok(Mapping(mapping))
        } else {
            Err(errors)
        }
    }

    /// As the form sends it back: field → column number.
    pub fn to_form(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .map(|(f, i)| (f.as_str().to_string(), i.to_string()))
            .collect()
    }
}

/// A tutore as the registry knows them: from a line of a list, or from the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guardian {
    pub fiscal_code: FiscalCode,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub resident: bool,
}

/// A pupil line of the file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PupilLine {
    pub line: usize,
    pub fiscal_code: FiscalCode,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: NaiveDate,
    pub school: String,
    pub class: String,
    pub diet: Option<String>,
    pub guardian: Guardian,
}

/// What is wrong on a line of the file (0: the file as a whole), in Italian.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl LineError {
    pub fn new(line: usize, message: impl Into<String>) -> LineError {
        LineError {
            line,
            message: message.into(),
        }
    }
}

/// The file's records, refused when it is empty, has no line after the headings or too
/// many lines.
pub fn check_size(records: &[Record]) -> Result<(), LineError> {
    match records.len() {
        0 => Err(LineError::new(0, "Il file è vuoto.")),
        1 => Err(LineError::new(
            0,
            "Il file non contiene alunni: dopo la riga delle intestazioni non c'è nessuna riga.",
        )),
        n if n > MAX_ROWS + 1 => Err(LineError::new(
            0,
            format!(
                "Il file ha {} righe: al massimo 5.000 alunni per file, dividilo in più file.",
                n - 1
            ),
        )),
        _ => Ok(()),
    }
}

/// Every line after the headings, checked; all errors of all lines, or the pupils.
pub fn pupils(records: &[Record], mapping: &Mapping) -> Result<Vec<PupilLine>, Vec<LineError>> {
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    let mut pupil_lines: HashMap<FiscalCode, usize> = HashMap::new();
    let mut guardians: HashMap<FiscalCode, (usize, String, String)> = HashMap::new();
    for record in records.iter().skip(1) {
        let mut wrong = |message: String| errors.push(LineError::new(record.line, message));
        let Some(p) = pupil(record, mapping, &mut wrong) else {
            continue;
        };
        if let Some(first) = pupil_lines.insert(p.fiscal_code.clone(), record.line) {
            wrong(format!(
                "L'alunno con codice fiscale {} è già alla riga {first}.",
                p.fiscal_code.as_str()
            ));
            continue;
        }
        let g = &p.guardian;
        let names = (g.given_name.to_lowercase(), g.family_name.to_lowercase());
        match guardians.get(&g.fiscal_code) {
            Some((first, given, family)) if (given, family) != (&names.0, &names.1) => {
                wrong(format!(
                    "Il genitore con codice fiscale {} ha un altro nome alla riga {first}.",
                    g.fiscal_code.as_str()
                ));
                continue;
            }
            Some(_) => {}
            None => {
                guardians.insert(g.fiscal_code.clone(), (record.line, names.0, names.1));
            }
        }
        out.push(p);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// One line as a pupil, or none after telling `wrong` every problem it has.
fn pupil(record: &Record, mapping: &Mapping, wrong: &mut impl FnMut(String)) -> Option<PupilLine> {
    let cell = |f: Field| {
        mapping
            .column(f)
            .and_then(|i| record.fields.get(i))
            .map_or("", |s| s.trim())
    };
    let mut ok = true;
    let mut required = |f: Field| {
        let text = cell(f);
        if text.is_empty() {
            wrong(format!("Manca «{}».", f.label()));
            ok = false;
        }
        text.to_string()
    };
    let (given, family) = (
        required(Field::PupilGivenName),
        required(Field::PupilFamilyName),
    );
    let (school, class) = (required(Field::School), required(Field::Class));
    let (g_given, g_family) = (
        required(Field::GuardianGivenName),
        required(Field::GuardianFamilyName),
    );
    let (pupil_cf, guardian_cf, birth, resident) = (
        required(Field::PupilFiscalCode),
        required(Field::GuardianFiscalCode),
        required(Field::BirthDate),
        required(Field::Resident),
    );
    let mut fiscal = |text: &str, whose: &str| {
        if text.is_empty() {
            return None;
        }
        FiscalCode::parse(text)
            .map_err(|e| wrong(format!("Codice fiscale {whose} «{text}» non valido: {e}")))
            .ok()
    };
    let pupil_cf = fiscal(&pupil_cf, "dell'alunno");
    let guardian_cf = fiscal(&guardian_cf, "del genitore");
    let birth_date = match birth.as_str() {
        "" => None,
        text => date(text).or_else(|| {
            wrong(format!(
                "«{text}» non è una data di nascita: scrivi gg/mm/aaaa."
            ));
            None
        }),
    };
    let resident = match resident.to_lowercase().as_str() {
        "" => None,
        "sì" | "si" | "s" | "x" | "1" | "vero" | "true" => Some(true),
        "no" | "n" | "0" | "falso" | "false" => Some(false),
        other => {
            wrong(format!(
                "«{other}» non va bene per «Residente»: scrivi sì o no."
            ));
            None
        }
    };
    let optional = |f: Field| Some(cell(f).to_string()).filter(|s| !s.is_empty());
    let email = optional(Field::Email);
    if let Some(e) = &email {
        if !e.contains('@') || e.contains(' ') {
            wrong(format!("«{e}» non è un indirizzo e-mail."));
            ok = false;
        }
    }
    Some(PupilLine {
        line: record.line,
        fiscal_code: pupil_cf?,
        given_name: given,
        family_name: family,
        birth_date: birth_date?,
        school,
        class,
        diet: optional(Field::Diet),
        guardian: Guardian {
            fiscal_code: guardian_cf?,
            given_name: g_given,
            family_name: g_family,
            email,
            phone: optional(Field::Phone),
            resident: resident?,
        },
    })
    .filter(|_| ok)
}

/// How many years a kind of school lasts (infanzia 3, primaria 5, secondaria di primo
/// grado 3); unknown kinds are taken as primary schools.
pub fn years_of_school(kind: &str) -> u32 {
    match kind {
        "infanzia" | "secondaria" => 3,
        _ => 5,
    }
}

/// The next year's name of a class: its leading number plus one ("1ª A" → "2ª A",
/// "3B" → "4B"), none when the class is the last of its school (its pupils leave). A
/// class without a leading number (an infanzia's "Sezione A") keeps its name.
pub fn promoted_class(name: &str, years: u32) -> Option<String> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    let Ok(n) = digits.parse::<u32>() else {
        return Some(name.to_string());
    };
    (n < years).then(|| format!("{}{}", n + 1, &name[digits.len()..]))
}

/// A first-year class ("1ª A"): the new year has one of the same name, empty, for the
/// pupils who arrive.
pub fn is_first_year(name: &str) -> bool {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    digits == "1"
}

/// An infanzia's sections mix ages: a child leaves in the year they turn six, when
/// primary school starts (`next_start`: the year the new school year starts).
pub fn leaves_infanzia(birth_date: NaiveDate, next_start: i32) -> bool {
    use chrono::Datelike;
    next_start - birth_date.year() >= 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text_file::{decode, records};

    const HEADER: &str = "Codice fiscale alunno;Nome;Cognome;Data di nascita;Scuola;Classe;Dieta;\
                          CF genitore;Nome genitore;Cognome genitore;E-mail;Telefono;Residente";

    fn checked(text: &str) -> Result<Vec<PupilLine>, Vec<LineError>> {
        let r = records(text);
        let header = r[0].fields.clone();
        pupils(&r, &Mapping::guess(&header))
    }

    #[test]
    fn headings_are_guessed_word_by_word() {
        let header: Vec<String> = HEADER.split(';').map(str::to_string).collect();
        let m = Mapping::guess(&header);
        for (i, f) in Field::ALL.iter().enumerate() {
            let expected = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12][i];
            assert_eq!(m.column(*f), Some(expected), "{f:?}");
        }
        // The form's choice round-trips, and a required field left out is named.
        let back = Mapping::from_form(&m.to_form(), 13).expect("valid");
        assert_eq!(back, m);
        let mut form = m.to_form();
        form.remove("alunno_cf");
        form.insert("dieta".into(), "13".into());
        let errors = Mapping::from_form(&form, 13).expect_err("invalid");
        assert_eq!(errors.len(), 2);
        assert!(errors[0].contains("Codice fiscale alunno"));
        assert!(errors[1].contains("non è nel file"));
    }

    #[test]
    fn a_valid_windows_1252_file_reads_with_accents() {
        let file = format!(
            "{HEADER}\r\nRSSLCU18T45H501D;Lucía;D'Amico;05/12/2018;Scuola primaria;2ª A;;\
             RSSMRA80A01H501U;Mario;Rossi;mario@example.it;;sì\r\n"
        );
        // Latin-1 is Windows-1252 for these letters.
        let bytes: Vec<u8> = file
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("latin-1"))
            .collect();
        assert!(std::str::from_utf8(&bytes).is_err());
        let got = checked(&decode(&bytes)).expect("valid");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].line, 2);
        assert_eq!(got[0].given_name, "Lucía");
        assert_eq!(got[0].class, "2ª A");
        assert!(got[0].guardian.resident);
        assert_eq!(got[0].diet, None);
    }

    #[test]
    fn every_error_of_every_line_is_reported() {
        let text = format!(
            "{HEADER}\n\
             RSSLCU18T45H501X;Lucia;Rossi;05/12/2018;S;1ª A;;RSSMRA80A01H501U;Mario;Rossi;;;sì\n\
             RSSLCU18T45H501D;;Rossi;31/02/2018;S;1ª A;;RSSMRA80A01H501U;Mario;Rossi;mario;;forse\n\
             RSSLCU18T45H501D;Lucia;Rossi;05/12/2018;S;1ª A;;RSSMRA80A01H501U;Mario;Rossi;;;no\n\
             RSSLCU18T45H501D;Lucia;Rossi;05/12/2018;S;1ª A;;RSSMRA80A01H501U;Mario;Bianchi;;;no\n"
        );
        let errors = checked(&text).expect_err("invalid");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 3, 3, 3, 5]);
        assert!(errors[0].message.contains("RSSLCU18T45H501X"));
        assert!(errors[1].message.contains("Nome alunno"));
        assert!(errors[2].message.contains("31/02/2018"));
        assert!(errors[3].message.contains("forse"));
        assert!(errors[4].message.contains("mario"));
        assert!(errors[5].message.contains("riga 4"));
    }

    #[test]
    fn files_without_pupils_or_with_too_many_lines_are_refused() {
        assert!(check_size(&records("")).is_err());
        assert!(check_size(&records(HEADER)).is_err());
        let long = format!("{HEADER}\n{}", "x;y\n".repeat(MAX_ROWS + 1));
        assert!(check_size(&records(&long))
            .expect_err("too long")
            .message
            .contains("5.000"));
    }

    #[test]
    fn classes_move_up_a_year_and_the_last_one_leaves() {
        assert_eq!(promoted_class("1ª A", 5).as_deref(), Some("2ª A"));
        assert_eq!(promoted_class("4B", 5).as_deref(), Some("5B"));
        assert_eq!(promoted_class("5ª A", 5), None);
        assert_eq!(promoted_class("3ª A", years_of_school("secondaria")), None);
        assert_eq!(promoted_class("Sezione A", 3).as_deref(), Some("Sezione A"));
        assert!(is_first_year("1ª B") && !is_first_year("11ª B") && !is_first_year("Sezione A"));
        let born = |y| NaiveDate::from_ymd_opt(y, 3, 1).expect("date");
        assert!(leaves_infanzia(born(2021), 2027));
        assert!(!leaves_infanzia(born(2022), 2027));
    }
}
