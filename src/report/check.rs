//! The report of `check` (authors' packages against their own expectations): human, JSON
//! and JUnit.

use std::fmt::Write as _;

use serde_json::json;

use super::escape::terminal_line;
use super::table::{Cell, Column, Table};
use super::{json_document, junit_xml, Tone};

/// `pyjudge check` for people: per package OK, or each failed expectation.
pub fn check_human(checks: &[crate::check::PackageCheck], colour: bool) -> String {
    let mut table = Table::new("", vec![Column::left(""), Column::left("")]);
    for check in checks {
        let status = if check.ok {
            Cell::painted("OK", Tone::Passed)
        } else if !check.readable {
            Cell::painted("UNREADABLE", Tone::JudgeFault)
        } else {
            Cell::painted("FAILED", Tone::Failed)
        };
        table.row(vec![
            Cell::plain(terminal_line(&check.slug)),
            status.then(format!(
                "  ({} cases, {} submissions, {:.1} s)",
                check.cases,
                check.submissions.len(),
                check.time_ms / 1000.0
            )),
        ]);
        for note in &check.notes {
            table.line(format!("    note: {}", terminal_line(note)));
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
            table.line(format!(
                "    - {}{}",
                terminal_line(&prefix),
                terminal_line(&problem.message)
            ));
        }
        if let Some(mutants) = &check.mutants {
            mutants_lines(&mut table, mutants);
        }
    }
    let mut out = table.render(colour);
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

/// The mutation score of a package and each survivor, with its line, column and mutation.
fn mutants_lines(table: &mut Table, mutants: &crate::mutants::MutationReport) {
    let by_verdict: Vec<String> = mutants
        .killed_by
        .iter()
        .map(|(verdict, count)| format!("{verdict} {count}"))
        .collect();
    // A mutant that ended IE is no kill: the judge broke (the problems name each one).
    let internal = match mutants.internal_errors.len() {
        0 => String::new(),
        count => format!(", {count} ended IE (not kills)"),
    };
    table.line(format!(
        "    mutants of {}: {} killed of {} ({}){internal}, {} equivalent, score {:.1} %, CPU limit {} ms, {:.1} mutants/s",
        terminal_line(&mutants.reference),
        mutants.killed,
        mutants.total,
        if by_verdict.is_empty() { "none".to_string() } else { by_verdict.join(", ") },
        mutants.equivalent,
        mutants.score,
        mutants.cpu_limit_ms,
        mutants.mutants_per_second
    ));
    for survivor in &mutants.survivors {
        table.line(format!(
            "    survived: line {}, column {}: {} [{}]",
            survivor.line,
            survivor.column,
            terminal_line(&survivor.description),
            terminal_line(&survivor.id)
        ));
    }
}

/// `pyjudge check --format json`.
pub fn check_json(checks: &[crate::check::PackageCheck]) -> String {
    let ok = checks.iter().all(|check| check.ok);
    json_document(&json!({"ok": ok, "packages": checks}))
}

/// `pyjudge check --format junit`: a testsuite per package, a testcase for the package itself
/// and one per submission. A testcase holds one `<failure>`: where an expectation fails
/// several ways, their messages are joined.
pub fn check_junit(checks: &[crate::check::PackageCheck]) -> String {
    let suites = checks
        .iter()
        .map(|check| {
            let mut cases = vec![check_case(check, "package", None)];
            cases.extend(check.submissions.iter().map(|submission| {
                check_case(
                    check,
                    &submission.submission,
                    Some(submission.submission.as_str()),
                )
            }));
            junit_xml::suite(&check.slug, Some(check.time_ms), cases)
        })
        .collect();
    junit_xml::document("pyjudge check", None, suites)
}

/// The testcase `name` of a package: passing unless a problem concerns `submission` (`None`
/// for the package itself).
fn check_case(
    check: &crate::check::PackageCheck,
    name: &str,
    submission: Option<&str>,
) -> quick_junit::TestCase {
    let messages: Vec<&str> = check
        .problems
        .iter()
        .filter(|problem| problem.submission.as_deref() == submission)
        .map(|problem| problem.message.as_str())
        .collect();
    let status = if messages.is_empty() {
        quick_junit::TestCaseStatus::success()
    } else {
        junit_xml::non_success(
            quick_junit::NonSuccessKind::Failure,
            None,
            &messages.join("; "),
            (messages.len() > 1).then(|| messages.join("\n")).as_deref(),
        )
    };
    junit_xml::case(&check.slug, name, None, status)
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
            mutants: None,
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
