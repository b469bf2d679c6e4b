//! Kattis problem packages (problem.yaml, data/, submissions/), read into a [`Challenge`]
//! so that `submit` and `check` judge them like pyjudge's own stdio packages.
//!
//! Supported: pass-fail and scoring stdio problems with Python submissions, and interactive
//! pass-fail ones ([`interactive`]: the output validator is the interactor, which `judge`
//! runs beside the sandboxed case); the default
//! output validator with its flags (case and space sensitivity, float tolerances), from
//! problem.yaml and each test group's testdata.yaml; output validators in Python, C or C++
//! (found here, run by `scripts`); time limits from problem.yaml, `.timelimit`, or Kattis'
//! rule ([`TimeRule`], applied by `prepare`); a scoring problem's test groups and their
//! settings ([`Grading`]) with the default grader's aggregation, a pure function that
//! `judge` applies; the Python programs of the submissions folders and the input
//! validators, found here and run by `check`. Everything here only reads.
//!
//! Split by what a part reads: this file the package itself (problem.yaml, the time rule,
//! the output validator and its flags, the test data), `programs` the programs a package
//! holds (validators, submissions), `grading` a scoring problem's test groups and the
//! default grader.

mod grading;
mod programs;

use grading::is_scoring;

pub use grading::{default_grader, grading, CaseGrade, GradedResult, GraderVerdict, Grading};
pub use programs::{
    input_validator_flags, input_validators, python_programs, python_submissions,
    validator_program, ValidatorProgram,
};

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::package::spec::{
    Case, CaseInput, Challenge, Comparison, Difficulty, Expected, Group, Harness, KattisFlags,
    Kind, Limits, PackageFormat,
};

/// The CPU limit a package without one has until `prepare` derives it (`prepare` measures
/// with a cap of its own, far higher).
const PROVISIONAL_CPU_MS: u64 = 10_000;

#[derive(Deserialize, Default)]
struct ProblemYaml {
    problem_format_version: Option<serde_yaml_ng::Value>,
    name: Option<serde_yaml_ng::Value>,
    #[serde(rename = "type")]
    problem_type: Option<serde_yaml_ng::Value>,
    validation: Option<String>,
    /// The default or custom output validator's flags: a string (legacy), or a list.
    validator_flags: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    limits: YamlLimits,
    /// Legacy scoring settings: `objective`, and the older `accept_score`, `reject_score`,
    /// `range` and `on_reject` that apply to every test group.
    grading: Option<serde_yaml_ng::Value>,
}

#[derive(Deserialize, Default)]
struct YamlLimits {
    time_limit: Option<f64>,
    time_multiplier: Option<f64>,
    time_safety_margin: Option<f64>,
    time_multipliers: Option<TimeMultipliers>,
    time_resolution: Option<f64>,
    memory: Option<u64>,
    output: Option<u64>,
    validation_time: Option<f64>,
    validation_memory: Option<u64>,
}

#[derive(Deserialize, Default)]
struct TimeMultipliers {
    ac_to_time_limit: Option<f64>,
    time_limit_to_tle: Option<f64>,
}

/// Kattis' time limit rule for one package, from problem.yaml (legacy format: the
/// `time_multiplier` and `time_safety_margin`, 5 and 2 by default; format 2023-07:
/// `time_multipliers.ac_to_time_limit` and `time_limit_to_tle`, 2 and 1.5 by default).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeRule {
    /// The time limit the package gives (`limits.time_limit` or a `.timelimit` file), in
    /// milliseconds; `None` when it is derived from the accepted submissions.
    pub explicit_ms: Option<u64>,
    /// The time limit is at least the slowest accepted run times this.
    pub multiplier: f64,
    /// A time-limit-exceeded submission must run longer than the limit times this.
    pub safety_margin: f64,
    /// A derived limit is rounded up to a multiple of this many seconds.
    pub resolution_seconds: f64,
}

impl TimeRule {
    /// The limit Kattis derives from the slowest accepted run: the run times the
    /// multiplier, rounded up to the resolution, at least one resolution step (as
    /// verifyproblem computes it, in seconds).
    pub fn derived_ms(&self, slowest_ms: f64) -> u64 {
        let exact = slowest_ms / 1000.0 * self.multiplier;
        let steps = (exact / self.resolution_seconds).ceil().max(1.0);
        (steps * self.resolution_seconds * 1000.0).round() as u64
    }

