//! The demo documents: a title and lines of text on one page.

use crate::backend::pdf::PageBuilder;

pub fn text_pdf(title: &str, lines: &[&str]) -> Vec<u8> {
    let mut page = PageBuilder::new();
    page.text(56, 780, 18, true, title);
    let mut y = 752u16;
    for line in lines {
        page.text(56, y, 11, false, line);
        y = y.saturating_sub(16);
    }
    page.finish(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_on_the_page() {
        let pdf = text_pdf("Menù (inverno)", &["Lunedì: pasta", "Prezzo 4,00 €"]);
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(
            crate::backend::pdf::inspect::texts(&pdf),
            ["Menù (inverno)", "Lunedì: pasta", "Prezzo 4,00 €"]
        );
    }
}
