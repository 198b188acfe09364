//! The site's content as the office writes it: the rules for news, documents and pages, and
//! the sentences that say what is wrong, each tied to the field it is about.

use chrono::{DateTime, Utc};

pub const TITLE_MAX: usize = 150;
pub const SUMMARY_MAX: usize = 300;
pub const BODY_MAX: usize = 20_000;
pub const ALT_MAX: usize = 250;

/// Why content cannot be saved, with the form field it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("Scrivi il titolo.")]
    TitleMissing,
    #[error("Il titolo può avere al massimo 150 caratteri.")]
    TitleTooLong,
    #[error("Scrivi il sommario: una o due frasi mostrate nell'elenco.")]
    SummaryMissing,
    #[error("Il sommario può avere al massimo 300 caratteri.")]
    SummaryTooLong,
    #[error("Il testo può avere al massimo 20.000 caratteri.")]
    BodyTooLong,
    #[error("Indica data e ora della pubblicazione programmata.")]
    ScheduleMissing,
    #[error("La pubblicazione programmata deve essere in un momento futuro.")]
    ScheduleInPast,
    #[error("Scrivi il testo alternativo: descrive l'immagine a chi non la vede.")]
    AltMissing,
    #[error("Il testo alternativo può avere al massimo 250 caratteri.")]
    AltTooLong,
    #[error("Scegli un'immagine JPEG o PNG fino a 5 MB.")]
    ImageMissing,
    #[error("Tipo di immagine non ammesso: carica un JPEG o un PNG.")]
    ImageType,
    #[error("Scegli il file da caricare.")]
    FileMissing,
    #[error("Il file supera i 5 MB.")]
    FileTooBig,
    #[error("Tipo di file non ammesso: carica un PDF, un ODT, un ODS o un CSV.")]
    FileType,
    #[error("La descrizione può avere al massimo 300 caratteri.")]
    DescriptionTooLong,
    #[error("Esiste già una pagina con questo titolo: scegline un altro.")]
    PageExists,
    #[error("Scegli la categoria del documento.")]
    CategoryMissing,
}

impl ContentError {
    pub const ALL: [ContentError; 17] = [
        ContentError::TitleMissing,
        ContentError::TitleTooLong,
        ContentError::SummaryMissing,
        ContentError::SummaryTooLong,
        ContentError::BodyTooLong,
        ContentError::ScheduleMissing,
        ContentError::ScheduleInPast,
        ContentError::AltMissing,
        ContentError::AltTooLong,
        ContentError::ImageMissing,
        ContentError::ImageType,
        ContentError::FileMissing,
        ContentError::FileTooBig,
        ContentError::FileType,
        ContentError::DescriptionTooLong,
        ContentError::PageExists,
        ContentError::CategoryMissing,
    ];

    /// The form field the sentence belongs next to (the `name` of the input).
    pub fn field(self) -> &'static str {
        use ContentError::*;
        match self {
            TitleMissing | TitleTooLong | PageExists => "title",
            SummaryMissing | SummaryTooLong => "summary",
            BodyTooLong => "body",
            ScheduleMissing | ScheduleInPast => "publish_at",
            AltMissing | AltTooLong => "alt",
            ImageMissing | ImageType | FileMissing | FileTooBig | FileType => "file",
            DescriptionTooLong => "description",
            CategoryMissing => "category",
        }
    }

    /// A short word for the address a plain upload form comes back to.
    pub fn code(self) -> &'static str {
        use ContentError::*;
        match self {
            TitleMissing => "titolo",
            TitleTooLong => "titolo-lungo",
            SummaryMissing => "sommario",
            SummaryTooLong => "sommario-lungo",
            BodyTooLong => "testo-lungo",
            ScheduleMissing => "data",
            ScheduleInPast => "data-passata",
            AltMissing => "alt",
            AltTooLong => "alt-lungo",
            ImageMissing => "immagine",
            ImageType => "tipo-immagine",
            FileMissing => "file",
            FileTooBig => "troppo-grande",
            FileType => "tipo",
            DescriptionTooLong => "descrizione-lunga",
            PageExists => "pagina-esistente",
            CategoryMissing => "categoria",
        }
    }

    pub fn from_code(code: &str) -> Option<ContentError> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The error whose sentence this is (an `AppError::BadRequest` carries the sentence).
    pub fn from_message(message: &str) -> Option<ContentError> {
        Self::ALL.into_iter().find(|e| e.to_string() == message)
    }
}

