//! The report of one submission (`submit`): a human table, JSON and JUnit.

use std::fmt::Write as _;

/// The line under a `--samples-only` verdict. `watch` leaves it out: it runs the hidden
/// cases itself once the samples pass.
pub const SAMPLES_ONLY_HINT: &str =
    "hint: only the sample cases ran; run without --samples-only to judge the hidden cases";

use quick_junit::TestCaseStatus;

use crate::judge::SubmissionReport;
use crate::judging::outcome::STANDARD_LIBRARY_HINT;
use crate::judging::verdict::Verdict;
use crate::sandbox::SOURCE_NAME;

use super::escape::{terminal_block, terminal_line};
use super::table::{Cell, Column, Table};
use super::{first_line, indent, json_document, junit_xml, memory, paint, time, Tone};

/// The human report of one submission: a table, the verdict, the first failure's details.
pub fn human(report: &SubmissionReport, colour: bool) -> String {
    let report = &as_submitted(report);
    let mut out = super::title_line(&report.challenge, &report.title, &report.submission);
    let _ = writeln!(out);
    // Where the whole submission failed (it does not load), no case ran: rows of skipped
    // cases would only bury the one message that matters.
    let rows: Vec<_> = report
        .cases
        .iter()
        .filter(|case| report.message.is_none() || case.verdict.is_some())
        .collect();
    if !rows.is_empty() {
        let mut table = Table::new(
            "  ",
            vec![
                Column::left("CASE"),
                Column::left("VERDICT"),
                Column::right("CPU").at_least(8),
                Column::right("MEMORY").at_least(8),
                Column::left("MESSAGE"),
            ],
        );
        for case in rows {
            table.row(vec![
                Cell::plain(terminal_line(&case.label())),
                Cell::painted(
                    case.verdict.map_or("skipped", Verdict::code),
                    Tone::of(case.verdict),
                ),
                Cell::plain(time(case.cpu_ms, case.verdict)),
                Cell::plain(memory(case.memory_kb)),
                Cell::plain(terminal_line(&first_line(&case.message))),
            ]);
        }
        out.push_str(&table.render(colour));
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "verdict: {} ({}){}   score: {}/{}",
        paint(
            report.verdict.code(),
            Tone::of(Some(report.verdict)),
            colour
        ),
        report.verdict.description(),
        if report.samples_only {
            " on the samples only"
        } else {
            ""
        },
        report.score,
        report.max_score
    );
    if report.samples_only {
        let _ = writeln!(out, "{SAMPLES_ONLY_HINT}");
    }
    if let Some(message) = &report.message {
        let _ = writeln!(out, "{}", terminal_lines(message));
    }
    if let Some(details) = &report.details {
        let details = without_repeats(details, report.message.as_deref().unwrap_or_default());
        if !details.trim().is_empty() {
            let _ = writeln!(out, "\n{}", indent(&terminal_block(&details)));
        }
    }
    if let Some(failed) = report.cases.iter().find(|case| case.failed()) {
        let _ = writeln!(
            out,
            "\nfirst failing case: {} ({}){}",
            terminal_line(&failed.label()),
            failed.verdict.map_or("skipped", Verdict::description),
            if failed.message.is_empty() {
                String::new()
            } else {
                format!(": {}", terminal_lines(&failed.message))
            }
        );
        if let Some(details) = &failed.details {
            let _ = writeln!(out, "{}", indent(&terminal_block(details)));
        }
        if let Some(facts) = &failed.facts {
            let listed: Vec<String> = facts
                .iter()
                .map(|(name, value)| format!("{name}: {}", value.as_str().unwrap_or_default()))
                .collect();
            let _ = writeln!(
                out,
                "{}",
                indent(&terminal_line(&format!("harness: {}", listed.join(", "))))
            );
        }
        for (stream, text) in [("stdout", &failed.stdout), ("stderr", &failed.stderr)] {
            if let Some(text) = text {
                let _ = writeln!(
                    out,
                    "{}",
                    indent(&terminal_block(&format!("{stream}:\n{text}")))
                );
            }
        }
    }
    if let Some(record) = report
        .sandbox
        .as_ref()
        .filter(|record| record.accounting == "approximate")
    {
        let reason = record
            .layers
            .cgroups
            .reason
            .as_deref()
            .unwrap_or("no reason given");
        let _ = writeln!(
            out,
            "\nCPU and memory are approximate: no control group accounts the case ({}); \
             time spent in processes the kernel reaped between polls is missed",
            terminal_line(reason)
        );
    }
    out
}

