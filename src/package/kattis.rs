//! Kattis problem packages (problem.yaml, data/, submissions/), read into a [`Challenge`]
//! so that `submit` and `check` judge them like pyjudge's own stdio packages.
//!
//! Supported: pass-fail and scoring stdio problems with Python submissions; the default
//! output validator with its flags (case and space sensitivity, float tolerances), from
//! problem.yaml and each test group's testdata.yaml; output validators in Python, C or C++
//! (found here, run by `scripts`); time limits from problem.yaml, `.timelimit`, or Kattis'
//! rule ([`TimeRule`], applied by `prepare`); a scoring problem's test groups and their
//! settings ([`Grading`]) with the default grader's aggregation, a pure function that
//! `judge` applies; the Python programs of the submissions folders and the input
//! validators, found here and run by `check`. Everything here only reads.

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
    validator_flags: Option<String>,
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

#[derive(Deserialize, Default)]
struct TestdataYaml {
    output_validator_flags: Option<serde_yaml_ng::Value>,
    input_validator_flags: Option<serde_yaml_ng::Value>,
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
    if validation.contains("interactive")
        || kind_words.iter().any(|word| {
            matches!(
                word.as_str(),
                "interactive" | "multi-pass" | "submit-answer"
            )
        })
    {
        return Err(Error::spec_hint(
            &yaml_path,
            format!("problem type {validation:?} {kind_words:?} is not supported"),
            "pyjudge judges pass-fail and scoring stdio problems, not interactive, multi-pass or submit-answer ones",
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
    let problem_flags = flags_of(
        problem
            .validator_flags
            .as_ref()
            .map(|text| serde_yaml_ng::Value::String(text.clone()))
            .as_ref(),
    );
    let program = if uses_default_validator(&problem, &validation, dir, &yaml_path)? {
        None
    } else {
        Some(find_validator(dir)?.ok_or_else(|| {
            Error::spec_hint(
                &yaml_path,
                "validation is custom but no output validator was found",
                "put a Python, C or C++ validator in output_validators/<name>/ (or output_validator/)",
            )
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
    Ok(match testdata.output_validator_flags {
        Some(value) => GroupFlags {
            flags: flags_of(Some(&value)),
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

/// The input validator flags of the test case whose input is `input`: the
/// `input_validator_flags` of the nearest testdata.yaml from the input's folder up to
/// `data/`.
pub fn input_validator_flags(dir: &Path, input: &Path) -> Result<Vec<String>> {
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
                if let Some(value) = testdata.input_validator_flags {
                    return Ok(flags_of(Some(&value)));
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

/// A verdict as Kattis' graders know it, from the worst to the best: the default grader's
/// `worst_error` picks the first of this order among a group's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GraderVerdict {
    /// A judge error (`JE`): the validator or the judge failed.
    JudgeError,
    /// A run-time error (`RTE`), a crash or a non-zero exit.
    RunTimeError,
    /// Memory over the limit (`MLE`).
    MemoryLimit,
    /// Time over the limit (`TLE`).
    TimeLimit,
    /// Output over the limit (`OLE`).
    OutputLimit,
    /// A wrong answer (`WA`).
    WrongAnswer,
    /// Accepted (`AC`).
    Accepted,
}

/// A case's verdict and the score its validator gave it in score.txt, where it gave one.
pub type CaseGrade = (GraderVerdict, Option<f64>);

/// One result a group's grader aggregates: a verdict and a score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradedResult {
    pub verdict: GraderVerdict,
    pub score: f64,
}

/// How a Kattis scoring problem grades: its test data groups, each with the settings of its
/// testdata.yaml (inherited key by key from the group above, as verifyproblem has them),
/// aggregated by the default grader.
#[derive(Debug, Clone, PartialEq)]
pub struct Grading {
    root: TestGroup,
    /// `grading: objective: min` in a legacy problem.yaml: the best score is the range's
    /// minimum.
    minimize: bool,
    /// A legacy `validation: custom score`: the validator must write score.txt on every
    /// accepted output.
    score_file_required: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct TestGroup {
    /// The group's folder (`data/secret/group1`).
    folder: PathBuf,
    settings: GroupSettings,
    items: Vec<TestItem>,
}

#[derive(Debug, Clone, PartialEq)]
enum TestItem {
    /// A test case, by its input file (the case's `source`).
    Case(PathBuf),
    Group(TestGroup),
}

#[derive(Debug, Clone, PartialEq)]
struct GroupSettings {
    /// `on_reject: break` (the default): the group's first rejected item ends it.
    break_on_reject: bool,
    grader_flags: Vec<String>,
    accept_score: f64,
    reject_score: f64,
    range: (f64, f64),
}

/// The grading of the Kattis package in `dir` when it is a scoring problem (`type:
/// scoring`), `None` for a pass-fail problem. Its
/// errors are verifyproblem's: an unknown `on_reject`, a `range` that is not two numbers
/// in order, `ignore_sample` below the root or beside `on_reject: break`; and a custom
/// grader, which pyjudge does not run.
pub fn grading(dir: &Path) -> Result<Option<Grading>> {
    let problem = read_problem_yaml(dir)?;
    if !is_scoring(&problem) {
        return Ok(None);
    }
    let mut overrides = serde_yaml_ng::Mapping::new();
    let mut minimize = false;
    if let Some(serde_yaml_ng::Value::Mapping(grading)) = &problem.grading {
        // Keys that predate the legacy format apply to every group (as verifyproblem).
        for key in ["accept_score", "reject_score", "range"] {
            if let Some(value) = grading.get(key) {
                overrides.insert(key.into(), value.clone());
            }
        }
        match grading.get("on_reject").and_then(|value| value.as_str()) {
            Some("first_error") => {
                overrides.insert("on_reject".into(), "break".into());
            }
            Some("grade") => {
                overrides.insert("on_reject".into(), "continue".into());
            }
            _ => {}
        }
        minimize = grading.get("objective").and_then(|value| value.as_str()) == Some("min");
    }
    let data = dir.join("data");
    let root = read_group(&data, &serde_yaml_ng::Mapping::new(), &overrides, true)?;
    let validation = problem.validation.as_deref().unwrap_or("default");
    let score_file_required = !is_modern(&problem)
        && validation.split_whitespace().next() == Some("custom")
        && validation.split_whitespace().any(|word| word == "score");
    Ok(Some(Grading {
        root,
        minimize,
        score_file_required,
    }))
}

/// True for a scoring problem: `type: scoring`, in either format (a legacy `validation:
/// custom score` only lets the validator write score.txt, as in problemtools).
fn is_scoring(problem: &ProblemYaml) -> bool {
    flags_of(problem.problem_type.as_ref())
        .iter()
        .any(|word| word == "scoring")
}

fn read_group(
    folder: &Path,
    parent: &serde_yaml_ng::Mapping,
    overrides: &serde_yaml_ng::Mapping,
    root: bool,
) -> Result<TestGroup> {
    let path = folder.join("testdata.yaml");
    let mut config = match fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => {
            match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text)
                .map_err(|error| Error::spec(&path, error.to_string()))?
            {
                serde_yaml_ng::Value::Mapping(mapping) => mapping,
                serde_yaml_ng::Value::Null => serde_yaml_ng::Mapping::new(),
                _ => return Err(Error::spec(&path, "testdata.yaml must be a map of keys")),
            }
        }
        _ => serde_yaml_ng::Mapping::new(),
    };
    for (key, value) in parent {
        if !config.contains_key(key) {
            config.insert(key.clone(), value.clone());
        }
    }
    let own_config = config.clone();
    for (key, value) in overrides {
        config.insert(key.clone(), value.clone());
    }
    let settings = group_settings(&config, &path, root)?;
    let mut entries: Vec<PathBuf> = match fs::read_dir(folder) {
        Ok(entries) => entries.flatten().map(|entry| entry.path()).collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(Error::io("read", folder, error)),
    };
    entries.sort();
    let mut items = Vec::new();
    for entry in entries {
        if entry.is_dir() {
            // Below the root only `sample` and `secret` count, as the cases do.
            let name = entry.file_name().and_then(|name| name.to_str());
            if root && !matches!(name, Some("sample" | "secret")) {
                continue;
            }
            items.push(TestItem::Group(read_group(
                &entry,
                &own_config,
                overrides,
                false,
            )?));
        } else if !root
            && entry.extension().is_some_and(|extension| extension == "in")
            && entry.with_extension("ans").is_file()
        {
            items.push(TestItem::Case(entry));
        }
    }
    Ok(TestGroup {
        folder: folder.to_path_buf(),
        settings,
        items,
    })
}

fn group_settings(
    config: &serde_yaml_ng::Mapping,
    path: &Path,
    root: bool,
) -> Result<GroupSettings> {
    let text = |key: &str| -> Option<String> {
        config.get(key).map(|value| match value {
            serde_yaml_ng::Value::String(text) => text.clone(),
            serde_yaml_ng::Value::Number(number) => number.to_string(),
            _ => String::new(),
        })
    };
    let number = |key: &str, default: f64| -> Result<f64> {
        match config.get(key) {
            None => Ok(default),
            Some(value) => value
                .as_f64()
                .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
                .ok_or_else(|| Error::spec(path, format!("{key} must be a number"))),
        }
    };
    let break_on_reject = match text("on_reject").as_deref() {
        None | Some("break") => true,
        Some("continue") => false,
        Some(other) => {
            return Err(Error::spec_hint(
                path,
                format!("on_reject {other:?} is neither break nor continue"),
                "write on_reject: break or on_reject: continue",
            ))
        }
    };
    if let Some(grading) = text("grading").filter(|grading| grading != "default") {
        return Err(Error::spec_hint(
            path,
            format!("grading {grading:?}: pyjudge runs the default grader only"),
            "use grading: default with grader_flags (sum, avg, min, max, first_error, worst_error, always_accept, ignore_sample, accept_if_any_accepted)",
        ));
    }
    let grader_flags = flags_of(config.get("grader_flags"));
    if grader_flags.iter().any(|flag| flag == "ignore_sample") {
        if !root {
            return Err(Error::spec(
                path,
                "grader_flags: ignore_sample is only allowed at the top level (data/testdata.yaml), as verifyproblem has it",
            ));
        }
        if break_on_reject {
            return Err(Error::spec_hint(
                path,
                "grader_flags: ignore_sample beside on_reject: break may leave the secret data unjudged (verifyproblem: an error)",
                "write on_reject: continue in data/testdata.yaml",
            ));
        }
    }
    let range = match text("range") {
        None => (f64::NEG_INFINITY, f64::INFINITY),
        Some(range) => {
            let bounds: Vec<f64> = range
                .split_whitespace()
                .filter_map(|word| word.parse::<f64>().ok())
                .collect();
            match bounds[..] {
                [low, high] if range.split_whitespace().count() == 2 && low <= high => (low, high),
                _ => {
                    return Err(Error::spec_hint(
                        path,
                        format!("range {range:?} is not two numbers, the smaller first"),
                        "write range: 0 100 (inf and -inf allowed)",
                    ))
                }
            }
        }
    };
    Ok(GroupSettings {
        break_on_reject,
        grader_flags,
        accept_score: number("accept_score", 1.0)?,
        reject_score: number("reject_score", 0.0)?,
        range,
    })
}

impl Grading {
    /// The root group's result from each case's, as problemtools computes it: a case's
    /// score is its validator's (score.txt) or else its group's `accept_score` or
    /// `reject_score`; a group under `on_reject: break` ends at its first rejected item; a
    /// judge error in a group is the group's result; the rest is the default grader with
    /// the group's `grader_flags`. `result_of` gives a case's verdict and validator score by
    /// its input file, `None` for a case not run (it and a group of only such are left
    /// out). `None` when no case ran.
    pub fn grade(&self, result_of: &dyn Fn(&Path) -> Option<CaseGrade>) -> Option<GradedResult> {
        grade_group(&self.root, result_of, &mut Trace::default())
    }

    /// Each group (by folder) whose score falls outside its `range`, with the score and the
    /// range: verifyproblem's error.
    pub fn out_of_range(
        &self,
        result_of: &dyn Fn(&Path) -> Option<CaseGrade>,
    ) -> Vec<(PathBuf, f64, (f64, f64))> {
        let mut trace = Trace::default();
        grade_group(&self.root, result_of, &mut trace);
        trace.out_of_range
    }

    /// The cases (by input file) that [`Grading::grade`] counts: those Kattis runs, every
    /// case but the ones after a rejection in a group under `on_reject: break`.
    pub fn counted_cases(&self, result_of: &dyn Fn(&Path) -> Option<CaseGrade>) -> Vec<PathBuf> {
        let mut trace = Trace::default();
        grade_group(&self.root, result_of, &mut trace);
        trace.counted
    }

    /// The best score a submission can get: the root range's maximum (minimum for a
    /// minimisation problem) where it is finite, else the score of a submission accepted
    /// on every case.
    pub fn best_score(&self) -> f64 {
        let (low, high) = self.root.settings.range;
        let bound = if self.minimize { low } else { high };
        if bound.is_finite() {
            return bound;
        }
        self.grade(&|_| Some((GraderVerdict::Accepted, None)))
            .map_or(0.0, |result| result.score)
    }

    /// True when the validator must write score.txt on every accepted output (a legacy
    /// `validation: custom score`, as problemtools has it).
    pub fn score_file_required(&self) -> bool {
        self.score_file_required
    }

    /// True when the problem's objective is to minimise the score.
    pub fn minimizes(&self) -> bool {
        self.minimize
    }
}

/// What grading saw on its way: the cases it counted and the groups scored outside their
/// range.
#[derive(Default)]
struct Trace {
    counted: Vec<PathBuf>,
    out_of_range: Vec<(PathBuf, f64, (f64, f64))>,
}

fn grade_group(
    group: &TestGroup,
    result_of: &dyn Fn(&Path) -> Option<CaseGrade>,
    trace: &mut Trace,
) -> Option<GradedResult> {
    let settings = &group.settings;
    let mut results = Vec::new();
    for item in &group.items {
        let result = match item {
            TestItem::Group(subgroup) => match grade_group(subgroup, result_of, trace) {
                Some(result) => result,
                None => continue,
            },
            TestItem::Case(input) => match result_of(input) {
                Some((verdict, score)) => {
                    trace.counted.push(input.clone());
                    GradedResult {
                        verdict,
                        score: score.unwrap_or(if verdict == GraderVerdict::Accepted {
                            settings.accept_score
                        } else {
                            settings.reject_score
                        }),
                    }
                }
                None => continue,
            },
        };
        results.push(result);
        if result.verdict != GraderVerdict::Accepted && settings.break_on_reject {
            break;
        }
    }
    if results.is_empty() {
        return None;
    }
    if let Some(error) = results
        .iter()
        .find(|result| result.verdict == GraderVerdict::JudgeError)
    {
        return Some(*error);
    }
    let graded = default_grader(&results, &settings.grader_flags);
    let (low, high) = settings.range;
    if !(low..=high).contains(&graded.score) {
        trace
            .out_of_range
            .push((group.folder.clone(), graded.score, settings.range));
    }
    Some(graded)
}

/// Kattis' default grader: verdict by `worst_error` (the default), `first_error` or
/// `always_accept`; score by `sum` (the default), `avg`, `min` or `max`; the last mode
/// given wins; `ignore_sample` grades the last result only (secret, beside sample);
/// `accept_if_any_accepted` accepts when any result is accepted.
pub fn default_grader(results: &[GradedResult], flags: &[String]) -> GradedResult {
    let mut verdict_mode = "worst_error";
    let mut score_mode = "sum";
    let mut ignore_sample = false;
    let mut accept_if_any = false;
    for flag in flags {
        match flag.as_str() {
            "worst_error" | "no_errors" | "first_error" | "always_accept" => {
                verdict_mode = flag.as_str()
            }
            "sum" | "avg" | "min" | "max" => score_mode = flag.as_str(),
            "ignore_sample" => ignore_sample = true,
            "accept_if_any_accepted" => accept_if_any = true,
            _ => {}
        }
    }
    let results = if ignore_sample {
        if results.is_empty() || results.len() > 2 {
            return GradedResult {
                verdict: GraderVerdict::JudgeError,
                score: 0.0,
            };
        }
        &results[results.len() - 1..]
    } else {
        results
    };
    let verdicts = results.iter().map(|result| result.verdict);
    let verdict = if accept_if_any
        && verdicts
            .clone()
            .any(|verdict| verdict == GraderVerdict::Accepted)
    {
        GraderVerdict::Accepted
    } else {
        match verdict_mode {
            "first_error" => verdicts
                .clone()
                .find(|verdict| *verdict != GraderVerdict::Accepted)
                .unwrap_or(GraderVerdict::Accepted),
            "always_accept" => GraderVerdict::Accepted,
            _ => verdicts.clone().min().unwrap_or(GraderVerdict::Accepted),
        }
    };
    let scores = results.iter().map(|result| result.score);
    let score = match score_mode {
        "avg" => scores.clone().sum::<f64>() / results.len().max(1) as f64,
        "min" => scores.clone().fold(f64::INFINITY, f64::min),
        "max" => scores.clone().fold(f64::NEG_INFINITY, f64::max),
        _ => scores.clone().sum(),
    };
    GradedResult { verdict, score }
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

    fn results(items: &[(GraderVerdict, f64)]) -> Vec<GradedResult> {
        items
            .iter()
            .map(|&(verdict, score)| GradedResult { verdict, score })
            .collect()
    }

    fn flags(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn the_default_grader_aggregates_as_problemtools_does() {
        use GraderVerdict::*;
        let mixed = results(&[(Accepted, 50.0), (TimeLimit, 0.0), (WrongAnswer, 10.0)]);
        let grade = |text: &str| {
            let graded = default_grader(&mixed, &flags(text));
            (graded.verdict, graded.score)
        };
        // worst_error and sum by default; the worst error is the first in JE, RTE, MLE,
        // TLE, OLE, WA order, not the first one met.
        assert_eq!(grade(""), (TimeLimit, 60.0));
        assert_eq!(grade("first_error min"), (TimeLimit, 0.0));
        assert_eq!(grade("max always_accept"), (Accepted, 50.0));
        assert_eq!(grade("avg accept_if_any_accepted"), (Accepted, 20.0));
        // The last mode given wins.
        assert_eq!(grade("min max first_error worst_error"), (TimeLimit, 50.0));
        // ignore_sample: the last of (sample, secret) alone; more than two is a judge error.
        let two = results(&[(WrongAnswer, 0.0), (Accepted, 30.0)]);
        let graded = default_grader(&two, &flags("ignore_sample"));
        assert_eq!((graded.verdict, graded.score), (Accepted, 30.0));
        assert_eq!(
            default_grader(&mixed, &flags("ignore_sample")).verdict,
            JudgeError
        );
    }

    #[test]
    fn scoring_settings_are_checked_as_verifyproblem_does() {
        let folder = tempfile::tempdir().unwrap();
        let dir = folder.path();
        fs::create_dir_all(dir.join("data/secret/a")).unwrap();
        fs::write(dir.join("problem.yaml"), "type: scoring\n").unwrap();
        fs::write(dir.join("data/secret/a/1.in"), "1\n").unwrap();
        fs::write(dir.join("data/secret/a/1.ans"), "1\n").unwrap();
        let error_of = |path: &str, text: &str| {
            fs::write(dir.join(path), text).unwrap();
            let error = grading(dir).unwrap_err().to_string();
            fs::remove_file(dir.join(path)).unwrap();
            error
        };
        assert!(error_of("data/testdata.yaml", "range: 10 0\n").contains("the smaller first"));
        assert!(error_of("data/testdata.yaml", "on_reject: stop\n").contains("on_reject"));
        assert!(
            error_of("data/testdata.yaml", "grader_flags: ignore_sample\n")
                .contains("on_reject: break")
        );
        assert!(error_of(
            "data/secret/testdata.yaml",
            "on_reject: continue\ngrader_flags: ignore_sample\n"
        )
        .contains("only allowed at the top level"));
        assert!(error_of("data/testdata.yaml", "grading: custom\n").contains("default grader"));
        // Settings inherit key by key: the group's accept_score, the root's range.
        fs::write(
            dir.join("data/testdata.yaml"),
            "range: 0 7\naccept_score: 3\n",
        )
        .unwrap();
        fs::write(dir.join("data/secret/a/testdata.yaml"), "accept_score: 7\n").unwrap();
        let grading = grading(dir).unwrap().unwrap();
        assert_eq!(grading.best_score(), 7.0);
        let graded = grading
            .grade(&|_| Some((GraderVerdict::Accepted, None)))
            .unwrap();
        assert_eq!(
            (graded.verdict, graded.score),
            (GraderVerdict::Accepted, 7.0)
        );
        fs::write(dir.join("problem.yaml"), "type: pass-fail\n").unwrap();
        assert_eq!(super::grading(dir).unwrap(), None);
    }

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
