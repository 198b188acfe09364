//! Comunicazioni: what an operator writes (checked before anything is stored), who it goes
//! to, and how a body is shown — plain text in paragraphs, always escaped on screen.

use serde::{Deserialize, Serialize};

const TITLE_MAX: usize = 150;
const BODY_MAX: usize = 5_000;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("Scrivi un oggetto da 3 a {TITLE_MAX} caratteri.")]
    Title,
    #[error("Scrivi un testo da 1 a {BODY_MAX} caratteri.")]
    Body,
    #[error("Scegli a chi inviare la comunicazione.")]
    Audience,
}

/// A message's title and body, trimmed, within their limits, without control characters
/// (line breaks and tabs in the body excepted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageText {
    title: String,
    body: String,
}

impl MessageText {
    pub fn new(title: &str, body: &str) -> Result<MessageText, MessageError> {
        let title = title.trim();
        let body = body.trim().replace("\r\n", "\n");
        let n = title.chars().count();
        if !(3..=TITLE_MAX).contains(&n) || title.chars().any(char::is_control) {
            return Err(MessageError::Title);
        }
        let n = body.chars().count();
        if !(1..=BODY_MAX).contains(&n)
            || body
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(MessageError::Body);
        }
        Ok(MessageText {
            title: title.to_string(),
            body,
        })
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn body(&self) -> &str {
        &self.body
    }
}

/// Who a message goes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// Every family with a pupil in the Ente.
    Everyone,
    /// The families with a pupil at this school (by id).
    School(String),
    /// The families with a pupil subscribed to this service (by id).
    Service(String),
    /// One family, by the tutore's fiscal code.
    Family(String),
}

impl Audience {
    /// From the compose form: `tutti`, `scuola` + id, `servizio` + id, `famiglia` + code.
    pub fn parse(kind: &str, target: &str) -> Result<Audience, MessageError> {
        let target = target.trim();
        match (kind, target.is_empty()) {
            ("tutti", _) => Ok(Audience::Everyone),
            ("scuola", false) => Ok(Audience::School(target.to_string())),
            ("servizio", false) => Ok(Audience::Service(target.to_string())),
            ("famiglia", false) => Ok(Audience::Family(target.to_uppercase())),
            _ => Err(MessageError::Audience),
        }
    }
}

/// A body as paragraphs (split at blank lines) of lines.
pub fn paragraphs(body: &str) -> Vec<Vec<String>> {
    body.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim_end)
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        let m = MessageText::new("  Menù di primavera ", "Dal 1° marzo\r\ncambia il menù.\n")
            .expect("valid");
        assert_eq!(m.title(), "Menù di primavera");
        assert_eq!(m.body(), "Dal 1° marzo\ncambia il menù.");
        assert_eq!(MessageText::new("ok", "x"), Err(MessageError::Title));
        assert_eq!(
            MessageText::new(&"a".repeat(151), "x"),
            Err(MessageError::Title)
        );
        assert_eq!(MessageText::new("Oggetto", "   "), Err(MessageError::Body));
        assert_eq!(
            MessageText::new("Oggetto", &"b".repeat(5_001)),
            Err(MessageError::Body)
        );
        assert_eq!(
            MessageText::new("Ogg\u{7}etto", "x"),
            Err(MessageError::Title)
        );
        assert_eq!(
            MessageText::new("Oggetto", "a\u{0}b"),
            Err(MessageError::Body)
        );
        // Markup is just text: it is stored as written and escaped when shown.
        let script = MessageText::new("Avviso", "<script>alert(1)</script>").expect("text");
        assert_eq!(script.body(), "<script>alert(1)</script>");
    }

    #[test]
    fn audiences_from_the_form() {
        assert_eq!(Audience::parse("tutti", ""), Ok(Audience::Everyone));
        assert_eq!(
            Audience::parse("scuola", "s1"),
            Ok(Audience::School("s1".into()))
        );
        assert_eq!(
            Audience::parse("famiglia", " rssmra80a01h501u "),
            Ok(Audience::Family("RSSMRA80A01H501U".into()))
        );
        assert_eq!(Audience::parse("scuola", " "), Err(MessageError::Audience));
        assert_eq!(Audience::parse("altro", "x"), Err(MessageError::Audience));
    }

    #[test]
    fn bodies_read_as_paragraphs_of_lines() {
        assert_eq!(
            paragraphs("Gentili famiglie,\n\nda lunedì\nil menù cambia.\n\n\n"),
            vec![
                vec!["Gentili famiglie,".to_string()],
                vec!["da lunedì".into(), "il menù cambia.".into()]
            ]
        );
    }
}
