//! Reading a pyjudge package's `challenge.toml` into a [`Challenge`]: the raw TOML tables,
//! the limits and the harness, and the checks that tie the tables, the files and the cases
//! together. `[comparison]`, the case files, predict packages, `[environment]` and
//! `[mutants]` have modules of their own beside this one.

use std::fs;
use std::path::Path;

use serde::Deserialize;

use super::comparison::{comparison, RawComparison};
use super::environment::{environment_spec, RawEnvironment};
use super::{
    cases::read_cases, slug_of, Challenge, Difficulty, Group, Harness, Kind, Limits, MutantsSpec,
    PackageFormat,
};
use crate::error::{Error, Result};

const FORMAT_HINT: &str = "see docs/package-format.md for the package format";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    title: String,
    topic: String,
    difficulty: Difficulty,
    kind: Kind,
    #[serde(default = "one")]
    points: u64,
    #[serde(default)]
    limits: RawLimits,
    harness: Option<RawHarness>,
    #[serde(default)]
    comparison: Option<RawComparison>,
    generator: Option<RawGenerator>,
    #[serde(default)]
    hints: Vec<String>,
    #[serde(default)]
    rules: crate::package::rules::RawRules,
    #[serde(default)]
    promises: Vec<crate::package::rules::RawPromise>,
    #[serde(default)]
    mutants: MutantsSpec,
    environment: Option<RawEnvironment>,
}

