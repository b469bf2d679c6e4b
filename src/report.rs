//! Writing results out: the only code that prints to stdout. Human tables, JSON, JUnit.

use std::fmt::Write as _;
use std::io::IsTerminal;

use serde_json::json;

use crate::judge::SubmissionReport;
use crate::spec::{Challenge, Group};
use crate::verdict::{CaseResult, Verdict};

/// Colour only on a terminal, and never with NO_COLOR set.
pub fn use_colour() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

fn paint(text: &str, verdict: Option<Verdict>, colour: bool) -> String {
    if !colour {
        return text.to_string();
    }
    let code = match verdict {
        Some(Verdict::Accepted) => "32",
        Some(Verdict::InternalError) => "35",
        Some(_) => "31",
        None => "90",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

fn group_name(group: Group) -> &'static str {
    match group {
        Group::Sample => "sample",
        Group::Secret => "secret",
    }
}

fn case_label(case: &CaseResult) -> String {
    format!("{}/{}", group_name(case.group), case.name)
}

fn memory(kb: u64) -> String {
    if kb == 0 {
        "-".into()
    } else {
        format!("{:.1} MB", kb as f64 / 1024.0)
    }
}

fn time(ms: f64, verdict: Option<Verdict>) -> String {
    if verdict.is_none() {
        "-".into()
    } else {
        format!("{} ms", ms.round() as u64)
    }
}

/// The human report of one submission: a table, the verdict, the first failure's details.
pub fn human(report: &SubmissionReport, colour: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): {}",
        report.challenge, report.title, report.submission
    );
    let _ = writeln!(out);
    if !report.cases.is_empty() {
        let width = report
            .cases
            .iter()
            .map(|case| case_label(case).len())
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = writeln!(
            out,
            "  {:<width$}  {:<7}  {:>8}  {:>8}  MESSAGE",
            "CASE", "VERDICT", "CPU", "MEMORY"
        );
        for case in &report.cases {
            let code = case.verdict.map_or("skipped", Verdict::code);
            let padded = format!("{code:<7}");
            let _ = writeln!(
                out,
                "  {:<width$}  {}  {:>8}  {:>8}  {}",
                case_label(case),
                paint(&padded, case.verdict, colour),
                time(case.cpu_ms, case.verdict),
                memory(case.memory_kb),
                first_line(&case.message),
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "verdict: {} ({})   score: {}/{}",
        paint(report.verdict.code(), Some(report.verdict), colour),
        report.verdict.description(),
        report.score,
        report.max_score
    );
    if let Some(message) = &report.message {
        let _ = writeln!(out, "{message}");
    }
    if let Some(details) = &report.details {
        let _ = writeln!(out, "\n{}", indent(details));
    }
    if let Some(failed) = report.cases.iter().find(|case| case.failed()) {
        let _ = writeln!(
            out,
            "\nfirst failing case: {} ({}){}",
            case_label(failed),
            failed.verdict.map_or("skipped", Verdict::description),
            if failed.message.is_empty() {
                String::new()
            } else {
                format!(": {}", failed.message)
            }
        );
        if let Some(details) = &failed.details {
            let _ = writeln!(out, "{}", indent(details));
        }
    }
    out
}

fn first_line(text: &str) -> String {
    crate::compare::truncate(text.lines().next().unwrap_or_default(), 100)
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One JSON document for one submission.
pub fn json(report: &SubmissionReport) -> String {
    serde_json::to_string_pretty(report).expect("a report always serializes") + "\n"
}

pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one testsuite for the submission, one testcase per case.
pub fn junit(report: &SubmissionReport) -> String {
    let failures = report.cases.iter().filter(|case| case.failed()).count();
    let skipped = report
        .cases
        .iter()
        .filter(|case| case.verdict.is_none())
        .count();
    let total: f64 = report.cases.iter().map(|case| case.wall_ms).sum::<f64>() / 1000.0;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"pyjudge\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{total:.3}\">",
        report.cases.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{total:.3}\">",
        xml_escape(&report.challenge),
        report.cases.len()
    );
    for case in &report.cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
            xml_escape(&report.challenge),
            xml_escape(&case_label(case)),
            case.wall_ms / 1000.0
        );
        match case.verdict {
            Some(Verdict::Accepted) => out.push_str("/>\n"),
            None => out.push_str(">\n      <skipped/>\n    </testcase>\n"),
            Some(verdict) => {
                let _ = write!(
                    out,
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                    verdict.code(),
                    xml_escape(&format!("{}: {}", verdict.code(), case.message)),
                    xml_escape(case.details.as_deref().unwrap_or(&case.message))
                );
            }
        }
    }
    if let Some(message) = &report.message {
        let _ = writeln!(
            out,
            "    <system-out>{}</system-out>",
            xml_escape(&format!("{}: {message}", report.verdict.code()))
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// `pyjudge list` as a table.
pub fn list_human(challenges: &[Challenge]) -> String {
    if challenges.is_empty() {
        return "no challenges\n".into();
    }
    let width = challenges
        .iter()
        .map(|c| c.slug.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let topic_width = challenges
        .iter()
        .map(|c| c.topic.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut out = format!(
        "{:<width$}  {:<topic_width$}  {:<10}  {:<8}  TITLE\n",
        "SLUG", "TOPIC", "DIFFICULTY", "KIND"
    );
    for challenge in challenges {
        let _ = writeln!(
            out,
            "{:<width$}  {:<topic_width$}  {:<10}  {:<8}  {}",
            challenge.slug,
            challenge.topic,
            challenge.difficulty.as_str(),
            challenge.kind.as_str(),
            challenge.title
        );
    }
    out
}

/// `pyjudge list --format json`: an array of {slug, title, topic, difficulty, kind}.
pub fn list_json(challenges: &[Challenge]) -> String {
    let items: Vec<_> = challenges
        .iter()
        .map(|challenge| {
            json!({
                "slug": challenge.slug,
                "title": challenge.title,
                "topic": challenge.topic,
                "difficulty": challenge.difficulty.as_str(),
                "kind": challenge.kind.as_str(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("plain values serialize") + "\n"
}

/// `pyjudge show`: the limits, then the statement.
pub fn show(challenge: &Challenge, statement: &str) -> String {
    let limits = &challenge.limits;
    let samples = challenge
        .cases
        .iter()
        .filter(|case| case.group == Group::Sample)
        .count();
    let secret = challenge.cases.len() - samples;
    format!(
        "{} ({}, {}, {})\nlimits: {} ms CPU per case (wall cap {} ms), {} MB memory, {} KB output\ncases: {samples} sample, {secret} secret{}\n\n{}\n",
        challenge.title,
        challenge.topic,
        challenge.difficulty.as_str(),
        challenge.kind.as_str(),
        limits.cpu_ms,
        limits.wall_ms,
        limits.memory_kb / 1024,
        limits.output_bytes / 1024,
        if challenge.generator.is_some() { " (plus generated secret cases)" } else { "" },
        statement.trim_end()
    )
}

/// `pyjudge check` for people: per package OK, or each failed expectation.
pub fn check_human(checks: &[crate::check::PackageCheck], colour: bool) -> String {
    let mut out = String::new();
    let width = checks
        .iter()
        .map(|check| check.slug.len())
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
            check.slug,
            check.cases,
            check.submissions.len(),
            check.time_ms / 1000.0
        );
        for note in &check.notes {
            let _ = writeln!(out, "    note: {note}");
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
            let _ = writeln!(out, "    - {prefix}{}", problem.message);
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
