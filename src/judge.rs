//! The pipeline for one submission: plan the run (inputs only), drive the sandbox, compare
//! each observation with its expected answer, and combine the case verdicts.
//!
//! This module drives the run and judges each case; `comparison` compares an observation
//! with its expected answer by the challenge's comparison (an author's checker or a Kattis
//! output validator through `scripts`), `scoring` grades a Kattis scoring problem's cases as
//! its default grader does, and `predict` makes a "predict the output" challenge's expected
//! answers: each snippet runs contained in a sandbox session of its own ([`run_snippet`]),
//! apart from the candidate's, whose file the runner only reads.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::judging::outcome::{
    captured_stream, case_outcome, harness_facts, load_failure, round, Judged,
};
use crate::judging::rules;
use crate::judging::verdict::{overall, CaseResult, Verdict, WholeSubmission};
use crate::package::kattis;
use crate::package::spec::{Case, CaseInput, Challenge, Group, Harness, Kind, PackageFormat};
use crate::python::Python;
use crate::sandbox::{
    HarnessSetup, Preload, RawResult, RunnerStatus, SandboxInput, Session, SessionSetup, Started,
    WarmPool, WarmRunner,
};
use comparison::compare_case;
use scoring::{check_score_files, counts, graded, kattis_grading, not_graded};

mod comparison;
mod interactive;
mod predict;
mod scoring;

pub use comparison::observed_bytes;
pub use predict::{run_snippet, snippet_output};
pub use scoring::{grader_verdict, max_score};

/// What to run of a submission.
#[derive(Debug, Clone, Copy, Default)]
pub struct JudgeOptions {
    /// Run every case instead of stopping at the first failing one.
    pub all_cases: bool,
    /// Run the sample cases only.
    pub samples_only: bool,
}

/// The judgement of one submission on one challenge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubmissionReport {
    pub challenge: String,
    pub title: String,
    pub submission: String,
    pub verdict: Verdict,
    pub score: u64,
    pub max_score: u64,
    /// A Kattis scoring problem's score as its grader gave it (`score` is its whole part;
    /// 0 unless the grader accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact_score: Option<f64>,
    /// True when only the sample cases ran (`--samples-only`): the verdict and score say
    /// nothing of the hidden cases.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub samples_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    pub cases: Vec<CaseResult>,
    pub python: String,
    /// `namespaces` or `process-group`.
    pub containment: String,
    /// The sandbox's layers, and where to look for anything of the run left behind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<SandboxRecord>,
    /// Why this report must not be kept in a result cache (a runner that saw an anomaly, a
    /// verdict set by the wall clock, which depends on the machine's load); never stored.
    #[serde(skip)]
    pub not_cacheable: Option<String>,
    /// True when a runner of this submission saw an anomaly on its channel; never stored.
    #[serde(skip)]
    pub anomaly: bool,
}

/// What the sandboxes of one submission were.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SandboxRecord {
    pub layers: crate::sandbox::Layers,
    /// The pid namespace of every runner started for the submission.
    pub pid_namespaces: Vec<String>,
    /// The uid the candidate ran as, seen from outside.
    pub uid: u32,
    /// True when the submission was forked from a warm runner.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub warm: bool,
    /// How CPU time and memory were accounted: `cgroup` (a control group holding only
    /// the case's processes: exact) or `approximate` (polling /proc).
    #[serde(default)]
    pub accounting: String,
}

/// Submissions larger than this are refused as CE: no interview answer is a megabyte long.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

/// Reads a submission's bytes, with the errors a user can act on.
pub fn read_submission(path: &Path) -> Result<Vec<u8>> {
    let metadata = fs::metadata(path).map_err(|error| Error::Submission {
        path: path.to_path_buf(),
        message: match error.kind() {
            std::io::ErrorKind::NotFound => "no such file".into(),
            _ => error.to_string(),
        },
    })?;
    if metadata.is_dir() {
        return Err(Error::Submission {
            path: path.to_path_buf(),
            message: "it is a folder, not a Python file".into(),
        });
    }
    fs::read(path).map_err(|error| Error::Submission {
        path: path.to_path_buf(),
        message: error.to_string(),
    })
}

/// Judges `source` (the bytes of `submission_name`) against `challenge`.
pub fn judge(
    challenge: &Challenge,
    submission_name: &str,
    source: &[u8],
    python: &Python,
    options: &JudgeOptions,
) -> Result<SubmissionReport> {
    // PYJUDGE_RUNNER=warm: even a single submission is forked from a warm runner.
    let pool = (crate::sandbox::runner_choice() == crate::sandbox::RunnerChoice::Warm)
        .then(|| WarmPool::new(1));
    judge_pooled(
        challenge,
        submission_name,
        source,
        python,
        options,
        pool.as_ref(),
    )
}

