//! `pyjudge check`: proving a challenge package sound, the way Kattis' verifyproblem does.
//!
//! For each package: it loads and validates; its references pass with time to spare; each
//! known-wrong submission fails as labelled, on a secret case; the starter loads and fails;
//! no two cases share an input. A "predict the output" package's snippets each run twice and
//! must print the same, non-empty output both times, and appear verbatim in its statement.
//! A Kattis package is held to Kattis' rules instead where they differ: its time rule and
//! safety margin, its submissions folders (a scoring problem's partially accepted ones by
//! their score), its input validators (run through `scripts`): those rules are in
//! `check/kattis.rs`. This module decides what holds; `report` prints it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::judge::{self, JudgeOptions, SubmissionReport};
use crate::judging::verdict::Verdict;
use crate::package::spec::{CaseInput, Challenge, Expected, Group, Kind, PackageFormat};
use crate::python::Python;
use crate::sandbox::WarmPool;

mod kattis;

use kattis::{
    check_kattis_inputs, check_kattis_submissions, kattis_data_findings, kattis_equivalent,
    kattis_fixed_limit_problems, kattis_time_note, kattis_time_rule, score_range_problems,
    with_cpu_limit,
};

/// Fewest sample cases a package may have.
pub const MIN_SAMPLES: usize = 3;
/// Fewest secret cases a package may have.
pub const MIN_SECRET: usize = 10;
/// Fewest sample snippets a "predict the output" package may have.
pub const MIN_PREDICT_SAMPLES: usize = 1;
/// Fewest secret snippets a "predict the output" package may have.
pub const MIN_PREDICT_SECRET: usize = 2;

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
    /// The mutation testing of the package (`--mutants`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mutants: Option<crate::mutants::MutationReport>,
}

/// What a check does beyond proving the package sound.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Mutation testing of each reference (`--mutants`).
    pub mutants: Option<crate::mutants::MutantOptions>,
}

/// Checks every package, `jobs` at a time, in the order given. Ctrl-C or SIGTERM stops the
/// run: an error, since a check that did not look at every package proves nothing.
pub fn check_all(
    packages: &[PathBuf],
    python: &Python,
    cache_dir: &Path,
    jobs: usize,
) -> Result<Vec<PackageCheck>> {
    check_all_with(packages, python, cache_dir, jobs, &CheckOptions::default())
}

/// Like [`check_all`], with `options`; the mutants of one package share the workers
/// that the packages leave free.
pub fn check_all_with(
    packages: &[PathBuf],
    python: &Python,
    cache_dir: &Path,
    jobs: usize,
    options: &CheckOptions,
) -> Result<Vec<PackageCheck>> {
    let mut options = options.clone();
    if let Some(mutants) = &mut options.mutants {
        mutants.jobs = (jobs / packages.len().clamp(1, jobs.max(1))).max(1);
    }
    // Many submissions: each starts in fresh namespaces forked from a warm runner.
    let pool = WarmPool::for_run(jobs).map(Arc::new);
    let work = {
        let (python, cache_dir, pool) = (python.clone(), cache_dir.to_path_buf(), pool.clone());
        move |package: PathBuf| {
            check_package_with(&package, &python, &cache_dir, pool.as_deref(), &options)
        }
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
    check_package_with(dir, python, cache_dir, pool, &CheckOptions::default())
}

/// Checks one package folder with `options`, with warm runners from `pool` when given.
pub fn check_package_with(
    dir: &Path,
    python: &Python,
    cache_dir: &Path,
    pool: Option<&WarmPool>,
    options: &CheckOptions,
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
        mutants: None,
    };
    let loaded = crate::prepare::load_with_timings(dir, python, cache_dir);
    let (challenge, timings) = match loaded {
        Ok(loaded) => loaded,
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
    } else if let Some(rule) = kattis_time_rule(&challenge) {
        check.notes.push(kattis_time_note(&challenge, &rule));
    }
    if challenge.format == PackageFormat::Kattis {
        kattis_data_findings(&challenge, &mut check);
        check_kattis_inputs(&challenge, python, cache_dir, &mut check);
        check_kattis_submissions(&challenge, python, pool, timings, &mut check);
    } else {
        if challenge.kind == Kind::Predict {
            check.problems.extend(snippet_problems(&challenge, python));
        }
        check_pyjudge_submissions(&challenge, python, pool, &mut check);
        check.problems.extend(promise_problems(
            &challenge,
            &check.submissions,
            python,
            pool,
        ));
    }
    check
        .problems
        .extend(check_starter(&challenge, python, pool));
    if let Some(mutant_options) = &options.mutants {
        check.mutants =
            crate::mutants::test_package(&challenge, python, cache_dir, pool, mutant_options);
        let findings = check.mutants.iter().flat_map(|report| &report.problems);
        check.problems.extend(findings.map(Problem::package));
    }
    check.ok = check.problems.is_empty();
    check.time_ms = started.elapsed().as_secs_f64() * 1000.0;
    check
}

