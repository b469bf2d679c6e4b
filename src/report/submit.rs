//! The report of one submission (`submit`): a human table, JSON and JUnit.

use std::fmt::Write as _;

use quick_junit::TestCaseStatus;

use crate::judge::SubmissionReport;
use crate::judging::verdict::Verdict;

use super::escape::{terminal_block, terminal_line};
use super::table::{Cell, Column, Table};
use super::{first_line, indent, json_document, junit_xml, memory, paint, time, Tone};

/// The human report of one submission: a table, the verdict, the first failure's details.
pub fn human(report: &SubmissionReport, colour: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): {}",
        terminal_line(&report.challenge),
        terminal_line(&report.title),
        terminal_line(&report.submission)
    );
    let _ = writeln!(out);
    if !report.cases.is_empty() {
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
        for case in &report.cases {
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
        let _ = writeln!(
            out,
            "hint: only the sample cases ran; run without --samples-only to judge the hidden cases"
        );
    }
    if let Some(message) = &report.message {
        let _ = writeln!(out, "{}", terminal_line(message));
    }
    if let Some(details) = &report.details {
        let _ = writeln!(out, "\n{}", indent(&terminal_block(details)));
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
                format!(": {}", terminal_line(&failed.message))
            }
        );
        if let Some(details) = &failed.details {
            let _ = writeln!(out, "{}", indent(&terminal_block(details)));
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
    json_document(report)
}

/// JUnit XML: one testsuite for the submission, one testcase per case.
pub fn junit(report: &SubmissionReport) -> String {
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
            junit_xml::case(&report.challenge, &case.label(), Some(case.wall_ms), status)
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
