//! Test helpers shared by the unit tests of `spec`'s modules: a small package written to a
//! temporary folder, and the error its loading gives.

use std::fs;

use super::Challenge;

pub(super) fn package(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("challenge.toml"), toml).unwrap();
    fs::write(dir.path().join("statement.md"), "# x\n").unwrap();
    fs::write(dir.path().join("starter.py"), "def f(): pass\n").unwrap();
    fs::create_dir_all(dir.path().join("tests/sample")).unwrap();
    fs::write(
        dir.path().join("tests/sample/01.json"),
        r#"{"input": {"args": [1]}, "expected": 2}"#,
    )
    .unwrap();
    dir
}

pub(super) const GOOD: &str = r#"
title = "T"
topic = "oop"
difficulty = "easy"
kind = "function"
[harness]
type = "call"
function = "f"
"#;

pub(super) fn load_error(toml: &str) -> String {
    let dir = package(toml);
    Challenge::load(dir.path()).unwrap_err().to_string()
}
