//! Kattis problem packages (problem.yaml, data/, submissions/), read into a [`Challenge`]
//! so that `submit` and `check` judge them like pyjudge's own stdio packages.
//!
//! Supported: pass-fail stdio problems with Python submissions; the default output
//! validator with its flags (case and space sensitivity, float tolerances); Python output
//! validators (exit code 42 accepts, 43 rejects, a judge message in the feedback folder);
//! time limits from problem.yaml, `.timelimit`, or Kattis' default rule (the slowest
//! accepted submission times the time multiplier, rounded up to whole seconds).

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::package::spec::{
    Case, CaseInput, Challenge, Comparison, Difficulty, Expected, Group, Harness, KattisFlags,
    Kind, Limits, PackageFormat,
};

/// The CPU limit used while measuring accepted submissions for the default rule.
const PROVISIONAL_CPU_MS: u64 = 10_000;

#[derive(Deserialize, Default)]
struct ProblemYaml {
    name: Option<serde_yaml_ng::Value>,
    #[serde(rename = "type")]
    problem_type: Option<serde_yaml_ng::Value>,
    validation: Option<String>,
    validator_flags: Option<String>,
    #[serde(default)]
    limits: YamlLimits,
}

#[derive(Deserialize, Default)]
struct YamlLimits {
    time_limit: Option<f64>,
    time_multiplier: Option<f64>,
    time_multipliers: Option<TimeMultipliers>,
    memory: Option<u64>,
    output: Option<u64>,
}

#[derive(Deserialize, Default)]
struct TimeMultipliers {
    ac_to_time_limit: Option<f64>,
}

#[derive(Deserialize, Default)]
struct TestdataYaml {
    output_validator_flags: Option<serde_yaml_ng::Value>,
}

