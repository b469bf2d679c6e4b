//! Challenge packages: finding them, reading `challenge.toml` and the cases, validating.
//!
//! This module turns a folder into a [`Challenge`]; it runs no submission and compares
//! nothing. The only process it may start is a package's own case generator.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};

const FORMAT_HINT: &str = "see docs/package-format.md for the package format";

/// What the candidate writes: a module of functions, a script reading stdin, or the
/// predicted output of the package's snippets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The harness calls the candidate's functions and observes the results.
    Function,
    /// The candidate's script reads stdin and writes stdout.
    Stdio,
    /// The candidate's file predicts what each snippet prints; the snippets' real output,
    /// run in the sandbox, is the expected answer.
    Predict,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Function => "function",
            Kind::Stdio => "stdio",
            Kind::Predict => "predict",
        }
    }
}

/// How hard the challenge is meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    /// A warm-up.
    Easy,
    /// A typical interview question.
    Medium,
    /// A question for a senior candidate.
    Hard,
}

impl Difficulty {
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// Resource limits for one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub cpu_ms: u64,
    pub wall_ms: u64,
    pub memory_kb: u64,
    pub output_bytes: u64,
    pub processes: u64,
}

/// How the candidate's code is driven for one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Harness {
    /// The built-in harness calls the named function with the case's args and kwargs.
    Call { function: String },
    /// The package's `harness.py` turns the case input into calls.
    Custom { path: PathBuf },
    /// The candidate's script runs with the case input on stdin.
    Stdio,
    /// The candidate's file is read, never run: its `ANSWERS` literal, one prediction per
    /// snippet.
    Predict,
}

/// How an observation is compared with the expected answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparison {
    /// Byte for byte.
    Exact,
    /// Line by line, trailing white space and trailing empty lines ignored.
    Lines,
    /// White-space separated tokens.
    Tokens { case_sensitive: bool },
    /// Tokens, numbers within an absolute or relative tolerance (Kattis' default validator).
    Float {
        abs_tol: f64,
        rel_tol: f64,
        case_sensitive: bool,
    },
    /// Structural equality of encoded observations.
    Json(JsonOptions),
    /// A package's own checker script decides.
    Checker { script: PathBuf },
    /// Kattis' default output validator with its flags.
    KattisDefault(KattisFlags),
    /// A Kattis output validator program (exit 42 accepts, 43 rejects).
    KattisValidator {
        program: PathBuf,
        flags: Vec<String>,
    },
}

/// The flags of Kattis' default output validator.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct KattisFlags {
    pub case_sensitive: bool,
    pub space_change_sensitive: bool,
    pub abs_tol: Option<f64>,
    pub rel_tol: Option<f64>,
}

/// Options of the structural comparison.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct JsonOptions {
    pub unordered_lists: bool,
    pub int_float_equal: bool,
    pub abs_tol: f64,
    pub rel_tol: f64,
}

/// Whether a case is shown to the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// Shown in the statement; a wrong answer shows a diff.
    Sample,
    /// Hidden; nothing of the expected answer is ever shown.
    Secret,
}

impl Group {
    /// The group's folder name (`sample`, `secret`), as reports show it.
    pub fn name(self) -> &'static str {
        match self {
            Group::Sample => "sample",
            Group::Secret => "secret",
        }
    }
}

/// Where a case's input lives.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseInput {
    /// An encoded value for a function harness.
    Value(Value),
    /// A file fed on stdin.
    File(PathBuf),
}

/// Where a case's expected answer lives. Never handed to the sandbox.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// An encoded value (a return value or a `$raise`).
    Value(Value),
    /// A file holding the expected stdout.
    File(PathBuf),
    /// A snippet whose stdout, run in the sandbox at judging time, is the expected answer
    /// (kind = "predict").
    Snippet(PathBuf),
}

/// One test case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub name: String,
    pub group: Group,
    pub input: CaseInput,
    pub expected: Expected,
    pub points: u64,
    /// The file the case came from, for messages.
    pub source: PathBuf,
}