fn check_pyjudge_submissions(
    challenge: &Challenge,
    python: &Python,
    pool: Option<&WarmPool>,
    check: &mut PackageCheck,
) {
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
                    check_submission(challenge, &path, expected, python, pool);
                check.problems.extend(problems);
                if let Some(outcome) = outcome {
                    check.submissions.push(outcome);
                }
            }
        }
        Err(error) => check.problems.push(Problem::package(error.to_string())),
    }
}

fn outcome_of(name: &str, expected: &str, report: &SubmissionReport) -> SubmissionOutcome {
    SubmissionOutcome {
        submission: name.to_string(),
        expected: expected.to_string(),
        verdict: report.verdict,
        score: report.score,
        max_score: report.max_score,
        max_cpu_ms: report
            .cases
            .iter()
            .map(|case| case.cpu_ms)
            .fold(0.0, f64::max),
    }
}

fn structure_problems(challenge: &Challenge) -> Vec<Problem> {
    let mut problems = Vec::new();
    let samples = challenge
        .cases
        .iter()
        .filter(|case| case.group == Group::Sample)
        .count();
    let secret = challenge.cases.len() - samples;
    let (min_samples, min_secret) = match challenge.kind {
        Kind::Predict => (MIN_PREDICT_SAMPLES, MIN_PREDICT_SECRET),
        Kind::Function | Kind::Stdio => (MIN_SAMPLES, MIN_SECRET),
    };
    if samples < min_samples {
        problems.push(Problem::package(format!(
            "{samples} sample cases in tests/sample/; a package needs at least {min_samples}"
        )));
    }
    if secret < min_secret {
        problems.push(Problem::package(format!(
            "{secret} secret cases in tests/secret/; a package needs at least {min_secret}"
        )));
    }
    if let Ok(text) = fs::read_to_string(challenge.dir.join("statement.md")) {
        for found in crate::package::statement::disagreements(&text, &challenge.limits) {
            problems.push(Problem::package(format!(
                "statement.md:{} says {:?} but challenge.toml gives {}: write \"the challenge's \
                 limits (see `pyjudge show`)\" instead of a figure, or make the two agree",
                found.line, found.figure, found.limit
            )));
        }
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
        let key = match (&case.expected, &case.input) {
            // A snippet's input is its name: two snippets are the same case when their
            // code is.
            (Expected::Snippet(path), _) | (_, CaseInput::File(path)) => match fs::read(path) {
                Ok(bytes) => bytes,
                Err(error) => {
                    problems.push(Problem::package(format!(
                        "cannot read {}: {error}",
                        path.display()
                    )));
                    continue;
                }
            },
            (_, CaseInput::Value(value)) => value.to_string().into_bytes(),
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

/// The cases of an accepted run that used more than `budget` ms CPU (a third of the limit;
/// for a Kattis package with a fixed limit, the limit over its multiplier), each with the
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
    budget: f64,
) -> Vec<(String, f64)> {
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

/// Each snippet of a "predict the output" package: it runs cleanly in the sandbox, prints
/// something, prints the same on a second run in a fresh interpreter (no addresses, clocks
/// or unseeded randomness: the candidate could not predict them), and the statement shows
/// its code verbatim (the candidate predicts from the statement).
fn snippet_problems(challenge: &Challenge, python: &Python) -> Vec<Problem> {
    let statement = fs::read_to_string(&challenge.statement).unwrap_or_default();
    let mut problems = Vec::new();
    for case in &challenge.cases {
        let Expected::Snippet(path) = &case.expected else {
            continue;
        };
        let label = format!("{}/{}", case.group.name(), case.name);
        let problem = |message: String| Problem {
            case: Some(label.clone()),
            ..Problem::package(message)
        };
        let shown = relative(challenge, path);
        match fs::read_to_string(path) {
            Ok(code) if !statement.contains(code.trim()) => problems.push(problem(format!(
                "the statement does not show {shown} verbatim: copy its code into statement.md, in a code block"
            ))),
            Ok(_) => {}
            Err(error) => {
                problems.push(problem(format!("cannot read {shown}: {error}")));
                continue;
            }
        }
        let first = judge::snippet_output(challenge, path, python);
        let second = judge::run_snippet(challenge, path, python);
        match (first, second) {
            (Err(message), _) | (_, Err(message)) => problems.push(problem(message)),
            (Ok(first), _) if first.iter().all(u8::is_ascii_whitespace) => problems.push(
                problem(format!("{shown} prints nothing: there is nothing to predict")),
            ),
            (Ok(first), Ok(second)) if first != second => problems.push(problem(format!(
                "{shown} printed differently on two runs: a snippet must be deterministic (no object addresses, clocks, unseeded randomness or set order of objects hashed by id)"
            ))),
            _ => {}
        }
    }
    problems
}

fn check_submission(
    challenge: &Challenge,
    path: &Path,
    expected: Verdict,
    python: &Python,
    pool: Option<&WarmPool>,
) -> (Option<SubmissionOutcome>, Vec<Problem>) {
    check_submission_judged(challenge, path, expected, python, pool, None)
}

/// Like [`check_submission`], with the report of a judgement already made on every case
/// when there is one (a Kattis accepted submission timed by `prepare`).
fn check_submission_judged(
    challenge: &Challenge,
    path: &Path,
    expected: Verdict,
    python: &Python,
    pool: Option<&WarmPool>,
    judged: Option<SubmissionReport>,
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
    let kattis_rule = kattis_time_rule(challenge);
    // Kattis judges a time-limit-exceeded submission with the limit times the safety
    // margin: it must still run out of time there.
    let with_margin;
    let judged_on = match kattis_rule {
        Some(rule) if expected == Verdict::TimeLimitExceeded => {
            with_margin = with_cpu_limit(challenge, rule.margin_ms(challenge.limits.cpu_ms));
            &with_margin
        }
        _ => challenge,
    };
    // A wrong answer runs every case, to prove the secret cases catch it; a time limit
    // fixture stops at its first TLE, so it costs one time limit, not one per case.
    let options = JudgeOptions {
        all_cases: matches!(expected, Verdict::Accepted | Verdict::WrongAnswer),
        samples_only: false,
    };
    let judgement = match judged {
        Some(report) => Ok(report),
        None => judge::judge_pooled(judged_on, &name, &source, python, &options, pool),
    };
    let report = match judgement {
        Ok(report) => report,
        Err(error) => return (None, vec![problem(None, None, error.to_string())]),
    };
    let mut problems = score_range_problems(challenge, &report, &name);
    if report.verdict != expected
        && !(kattis_rule.is_some() && kattis_equivalent(expected, report.verdict))
    {
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
        Verdict::Accepted if kattis_rule.is_some() => {
            if let Some(rule) = kattis_rule.filter(|rule| rule.explicit_ms.is_some()) {
                problems.extend(kattis_fixed_limit_problems(
                    challenge, &name, &source, python, pool, &report, &rule,
                ));
            }
        }
        Verdict::Accepted => {
            problems.extend(event_loop_headroom(challenge, &name, &report));
            let budget = challenge.limits.cpu_ms as f64 / 3.0;
            let slowest =
                remeasure_over_budget(challenge, &name, &source, python, pool, &report, budget);
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
            // A whole-submission wrong answer (a broken static rule) is caught before any
            // case, secret or not.
            let caught = report.message.is_some()
                || report
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
            let slowest_case = report
                .cases
                .iter()
                .filter(|case| case.verdict.is_some())
                .max_by(|left, right| left.cpu_ms.total_cmp(&right.cpu_ms));
            if let (Some(rule), Some(slowest)) = (kattis_rule, slowest_case) {
                let margin = judged_on.limits.cpu_ms;
                let how = if slowest.cpu_ms > limit {
                    "over the limit but"
                } else {
                    "under the limit, and"
                };
                problems.push(problem(
                    Some(slowest.label()),
                    Some(format!("{} ms", slowest.cpu_ms)),
                    format!(
                        "its slowest case {} uses {} ms CPU, {how} under the {} ms limit times the safety margin {} ({margin} ms): Kattis requires a time-limit-exceeded submission to exceed that",
                        slowest.label(),
                        slowest.cpu_ms,
                        challenge.limits.cpu_ms,
                        rule.safety_margin,
                    ),
                ));
            } else if let Some(slowest) = report
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

/// The statement's promises (`[[promises]]`) not proved: the breaking fixture is accepted
/// (or was not judged), or what the promise names as its enforcer does not catch it (the
/// fixture run on that case alone passes, or breaks no such rule).
fn promise_problems(
    challenge: &Challenge,
    judged: &[SubmissionOutcome],
    python: &Python,
    pool: Option<&WarmPool>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for promise in &challenge.promises {
        let problem = |actual: String, why: String| Problem {
            submission: Some(promise.broken_by.clone()),
            case: None,
            expected: Some(format!("not AC, caught by {}", promise.enforced_by)),
            actual: Some(actual),
            message: format!("the promise {:?} is not kept: {why}", promise.text),
        };
        let outcome = judged
            .iter()
            .find(|outcome| outcome.submission == promise.broken_by);
        match outcome {
            Some(outcome) if outcome.verdict != Verdict::Accepted => {}
            Some(outcome) => {
                problems.push(problem(
                    outcome.verdict.code().to_string(),
                    format!(
                        "{} breaks it yet gets AC; make {} catch it",
                        promise.broken_by, promise.enforced_by
                    ),
                ));
                continue;
            }
            None => {
                problems.push(problem(
                    "not judged".into(),
                    format!("{} was not judged", promise.broken_by),
                ));
                continue;
            }
        }
        if let Some(why) = enforcer_misses(challenge, promise, python, pool) {
            problems.push(problem("not caught there".into(), why));
        }
    }
    problems
}

/// Why the promise's enforcer does not catch its breaking fixture, if it does not: a rule
/// must be among those the fixture breaks; a case, run alone, must not accept it.
fn enforcer_misses(
    challenge: &Challenge,
    promise: &crate::package::rules::Promise,
    python: &Python,
    pool: Option<&WarmPool>,
) -> Option<String> {
    let is_rule = challenge
        .rules
        .iter()
        .any(|rule| rule.id == promise.enforced_by);
    let mut only = challenge.clone();
    only.cases.retain(|case| {
        is_rule
            || promise.enforced_by == case.name
            || promise.enforced_by == format!("{}/{}", case.group.name(), case.name)
    });
    only.cases.truncate(1);
    let path = challenge.dir.join(&promise.broken_by);
    let options = JudgeOptions {
        all_cases: false,
        samples_only: false,
    };
    let report = match judge::read_submission(&path).and_then(|source| {
        judge::judge_pooled(&only, &promise.broken_by, &source, python, &options, pool)
    }) {
        Ok(report) => report,
        Err(error) => return Some(error.to_string()),
    };
    if is_rule {
        let said = format!(
            "{}\n{}",
            report.message.clone().unwrap_or_default(),
            report.details.clone().unwrap_or_default()
        );
        let broken = said.contains(&format!("(rule {})", promise.enforced_by));
        return (!broken).then(|| {
            format!(
                "{} does not break rule {} (it gets {})",
                promise.broken_by,
                promise.enforced_by,
                report.verdict.code()
            )
        });
    }
    (report.verdict == Verdict::Accepted).then(|| {
        format!(
            "{} passes {}, the case that should catch it",
            promise.broken_by, promise.enforced_by
        )
    })
}

/// A reference whose longest event-loop callback is over a tenth of the package's blocking
/// threshold: a candidate is flagged only over the threshold, so only at ten times what a
/// reference does, which no load can make of an honest callback.
fn event_loop_headroom(
    challenge: &Challenge,
    name: &str,
    report: &SubmissionReport,
) -> Vec<Problem> {
    let Some(watch) = &challenge.event_loop else {
        return Vec::new();
    };
    report
        .cases
        .iter()
        .filter(|case| {
            let threshold = watch.blocking_ms_of(&case.name) as f64;
            case.event_loop_ms.is_some_and(|ms| ms * 10.0 > threshold)
        })
        .map(|case| (case, watch.blocking_ms_of(&case.name)))
        .map(|(case, threshold)| Problem {
            submission: Some(name.to_string()),
            case: Some(case.label()),
            expected: Some(format!("callbacks of at most {} ms", threshold as f64 / 10.0)),
            actual: case.event_loop_ms.map(|ms| format!("{ms} ms")),
            message: format!(
                "a callback blocks the event loop for {} ms on {}, more than a tenth of its rules.event_loop_blocking_ms ({threshold} ms): raise it for the case (event_loop_blocking_ms_by_case) or make the case smaller",
                case.event_loop_ms.unwrap_or_default(),
                case.label()
            ),
        })
        .collect()
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