fn flags_of(value: Option<&serde_yaml_ng::Value>) -> Vec<String> {
    match value {
        Some(serde_yaml_ng::Value::String(text)) => {
            text.split_whitespace().map(str::to_string).collect()
        }
        Some(serde_yaml_ng::Value::Sequence(items)) => items
            .iter()
            .filter_map(|item| match item {
                serde_yaml_ng::Value::String(text) => Some(text.clone()),
                serde_yaml_ng::Value::Number(number) => Some(number.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads a Kattis problem package.
pub fn load(dir: &Path) -> Result<Challenge> {
    let yaml_path = dir.join("problem.yaml");
    let text =
        fs::read_to_string(&yaml_path).map_err(|error| Error::io("read", &yaml_path, error))?;
    let problem: ProblemYaml = if text.trim().is_empty() {
        ProblemYaml::default()
    } else {
        serde_yaml_ng::from_str(&text).map_err(|error| {
            Error::spec_hint(
                &yaml_path,
                error.to_string(),
                "see the Kattis problem package format for problem.yaml",
            )
        })?
    };
    let slug = crate::package::spec::slug_of(dir);
    let kind_words = flags_of(problem.problem_type.as_ref());
    let validation = problem
        .validation
        .clone()
        .unwrap_or_else(|| "default".into());
    if validation.contains("interactive")
        || validation.contains("score")
        || kind_words.iter().any(|word| {
            matches!(
                word.as_str(),
                "interactive" | "scoring" | "multi-pass" | "submit-answer"
            )
        })
    {
        return Err(Error::spec_hint(
            &yaml_path,
            format!("problem type {validation:?} {kind_words:?} is not supported"),
            "pyjudge judges pass-fail stdio problems",
        ));
    }
    let title = match &problem.name {
        Some(serde_yaml_ng::Value::String(name)) => name.clone(),
        Some(serde_yaml_ng::Value::Mapping(names)) => names
            .get("en")
            .or_else(|| names.values().next())
            .and_then(|value| value.as_str())
            .unwrap_or(&slug)
            .to_string(),
        _ => slug.clone(),
    };
    let mut flags = flags_of(
        problem
            .validator_flags
            .as_ref()
            .map(|text| serde_yaml_ng::Value::String(text.clone()))
            .as_ref(),
    );
    let testdata_path = dir.join("data/testdata.yaml");
    if testdata_path.is_file() {
        let text = fs::read_to_string(&testdata_path)
            .map_err(|error| Error::io("read", &testdata_path, error))?;
        let testdata: TestdataYaml = serde_yaml_ng::from_str(&text)
            .map_err(|error| Error::spec(&testdata_path, error.to_string()))?;
        flags.extend(flags_of(testdata.output_validator_flags.as_ref()));
    }
    let comparison = match find_validator(dir)? {
        Some(program)
            if validation.contains("custom") || !dir.join("output_validators").is_dir() =>
        {
            Comparison::KattisValidator { program, flags }
        }
        Some(program) => Comparison::KattisValidator { program, flags },
        None if validation.contains("custom") => {
            return Err(Error::spec_hint(
                &yaml_path,
                "validation is custom but no Python output validator was found",
                "put a Python validator in output_validators/<name>/ (or output_validator/)",
            ))
        }
        None => Comparison::KattisDefault(default_flags(&flags, &yaml_path)?),
    };
    let memory_mb = problem.limits.memory.unwrap_or(2048);
    let output_mb = problem.limits.output.unwrap_or(8);
    let explicit_seconds = problem.limits.time_limit.or_else(|| {
        fs::read_to_string(dir.join(".timelimit"))
            .ok()
            .and_then(|text| text.trim().parse::<f64>().ok())
    });
    let cpu_ms = explicit_seconds.map_or(PROVISIONAL_CPU_MS, |seconds| {
        (seconds * 1000.0).ceil() as u64
    });
    let mut cases = Vec::new();
    for group in [Group::Sample, Group::Secret] {
        let folder = dir.join("data").join(match group {
            Group::Sample => "sample",
            Group::Secret => "secret",
        });
        collect_cases(&folder, &folder, group, &mut cases)?;
    }
    if cases.is_empty() {
        return Err(Error::spec_hint(
            dir.join("data"),
            "no .in/.ans cases in data/sample or data/secret",
            "a Kattis package keeps its test data in data/sample/ and data/secret/",
        ));
    }
    cases.sort_by(|left, right| (left.group, &left.name).cmp(&(right.group, &right.name)));
    let statement = [
        "problem_statement/problem.en.md",
        "problem_statement/problem.md",
        "statement/problem.en.md",
        "problem_statement/problem.en.tex",
        "problem_statement/problem.tex",
        "statement/problem.en.tex",
    ]
    .iter()
    .map(|name| dir.join(name))
    .find(|path| path.is_file())
    .unwrap_or_else(|| dir.join("problem_statement/problem.en.tex"));
    let multiplier = problem
        .limits
        .time_multipliers
        .as_ref()
        .and_then(|multipliers| multipliers.ac_to_time_limit)
        .or(problem.limits.time_multiplier)
        .unwrap_or(5.0);
    Ok(Challenge {
        slug,
        dir: dir.to_path_buf(),
        title,
        topic: "kattis".into(),
        difficulty: Difficulty::Medium,
        kind: Kind::Stdio,
        points: 1,
        limits: Limits {
            cpu_ms,
            wall_ms: cpu_ms * 2 + 2000,
            memory_kb: memory_mb * 1024,
            output_bytes: output_mb * 1024 * 1024,
            processes: 64,
        },
        harness: Harness::Stdio,
        comparison,
        generator: None,
        cases,
        format: PackageFormat::Kattis,
        statement,
        starter: None,
        hints: Vec::new(),
        editorial: None,
        kattis_time_rule: explicit_seconds.is_none().then_some(multiplier),
        environment: None,
    })
}

fn default_flags(flags: &[String], yaml_path: &Path) -> Result<KattisFlags> {
    let mut parsed = KattisFlags::default();
    let mut words = flags.iter();
    while let Some(word) = words.next() {
        let mut number = |name: &str| -> Result<f64> {
            words
                .next()
                .and_then(|value| value.parse::<f64>().ok())
                .ok_or_else(|| {
                    Error::spec(
                        yaml_path,
                        format!("validator flag {name} needs a number after it"),
                    )
                })
        };
        match word.as_str() {
            "case_sensitive" => parsed.case_sensitive = true,
            "space_change_sensitive" => parsed.space_change_sensitive = true,
            "float_tolerance" => {
                let tolerance = number(word)?;
                parsed.abs_tol = Some(tolerance);
                parsed.rel_tol = Some(tolerance);
            }
            "float_absolute_tolerance" => parsed.abs_tol = Some(number(word)?),
            "float_relative_tolerance" => parsed.rel_tol = Some(number(word)?),
            other => {
                return Err(Error::spec_hint(
                    yaml_path,
                    format!("unknown validator flag {other:?}"),
                    "the default validator knows case_sensitive, space_change_sensitive, float_tolerance, \
                     float_absolute_tolerance and float_relative_tolerance",
                ))
            }
        }
    }
    Ok(parsed)
}

/// The Python output validator of the package, if it has one.
fn find_validator(dir: &Path) -> Result<Option<PathBuf>> {
    for folder in ["output_validators", "output_validator"] {
        let root = dir.join(folder);
        if !root.is_dir() {
            continue;
        }
        let mut candidates: Vec<PathBuf> = Vec::new();
        let mut entries: Vec<PathBuf> = fs::read_dir(&root)
            .map_err(|error| Error::io("read", &root, error))?
            .flatten()
            .map(|entry| entry.path())
            .collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() {
                let mut inner: Vec<PathBuf> = fs::read_dir(&entry)
                    .map_err(|error| Error::io("read", &entry, error))?
                    .flatten()
                    .map(|entry| entry.path())
                    .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
                    .collect();
                inner.sort();
                let preferred = inner.iter().find(|path| {
                    matches!(
                        path.file_stem().and_then(|stem| stem.to_str()),
                        Some("validate" | "validator" | "output_validator" | "main")
                    )
                });
                match (preferred, inner.len()) {
                    (Some(path), _) => candidates.push(path.clone()),
                    (None, 1) => candidates.push(inner[0].clone()),
                    _ => {}
                }
            } else if entry.extension().is_some_and(|ext| ext == "py") {
                candidates.push(entry);
            }
        }
        match candidates.len() {
            0 => {
                return Err(Error::spec_hint(
                    &root,
                    "no Python output validator here",
                    "pyjudge runs Python output validators only (one .py file, or validate.py in a folder)",
                ))
            }
            _ => return Ok(candidates.into_iter().next()),
        }
    }
    Ok(None)
}

fn collect_cases(root: &Path, folder: &Path, group: Group, cases: &mut Vec<Case>) -> Result<()> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(Error::io("read", folder, error)),
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_cases(root, &path, group, cases)?;
            continue;
        }
        if path.extension().is_none_or(|ext| ext != "in") {
            continue;
        }
        let answer = path.with_extension("ans");
        if !answer.is_file() {
            return Err(Error::spec_hint(
                &path,
                format!("no expected answer {} beside it", answer.display()),
                "every .in needs its .ans",
            ));
        }
        let relative = path.strip_prefix(root).unwrap_or(&path).with_extension("");
        cases.push(Case {
            name: relative.to_string_lossy().into_owned(),
            group,
            input: CaseInput::File(path.clone()),
            expected: Expected::File(answer),
            points: 1,
            source: path,
        });
    }
    Ok(())
}

/// The `.py` files of a submissions folder.
pub fn python_submissions(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "py"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
