//! The programs a Kattis package holds, found but never run: its validators (input and
//! output, in Python, C or C++) and the Python programs of its submissions folders.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::{arguments_of, TestdataYaml};

/// A validator program of a Kattis package (an input or an output validator): one file, or
/// a folder that makes one program.
#[derive(Debug, Clone, PartialEq)]
pub enum ValidatorProgram {
    /// A Python program: its main file.
    Python(PathBuf),
    /// A C or C++ program: its source files, compiled together.
    Compiled {
        sources: Vec<PathBuf>,
        cplusplus: bool,
    },
}

impl ValidatorProgram {
    /// The file or folder the validator is, for messages.
    pub fn path(&self) -> &Path {
        match self {
            ValidatorProgram::Python(path) => path,
            ValidatorProgram::Compiled { sources, .. } => {
                let first = &sources[0];
                match first.parent() {
                    Some(folder) if sources.len() > 1 => folder,
                    _ => first,
                }
            }
        }
    }
}

/// What the program at `entry` (a file, or a folder of files) is: a Python program (its
/// main file: `main`, `validate`, `validator`, `input_validator` or `output_validator`, else
/// the first Python file), a C or C++ program (every source, compiled together), or `None`
/// for anything else (checktestdata, viva, other languages).
pub fn validator_program(entry: &Path) -> Option<ValidatorProgram> {
    let files: Vec<PathBuf> = if entry.is_dir() {
        let mut files: Vec<PathBuf> = fs::read_dir(entry)
            .map(|files| files.flatten().map(|file| file.path()).collect())
            .unwrap_or_default();
        files.retain(|file| file.is_file());
        files.sort();
        files
    } else {
        vec![entry.to_path_buf()]
    };
    let with = |extensions: &[&str]| -> Vec<PathBuf> {
        files
            .iter()
            .filter(|file| {
                file.extension()
                    .and_then(|extension| extension.to_str())
                    .is_some_and(|extension| extensions.contains(&extension))
            })
            .cloned()
            .collect()
    };
    let python = with(&["py", "py3"]);
    let cplusplus = with(&["cc", "cpp", "cxx", "c++", "C"]);
    let c = with(&["c"]);
    if !python.is_empty() {
        let main = python
            .iter()
            .find(|file| {
                file.file_stem()
                    .and_then(|stem| stem.to_str())
                    .is_some_and(|stem| {
                        matches!(
                            stem.to_ascii_lowercase().as_str(),
                            "main"
                                | "validate"
                                | "validator"
                                | "input_validator"
                                | "output_validator"
                        )
                    })
            })
            .unwrap_or(&python[0]);
        return Some(ValidatorProgram::Python(main.clone()));
    }
    if cplusplus.is_empty() && c.is_empty() {
        return None;
    }
    let is_cplusplus = !cplusplus.is_empty();
    Some(ValidatorProgram::Compiled {
        sources: if is_cplusplus { cplusplus } else { c },
        cplusplus: is_cplusplus,
    })
}

/// The input validators of the Kattis package in `dir`, sorted, with a note (relative to
/// the package) for each one pyjudge cannot run (checktestdata, viva, other languages).
pub fn input_validators(dir: &Path) -> (Vec<ValidatorProgram>, Vec<String>) {
    let mut validators = Vec::new();
    let mut notes = Vec::new();
    let shown = |path: &Path| path.strip_prefix(dir).unwrap_or(path).display().to_string();
    for folder in ["input_validators", "input_format_validators"] {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir.join(folder))
            .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for entry in entries {
            if let Some(program) = validator_program(&entry) {
                validators.push(program);
                continue;
            }
            let only_headers = entry.is_dir()
                && fs::read_dir(&entry).is_ok_and(|files| {
                    files
                        .flatten()
                        .all(|file| file.path().extension().is_some_and(|ext| ext == "h"))
                });
            let header = entry.extension().is_some_and(|extension| extension == "h");
            // Headers beside nothing runnable: nothing to say.
            if !(only_headers || header) {
                notes.push(format!(
                    "skipped input validator {}: pyjudge runs Python, C and C++ validators (checktestdata and viva scripts are not supported)",
                    shown(&entry)
                ));
            }
        }
    }
    (validators, notes)
}

/// The arguments the input validator `validator` gets for the test case whose input is
/// `input`: the `input_validator_args` (or `input_validator_flags`) of the nearest
/// testdata.yaml from the input's folder up to `data/` that sets them. Where they are a map
/// from validator name (the file's name without its extension, or the folder's name) to
/// arguments, the validator gets its own entry, or none.
pub fn input_validator_flags(dir: &Path, input: &Path, validator: &Path) -> Result<Vec<String>> {
    let data = dir.join("data");
    let mut folder = input.parent();
    while let Some(current) = folder {
        let path = current.join("testdata.yaml");
        if path.is_file() {
            let text =
                fs::read_to_string(&path).map_err(|error| Error::io("read", &path, error))?;
            if !text.trim().is_empty() {
                let testdata: TestdataYaml = serde_yaml_ng::from_str(&text)
                    .map_err(|error| Error::spec(&path, error.to_string()))?;
                if let Some((value, key)) = testdata.input_arguments() {
                    return match &value {
                        serde_yaml_ng::Value::Mapping(per_validator) => {
                            let names = validator_names(dir, validator);
                            match per_validator.iter().find(|(name, _)| {
                                name.as_str()
                                    .is_some_and(|name| names.iter().any(|own| own == name))
                            }) {
                                Some((name, value)) => arguments_of(
                                    value,
                                    &path,
                                    &format!("{key}.{}", name.as_str().unwrap_or_default()),
                                ),
                                None => Ok(Vec::new()),
                            }
                        }
                        _ => arguments_of(&value, &path, key),
                    };
                }
            }
        }
        if current == data || !current.starts_with(&data) {
            break;
        }
        folder = current.parent();
    }
    Ok(Vec::new())
}

