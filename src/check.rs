//! `pyjudge check`: proving a challenge package sound, the way Kattis' verifyproblem does.
//!
//! For each package: it loads and validates; its references pass with time to spare; each
//! known-wrong submission fails as labelled, on a secret case; the starter loads and fails;
//! no two cases share an input. This module decides what holds; `report` prints it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::judge::{self, JudgeOptions, SubmissionReport};
use crate::judging::verdict::Verdict;
use crate::package::spec::{CaseInput, Challenge, Group, PackageFormat};
use crate::python::Python;
use crate::sandbox::WarmPool;

/// Fewest sample cases a package may have.
pub const MIN_SAMPLES: usize = 3;
/// Fewest secret cases a package may have.
pub const MIN_SECRET: usize = 10;

/// The submission folders and the verdict each must get. Kattis calls RE `run_time_error`;
/// `runtime_error` is accepted too.
pub const EXPECTATIONS: &[(&str, Verdict)] = &[
    ("accepted", Verdict::Accepted),
    ("wrong_answer", Verdict::WrongAnswer),
    ("time_limit_exceeded", Verdict::TimeLimitExceeded),
    ("run_time_error", Verdict::RuntimeError),
    ("runtime_error", Verdict::RuntimeError),
    ("memory_limit_exceeded", Verdict::MemoryLimitExceeded),
];

/// One expectation that does not hold.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    /// The submission concerned, relative to the package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submission: Option<String>,
    /// The case concerned (`secret/07-large`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    pub message: String,
}

impl Problem {
    fn package(message: impl Into<String>) -> Problem {
        Problem {
            submission: None,
            case: None,
            expected: None,
            actual: None,
            message: message.into(),
        }
    }
}

/// What one submission of the package got.
#[derive(Debug, Clone, Serialize)]
pub struct SubmissionOutcome {
    pub submission: String,
    pub expected: String,
    pub verdict: Verdict,
    pub score: u64,
    pub max_score: u64,
    /// The most CPU time any case used.
    pub max_cpu_ms: f64,
}

/// The check of one package.
#[derive(Debug, Clone, Serialize)]
pub struct PackageCheck {
    pub package: String,
    pub slug: String,
    /// False when the package could not be read at all (exit code 2).
    pub readable: bool,
    pub ok: bool,
    pub problems: Vec<Problem>,
    pub submissions: Vec<SubmissionOutcome>,
    pub cases: usize,
    pub time_ms: f64,
    /// Things worth knowing that are not failures (skipped non-Python submissions).
    pub notes: Vec<String>,
}

/// Checks every package, `jobs` at a time, in the order given. Ctrl-C or SIGTERM stops the
/// run: an error, since a check that did not look at every package proves nothing.
pub fn check_all(
    packages: &[PathBuf],
    python: &Python,
    cache_dir: &Path,
    jobs: usize,
) -> Result<Vec<PackageCheck>> {
    // Many submissions: each starts in fresh namespaces forked from a warm runner.
    let pool = WarmPool::for_run(python, jobs).map(Arc::new);
    let work = {
        let (python, cache_dir, pool) = (python.clone(), cache_dir.to_path_buf(), pool.clone());
        move |package: PathBuf| check_package_in(&package, &python, &cache_dir, pool.as_deref())
    };
    let finished = crate::pool::run(packages.to_vec(), jobs, work, |_, _| true)?;
    if !finished.complete {
        return Err(Error::Sandbox {
            message: "the run was cancelled".into(),
        });
    }
    let mut results = finished.results;
    results.sort_by_key(|(index, _)| *index);
    Ok(results.into_iter().map(|(_, check)| check).collect())
}

/// Checks one package folder.
pub fn check_package(dir: &Path, python: &Python, cache_dir: &Path) -> PackageCheck {
    check_package_in(dir, python, cache_dir, None)
}