    /// The CPU time a time-limit-exceeded submission must exceed: the limit times the
    /// safety margin.
    pub fn margin_ms(&self, limit_ms: u64) -> u64 {
        (limit_ms as f64 * self.safety_margin).ceil() as u64
    }
}

/// The CPU seconds and megabytes of memory a validator may use: problem.yaml's
/// `limits.validation_time` and `validation_memory`, 60 s and 1024 MB by default (as
/// problemtools has them).
pub fn validation_limits(dir: &Path) -> Result<(u64, u64)> {
    let problem = read_problem_yaml(dir)?;
    Ok((
        problem
            .limits
            .validation_time
            .map_or(60, |seconds| seconds.ceil().max(1.0) as u64),
        problem.limits.validation_memory.unwrap_or(1024),
    ))
}

/// Reads the time limit rule of the Kattis package in `dir`.
pub fn time_rule(dir: &Path) -> Result<TimeRule> {
    let problem = read_problem_yaml(dir)?;
    Ok(time_rule_of(&problem, dir))
}

fn time_rule_of(problem: &ProblemYaml, dir: &Path) -> TimeRule {
    let modern = is_modern(problem);
    let multipliers = problem.limits.time_multipliers.as_ref();
    let explicit_seconds = problem.limits.time_limit.or_else(|| {
        fs::read_to_string(dir.join(".timelimit"))
            .ok()
            .and_then(|text| text.trim().parse::<f64>().ok())
    });
    TimeRule {
        explicit_ms: explicit_seconds.map(|seconds| (seconds * 1000.0).ceil() as u64),
        multiplier: multipliers
            .and_then(|multipliers| multipliers.ac_to_time_limit)
            .or(problem.limits.time_multiplier)
            .unwrap_or(if modern { 2.0 } else { 5.0 }),
        safety_margin: multipliers
            .and_then(|multipliers| multipliers.time_limit_to_tle)
            .or(problem.limits.time_safety_margin)
            .unwrap_or(if modern { 1.5 } else { 2.0 }),
        resolution_seconds: problem
            .limits
            .time_resolution
            .filter(|resolution| *resolution > 0.0)
            .unwrap_or(1.0),
    }
}

fn read_problem_yaml(dir: &Path) -> Result<ProblemYaml> {
    let yaml_path = dir.join("problem.yaml");
    let text =
        fs::read_to_string(&yaml_path).map_err(|error| Error::io("read", &yaml_path, error))?;
    if text.trim().is_empty() {
        return Ok(ProblemYaml::default());
    }
    serde_yaml_ng::from_str(&text).map_err(|error| {
        Error::spec_hint(
            &yaml_path,
            error.to_string(),
            "see the Kattis problem package format for problem.yaml",
        )
    })
}

/// A test group's validator arguments: `*_validator_flags` (legacy: a string; the input
/// validators' may be a map from validator name to its flags) or `*_validator_args`
/// (format 2023-07: a list; the input validators' may be a map from name to list).
#[derive(Deserialize, Default)]
struct TestdataYaml {
    output_validator_flags: Option<serde_yaml_ng::Value>,
    output_validator_args: Option<serde_yaml_ng::Value>,
    input_validator_flags: Option<serde_yaml_ng::Value>,
    input_validator_args: Option<serde_yaml_ng::Value>,
}

impl TestdataYaml {
    /// The output validator's arguments this group sets, with the key that set them.
    fn output_arguments(self) -> Option<(serde_yaml_ng::Value, &'static str)> {
        match (self.output_validator_args, self.output_validator_flags) {
            (Some(args), _) => Some((args, "output_validator_args")),
            (None, Some(flags)) => Some((flags, "output_validator_flags")),
            (None, None) => None,
        }
    }

    /// The input validators' arguments this group sets, with the key that set them.
    fn input_arguments(self) -> Option<(serde_yaml_ng::Value, &'static str)> {
        match (self.input_validator_args, self.input_validator_flags) {
            (Some(args), _) => Some((args, "input_validator_args")),
            (None, Some(flags)) => Some((flags, "input_validator_flags")),
            (None, None) => None,
        }
    }
}