/// The names a map of input validator arguments may give the validator at `validator`
/// (its file or folder in `input_validators/` or `input_format_validators/`): the entry's
/// name, and for a file its name without the extension.
fn validator_names(dir: &Path, validator: &Path) -> Vec<String> {
    let entry = ["input_validators", "input_format_validators"]
        .iter()
        .find_map(|folder| validator.strip_prefix(dir.join(folder)).ok())
        .and_then(|relative| relative.components().next())
        .map(|first| PathBuf::from(first.as_os_str()));
    let Some(entry) = entry else {
        return Vec::new();
    };
    let mut names = vec![entry.to_string_lossy().into_owned()];
    if let Some(stem) = entry.file_stem() {
        names.push(stem.to_string_lossy().into_owned());
    }
    names
}

/// The Python programs of the Kattis submissions folder `submissions/<folder>/` of the
/// package in `dir`, sorted: `.py` and `.py3` files, and folders holding one Python file
/// (the program's main file). With a note, relative to the package, for each entry not
/// judged: other languages, a `#!...python2` shebang (Kattis would run it as Python 2),
/// folders of several Python files.
pub fn python_programs(dir: &Path, folder: &str) -> (Vec<PathBuf>, Vec<String>) {
    let root = dir.join("submissions").join(folder);
    let mut entries: Vec<PathBuf> = fs::read_dir(&root)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let shown = |path: &Path| path.strip_prefix(dir).unwrap_or(path).display().to_string();
    let mut programs = Vec::new();
    let mut notes = Vec::new();
    for entry in entries {
        let main = if entry.is_dir() {
            let mut files: Vec<PathBuf> = fs::read_dir(&entry)
                .map(|files| files.flatten().map(|file| file.path()).collect())
                .unwrap_or_default();
            files.retain(|file| file.is_file() && is_python_file(file));
            files.sort();
            match files.len() {
                0 => {
                    notes.push(format!(
                        "skipped {}/: pyjudge judges Python submissions only",
                        shown(&entry)
                    ));
                    continue;
                }
                1 => files.remove(0),
                count => {
                    notes.push(format!(
                        "skipped {}/: {count} Python files; pyjudge judges one-file programs (put the program in one file)",
                        shown(&entry)
                    ));
                    continue;
                }
            }
        } else if entry.is_file() && is_python_file(&entry) {
            entry
        } else {
            notes.push(format!(
                "skipped {}: pyjudge judges Python submissions only",
                shown(&entry)
            ));
            continue;
        };
        if names_python2(&main) {
            notes.push(format!(
                "skipped {}: its shebang names python2 (Kattis would run it as Python 2); pyjudge judges Python 3 only",
                shown(&main)
            ));
            continue;
        }
        programs.push(main);
    }
    (programs, notes)
}

/// A file Kattis counts as Python: `.py` (Python 3 unless its shebang names python2) or
/// `.py3`.
fn is_python_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "py" || extension == "py3")
}

/// True for a `.py` file whose first line is a shebang naming python2 (Kattis'
/// `^#!.*python2\b`).
fn names_python2(path: &Path) -> bool {
    if path.extension().is_none_or(|extension| extension != "py") {
        return false;
    }
    let Ok(text) = fs::read(path) else {
        return false;
    };
    let first = text.split(|byte| *byte == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    first.starts_with("#!")
        && first.match_indices("python2").any(|(index, _)| {
            !first[index + "python2".len()..]
                .chars()
                .next()
                .is_some_and(|next| next.is_alphanumeric() || next == '_')
        })
}

/// The accepted Python programs of the Kattis package in `dir`.
pub fn python_submissions(dir: &Path) -> Vec<PathBuf> {
    python_programs(dir, "accepted").0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_python2_shebang_is_told_from_python3() {
        let folder = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = folder.path().join(name);
            fs::write(&path, text).unwrap();
            path
        };
        assert!(names_python2(&write("a.py", "#!/usr/bin/env python2\n")));
        assert!(names_python2(&write("b.py", "#!/usr/bin/python2.7\n")));
        assert!(!names_python2(&write("c.py", "#!/usr/bin/env python3\n")));
        assert!(!names_python2(&write("d.py", "# python2 is gone\n")));
        assert!(!names_python2(&write("e.py", "#!/usr/bin/python22\n")));
        assert!(!names_python2(&write("f.py3", "#!/usr/bin/env python2\n")));
    }
}
