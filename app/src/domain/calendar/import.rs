//! The regional school calendar as Regioni and schools publish it: a spreadsheet saved as
//! CSV (first day; last day, empty for one day; reason) or an iCalendar file (all-day
//! events). Every line is checked; the office sees each error with its line number.

use super::ClosurePeriod;
use crate::domain::text_file::{date, decode, records};
use chrono::NaiveDate;

/// A closure read from the file, with the line where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedClosure {
    pub line: usize,
    pub period: ClosurePeriod,
}

/// What is wrong on a line of the file, in Italian.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// The closures of a CSV or iCalendar file, or every error found in it. A file with no
/// closure at all is an error too (line 0: the whole file).
pub fn parse(bytes: &[u8]) -> Result<Vec<ImportedClosure>, Vec<LineError>> {
    let text = decode(bytes);
    let (closures, errors) = if text.trim_start().starts_with("BEGIN:VCALENDAR") {
        from_icalendar(&text)
    } else {
        from_csv(&text)
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    if closures.is_empty() {
        return Err(vec![LineError {
            line: 0,
            message: "Il file non contiene chiusure: servono le colonne «dal», «al» e «motivo» (CSV) o eventi di un calendario (ICS).".into(),
        }]);
    }
    Ok(closures)
}

type Parsed = (Vec<ImportedClosure>, Vec<LineError>);

fn from_csv(text: &str) -> Parsed {
    let (mut closures, mut errors) = (Vec::new(), Vec::new());
    for (i, record) in records(text).into_iter().enumerate() {
        let field = |n: usize| record.fields.get(n).map_or("", String::as_str);
        let Some(first) = date(field(0)) else {
            // The first line may be the column headings.
            if i > 0 {
                errors.push(LineError {
                    line: record.line,
                    message: format!("«{}» non è una data: scrivi gg/mm/aaaa.", field(0)),
                });
            }
            continue;
        };
        let last = match field(1) {
            "" => Some(first),
            text => date(text),
        };
        let Some(last) = last else {
            errors.push(LineError {
                line: record.line,
                message: format!("«{}» non è una data: scrivi gg/mm/aaaa.", field(1)),
            });
            continue;
        };
        match ClosurePeriod::new(first, last, field(2)) {
            Ok(period) => closures.push(ImportedClosure {
                line: record.line,
                period,
            }),
            Err(message) => errors.push(LineError {
                line: record.line,
                message,
            }),
        }
    }
    (closures, errors)
}

/// All-day events (`DTSTART;VALUE=DATE`): iCalendar's end date is the day *after* the
/// event, so the last closed day is the one before it. Events with a time of day take the
/// dates they touch.
fn from_icalendar(text: &str) -> Parsed {
    let (mut closures, mut errors) = (Vec::new(), Vec::new());
    let mut event: Option<(usize, Vec<(String, String)>)> = None;
    for (line, content) in unfolded(text) {
        let Some((name, value)) = content.split_once(':') else {
            continue;
        };
        match (name, value.trim()) {
            ("BEGIN", "VEVENT") => event = Some((line, Vec::new())),
            ("END", "VEVENT") => {
                if let Some((start, props)) = event.take() {
                    match event_period(&props) {
                        Ok(period) => closures.push(ImportedClosure {
                            line: start,
                            period,
                        }),
                        Err(message) => errors.push(LineError {
                            line: start,
                            message,
                        }),
                    }
                }
            }
            _ => {
                if let Some((_, props)) = event.as_mut() {
                    props.push((name.to_string(), value.to_string()));
                }
            }
        }
    }
    (closures, errors)
}

/// The content lines with the number of the line each starts on (RFC 5545 folds long
/// lines by starting the continuation with a space or a tab).
fn unfolded(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let raw = raw.trim_end_matches('\r');
        match (raw.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => out.push((i + 1, raw.to_string())),
        }
    }
    out
}

fn event_period(props: &[(String, String)]) -> Result<ClosurePeriod, String> {
    // A property's name may carry parameters: `DTSTART;VALUE=DATE`.
    let get = |key: &str| {
        props
            .iter()
            .find(|(name, _)| name.split(';').next() == Some(key))
            .map(|(name, value)| (name.contains("VALUE=DATE") || value.len() == 8, value))
    };
    let ical_date = |value: &str| {
        value
            .get(..8)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
    };
    let (_, start) = get("DTSTART").ok_or("Evento senza data di inizio (DTSTART).")?;
    let first = ical_date(start).ok_or_else(|| format!("«{start}» non è una data iCalendar."))?;
    let last = match get("DTEND") {
        None => first,
        Some((all_day, end)) => {
            let end = ical_date(end).ok_or_else(|| format!("«{end}» non è una data iCalendar."))?;
            match (all_day, end.pred_opt()) {
                (true, Some(before)) if before >= first => before,
                _ => end,
            }
        }
    };
    let summary = get("SUMMARY").map_or(String::new(), |(_, s)| unescape(s));
    ClosurePeriod::new(first, last, &summary)
}

fn unescape(text: &str) -> String {
    text.replace("\\n", " ")
        .replace("\\N", " ")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn a_csv_calendar_with_headings_in_windows_1252() {
        let file = b"Dal;Al;Motivo\r\n23/12/2026;06/01/2027;Vacanze di Natale\r\n\
                     2027-02-15;;Festa del patrono\r\n01/04/2027;06/04/2027;Vacanze di Pasqua \xE0\r\n";
        let got = parse(file).expect("valid");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].line, 2);
        assert_eq!(
            got[0].period,
            ClosurePeriod::new(d(2026, 12, 23), d(2027, 1, 6), "Vacanze di Natale").expect("p")
        );
        assert_eq!(got[1].period.first_day, got[1].period.last_day);
        assert_eq!(got[2].period.reason, "Vacanze di Pasqua à");
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let file =
            "dal,al,motivo\n31/02/2027,,Ponte\n10/03/2027,09/03/2027,Elezioni\n11/03/2027,,\n";
        let errors = parse(file.as_bytes()).expect_err("invalid");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert!(errors[0].message.contains("31/02/2027"));
        assert!(errors[1].message.contains("viene prima"));
        assert!(errors[2].message.contains("motivo"));
        assert_eq!(parse(b"dal;al;motivo\n").expect_err("empty")[0].line, 0);
    }

    #[test]
    fn icalendar_all_day_events_end_the_day_before_dtend() {
        let file = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261223\r\n\
                    DTEND;VALUE=DATE:20270107\r\nSUMMARY:Vacanze di Natale\\, Regione\r\n  Lombardia\r\nEND:VEVENT\r\n\
                    BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270215\r\nSUMMARY:Patrono\r\nEND:VEVENT\r\n\
                    BEGIN:VEVENT\r\nDTSTART:20270301T080000Z\r\nDTEND:20270301T130000Z\r\nSUMMARY:Elezioni\r\nEND:VEVENT\r\n\
                    END:VCALENDAR\r\n";
        let got = parse(file.as_bytes()).expect("valid");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].line, 3);
        assert_eq!(
            got[0].period,
            ClosurePeriod::new(
                d(2026, 12, 23),
                d(2027, 1, 6),
                "Vacanze di Natale, Regione Lombardia"
            )
            .expect("p")
        );
        assert_eq!(got[1].period.last_day, d(2027, 2, 15));
        assert_eq!(got[2].period.first_day, got[2].period.last_day);
        let broken =
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Senza data\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(parse(broken.as_bytes()).expect_err("no start")[0].line, 2);
    }
}