/// One JSON document for one submission.
pub fn json(report: &SubmissionReport) -> String {
    json_document(&as_submitted(report))
}

/// The report as the candidate reads it: the name the sandbox compiled the source under
/// replaced by the path the candidate gave, so that `path:line:column` leads an editor to
/// the line. Done here, when the report is shown, and never in a stored result: identical
/// files of two candidates share one entry of grade's cache.
fn as_submitted(report: &SubmissionReport) -> SubmissionReport {
    let swap = |text: &str| text.replace(SOURCE_NAME, &report.submission);
    let mut shown = report.clone();
    shown.message = report.message.as_deref().map(swap);
    shown.details = report.details.as_deref().map(swap);
    for case in &mut shown.cases {
        case.message = swap(&case.message);
        case.details = case.details.as_deref().map(swap);
        case.stderr = case.stderr.as_deref().map(swap);
    }
    shown
}

/// A message, escaped on one line, and the judge's own hint line under it where it has one
/// (a split only there: a newline of the candidate's stays escaped, so it cannot fake a line).
fn terminal_lines(message: &str) -> String {
    match message.rsplit_once(&format!("\n{STANDARD_LIBRARY_HINT}")) {
        Some((head, hint)) => format!(
            "{}\n{STANDARD_LIBRARY_HINT}{}",
            terminal_line(head),
            terminal_line(hint)
        ),
        None => terminal_line(message),
    }
}

/// `details` without the lines that repeat the end of the message's first line (the
/// exception's own line under a traceback, which the message already says).
fn without_repeats(details: &str, message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    details
        .lines()
        .filter(|line| {
            let line = line.trim();
            !(line.contains(": ") && first.ends_with(line))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// JUnit XML: one testsuite for the submission, one testcase per case.
pub fn junit(report: &SubmissionReport) -> String {
    let report = &as_submitted(report);
    let cases = report
        .cases
        .iter()
        .map(|case| {
            let status = match case.verdict {
                Some(Verdict::Accepted) => TestCaseStatus::success(),
                None => junit_xml::skipped(None),
                Some(verdict) => junit_xml::failure(
                    verdict.code(),
                    &case.message,
                    case.details.as_deref().unwrap_or(&case.message),
                ),
            };
            let mut test_case =
                junit_xml::case(&report.challenge, &case.label(), Some(case.wall_ms), status);
            // A failing sample's output, where CI tools show a test's output.
            if let Some(stdout) = &case.stdout {
                test_case.set_system_out(junit_xml::text(stdout));
            }
            if let Some(stderr) = &case.stderr {
                test_case.set_system_err(junit_xml::text(stderr));
            }
            test_case
        })
        .collect();
    let total_ms: f64 = report.cases.iter().map(|case| case.wall_ms).sum();
    let mut suite = junit_xml::suite(&report.challenge, Some(total_ms), cases);
    if report.samples_only {
        // Only the sample cases ran: a CI reading the suite must not take it for a full run.
        suite.add_property(("samples_only", "true"));
    }
    if let Some(message) = &report.message {
        suite.set_system_out(junit_xml::text(&format!(
            "{}: {message}",
            report.verdict.code()
        )));
    }
    junit_xml::document("pyjudge", Some(total_ms), vec![suite])
}