/// Bad input: the sentence reaches the person next to the field (400).
impl From<ContentError> for crate::error::AppError {
    fn from(e: ContentError) -> Self {
        crate::error::AppError::BadRequest(e.to_string())
    }
}

fn length(text: &str) -> usize {
    text.chars().count()
}

/// A title (of news, a document, a page): required, at most [`TITLE_MAX`] characters.
pub fn check_title(title: &str) -> Result<&str, ContentError> {
    match title.trim() {
        "" => Err(ContentError::TitleMissing),
        t if length(t) > TITLE_MAX => Err(ContentError::TitleTooLong),
        t => Ok(t),
    }
}

/// A news item's words, checked: title, summary (both required) and body.
pub fn check_news_text<'a>(
    title: &'a str,
    summary: &'a str,
    body: &'a str,
) -> Result<(&'a str, &'a str, &'a str), ContentError> {
    let title = check_title(title)?;
    let summary = match summary.trim() {
        "" => return Err(ContentError::SummaryMissing),
        s if length(s) > SUMMARY_MAX => return Err(ContentError::SummaryTooLong),
        s => s,
    };
    let body = check_body(body)?;
    Ok((title, summary, body))
}

pub fn check_body(body: &str) -> Result<&str, ContentError> {
    let body = body.trim();
    if length(body) > BODY_MAX {
        return Err(ContentError::BodyTooLong);
    }
    Ok(body)
}

/// An image's alternative text: required (WCAG 1.1.1), at most [`ALT_MAX`] characters.
pub fn check_alt(alt: &str) -> Result<&str, ContentError> {
    match alt.trim() {
        "" => Err(ContentError::AltMissing),
        a if length(a) > ALT_MAX => Err(ContentError::AltTooLong),
        a => Ok(a),
    }
}

pub fn check_description(description: &str) -> Result<&str, ContentError> {
    let d = description.trim();
    if length(d) > SUMMARY_MAX {
        return Err(ContentError::DescriptionTooLong);
    }
    Ok(d)
}

/// What the office decided for a news item, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Publication {
    Draft,
    /// Shown from its publication instant on (a future one: scheduled).
    Published,
    Withdrawn,
}

impl Publication {
    pub fn as_db(self) -> &'static str {
        match self {
            Publication::Draft => "draft",
            Publication::Published => "published",
            Publication::Withdrawn => "withdrawn",
        }
    }

    pub fn from_db(text: &str) -> Option<Publication> {
        [
            Publication::Draft,
            Publication::Published,
            Publication::Withdrawn,
        ]
        .into_iter()
        .find(|p| p.as_db() == text)
    }
}

crate::domain::wire::choice! {
    /// A news item's state as the office sees it.
    pub enum NewsState {
        Draft = "bozza",
        Scheduled = "programmata",
        Published = "pubblicata",
        Withdrawn = "ritirata",
    }
    refusal = "Stato della notizia non valido.";
}

impl NewsState {
    pub fn of(publication: Publication, published_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        match publication {
            Publication::Draft => NewsState::Draft,
            Publication::Withdrawn => NewsState::Withdrawn,
            Publication::Published if published_at > now => NewsState::Scheduled,
            Publication::Published => NewsState::Published,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NewsState::Draft => "Bozza",
            NewsState::Scheduled => "Programmata",
            NewsState::Published => "Pubblicata",
            NewsState::Withdrawn => "Ritirata",
        }
    }
}

crate::domain::wire::choice! {
    /// What saving a news item does: keep it a draft, publish it now, or schedule it.
    pub enum PublishMode {
        Draft = "bozza",
        Now = "pubblica",
        Schedule = "programma",
    }
    refusal = "Scegli se salvare la bozza, pubblicare ora o programmare.";
}

crate::domain::wire::choice! {
    /// The groups of the documents page.
    pub enum DocumentCategory {
        Regulations = "regolamenti",
        Fees = "tariffe",
        Menus = "menu",
        Calendars = "calendari",
        Forms = "moduli",
        Transport = "trasporto",
        Other = "altro",
    }
    refusal = "Scegli la categoria del documento.";
}

impl DocumentCategory {
    pub fn label(self) -> &'static str {
        match self {
            DocumentCategory::Regulations => "Regolamenti",
            DocumentCategory::Fees => "Tariffe",
            DocumentCategory::Menus => "Menù",
            DocumentCategory::Calendars => "Calendari",
            DocumentCategory::Forms => "Moduli",
            DocumentCategory::Transport => "Trasporto",
            DocumentCategory::Other => "Altri documenti",
        }
    }
}

