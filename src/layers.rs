//! The layers of the crate, checked: a module may name (`crate::…`) only
//! modules of a lower layer. Test code is exempt (a test of the store may
//! use the demo data). A crossing that is still to be undone is listed in
//! [`KNOWN`] with where it is; the test fails on any other crossing, and
//! on a listed one that is gone (so the list only shrinks).

use std::collections::BTreeSet;
use std::path::Path;

/// Every top-level module and its layer: lower numbers lie below.
const LAYERS: &[(&str, u32)] = &[
    // leaves: no knowledge of the domain
    ("clock", 0),
    ("sanitize", 0),
    ("csv_cell", 0),
    ("malloc", 0),
    // types and validation: no language, no I/O
    ("model", 10),
    // the words of the model's values in both languages, and their readers
    ("words", 15),
    // what users can do, and the keys that say it: data beside the model
    ("action", 20),
    ("keymap", 30),
    // every field of every record once: labels, access, codec of extensions
    ("schema", 35),
    // the database, and roles enforced in it
    ("store", 40),
    ("protect", 45),
    ("users", 50),
    ("search", 50),
    // the one audited way out for sensitive data
    ("gate", 60),
    ("casework", 70),
    ("exchange", 80),
    ("demo", 80),
    // sentences, in both languages, of the values of everything below
    ("i18n", 90),
    // what casework computes, laid out as documents in a language
    ("render", 95),
    // the interfaces, which render through i18n
    ("ui", 100),
    ("server", 110),
    ("cli", 120),
    ("layers", 1000),
];

/// Crossings still to be undone: (file, the module it names).
const KNOWN: &[(&str, &str)] = &[];

/// The layer of a top-level module.
fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The source without comments and without test code (each item marked
/// `#[cfg(test)]`, to its closing brace or semicolon).
fn production_code(text: &str) -> String {
    let mut out = String::new();
    // inside a test item: its brace depth, once it opened one
    let mut skipping: Option<Option<i32>> = None;
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(depth) = skipping {
            let open = line.matches('{').count() as i32;
            let close = line.matches('}').count() as i32;
            let now = match depth {
                Some(d) => Some(d + open - close),
                None if open > 0 => Some(open - close),
                None => None,
            };
            skipping = match now {
                Some(d) if d <= 0 => None,
                None if t.ends_with(';') => None,
                _ => Some(now),
            };
            out.push('\n');
            continue;
        }
        // lines left out stay as empty lines, so that line numbers hold
        if t.starts_with("#[cfg(test)]") {
            skipping = Some(None);
            out.push('\n');
            continue;
        }
        if t.starts_with("//") {
            out.push('\n');
            continue;
        }
        // a trailing comment (a `//` inside a string is rare enough here)
        let code = match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The top-level modules a source names, with the line of each naming:
/// `crate::a::…` and `use crate::{a, b::c}`.
fn named(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let first = item.trim().split("::").next().unwrap_or("").trim();
                    if !first.is_empty() {
                        out.push((n + 1, first.to_string()));
                    }
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.push((n + 1, name));
            }
        }
    }
    out
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_names_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut seen_known = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap_or(file).to_string_lossy().replace('\\', "/");
        let top = rel.split('/').next().unwrap_or("").trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" || rel.ends_with("tests.rs") {
            continue;
        }
        let Some(from) = layer(&top) else {
            wrong.push(format!("src/{rel}: module `{top}` has no layer: add it to LAYERS in src/layers.rs"));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (line, to) in named(&production_code(&text)) {
            if to == top || to == "self" || to == "super" {
                continue;
            }
            let Some(below) = layer(&to) else { continue };
            if below < from {
                continue;
            }
            let here = format!("src/{rel}");
            if KNOWN.iter().any(|(f, m)| *f == here && *m == to) {
                seen_known.insert((here, to));
                continue;
            }
            wrong.push(format!(
                "{here}:{line}: `{top}` (layer {from}) names `{to}` (layer {below}), which lies above it"
            ));
        }
    }
    for (f, m) in KNOWN {
        if !seen_known.contains(&((*f).to_string(), (*m).to_string())) {
            wrong.push(format!("{f} no longer names `{m}`: take it out of KNOWN in src/layers.rs"));
        }
    }
    assert!(wrong.is_empty(), "{} crossing(s) of the layers:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn the_reader_finds_grouped_and_plain_paths_and_skips_comments_and_tests() {
    let code = production_code(
        "use crate::{model::Client, store};\n// crate::ui\nlet x = crate::search::fold(y); // crate::cli\n\
         #[cfg(test)]\nfn helper() {\n    crate::demo::x();\n}\n#[cfg(test)]\nuse crate::server;\nfn after() { crate::gate::out(); }\n\
         #[cfg(test)]\nmod tests { use crate::demo; }\n",
    );
    let found: Vec<String> = named(&code).into_iter().map(|(_, m)| m).collect();
    assert_eq!(found, ["model", "store", "search", "gate"]);
}

/// The interface reaches the store through its data module (`src/ui/data.rs`
/// and any module under `src/ui/data/`): no other UI file names `store`
/// (test code exempt); the store's types they need, data re-exports. This
/// reads names, not calls: a method called on a `Store` or `Scoped` that
/// data handed out is not seen here.
#[test]
fn the_interface_reaches_the_store_through_one_module() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src.join("ui"), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no sources under src/ui");
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap_or(file).to_string_lossy().replace('\\', "/");
        if rel.ends_with("tests.rs") || rel == "ui/data.rs" || rel.starts_with("ui/data/") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (line, to) in named(&production_code(&text)) {
            if to == "store" {
                wrong.push(format!("src/{rel}:{line}: names `store`: reach it through src/ui/data.rs"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} naming(s) of the store outside the interface's data module:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
