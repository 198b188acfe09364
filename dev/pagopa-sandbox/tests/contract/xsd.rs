//! Just enough of paForNode.xsd and of the receipt XML to compare them: the element
//! sequences of the complex types, and the direct children of an element.

use regex::Regex;

/// One element of a complex type's sequence.
#[derive(Debug, Clone)]
pub struct Declared {
    pub name: String,
    pub required: bool,
    /// Inside an `<xsd:choice>`: exactly one of its group must appear.
    pub choice_group: Option<usize>,
}

/// The elements of `<xsd:complexType name="{type_name}">`, in order.
pub fn sequence(xsd: &str, type_name: &str) -> Vec<Declared> {
    let start = xsd
        .find(&format!("<xsd:complexType name=\"{type_name}\">"))
        .unwrap_or_else(|| panic!("paForNode.xsd has no complexType {type_name}"));
    let block = &xsd[start..];
    let end = block.find("</xsd:complexType>").unwrap_or(block.len());
    let block = &block[..end];
    let token = Regex::new(r#"<xsd:element name="([^"]+)"[^>]*>|<xsd:choice[^>]*>|</xsd:choice>"#)
        .expect("regex");
    let mut out = Vec::new();
    let mut group = None;
    let mut groups = 0;
    for m in token.captures_iter(block) {
        let whole = m.get(0).map_or("", |g| g.as_str());
        if whole.starts_with("<xsd:choice") {
            groups += 1;
            group = Some(groups);
        } else if whole.starts_with("</xsd:choice") {
            group = None;
        } else if let Some(name) = m.get(1) {
            out.push(Declared {
                name: name.as_str().to_owned(),
                required: !whole.contains("minOccurs=\"0\"") && group.is_none(),
                choice_group: group,
            });
        }
    }
    assert!(!out.is_empty(), "{type_name} has no elements");
    out
}

/// The direct children (name, inner text) of the first `<{element}>` in `xml`
/// (no attributes, no self-closing tags: what the sandbox writes).
pub fn children(xml: &str, element: &str) -> Vec<(String, String)> {
    let open = format!("<{element}>");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no <{element}> in\n{xml}"))
        + open.len();
    let tag = Regex::new(r"<(/?)([A-Za-z][\w.-]*)>").expect("regex");
    let mut depth = 0usize;
    let mut out = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for m in tag.captures_iter(&xml[start..]) {
        let whole = m.get(0).expect("match");
        let closing = !m[1].is_empty();
        let name = m[2].to_owned();
        if closing {
            if depth == 0 {
                assert_eq!(name, element, "unbalanced XML");
                break;
            }
            depth -= 1;
            if depth == 0 {
                if let Some((open_name, inner_start)) = current.take() {
                    assert_eq!(open_name, name, "unbalanced XML");
                    out.push((
                        name,
                        xml[start + inner_start..start + whole.start()].to_owned(),
                    ));
                }
            }
        } else {
            if depth == 0 {
                current = Some((name, whole.end()));
            }
            depth += 1;
        }
    }
    out
}

/// Checks that `xml`'s `<{element}>` has exactly the children `type_name` declares,
/// in order; returns them.
pub fn assert_follows(
    xsd: &str,
    xml: &str,
    element: &str,
    type_name: &str,
) -> Vec<(String, String)> {
    let declared = sequence(xsd, type_name);
    let found = children(xml, element);
    let mut position = 0;
    for (name, _) in &found {
        let index = declared
            .iter()
            .position(|d| &d.name == name)
            .unwrap_or_else(|| {
                panic!("<{element}> has <{name}>, which {type_name} does not declare")
            });
        assert!(
            index >= position,
            "<{name}> is out of {type_name}'s order in <{element}>"
        );
        position = index;
    }
    for d in &declared {
        let count = found.iter().filter(|(n, _)| n == &d.name).count();
        if d.required {
            assert_eq!(
                count, 1,
                "<{element}> must have one <{}> ({type_name})",
                d.name
            );
        }
    }
    let groups: Vec<usize> = declared.iter().filter_map(|d| d.choice_group).collect();
    for g in groups {
        let count = declared
            .iter()
            .filter(|d| d.choice_group == Some(g))
            .map(|d| found.iter().filter(|(n, _)| n == &d.name).count())
            .sum::<usize>();
        assert_eq!(
            count, 1,
            "<{element}>: exactly one element of a {type_name} choice"
        );
    }
    found
}
