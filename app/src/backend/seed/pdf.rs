//! A minimal one-page PDF with lines of text, for the demo documents.
//! (Receipts and payment notices will use a full PDF library.)

/// Latin-1 text (Italian accents included) in Helvetica, one line per entry.
pub fn text_pdf(title: &str, lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 18 Tf 56 780 Td 22 TL ");
    content.push_str(&format!("({}) Tj T* /F1 11 Tf 16 TL ", escape(title)));
    for line in lines {
        content.push_str(&format!("({}) ' ", escape(line)));
    }
    content.push_str("ET");
    let content = latin1(&content);

    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(), content, b"\nendstream".to_vec()].concat(),
    ];
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '€' => 0x80,
            '’' => b'\'',
            c => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_well_formed_pdf() {
        let pdf = text_pdf(
            "Menù (inverno)",
            &["Lunedì: pasta al pomodoro", "Prezzo 4,00 €"],
        );
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        // The xref table must point at the real object offsets.
        let text = String::from_utf8_lossy(&pdf);
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|s| s.lines().next())
            .and_then(|s| s.parse().ok())
            .expect("startxref");
        assert_eq!(&pdf[startxref..startxref + 4], b"xref");
        let first = pdf
            .windows(7)
            .position(|w| w == b"1 0 obj")
            .expect("object 1");
        assert!(text.contains(&format!("{first:010} 00000 n")));
        assert!(
            pdf.windows(2).any(|w| w == [b'M', b'e']) && pdf.contains(&0xf9),
            "ù in Latin-1"
        );
        assert!(text.contains("\\(inverno\\)"));
    }
}
