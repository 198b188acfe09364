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
    fn csv_records_number_every_line(lines in proptest::collection::vec("[a-zà;,\"]{0,12}", 0..20)) {
        let text = lines.join("\n");
        for r in super::text_file::records(&text) {
            prop_assert!(r.line >= 1 && r.line <= lines.len().max(1));
        }
    }
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
