//! What a download link says of its file: the format (`PDF`) and the size (`850 byte`,
//! `12 kB`, `1,4 MB`).

/// `PDF`, `CSV`… from a content type.
pub fn file_format_label(content_type: &str) -> String {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    match essence {
        "application/pdf" => "PDF".into(),
        "text/csv" => "CSV".into(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX".into(),
        "application/vnd.oasis.opendocument.text" => "ODT".into(),
        other => other.rsplit('/').next().unwrap_or(other).to_uppercase(),
    }
}

pub fn format_size_it(bytes: u64) -> String {
    const KB: u64 = 1000;
    const MB: u64 = 1000 * KB;
    if bytes < KB {
        format!("{bytes} byte")
    } else if bytes.div_ceil(KB) < KB {
        format!("{} kB", bytes.div_ceil(KB))
    } else {
        let tenths = (bytes * 10).div_ceil(MB);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

/// Only a plain name is kept of an uploaded file's name: no folders, no control
/// characters, at most 120 characters ("allegato" when nothing is left).
pub fn plain_file_name(file_name: &str) -> String {
    let name: String = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    if name.trim().is_empty() {
        "allegato".to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn uploaded_names_are_plain() {
        assert_eq!(
            plain_file_name("C:\\Users\\mario\\certificato.pdf"),
            "certificato.pdf"
        );
        assert_eq!(plain_file_name("../../etc/passwd"), "passwd");
        assert_eq!(plain_file_name("a\u{0}b.pdf"), "ab.pdf");
        assert_eq!(plain_file_name("  "), "allegato");
    }
    use super::*;

    #[test]
    fn rounds_up_like_file_managers() {
        assert_eq!(format_size_it(850), "850 byte");
        assert_eq!(format_size_it(1000), "1 kB");
        assert_eq!(format_size_it(12_345), "13 kB");
        assert_eq!(format_size_it(1_400_000), "1,4 MB");
        assert_eq!(format_size_it(5_000_000), "5,0 MB");
        assert_eq!(format_size_it(999_500), "1,0 MB", "never 1000 kB");
    }

    #[test]
    fn labels_formats_for_people() {
        assert_eq!(file_format_label("application/pdf"), "PDF");
        assert_eq!(file_format_label("text/csv; charset=utf-8"), "CSV");
        assert_eq!(file_format_label("image/png"), "PNG");
    }
}
