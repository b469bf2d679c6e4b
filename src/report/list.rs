//! The catalogue: `list` (a table or JSON), `show` (limits, the statement and the sample
//! cases) and `sets` (the practice sets).

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::Path;

use serde_json::{json, Value};

use crate::package::spec::{CaseInput, Challenge, Expected, Group, Harness, PracticeSet};

use super::escape::{terminal_block, terminal_line};
use super::indent;
use super::table::{Cell, Column, Table};

/// `pyjudge list` as a table.
pub fn list_human(challenges: &[Challenge]) -> String {
    if challenges.is_empty() {
        return "no challenges\n".into();
    }
    let mut table = Table::new(
        "",
        vec![
            Column::left("SLUG"),
            Column::left("TOPIC"),
            Column::left("DIFFICULTY"),
            Column::left("KIND").at_least(8),
            Column::left("TITLE"),
        ],
    );
    for challenge in challenges {
        table.row(vec![
            Cell::plain(challenge.slug.as_str()),
            Cell::plain(challenge.topic.as_str()),
            Cell::plain(challenge.difficulty.as_str()),
            Cell::plain(challenge.kind.as_str()),
            Cell::plain(challenge.title.as_str()),
        ]);
    }
    let mut out = table.render(false);
    let framework: Vec<String> = challenges
        .iter()
        .filter_map(|challenge| {
            let environment = challenge.environment.as_ref()?;
            let state = if environment.installed.is_some() {
                "ready"
            } else {
                "not synced"
            };
            Some(format!("{} ({state})", challenge.slug))
        })
        .collect();
    if !framework.is_empty() {
        let _ = writeln!(
            out,
            "\nin an environment (`pyjudge env sync` builds what is not synced): {}",
            framework.join(", ")
        );
    }
    out
}

/// `pyjudge list --format json`: an array of {slug, title, topic, difficulty, kind,
/// environment}, `environment` null for a standard-library challenge, else "ready" or
/// "not synced" for the interpreter in use.
pub fn list_json(challenges: &[Challenge]) -> String {
    let items: Vec<_> = challenges
        .iter()
        .map(|challenge| {
            let environment = challenge.environment.as_ref().map(|environment| {
                if environment.installed.is_some() {
                    "ready"
                } else {
                    "not synced"
                }
            });
            json!({
                "slug": challenge.slug,
                "title": challenge.title,
                "topic": challenge.topic,
                "difficulty": challenge.difficulty.as_str(),
                "kind": challenge.kind.as_str(),
                "environment": environment,
            })
        })
        .collect();
    super::json_document(&items)
}

/// `pyjudge show`: the limits, then the statement.
pub fn show(challenge: &Challenge, statement: &str) -> String {
    let limits = &challenge.limits;
    let (samples, secret): (Vec<_>, Vec<_>) = challenge
        .cases
        .iter()
        .partition(|case| case.group == Group::Sample);
    let (samples, secret) = (samples.len(), secret.len());
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
    ) + &sample_cases(challenge)
}

/// How much of one sample's input or expected answer `show` prints.
const SAMPLE_CAP: usize = 1000;

/// The sample cases as the candidate's code meets them: the call (or stdin) and the
/// expected answer, each cut at [`SAMPLE_CAP`] characters.
fn sample_cases(challenge: &Challenge) -> String {
    let mut out = String::new();
    for case in challenge
        .cases
        .iter()
        .filter(|case| case.group == Group::Sample)
    {
        let _ = writeln!(out, "\nsample {}", terminal_line(&case.name));
        match &case.input {
            CaseInput::Value(input) => {
                let (label, text) = match &challenge.harness {
                    Harness::Call { function } => ("call", call(function, input)),
                    Harness::Predict => (
                        "snippet",
                        format!("tests/sample/{}.py, shown in the statement", case.name),
                    ),
                    _ => ("input", python_literal(input)),
                };
                let _ = writeln!(out, "  {label}: {}", terminal_line(&capped(&text)));
            }
            CaseInput::File(path) => {
                let _ = writeln!(out, "  stdin:\n{}", block(&file_text(path)));
            }
        }
        match &case.expected {
            Expected::Value(expected) => {
                let _ = writeln!(
                    out,
                    "  expected: {}",
                    terminal_line(&capped(&python_literal(expected)))
                );
            }
            Expected::File(path) => {
                let _ = writeln!(out, "  expected stdout:\n{}", block(&file_text(path)));
            }
            Expected::Snippet(_) => {
                let _ = writeln!(
                    out,
                    "  expected: what it prints (a wrong prediction on a sample shows the difference)"
                );
            }
        }
    }
    out
}

