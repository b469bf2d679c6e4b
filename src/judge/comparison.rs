//! One case's observation against its expected answer, by the challenge's comparison: the
//! pure comparisons of `judging::compare`, an author's checker or a Kattis output validator
//! (run through `scripts`, outside the sandbox), a snippet's output for a prediction.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use super::predict::{compare_prediction, snippet_output};
use crate::judging::compare;
use crate::judging::outcome::{
    exception_summary, mismatch_message, with_hint, wrong_answer, Judged,
};
use crate::judging::verdict::Verdict;
use crate::package::spec::{Case, CaseInput, Challenge, Comparison, Expected, Group};
use crate::python::Python;
use crate::sandbox::RawResult;
use crate::scripts::{Script, ScriptError};

const CHECKER_TIMEOUT: Duration = Duration::from_secs(30);

/// Judges a case's observation; `score` gets the score a Kattis output validator gave the
/// case in its score.txt, where it wrote one.
pub(super) fn compare_case(
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
