//! Writing results out: the only code that prints to stdout, one module per command (human
//! tables, JSON, JUnit, Markdown, CSV, and HTML with SVG charts from [`chart`]); [`escape`]
//! makes what a candidate controls safe to show in each, [`table`] lines up the human tables
//! and [`style`] colours them. The judging
//! and the loops over many pairs live elsewhere and never print.

mod chart;
mod check;
mod doctor;
mod env;
mod escape;
pub use escape::terminal_line as escape_line;
mod grade;
mod interview;
mod junit_xml;
mod list;
mod run;
mod stats;
mod style;
mod submit;
mod table;

use crate::judging::verdict::Verdict;

pub use check::{check_human, check_json, check_junit};
pub use doctor::{doctor_human, doctor_json};
pub use env::{
    env_list_human, env_list_json, env_prune_human, env_sync_human, env_sync_json, Synced,
};
pub use grade::{grade_csv, grade_human, grade_json, grade_junit, grade_markdown};
pub use interview::{
    interview_hint, interview_html, interview_human, interview_json, interview_markdown,
    interview_started,
};
pub use list::{list_human, list_json, sets_human, sets_json, show};
pub use run::{run_human, run_json};
pub use stats::{stats_html, stats_human, stats_json};
pub use style::use_colour;
pub use submit::{human, json, junit, SAMPLES_ONLY_HINT};

use style::{paint, Tone};

/// A JSON document, pretty-printed, with a final newline.
fn json_document(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("a report serializes to memory") + "\n"
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
    crate::judging::compare::truncate(text.lines().next().unwrap_or_default(), 100)
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first line of a submission's report: `challenge (title): submission`, escaped.
fn title_line(challenge: &str, title: &str, submission: &str) -> String {
    format!(
        "{} ({}): {}\n",
        escape::terminal_line(challenge),
        escape::terminal_line(title),
        escape::terminal_line(submission)
    )
}
