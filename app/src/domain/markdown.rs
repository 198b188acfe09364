//! The formatted text of news and pages: a small subset of Markdown, rendered to HTML on the
//! server only (the browser receives the HTML, never this code). Everything outside the
//! subset stays text: every `<`, `>`, `&`, `"` and `'` is escaped, so raw HTML, scripts and
//! images never reach the page as markup.
//!
//! The subset: paragraphs (a blank line between them; a single line break is kept),
//! headings `## ` and `### `, bulleted (`- `, `* `) and numbered (`1. `) lists, `**bold**`,
//! `*italic*`, links `[text](address)` to http(s), mailto or a relative address, and `\`
//! before a sign to write it as it is.

enum Block {
    Paragraph(Vec<String>),
    Heading(u8, String),
    List { numbered: bool, items: Vec<String> },
}

/// The text as HTML, safe to put in a page as it is.
pub fn to_html(text: &str) -> String {
    let mut html = String::new();
    for block in blocks(text) {
        match block {
            Block::Paragraph(lines) => {
                html.push_str("<p>");
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        html.push_str("<br>");
                    }
                    inline(line, true, &mut html);
                }
                html.push_str("</p>");
            }
            Block::Heading(level, text) => {
                html.push_str(&format!("<h{level}>"));
                inline(&text, true, &mut html);
                html.push_str(&format!("</h{level}>"));
            }
            Block::List { numbered, items } => {
                let tag = if numbered { "ol" } else { "ul" };
                html.push_str(&format!("<{tag}>"));
                for item in items {
                    html.push_str("<li>");
                    inline(&item, true, &mut html);
                    html.push_str("</li>");
                }
                html.push_str(&format!("</{tag}>"));
            }
        }
    }
    html
}

/// A list item's text, when the line starts one: (numbered, text).
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((false, rest));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (1..=9)
        .contains(&digits)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
        .map(|rest| (true, rest))
}

fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            blocks.extend(current.take());
        } else if let Some(h) = trimmed.strip_prefix("### ") {
            blocks.extend(current.take());
            blocks.push(Block::Heading(3, h.trim().to_string()));
        } else if let Some(h) = trimmed.strip_prefix("## ") {
            blocks.extend(current.take());
            blocks.push(Block::Heading(2, h.trim().to_string()));
        } else if let Some((numbered, item)) = list_item(trimmed) {
            match &mut current {
                Some(Block::List { numbered: n, items }) if *n == numbered => {
                    items.push(item.trim().to_string())
                }
                _ => {
                    blocks.extend(current.take());
                    current = Some(Block::List {
                        numbered,
                        items: vec![item.trim().to_string()],
                    });
                }
            }
        } else {
            match &mut current {
                Some(Block::Paragraph(lines)) => lines.push(trimmed.to_string()),
                // An indented line continues the list item above it.
                Some(Block::List { items, .. }) if line.starts_with(' ') => {
                    if let Some(last) = items.last_mut() {
                        last.push(' ');
                        last.push_str(trimmed);
                    }
                }
                _ => {
                    blocks.extend(current.take());
                    current = Some(Block::Paragraph(vec![trimmed.to_string()]));
                }
            }
        }
    }
    blocks.extend(current);
    blocks
}

/// Bold, italic and (when `links`) links inside a line; everything else escaped.
fn inline(text: &str, links: bool, out: &mut String) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        if c == '\\' {
            if let Some(next) = after.chars().next().filter(char::is_ascii_punctuation) {
                escape_into(next, out);
                rest = &after[1..];
                continue;
            }
        } else if let Some(inner) = rest.strip_prefix("**") {
            if let Some(end) = inner.find("**").filter(|&e| e > 0) {
                out.push_str("<strong>");
                inline(&inner[..end], links, out);
                out.push_str("</strong>");
                rest = &inner[end + 2..];
                continue;
            }
        } else if c == '*' {
            if let Some(end) = after
                .find('*')
                .filter(|&e| e > 0 && !after.starts_with(' '))
            {
                out.push_str("<em>");
                inline(&after[..end], links, out);
                out.push_str("</em>");
                rest = &after[end + 1..];
                continue;
            }
        } else if c == '[' && links {
            if let Some((label, href, tail)) = link(after) {
                out.push_str("<a href=\"");
                for ch in href.chars() {
                    escape_into(ch, out);
                }
                out.push_str("\">");
                inline(label, false, out);
                out.push_str("</a>");
                rest = tail;
                continue;
            }
        }
        escape_into(c, out);
        rest = after;
    }
}

