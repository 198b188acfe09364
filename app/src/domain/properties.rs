//! Properties of every parser of outside input: whatever the text or bytes, it answers
//! (never panics), and where a value has a written form, reading it back gives the value.

use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 ,.€-]{0,24}",
        "[A-Z0-9]{0,20}",
        "[0-9]{4}-[0-9]{2}(-[0-9]{2})?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn money_reads_back_what_it_writes(cents in -10_000_000_000i64..10_000_000_000i64, text in any_text()) {
        use super::money::Money;
        let _ = Money::parse_it(&text);
        let m = Money::from_cents(cents);
        prop_assert_eq!(Money::parse_it(&m.to_string()), Ok(m));
    }

    #[test]
    fn fiscal_codes_parse_to_themselves(
        text in any_text(),
        shaped in "[A-Z]{6}[0-9]{2}[ABCDEHLMPRST][0-9]{2}[A-Z][0-9]{3}[A-Z]",
    ) {
        use super::fiscal_code::FiscalCode;
        let _ = FiscalCode::parse(&text);
        if let Ok(cf) = FiscalCode::parse(&shaped) {
            prop_assert_eq!(FiscalCode::parse(cf.as_str()), Ok(cf.clone()));
            prop_assert_eq!(FiscalCode::parse(&cf.as_str().to_lowercase()), Ok(cf));
        }
    }

    #[test]
    fn notice_numbers_parse_to_themselves(base in 0u64..10_000_000_000_000, segregation in 0u8..100, text in any_text()) {
        use super::notice::NoticeNumber;
        use super::tenant::SegregationCode;
        let _ = NoticeNumber::parse(&text);
        let segregation = SegregationCode::parse(&format!("{segregation:02}")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Ok(n) = NoticeNumber::new(segregation, base) {
            prop_assert_eq!(NoticeNumber::parse(n.as_str()), Ok(n.clone()));
            prop_assert_eq!(NoticeNumber::parse(&n.grouped()), Ok(n));
        }
    }

    #[test]
    fn days_and_months_parse_to_themselves(days in 0i64..200_000, text in any_text()) {
        use super::date::{Day, Month};
        let _ = (Day::parse(&text), Month::parse(&text), super::forms::parse_date(&text));
        let date = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() + chrono::Duration::days(days);
        prop_assert_eq!(Day::parse(&Day::from(date).to_string()), Ok(Day::from(date)));
        let month = Month::of(date);
        prop_assert_eq!(Month::parse(&month.to_string()), Ok(month));
    }

    #[test]
    fn ids_choices_and_codes_never_panic(text in any_text()) {
        let _ = super::ids::PupilId::parse(&text);
        let _ = super::identity::Role::parse(&text);
        let _ = super::audit::AuditAction::parse(&text);
        let _ = super::tenant::SegregationCode::parse(&text);
        let _ = super::forms::iban_is_valid(&text);
        let _ = super::tariffs::BandKind::parse(&text);
    }

    #[test]
    fn files_are_sniffed_and_decoded_whatever_the_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512), name in any_text()) {
        let _ = super::forms::FileType::sniff(&bytes);
        let _ = super::content::DocumentFormat::sniff(&bytes, &name);
        let text = super::text_file::decode(&bytes);
        let _ = super::text_file::records(&text);
        let _ = super::calendar::import::parse(&bytes);
    }

    #[test]
    fn every_kind_of_form_answer_is_checked_without_panic(raw in any_text(), min in any::<i64>(), max in any::<i64>()) {
        use super::forms::{check_answer, Field, FieldKind, FileType, FormContext};
        let kinds = [
            FieldKind::Text,
            FieldKind::LongText,
            FieldKind::Date,
            FieldKind::Choice { options: vec![("a".into(), "A".into())] },
            FieldKind::YesNo,
            FieldKind::FiscalCode,
            FieldKind::Email,
            FieldKind::Phone,
            FieldKind::Iban,
            FieldKind::Number { min, max },
            FieldKind::Money { min_cents: min, max_cents: max },
            FieldKind::File { accept: vec![FileType::Pdf] },
            FieldKind::Pupil,
            FieldKind::Class,
        ];
        for kind in kinds {
            let field = Field {
                name: "campo".into(),
                label: "Campo".into(),
                kind,
                required: true,
                help: None,
                show_if: None,
                prefill: None,
            };
            let _ = check_answer(&field, &raw, &FormContext::default());
        }
    }

    #[test]
    fn form_definitions_are_read_and_checked_without_panic(text in any::<String>()) {
        let json = format!("{{\"title\":\"x\",\"sections\":[{{\"title\":\"{}\",\"fields\":[]}}]}}", text.replace(['"', '\\'], ""));
        for candidate in [text.as_str(), json.as_str()] {
            if let Ok(definition) = serde_json::from_str::<super::forms::FormDefinition>(candidate) {
                let _ = definition.check();
            }
        }
    }

    #[test]
    fn ibans_with_their_check_digits_are_taken_and_one_changed_digit_is_not(
        bban in "[A-Z][0-9]{10}[0-9A-Z]{12}",
        at in 4usize..27,
        delta in 1u8..10,
        text in any_text(),
    ) {
        use super::setup::Iban;
        let _ = Iban::parse(&text);
        let iban = with_check_digits(&bban);
        let taken = Iban::parse(&iban.to_lowercase()).map_err(|e| TestCaseError::fail(format!("{iban}: {e:?}")))?;
        prop_assert_eq!(taken.as_str(), iban.as_str());
        // ISO 7064 mod 97-10 catches every single-character substitution among digits.
        let mut bytes = iban.clone().into_bytes();
        if bytes[at].is_ascii_digit() {
            bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(Iban::parse(&changed).is_err(), "{changed}");
        }
    }

    #[test]
    fn school_years_read_back_what_they_write(start in 2000i32..2999, text in any_text()) {
        use super::school_year::SchoolYear;
        let _ = SchoolYear::parse(&text);
        let year = SchoolYear::parse(&format!("{start}/{}", start + 1)).map_err(TestCaseError::fail)?;
        prop_assert_eq!(year.start(), start);
        prop_assert_eq!(SchoolYear::parse(&year.label()), Ok(year));
    }

    /// An all-day event of an iCalendar file is the closure it spans (DTEND is exclusive),
    /// folded or not; the same dates as a CSV line give the same closure.
    #[test]
    fn closures_read_from_icalendar_and_csv_are_the_dates_written(
        first in 0i64..4000,
        length in 0i64..30,
        reason in "[A-Za-zà][A-Za-zà ,;]{0,59}",
        fold in any::<bool>(),
    ) {
        let day = |n: i64| chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default() + chrono::Duration::days(n);
        let (start, last) = (day(first), day(first + length));
        let escaped = reason.replace(',', "\\,").replace(';', "\\;");
        let summary = if fold && escaped.len() > 10 {
            let cut = escaped.char_indices().nth(5).map_or(0, |(i, _)| i);
            format!("{}\r\n {}", &escaped[..cut], &escaped[cut..])
        } else {
            escaped
        };
        let ics = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:{}\r\nDTEND;VALUE=DATE:{}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            start.format("%Y%m%d"),
            (last + chrono::Duration::days(1)).format("%Y%m%d"),
        );
        let csv = format!("dal;al;motivo\n{};{};\"{reason}\"\n", start.format("%d/%m/%Y"), last.format("%d/%m/%Y"));
        for file in [ics, csv] {
            let closures = super::calendar::import::parse(file.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("{e:?}\n{file}")))?;
            prop_assert_eq!(closures.len(), 1);
            let period = &closures[0].period;
            prop_assert_eq!((period.first_day, period.last_day), (start, last));
            prop_assert_eq!(period.reason.as_str(), reason.trim());
        }
    }

    #[test]
    fn registry_lists_are_checked_line_by_line_without_panic(
        lines in proptest::collection::vec(proptest::collection::vec(any_text(), 0..12), 0..8),
    ) {
        use super::registry::{pupils, Mapping};
        use super::text_file::Record;
        let records: Vec<Record> = lines
            .into_iter()
            .enumerate()
            .map(|(i, fields)| Record { line: i + 1, fields })
            .collect();
        let header = records.first().map(|r| r.fields.clone()).unwrap_or_default();
        if let Err(errors) = pupils(&records, &Mapping::guess(&header)) {
            for e in errors {
                prop_assert!(e.line <= records.len(), "{e:?}");
            }
        }
    }

    #[test]
    fn csv_records_number_every_line(lines in proptest::collection::vec("[a-zà;,\"]{0,12}", 0..20)) {
        let text = lines.join("\n");
        for r in super::text_file::records(&text) {
            prop_assert!(r.line >= 1 && r.line <= lines.len().max(1));
        }
    }
}