/// `function(args..., name=value...)` from an encoded `{"args": [...], "kwargs": {...}}`.
fn call(function: &str, input: &Value) -> String {
    let mut arguments: Vec<String> = input
        .get("args")
        .and_then(Value::as_array)
        .map(|args| args.iter().map(python_literal).collect())
        .unwrap_or_default();
    if let Some(kwargs) = input.get("kwargs").and_then(Value::as_object) {
        arguments.extend(
            kwargs
                .iter()
                .map(|(name, value)| format!("{name}={}", python_literal(value))),
        );
    }
    format!("{function}({})", arguments.join(", "))
}

/// An encoded value (docs/encoding.md) written as the Python literal it stands for.
fn python_literal(value: &Value) -> String {
    let items = |values: &Value| -> Vec<String> {
        values
            .as_array()
            .map(|values| values.iter().map(python_literal).collect())
            .unwrap_or_default()
    };
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(number) => number.to_string(),
        Value::String(_) => value.to_string(),
        Value::Array(_) => format!("[{}]", items(value).join(", ")),
        Value::Object(object) if object.len() == 1 => {
            let (tag, inner) = object.iter().next().expect("one entry");
            match tag.as_str() {
                "$tuple" => match items(inner).as_slice() {
                    [one] => format!("({one},)"),
                    all => format!("({})", all.join(", ")),
                },
                "$set" if items(inner).is_empty() => "set()".into(),
                "$set" => format!("{{{}}}", items(inner).join(", ")),
                "$frozenset" => format!("frozenset({{{}}})", items(inner).join(", ")),
                "$int" => inner.as_str().unwrap_or_default().to_string(),
                "$float" => format!("float({inner})"),
                "$bytes" => format!("base64.b64decode({inner})"),
                "$dict" => format!(
                    "{{{}}}",
                    inner
                        .as_array()
                        .map(|pairs| {
                            pairs
                                .iter()
                                .map(|pair| match pair.as_array().map(Vec::as_slice) {
                                    Some([key, value]) => format!(
                                        "{}: {}",
                                        python_literal(key),
                                        python_literal(value)
                                    ),
                                    _ => pair.to_string(),
                                })
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default()
                ),
                "$raise" => crate::judging::compare::render(value),
                _ => dict(object),
            }
        }
        Value::Object(object) => dict(object),
    }
}

fn dict(object: &serde_json::Map<String, Value>) -> String {
    let entries: Vec<String> = object
        .iter()
        .map(|(key, value)| format!("{}: {}", Value::from(key.as_str()), python_literal(value)))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

fn capped(text: &str) -> String {
    crate::text::truncate(text, SAMPLE_CAP)
}

/// The start of a sample file, lossily decoded; a file that cannot be read says why.
fn file_text(path: &Path) -> String {
    let mut bytes = Vec::new();
    match std::fs::File::open(path)
        .and_then(|file| file.take(4 * SAMPLE_CAP as u64).read_to_end(&mut bytes))
    {
        Ok(_) => capped(&String::from_utf8_lossy(&bytes)),
        Err(error) => format!("(cannot read {}: {error})", path.display()),
    }
}

/// A multi-line text indented under its label; an empty text says so.
fn block(text: &str) -> String {
    if text.trim_end().is_empty() {
        return "    (empty)".into();
    }
    indent(&terminal_block(text))
}

/// `pyjudge sets` as a table, each set's description below its row.
pub fn sets_human(sets: &[(String, PracticeSet)]) -> String {
    if sets.is_empty() {
        return "no practice sets\n".into();
    }
    let mut table = Table::new(
        "",
        vec![
            Column::left("SET"),
            Column::right("CHALLENGES"),
            Column::right("BUDGET"),
            Column::left("TITLE"),
        ],
    );
    for (name, set) in sets {
        table.row(vec![
            Cell::plain(terminal_line(name)),
            Cell::plain(set.challenges.len().to_string()),
            Cell::plain(format!("{} min", set.time_budget_minutes)),
            Cell::plain(terminal_line(&set.title)),
        ]);
        table.line(format!("    {}", terminal_line(&set.description)));
    }
    table.render(false)
}

/// `pyjudge sets --format json`: an array of {name, title, description, challenges,
/// challenge_count, time_budget_minutes}.
pub fn sets_json(sets: &[(String, PracticeSet)]) -> String {
    let items: Vec<_> = sets
        .iter()
        .map(|(name, set)| {
            json!({
                "name": name,
                "title": set.title,
                "description": set.description,
                "challenges": set.challenges,
                "challenge_count": set.challenges.len(),
                "time_budget_minutes": set.time_budget_minutes,
            })
        })
        .collect();
    super::json_document(&items)
}
