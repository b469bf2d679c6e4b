//! Writing results out: the only code that prints to stdout, one module per command (human
//! tables, JSON, JUnit, Markdown and CSV); [`escape`] makes what a candidate controls safe to
//! show in each. The judging and the loops over many pairs live elsewhere and never print.

mod check;
mod doctor;
mod escape;
mod grade;
mod junit_xml;
mod list;
mod submit;
mod table;

use std::io::IsTerminal;

use crate::spec::Group;
use crate::verdict::{CaseResult, Verdict};

pub use check::{check_human, check_json, check_junit};
pub use doctor::{doctor_human, doctor_json};
pub use grade::{grade_csv, grade_human, grade_json, grade_junit, grade_markdown};
pub use list::{list_human, list_json, show};
pub use submit::{human, json, junit};

/// Colour only on a terminal, and never with NO_COLOR set.
pub fn use_colour() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// What a coloured piece of text stands for.
#[derive(Clone, Copy)]
enum Tone {
    /// Accepted, or a check that holds: green.
    Passed,
    /// The candidate's failure: red.
    Failed,
    /// The judge's own failure (IE, an unreadable package): magenta.
    JudgeFault,
    /// Nothing was judged (skipped, an error cell): grey.
    Muted,
}

impl Tone {
    /// The tone of a verdict; `None` (skipped, not judged) is muted.
    fn of(verdict: Option<Verdict>) -> Tone {
        match verdict {
            Some(Verdict::Accepted) => Tone::Passed,
            Some(Verdict::InternalError) => Tone::JudgeFault,
            Some(_) => Tone::Failed,
            None => Tone::Muted,
        }
    }
}

/// `text` in `tone`'s colour when `colour` is on, unchanged otherwise.
fn paint(text: &str, tone: Tone, colour: bool) -> String {
    if !colour {
        return text.to_string();
    }
    let code = match tone {
        Tone::Passed => "32",
        Tone::JudgeFault => "35",
        Tone::Failed => "31",
        Tone::Muted => "90",
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
