//! Matching what a person types in a search box: case and accents do not matter.

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' => 'u',
        c => c.to_ascii_lowercase(),
    }
}

fn normalise(s: &str) -> String {
    s.chars().map(fold).collect()
}

/// True when every word of the query appears in one of the texts.
pub fn matches(query: &str, texts: &[&str]) -> bool {
    let haystack = normalise(&texts.join(" "));
    normalise(query)
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_case_accents_and_word_order() {
        let texts = ["Menù invernale 2026/2027", "Il menù su cinque settimane"];
        assert!(matches("menu", &texts));
        assert!(matches("SETTIMANE menù", &texts));
        assert!(matches("", &texts));
        assert!(!matches("trasporto", &texts));
        assert!(!matches("menu estivo", &texts));
    }
}
