//! The pipeline for one submission: plan the run (inputs only), drive the sandbox, compare
//! each observation with its expected answer, and combine the case verdicts.
//!
//! For a "predict the output" challenge the expected answer is made here too: each snippet
//! runs contained in a sandbox session of its own ([`run_snippet`]), apart from the
//! candidate's, whose file the runner only reads.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::judging::compare;
use crate::judging::outcome::{
    captured_stream, case_outcome, exception_summary, harness_facts, load_failure,
    mismatch_message, round, with_hint, wrong_answer, Judged,
};
use crate::judging::rules;
use crate::judging::verdict::{overall, CaseResult, Verdict, WholeSubmission};
use crate::package::kattis::{self, GraderVerdict};
use crate::package::spec::{
    Case, CaseInput, Challenge, Comparison, Expected, Group, Harness, Kind, PackageFormat,
};
use crate::python::Python;
use crate::sandbox::{
    HarnessSetup, RawResult, RunnerStatus, SandboxInput, Session, SessionSetup, Started, WarmPool,
    WarmRunner,
};
use crate::scripts::{Script, ScriptError};

mod interactive;

const CHECKER_TIMEOUT: Duration = Duration::from_secs(30);

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
        .then(|| WarmPool::new(python, 1));
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
    let mut runner = pool.and_then(WarmPool::take);
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
    let harness = match &challenge.harness {
        Harness::Call { function } => HarnessSetup::Call(function.clone()),
        Harness::Custom { path } => HarnessSetup::Custom(
            fs::read_to_string(path).map_err(|error| Error::io("read harness", path, error))?,
        ),
        Harness::Stdio => HarnessSetup::Stdio,
        Harness::Predict => HarnessSetup::Predict,
    };
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

/// The grading of a Kattis scoring problem, `None` for any other challenge.
fn kattis_grading(challenge: &Challenge) -> Result<Option<kattis::Grading>> {
    match challenge.format {
        PackageFormat::Kattis => kattis::grading(&challenge.dir),
        PackageFormat::Pyjudge => Ok(None),
    }
}

/// The most points a submission can score on `challenge`: its cases' points, or the best
/// score of a Kattis scoring problem's grading.
pub fn max_score(challenge: &Challenge) -> Result<u64> {
    Ok(match kattis_grading(challenge)? {
        Some(grading) => grading.best_score().max(0.0).round() as u64,
        None => challenge.max_score(),
    })
}

/// A scoring problem's verdict and score from its cases' results, as Kattis' default
/// grader aggregates them (a score only where the grader accepts); `None` when no case
/// ran.
/// A case of a scoring problem that does not count: an earlier one of its group (or of a
/// group above it) under `on_reject: break` was rejected.
fn not_graded(case: &Case) -> CaseResult {
    CaseResult {
        message: "not graded: an earlier case of its group was rejected (on_reject: break)".into(),
        ..CaseResult::skipped(&case.name, case.group)
    }
}

/// Whether `case`, not run yet, can still count given the results so far (the cases after
/// it taken as accepted: cases run in test data order, so only earlier ones can end its
/// group).
fn counts(grading: &kattis::Grading, cases: &[&Case], results: &[CaseResult], case: &Case) -> bool {
    let known: std::collections::HashMap<&Path, kattis::CaseGrade> = cases
        .iter()
        .zip(results)
        .filter_map(|(case, result)| {
            Some((
                case.source.as_path(),
                (grader_verdict(result.verdict?), result.score),
            ))
        })
        .collect();
    let ran: std::collections::HashSet<&Path> = cases
        .iter()
        .take(results.len())
        .map(|case| case.source.as_path())
        .collect();
    grading
        .counted_cases(&|input| match known.get(input) {
            Some(grade) => Some(*grade),
            // A case passed over (not run, not counted) stays out; a later one is hoped for.
            None if ran.contains(input) => None,
            None => Some((GraderVerdict::Accepted, None)),
        })
        .contains(&case.source)
}

/// A case's verdict as Kattis' graders know it (a load failure is a run-time error).
pub fn grader_verdict(verdict: Verdict) -> GraderVerdict {
    match verdict {
        Verdict::Accepted => GraderVerdict::Accepted,
        Verdict::WrongAnswer => GraderVerdict::WrongAnswer,
        Verdict::TimeLimitExceeded => GraderVerdict::TimeLimit,
        Verdict::MemoryLimitExceeded => GraderVerdict::MemoryLimit,
        Verdict::OutputLimitExceeded => GraderVerdict::OutputLimit,
        Verdict::RuntimeError | Verdict::CompileError => GraderVerdict::RunTimeError,
        Verdict::InternalError => GraderVerdict::JudgeError,
    }
}

