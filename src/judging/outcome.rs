//! The outcome of a case or a load check from what the runner reported: pure functions
//! from a runner status, its measurements and the limits to a verdict and the message the
//! candidate reads. No process runs here; comparing an observation with its expected answer
//! is `compare`, and running an author's checker or validator is the caller's.
//!
//! One redaction rule lives here too: a wrong answer on a hidden case says nothing of the
//! expected answer ([`wrong_answer`]).

use serde_json::Value;

use super::compare::{self, Mismatch};
use super::verdict::{Verdict, WholeSubmission};
use crate::package::spec::{Group, Limits};
use crate::sandbox::{RawResult, RunnerStatus};

/// A verdict, the message the candidate reads, and details (a traceback, a diff).
pub type Judged = (Verdict, String, Option<String>);

pub fn exception_summary(exception: Option<&Value>) -> (String, Option<String>) {
    let Some(exception) = exception else {
        return ("an exception".into(), None);
    };
    let kind = exception
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("Exception");
    let message = exception
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let summary = if message.is_empty() {
        kind.to_string()
    } else {
        format!(
            "{kind}: {}",
            compare::truncate(message.lines().next().unwrap_or_default(), 160)
        )
    };
    let traceback = exception
        .get("traceback")
        .and_then(Value::as_str)
        .map(str::to_string);
    (summary, traceback)
}

pub fn load_failure(raw: &RawResult, limits: &Limits) -> WholeSubmission {
    let (verdict, message, details) = match raw.status {
        RunnerStatus::Raised => {
            let exception = raw.field("exception");
            let (summary, traceback) = exception_summary(exception);
            (
                Verdict::CompileError,
                format!(
                    "the submission does not load: {}{}",
                    syntax_error_place(exception).unwrap_or_default(),
                    with_hint(summary, exception)
                ),
                traceback,
            )
        }
        RunnerStatus::CpuLimit | RunnerStatus::WallCap | RunnerStatus::SupervisorTimeout => (
            Verdict::TimeLimitExceeded,
            format!(
                "the submission did not finish loading within the limits ({} ms CPU, {} ms wall)",
                limits.cpu_ms, limits.wall_ms
            ),
            None,
        ),
        RunnerStatus::MemoryLimit | RunnerStatus::MemoryError => (
            Verdict::MemoryLimitExceeded,
            format!(
                "loading the submission used more than {} MB",
                limits.memory_kb / 1024
            ),
            None,
        ),
        RunnerStatus::OutputLimit => (
            Verdict::OutputLimitExceeded,
            "loading the submission printed more than the output limit".into(),
            None,
        ),
        RunnerStatus::Signaled => (
            Verdict::CompileError,
            format!(
                "the submission crashed while loading ({})",
                signal_name(raw.field("signal"))
            ),
            None,
        ),
        RunnerStatus::Anomaly => (
            Verdict::RuntimeError,
            format!(
                "the submission interfered with the judge's channel while loading: {}",
                internal_message(raw)
            ),
            None,
        ),
        RunnerStatus::NoReport => (
            Verdict::CompileError,
            format!(
                "the submission exited while loading (exit code {})",
                raw.field("code").and_then(Value::as_i64).unwrap_or(-1)
            ),
            None,
        ),
        RunnerStatus::Loaded
        | RunnerStatus::Returned
        | RunnerStatus::Exited
        | RunnerStatus::Internal => (
            Verdict::InternalError,
            format!(
                "the runner failed during the load check: {}",
                internal_message(raw)
            ),
            None,
        ),
    };
    WholeSubmission {
        verdict,
        message,
        details,
    }
}

/// `/judge/solution.py:LINE:COLUMN: ` for a syntax error of the submission, which has no
/// frame of its own in a traceback; the report shows the candidate's path instead.
fn syntax_error_place(exception: Option<&Value>) -> Option<String> {
    let exception = exception?;
    let line = exception.get("line").and_then(Value::as_u64)?;
    let column = exception
        .get("column")
        .and_then(Value::as_u64)
        .map(|column| format!(":{column}"))
        .unwrap_or_default();
    Some(format!("{}:{line}{column}: ", crate::sandbox::SOURCE_NAME))
}