/// Checks one package folder, with warm runners from `pool` when given.
pub fn check_package_in(
    dir: &Path,
    python: &Python,
    cache_dir: &Path,
    pool: Option<&WarmPool>,
) -> PackageCheck {
    let started = std::time::Instant::now();
    let mut check = PackageCheck {
        package: dir.display().to_string(),
        slug: crate::package::spec::slug_of(dir),
        readable: true,
        ok: false,
        problems: Vec::new(),
        submissions: Vec::new(),
        cases: 0,
        time_ms: 0.0,
        notes: Vec::new(),
    };
    let loaded = crate::prepare::load(dir, python, cache_dir);
    let challenge = match loaded {
        Ok(challenge) => challenge,
        Err(error) => {
            check.readable = false;
            let mut message = error.to_string();
            if let Some(hint) = error.hint() {
                message = format!("{message} (hint: {hint})");
            }
            check.problems.push(Problem::package(message));
            check.time_ms = started.elapsed().as_secs_f64() * 1000.0;
            return check;
        }
    };
    check.slug = challenge.slug.clone();
    check.cases = challenge.cases.len();
    if challenge.format == PackageFormat::Pyjudge {
        check.problems.extend(structure_problems(&challenge));
        // Hints and the editorial, for interviews (src/package/hints.rs).
        check
            .problems
            .extend(
                crate::package::hints::problems(&challenge)
                    .into_iter()
                    .map(|found| Problem {
                        submission: found.submission,
                        ..Problem::package(found.message)
                    }),
            );
    } else {
        check.notes.extend(skipped_submissions(&challenge.dir));
    }
    match submissions(&challenge.dir) {
        Ok(found) => {
            if !found
                .iter()
                .any(|(_, expected)| *expected == Verdict::Accepted)
            {
                check.problems.push(Problem::package(
                    "no submissions/accepted/*.py: a package needs at least one reference solution",
                ));
            }
            for (path, expected) in found {
                let (outcome, problems) =
                    check_submission(&challenge, &path, expected, python, pool);
                check.problems.extend(problems);
                if let Some(outcome) = outcome {
                    check.submissions.push(outcome);
                }
            }
        }
        Err(error) => check.problems.push(Problem::package(error.to_string())),
    }
    check
        .problems
        .extend(check_starter(&challenge, python, pool));
    check.ok = check.problems.is_empty();
    check.time_ms = started.elapsed().as_secs_f64() * 1000.0;
    check
}

fn structure_problems(challenge: &Challenge) -> Vec<Problem> {
    let mut problems = Vec::new();
    let samples = challenge
        .cases
        .iter()
        .filter(|case| case.group == Group::Sample)
        .count();
    let secret = challenge.cases.len() - samples;
    if samples < MIN_SAMPLES {
        problems.push(Problem::package(format!(
            "{samples} sample cases in tests/sample/; a package needs at least {MIN_SAMPLES}"
        )));
    }
    if secret < MIN_SECRET {
        problems.push(Problem::package(format!(
            "{secret} secret cases in tests/secret/; a package needs at least {MIN_SECRET}"
        )));
    }
    for required in ["statement.md", "starter.py"] {
        let path = challenge.dir.join(required);
        if fs::read_to_string(&path)
            .map(|text| text.trim().is_empty())
            .unwrap_or(true)
        {
            problems.push(Problem::package(format!("{required} is empty")));
        }
    }
    let mut seen: HashMap<Vec<u8>, String> = HashMap::new();
    for case in &challenge.cases {
        let label = format!("{}/{}", case.group.name(), case.name);
        let key = match &case.input {
            CaseInput::Value(value) => value.to_string().into_bytes(),
            CaseInput::File(path) => match fs::read(path) {
                Ok(bytes) => bytes,
                Err(error) => {
                    problems.push(Problem::package(format!(
                        "cannot read {}: {error}",
                        path.display()
                    )));
                    continue;
                }
            },
        };
        if let Some(first) = seen.get(&key) {
            problems.push(Problem {
                case: Some(label.clone()),
                ..Problem::package(format!("{label} has the same input as {first}"))
            });
        } else {
            seen.insert(key, label);
        }
    }
    problems
}