/// A Kattis validator's score.txt where the problem does not allow one (a pass-fail
/// problem), or its absence where the problem requires it (a legacy `validation: custom
/// score`), is the judge's failure on that case, as in problemtools: the package is wrong,
/// not the submission.
fn check_score_files(grading: Option<&kattis::Grading>, results: &mut [CaseResult]) {
    for result in results {
        if result.verdict != Some(Verdict::Accepted) {
            continue;
        }
        let message = match (grading, result.score) {
            (None, Some(_)) => {
                "the output validator wrote score.txt, but the problem is pass-fail (type: scoring allows a score)"
            }
            (Some(grading), None) if grading.score_file_required() => {
                "the output validator wrote no score.txt, which validation: custom score requires"
            }
            _ => continue,
        };
        result.verdict = Some(Verdict::InternalError);
        result.message = message.into();
        result.points = 0;
        result.score = None;
    }
}

/// The cases Kattis would not have run (after a rejection in a group under `on_reject:
/// break`) are marked so in `results`: they ran, but they do not count.
fn graded(
    grading: &kattis::Grading,
    cases: &[&Case],
    results: &mut [CaseResult],
) -> Option<(Verdict, f64)> {
    let by_input: std::collections::HashMap<&Path, kattis::CaseGrade> = cases
        .iter()
        .zip(results.iter())
        .filter_map(|(case, result)| {
            Some((
                case.source.as_path(),
                (grader_verdict(result.verdict?), result.score),
            ))
        })
        .collect();
    let result_of = |input: &Path| by_input.get(input).copied();
    let graded = grading.grade(&result_of)?;
    let counted = grading.counted_cases(&result_of);
    for (case, result) in cases.iter().zip(results.iter_mut()) {
        if result.verdict.is_some() && !counted.contains(&case.source) {
            *result = not_graded(case);
        }
    }
    let verdict = match graded.verdict {
        GraderVerdict::Accepted => Verdict::Accepted,
        GraderVerdict::WrongAnswer => Verdict::WrongAnswer,
        GraderVerdict::TimeLimit => Verdict::TimeLimitExceeded,
        GraderVerdict::MemoryLimit => Verdict::MemoryLimitExceeded,
        GraderVerdict::OutputLimit => Verdict::OutputLimitExceeded,
        GraderVerdict::RunTimeError => Verdict::RuntimeError,
        GraderVerdict::JudgeError => Verdict::InternalError,
    };
    let score = if verdict == Verdict::Accepted {
        graded.score
    } else {
        0.0
    };
    Some((verdict, score))
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
/// of its own making).
pub fn judge_case(
    challenge: &Challenge,
    case: &Case,
    raw: &RawResult,
    python: &Python,
) -> CaseResult {
    let limits = &challenge.limits;
    let mut score = None;
    let judged = match case_outcome(raw, limits) {
        // `judge_in` runs an interactive case with its interactor; only a case judged on
        // its own (`pyjudge run`) comes here, run without one.
        _ if is_interactive_case(challenge, case) => (
            Verdict::InternalError,
            "an interactive problem's case runs with its interactor: `pyjudge submit` judges it, `pyjudge run` cannot".into(),
            None,
        ),
        Some(judged) => judged,
        None => compare_case(challenge, case, raw, python, &mut score),
    };
    case_result(challenge, case, raw, judged, score)
}

/// True for a case of a Kattis interactive problem (its comparison is the interactor).
fn is_interactive_case(challenge: &Challenge, case: &Case) -> bool {
    challenge.format == PackageFormat::Kattis
        && matches!(
            challenge.comparison_of(case),
            Comparison::KattisValidator { .. }
        )
        && kattis::interactive(&challenge.dir).unwrap_or(false)
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

/// Judges a case's observation; `score` gets the score a Kattis output validator gave the
/// case in its score.txt, where it wrote one.
fn compare_case(
    challenge: &Challenge,
    case: &Case,
    raw: &RawResult,
    python: &Python,
    score: &mut Option<f64>,
) -> Judged {
    let observation = raw.field("observation").cloned().unwrap_or(Value::Null);

    let outcome = match (&case.expected, challenge.comparison_of(case)) {
        (Expected::Snippet(snippet), _) => {
            return match snippet_output(challenge, snippet, python) {
                Ok(output) => compare_prediction(case, &output, &observation),
                Err(message) => (Verdict::InternalError, message, None),
            }
        }
        (Expected::Value(expected), comparison) => {
            if compare::is_raise(&observation) && !compare::is_raise(expected) {
                let (summary, traceback) = exception_summary(observation.get("$raise"));
                return (
                    Verdict::RuntimeError,
                    with_hint(summary, observation.get("$raise")),
                    traceback,
                );
            }
            match comparison {
                Comparison::Json(options) => compare::json(expected, &observation, options),
                Comparison::Checker { script } => {
                    let input = match &case.input {
                        CaseInput::Value(value) => value.clone(),
                        CaseInput::File(_) => Value::Null,
                    };
                    return run_checker(
                        script,
                        python,
                        &input,
                        expected,
                        &strip_traceback(&observation),
                        case,
                    );
                }
                _ => compare::json(expected, &observation, &Default::default()),
            }
        }
        (Expected::File(answer_path), comparison) => {
            let answer = match fs::read(answer_path) {
                Ok(answer) => answer,
                Err(error) => {
                    return (
                        Verdict::InternalError,
                        format!("cannot read {}: {error}", answer_path.display()),
                        None,
                    )
                }
            };
            let output = observed_bytes(&observation);
            let outcome = match comparison {
                Comparison::Exact => compare::exact(&answer, &output),
                Comparison::Lines => compare::lines(&answer, &output),
                Comparison::Tokens { case_sensitive } => {
                    compare::tokens(&answer, &output, *case_sensitive)
                }
                Comparison::Float {
                    abs_tol,
                    rel_tol,
                    case_sensitive,
                } => compare::float(&answer, &output, *abs_tol, *rel_tol, *case_sensitive),
                Comparison::Json(options) => {
                    match (
                        serde_json::from_slice::<Value>(&answer),
                        serde_json::from_slice::<Value>(&output),
                    ) {
                        (Ok(want), Ok(got)) => compare::json(&want, &got, options),
                        _ => compare::exact(&answer, &output),
                    }
                }
                Comparison::KattisDefault(flags) => {
                    compare::kattis_default(&answer, &output, flags)
                }
                Comparison::KattisValidator { program, flags } => {
                    let CaseInput::File(input) = &case.input else {
                        return (
                            Verdict::InternalError,
                            "a Kattis validator needs a stdio case".into(),
                            None,
                        );
                    };
                    return match crate::scripts::kattis_validator(
                        program,
                        flags,
                        python,
                        input,
                        answer_path,
                        &output,
                    ) {
                        Ok(judgement) if judgement.accepted => {
                            *score = judgement.score;
                            (Verdict::Accepted, String::new(), None)
                        }
                        Ok(judgement) => wrong_answer(case.group, || {
                            if judgement.message.is_empty() {
                                "the output validator rejected the output".into()
                            } else {
                                judgement.message
                            }
                        }),
                        Err(message) => (
                            Verdict::InternalError,
                            format!("the output validator failed: {message}"),
                            None,
                        ),
                    };
                }
                Comparison::Checker { script } => {
                    let input = match &case.input {
                        CaseInput::File(path) => fs::read(path)
                            .map(|bytes| {
                                Value::String(String::from_utf8_lossy(&bytes).into_owned())
                            })
                            .unwrap_or(Value::Null),
                        CaseInput::Value(value) => value.clone(),
                    };
                    let expected = Value::String(String::from_utf8_lossy(&answer).into_owned());
                    let observed = Value::String(String::from_utf8_lossy(&output).into_owned());
                    return run_checker(script, python, &input, &expected, &observed, case);
                }
            };
            if let (Err(mismatch), Group::Sample) = (&outcome, case.group) {
                let diff = compare::text_diff(&answer, &output, 12);
                return (
                    Verdict::WrongAnswer,
                    mismatch_message(mismatch),
                    Some(format!("--- expected\n+++ your output\n{diff}")),
                );
            }
            outcome
        }
    };
    match outcome {
        Ok(()) => (Verdict::Accepted, String::new(), None),
        Err(mismatch) => wrong_answer(case.group, || mismatch_message(&mismatch)),
    }
}

/// A prediction (the runner's observation: the string the candidate wrote for this snippet,
/// or null where the file has none) against the snippet's real output, line by line:
/// trailing white space on each line and blank lines at either end ignored.
fn compare_prediction(case: &Case, output: &[u8], observation: &Value) -> Judged {
    let Some(prediction) = observation.as_str() else {
        return (
            Verdict::WrongAnswer,
            format!(
                "no prediction for snippet {:?}: add \"{}\": \"\"\"...\"\"\", to ANSWERS",
                case.name, case.name
            ),
            None,
        );
    };
    let expected = without_leading_blank_lines(output);
    let predicted = without_leading_blank_lines(prediction.as_bytes());
    match compare::lines(expected, predicted) {
        Ok(()) => (Verdict::Accepted, String::new(), None),
        Err(mismatch) if case.group == Group::Sample => {
            let diff = compare::text_diff(expected, predicted, 12);
            (
                Verdict::WrongAnswer,
                mismatch_message(&mismatch),
                Some(format!(
                    "--- the snippet printed\n+++ your prediction\n{diff}"
                )),
            )
        }
        Err(mismatch) => wrong_answer(case.group, || mismatch_message(&mismatch)),
    }
}

/// `text` from its first line that is not blank: the line break after a prediction's
/// opening `"""` is no part of the answer.
fn without_leading_blank_lines(text: &[u8]) -> &[u8] {
    let mut start = 0;
    for line in text.split_inclusive(|byte| *byte == b'\n') {
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
        start += line.len();
    }
    &text[start..]
}

/// A snippet's output, run once per process for each snippet code, interpreter and limits
/// (`grade` judges many candidates on the same snippets). Sound because `check` proves
/// every snippet deterministic, with a second, fresh run of [`run_snippet`].
pub fn snippet_output(
    challenge: &Challenge,
    snippet: &Path,
    python: &Python,
) -> std::result::Result<Vec<u8>, String> {
    type Outputs = std::sync::Mutex<std::collections::HashMap<(PathBuf, Vec<u8>, String), Vec<u8>>>;
    static OUTPUTS: std::sync::OnceLock<Outputs> = std::sync::OnceLock::new();
    let code = fs::read(snippet).unwrap_or_default();
    let key = (
        python.executable.clone(),
        code,
        format!("{:?}", challenge.limits),
    );
    let outputs = OUTPUTS.get_or_init(Default::default);
    let known = outputs
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .get(&key)
        .cloned();
    if let Some(output) = known {
        return Ok(output);
    }
    let output = run_snippet(challenge, snippet, python)?;
    outputs
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .insert(key, output.clone());
    Ok(output)
}

/// Runs a snippet of a "predict the output" challenge contained, as a stdio program with
/// empty stdin and the challenge's limits, in a fresh sandbox session of its own (a fresh
/// interpreter with the runner's fixed hash seed), and returns what it printed on stdout.
/// A snippet that does not end cleanly is the package's fault: the message says why,
/// never what it printed.
pub fn run_snippet(
    challenge: &Challenge,
    snippet: &Path,
    python: &Python,
) -> std::result::Result<Vec<u8>, String> {
    let shown = snippet
        .strip_prefix(&challenge.dir)
        .unwrap_or(snippet)
        .display()
        .to_string();
    let failed = |why: String| {
        format!(
            "the challenge's snippet {shown} failed: {why}; a snippet must print its output and end without an uncaught exception"
        )
    };
    let source = fs::read(snippet).map_err(|error| failed(format!("cannot read it: {error}")))?;
    let setup = SessionSetup {
        python,
        kind: Kind::Stdio,
        harness: HarnessSetup::Stdio,
        limits: challenge.limits,
        source: &source,
        // A snippet is the package's own code: no rules apply to it.
        rules: Value::Null,
    };
    let no_input = Value::Null;
    let started = Session::start(&setup, Some(("snippet", SandboxInput::Value(&no_input))))
        .map_err(|error| failed(error.to_string()))?;
    let raw = match started {
        Started::Loaded(mut session) => session
            .await_case()
            .map_err(|error| failed(error.to_string()))?,
        Started::LoadFailed(raw, _) => {
            return Err(failed(load_failure(&raw, &challenge.limits).message))
        }
        Started::HarnessFailed(_, message) => return Err(failed(message)),
    };
    let code = raw.field("code").and_then(Value::as_i64);
    match raw.status {
        RunnerStatus::Exited if code == Some(0) => Ok(observed_bytes(
            raw.field("observation").unwrap_or(&Value::Null),
        )),
        RunnerStatus::Exited => Err(failed(format!(
            "it exited with code {}",
            code.unwrap_or(-1)
        ))),
        RunnerStatus::Raised => {
            let (summary, _) = exception_summary(raw.field("exception"));
            Err(failed(format!("it raised {summary}")))
        }
        status => Err(failed(format!("it ended with status {status}"))),
    }
}

fn strip_traceback(observation: &Value) -> Value {
    let mut observation = observation.clone();
    if let Some(raised) = observation.get_mut("$raise").and_then(Value::as_object_mut) {
        raised.remove("traceback");
    }
    observation
}

/// A stdio observation's bytes (text, or `$bytes` for output that is not UTF-8).
pub fn observed_bytes(observation: &Value) -> Vec<u8> {
    match observation {
        Value::String(text) => text.as_bytes().to_vec(),
        Value::Object(map) => map
            .get("$bytes")
            .and_then(Value::as_str)
            .and_then(|encoded| {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .ok()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Runs a package's checker outside the sandbox: the expected answer never enters it.
fn run_checker(
    script: &Path,
    python: &Python,
    input: &Value,
    expected: &Value,
    observed: &Value,
    case: &Case,
) -> Judged {
    let failure = |message: String| {
        (
            Verdict::InternalError,
            format!("the checker failed: {message}"),
            None,
        )
    };
    let request = json!({"input": input, "expected": expected, "observed": observed});
    let finished = match Script::new(&python.executable, script)
        .current_dir(script.parent().unwrap_or(Path::new(".")))
        .stdin(request.to_string().into_bytes())
        .timeout(CHECKER_TIMEOUT)
        .run()
    {
        Ok(finished) => finished,
        Err(ScriptError::TimedOut { timeout, .. }) => {
            return failure(format!("it ran longer than {} s", timeout.as_secs()))
        }
        Err(error) => return failure(error.to_string()),
    };
    if !finished.status.success() {
        return failure(format!(
            "{} exited with {}: {}",
            script.display(),
            finished.status,
            compare::truncate(String::from_utf8_lossy(&finished.stderr).trim(), 500)
        ));
    }
    let output = finished.stdout;
    let answer: Value = match serde_json::from_slice(&output) {
        Ok(answer) => answer,
        Err(error) => {
            return failure(format!(
                "{} printed no JSON verdict: {error}",
                script.display()
            ))
        }
    };
    let message = answer
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    match answer.get("verdict").and_then(Value::as_str) {
        Some("AC") => (Verdict::Accepted, String::new(), None),
        Some("WA") => wrong_answer(case.group, || message),
        other => failure(format!(
            "{} printed verdict {other:?}; write \"AC\" or \"WA\"",
            script.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet_case(group: Group) -> Case {
        Case {
            name: "loop".into(),
            group,
            input: CaseInput::Value(json!({"snippet": "loop"})),
            expected: Expected::Snippet(PathBuf::from("tests/secret/loop.py")),
            points: 1,
            source: PathBuf::from("tests/secret/loop.py"),
        }
    }

    #[test]
    fn a_prediction_ignores_trailing_space_and_blank_lines_at_either_end() {
        let case = snippet_case(Group::Secret);
        let (verdict, ..) = compare_prediction(&case, b"a\n  b\n", &json!("\n\na  \n  b\n\n\n"));
        assert_eq!(verdict, Verdict::Accepted);
        // Indentation counts.
        let (verdict, ..) = compare_prediction(&case, b"a\n  b\n", &json!("a\nb\n"));
        assert_eq!(verdict, Verdict::WrongAnswer);
    }

    #[test]
    fn a_wrong_secret_prediction_says_nothing_of_the_output() {
        let (verdict, message, details) =
            compare_prediction(&snippet_case(Group::Secret), b"secret-42\n", &json!("41\n"));
        assert_eq!(verdict, Verdict::WrongAnswer);
        assert_eq!(message, "wrong answer on a hidden case");
        assert_eq!(details, None);
        let (_, message, details) =
            compare_prediction(&snippet_case(Group::Sample), b"secret-42\n", &json!("41\n"));
        assert!(message.contains("secret-42"), "{message}");
        assert!(details.unwrap().contains("+ 41"));
    }

    #[test]
    fn no_prediction_names_the_snippet() {
        let (verdict, message, _) =
            compare_prediction(&snippet_case(Group::Secret), b"1\n", &Value::Null);
        assert_eq!(verdict, Verdict::WrongAnswer);
        assert!(
            message.contains("no prediction for snippet \"loop\""),
            "{message}"
        );
    }
}