/// The start of the hint line under a message about a module outside the standard library.
pub const STANDARD_LIBRARY_HINT: &str = "hint: the sandbox offers Python's standard library only";

/// `summary`, and a hint line where the exception is the import of a module that is not
/// part of Python's standard library (the runner says which): the sandbox offers only that.
pub fn with_hint(summary: String, exception: Option<&Value>) -> String {
    match exception
        .and_then(|exception| exception.get("third_party_module"))
        .and_then(Value::as_str)
    {
        Some(module) => format!(
            "{summary}\n{STANDARD_LIBRARY_HINT}; {module:?} is not part of it, \
             so solve the challenge without it"
        ),
        None => summary,
    }
}

fn internal_message(raw: &RawResult) -> String {
    raw.field("message")
        .and_then(Value::as_str)
        .unwrap_or("no message")
        .to_string()
}

fn signal_name(signal: Option<&Value>) -> String {
    let number = signal.and_then(Value::as_i64).unwrap_or(0);
    let name = match number {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => "",
    };
    if name.is_empty() {
        format!("signal {number}")
    } else {
        format!("signal {number}, {name}")
    }
}

/// What the candidate printed on `stream` (`stdout` or `stderr`) of a case, capped, or None
/// when it printed nothing there. For a failing sample case only: a hidden case's output
/// could repeat its input, so the caller never asks for it there.
pub fn captured_stream(raw: &RawResult, stream: &str) -> Option<String> {
    match raw.field(stream) {
        Some(Value::String(text)) if !text.trim().is_empty() => {
            Some(compare::truncate(text.trim_end(), 1500))
        }
        Some(Value::Object(_)) => Some("(binary output)".to_string()),
        _ => None,
    }
}

pub fn join_details(parts: [Option<String>; 2]) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join("\n"))
}

/// The verdict a case's status settles without looking at its observation, or None when
/// the observation must be compared (it returned, or a program exited 0). Pure: what the
/// runner reported and the limits, nothing else.
pub fn case_outcome(raw: &RawResult, limits: &Limits) -> Option<Judged> {
    let judged = match raw.status {
        RunnerStatus::Returned => return over_cpu(raw, limits, None),
        RunnerStatus::Exited => {
            let code = raw.field("code").and_then(Value::as_i64).unwrap_or(0);
            if code == 0 {
                return over_cpu(raw, limits, None);
            }
            (
                Verdict::RuntimeError,
                format!("exited with code {code}"),
                None,
            )
        }
        RunnerStatus::Raised => {
            let exception = raw.field("exception");
            let (summary, traceback) = exception_summary(exception);
            (
                Verdict::RuntimeError,
                with_hint(summary, exception),
                join_details([traceback, None]),
            )
        }
        RunnerStatus::CpuLimit => (
            Verdict::TimeLimitExceeded,
            format!("CPU time over the limit of {} ms", limits.cpu_ms),
            None,
        ),
        RunnerStatus::WallCap | RunnerStatus::SupervisorTimeout => (
            Verdict::TimeLimitExceeded,
            format!(
                "wall-clock cap of {} ms reached (sleeping, or waiting for something?)",
                limits.wall_ms
            ),
            None,
        ),
        RunnerStatus::MemoryLimit | RunnerStatus::MemoryError => (
            Verdict::MemoryLimitExceeded,
            format!("memory over the limit of {} MB", limits.memory_kb / 1024),
            None,
        ),
        RunnerStatus::OutputLimit => (
            Verdict::OutputLimitExceeded,
            format!("output over the limit of {} KB", limits.output_bytes / 1024),
            None,
        ),
        RunnerStatus::Signaled => (
            Verdict::RuntimeError,
            format!("killed by {}", signal_name(raw.field("signal"))),
            None,
        ),
        RunnerStatus::Anomaly => (
            Verdict::RuntimeError,
            format!(
                "the submission interfered with the judge's channel: {}",
                internal_message(raw)
            ),
            None,
        ),
        RunnerStatus::NoReport => (
            Verdict::RuntimeError,
            format!(
                "the process ended (exit code {}) before the harness returned a result",
                raw.field("code").and_then(Value::as_i64).unwrap_or(-1)
            ),
            None,
        ),
        RunnerStatus::Loaded | RunnerStatus::Internal => (
            Verdict::InternalError,
            format!("the runner failed: {}", internal_message(raw)),
            None,
        ),
    };
    over_cpu(raw, limits, Some(judged))
}