/// Like [`judge`], in a warm runner of `pool` when there is one (taken for this submission
/// and given back after it).
pub fn judge_pooled(
    challenge: &Challenge,
    submission_name: &str,
    source: &[u8],
    python: &Python,
    options: &JudgeOptions,
    pool: Option<&WarmPool>,
) -> Result<SubmissionReport> {
    // A framework challenge's submissions go to warm runners of its environment, which
    // import the framework once.
    let mut runner = pool.and_then(|pool| {
        let preload = Preload {
            modules: crate::environment::preload_modules(challenge),
            warm_up: crate::environment::warm_up_source(challenge),
            harness: crate::environment::warm_harness(challenge),
        };
        pool.take(&crate::environment::python_for(python, challenge), &preload)
    });
    let report = judge_in(
        challenge,
        submission_name,
        source,
        python,
        options,
        runner.as_mut(),
    );
    // A runner that saw an anomaly was killed (and is not given back).
    if let (Some(pool), Some(runner)) = (pool, runner) {
        pool.give_back(runner);
    }
    match report {
        // Anything unexpected on the runner's channel: the submission is judged once more,
        // on a fresh runner of its own. Where the anomaly comes again it is the
        // submission's doing, and its cases say so as runtime errors (never the judge's
        // failure, which a candidate could otherwise provoke at will).
        Ok(report) if report.anomaly => {
            judge_in(challenge, submission_name, source, python, options, None)
        }
        other => other,
    }
}