/// Validator arguments written as a string of words or a list of words (numbers allowed);
/// anything else is an error naming the file and the key.
fn arguments_of(value: &serde_yaml_ng::Value, path: &Path, key: &str) -> Result<Vec<String>> {
    let wrong = || {
        Error::spec_hint(
            path,
            format!("{key} must be a string or a list of strings, not {value:?}"),
            format!("write {key}: \"--flag value\" or {key}: [--flag, value]"),
        )
    };
    match value {
        serde_yaml_ng::Value::String(text) => {
            Ok(text.split_whitespace().map(str::to_string).collect())
        }
        serde_yaml_ng::Value::Null => Ok(Vec::new()),
        serde_yaml_ng::Value::Sequence(items) => items
            .iter()
            .map(|item| match item {
                serde_yaml_ng::Value::String(text) => Ok(text.clone()),
                serde_yaml_ng::Value::Number(number) => Ok(number.to_string()),
                _ => Err(wrong()),
            })
            .collect(),
        _ => Err(wrong()),
    }
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
    let problem = read_problem_yaml(dir)?;
    let slug = crate::package::spec::slug_of(dir);
    let kind_words = flags_of(problem.problem_type.as_ref());
    let validation = problem
        .validation
        .clone()
        .unwrap_or_else(|| "default".into());
    let interactive = is_interactive(&problem);
    if kind_words
        .iter()
        .any(|word| matches!(word.as_str(), "multi-pass" | "submit-answer"))
        || validation.contains("multi-pass")
    {
        return Err(Error::spec_hint(
            &yaml_path,
            format!("problem type {validation:?} {kind_words:?} is not supported"),
            "pyjudge judges pass-fail, scoring and interactive stdio problems, not multi-pass or submit-answer ones",
        ));
    }
    if interactive && is_scoring(&problem) {
        return Err(Error::spec_hint(
            &yaml_path,
            "an interactive scoring problem is not supported",
            "pyjudge judges interactive pass-fail problems (the interactor's score.txt is not read)",
        ));
    }
    // A scoring problem's test data settings are checked now, not when a submission ends.
    grading(dir)?;
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
    let problem_flags = match &problem.validator_flags {
        Some(value) => arguments_of(value, &yaml_path, "validator_flags")?,
        None => Vec::new(),
    };
    let program = if uses_default_validator(&problem, &validation, dir, &yaml_path)? {
        None
    } else {
        Some(find_validator(dir)?.ok_or_else(|| {
            if interactive {
                Error::spec_hint(
                    &yaml_path,
                    "an interactive problem needs an interactor, and none was found",
                    "put a Python, C or C++ interactor in output_validators/<name>/ (or output_validator/)",
                )
            } else {
                Error::spec_hint(
                    &yaml_path,
                    "validation is custom but no output validator was found",
                    "put a Python, C or C++ validator in output_validators/<name>/ (or output_validator/)",
                )
            }
        })?)
    };
    // problem.yaml's flags, then those of the case's test group (as verifyproblem joins them).
    let comparison_for = |group_flags: &GroupFlags| -> Result<Comparison> {
        let mut flags = problem_flags.clone();
        flags.extend(group_flags.flags.iter().cloned());
        Ok(match &program {
            None => Comparison::KattisDefault(default_flags(
                &flags,
                group_flags.origin.as_deref().unwrap_or(&yaml_path),
            )?),
            Some(program) => Comparison::KattisValidator {
                program: program.clone(),
                flags,
            },
        })
    };
    let data = dir.join("data");
    let root_flags = group_flags(&data, &GroupFlags::default())?;
    let comparison = comparison_for(&root_flags)?;
    let memory_mb = problem.limits.memory.unwrap_or(2048);
    let output_mb = problem.limits.output.unwrap_or(8);
    let time_rule = time_rule_of(&problem, dir);
    let cpu_ms = time_rule.explicit_ms.unwrap_or(PROVISIONAL_CPU_MS);
    let mut grouped = Vec::new();
    for group in [Group::Sample, Group::Secret] {
        let folder = data.join(match group {
            Group::Sample => "sample",
            Group::Secret => "secret",
        });
        collect_cases(&folder, &folder, group, &root_flags, &mut grouped)?;
    }
    let mut case_comparisons = std::collections::HashMap::new();
    let mut cases = Vec::new();
    for (case, flags) in grouped {
        if flags.flags != root_flags.flags {
            case_comparisons.insert(case.source.clone(), comparison_for(&flags)?);
        }
        cases.push(case);
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
        mutants: Default::default(),
        rules: Vec::new(),
        event_loop: None,
        promises: Vec::new(),
        editorial: None,
        case_comparisons,
        kattis_time_rule: time_rule
            .explicit_ms
            .is_none()
            .then_some(time_rule.multiplier),
        environment: None,
    })
}