fn one() -> u64 {
    1
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    cpu_ms: Option<u64>,
    wall_ms: Option<u64>,
    memory_mb: Option<u64>,
    output_kb: Option<u64>,
    processes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHarness {
    #[serde(rename = "type")]
    kind: RawHarnessKind,
    function: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawHarnessKind {
    Call,
    Custom,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGenerator {
    script: String,
}

impl Challenge {
    /// Reads and validates the package in `dir`: a pyjudge package, or a Kattis problem
    /// package (a folder with problem.yaml and no challenge.toml).
    pub fn load(dir: &Path) -> Result<Challenge> {
        let spec_path = dir.join("challenge.toml");
        if !spec_path.exists() && dir.join("problem.yaml").is_file() {
            return crate::package::kattis::load(dir);
        }
        if !dir.is_dir() {
            return Err(Error::spec_hint(
                dir,
                "not a folder",
                "pass a challenge slug or the path of a package folder",
            ));
        }
        let text = fs::read_to_string(&spec_path).map_err(|error| {
            Error::spec_hint(
                &spec_path,
                format!("cannot read it: {error}"),
                "a package folder needs a challenge.toml; see docs/package-format.md",
            )
        })?;
        let raw: RawSpec = toml::from_str(&text).map_err(|error| {
            Error::spec_hint(
                &spec_path,
                error.message().to_string() + &toml_location(&text, error.span()),
                FORMAT_HINT,
            )
        })?;
        let slug = slug_of(dir);
        let limits = limits(&raw.limits, &spec_path)?;
        let harness = harness(&raw, dir, &spec_path)?;
        let comparison = comparison(raw.kind, raw.comparison.as_ref(), dir, &spec_path)?;
        for required in ["statement.md", "starter.py"] {
            if !dir.join(required).is_file() {
                return Err(Error::spec_hint(
                    dir.join(required),
                    "missing",
                    format!("every package needs a {required}"),
                ));
            }
        }
        let generator = match &raw.generator {
            Some(generator) => {
                let path = dir.join(&generator.script);
                if !path.is_file() {
                    return Err(Error::spec_hint(
                        &spec_path,
                        format!("generator.script {:?} does not exist", generator.script),
                        "name a Python file inside the package",
                    ));
                }
                Some(path)
            }
            None => None,
        };
        let environment = match &raw.environment {
            Some(environment) => Some(environment_spec(dir, &spec_path, &environment.lock)?),
            None => None,
        };
        let mut cases = Vec::new();
        for group in [Group::Sample, Group::Secret] {
            let folder = dir.join("tests").join(group.name());
            cases.extend(read_cases(&folder, group, raw.kind, raw.points)?);
        }
        if raw.kind == Kind::Predict {
            super::predict::validate(&cases, generator.is_some(), &spec_path)?;
        }
        if cases.is_empty() && generator.is_none() {
            return Err(Error::spec_hint(
                dir.join("tests"),
                "the package has no cases",
                "add tests/sample/ and tests/secret/ cases",
            ));
        }
        let (rules, event_loop) = crate::package::rules::rules(raw.rules, &spec_path)?;
        let case_names: Vec<(String, String)> = cases
            .iter()
            .map(|case| (case.group.name().to_string(), case.name.clone()))
            .collect();
        let promises =
            crate::package::rules::promises(raw.promises, &rules, &case_names, dir, &spec_path)?;
        Ok(Challenge {
            slug,
            dir: dir.to_path_buf(),
            title: raw.title,
            topic: raw.topic,
            difficulty: raw.difficulty,
            kind: raw.kind,
            points: raw.points,
            limits,
            harness,
            comparison,
            generator,
            cases,
            format: PackageFormat::Pyjudge,
            statement: dir.join("statement.md"),
            starter: Some(dir.join("starter.py")),
            kattis_time_rule: None,
            case_comparisons: Default::default(),
            hints: raw.hints,
            mutants: raw.mutants,
            editorial: Some(dir.join("editorial.md")).filter(|path| path.is_file()),
            environment,
            rules,
            event_loop,
            promises,
        })
    }
}

pub(super) fn toml_location(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!(" (line {line})")
        }
        None => String::new(),
    }
}

fn limits(raw: &RawLimits, spec_path: &Path) -> Result<Limits> {
    let cpu_ms = raw.cpu_ms.unwrap_or(1000);
    let positive = |name: &str, value: u64| {
        if value == 0 {
            Err(Error::spec_hint(
                spec_path,
                format!("limits.{name} is 0"),
                format!("write a positive limits.{name}, or leave it out for the default"),
            ))
        } else {
            Ok(value)
        }
    };
    let limits = Limits {
        cpu_ms: positive("cpu_ms", cpu_ms)?,
        wall_ms: positive("wall_ms", raw.wall_ms.unwrap_or(cpu_ms * 3 + 2000))?,
        memory_kb: positive("memory_mb", raw.memory_mb.unwrap_or(256))? * 1024,
        output_bytes: positive("output_kb", raw.output_kb.unwrap_or(1024))? * 1024,
        processes: positive("processes", raw.processes.unwrap_or(64))?,
    };
    if limits.wall_ms < limits.cpu_ms {
        return Err(Error::spec_hint(
            spec_path,
            format!(
                "limits.wall_ms ({}) is below limits.cpu_ms ({})",
                limits.wall_ms, limits.cpu_ms
            ),
            "the wall-clock cap must be at least the CPU limit; leave it out for 3 x cpu_ms + 2000",
        ));
    }
    Ok(limits)
}

fn harness(raw: &RawSpec, dir: &Path, spec_path: &Path) -> Result<Harness> {
    match (raw.kind, &raw.harness) {
        (Kind::Stdio, None) => Ok(Harness::Stdio),
        (Kind::Stdio, Some(_)) => Err(Error::spec_hint(
            spec_path,
            "a [harness] section in a kind = \"stdio\" package",
            "remove [harness]: stdio submissions read stdin and write stdout",
        )),
        (Kind::Predict, None) => Ok(Harness::Predict),
        (Kind::Predict, Some(_)) => Err(Error::spec_hint(
            spec_path,
            "a [harness] section in a kind = \"predict\" package",
            "remove [harness]: a prediction file is read, never run",
        )),
        (Kind::Function, None) => Err(Error::spec_hint(
            spec_path,
            "missing section [harness]",
            "write [harness] with type = \"call\" and function = \"NAME\", or type = \"custom\"",
        )),
        (Kind::Function, Some(harness)) => match harness.kind {
            RawHarnessKind::Call => match &harness.function {
                Some(function) if is_identifier(function) => Ok(Harness::Call {
                    function: function.clone(),
                }),
                Some(function) => Err(Error::spec_hint(
                    spec_path,
                    format!("harness.function {function:?} is not a Python identifier"),
                    "name the function the candidate defines, e.g. function = \"top_k\"",
                )),
                None => Err(Error::spec_hint(
                    spec_path,
                    "missing field harness.function",
                    "type = \"call\" needs function = \"NAME\", the function to call",
                )),
            },
            RawHarnessKind::Custom => {
                let path = dir.join("harness.py");
                if path.is_file() {
                    Ok(Harness::Custom { path })
                } else {
                    Err(Error::spec_hint(
                        path,
                        "missing (harness.type is \"custom\")",
                        "write harness.py with def run(solution, case_input), or use type = \"call\"",
                    ))
                }
            }
        },
    }
}

pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(first) if first == '_' || first.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{load_error, package, GOOD};
    use super::super::{Challenge, Comparison, JsonOptions};

    #[test]
    fn a_good_package_loads_with_defaults() {
        let dir = package(GOOD);
        let challenge = Challenge::load(dir.path()).unwrap();
        assert_eq!(challenge.limits.cpu_ms, 1000);
        assert_eq!(challenge.limits.wall_ms, 5000);
        assert_eq!(
            challenge.comparison,
            Comparison::Json(JsonOptions::default())
        );
        assert_eq!(challenge.cases.len(), 1);
        assert_eq!(challenge.max_score(), 1);
    }

    #[test]
    fn a_missing_field_is_named() {
        let message = load_error(&GOOD.replace("kind = \"function\"\n", ""));
        assert!(message.contains("missing field `kind`"), "{message}");
        assert!(message.contains("challenge.toml"), "{message}");
    }

    #[test]
    fn a_mistyped_limit_is_named_with_its_line() {
        let message = load_error(&format!("{GOOD}[limits]\ncpu_ms = \"fast\"\n"));
        assert!(message.contains("invalid type"), "{message}");
        assert!(message.contains("line 10"), "{message}");
    }

    #[test]
    fn an_unknown_key_is_an_error() {
        let message = load_error(&format!("{GOOD}[limits]\ncpu_msec = 5\n"));
        assert!(message.contains("unknown field `cpu_msec`"), "{message}");
    }
}