/// `label](address)tail` with an allowed address: (label, address, tail).
fn link(text: &str) -> Option<(&str, &str, &str)> {
    let close = text.find("](")?;
    let label = &text[..close];
    let rest = &text[close + 2..];
    let end = rest.find(')')?;
    let href = &rest[..end];
    (!label.is_empty() && !label.contains('[') && allowed_address(href)).then_some((
        label,
        href,
        &rest[end + 1..],
    ))
}

/// http, https and mailto addresses, and relative ones (a path, a query, a fragment);
/// anything with another scheme (`javascript:`, `data:`…) or with spaces is not a link.
pub fn allowed_address(href: &str) -> bool {
    if href.is_empty()
        || href
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return false;
    }
    match href.find([':', '/', '?', '#']) {
        Some(i) if href[i..].starts_with(':') => {
            let scheme = href[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

fn escape_into(c: char, out: &mut String) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn paragraphs_headings_and_lists() {
        assert_eq!(
            to_html("## Orari\n\nLunedì\nmartedì\n\n- uno\n- due\n  segue\n\n1. primo\n2. secondo\n### Fine"),
            "<h2>Orari</h2><p>Lunedì<br>martedì</p><ul><li>uno</li><li>due segue</li></ul>\
             <ol><li>primo</li><li>secondo</li></ol><h3>Fine</h3>"
        );
        assert_eq!(
            to_html("# Titolo"),
            "<p># Titolo</p>",
            "no first-level heading"
        );
        assert_eq!(to_html(""), "");
    }

    #[test]
    fn bold_italic_and_escapes() {
        assert_eq!(
            to_html("Un **avviso** *importante* e \\*non\\* corsivo"),
            "<p>Un <strong>avviso</strong> <em>importante</em> e *non* corsivo</p>"
        );
        assert_eq!(to_html("2 * 3 = 6"), "<p>2 * 3 = 6</p>");
        assert_eq!(to_html("**aperto"), "<p>**aperto</p>");
    }

    #[test]
    fn scripts_and_raw_html_stay_text() {
        assert_eq!(
            to_html("<script>alert('x')</script>"),
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>"
        );
        assert_eq!(
            to_html("<img src=x onerror=alert(1)> & <b>"),
            "<p>&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;</p>"
        );
        assert_eq!(
            to_html("**<i>x</i>**"),
            "<p><strong>&lt;i&gt;x&lt;/i&gt;</strong></p>"
        );
    }

    #[test]
    fn links_only_to_http_mailto_and_relative_addresses() {
        assert_eq!(
            to_html("[Sito](https://example.it/a?b=1&c=2)"),
            "<p><a href=\"https://example.it/a?b=1&amp;c=2\">Sito</a></p>"
        );
        assert_eq!(
            to_html("[Scrivi](mailto:scuola@comune.it) [Moduli](/area-personale/moduli)"),
            "<p><a href=\"mailto:scuola@comune.it\">Scrivi</a> <a href=\"/area-personale/moduli\">Moduli</a></p>"
        );
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "[x](java script:alert(1))",
        ] {
            let html = to_html(bad);
            assert!(!html.contains("<a"), "{bad} became {html}");
        }
        assert_eq!(
            to_html("[a\"b](/x\"onclick=\"y)"),
            "<p><a href=\"/x&quot;onclick=&quot;y\">a&quot;b</a></p>",
            "quotes cannot leave the attribute"
        );
        let nested = to_html("[**[x](/y)**](/z)");
        assert_eq!(
            nested.matches("<a ").count(),
            1,
            "no link inside a link: {nested}"
        );
    }

    #[test]
    fn no_images_in_the_body() {
        let html = to_html("![logo](https://example.it/logo.png)");
        assert!(!html.contains("<img"), "{html}");
        assert_eq!(
            html,
            "<p>!<a href=\"https://example.it/logo.png\">logo</a></p>"
        );
    }
}