/// Whether the package is judged by the default output validator. The legacy format says
/// so in `validation` (`default` unless given), and a validator program beside
/// `validation: default` is an error, as verifyproblem has it; format 2023-07 uses the
/// validator when there is one.
fn uses_default_validator(
    problem: &ProblemYaml,
    validation: &str,
    dir: &Path,
    yaml_path: &Path,
) -> Result<bool> {
    let validator_folder = ["output_validators", "output_validator"]
        .iter()
        .map(|folder| dir.join(folder))
        .find(|folder| fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_some()));
    if is_modern(problem) {
        return Ok(validator_folder.is_none());
    }
    match validation.split_whitespace().next() {
        Some("custom") => Ok(false),
        Some("default") => match validator_folder {
            Some(folder) => Err(Error::spec_hint(
                yaml_path,
                format!(
                    "validation is \"default\" but {} holds an output validator",
                    folder.display()
                ),
                "write validation: custom in problem.yaml to judge with it, or remove the folder to judge with the default validator",
            )),
            None => Ok(true),
        },
        _ => Err(Error::spec_hint(
            yaml_path,
            format!("validation {validation:?}: its first word must be default or custom"),
            "write validation: default, or validation: custom with a validator in output_validators/",
        )),
    }
}

/// True for an interactive problem: `validation: custom interactive` (legacy format) or
/// `type: interactive` (format 2023-07), as problemtools reads either.
fn is_interactive(problem: &ProblemYaml) -> bool {
    let validation = problem.validation.as_deref().unwrap_or("default");
    validation.split_whitespace().next() == Some("custom")
        && validation
            .split_whitespace()
            .any(|word| word == "interactive")
        || flags_of(problem.problem_type.as_ref())
            .iter()
            .any(|word| word == "interactive")
}

/// Whether the Kattis package in `dir` is an interactive problem: its output validator is
/// an interactor that talks with the submission while it runs (`judge` runs the two).
pub fn interactive(dir: &Path) -> Result<bool> {
    Ok(is_interactive(&read_problem_yaml(dir)?))
}