/// An Italian IBAN with its check digits computed (ISO 13616: the BBAN, then "IT00", as
/// numbers with A = 10 … Z = 35, and 98 minus that number modulo 97).
fn with_check_digits(bban: &str) -> String {
    let remainder = format!("{bban}IT00").chars().fold(0u32, |r, c| {
        let n = c.to_digit(36).unwrap_or_default();
        if n < 10 {
            (r * 10 + n) % 97
        } else {
            (r * 100 + n) % 97
        }
    });
    format!("IT{:02}{bban}", 98 - remainder)
}

#[cfg(feature = "ssr")]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever an office writes, the page gets only formatting tags: no script, no handler
    /// attribute, no `javascript:` link (text is escaped, so every `<` left opens a tag).
    #[test]
    fn formatted_text_never_carries_a_script(
        text in prop_oneof![
            any::<String>(),
            "([<>*_\\[\\]()#`-]|script|onerror=|javascript:|\n|[a-z ]){0,80}",
        ],
    ) {
        const TAGS: &[&str] = &[
            "p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code",
        ];
        let html = super::markdown::to_html(&text);
        for tag in html.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default().to_lowercase();
            let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or_default();
            prop_assert!(TAGS.contains(&name), "tag {tag:?} in {html}");
            prop_assert!(!tag.contains(" on") && !tag.contains("javascript:"), "{tag:?} in {html}");
        }
    }
}
