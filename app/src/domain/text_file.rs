//! Text files the office uploads (school calendars, registry lists): exported by
//! spreadsheets in UTF-8 or in Windows-1252 (Excel's default on Italian Windows), with `;`
//! (Italian Excel) or `,` between fields. Decoded here once, so every import reads them the
//! same way and reports errors by the line the clerk sees in the file.

/// The bytes as text: UTF-8 (a byte-order mark dropped), or else Windows-1252, which
/// decodes any byte sequence.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|b| windows_1252(*b)).collect(),
    }
}

/// Windows-1252 is Latin-1 except 0x80–0x9F, where it puts €, curly quotes, dashes… (the
/// five bytes it leaves undefined are kept as the control character of the same number).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// A date as spreadsheets write it: `23/12/2026`, `23-12-2026` or `2026-12-23`.
pub fn date(text: &str) -> Option<chrono::NaiveDate> {
    ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(text.trim(), f).ok())
}

/// One record of a delimited file and the line (from 1) it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// The records of a `;`- or `,`-separated text (the separator is the one the first
/// non-empty line uses more). Fields may be quoted (`"a; b"`, `""` for a quote, line breaks
/// inside quotes); spaces around fields are trimmed; blank lines are skipped.
pub fn records(text: &str) -> Vec<Record> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let separator = if first.matches(',').count() > first.matches(';').count() {
        ','
    } else {
        ';'
    };
    let mut out = Vec::new();
    let (mut fields, mut field) = (Vec::new(), String::new());
    let (mut line, mut start, mut quoted) = (1, 1, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            c if c == separator && !quoted => fields.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                fields.push(std::mem::take(&mut field));
                push_record(&mut out, start, std::mem::take(&mut fields));
                line += 1;
                start = line;
            }
            c => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        }
    }
    fields.push(field);
    push_record(&mut out, start, fields);
    out
}

fn push_record(out: &mut Vec<Record>, line: usize, fields: Vec<String>) {
    let fields: Vec<String> = fields.into_iter().map(|f| f.trim().to_string()).collect();
    if fields.iter().any(|f| !f.is_empty()) {
        out.push(Record { line, fields });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_windows_1252_decode_to_the_same_text() {
        assert_eq!(decode("Attività;€".as_bytes()), "Attività;€");
        assert_eq!(decode(b"\xEF\xBB\xBFNatale"), "Natale");
        assert_eq!(decode(b"Attivit\xE0;\x80 5"), "Attività;€ 5");
        assert_eq!(decode(b"\x93ponte\x94"), "“ponte”");
    }

    #[test]
    fn records_split_on_the_files_separator_with_quotes_and_line_numbers() {
        let text = "dal;al;motivo\r\n\n23/12/2026;06/01/2027;\"Natale; Epifania\"\n\
                    01/04/2027;;\"detto \"\"ponte\"\"\nsu due righe\"\n";
        let r = records(text);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].line, 1);
        assert_eq!(r[1].line, 3);
        assert_eq!(
            r[1].fields,
            ["23/12/2026", "06/01/2027", "Natale; Epifania"]
        );
        assert_eq!(r[2].line, 4);
        assert_eq!(
            r[2].fields,
            ["01/04/2027", "", "detto \"ponte\"\nsu due righe"]
        );
        let commas = records("a, b ,c\n1,2,3");
        assert_eq!(commas[0].fields, ["a", "b", "c"]);
        assert_eq!(commas[1].line, 2);
    }
}