/// The kinds of file the office may publish as documents, told by their content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentFormat {
    Pdf,
    Odt,
    Ods,
    Csv,
}

impl DocumentFormat {
    /// What the bytes are: PDF by signature, ODT/ODS by the `mimetype` entry every
    /// OpenDocument file starts with, CSV as UTF-8 text without control characters under a
    /// `.csv` name (text has no signature).
    pub fn sniff(bytes: &[u8], file_name: &str) -> Option<DocumentFormat> {
        if bytes.starts_with(b"%PDF-") {
            return Some(DocumentFormat::Pdf);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return match open_document_type(bytes)? {
                b"application/vnd.oasis.opendocument.text" => Some(DocumentFormat::Odt),
                b"application/vnd.oasis.opendocument.spreadsheet" => Some(DocumentFormat::Ods),
                _ => None,
            };
        }
        let text = std::str::from_utf8(bytes).ok()?;
        let plain = !text.is_empty()
            && text
                .chars()
                .all(|c| !c.is_control() || matches!(c, '\t' | '\r' | '\n'));
        (plain && file_name.to_ascii_lowercase().ends_with(".csv")).then_some(DocumentFormat::Csv)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Odt => "application/vnd.oasis.opendocument.text",
            DocumentFormat::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            DocumentFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// The content of the first ZIP entry when it is the stored `mimetype` of OpenDocument.
fn open_document_type(bytes: &[u8]) -> Option<&[u8]> {
    let u16_at = |i: usize| Some(u16::from_le_bytes([*bytes.get(i)?, *bytes.get(i + 1)?]));
    let size = usize::from(u16_at(18)?);
    let (name_len, extra_len) = (usize::from(u16_at(26)?), usize::from(u16_at(28)?));
    if bytes.get(30..30 + name_len)? != b"mimetype" {
        return None;
    }
    let start = 30 + name_len + extra_len;
    bytes.get(start..start + size)
}

crate::domain::wire::choice! {
    /// The pages every public administration's site must have, in the footer of every page.
    pub enum PageSlot {
        Privacy = "privacy",
        Accessibility = "accessibilita",
        Legal = "note-legali",
        Contacts = "contatti",
        Faq = "domande-frequenti",
    }
    refusal = "Pagina non valida.";
}

impl PageSlot {
    pub fn from_slug(slug: &str) -> Option<PageSlot> {
        PageSlot::parse(slug).ok()
    }

    pub fn title(self) -> &'static str {
        match self {
            PageSlot::Privacy => "Informativa sulla privacy",
            PageSlot::Accessibility => "Dichiarazione di accessibilità",
            PageSlot::Legal => "Note legali",
            PageSlot::Contacts => "Contatti",
            PageSlot::Faq => "Domande frequenti",
        }
    }

    /// The text shown until the office writes its own, and the editor's starting point.
    pub fn default_body(self, ente: &str, address: &str) -> String {
        match self {
            PageSlot::Privacy => format!(
                "Titolare del trattamento dei dati personali raccolti da questo portale è il **{ente}**, {address}.\n\n\
                 I dati sono trattati per erogare i servizi scolastici richiesti (art. 13 del Regolamento UE 2016/679). \
                 L'informativa completa è in preparazione: per informazioni rivolgiti all'ufficio scuola dell'Ente."
            ),
            PageSlot::Accessibility => format!(
                "Il **{ente}** si impegna a rendere accessibile questo portale, conformemente alla legge 4/2004.\n\n\
                 La dichiarazione di accessibilità è compilata sul [sito dell'AgID](https://form.agid.gov.it). \
                 Per segnalare un problema di accessibilità scrivi all'ufficio scuola dell'Ente."
            ),
            PageSlot::Legal => format!(
                "I contenuti di questo portale sono pubblicati dal **{ente}**, {address}. \
                 Salvo diversa indicazione, sono riutilizzabili citando la fonte."
            ),
            PageSlot::Contacts => format!(
                "**{ente}**\n{address}\n\n## Orari dell'ufficio\n\nDa indicare.\n\n\
                 ## Recapiti\n\n- Telefono: da indicare\n- E-mail: da indicare\n- PEC: da indicare"
            ),
            PageSlot::Faq => format!(
                "## Come accedo all'area personale?\n\nCon SPID o CIE, dal pulsante «Accedi».\n\n\
                 ## A chi chiedo informazioni?\n\nAll'ufficio scuola del {ente}."
            ),
        }
    }
}

/// The address of a page from its title: lowercase ASCII letters, digits and dashes.
pub fn slug_of(title: &str) -> String {
    let mut slug = String::new();
    for c in title.to_lowercase().chars() {
        let plain = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if plain != '-' || !(slug.is_empty() || slug.ends_with('-')) {
            slug.push(plain);
        }
    }
    let slug = slug.trim_end_matches('-');
    slug.chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// A page address as found in a link: the form [`slug_of`] makes.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 60
        && !text.starts_with('-')
        && !text.ends_with('-')
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_text_needs_a_title_and_a_summary() {
        assert_eq!(
            check_news_text("  ", "s", "b"),
            Err(ContentError::TitleMissing)
        );
        assert_eq!(
            check_news_text("T", "", "b"),
            Err(ContentError::SummaryMissing)
        );
        assert_eq!(
            check_news_text(&"x".repeat(151), "s", ""),
            Err(ContentError::TitleTooLong)
        );
        assert_eq!(check_news_text(" T ", " s ", ""), Ok(("T", "s", "")));
        assert_eq!(check_alt(" "), Err(ContentError::AltMissing));
    }

    #[test]
    fn every_error_has_its_field_code_and_sentence() {
        for e in ContentError::ALL {
            assert_eq!(ContentError::from_code(e.code()), Some(e));
            assert_eq!(ContentError::from_message(&e.to_string()), Some(e));
            assert!(!e.field().is_empty());
        }
        assert_eq!(ContentError::from_message("Altro."), None);
    }

    #[test]
    fn states_follow_the_clock() {
        let t = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .expect("instant")
                .with_timezone(&Utc)
        };
        let now = t("2026-12-03T10:00:00Z");
        let later = t("2026-12-04T10:00:00Z");
        assert_eq!(
            NewsState::of(Publication::Published, later, now),
            NewsState::Scheduled
        );
        assert_eq!(
            NewsState::of(Publication::Published, now, now),
            NewsState::Published
        );
        assert_eq!(
            NewsState::of(Publication::Draft, now, now),
            NewsState::Draft
        );
        assert_eq!(
            Publication::from_db("withdrawn"),
            Some(Publication::Withdrawn)
        );
    }

