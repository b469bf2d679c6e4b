//! The catalogue: `list` (a table or JSON) and `show` (limits and the statement).

use std::fmt::Write as _;

use serde_json::json;

use crate::package::spec::{Challenge, Group};

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
