//! The report of `grade` (many candidates against a set): human, JSON, JUnit, Markdown and
//! CSV.

use std::fmt::Write as _;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus};

use crate::grade::{GradeReport, PairResult, PairStatus};
use crate::judging::verdict::Verdict;

use super::escape::{csv_field, markdown_cell, terminal_line};
use super::table::{Cell, Column, Table};
use super::{first_line, json_document, junit_xml, Tone};

/// The report as a reader sees it: in each pair's messages, the name the sandbox compiled
/// the source under replaced by the candidate's file, so that `path:line:column` leads to
/// the line. Done when the report is written, never in a result (identical files of two
/// candidates share one cache entry).
fn as_submitted(report: &GradeReport) -> GradeReport {
    let mut shown = report.clone();
    for result in &mut shown.results {
        let Some(submission) = result.submission.clone() else {
            continue;
        };
        let swap = |text: &str| text.replace(crate::sandbox::SOURCE_NAME, &submission);
        result.message = result.message.as_deref().map(swap);
        for case in &mut result.cases {
            case.message = swap(&case.message);
            case.details = case.details.as_deref().map(swap);
        }
    }
    shown
}

fn cell(result: &PairResult) -> String {
    match result.status {
        PairStatus::NotSubmitted => "-".into(),
        PairStatus::Error => "ERROR".into(),
        PairStatus::Judged => format!(
            "{} {}/{}",
            result.verdict.map_or("?", Verdict::code),
            result.score,
            result.max_score
        ),
    }
}

fn results_by_pair(report: &GradeReport) -> std::collections::HashMap<(&str, &str), &PairResult> {
    report
        .results
        .iter()
        .map(|result| {
            (
                (result.candidate.as_str(), result.challenge.as_str()),
                result,
            )
        })
        .collect()
}

