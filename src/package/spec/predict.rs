//! What a kind = "predict" package adds to the format: each snippet file is a case whose
//! expected answer is the snippet's own output (run at judging time, by `judge`), and the
//! snippet names, which key the candidate's `ANSWERS`, are unique across both groups.

use std::path::Path;

use super::{Case, CaseInput, Expected, Group};
use crate::error::{Error, Result};

/// A predict package's own rules, on top of the usual ones: no generator, and no snippet
/// name used twice.
pub(super) fn validate(cases: &[Case], has_generator: bool, spec_path: &Path) -> Result<()> {
    if has_generator {
        return Err(Error::spec_hint(
            spec_path,
            "a [generator] section in a kind = \"predict\" package",
            "remove [generator]: each snippet is a file tests/sample/NAME.py or tests/secret/NAME.py",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for case in cases {
        if !seen.insert(case.name.as_str()) {
            return Err(Error::spec_hint(
                &case.source,
                format!("a second snippet named {:?}", case.name),
                "snippet names key the candidate's ANSWERS: rename one of the two files",
            ));
        }
    }
    Ok(())
}

/// The case of the snippet `path`, named `name` (its file name without `.py`).
pub(super) fn snippet_case(name: &str, path: &Path, group: Group, points: u64) -> Result<Case> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::spec_hint(
            path,
            format!("snippet name {name:?} is not a simple name"),
            "name snippets with letters, digits, '_' and '-': the name is the candidate's ANSWERS key",
        ));
    }
    Ok(Case {
        name: name.to_string(),
        group,
        input: CaseInput::Value(serde_json::json!({ "snippet": name })),
        expected: Expected::Snippet(path.to_path_buf()),
        points,
        source: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::super::fixtures::package;
    use super::super::{CaseInput, Challenge, Expected, Group, Harness};

    fn predict_package() -> tempfile::TempDir {
        let dir =
            package("title = \"T\"\ntopic = \"x\"\ndifficulty = \"easy\"\nkind = \"predict\"\n");
        fs::remove_file(dir.path().join("tests/sample/01.json")).unwrap();
        fs::write(dir.path().join("tests/sample/first.py"), "print(1)\n").unwrap();
        fs::create_dir_all(dir.path().join("tests/secret")).unwrap();
        fs::write(dir.path().join("tests/secret/second.py"), "print(2)\n").unwrap();
        dir
    }

    #[test]
    fn a_predict_package_has_one_case_per_snippet() {
        let dir = predict_package();
        let challenge = Challenge::load(dir.path()).unwrap();
        assert_eq!(challenge.harness, Harness::Predict);
        let names: Vec<_> = challenge
            .cases
            .iter()
            .map(|case| (case.group, case.name.as_str()))
            .collect();
        assert_eq!(names, [(Group::Sample, "first"), (Group::Secret, "second")]);
        assert_eq!(
            challenge.cases[1].expected,
            Expected::Snippet(dir.path().join("tests/secret/second.py"))
        );
        assert_eq!(
            challenge.cases[1].input,
            CaseInput::Value(serde_json::json!({"snippet": "second"}))
        );
    }

    #[test]
    fn a_predict_package_refuses_a_harness_and_a_name_used_twice() {
        let dir = predict_package();
        let spec = dir.path().join("challenge.toml");
        let text = fs::read_to_string(&spec).unwrap();
        fs::write(&spec, format!("{text}[harness]\ntype = \"custom\"\n")).unwrap();
        let message = Challenge::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("[harness] section"), "{message}");
        fs::write(&spec, &text).unwrap();
        fs::write(dir.path().join("tests/secret/first.py"), "print(3)\n").unwrap();
        let message = Challenge::load(dir.path()).unwrap_err().to_string();
        assert!(
            message.contains("a second snippet named \"first\""),
            "{message}"
        );
        assert!(message.contains("first.py"), "{message}");
    }
}