/// The CPU limit holds even for a case that finished between two of the runner's checks:
/// what would be accepted, wrong or a crash is a TLE once its CPU time is over the limit.
fn over_cpu(raw: &RawResult, limits: &Limits, judged: Option<Judged>) -> Option<Judged> {
    let counts = judged
        .as_ref()
        .is_none_or(|(verdict, _, _)| *verdict == Verdict::RuntimeError);
    if counts && raw.cpu_ms > limits.cpu_ms as f64 {
        return Some((
            Verdict::TimeLimitExceeded,
            format!("CPU time over the limit of {} ms", limits.cpu_ms),
            None,
        ));
    }
    judged
}

pub fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

pub fn mismatch_message(mismatch: &Mismatch) -> String {
    format!(
        "at {}: expected {}, got {}",
        mismatch.location, mismatch.expected, mismatch.observed
    )
}

/// A wrong answer, under the one redaction rule: a sample case says where and how
/// (`explain`), a hidden case nothing of its expected answer.
pub fn wrong_answer(group: Group, explain: impl FnOnce() -> String) -> Judged {
    let message = match group {
        Group::Sample => explain(),
        Group::Secret => "wrong answer on a hidden case".into(),
    };
    (Verdict::WrongAnswer, message, None)
}

/// The most facts a case shows, and the longest name and value.
const MAX_FACTS: usize = 12;
const MAX_FACT_NAME: usize = 60;
const MAX_FACT_VALUE: usize = 300;