/// The human grade report: candidates x challenges, totals and rank; each failing cell's
/// first failing case below the table.
pub fn grade_human(report: &GradeReport, colour: bool) -> String {
    let report = &as_submitted(report);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): {} candidates x {} challenges{}{}",
        report.set.title,
        report.set.name,
        report.candidates.len(),
        report.set.challenges.len(),
        report
            .partition
            .as_ref()
            .map(|p| format!(", shard {p}"))
            .unwrap_or_default(),
        if report.complete { "" } else { ", INCOMPLETE" }
    );
    let _ = writeln!(out);
    let by_pair = results_by_pair(report);
    let mut columns = vec![Column::left("RANK"), Column::left("CANDIDATE")];
    columns.extend(
        report
            .set
            .challenges
            .iter()
            .map(|slug| Column::left(terminal_line(slug)).at_least(1)),
    );
    columns.push(Column::left("TOTAL"));
    let mut table = Table::new("", columns);
    for candidate in &report.candidates {
        let mut cells = vec![
            Cell::plain(candidate.rank.to_string()),
            Cell::plain(terminal_line(&candidate.name)),
        ];
        cells.extend(report.set.challenges.iter().map(|slug| {
            match by_pair.get(&(candidate.name.as_str(), slug.as_str())) {
                Some(result) if result.status != PairStatus::NotSubmitted => {
                    Cell::painted(cell(result), Tone::of(result.verdict))
                }
                Some(result) => Cell::plain(cell(result)),
                None => Cell::plain(""),
            }
        }));
        cells.push(Cell::plain(format!(
            "{}/{}",
            candidate.score, candidate.max_score
        )));
        table.row(cells);
    }
    out.push_str(&table.render(colour));
    let failing: Vec<_> = report
        .results
        .iter()
        .filter(|result| {
            result.status != PairStatus::NotSubmitted && result.verdict != Some(Verdict::Accepted)
        })
        .collect();
    if !failing.is_empty() {
        let _ = writeln!(out, "\nfailing pairs:");
        for result in failing {
            let detail = match result.first_failure() {
                Some(case) => format!(
                    "{} on {}: {}",
                    case.verdict.map_or("skipped", Verdict::code),
                    case.label(),
                    first_line(&case.message)
                ),
                None => format!(
                    "{}: {}",
                    result.verdict.map_or("ERROR", Verdict::code),
                    first_line(result.message.as_deref().unwrap_or_default())
                ),
            };
            let _ = writeln!(
                out,
                "  {} / {}: {}",
                terminal_line(&result.candidate),
                terminal_line(&result.challenge),
                terminal_line(&detail)
            );
        }
    }
    if !report.unknown_files.is_empty() {
        let _ = writeln!(
            out,
            "\nskipped files that match no challenge of the set: {}",
            report
                .unknown_files
                .iter()
                .map(|file| terminal_line(file))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let judged = report
        .results
        .iter()
        .filter(|result| result.status == PairStatus::Judged)
        .count();
    let cached = report.results.iter().filter(|result| result.cached).count();
    let _ = writeln!(
        out,
        "\n{judged} pairs judged ({cached} from the cache), {} not submitted; pyjudge {}, Python {}, sandbox: {}, {}",
        report.results.iter().filter(|result| result.status == PairStatus::NotSubmitted).count(),
        report.environment.pyjudge_version,
        report.environment.python_version,
        report.environment.sandbox,
        report.environment.cpu_model
    );
    if !report.complete {
        let _ = writeln!(
            out,
            "the run was interrupted or is missing shards: this report is incomplete"
        );
    }
    out
}

/// The grade report as one JSON document (the format `report merge` reads back).
pub fn grade_json(report: &GradeReport) -> String {
    let report = &as_submitted(report);
    json_document(report)
}

/// JUnit XML: a testsuite per candidate, a testcase per challenge.
pub fn grade_junit(report: &GradeReport) -> String {
    let report = &as_submitted(report);
    let suites = report
        .candidates
        .iter()
        .map(|candidate| {
            let results: Vec<&PairResult> = report
                .results
                .iter()
                .filter(|result| result.candidate == candidate.name)
                .collect();
            let time_ms = results.iter().map(|result| result.time_ms).sum();
            let cases = results.into_iter().map(grade_case).collect();
            junit_xml::suite(&candidate.name, Some(time_ms), cases)
        })
        .collect();
    let total_ms = report.results.iter().map(|result| result.time_ms).sum();
    junit_xml::document(&report.set.name, Some(total_ms), suites)
}

/// One pair as a testcase: passed, skipped (not submitted), an error of the judge, or a
/// failure with the verdict and the first failing case.
fn grade_case(result: &PairResult) -> TestCase {
    let message = result.message.clone().unwrap_or_default();
    let status = match (result.status, result.verdict) {
        (PairStatus::Judged, Some(Verdict::Accepted)) => TestCaseStatus::success(),
        (PairStatus::NotSubmitted, _) => junit_xml::skipped(Some("not submitted")),
        (PairStatus::Error, _) => {
            junit_xml::non_success(NonSuccessKind::Error, None, &message, None)
        }
        (_, verdict) => {
            let code = verdict.map_or("IE", Verdict::code);
            let detail = result
                .first_failure()
                .map(|case| {
                    format!(
                        "{} on {}: {}",
                        case.verdict.map_or("skipped", Verdict::code),
                        case.label(),
                        case.message
                    )
                })
                .unwrap_or(message);
            junit_xml::failure(
                code,
                &first_line(&detail),
                &format!("{code} {}/{}\n{detail}", result.score, result.max_score),
            )
        }
    };
    junit_xml::case(
        &result.candidate,
        &result.challenge,
        Some(result.time_ms),
        status,
    )
}

/// A Markdown leaderboard, for a pull request comment or a wiki page.
pub fn grade_markdown(report: &GradeReport) -> String {
    let report = &as_submitted(report);
    let by_pair = results_by_pair(report);
    let mut out = format!(
        "## {} ({})\n\n",
        markdown_cell(&report.set.title),
        markdown_cell(&report.set.name)
    );
    if !report.complete {
        out.push_str("> **Incomplete:** the run was interrupted or shards are missing.\n\n");
    }
    let _ = write!(out, "| Rank | Candidate | Score |");
    for slug in &report.set.challenges {
        let _ = write!(out, " {} |", markdown_cell(slug));
    }
    out.push_str("\n| ---: | --- | ---: |");
    for _ in &report.set.challenges {
        out.push_str(" :---: |");
    }
    out.push('\n');
    for candidate in &report.candidates {
        let _ = write!(
            out,
            "| {} | {} | {}/{} |",
            candidate.rank,
            markdown_cell(&candidate.name),
            candidate.score,
            candidate.max_score
        );
        for slug in &report.set.challenges {
            let text = by_pair
                .get(&(candidate.name.as_str(), slug.as_str()))
                .map(|result| cell(result))
                .unwrap_or_default();
            let _ = write!(out, " {} |", markdown_cell(&text));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n<sub>pyjudge {}, Python {}, sandbox: {}, {}</sub>",
        report.environment.pyjudge_version,
        report.environment.python_version,
        report.environment.sandbox,
        report.environment.cpu_model
    );
    out
}

/// CSV, one row per (candidate, challenge) pair.
pub fn grade_csv(report: &GradeReport) -> String {
    let report = &as_submitted(report);
    let mut out = String::from(
        "candidate,rank,challenge,status,verdict,score,max_score,cached,time_ms,message\n",
    );
    let ranks: std::collections::HashMap<&str, usize> = report
        .candidates
        .iter()
        .map(|candidate| (candidate.name.as_str(), candidate.rank))
        .collect();
    for result in &report.results {
        let status = serde_json::to_value(result.status)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_default();
        let fields = [
            result.candidate.clone(),
            ranks
                .get(result.candidate.as_str())
                .map(usize::to_string)
                .unwrap_or_default(),
            result.challenge.clone(),
            status,
            result
                .verdict
                .map(|verdict| verdict.code().to_string())
                .unwrap_or_default(),
            result.score.to_string(),
            result.max_score.to_string(),
            result.cached.to_string(),
            format!("{:.1}", result.time_ms),
            first_line(result.message.as_deref().unwrap_or_default()),
        ];
        let line: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
        let _ = writeln!(out, "{}", line.join(","));
    }
    out
}
