//! A "predict the output" challenge's expected answers and their comparison: each snippet
//! run contained, in a sandbox session of its own, once per process; a prediction compared
//! with what the snippet printed, line by line.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::observed_bytes;
use crate::judging::compare;
use crate::judging::outcome::{
    exception_summary, load_failure, mismatch_message, wrong_answer, Judged,
};
use crate::judging::verdict::Verdict;
use crate::package::spec::{Case, Challenge, Group, Kind};
use crate::python::Python;
use crate::sandbox::{HarnessSetup, RunnerStatus, SandboxInput, Session, SessionSetup, Started};

/// A prediction (the runner's observation: the string the candidate wrote for this snippet,
/// or null where the file has none) against the snippet's real output, line by line:
/// trailing white space on each line and blank lines at either end ignored.
pub(super) fn compare_prediction(case: &Case, output: &[u8], observation: &Value) -> Judged {
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
        warm_up: None,
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::package::spec::{CaseInput, Expected};

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
