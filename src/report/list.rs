//! The catalogue: `list` (a table or JSON) and `show` (limits and the statement).

use serde_json::json;

use crate::package::spec::{Challenge, Group};

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
    table.render(false)
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
    )
}
