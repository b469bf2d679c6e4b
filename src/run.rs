//! `pyjudge run`: the candidate's code on chosen sample cases or on an input of their own,
//! with the reference solution's observation beside it. The reference runs in a sandbox
//! session of its own and never on a secret case. Sessions are `sandbox`'s, the verdict of
//! a case is `judge`'s and `judging`'s, and printing is `report`'s.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::judge;
use crate::judging::outcome::{case_outcome, load_failure};
use crate::judging::verdict::Verdict;
use crate::package::spec::{
    Case, CaseInput, Challenge, Expected, Group, Harness, Kind, PackageFormat,
};
use crate::python::Python;
use crate::sandbox::{HarnessSetup, RawResult, RunnerStatus, Session, SessionSetup, Started};

/// The most of a case's input, an expected answer or a captured stream that a report shows.
pub const SHOWN_CHARS: usize = 2000;

/// What to run the candidate's code on.
#[derive(Debug, Clone)]
pub enum RunInput {
    /// These sample cases (by name, `01-one` or `sample/01-one`); every sample when empty.
    Samples(Vec<String>),
    /// A call of the candidate's own, in the case encoding (`{"args": [3]}`).
    Call(Value),
    /// A file of the candidate's own fed on stdin.
    Stdin(PathBuf),
}

/// One run of the candidate's code and the reference's, case by case.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub challenge: String,
    pub title: String,
    pub submission: String,
    /// `function` (cases are calls) or `stdio` (cases are stdin).
    pub kind: Kind,
    /// The reference solution's path inside the package, when one ran.
    pub reference: Option<String>,
    /// True during an interview: the reference neither ran nor shows until it is finished.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reference_hidden: bool,
    /// Why the candidate's code ran no case (it does not load), when it did not.
    pub failure: Option<RunFailure>,
    pub cases: Vec<RunCase>,
}

impl RunReport {
    /// True when every case ran and agrees with its expected answer or the reference's.
    pub fn agrees(&self) -> bool {
        self.failure.is_none() && self.cases.iter().all(|case| case.agrees)
    }
}

/// Why a whole submission ran no case.
#[derive(Debug, Clone, Serialize)]
pub struct RunFailure {
    pub verdict: Verdict,
    pub message: String,
    pub details: Option<String>,
}

/// One case as the candidate's code and the reference saw it.
#[derive(Debug, Clone, Serialize)]
pub struct RunCase {
    /// `sample/01-one`, or `custom` for the candidate's own input.
    pub name: String,
    /// The call (JSON) or the stdin, capped.
    pub input: String,
    /// A sample's expected answer (samples are public), capped; none for a custom input.
    pub expected: Option<String>,
    pub candidate: Side,
    pub reference: Option<Side>,
    /// The candidate's verdict on this case; none when there was nothing to judge it by.
    pub verdict: Option<Verdict>,
    pub message: String,
    pub details: Option<String>,
    pub agrees: bool,
}

/// What one program did on one case.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The runner's word for how the case ended (`returned`, `raised`, `exited`, `tle`...).
    pub status: String,
    /// What the harness observed (the return value, or the stdout of a stdio program).
    pub observation: Value,
    pub stdout: String,
    pub stderr: String,
    pub cpu_ms: u64,
    pub wall_ms: u64,
    /// What went wrong when the case did not end normally (an exception, a limit).
    pub problem: Option<String>,
}

