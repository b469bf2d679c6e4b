//! Writing results out: the only code that prints to stdout. Human tables, JSON, JUnit,
//! Markdown and CSV; [`escape`] makes what a candidate controls safe to show in each.

mod escape;

use std::fmt::Write as _;
use std::io::IsTerminal;

use serde_json::json;

use crate::judge::SubmissionReport;
use crate::spec::{Challenge, Group};
use crate::verdict::{CaseResult, Verdict};

use escape::{csv_field, markdown_cell, terminal_block, terminal_line};

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

/// The width of `text` in a padded column: `{:<width$}` pads by characters, not bytes.
fn width_of(text: &str) -> usize {
    text.chars().count()
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
        terminal_line(&report.challenge),
        terminal_line(&report.title),
        terminal_line(&report.submission)
    );
    let _ = writeln!(out);
    if !report.cases.is_empty() {
        let width = report
            .cases
            .iter()
            .map(|case| width_of(&terminal_line(&case_label(case))))
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
            let row = format!(
                "  {:<width$}  {}  {:>8}  {:>8}  {}",
                terminal_line(&case_label(case)),
                paint(&padded, case.verdict, colour),
                time(case.cpu_ms, case.verdict),
                memory(case.memory_kb),
                terminal_line(&first_line(&case.message)),
            );
            let _ = writeln!(out, "{}", row.trim_end());
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
        let _ = writeln!(out, "{}", terminal_line(message));
    }
    if let Some(details) = &report.details {
        let _ = writeln!(out, "\n{}", indent(&terminal_block(details)));
    }
    if let Some(failed) = report.cases.iter().find(|case| case.failed()) {
        let _ = writeln!(
            out,
            "\nfirst failing case: {} ({}){}",
            terminal_line(&case_label(failed)),
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

fn cell(result: &crate::grade::PairResult) -> String {
    use crate::grade::PairStatus;
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

fn results_by_pair(
    report: &crate::grade::GradeReport,
) -> std::collections::HashMap<(&str, &str), &crate::grade::PairResult> {
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
pub fn grade_human(report: &crate::grade::GradeReport, colour: bool) -> String {
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
    let name_width = report
        .candidates
        .iter()
        .map(|candidate| width_of(&terminal_line(&candidate.name)))
        .max()
        .unwrap_or(9)
        .max(9);
    let widths: Vec<usize> = report
        .set
        .challenges
        .iter()
        .map(|slug| {
            report
                .candidates
                .iter()
                .filter_map(|candidate| by_pair.get(&(candidate.name.as_str(), slug.as_str())))
                .map(|result| width_of(&cell(result)))
                .max()
                .unwrap_or(1)
                .max(width_of(&terminal_line(slug)))
        })
        .collect();
    let mut header = format!("{:<4}  {:<name_width$}", "RANK", "CANDIDATE");
    for (slug, width) in report.set.challenges.iter().zip(&widths) {
        let _ = write!(header, "  {:<width$}", terminal_line(slug));
    }
    let _ = writeln!(out, "{header}  TOTAL");
    for candidate in &report.candidates {
        let mut line = format!(
            "{:<4}  {:<name_width$}",
            candidate.rank,
            terminal_line(&candidate.name)
        );
        for (slug, width) in report.set.challenges.iter().zip(&widths) {
            let (text, verdict) = match by_pair.get(&(candidate.name.as_str(), slug.as_str())) {
                Some(result) => (cell(result), result.verdict),
                None => (String::new(), None),
            };
            let padded = format!("{text:<width$}");
            let _ = write!(
                line,
                "  {}",
                if text.is_empty() || text == "-" {
                    padded
                } else {
                    paint(&padded, verdict, colour)
                }
            );
        }
        let _ = writeln!(out, "{line}  {}/{}", candidate.score, candidate.max_score);
    }
    let failing: Vec<_> = report
        .results
        .iter()
        .filter(|result| {
            result.status != crate::grade::PairStatus::NotSubmitted
                && result.verdict != Some(Verdict::Accepted)
        })
        .collect();
    if !failing.is_empty() {
        let _ = writeln!(out, "\nfailing pairs:");
        for result in failing {
            let detail = match result.first_failure() {
                Some(case) => format!(
                    "{} on {}: {}",
                    case.verdict.map_or("skipped", Verdict::code),
                    case_label(case),
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
        .filter(|result| result.status == crate::grade::PairStatus::Judged)
        .count();
    let cached = report.results.iter().filter(|result| result.cached).count();
    let _ = writeln!(
        out,
        "\n{judged} pairs judged ({cached} from the cache), {} not submitted; pyjudge {}, Python {}, sandbox: {}, {}",
        report.results.iter().filter(|result| result.status == crate::grade::PairStatus::NotSubmitted).count(),
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
pub fn grade_json(report: &crate::grade::GradeReport) -> String {
    serde_json::to_string_pretty(report).expect("a report always serializes") + "\n"
}

/// JUnit XML: a testsuite per candidate, a testcase per challenge.
pub fn grade_junit(report: &crate::grade::GradeReport) -> String {
    use crate::grade::PairStatus;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failures = |results: &[&crate::grade::PairResult]| {
        results
            .iter()
            .filter(|result| {
                result.status == PairStatus::Judged && result.verdict != Some(Verdict::Accepted)
            })
            .count()
    };
    let errors = |results: &[&crate::grade::PairResult]| {
        results
            .iter()
            .filter(|result| result.status == PairStatus::Error)
            .count()
    };
    let skipped = |results: &[&crate::grade::PairResult]| {
        results
            .iter()
            .filter(|result| result.status == PairStatus::NotSubmitted)
            .count()
    };
    let all: Vec<&crate::grade::PairResult> = report.results.iter().collect();
    let total_time: f64 = all.iter().map(|result| result.time_ms).sum::<f64>() / 1000.0;
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{total_time:.3}\">",
        xml_escape(&report.set.name),
        all.len(),
        failures(&all),
        errors(&all),
        skipped(&all)
    );
    for candidate in &report.candidates {
        let results: Vec<&crate::grade::PairResult> = all
            .iter()
            .copied()
            .filter(|result| result.candidate == candidate.name)
            .collect();
        let time: f64 = results.iter().map(|result| result.time_ms).sum::<f64>() / 1000.0;
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{time:.3}\">",
            xml_escape(&candidate.name),
            results.len(),
            failures(&results),
            errors(&results),
            skipped(&results)
        );
        for result in results {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
                xml_escape(&candidate.name),
                xml_escape(&result.challenge),
                result.time_ms / 1000.0
            );
            let message = result.message.clone().unwrap_or_default();
            match (result.status, result.verdict) {
                (PairStatus::Judged, Some(Verdict::Accepted)) => out.push_str("/>\n"),
                (PairStatus::NotSubmitted, _) => {
                    out.push_str(">\n      <skipped message=\"not submitted\"/>\n    </testcase>\n")
                }
                (PairStatus::Error, _) => {
                    let _ = write!(
                        out,
                        ">\n      <error message=\"{}\"/>\n    </testcase>\n",
                        xml_escape(&message)
                    );
                }
                (_, verdict) => {
                    let code = verdict.map_or("IE", Verdict::code);
                    let detail = result
                        .first_failure()
                        .map(|case| {
                            format!(
                                "{} on {}: {}",
                                case.verdict.map_or("skipped", Verdict::code),
                                case_label(case),
                                case.message
                            )
                        })
                        .unwrap_or(message);
                    let _ = write!(
                        out,
                        ">\n      <failure type=\"{code}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                        xml_escape(&format!("{code}: {}", first_line(&detail))),
                        xml_escape(&format!("{} {}/{}\n{detail}", code, result.score, result.max_score))
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// A Markdown leaderboard, for a pull request comment or a wiki page.
pub fn grade_markdown(report: &crate::grade::GradeReport) -> String {
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
pub fn grade_csv(report: &crate::grade::GradeReport) -> String {
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

/// `pyjudge doctor`: the interpreter and each sandbox layer, on or off and why.
pub fn doctor_human(
    python: &crate::python::Python,
    containment: &crate::sandbox::Containment,
    ready: bool,
    warm: &std::result::Result<(), String>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "python: {} ({})",
        python.executable.display(),
        python.version_string()
    );
    let _ = writeln!(
        out,
        "candidate uid outside the sandbox: {}",
        containment.uid
    );
    let _ = writeln!(out, "\nsandbox layers:");
    for (name, layer) in containment.layers.named() {
        let state = if layer.active { "on " } else { "off" };
        let reason = layer
            .reason
            .as_deref()
            .map(|reason| format!("  ({reason})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {state}  {name}{reason}");
    }
    let _ = writeln!(
        out,
        "\nwarm runners (grade, check): {}",
        match warm {
            Ok(()) => "on: each submission forked into fresh namespaces".to_string(),
            Err(reason) => format!("off ({reason}): every submission starts its own interpreter"),
        }
    );
    let _ = writeln!(
        out,
        "\n{}",
        if ready {
            "every layer --sandbox strict needs is on: grade and check will run"
        } else {
            "some layers --sandbox strict needs are off: grade and check refuse to run unless --sandbox permissive"
        }
    );
    out
}

/// `pyjudge doctor --format json`.
pub fn doctor_json(
    python: &crate::python::Python,
    containment: &crate::sandbox::Containment,
    ready: bool,
    warm: &std::result::Result<(), String>,
) -> String {
    let warm_runner = match warm {
        Ok(()) => json!({"active": true}),
        Err(reason) => json!({"active": false, "reason": reason}),
    };
    let document = json!({
        "python": {"executable": python.executable, "version": python.version_string()},
        "uid": containment.uid,
        "layers": containment.layers,
        "strict_ready": ready,
        "warm_runner": warm_runner,
    });
    serde_json::to_string_pretty(&document).expect("plain values serialize") + "\n"
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