/// Like [`judge`], in `warm` when given: the submission then starts in fresh namespaces
/// forked from that warm runner instead of a new interpreter (and cold where it cannot).
pub fn judge_in(
    challenge: &Challenge,
    submission_name: &str,
    source: &[u8],
    python: &Python,
    options: &JudgeOptions,
    mut warm: Option<&mut WarmRunner>,
) -> Result<SubmissionReport> {
    let cases: Vec<&Case> = challenge
        .cases
        .iter()
        .filter(|case| !options.samples_only || case.group == Group::Sample)
        .collect();
    let grading = kattis_grading(challenge)?;
    let interactive =
        challenge.format == PackageFormat::Kattis && kattis::interactive(&challenge.dir)?;
    let harness = harness_setup(challenge)?;
    // A framework challenge's environment is shown to the sandbox with the interpreter.
    let python = &crate::environment::python_for(python, challenge);
    let setup = SessionSetup {
        python,
        kind: challenge.kind,
        harness,
        limits: challenge.limits,
        source,
        rules: crate::package::rules::runner_rules(
            &challenge.rules,
            challenge.event_loop.is_some(),
        ),
        warm_up: crate::environment::warm_up_source(challenge),
    };
    let mut results: Vec<CaseResult> = Vec::with_capacity(cases.len());
    let mut whole: Option<WholeSubmission> = None;
    let mut session: Option<Session> = None;
    let mut containment = String::from("namespaces");
    let mut record: Option<SandboxRecord> = None;
    if source.len() > MAX_SOURCE_BYTES {
        whole = Some(WholeSubmission {
            verdict: Verdict::CompileError,
            message: format!(
                "the source is {} bytes; submissions are limited to {} bytes",
                source.len(),
                MAX_SOURCE_BYTES
            ),
            details: None,
        });
    }
    let mut stopped = false;
    let mut not_cacheable: Option<String> = None;
    let mut anomaly = false;
    // Whether the current case was already sent, ahead of time, to the running session.
    let mut sent_ahead = false;
    for (index, case) in cases.iter().enumerate() {
        if stopped || whole.is_some() {
            results.push(CaseResult::skipped(&case.name, case.group));
            continue;
        }
        // A case after a rejection in its on_reject: break group does not count: it is not
        // run, as Kattis does not run it (one already sent ahead runs, and is marked so
        // when the cases are graded).
        if !sent_ahead
            && grading
                .as_ref()
                .is_some_and(|grading| !counts(grading, &cases, &results, case))
        {
            results.push(not_graded(case));
            continue;
        }
        if session.as_ref().is_none_or(Session::is_broken) {
            session = None;
            // The case goes with the start: its run is the submission's load check too (an
            // interactive case needs its interactor first: the start loads alone).
            let first = (!interactive).then(|| (case.name.as_str(), input_of(case)));
            let started = match warm.take() {
                Some(runner) if runner.usable() => {
                    match Session::start_warm(runner, &setup, first.clone()) {
                        Err(_) if !crate::cancel::cancelled() => Session::start(&setup, first),
                        started => started,
                    }
                }
                _ => Session::start(&setup, first),
            };
            sent_ahead = !interactive;
            if crate::cancel::cancelled() {
                return Err(Error::Sandbox {
                    message: "the run was cancelled (interrupted)".into(),
                });
            }
            match started {
                Ok(Started::Loaded(started)) => {
                    note_sandbox(&mut record, &mut containment, &started.containment);
                    session = Some(started);
                }
                Ok(Started::LoadFailed(raw, started_containment)) => {
                    note_sandbox(&mut record, &mut containment, &started_containment);
                    note_raw(&raw, &mut not_cacheable, &mut anomaly);
                    whole = Some(
                        rules::rules_broken(challenge, &raw)
                            .unwrap_or_else(|| load_failure(&raw, &challenge.limits)),
                    );
                    results.push(CaseResult::skipped(&case.name, case.group));
                    continue;
                }
                Ok(Started::HarnessFailed(started_containment, message)) => {
                    note_sandbox(&mut record, &mut containment, &started_containment);
                    whole = Some(WholeSubmission {
                        verdict: Verdict::InternalError,
                        message: "the challenge's harness failed to load".into(),
                        details: Some(message),
                    });
                    results.push(CaseResult::skipped(&case.name, case.group));
                    continue;
                }
                Err(error) => {
                    whole = Some(WholeSubmission {
                        verdict: Verdict::InternalError,
                        message: error.to_string(),
                        details: error.hint(),
                    });
                    results.push(CaseResult::skipped(&case.name, case.group));
                    continue;
                }
            }
        }
        let running = session.as_mut().expect("a session was just started");
        if interactive {
            // One case at a time, each with an interactor of its own (judge/interactive.rs).
            let (raw, judged) = interactive::run_case(running, challenge, case, python)?;
            if crate::cancel::cancelled() {
                return Err(Error::Sandbox {
                    message: "the run was cancelled (interrupted)".into(),
                });
            }
            note_raw(&raw, &mut not_cacheable, &mut anomaly);
            let result = case_result(challenge, case, &raw, judged, None);
            if result.failed() && !options.all_cases {
                stopped = true;
            }
            results.push(result);
            continue;
        }
        if !sent_ahead {
            running.send_case(&case.name, input_of(case))?;
        }
        // The next case goes out now, so the runner starts it while this one is judged
        // here. Should this one end the run, the session is dropped with it unawaited.
        sent_ahead = match cases.get(index + 1) {
            // Not a case that cannot count any more (see above).
            Some(next)
                if grading
                    .as_ref()
                    .is_some_and(|grading| !counts(grading, &cases, &results, next)) =>
            {
                false
            }
            Some(next) => {
                running.send_case(&next.name, input_of(next))?;
                true
            }
            None => false,
        };
        let raw = running.await_case()?;
        if running.is_broken() {
            sent_ahead = false;
        }
        if crate::cancel::cancelled() {
            return Err(Error::Sandbox {
                message: "the run was cancelled (interrupted)".into(),
            });
        }
        note_raw(&raw, &mut not_cacheable, &mut anomaly);
        let result = judge_case(challenge, case, &raw, python);
        // A scoring problem grades every case: the groups' on_reject applies when they
        // are graded.
        if result.failed() && !options.all_cases && grading.is_none() {
            stopped = true;
        }
        results.push(result);
    }
    drop(session);
    if challenge.format == PackageFormat::Kattis {
        check_score_files(grading.as_ref(), &mut results);
    }
    let mut verdict = overall(whole.as_ref(), &results);
    let mut score = results
        .iter()
        .filter(|case| case.verdict == Some(Verdict::Accepted))
        .map(|case| case.points)
        .sum();
    let mut max_score = cases.iter().map(|case| case.points).sum();
    let mut exact_score = None;
    if let (Some(grading), None) = (&grading, &whole) {
        if let Some(graded) = graded(grading, &cases, &mut results) {
            verdict = graded.0;
            exact_score = Some(graded.1);
            score = graded.1.max(0.0).floor() as u64;
            max_score = grading.best_score().max(0.0).round() as u64;
        }
    }
    Ok(SubmissionReport {
        challenge: challenge.slug.clone(),
        title: challenge.title.clone(),
        submission: submission_name.to_string(),
        verdict,
        score,
        max_score,
        exact_score,
        samples_only: options.samples_only,
        message: whole.as_ref().map(|whole| whole.message.clone()),
        details: whole.and_then(|whole| whole.details),
        cases: results,
        python: python.version_string(),
        containment,
        sandbox: record,
        not_cacheable,
        anomaly,
    })
}

