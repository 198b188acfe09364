//! The layering rule, checked on the sources: pages and components → api → backend →
//! store → model → domain (with routes and the error type). A file may use files of its own layer or of a lower
//! one, never a higher one, and no two files may use each other, directly or in a circle.
//! The store returns rows of its own, never the wire types of `model`.
//! `use crate::…` lines and inline `crate::…` paths both count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path (`backend::store::payments`) and the file that holds it.
type Modules = BTreeMap<String, PathBuf>;

fn modules() -> Modules {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir)
            .expect("readable source folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        // This checker's own examples are not imports.
        .filter(|file| !file.ends_with("layers.rs"))
        .map(|file| {
            let rel = file
                .strip_prefix(&src)
                .expect("inside src")
                .with_extension("");
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            (parts.join("::"), file)
        })
        .collect()
}

/// The layer of a module: a higher number may use a lower one, never the reverse.
fn layer(module: &str) -> (u8, &'static str) {
    let starts = |prefix: &str| module == prefix || module.starts_with(&format!("{prefix}::"));
    if module.is_empty() || module == "app" {
        (9, "app")
    } else if starts("pages") {
        (8, "pages")
    } else if starts("components") {
        (7, "components")
    } else if starts("api") {
        (6, "api")
    } else if starts("backend::store") {
        (4, "store")
    } else if starts("backend") {
        (5, "backend")
    } else if starts("model") {
        (3, "model")
    } else {
        // domain, routes and the error type: used by every layer above.
        (2, "domain")
    }
}

/// Every `crate::a::b` path of a source (groups expanded), comments left out.
fn crate_paths(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut paths = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{'))
            .unwrap_or(rest.len());
        let head = &rest[..end];
        match head.split_once('{') {
            None => paths.push(head.trim_end_matches(':').to_string()),
            Some((prefix, _)) => {
                let close = rest.find('}').unwrap_or(rest.len());
                let group = &rest[prefix.len() + 1..close];
                for item in group.split(',') {
                    let item = item.split_whitespace().next().unwrap_or("");
                    if !item.is_empty() && item != "self" {
                        paths.push(format!("{prefix}{item}"));
                    }
                }
                paths.push(prefix.trim_end_matches(':').to_string());
            }
        }
    }
    paths
}

/// The module a path lands in: its longest prefix that is a module.
fn owner<'a>(modules: &'a Modules, path: &str) -> Option<&'a str> {
    let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
    (1..=parts.len()).rev().find_map(|n| {
        modules
            .get_key_value(&parts[..n].join("::"))
            .map(|(k, _)| k.as_str())
    })
}

fn imports(modules: &Modules) -> BTreeMap<&str, BTreeSet<&str>> {
    modules
        .iter()
        .map(|(module, file)| {
            let source = std::fs::read_to_string(file).expect("readable source");
            let used = crate_paths(&source)
                .iter()
                .filter_map(|p| owner(modules, p))
                // A module's own children and ancestors are its own business.
                .filter(|o| {
                    *o != module.as_str()
                        && !o.starts_with(&format!("{module}::"))
                        && !module.starts_with(&format!("{o}::"))
                })
                .collect();
            (module.as_str(), used)
        })
        .collect()
}

#[test]
fn no_file_uses_a_higher_layer() {
    let modules = modules();
    let mut upward = Vec::new();
    for (from, used) in imports(&modules) {
        for to in used {
            let (a, b) = (layer(from), layer(to));
            if b.0 > a.0 {
                upward.push(format!("{from} ({}) uses {to} ({})", a.1, b.1));
            }
            // The store returns rows of its own; the backend maps them to the wire types.
            if a.1 == "store" && b.1 == "model" {
                upward.push(format!("{from} (store) uses {to} (model)"));
            }
        }
    }
    assert!(upward.is_empty(), "upward imports:\n{}", upward.join("\n"));
}

#[test]
fn no_files_use_each_other_in_a_circle() {
    let modules = modules();
    let graph = imports(&modules);
    // Each file's reach; a file that reaches itself sits on a circle.
    let mut circles = BTreeSet::new();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = graph[start].iter().copied().collect();
        while let Some(next) = stack.pop() {
            if next == *start {
                circles.insert(*start);
                break;
            }
            if seen.insert(next) {
                stack.extend(graph.get(next).into_iter().flatten().copied());
            }
        }
    }
    assert!(circles.is_empty(), "files on an import circle: {circles:?}");
}

#[test]
fn the_checker_sees_groups_and_inline_paths() {
    let paths = crate_paths(
        "use crate::backend::store::{self, payments::ledger, tenants};\n\
         // crate::pages::ignored\n\
         fn f() { crate::model::site::SiteInfo::default(); }",
    );
    assert!(
        paths.contains(&"backend::store::payments::ledger".to_string()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"backend::store::tenants".to_string()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"model::site::SiteInfo::default".to_string()),
        "{paths:?}"
    );
    assert!(!paths.iter().any(|p| p.starts_with("pages")), "{paths:?}");
    assert_eq!(layer("backend::store::payments::ledger").1, "store");
    assert_eq!(layer("backend::payments").1, "backend");
}
