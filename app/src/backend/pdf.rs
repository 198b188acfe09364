//! One-page A4 PDFs (payment notices, receipts, the demo documents) written with the
//! `pdf-writer` crate: text in the standard Helvetica fonts (WinAnsi, so Italian accents
//! and € print without embedding a font) and filled rectangles (the QR code's modules).
//! Coordinates are whole points from the bottom-left corner.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

pub const PAGE_WIDTH: u16 = 595;
pub const PAGE_HEIGHT: u16 = 842;

pub struct PageBuilder {
    content: Content,
}

impl Default for PageBuilder {
    fn default() -> Self {
        PageBuilder::new()
    }
}

impl PageBuilder {
    pub fn new() -> PageBuilder {
        PageBuilder {
            content: Content::new(),
        }
    }

    /// A line of text at (x, y), in Helvetica (bold when asked) at `size` points.
    pub fn text(&mut self, x: u16, y: u16, size: u8, bold: bool, text: &str) -> &mut Self {
        let font = if bold { Name(b"F2") } else { Name(b"F1") };
        let bytes = win_ansi(text);
        self.content
            .begin_text()
            .set_font(font, f32::from(size))
            .next_line(f32::from(x), f32::from(y))
            .show(Str(&bytes))
            .end_text();
        self
    }

    /// A filled black rectangle.
    pub fn fill_rect(&mut self, x: u16, y: u16, width: u16, height: u16) -> &mut Self {
        self.content
            .rect(
                f32::from(x),
                f32::from(y),
                f32::from(width),
                f32::from(height),
            )
            .fill_nonzero();
        self
    }

    /// A thin horizontal rule.
    pub fn rule(&mut self, x: u16, y: u16, width: u16) -> &mut Self {
        self.content.set_fill_gray(0.6);
        self.content
            .rect(f32::from(x), f32::from(y), f32::from(width), 1.0)
            .fill_nonzero();
        self.content.set_fill_gray(0.0);
        self
    }

    /// The finished document.
    pub fn finish(self, title: &str) -> Vec<u8> {
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let page = Ref::new(3);
        let regular = Ref::new(4);
        let bold = Ref::new(5);
        let contents = Ref::new(6);
        let info = Ref::new(7);
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids([page]).count(1);
        let mut p = pdf.page(page);
        p.parent(tree)
            .media_box(Rect::new(
                0.0,
                0.0,
                f32::from(PAGE_WIDTH),
                f32::from(PAGE_HEIGHT),
            ))
            .contents(contents);
        p.resources()
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        p.finish();
        for (id, name) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
            pdf.type1_font(id)
                .base_font(Name(name))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        pdf.stream(contents, &self.content.finish());
        pdf.document_info(info)
            .title(TextStr(title))
            .producer(TextStr("Sportello"));
        pdf.finish()
    }
}

/// Text for a WinAnsi font: Latin-1 as is, € and typographic quotes mapped, anything
/// else a question mark.
pub fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '€' => 0x80,
            '’' => 0x92,
            '‘' => 0x91,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            '\u{a0}' => b' ',
            c => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        })
        .collect()
}

/// Reading back what a page shows, for the tests of the documents built on it.
#[cfg(test)]
pub(crate) mod inspect {
    /// The strings shown with `Tj`, decoded from WinAnsi (literal or hex strings).
    pub fn texts(pdf: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < pdf.len() {
            match pdf[i] {
                b'(' => {
                    let mut bytes = Vec::new();
                    i += 1;
                    while i < pdf.len() && pdf[i] != b')' {
                        if pdf[i] == b'\\' && i + 1 < pdf.len() {
                            i += 1;
                        }
                        bytes.push(pdf[i]);
                        i += 1;
                    }
                    if ends_with_tj(pdf, i + 1) {
                        out.push(decode(&bytes));
                    }
                }
                b'<' if pdf.get(i + 1) != Some(&b'<') => {
                    let end = pdf[i..]
                        .iter()
                        .position(|b| *b == b'>')
                        .map_or(pdf.len(), |p| i + p);
                    let hex = String::from_utf8_lossy(&pdf[i + 1..end]).to_string();
                    let bytes: Vec<u8> = (0..hex.len() / 2)
                        .filter_map(|k| u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).ok())
                        .collect();
                    if ends_with_tj(pdf, end + 1) {
                        out.push(decode(&bytes));
                    }
                    i = end;
                }
                b'<' => i += 1,
                _ => {}
            }
            i += 1;
        }
        out
    }

    fn ends_with_tj(pdf: &[u8], from: usize) -> bool {
        pdf.get(from..from + 3).is_some_and(|w| w == b" Tj")
    }

    fn decode(bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|b| match b {
                0x80 => '€',
                0x92 => '’',
                0x96 => '–',
                b => char::from(*b),
            })
            .collect()
    }

    /// The filled rectangles `x y w h re`, in whole points.
    pub fn rectangles(pdf: &[u8]) -> Vec<(u16, u16, u16, u16)> {
        let text = String::from_utf8_lossy(pdf);
        let tokens: Vec<&str> = text.split_whitespace().collect();
        tokens
            .windows(5)
            .filter(|w| w[4] == "re")
            .filter_map(|w| {
                let n = |s: &str| s.parse::<u16>().ok();
                Some((n(w[0])?, n(w[1])?, n(w[2])?, n(w[3])?))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_well_formed_pdf_with_italian_text() {
        let mut page = PageBuilder::new();
        page.text(56, 780, 18, true, "Menù (inverno)")
            .text(56, 750, 11, false, "Prezzo 4,00\u{a0}€")
            .fill_rect(56, 700, 10, 10);
        let pdf = page.finish("Prova");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.ends_with(b"%%EOF") || pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/BaseFont /Helvetica-Bold"));
        assert!(text.contains("/WinAnsiEncoding"));
        assert_eq!(inspect::texts(&pdf), ["Menù (inverno)", "Prezzo 4,00 €"]);
        assert_eq!(inspect::rectangles(&pdf), [(56, 700, 10, 10)]);
    }
}