/// Runs `source` on `input` and, with `with_reference`, the package's reference beside it.
/// Without it (during an interview) the reference neither runs nor shows, and only sample
/// cases, judged by their expected answers, can run.
pub fn run(
    challenge: &Challenge,
    submission_name: &str,
    source: &[u8],
    python: &Python,
    input: &RunInput,
    with_reference: bool,
) -> Result<RunReport> {
    refuse_interactive(challenge, submission_name)?;
    let custom_case;
    let (cases, custom): (Vec<&Case>, bool) = match input {
        RunInput::Samples(names) => (select_samples(challenge, names)?, false),
        RunInput::Call(value) => {
            if challenge.kind != Kind::Function {
                return Err(usage(
                    format!(
                        "failed to run {}: --call is for function challenges; this one reads stdin",
                        challenge.slug
                    ),
                    "pass --input FILE with the stdin to feed",
                ));
            }
            custom_case = custom(
                CaseInput::Value(value.clone()),
                Expected::Value(Value::Null),
            );
            (vec![&custom_case], true)
        }
        RunInput::Stdin(path) => {
            if challenge.kind != Kind::Stdio {
                return Err(usage(
                    format!(
                        "failed to run {}: --input is for stdio challenges; this one is called",
                        challenge.slug
                    ),
                    "pass --call JSON with the call's input, e.g. --call '{\"args\": [3]}'",
                ));
            }
            fs::metadata(path).map_err(|error| Error::io("read the input", path, error))?;
            custom_case = custom(CaseInput::File(path.clone()), Expected::Value(Value::Null));
            (vec![&custom_case], true)
        }
    };
    let reference = reference_solution(&challenge.dir).filter(|_| with_reference);
    if custom && !with_reference {
        return Err(usage(
            format!(
                "failed to run {} on your input: your own input is judged against the reference solution, which an interview hides until it is finished",
                challenge.slug
            ),
            "run the sample cases (pyjudge run CHALLENGE SOLUTION), or finish the interview first",
        ));
    }
    if custom && reference.is_none() {
        return Err(usage(
            format!(
                "failed to run {} on your input: the package has no reference solution (submissions/accepted/*.py)",
                challenge.slug
            ),
            "run a sample case instead: pyjudge run CHALLENGE SOLUTION --case NAME",
        ));
    }
    let reference_source = match &reference {
        Some(path) => Some(fs::read(path).map_err(|error| Error::io("read", path, error))?),
        None => None,
    };
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
    let setup = |source| SessionSetup {
        python,
        kind: challenge.kind,
        harness: harness.clone(),
        limits: challenge.limits,
        source,
        rules: crate::package::rules::runner_rules(
            &challenge.rules,
            challenge.event_loop.is_some(),
        ),
        warm_up: crate::environment::warm_up_source(challenge),
    };
    // The two programs run at once, each in its own session: the reference costs no time.
    let (candidate, reference_runs) = std::thread::scope(|scope| {
        let reference = reference_source
            .as_deref()
            .map(|source| scope.spawn(|| observe(&setup(source), &cases, challenge)));
        let candidate = observe(&setup(source), &cases, challenge);
        let reference = reference.map(|handle| {
            handle.join().unwrap_or_else(|_| {
                Err(Error::Sandbox {
                    message: "the reference's run panicked".into(),
                })
            })
        });
        (candidate, reference)
    });
    let candidate = candidate?;
    let reference_runs = match reference_runs.transpose()? {
        Some(Observed::Ran(runs)) => Some(runs),
        Some(Observed::DidNotLoad(failure)) => {
            return Err(Error::Sandbox {
                message: format!(
                    "the reference solution {} did not run: {}",
                    reference.as_deref().unwrap_or(Path::new("?")).display(),
                    failure.message
                ),
            })
        }
        None => None,
    };
    let mut report = RunReport {
        challenge: challenge.slug.clone(),
        title: challenge.title.clone(),
        submission: submission_name.to_string(),
        kind: challenge.kind,
        reference: reference.as_ref().map(|path| {
            path.strip_prefix(&challenge.dir)
                .unwrap_or(path)
                .display()
                .to_string()
        }),
        reference_hidden: !with_reference,
        failure: None,
        cases: Vec::new(),
    };
    let candidate_runs = match candidate {
        Observed::Ran(runs) => runs,
        Observed::DidNotLoad(failure) => {
            report.failure = Some(failure);
            return Ok(report);
        }
    };
    // The staged copy of the reference's stdout, for a custom stdio input; removed on drop.
    let mut answer_file: Option<tempfile::NamedTempFile> = None;
    for (index, (case, raw)) in cases.iter().zip(&candidate_runs).enumerate() {
        let reference_raw = reference_runs.as_ref().and_then(|runs| runs.get(index));
        let reference_side = reference_raw.map(|raw| side(raw, challenge));
        let (verdict, message, details) = if custom {
            let reference_raw = reference_raw.expect("a custom input runs the reference");
            match against_reference(
                challenge,
                case,
                raw,
                reference_raw,
                python,
                &mut answer_file,
            )? {
                Some(result) => (Some(result.0), result.1, result.2),
                None => (
                    None,
                    format!(
                        "the reference solution did not answer this input ({}): check that it \
                         is within the statement's constraints",
                        reference_side
                            .as_ref()
                            .and_then(|side| side.problem.clone())
                            .unwrap_or_else(|| "no answer".into())
                    ),
                    None,
                ),
            }
        } else {
            let result = judge::judge_case(challenge, case, raw, python);
            (result.verdict, result.message, result.details)
        };
        report.cases.push(RunCase {
            name: if custom {
                "custom".into()
            } else {
                format!("{}/{}", case.group.name(), case.name)
            },
            input: shown_input(&case.input),
            expected: (!custom).then(|| shown_expected(challenge, &case.expected, python)),
            candidate: side(raw, challenge),
            reference: reference_side,
            agrees: verdict == Some(Verdict::Accepted),
            verdict,
            message,
            details,
        });
    }
    Ok(report)
}