/// A loaded and validated challenge package.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub slug: String,
    pub dir: PathBuf,
    pub title: String,
    pub topic: String,
    pub difficulty: Difficulty,
    pub kind: Kind,
    pub points: u64,
    pub limits: Limits,
    pub harness: Harness,
    pub comparison: Comparison,
    pub generator: Option<PathBuf>,
    pub cases: Vec<Case>,
    /// Which package format the folder is in.
    pub format: PackageFormat,
    /// The statement a candidate reads.
    pub statement: PathBuf,
    /// The code a candidate starts from; Kattis packages have none.
    pub starter: Option<PathBuf>,
    /// A Kattis package without an explicit time limit: the multiplier of the default rule,
    /// applied by `prepare` before judging.
    pub kattis_time_rule: Option<f64>,
    /// Progressive hints, each a nudge and never code (`hints` in challenge.toml).
    pub hints: Vec<String>,
    /// The editorial shown once an interview is over (`editorial.md`), when the package has one.
    pub editorial: Option<PathBuf>,
    /// Cases judged otherwise than by `comparison`, by their source file: a Kattis test
    /// group's own validator flags (its testdata.yaml). Empty for pyjudge packages.
    pub case_comparisons: std::collections::HashMap<PathBuf, Comparison>,
    /// Static rules checked on the submission's syntax tree before any case runs (`[rules]`).
    pub rules: Vec<super::rules::Rule>,
    /// Where the package watches its event loop (`[rules] event_loop_blocking_ms`): a case
    /// with a callback that blocks the loop longer is WA.
    pub event_loop: Option<super::rules::EventLoopWatch>,
    /// The statement's promises, each with what enforces it and a fixture that breaks it.
    pub promises: Vec<super::rules::Promise>,
    /// The `[mutants]` table: what mutation testing knows of the package.
    pub mutants: MutantsSpec,
    /// The locked third-party packages a framework challenge runs with (`[environment]`).
    pub environment: Option<EnvironmentSpec>,
}

/// A framework challenge's environment: a lock file of exact pins with hashes, in pip's
/// `--require-hashes` requirements format, beside challenge.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentSpec {
    /// The lock file.
    pub lock: PathBuf,
    /// Its bytes, which (with the interpreter's version) name the environment.
    pub lock_content: Vec<u8>,
    /// The pinned packages, as (name, version), in the lock's order.
    pub pins: Vec<(String, String)>,
    /// Where the built environment is, once `environment::attach` found it in the cache.
    pub installed: Option<InstalledEnvironment>,
}

/// A built environment as the sandbox needs it: the folder to show read-only and the
/// folder to put on `sys.path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledEnvironment {
    /// The environment's folder in the cache.
    pub root: PathBuf,
    /// Its site-packages folder, inside `root`.
    pub site_packages: PathBuf,
}

/// The layout a package folder follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageFormat {
    /// pyjudge's own: challenge.toml (docs/package-format.md).
    Pyjudge,
    /// The Kattis problem package format: problem.yaml, data/, submissions/.
    Kattis,
}

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
    rules: super::rules::RawRules,
    #[serde(default)]
    promises: Vec<super::rules::RawPromise>,
    #[serde(default)]
    mutants: MutantsSpec,
    environment: Option<RawEnvironment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnvironment {
    lock: String,
}

/// The `[mutants]` table of challenge.toml.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MutantsSpec {
    /// Mutants of the reference no case can kill, each with the reason (at most 5 % of
    /// the package's mutants).
    #[serde(default)]
    pub equivalent: Vec<EquivalentMutant>,
}