/// The facts a harness attached to a case (`fact(name, value)` in the runner), as the
/// supervisor accepts them: string values only, capped in number and length. They come
/// from the candidate's process: shown on a failing sample, never judged.
pub fn harness_facts(raw: &RawResult) -> Option<serde_json::Map<String, Value>> {
    let Some(Value::Object(facts)) = raw.field("facts") else {
        return None;
    };
    let kept: serde_json::Map<String, Value> = facts
        .iter()
        .filter_map(|(name, value)| {
            let value = value.as_str()?;
            Some((
                compare::truncate(name, MAX_FACT_NAME),
                Value::String(compare::truncate(value, MAX_FACT_VALUE)),
            ))
        })
        .take(MAX_FACTS)
        .collect();
    (!kept.is_empty()).then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const LIMITS: crate::package::spec::Limits = crate::package::spec::Limits {
        cpu_ms: 1000,
        wall_ms: 3000,
        memory_kb: 65536,
        output_bytes: 65536,
        processes: 16,
    };

    fn raw(status: RunnerStatus, cpu_ms: f64, event: Value) -> RawResult {
        RawResult {
            status,
            event,
            cpu_ms,
            wall_ms: cpu_ms,
            memory_kb: 1000,
        }
    }

    fn verdict_of(status: RunnerStatus, cpu_ms: f64, event: Value) -> Option<Verdict> {
        case_outcome(&raw(status, cpu_ms, event), &LIMITS).map(|(verdict, _, _)| verdict)
    }

    #[test]
    fn a_returned_value_or_a_clean_exit_is_compared() {
        assert_eq!(verdict_of(RunnerStatus::Returned, 5.0, json!({})), None);
        assert_eq!(
            verdict_of(RunnerStatus::Exited, 5.0, json!({"code": 0})),
            None
        );
    }

    #[test]
    fn each_status_settles_its_verdict() {
        let cases = [
            (
                RunnerStatus::Raised,
                json!({"exception": {"type": "KeyError"}}),
                Verdict::RuntimeError,
            ),
            (
                RunnerStatus::Exited,
                json!({"code": 3}),
                Verdict::RuntimeError,
            ),
            (
                RunnerStatus::CpuLimit,
                json!({}),
                Verdict::TimeLimitExceeded,
            ),
            (RunnerStatus::WallCap, json!({}), Verdict::TimeLimitExceeded),
            (
                RunnerStatus::SupervisorTimeout,
                json!({}),
                Verdict::TimeLimitExceeded,
            ),
            (
                RunnerStatus::MemoryLimit,
                json!({}),
                Verdict::MemoryLimitExceeded,
            ),
            (
                RunnerStatus::MemoryError,
                json!({}),
                Verdict::MemoryLimitExceeded,
            ),
            (
                RunnerStatus::OutputLimit,
                json!({}),
                Verdict::OutputLimitExceeded,
            ),
            (
                RunnerStatus::Signaled,
                json!({"signal": 11}),
                Verdict::RuntimeError,
            ),
            (
                RunnerStatus::NoReport,
                json!({"code": 0}),
                Verdict::RuntimeError,
            ),
            (
                RunnerStatus::Anomaly,
                json!({"message": "a long line"}),
                Verdict::RuntimeError,
            ),
            (
                RunnerStatus::Internal,
                json!({"message": "broke"}),
                Verdict::InternalError,
            ),
        ];
        for (status, event, expected) in cases {
            assert_eq!(verdict_of(status, 5.0, event), Some(expected), "{status}");
        }
    }

    #[test]
    fn over_the_cpu_limit_an_answer_or_a_crash_is_a_time_limit() {
        let over = LIMITS.cpu_ms as f64 + 1.0;
        assert_eq!(
            verdict_of(RunnerStatus::Returned, over, json!({})),
            Some(Verdict::TimeLimitExceeded)
        );
        assert_eq!(
            verdict_of(RunnerStatus::Exited, over, json!({"code": 0})),
            Some(Verdict::TimeLimitExceeded)
        );
        assert_eq!(
            verdict_of(RunnerStatus::Raised, over, json!({})),
            Some(Verdict::TimeLimitExceeded)
        );
        // A memory verdict stays what it is.
        assert_eq!(
            verdict_of(RunnerStatus::MemoryLimit, over, json!({})),
            Some(Verdict::MemoryLimitExceeded)
        );
    }

    #[test]
    fn a_candidate_never_makes_the_judge_blame_itself() {
        for status in [
            RunnerStatus::Anomaly,
            RunnerStatus::NoReport,
            RunnerStatus::Signaled,
        ] {
            let (verdict, _, _) = case_outcome(&raw(status, 1.0, json!({})), &LIMITS).unwrap();
            assert_ne!(verdict, Verdict::InternalError, "{status}");
            assert_ne!(
                load_failure(&raw(status, 1.0, json!({})), &LIMITS).verdict,
                Verdict::InternalError,
                "{status}"
            );
        }
    }

    #[test]
    fn a_load_check_failure_is_the_whole_submissions() {
        let cases = [
            (RunnerStatus::Raised, Verdict::CompileError),
            (RunnerStatus::CpuLimit, Verdict::TimeLimitExceeded),
            (RunnerStatus::WallCap, Verdict::TimeLimitExceeded),
            (RunnerStatus::MemoryLimit, Verdict::MemoryLimitExceeded),
            (RunnerStatus::OutputLimit, Verdict::OutputLimitExceeded),
            (RunnerStatus::Signaled, Verdict::CompileError),
            (RunnerStatus::NoReport, Verdict::CompileError),
            (RunnerStatus::Anomaly, Verdict::RuntimeError),
            (RunnerStatus::Internal, Verdict::InternalError),
        ];
        for (status, expected) in cases {
            assert_eq!(
                load_failure(&raw(status, 1.0, json!({})), &LIMITS).verdict,
                expected,
                "{status}"
            );
        }
    }

    #[test]
    fn runner_status_words_parse_and_unknown_ones_are_internal() {
        assert_eq!(RunnerStatus::parse("ok"), RunnerStatus::Loaded);
        assert_eq!(RunnerStatus::parse("tle"), RunnerStatus::CpuLimit);
        assert_eq!(RunnerStatus::parse("wall"), RunnerStatus::WallCap);
        assert_eq!(RunnerStatus::parse("no_report"), RunnerStatus::NoReport);
        assert_eq!(RunnerStatus::parse("anything else"), RunnerStatus::Internal);
    }
}