/// What a session observed of a submission: each case's result, or why it did not load.
enum Observed {
    Ran(Vec<RawResult>),
    DidNotLoad(RunFailure),
}

/// Runs `cases` in one session of `setup` (a new one where the runner broke), inputs only.
fn observe(setup: &SessionSetup, cases: &[&Case], challenge: &Challenge) -> Result<Observed> {
    let mut results = Vec::with_capacity(cases.len());
    let mut session: Option<Session> = None;
    for case in cases {
        let input = judge::input_of(case);
        let running = match session.as_mut().filter(|session| !session.is_broken()) {
            Some(running) => {
                running.send_case(&case.name, input)?;
                running
            }
            None => {
                session = None;
                match Session::start(setup, Some((case.name.as_str(), input)))? {
                    Started::Loaded(started) => session.insert(started),
                    Started::LoadFailed(raw, _) => {
                        let whole = crate::judging::rules::rules_broken(challenge, &raw)
                            .unwrap_or_else(|| load_failure(&raw, &setup.limits));
                        return Ok(Observed::DidNotLoad(RunFailure {
                            verdict: whole.verdict,
                            message: whole.message,
                            details: whole.details,
                        }));
                    }
                    Started::HarnessFailed(_, message) => {
                        return Err(Error::Sandbox {
                            message: format!("the challenge's harness failed to load: {message}"),
                        })
                    }
                }
            }
        };
        results.push(running.await_case()?);
        if crate::cancel::cancelled() {
            return Err(Error::Sandbox {
                message: "the run was cancelled (interrupted)".into(),
            });
        }
    }
    Ok(Observed::Ran(results))
}

/// The candidate's result on a custom input, judged as if the reference's observation were
/// the expected answer; None when the reference gave no answer to compare with.
fn against_reference(
    challenge: &Challenge,
    case: &Case,
    raw: &RawResult,
    reference: &RawResult,
    python: &Python,
    answer_file: &mut Option<tempfile::NamedTempFile>,
) -> Result<Option<(Verdict, String, Option<String>)>> {
    if case_outcome(reference, &challenge.limits).is_some() {
        return Ok(None);
    }
    let observation = reference
        .field("observation")
        .cloned()
        .unwrap_or(Value::Null);
    let expected = match challenge.kind {
        Kind::Function | Kind::Predict => Expected::Value(observation),
        Kind::Stdio => {
            let file = tempfile::NamedTempFile::new()
                .map_err(|error| Error::io("create", std::env::temp_dir(), error))?;
            fs::write(file.path(), judge::observed_bytes(&observation))
                .map_err(|error| Error::io("write", file.path(), error))?;
            let path = file.path().to_path_buf();
            *answer_file = Some(file);
            Expected::File(path)
        }
    };
    let case = Case {
        expected,
        ..case.clone()
    };
    let result = judge::judge_case(challenge, &case, raw, python);
    Ok(result
        .verdict
        .map(|verdict| (verdict, result.message, result.details)))
}

/// The sample cases named (all of them when none is), in the package's order; a secret or
/// unknown name is refused.
fn select_samples<'c>(challenge: &'c Challenge, names: &[String]) -> Result<Vec<&'c Case>> {
    let samples: Vec<&Case> = challenge
        .cases
        .iter()
        .filter(|case| case.group == Group::Sample)
        .collect();
    if names.is_empty() {
        if samples.is_empty() {
            return Err(usage(
                format!("failed to run {}: it has no sample cases", challenge.slug),
                "pass --call JSON or --input FILE to run your own input",
            ));
        }
        return Ok(samples);
    }
    let sample_names = samples
        .iter()
        .map(|case| case.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut chosen: Vec<&Case> = Vec::new();
    for name in names {
        let found = challenge.cases.iter().find(|case| {
            case.name == *name || format!("{}/{}", case.group.name(), case.name) == *name
        });
        match found {
            Some(case) if case.group == Group::Secret => {
                return Err(usage(
                    format!(
                        "failed to run case {name:?}: it is a secret case of {}, and secret cases are never run by `run`",
                        challenge.slug
                    ),
                    &format!("the sample cases are: {sample_names}"),
                ))
            }
            Some(case) => {
                if !chosen.iter().any(|seen| std::ptr::eq(*seen, case)) {
                    chosen.push(case);
                }
            }
            None => {
                return Err(usage(
                    format!("failed to find case {name:?} in {}", challenge.slug),
                    &format!("the sample cases are: {sample_names}"),
                ))
            }
        }
    }
    Ok(chosen)
}

