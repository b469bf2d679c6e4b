//! Verdicts, case results, and how case results combine into a submission's verdict.

use serde::{Deserialize, Serialize};

use crate::package::spec::Group;

/// The judgement of one case or of a whole submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Accepted: the observation matches the expected answer.
    #[serde(rename = "AC")]
    Accepted,
    /// Wrong answer: the observation differs from the expected answer.
    #[serde(rename = "WA")]
    WrongAnswer,
    /// CPU time over the limit, or wall time over its cap.
    #[serde(rename = "TLE")]
    TimeLimitExceeded,
    /// Memory over the limit.
    #[serde(rename = "MLE")]
    MemoryLimitExceeded,
    /// Output over the limit.
    #[serde(rename = "OLE")]
    OutputLimitExceeded,
    /// An uncaught exception, a crash or a non-zero exit.
    #[serde(rename = "RE")]
    RuntimeError,
    /// The submission does not load (syntax error, import error, exception at import).
    #[serde(rename = "CE")]
    CompileError,
    /// The judge's own failure, never blamed on the candidate.
    #[serde(rename = "IE")]
    InternalError,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Accepted => "AC",
            Verdict::WrongAnswer => "WA",
            Verdict::TimeLimitExceeded => "TLE",
            Verdict::MemoryLimitExceeded => "MLE",
            Verdict::OutputLimitExceeded => "OLE",
            Verdict::RuntimeError => "RE",
            Verdict::CompileError => "CE",
            Verdict::InternalError => "IE",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::WrongAnswer => "wrong answer",
            Verdict::TimeLimitExceeded => "time limit exceeded",
            Verdict::MemoryLimitExceeded => "memory limit exceeded",
            Verdict::OutputLimitExceeded => "output limit exceeded",
            Verdict::RuntimeError => "runtime error",
            Verdict::CompileError => "compile error",
            Verdict::InternalError => "internal error",
        }
    }

    /// Parses a verdict code (`AC`, `WA`, ...).
    pub fn from_code(code: &str) -> Option<Verdict> {
        Some(match code {
            "AC" => Verdict::Accepted,
            "WA" => Verdict::WrongAnswer,
            "TLE" => Verdict::TimeLimitExceeded,
            "MLE" => Verdict::MemoryLimitExceeded,
            "OLE" => Verdict::OutputLimitExceeded,
            "RE" => Verdict::RuntimeError,
            "CE" => Verdict::CompileError,
            "IE" => Verdict::InternalError,
            _ => return None,
        })
    }
}

/// The result of one case; `verdict` is `None` for a case that was skipped.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseResult {
    pub name: String,
    pub group: Group,
    #[serde(
        serialize_with = "verdict_or_skipped",
        deserialize_with = "verdict_or_skipped_back"
    )]
    pub verdict: Option<Verdict>,
    pub points: u64,
    pub cpu_ms: f64,
    pub wall_ms: f64,
    pub memory_kb: u64,
    pub message: String,
    /// A traceback or a diff: shown below the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// What the candidate printed on stdout, capped: failing sample cases only (a hidden
    /// case's output could repeat its input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stdout: Option<String>,
    /// What the candidate printed on stderr, capped: failing sample cases only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stderr: Option<String>,
    /// Named facts the harness attached to the observation (`queries: 4`), capped: failing
    /// sample cases only, never used for a verdict (they come from the candidate's process).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<serde_json::Map<String, serde_json::Value>>,
    /// The score a Kattis output validator gave the case (its score.txt), where it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The longest time one callback blocked the event loop, where the package watches it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_loop_ms: Option<f64>,
}

impl CaseResult {
    /// `group/name`, as reports show a case.
    pub fn label(&self) -> String {
        format!("{}/{}", self.group.name(), self.name)
    }
}

fn verdict_or_skipped<S: serde::Serializer>(
    verdict: &Option<Verdict>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match verdict {
        Some(verdict) => verdict.serialize(serializer),
        None => serializer.serialize_str("skipped"),
    }
}

fn verdict_or_skipped_back<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Verdict>, D::Error> {
    let code = String::deserialize(deserializer)?;
    if code == "skipped" {
        return Ok(None);
    }
    Verdict::from_code(&code)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown verdict {code:?}")))
}

impl CaseResult {
    pub fn skipped(name: &str, group: Group) -> CaseResult {
        CaseResult {
            name: name.to_string(),
            group,
            verdict: None,
            points: 0,
            cpu_ms: 0.0,
            wall_ms: 0.0,
            memory_kb: 0,
            message: "skipped".into(),
            details: None,
            stdout: None,
            stderr: None,
            facts: None,
            score: None,
            event_loop_ms: None,
        }
    }

    pub fn failed(&self) -> bool {
        matches!(self.verdict, Some(verdict) if verdict != Verdict::Accepted)
    }
}

/// A verdict that applies to the whole submission rather than to one case.
#[derive(Debug, Clone)]
pub struct WholeSubmission {
    pub verdict: Verdict,
    pub message: String,
    pub details: Option<String>,
}

/// The overall verdict: AC when every case is AC; CE or IE when they apply to the whole
/// submission; else the verdict of the first failing case in test order.
pub fn overall(whole: Option<&WholeSubmission>, cases: &[CaseResult]) -> Verdict {
    if let Some(whole) = whole {
        return whole.verdict;
    }
    if cases.is_empty() {
        return Verdict::InternalError;
    }
    cases
        .iter()
        .find_map(|case| match case.verdict {
            Some(Verdict::Accepted) => None,
            Some(verdict) => Some(verdict),
            None => Some(Verdict::InternalError),
        })
        .unwrap_or(Verdict::Accepted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(name: &str, verdict: Option<Verdict>) -> CaseResult {
        CaseResult {
            verdict,
            ..CaseResult::skipped(name, Group::Secret)
        }
    }

    #[test]
    fn all_accepted_is_accepted() {
        let cases = [
            case("a", Some(Verdict::Accepted)),
            case("b", Some(Verdict::Accepted)),
        ];
        assert_eq!(overall(None, &cases), Verdict::Accepted);
    }

    #[test]
    fn the_first_failing_case_decides() {
        let cases = [
            case("a", Some(Verdict::Accepted)),
            case("b", Some(Verdict::TimeLimitExceeded)),
            case("c", Some(Verdict::WrongAnswer)),
        ];
        assert_eq!(overall(None, &cases), Verdict::TimeLimitExceeded);
    }

    #[test]
    fn a_whole_submission_verdict_wins() {
        let whole = WholeSubmission {
            verdict: Verdict::CompileError,
            message: String::new(),
            details: None,
        };
        assert_eq!(overall(Some(&whole), &[]), Verdict::CompileError);
    }

    #[test]
    fn no_cases_is_the_judges_failure() {
        assert_eq!(overall(None, &[]), Verdict::InternalError);
    }

    #[test]
    fn codes_round_trip() {
        for code in ["AC", "WA", "TLE", "MLE", "OLE", "RE", "CE", "IE"] {
            assert_eq!(Verdict::from_code(code).unwrap().code(), code);
        }
    }
}
