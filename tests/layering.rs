//! The layering of `src/`: docs/architecture.md lists the top-level modules from the bottom
//! up, and a module may use only the modules listed before it. This test reads that order
//! from the document, reads every `crate::` path in `src/` and fails on an edge back up (or
//! on a module the document does not list).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The layers from docs/architecture.md: the numbered items of its "Layers" section, each
/// starting with a module name in backquotes.
fn documented_order() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("docs/architecture.md"))
        .expect("docs/architecture.md is readable");
    let section = text
        .split("\n## ")
        .find(|section| section.starts_with("Layers"))
        .expect("docs/architecture.md has a \"## Layers\" section");
    section
        .lines()
        .filter_map(|line| {
            let (number, rest) = line.split_once(". `")?;
            number.trim().parse::<usize>().ok()?;
            Some(rest.split('`').next()?.to_string())
        })
        .collect()
}

/// The top-level modules `src/lib.rs` declares.
fn declared_modules() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    text.lines()
        .filter_map(|line| line.strip_prefix("pub mod "))
        .map(|name| name.trim_end_matches(';').to_string())
        .collect()
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The code of a file without its comments (a doc comment may name any module).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file's code names: `crate::name` paths, and the names in
/// `crate::{a, b::c}` groups.
fn used_modules(code: &str) -> Vec<String> {
    let mut used = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    used.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            used.push(name);
        }
    }
    used
}

#[test]
fn the_documented_layers_are_the_crates_modules() {
    let mut documented = documented_order();
    let mut declared = declared_modules();
    assert!(documented.len() > 5, "too few layers read: {documented:?}");
    documented.sort();
    declared.sort();
    assert_eq!(
        documented, declared,
        "docs/architecture.md's layers and src/lib.rs's modules differ"
    );
}

#[test]
fn no_module_uses_one_above_it() {
    let order = documented_order();
    let rank: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(index, name)| (name.as_str(), index))
        .collect();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut edges_up = Vec::new();
    for file in files {
        let relative = file.strip_prefix(root().join("src")).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(&own) = rank.get(module.as_str()) else {
            panic!(
                "{} belongs to {module:?}, which docs/architecture.md does not list",
                relative.display()
            );
        };
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for used in used_modules(&code) {
            if used == module {
                continue;
            }
            match rank.get(used.as_str()) {
                Some(&other) if other < own => {}
                Some(_) => edges_up.push(format!("{} ({module}) uses {used}", relative.display())),
                None => edges_up.push(format!(
                    "{} ({module}) uses crate::{used}, which docs/architecture.md does not list",
                    relative.display()
                )),
            }
        }
    }
    edges_up.sort();
    edges_up.dedup();
    assert!(
        edges_up.is_empty(),
        "imports against the layering of docs/architecture.md:\n{}",
        edges_up.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_plain_paths_but_not_comments() {
    let code =
        code_of("use crate::{error::Error, sandbox};\n// crate::app\nlet x = crate::judge::run();");
    assert_eq!(used_modules(&code), ["error", "sandbox", "judge"]);
}