/// The package's reference solution: `submissions/accepted/reference.py` where it exists
/// (the one its editorial describes), else the first `submissions/accepted/*.py` by name.
pub fn reference_solution(package: &Path) -> Option<PathBuf> {
    let named = package.join("submissions/accepted/reference.py");
    if named.is_file() {
        return Some(named);
    }
    let mut found: Vec<PathBuf> = fs::read_dir(package.join("submissions/accepted"))
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py") && path.is_file())
        .collect();
    found.sort();
    found.into_iter().next()
}

fn custom(input: CaseInput, expected: Expected) -> Case {
    Case {
        name: "custom".into(),
        // Judged with a sample's openness: the candidate chose the input and sees everything.
        group: Group::Sample,
        input,
        expected,
        points: 0,
        source: PathBuf::from("custom"),
    }
}

fn side(raw: &RawResult, challenge: &Challenge) -> Side {
    let text = |name: &str| match raw.field(name) {
        Some(Value::String(text)) => crate::text::truncate(text, SHOWN_CHARS),
        Some(Value::Object(_)) => "(binary output)".into(),
        _ => String::new(),
    };
    let problem = case_outcome(raw, &challenge.limits)
        .filter(|(verdict, ..)| *verdict != Verdict::Accepted)
        .map(|(verdict, message, _)| format!("{}: {message}", verdict.code()));
    let observation = match raw.status {
        RunnerStatus::Returned | RunnerStatus::Exited => {
            raw.field("observation").cloned().unwrap_or(Value::Null)
        }
        RunnerStatus::Raised => raw
            .field("exception")
            .map(|exception| serde_json::json!({"$raise": exception}))
            .unwrap_or(Value::Null),
        _ => Value::Null,
    };
    Side {
        status: raw
            .field("status")
            .and_then(Value::as_str)
            .unwrap_or("unknown")
            .to_string(),
        observation,
        stdout: text("stdout"),
        stderr: text("stderr"),
        cpu_ms: raw.cpu_ms.round() as u64,
        wall_ms: raw.wall_ms.round() as u64,
        problem,
    }
}

fn shown_input(input: &CaseInput) -> String {
    match input {
        CaseInput::Value(value) => crate::text::truncate(&value.to_string(), SHOWN_CHARS),
        CaseInput::File(path) => shown_file(path),
    }
}

/// A case's expected answer as `run` shows it: `run` runs sample cases only, so a
/// snippet's output may be shown (judging the case has just run it; it is not run again).
fn shown_expected(challenge: &Challenge, expected: &Expected, python: &Python) -> String {
    match expected {
        Expected::Value(value) => crate::text::truncate(&value.to_string(), SHOWN_CHARS),
        Expected::File(path) => shown_file(path),
        Expected::Snippet(path) => match judge::snippet_output(challenge, path, python) {
            Ok(output) => crate::text::truncate(&String::from_utf8_lossy(&output), SHOWN_CHARS),
            Err(message) => format!("({message})"),
        },
    }
}

fn shown_file(path: &Path) -> String {
    match fs::read(path) {
        Ok(bytes) => crate::text::truncate(&String::from_utf8_lossy(&bytes), SHOWN_CHARS),
        Err(error) => format!("(cannot read {}: {error})", path.display()),
    }
}

/// An interactive Kattis problem is refused before anything runs: its cases need the
/// interactor beside the program, which only `submit` starts.
fn refuse_interactive(challenge: &Challenge, submission_name: &str) -> Result<()> {
    if challenge.format != PackageFormat::Kattis
        || !crate::package::kattis::interactive(&challenge.dir)?
    {
        return Ok(());
    }
    Err(usage(
        format!(
            "failed to run {}: it is an interactive problem, whose interactor talks with the program while it runs, and `pyjudge run` has no interactor to start",
            challenge.slug
        ),
        &format!(
            "judge it with `pyjudge submit {} {submission_name}` (add --samples-only for the samples alone)",
            challenge.dir.display()
        ),
    ))
}

fn usage(message: String, hint: &str) -> Error {
    Error::Usage {
        message: format!("{message}\nhint: {hint}"),
    }
}