/// A known-equivalent mutant: `{ id = "compare:12:8:lt->le", reason = "..." }`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EquivalentMutant {
    /// The mutant's id, as `check --mutants` reports it.
    pub id: String,
    /// Why no case can tell the mutant from the reference.
    pub reason: String,
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
struct RawComparison {
    method: RawMethod,
    case_sensitive: Option<bool>,
    abs_tol: Option<f64>,
    rel_tol: Option<f64>,
    unordered_lists: Option<bool>,
    int_float_equal: Option<bool>,
    script: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawMethod {
    Exact,
    Lines,
    Tokens,
    Float,
    Json,
    Checker,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGenerator {
    script: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    input: Value,
    expected: Value,
    points: Option<u64>,
}

impl Challenge {
    /// Reads and validates the package in `dir`: a pyjudge package, or a Kattis problem
    /// package (a folder with problem.yaml and no challenge.toml).
    pub fn load(dir: &Path) -> Result<Challenge> {
        let spec_path = dir.join("challenge.toml");
        if !spec_path.exists() && dir.join("problem.yaml").is_file() {
            return super::kattis::load(dir);
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
        let comparison = comparison(&raw, dir, &spec_path)?;
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
            let folder = dir.join("tests").join(match group {
                Group::Sample => "sample",
                Group::Secret => "secret",
            });
            cases.extend(read_cases(&folder, group, raw.kind, raw.points)?);
        }
        if raw.kind == Kind::Predict {
            if generator.is_some() {
                return Err(Error::spec_hint(
                    &spec_path,
                    "a [generator] section in a kind = \"predict\" package",
                    "remove [generator]: each snippet is a file tests/sample/NAME.py or tests/secret/NAME.py",
                ));
            }
            let mut seen = std::collections::HashSet::new();
            for case in &cases {
                if !seen.insert(case.name.as_str()) {
                    return Err(Error::spec_hint(
                        &case.source,
                        format!("a second snippet named {:?}", case.name),
                        "snippet names key the candidate's ANSWERS: rename one of the two files",
                    ));
                }
            }
        }
        if cases.is_empty() && generator.is_none() {
            return Err(Error::spec_hint(
                dir.join("tests"),
                "the package has no cases",
                "add tests/sample/ and tests/secret/ cases",
            ));
        }
        let (rules, event_loop) = super::rules::rules(raw.rules, &spec_path)?;
        let case_names: Vec<(String, String)> = cases
            .iter()
            .map(|case| (case.group.name().to_string(), case.name.clone()))
            .collect();
        let promises = super::rules::promises(raw.promises, &rules, &case_names, dir, &spec_path)?;
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

    pub fn statement_path(&self) -> PathBuf {
        self.statement.clone()
    }

    /// How `case` is compared: its Kattis test group's own flags where it has them, else
    /// the challenge's comparison.
    pub fn comparison_of(&self, case: &Case) -> &Comparison {
        self.case_comparisons
            .get(&case.source)
            .unwrap_or(&self.comparison)
    }

    pub fn starter_path(&self) -> Option<PathBuf> {
        self.starter.clone()
    }

    /// The sum of all cases' points.
    pub fn max_score(&self) -> u64 {
        self.cases.iter().map(|case| case.points).sum()
    }
}

/// Reads `[environment]`'s lock file: a file inside the package whose every requirement is
/// an exact `name==version` pin with at least one `--hash=sha256:` (pip's
/// `--require-hashes` format; comments and `\` continuations allowed).
fn environment_spec(dir: &Path, spec_path: &Path, lock: &str) -> Result<EnvironmentSpec> {
    let relative = Path::new(lock);
    if relative.is_absolute()
        || relative
            .components()
            .any(|part| matches!(part, std::path::Component::ParentDir))
    {
        return Err(Error::spec_hint(
            spec_path,
            format!("environment.lock {lock:?} is outside the package"),
            "name a lock file beside challenge.toml, e.g. lock = \"requirements.lock\"",
        ));
    }
    let path = dir.join(relative);
    let lock_content = fs::read(&path).map_err(|error| {
        Error::spec_hint(
            &path,
            format!("cannot read the environment's lock file: {error}"),
            "write exact pins with hashes (pip's --require-hashes format); see docs/package-format.md",
        )
    })?;
    let text = String::from_utf8_lossy(&lock_content);
    let pins = parse_lock(&text).map_err(|(line, message)| {
        Error::spec_hint(
            &path,
            format!("line {line}: {message}"),
            "every requirement is name==version followed by --hash=sha256:HEX (pip hash FILE prints it)",
        )
    })?;
    if pins.is_empty() {
        return Err(Error::spec_hint(
            &path,
            "the lock file pins no package",
            "list the packages as name==version --hash=sha256:HEX, or remove [environment]",
        ));
    }
    Ok(EnvironmentSpec {
        lock: path,
        lock_content,
        pins,
        installed: None,
    })
}

/// The pins of a lock file, or the (1-based) line of the first bad requirement and why.
pub fn parse_lock(text: &str) -> std::result::Result<Vec<(String, String)>, (usize, String)> {
    let mut pins = Vec::new();
    let mut logical = String::new();
    let mut first_line = 0;
    let lines: Vec<&str> = text.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        let line = line
            .split_once('#')
            .map_or(*line, |(before, _)| before)
            .trim();
        if logical.is_empty() {
            first_line = index + 1;
        }
        match line.strip_suffix('\\') {
            Some(continued) => {
                logical.push_str(continued);
                logical.push(' ');
                if index + 1 < lines.len() {
                    continue;
                }
            }
            None => logical.push_str(line),
        }
        let requirement = std::mem::take(&mut logical);
        let mut words = requirement.split_whitespace();
        let Some(pin) = words.next() else { continue };
        if pin.starts_with('-') {
            return Err((
                first_line,
                format!("option {pin:?}: a lock holds pinned requirements only"),
            ));
        }
        let Some((name, version)) = pin.split_once("==") else {
            return Err((
                first_line,
                format!("{pin:?} is not an exact name==version pin"),
            ));
        };
        let name_ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        let version_ok = !version.is_empty()
            && version
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._+!".contains(c));
        if !name_ok || !version_ok {
            return Err((
                first_line,
                format!("{pin:?} is not an exact name==version pin"),
            ));
        }
        let mut hashes = 0;
        for word in words {
            let Some(digest) = word.strip_prefix("--hash=sha256:") else {
                return Err((
                    first_line,
                    format!("{word:?} after {pin}: only --hash=sha256:HEX may follow a pin"),
                ));
            };
            if digest.len() != 64 || !digest.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err((
                    first_line,
                    format!("{word:?} is not a sha256 digest (64 hex digits)"),
                ));
            }
            hashes += 1;
        }
        if hashes == 0 {
            return Err((first_line, format!("{pin} has no --hash=sha256:")));
        }
        pins.push((name.to_string(), version.to_string()));
    }
    Ok(pins)
}

fn toml_location(text: &str, span: Option<std::ops::Range<usize>>) -> String {
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

fn comparison(raw: &RawSpec, dir: &Path, spec_path: &Path) -> Result<Comparison> {
    let default_method = match raw.kind {
        Kind::Function => RawMethod::Json,
        Kind::Stdio | Kind::Predict => RawMethod::Lines,
    };
    if raw.kind == Kind::Predict && raw.comparison.is_some() {
        return Err(Error::spec_hint(
            spec_path,
            "a [comparison] section in a kind = \"predict\" package",
            "remove [comparison]: predictions are compared line by line, trailing white space and blank lines at either end ignored",
        ));
    }
    let empty = RawComparison {
        method: default_method,
        case_sensitive: None,
        abs_tol: None,
        rel_tol: None,
        unordered_lists: None,
        int_float_equal: None,
        script: None,
    };
    let options = raw.comparison.as_ref().unwrap_or(&empty);
    let reject = |field: &str, method: &str| {
        Err(Error::spec_hint(
            spec_path,
            format!("comparison.{field} does not apply to method = \"{method}\""),
            format!("remove comparison.{field}"),
        ))
    };
    if raw.kind == Kind::Function && !matches!(options.method, RawMethod::Json | RawMethod::Checker)
    {
        return Err(Error::spec_hint(
            spec_path,
            "a kind = \"function\" package compares observations, not text",
            "use method = \"json\" or \"checker\"",
        ));
    }
    for (field, present, allowed) in [
        (
            "case_sensitive",
            options.case_sensitive.is_some(),
            &[RawMethod::Tokens, RawMethod::Float][..],
        ),
        (
            "abs_tol",
            options.abs_tol.is_some(),
            &[RawMethod::Float, RawMethod::Json][..],
        ),
        (
            "rel_tol",
            options.rel_tol.is_some(),
            &[RawMethod::Float, RawMethod::Json][..],
        ),
        (
            "unordered_lists",
            options.unordered_lists.is_some(),
            &[RawMethod::Json][..],
        ),
        (
            "int_float_equal",
            options.int_float_equal.is_some(),
            &[RawMethod::Json][..],
        ),
        (
            "script",
            options.script.is_some(),
            &[RawMethod::Checker][..],
        ),
    ] {
        if present && !allowed.contains(&options.method) {
            return reject(field, method_name(options.method));
        }
    }
    for (field, value) in [("abs_tol", options.abs_tol), ("rel_tol", options.rel_tol)] {
        if matches!(value, Some(tolerance) if !(tolerance >= 0.0 && tolerance.is_finite())) {
            return Err(Error::spec_hint(
                spec_path,
                format!("comparison.{field} must be a finite number of at least 0"),
                format!("write e.g. {field} = 1e-6"),
            ));
        }
    }
    Ok(match options.method {
        RawMethod::Exact => Comparison::Exact,
        RawMethod::Lines => Comparison::Lines,
        RawMethod::Tokens => Comparison::Tokens {
            case_sensitive: options.case_sensitive.unwrap_or(true),
        },
        RawMethod::Float => Comparison::Float {
            abs_tol: options.abs_tol.unwrap_or(1e-6),
            rel_tol: options.rel_tol.unwrap_or(1e-6),
            case_sensitive: options.case_sensitive.unwrap_or(true),
        },
        RawMethod::Json => Comparison::Json(JsonOptions {
            unordered_lists: options.unordered_lists.unwrap_or(false),
            int_float_equal: options.int_float_equal.unwrap_or(false),
            abs_tol: options.abs_tol.unwrap_or(0.0),
            rel_tol: options.rel_tol.unwrap_or(0.0),
        }),
        RawMethod::Checker => {
            let Some(script) = &options.script else {
                return Err(Error::spec_hint(
                    spec_path,
                    "missing field comparison.script",
                    "method = \"checker\" needs script = \"checker.py\"",
                ));
            };
            let path = dir.join(script);
            if !path.is_file() {
                return Err(Error::spec_hint(
                    spec_path,
                    format!("comparison.script {script:?} does not exist"),
                    "name a Python file inside the package",
                ));
            }
            Comparison::Checker { script: path }
        }
    })
}

fn method_name(method: RawMethod) -> &'static str {
    match method {
        RawMethod::Exact => "exact",
        RawMethod::Lines => "lines",
        RawMethod::Tokens => "tokens",
        RawMethod::Float => "float",
        RawMethod::Json => "json",
        RawMethod::Checker => "checker",
    }
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
                cases.push(Case {
                    name: name.to_string(),
                    group,
                    input: CaseInput::Value(serde_json::json!({ "snippet": name })),
                    expected: Expected::Snippet(path.clone()),
                    points,
                    source: path.clone(),
                });
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

/// The name of a folder as a slug: its own name, even when given as `.` or a relative path.
pub(crate) fn slug_of(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .and_then(|path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| dir.display().to_string())
}

/// True for a folder that holds a pyjudge or a Kattis package.
pub fn is_package(dir: &Path) -> bool {
    dir.join("challenge.toml").is_file() || dir.join("problem.yaml").is_file()
}

/// The package folders in `dir`, sorted by slug.
pub fn package_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).map_err(|error| Error::io("list challenges in", dir, error))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| is_package(path))
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// The (at most three) names of `known` nearest to `name`, ignoring case, best first: a
/// close spelling, or one name holding the other.
pub fn nearest(name: &str, known: &[String]) -> Vec<String> {
    let name = name.to_lowercase();
    let mut scored: Vec<(f64, &String)> = known
        .iter()
        .map(|candidate| {
            let lower = candidate.to_lowercase();
            (strsim::jaro_winkler(&name, &lower), candidate, lower)
        })
        .filter(|(score, _, lower)| {
            *score >= 0.8
                || (name.len() >= 3 && lower.contains(&name))
                || (lower.len() >= 3 && name.contains(lower.as_str()))
        })
        .map(|(score, candidate, _)| (score, candidate))
        .collect();
    scored.sort_by(|left, right| right.0.total_cmp(&left.0));
    scored
        .into_iter()
        .take(3)
        .map(|(_, candidate)| candidate.clone())
        .collect()
}

