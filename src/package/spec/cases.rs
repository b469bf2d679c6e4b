//! A package's case files, one folder at a time: `NAME.json` for kind = "function",
//! `NAME.in` with `NAME.ans` for kind = "stdio", a snippet `NAME.py` for kind = "predict"
//! (`predict` makes its case). `prepare` reads a generator's output with it too.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::{Case, CaseInput, Expected, Group, Kind};
use crate::error::{Error, Result};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    input: Value,
    expected: Value,
    points: Option<u64>,
}

/// Reads one folder of cases; a missing folder has no cases.
pub(crate) fn read_cases(
    folder: &Path,
    group: Group,
    kind: Kind,
    points: u64,
) -> Result<Vec<Case>> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(Error::io("read case folder", folder, error)),
    };
    let mut files = BTreeMap::new();
    for entry in entries {
        let entry = entry.map_err(|error| Error::io("read case folder", folder, error))?;
        let path = entry.path();
        if path.is_file() {
            files.insert(entry.file_name().to_string_lossy().into_owned(), path);
        }
    }
    let mut cases = Vec::new();
    for (file_name, path) in &files {
        match kind {
            Kind::Function => {
                let Some(name) = file_name.strip_suffix(".json") else {
                    continue;
                };
                let text = fs::read_to_string(path)
                    .map_err(|error| Error::io("read case", path, error))?;
                let raw: RawCase = serde_json::from_str(&text).map_err(|error| {
                    Error::spec_hint(
                        path,
                        error.to_string(),
                        "a case file is {\"input\": ..., \"expected\": ...}; see docs/package-format.md",
                    )
                })?;
                cases.push(Case {
                    name: name.to_string(),
                    group,
                    input: CaseInput::Value(raw.input),
                    expected: Expected::Value(raw.expected),
                    points: raw.points.unwrap_or(points),
                    source: path.clone(),
                });
            }
            Kind::Predict => {
                let Some(name) = file_name.strip_suffix(".py") else {
                    continue;
                };
                cases.push(super::predict::snippet_case(name, path, group, points)?);
            }
            Kind::Stdio => {
                if let Some(name) = file_name.strip_suffix(".in") {
                    let answer = folder.join(format!("{name}.ans"));
                    if !answer.is_file() {
                        return Err(Error::spec_hint(
                            path,
                            format!("no expected answer {name}.ans beside it"),
                            format!("write the expected output to {}", answer.display()),
                        ));
                    }
                    cases.push(Case {
                        name: name.to_string(),
                        group,
                        input: CaseInput::File(path.clone()),
                        expected: Expected::File(answer),
                        points,
                        source: path.clone(),
                    });
                } else if let Some(name) = file_name.strip_suffix(".ans") {
                    if !files.contains_key(&format!("{name}.in")) {
                        return Err(Error::spec_hint(
                            path,
                            format!("no input {name}.in beside it"),
                            "every .ans needs its .in",
                        ));
                    }
                }
            }
        }
    }
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::super::fixtures::{package, GOOD};
    use super::super::Challenge;

    #[test]
    fn a_case_without_expected_is_named() {
        let dir = package(GOOD);
        let case = dir.path().join("tests/sample/02.json");
        fs::write(&case, r#"{"input": {"args": [1]}}"#).unwrap();
        let message = Challenge::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("02.json"), "{message}");
        assert!(message.contains("missing field `expected`"), "{message}");
    }

    #[test]
    fn unparseable_case_json_is_named() {
        let dir = package(GOOD);
        fs::write(dir.path().join("tests/sample/03.json"), "{\"input\": [").unwrap();
        let message = Challenge::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("03.json"), "{message}");
    }

    #[test]
    fn a_stdio_input_without_answer_is_named() {
        let dir =
            package("title = \"T\"\ntopic = \"x\"\ndifficulty = \"hard\"\nkind = \"stdio\"\n");
        fs::remove_file(dir.path().join("tests/sample/01.json")).unwrap();
        fs::write(dir.path().join("tests/sample/a.in"), "1\n").unwrap();
        let message = Challenge::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("a.in"), "{message}");
        assert!(message.contains("a.ans"), "{message}");
    }
}
