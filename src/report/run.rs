//! The report of `pyjudge run`: each case with the candidate's output and observation beside
//! the expected answer or the reference's, as text for a person or as JSON.

use std::fmt::Write as _;

use serde_json::Value;

use crate::package::spec::Kind;
use crate::run::{RunCase, RunReport, Side};

use super::escape::{terminal_block, terminal_line};
use super::{indent, json_document};

/// The human report: one block per case, then how many agree.
pub fn run_human(report: &RunReport) -> String {
    let report = &as_submitted(report);
    let mut out = super::title_line(&report.challenge, &report.title, &report.submission);
    match &report.reference {
        Some(reference) => {
            let _ = writeln!(out, "reference: {}", terminal_line(reference));
        }
        None if report.reference_hidden => {
            let _ = writeln!(
                out,
                "reference: hidden during the interview (the samples' expected answers judge)"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "reference: none (the package has no submissions/accepted/*.py)"
            );
        }
    }
    if let Some(failure) = &report.failure {
        let _ = writeln!(
            out,
            "\n{} ({}): {}",
            failure.verdict.code(),
            failure.verdict.description(),
            terminal_line(&failure.message)
        );
        if let Some(details) = &failure.details {
            let _ = writeln!(out, "{}", indent(&terminal_block(details)));
        }
        return out;
    }
    for case in &report.cases {
        let _ = writeln!(out);
        case_block(&mut out, report.kind, case);
    }
    let agreeing = report.cases.iter().filter(|case| case.agrees).count();
    let _ = writeln!(
        out,
        "\n{agreeing} of {} case{} agree{}",
        report.cases.len(),
        if report.cases.len() == 1 { "" } else { "s" },
        if report.cases.len() == 1 { "s" } else { "" }
    );
    out
}

fn case_block(out: &mut String, kind: Kind, case: &RunCase) {
    let judged_by = if case.expected.is_some() {
        "the expected answer"
    } else {
        "the reference's answer"
    };
    let outcome = match case.verdict {
        Some(verdict) if case.agrees => format!("{} (agrees with {judged_by})", verdict.code()),
        Some(verdict @ crate::judging::verdict::Verdict::WrongAnswer) => {
            format!(
                "{} (wrong answer: differs from {judged_by})",
                verdict.code()
            )
        }
        Some(verdict) => format!("{} ({})", verdict.code(), verdict.description()),
        None => "not judged".to_string(),
    };
    let _ = writeln!(out, "case {}: {outcome}", terminal_line(&case.name));
    let input_label = match kind {
        Kind::Function => "call",
        Kind::Stdio => "stdin",
        Kind::Predict => "snippet",
    };
    field(out, input_label, &case.input);
    if let Some(expected) = &case.expected {
        field(out, "expected", expected);
    }
    side(out, kind, "yours", &case.candidate);
    if let Some(reference) = &case.reference {
        side(out, kind, "reference", reference);
    }
    // A stdio program's stdout is its observation, shown above already.
    if kind == Kind::Function && !case.candidate.stdout.is_empty() {
        field(out, "your stdout", &case.candidate.stdout);
    }
    if !case.candidate.stderr.is_empty() {
        field(out, "your stderr", &case.candidate.stderr);
    }
    if !case.agrees && !case.message.is_empty() {
        field(out, "message", &case.message);
    }
    if let (false, Some(details)) = (case.agrees, &case.details) {
        field(out, "details", details);
    }
}

fn side(out: &mut String, kind: Kind, label: &str, side: &Side) {
    let shown = match (&side.problem, kind, &side.observation) {
        (Some(problem), ..) => problem.clone(),
        (None, Kind::Stdio, Value::String(text)) => text.clone(),
        (None, _, observation) => match observation.get("$raise") {
            Some(raised) => format!(
                "raised {}: {}",
                raised
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("Exception"),
                raised
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
            ),
            None => crate::text::truncate(&observation.to_string(), crate::run::SHOWN_CHARS),
        },
    };
    let _ = writeln!(out, "  {label} ({} ms CPU):", side.cpu_ms);
    let shown = shown.strip_suffix('\n').unwrap_or(&shown);
    let _ = writeln!(out, "{}", indent(&terminal_block(shown)));
}

/// `label: text` on one line, or the label and the text indented below it when the text has
/// several lines; candidate text escaped either way.
fn field(out: &mut String, label: &str, text: &str) {
    let text = text.strip_suffix('\n').unwrap_or(text);
    if text.contains('\n') || text.chars().count() > 60 {
        let _ = writeln!(out, "  {label}:");
        let _ = writeln!(out, "{}", indent(&terminal_block(text)));
    } else {
        let _ = writeln!(out, "  {label}: {}", terminal_line(text));
    }
}

/// The JSON report: the [`RunReport`] as it is, with `agrees` for the whole run.
pub fn run_json(report: &RunReport) -> String {
    let report = &as_submitted(report);
    let mut value = serde_json::to_value(report).expect("a run report serializes");
    value["agrees"] = Value::Bool(report.agrees());
    json_document(&value)
}

/// The report as the candidate reads it: the name the sandbox compiled each program under
/// replaced by the path it came from (the candidate's as given, the reference's inside the
/// package), so that `path:line:column` leads an editor to the line. Done when the report
/// is shown, never in what was judged.
fn as_submitted(report: &RunReport) -> RunReport {
    let swap_to = |name: &str| {
        let name = name.to_string();
        move |text: &str| text.replace(crate::sandbox::SOURCE_NAME, &name)
    };
    let candidate = swap_to(&report.submission);
    let reference = swap_to(report.reference.as_deref().unwrap_or("reference.py"));
    let mut shown = report.clone();
    if let Some(failure) = &mut shown.failure {
        failure.message = candidate(&failure.message);
        failure.details = failure.details.as_deref().map(&candidate);
    }
    for case in &mut shown.cases {
        case.message = candidate(&case.message);
        case.details = case.details.as_deref().map(&candidate);
        swap_side(&mut case.candidate, &candidate);
        if let Some(side) = &mut case.reference {
            swap_side(side, &reference);
        }
    }
    shown
}

fn swap_side(side: &mut crate::run::Side, swap: &impl Fn(&str) -> String) {
    side.stderr = swap(&side.stderr);
    side.problem = side.problem.as_deref().map(swap);
    swap_strings(&mut side.observation, swap);
}

/// Every string inside `value` (an exception's traceback in an observation) swapped.
fn swap_strings(value: &mut Value, swap: &impl Fn(&str) -> String) {
    match value {
        Value::String(text) => *text = swap(text),
        Value::Array(items) => items.iter_mut().for_each(|item| swap_strings(item, swap)),
        Value::Object(fields) => fields
            .values_mut()
            .for_each(|item| swap_strings(item, swap)),
        _ => {}
    }
}