    fn odf(mimetype: &str) -> Vec<u8> {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend([0u8; 14]);
        let len = u16::try_from(mimetype.len()).expect("short");
        b.extend(len.to_le_bytes());
        b.extend([0, 0]);
        b.extend(len.to_le_bytes());
        b.extend([0, 0]);
        b.extend(8u16.to_le_bytes());
        b.extend(0u16.to_le_bytes());
        b.extend(b"mimetype");
        b.extend(mimetype.as_bytes());
        b.extend(b"PK\x03\x04 rest of the archive");
        b
    }

    #[test]
    fn documents_are_told_by_their_content() {
        let sniff = DocumentFormat::sniff;
        assert_eq!(sniff(b"%PDF-1.7 ...", "x.txt"), Some(DocumentFormat::Pdf));
        assert_eq!(
            sniff(&odf("application/vnd.oasis.opendocument.text"), "a.odt"),
            Some(DocumentFormat::Odt)
        );
        assert_eq!(
            sniff(&odf("application/vnd.oasis.opendocument.spreadsheet"), "a"),
            Some(DocumentFormat::Ods)
        );
        assert_eq!(sniff(&odf("application/epub+zip"), "a.odt"), None);
        assert_eq!(sniff(b"PK\x03\x04short", "a.odt"), None);
        assert_eq!(sniff(b"a;b\n1;2\n", "f.CSV"), Some(DocumentFormat::Csv));
        assert_eq!(
            sniff(b"a;b\n1;2\n", "f.pdf"),
            None,
            "a PDF name is not a PDF"
        );
        assert_eq!(sniff(b"MZ\x90\x00\x03", "virus.csv"), None);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0], "foto.pdf"), None);
        assert_eq!(sniff(b"", "vuoto.csv"), None);
    }

    #[test]
    fn slugs_are_plain() {
        assert_eq!(
            slug_of("Servizio mensa: più info!"),
            "servizio-mensa-piu-info"
        );
        assert_eq!(slug_of("  --  "), "");
        assert!(is_slug("note-legali"));
        assert!(!is_slug("../x") && !is_slug("") && !is_slug("-a"));
        assert_eq!(PageSlot::from_slug("contatti"), Some(PageSlot::Contacts));
        assert!(PageSlot::Contacts
            .default_body("Comune di X", "Via Roma 1")
            .contains("PEC"));
    }
}