/// Finds a challenge by slug in `challenges_dir`, or by path.
pub fn resolve(name: &str, challenges_dir: &Path) -> Result<PathBuf> {
    let as_path = Path::new(name);
    if is_package(as_path) {
        return Ok(as_path.to_path_buf());
    }
    let in_library = challenges_dir.join(name);
    if !name.contains('/') && is_package(&in_library) {
        return Ok(in_library);
    }
    if name.contains('/') || as_path.is_dir() {
        return Err(Error::spec_hint(
            as_path,
            "no challenge.toml (or Kattis problem.yaml) in this folder",
            "pass a challenge slug or the path of a package folder",
        ));
    }
    let known: Vec<String> = package_dirs(challenges_dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|dir| {
            dir.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .collect();
    let mut scored: Vec<(f64, String)> = known
        .into_iter()
        .map(|slug| (strsim::jaro_winkler(name, &slug), slug))
        .filter(|(score, slug)| {
            *score >= 0.85
                || slug.contains(name)
                || (name.len() >= 4 && name.contains(slug.as_str()))
        })
        .collect();
    scored.sort_by(|left, right| right.0.total_cmp(&left.0));
    Err(Error::UnknownChallenge {
        name: name.to_string(),
        dir: challenges_dir.to_path_buf(),
        suggestions: scored.into_iter().take(3).map(|(_, slug)| slug).collect(),
    })
}

/// A practice set: `challenges/sets/<name>.toml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeSet {
    pub title: String,
    pub description: String,
    /// The suggested time for the whole set, as in an interview.
    pub time_budget_minutes: u64,
    pub challenges: Vec<String>,
    #[serde(skip)]
    pub path: PathBuf,
}

impl PracticeSet {
    /// Reads a set by name (from `<challenges>/sets/`) or by path, and checks that every
    /// challenge it names exists.
    pub fn load(challenges_dir: &Path, name: &str) -> Result<PracticeSet> {
        let as_path = PathBuf::from(name);
        let path = if as_path.is_file() {
            as_path
        } else {
            challenges_dir.join("sets").join(format!("{name}.toml"))
        };
        let text = fs::read_to_string(&path).map_err(|error| {
            let names = PracticeSet::names(challenges_dir);
            let nearest = nearest(name, &names);
            let known = names.join(", ");
            Error::spec_hint(
                &path,
                format!("cannot read the practice set: {error}"),
                if known.is_empty() {
                    "no sets in the challenges folder".to_string()
                } else if nearest.is_empty() {
                    format!("known sets: {known}")
                } else {
                    format!("did you mean {}? known sets: {known}", nearest.join(", "))
                },
            )
        })?;
        let mut set: PracticeSet = toml::from_str(&text).map_err(|error| {
            Error::spec_hint(
                &path,
                error.message().to_string() + &toml_location(&text, error.span()),
                "a set file has title, description, time_budget_minutes and challenges = [\"slug\", ...]",
            )
        })?;
        set.path = path.clone();
        for slug in &set.challenges {
            if !is_package(&challenges_dir.join(slug)) {
                return Err(Error::spec_hint(
                    &path,
                    format!("challenge {slug:?} is not in {}", challenges_dir.display()),
                    "name the folder of a package in the challenges folder",
                ));
            }
        }
        Ok(set)
    }

    /// The names of the sets in `<challenges>/sets/`.
    pub fn names(challenges_dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(challenges_dir.join("sets"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|entry| {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        name.strip_suffix(".toml").map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(toml: &str) -> tempfile::TempDir {
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

    const GOOD: &str = r#"
title = "T"
topic = "oop"
difficulty = "easy"
kind = "function"
[harness]
type = "call"
function = "f"
"#;

    fn load_error(toml: &str) -> String {
        let dir = package(toml);
        Challenge::load(dir.path()).unwrap_err().to_string()
    }

    #[test]
    fn nearest_names_ignore_case_and_rank_close_spellings_first() {
        let known: Vec<String> = ["databases", "decorators", "orm", "async"]
            .map(String::from)
            .to_vec();
        assert_eq!(nearest("Database", &known), ["databases"]);
        assert_eq!(nearest("ORM", &known), ["orm"]);
        assert!(nearest("zzz", &known).is_empty());
    }

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
    fn an_unknown_comparison_lists_the_known_ones() {
        let message = load_error(&format!("{GOOD}[comparison]\nmethod = \"fuzzy\"\n"));
        assert!(message.contains("unknown variant `fuzzy`"), "{message}");
        assert!(message.contains("json"), "{message}");
    }

    #[test]
    fn an_unknown_key_is_an_error() {
        let message = load_error(&format!("{GOOD}[limits]\ncpu_msec = 5\n"));
        assert!(message.contains("unknown field `cpu_msec`"), "{message}");
    }

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

    #[test]
    fn tolerance_options_only_where_they_apply() {
        let message = load_error(&format!(
            "{GOOD}[comparison]\nmethod = \"json\"\ncase_sensitive = false\n"
        ));
        assert!(
            message.contains("case_sensitive does not apply"),
            "{message}"
        );
    }

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

    #[test]
    fn unknown_slug_suggests_close_names() {
        let library = tempfile::tempdir().unwrap();
        let dir = library.path().join("auth-decorator");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("challenge.toml"), GOOD).unwrap();
        let error = resolve("auth-decorater", library.path()).unwrap_err();
        assert_eq!(error.hint().unwrap(), "did you mean auth-decorator?");
    }
}

#[cfg(test)]
mod lock_tests {
    use super::parse_lock;

    const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn exact_pins_with_hashes_and_continuations_are_read() {
        let text = format!(
            "# locked\npydantic==2.11.7 \\\n    --hash=sha256:{HASH} \\\n    --hash=sha256:{HASH}\n\ntyping-extensions==4.14.1 --hash=sha256:{HASH}  # pure\n"
        );
        assert_eq!(
            parse_lock(&text).unwrap(),
            vec![
                ("pydantic".to_string(), "2.11.7".to_string()),
                ("typing-extensions".to_string(), "4.14.1".to_string()),
            ]
        );
    }

    #[test]
    fn a_range_an_unhashed_pin_and_an_option_are_refused_with_their_line() {
        let range = format!("django>=5.2 --hash=sha256:{HASH}\n");
        assert_eq!(parse_lock(&range).unwrap_err().0, 1);
        let unhashed = format!("a==1 --hash=sha256:{HASH}\n\nb==2\n");
        let (line, message) = parse_lock(&unhashed).unwrap_err();
        assert_eq!(line, 3);
        assert!(message.contains("no --hash"), "{message}");
        assert!(parse_lock("--index-url https://example.org\n").is_err());
        assert!(parse_lock("a==1 --hash=sha256:abc\n").is_err());
    }
}
