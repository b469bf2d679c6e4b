//! The report of `check` (authors' packages against their own expectations): human, JSON
//! and JUnit.

use std::fmt::Write as _;

use serde_json::json;

use crate::verdict::Verdict;

use super::escape::terminal_line;
use super::{paint, width_of, xml_escape};

/// `pyjudge check` for people: per package OK, or each failed expectation.
pub fn check_human(checks: &[crate::check::PackageCheck], colour: bool) -> String {
    let mut out = String::new();
    let width = checks
        .iter()
        .map(|check| width_of(&terminal_line(&check.slug)))
        .max()
        .unwrap_or(4);
    for check in checks {
        let status = if check.ok {
            paint("OK", Some(Verdict::Accepted), colour)
        } else if !check.readable {
            paint("UNREADABLE", Some(Verdict::InternalError), colour)
        } else {
            paint("FAILED", Some(Verdict::WrongAnswer), colour)
        };
        let _ = writeln!(
            out,
            "{:<width$}  {status}  ({} cases, {} submissions, {:.1} s)",
            terminal_line(&check.slug),
            check.cases,
            check.submissions.len(),
            check.time_ms / 1000.0
        );
        for note in &check.notes {
            let _ = writeln!(out, "    note: {}", terminal_line(note));
        }
        for problem in &check.problems {
            let mut subject = Vec::new();
            if let Some(submission) = &problem.submission {
                subject.push(submission.clone());
            }
            if let Some(case) = &problem.case {
                subject.push(case.clone());
            }
            let prefix = if subject.is_empty() {
                String::new()
            } else {
                format!("{}: ", subject.join(" on "))
            };
            let _ = writeln!(
                out,
                "    - {}{}",
                terminal_line(&prefix),
                terminal_line(&problem.message)
            );
        }
    }
    let failed = checks.iter().filter(|check| !check.ok).count();
    let _ = writeln!(
        out,
        "\n{} packages checked, {} OK, {} failed",
        checks.len(),
        checks.len() - failed,
        failed
    );
    out
}

/// `pyjudge check --format json`.
pub fn check_json(checks: &[crate::check::PackageCheck]) -> String {
    let ok = checks.iter().all(|check| check.ok);
    serde_json::to_string_pretty(&json!({"ok": ok, "packages": checks}))
        .expect("plain values serialize")
        + "\n"
}

/// `pyjudge check --format junit`: a testsuite per package, a testcase per expectation.
pub fn check_junit(checks: &[crate::check::PackageCheck]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let tests: usize = checks.iter().map(|check| check.submissions.len() + 1).sum();
    let failures: usize = checks.iter().map(|check| check.problems.len()).sum();
    let _ = writeln!(
        out,
        "<testsuites name=\"pyjudge check\" tests=\"{tests}\" failures=\"{failures}\">"
    );
    for check in checks {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" time=\"{:.3}\">",
            xml_escape(&check.slug),
            check.submissions.len() + 1,
            check.problems.len(),
            check.time_ms / 1000.0
        );
        let package_problems: Vec<_> = check
            .problems
            .iter()
            .filter(|problem| problem.submission.is_none())
            .collect();
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"package\"",
            xml_escape(&check.slug)
        );
        if package_problems.is_empty() {
            out.push_str("/>\n");
        } else {
            out.push_str(">\n");
            for problem in package_problems {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\"/>",
                    xml_escape(&problem.message)
                );
            }
            out.push_str("    </testcase>\n");
        }
        for submission in &check.submissions {
            let problems: Vec<_> = check
                .problems
                .iter()
                .filter(|problem| {
                    problem.submission.as_deref() == Some(submission.submission.as_str())
                })
                .collect();
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml_escape(&check.slug),
                xml_escape(&submission.submission)
            );
            if problems.is_empty() {
                out.push_str("/>\n");
            } else {
                out.push_str(">\n");
                for problem in problems {
                    let _ = writeln!(
                        out,
                        "      <failure message=\"{}\"/>",
                        xml_escape(&problem.message)
                    );
                }
                out.push_str("    </testcase>\n");
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{PackageCheck, Problem};

    #[test]
    fn check_human_escapes_submission_names_and_messages() {
        let check = PackageCheck {
            package: "challenges/double".into(),
            slug: "double".into(),
            readable: true,
            ok: false,
            problems: vec![Problem {
                submission: Some("run_time_error/\x1b[2Kx.py".into()),
                case: Some("sample/01-one".into()),
                expected: Some("RE".into()),
                actual: Some("WA".into()),
                message: "expected RE, got WA: \rdouble  OK\x07\u{202e}".into(),
            }],
            submissions: Vec::new(),
            cases: 13,
            time_ms: 10.0,
            notes: vec!["skipped \x1b]0;title\x07notes.txt".into()],
        };
        let text = check_human(&[check], false);
        assert!(!text.contains(['\x1b', '\x07', '\r', '\u{202e}']), "{text}");
        assert!(
            text.contains(
                "    - run_time_error/\\x1b[2Kx.py on sample/01-one: expected RE, got WA: \\rdouble  OK\\x07\\u{202e}\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("    note: skipped \\x1b]0;title\\x07notes.txt\n"),
            "{text}"
        );
    }
}
