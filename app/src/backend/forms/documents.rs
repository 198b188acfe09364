//! The family's copy of a submitted form: protocol, date, who, every answer.

use crate::backend::pdf::{PageBuilder, PAGE_WIDTH};
use crate::model::forms::AnswerLine;

pub struct Copy<'a> {
    pub ente: &'a str,
    pub title: &'a str,
    pub protocol: &'a str,
    /// dd/mm/yyyy
    pub date: &'a str,
    pub owner_name: &'a str,
    pub owner_fiscal_code: &'a str,
    pub lines: &'a [AnswerLine],
}

/// Long answers are cut to what a line holds.
fn fit(text: &str, chars: usize) -> String {
    let one_line = text.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= chars {
        one_line
    } else {
        format!("{}…", one_line.chars().take(chars - 1).collect::<String>())
    }
}

pub fn submission_pdf(c: &Copy<'_>) -> Vec<u8> {
    let mut page = PageBuilder::new();
    let left = 56;
    let mut y: u16 = 790;
    page.text(left, y, 15, true, &fit(c.title, 60)).text(
        left,
        y.saturating_sub(18),
        10,
        false,
        c.ente,
    );
    y = y.saturating_sub(30);
    page.rule(left, y, PAGE_WIDTH - 2 * left);
    y = y.saturating_sub(22);
    for (label, value) in [
        ("Protocollo", c.protocol),
        ("Inviato il", c.date),
        ("Richiedente", c.owner_name),
        ("Codice fiscale", c.owner_fiscal_code),
    ] {
        page.text(left, y, 9, false, label)
            .text(left + 150, y, 11, true, value);
        y = y.saturating_sub(18);
    }
    let mut section = "";
    for line in c.lines {
        if line.section != section {
            section = &line.section;
            y = y.saturating_sub(8);
            page.text(left, y, 11, true, &fit(section, 70));
            y = y.saturating_sub(16);
        }
        page.text(left, y, 9, false, &fit(&line.label, 32)).text(
            left + 170,
            y,
            10,
            false,
            &fit(&line.value, 58),
        );
        y = y.saturating_sub(15);
    }
    page.finish(&format!("{} – protocollo {}", c.title, c.protocol))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::inspect::texts;

    #[test]
    fn the_copy_shows_the_protocol_and_every_answer() {
        let lines = vec![AnswerLine {
            section: "Alunno".into(),
            label: "Nome dell'alunno".into(),
            value: "Anna".into(),
            file: None,
        }];
        let pdf = submission_pdf(&Copy {
            ente: "Comune di Valleverde",
            title: "Iscrizione ai servizi scolastici",
            protocol: "2026/000001",
            date: "28/11/2026",
            owner_name: "Mario Rossi",
            owner_fiscal_code: "RSSMRA80A01H501U",
            lines: &lines,
        });
        let shown = texts(&pdf);
        for expected in [
            "2026/000001",
            "RSSMRA80A01H501U",
            "Nome dell'alunno",
            "Anna",
        ] {
            assert!(
                shown.iter().any(|t| t == expected),
                "{expected:?} in {shown:?}"
            );
        }
        assert_eq!(fit(&"x".repeat(100), 10).chars().count(), 10);
    }
}
