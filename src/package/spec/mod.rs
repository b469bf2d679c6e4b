//! Challenge packages: finding them, reading `challenge.toml` and the cases, validating.
//!
//! This module turns a folder into a [`Challenge`]; it runs no submission and compares
//! nothing. The model is here; the reading is split by concern: `load` (challenge.toml's
//! tables, limits and harness), `comparison` (`[comparison]`), `cases` (the case files),
//! `predict` (what a kind = "predict" package adds), `environment` (`[environment]`'s lock
//! file), `mutants` (`[mutants]`), `find` (a slug or a path to a package folder) and `sets`
//! (practice sets). `[rules]` and `[[promises]]` are `package::rules`'.

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

mod cases;
mod comparison;
mod environment;
mod find;
#[cfg(test)]
mod fixtures;
mod load;
mod mutants;
mod predict;
mod sets;

pub(crate) use cases::read_cases;
pub use environment::{parse_lock, EnvironmentSpec, InstalledEnvironment};
pub(crate) use find::slug_of;
pub use find::{is_package, nearest, package_dirs, resolve};
pub(crate) use load::is_identifier;
pub use mutants::{EquivalentMutant, MutantsSpec};
pub use sets::PracticeSet;

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

/// The layout a package folder follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageFormat {
    /// pyjudge's own: challenge.toml (docs/package-format.md).
    Pyjudge,
    /// The Kattis problem package format: problem.yaml, data/, submissions/.
    Kattis,
}

impl Challenge {
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