/// Submissions in other languages than Python, which pyjudge skips.
fn skipped_submissions(dir: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let root = dir.join("submissions");
    let Ok(folders) = fs::read_dir(&root) else {
        return notes;
    };
    let mut paths: Vec<PathBuf> = folders
        .flatten()
        .flat_map(|folder| fs::read_dir(folder.path()).into_iter().flatten().flatten())
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_none_or(|ext| ext != "py"))
        .collect();
    paths.sort();
    for path in paths {
        notes.push(format!(
            "skipped {}: pyjudge judges Python submissions only",
            path.strip_prefix(dir).unwrap_or(&path).display()
        ));
    }
    notes
}

/// The submission fixtures of a package with the verdict each must get.
pub fn submissions(dir: &Path) -> Result<Vec<(PathBuf, Verdict)>> {
    let mut found = Vec::new();
    for (folder, verdict) in EXPECTATIONS {
        let path = dir.join("submissions").join(folder);
        let entries = match fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(Error::io("read", &path, error)),
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "py") && path.is_file())
            .collect();
        files.sort();
        found.extend(files.into_iter().map(|file| (file, *verdict)));
    }
    Ok(found)
}

fn relative(challenge: &Challenge, path: &Path) -> String {
    path.strip_prefix(&challenge.dir)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The cases of an accepted run that used more than a third of the CPU limit, each with the
/// least CPU time of that run and up to two more runs of those cases alone: on a busy
/// machine (both cores judging, a host that slows its virtual CPUs) one run can be far
/// slower than the package deserves, and `check` must not fail a package for the load.
fn remeasure_over_budget(
    challenge: &Challenge,
    name: &str,
    source: &[u8],
    python: &Python,
    pool: Option<&WarmPool>,
    report: &SubmissionReport,
) -> Vec<(String, f64)> {
    let budget = challenge.limits.cpu_ms as f64 / 3.0;
    let mut slowest: Vec<(String, f64)> = report
        .cases
        .iter()
        .filter(|case| case.cpu_ms > budget)
        .map(|case| (case.name.clone(), case.cpu_ms))
        .collect();
    let options = JudgeOptions {
        all_cases: true,
        samples_only: false,
    };
    for _ in 0..2 {
        if slowest.iter().all(|(_, cpu_ms)| *cpu_ms <= budget) {
            break;
        }
        let mut only = challenge.clone();
        only.cases
            .retain(|case| slowest.iter().any(|(case_name, _)| *case_name == case.name));
        let Ok(again) = judge::judge_pooled(&only, name, source, python, &options, pool) else {
            break;
        };
        for case in again
            .cases
            .iter()
            .filter(|case| case.verdict == Some(Verdict::Accepted))
        {
            if let Some(entry) = slowest
                .iter_mut()
                .find(|(case_name, _)| *case_name == case.name)
            {
                entry.1 = entry.1.min(case.cpu_ms);
            }
        }
    }
    slowest
}

fn check_submission(
    challenge: &Challenge,
    path: &Path,
    expected: Verdict,
    python: &Python,
    pool: Option<&WarmPool>,
) -> (Option<SubmissionOutcome>, Vec<Problem>) {
    let name = relative(challenge, path);
    let problem = |case: Option<String>, actual: Option<String>, message: String| Problem {
        submission: Some(name.clone()),
        case,
        expected: Some(expected.code().to_string()),
        actual,
        message,
    };
    let source = match judge::read_submission(path) {
        Ok(source) => source,
        Err(error) => return (None, vec![problem(None, None, error.to_string())]),
    };
    // A wrong answer runs every case, to prove the secret cases catch it; a time limit
    // fixture stops at its first TLE, so it costs one time limit, not one per case.
    let options = JudgeOptions {
        all_cases: matches!(expected, Verdict::Accepted | Verdict::WrongAnswer),
        samples_only: false,
    };
    let report = match judge::judge_pooled(challenge, &name, &source, python, &options, pool) {
        Ok(report) => report,
        Err(error) => return (None, vec![problem(None, None, error.to_string())]),
    };
    let mut problems = Vec::new();
    if report.verdict != expected {
        let detail = first_failure(&report);
        problems.push(problem(
            detail.as_ref().map(|(case, _)| case.clone()),
            Some(report.verdict.code().to_string()),
            format!(
                "expected {}, got {}{}",
                expected.code(),
                report.verdict.code(),
                detail
                    .map(|(case, message)| format!(" on {case}: {message}"))
                    .unwrap_or_else(|| {
                        report
                            .message
                            .as_ref()
                            .map(|message| format!(": {message}"))
                            .unwrap_or_default()
                    })
            ),
        ));
    }
    let limit = challenge.limits.cpu_ms as f64;
    match expected {
        Verdict::Accepted => {
            let slowest = remeasure_over_budget(challenge, &name, &source, python, pool, &report);
            for case in &report.cases {
                let cpu_ms = slowest
                    .iter()
                    .find(|(case_name, _)| *case_name == case.name)
                    .map_or(case.cpu_ms, |(_, cpu_ms)| *cpu_ms);
                let case = &crate::judging::verdict::CaseResult {
                    cpu_ms,
                    ..case.clone()
                };
                if case.cpu_ms > limit / 3.0 {
                    problems.push(problem(
                        Some(case.label()),
                        Some(format!("{} ms", case.cpu_ms)),
                        format!(
                            "uses {} ms CPU on {}, more than a third of the {} ms limit: raise limits.cpu_ms or make the case smaller",
                            case.cpu_ms,
                            case.label(),
                            challenge.limits.cpu_ms
                        ),
                    ));
                }
            }
        }
        Verdict::WrongAnswer => {
            let caught = report
                .cases
                .iter()
                .any(|case| case.group == Group::Secret && case.failed());
            if report.verdict == Verdict::WrongAnswer && !caught {
                problems.push(problem(
                    None,
                    Some("only samples fail".into()),
                    "fails only sample cases: add a secret case that catches this mistake".into(),
                ));
            }
        }
        Verdict::TimeLimitExceeded if report.verdict != Verdict::TimeLimitExceeded => {
            if let Some(slowest) = report
                .cases
                .iter()
                .filter(|case| case.verdict.is_some())
                .max_by(|left, right| left.cpu_ms.total_cmp(&right.cpu_ms))
            {
                problems.push(problem(
                    Some(slowest.label()),
                    Some(format!("{} ms", slowest.cpu_ms)),
                    format!(
                        "its slowest case {} uses {} ms CPU, {:.0} ms under the {} ms limit",
                        slowest.label(),
                        slowest.cpu_ms,
                        limit - slowest.cpu_ms,
                        challenge.limits.cpu_ms
                    ),
                ));
            }
        }
        _ => {}
    }
    let outcome = SubmissionOutcome {
        submission: name.clone(),
        expected: expected.code().to_string(),
        verdict: report.verdict,
        score: report.score,
        max_score: report.max_score,
        max_cpu_ms: report
            .cases
            .iter()
            .map(|case| case.cpu_ms)
            .fold(0.0, f64::max),
    };
    (Some(outcome), problems)
}

fn first_failure(report: &SubmissionReport) -> Option<(String, String)> {
    report
        .cases
        .iter()
        .find(|case| case.failed())
        .map(|case| (case.label(), case.message.clone()))
}

fn check_starter(challenge: &Challenge, python: &Python, pool: Option<&WarmPool>) -> Vec<Problem> {
    let Some(path) = challenge.starter_path() else {
        return Vec::new();
    };
    let problem = |actual: Option<String>, message: String| Problem {
        submission: Some("starter.py".into()),
        case: None,
        expected: Some("loads, not AC".into()),
        actual,
        message,
    };
    let source = match judge::read_submission(&path) {
        Ok(source) => source,
        Err(error) => return vec![problem(None, error.to_string())],
    };
    let options = JudgeOptions {
        all_cases: false,
        samples_only: false,
    };
    match judge::judge_pooled(challenge, "starter.py", &source, python, &options, pool) {
        Ok(report) => match report.verdict {
            Verdict::Accepted => vec![problem(
                Some("AC".into()),
                "the starter is accepted: it must leave the work to the candidate".into(),
            )],
            Verdict::CompileError | Verdict::InternalError => vec![problem(
                Some(report.verdict.code().into()),
                format!(
                    "the starter does not load: {}",
                    report.message.unwrap_or_default()
                ),
            )],
            _ => Vec::new(),
        },
        Err(error) => vec![problem(None, error.to_string())],
    }
}