/// Notes what makes a result unfit for a cache: an anomaly on the runner's channel, or a
/// verdict the wall clock set (it depends on how busy the machine was).
fn note_raw(raw: &RawResult, not_cacheable: &mut Option<String>, anomaly: &mut bool) {
    let reason = match raw.status {
        RunnerStatus::Anomaly => {
            *anomaly = true;
            "the runner saw an anomaly"
        }
        status if status.by_the_clock() => "a verdict set by the wall-clock cap",
        _ => return,
    };
    not_cacheable.get_or_insert_with(|| reason.to_string());
}

/// What the sandbox is told of the challenge's harness (a custom harness's code, read here).
pub fn harness_setup(challenge: &Challenge) -> Result<HarnessSetup> {
    Ok(match &challenge.harness {
        Harness::Call { function } => HarnessSetup::Call(function.clone()),
        Harness::Custom { path } => HarnessSetup::Custom(
            fs::read_to_string(path).map_err(|error| Error::io("read harness", path, error))?,
        ),
        Harness::Stdio => HarnessSetup::Stdio,
        Harness::Predict => HarnessSetup::Predict,
    })
}

/// What the sandbox gets of a case: its input only.
pub fn input_of<'a>(case: &'a Case) -> SandboxInput<'a> {
    match &case.input {
        CaseInput::Value(value) => SandboxInput::Value(value),
        CaseInput::File(path) => SandboxInput::Stdin(path),
    }
}

fn note_sandbox(
    record: &mut Option<SandboxRecord>,
    name: &mut String,
    containment: &crate::sandbox::Containment,
) {
    *name = containment.name().to_string();
    let entry = record.get_or_insert_with(|| SandboxRecord {
        layers: containment.layers.clone(),
        pid_namespaces: Vec::new(),
        uid: containment.uid,
        warm: containment.warm,
        accounting: containment.accounting.clone(),
    });
    entry.accounting = containment.accounting.clone();
    entry.layers = containment.layers.clone();
    if let Some(namespace) = &containment.pid_namespace {
        entry.pid_namespaces.push(namespace.clone());
    }
}

/// Judges one case from what the sandbox observed (for `run` too, with an expected answer
/// of its own making). Never a case of an interactive problem: `judge_in` judges those with
/// their interactor (judge/interactive.rs), and `run` refuses such a package up front.
pub fn judge_case(
    challenge: &Challenge,
    case: &Case,
    raw: &RawResult,
    python: &Python,
) -> CaseResult {
    let limits = &challenge.limits;
    let mut score = None;
    let judged = match case_outcome(raw, limits) {
        Some(judged) => judged,
        None => compare_case(challenge, case, raw, python, &mut score),
    };
    case_result(challenge, case, raw, judged, score)
}

/// A case's result from its verdict, message and details, with what the runner measured.
fn case_result(
    challenge: &Challenge,
    case: &Case,
    raw: &RawResult,
    judged: Judged,
    score: Option<f64>,
) -> CaseResult {
    let ((verdict, message, details), event_loop_ms) =
        rules::with_event_loop_watch(challenge, &case.name, raw, judged);
    // A failing sample's output, in fields of their own (never a hidden case's).
    let shown = match (verdict, case.group) {
        (Verdict::Accepted, _) | (_, Group::Secret) => &[][..],
        (_, Group::Sample) => shown_streams(challenge, raw),
    };
    let captured = |stream: &str| {
        shown
            .contains(&stream)
            .then(|| captured_stream(raw, stream))
            .flatten()
    };
    CaseResult {
        name: case.name.clone(),
        group: case.group,
        verdict: Some(verdict),
        points: if verdict == Verdict::Accepted {
            case.points
        } else {
            0
        },
        cpu_ms: round(raw.cpu_ms),
        wall_ms: round(raw.wall_ms),
        memory_kb: raw.memory_kb,
        message,
        details,
        stdout: captured("stdout"),
        stderr: captured("stderr"),
        facts: (verdict != Verdict::Accepted && case.group == Group::Sample)
            .then(|| harness_facts(raw))
            .flatten(),
        score,
        event_loop_ms: event_loop_ms.map(round),
    }
}

/// The streams of a failing sample case worth showing: a program's stdout is its answer,
/// which the diff shows already, and the stderr of a program that raised repeats its
/// traceback.
fn shown_streams(challenge: &Challenge, raw: &RawResult) -> &'static [&'static str] {
    match (challenge.kind, raw.status) {
        (Kind::Function, _) => &["stdout", "stderr"],
        // A prediction file is never run: it printed nothing.
        (Kind::Predict, _) => &[],
        (_, RunnerStatus::Raised) => &[],
        _ => &["stderr"],
    }
}