/// True for a package in format 2023-07 or later (`problem_format_version` other than
/// `legacy`).
fn is_modern(problem: &ProblemYaml) -> bool {
    match &problem.problem_format_version {
        Some(serde_yaml_ng::Value::String(version)) => version.as_str() != "legacy",
        _ => false,
    }
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

/// The output validator of the package, if it has one: the first program in
/// `output_validators/` (or `output_validator/`), as the path the comparison keeps (a
/// Python main file, or the C or C++ file or folder, compiled when it is first run).
fn find_validator(dir: &Path) -> Result<Option<PathBuf>> {
    for folder in ["output_validators", "output_validator"] {
        let root = dir.join(folder);
        if !root.is_dir() {
            continue;
        }
        let mut entries: Vec<PathBuf> = fs::read_dir(&root)
            .map_err(|error| Error::io("read", &root, error))?
            .flatten()
            .map(|entry| entry.path())
            .collect();
        entries.sort();
        // A folder holding the program's files directly (output_validator/validate.cc).
        let programs = entries
            .iter()
            .filter_map(|entry| Some((entry, validator_program(entry)?)));
        let found = match validator_program(&root) {
            Some(ValidatorProgram::Python(main)) => Some(main),
            Some(ValidatorProgram::Compiled { .. }) => Some(root.clone()),
            None => programs
                .map(|(entry, program)| match program {
                    ValidatorProgram::Python(main) => main,
                    ValidatorProgram::Compiled { .. } => entry.clone(),
                })
                .next(),
        };
        return match found {
            Some(found) => Ok(Some(found)),
            None => Err(Error::spec_hint(
                &root,
                "no output validator pyjudge can run here",
                "pyjudge runs output validators in Python, C or C++ (one file, or a folder of sources)",
            )),
        };
    }
    Ok(None)
}

/// The output validator flags in force in a test data folder: its own testdata.yaml's
/// `output_validator_flags` where it sets them, else its parent group's.
#[derive(Debug, Clone, Default)]
struct GroupFlags {
    flags: Vec<String>,
    /// The testdata.yaml that set them, for messages.
    origin: Option<PathBuf>,
}

fn group_flags(folder: &Path, parent: &GroupFlags) -> Result<GroupFlags> {
    let path = folder.join("testdata.yaml");
    if !path.is_file() {
        return Ok(parent.clone());
    }
    let text = fs::read_to_string(&path).map_err(|error| Error::io("read", &path, error))?;
    if text.trim().is_empty() {
        return Ok(parent.clone());
    }
    let testdata: TestdataYaml =
        serde_yaml_ng::from_str(&text).map_err(|error| Error::spec(&path, error.to_string()))?;
    Ok(match testdata.output_arguments() {
        Some((value, key)) => GroupFlags {
            flags: arguments_of(&value, &path, key)?,
            origin: Some(path),
        },
        None => parent.clone(),
    })
}

fn collect_cases(
    root: &Path,
    folder: &Path,
    group: Group,
    parent: &GroupFlags,
    cases: &mut Vec<(Case, GroupFlags)>,
) -> Result<()> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(Error::io("read", folder, error)),
    };
    let flags = group_flags(folder, parent)?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_cases(root, &path, group, &flags, cases)?;
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
        cases.push((
            Case {
                name: relative.to_string_lossy().into_owned(),
                group,
                input: CaseInput::File(path.clone()),
                expected: Expected::File(answer),
                points: 1,
                source: path,
            },
            flags.clone(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(multiplier: f64, resolution_seconds: f64) -> TimeRule {
        TimeRule {
            explicit_ms: None,
            multiplier,
            safety_margin: 2.0,
            resolution_seconds,
        }
    }

    #[test]
    fn a_derived_limit_is_the_slowest_run_times_the_multiplier_rounded_up() {
        // The case: 12.4 s times 2 is 24.8 s, which Kattis sets as 25 s.
        assert_eq!(rule(2.0, 1.0).derived_ms(12_400.0), 25_000);
        assert_eq!(rule(5.0, 1.0).derived_ms(12.0), 1_000);
        assert_eq!(rule(5.0, 1.0).derived_ms(0.0), 1_000);
        assert_eq!(rule(2.0, 0.5).derived_ms(1_100.0), 2_500);
        assert_eq!(rule(2.0, 1.0).margin_ms(25_000), 50_000);
    }

    #[test]
    fn the_format_version_sets_the_default_multipliers() {
        let legacy: ProblemYaml = serde_yaml_ng::from_str("name: x\n").unwrap();
        let rule = time_rule_of(&legacy, Path::new("/nonexistent"));
        assert_eq!((rule.multiplier, rule.safety_margin), (5.0, 2.0));
        let modern: ProblemYaml =
            serde_yaml_ng::from_str("problem_format_version: 2023-07-draft\nname: x\n").unwrap();
        let rule = time_rule_of(&modern, Path::new("/nonexistent"));
        assert_eq!((rule.multiplier, rule.safety_margin), (2.0, 1.5));
        let given: ProblemYaml = serde_yaml_ng::from_str(
            "limits:\n  time_multipliers:\n    ac_to_time_limit: 3\n    time_limit_to_tle: 1.2\n",
        )
        .unwrap();
        let rule = time_rule_of(&given, Path::new("/nonexistent"));
        assert_eq!((rule.multiplier, rule.safety_margin), (3.0, 1.2));
    }
}
