//! The reports of `pyjudge interview`: the started workspace, a hint, the status, and the
//! closing report with the editorials in human, JSON, Markdown and HTML. What a candidate
//! controls (the workspace's path, the set's name, verdict words read back from the
//! history) is escaped for each format; the editorials are the package author's text.

use std::fmt::Write as _;

use crate::clock;
use crate::interview::{ChallengeResult, Editorial, HintTaken, InterviewReport, Workspace};

use super::chart::{self, Bar};
use super::escape;

/// What `interview start` prints: where the workspace is, the clock and the next steps.
pub fn interview_started(
    workspace: &Workspace,
    title: &str,
    titles: &[(String, String)],
) -> String {
    let state = &workspace.state;
    let mut out = format!(
        "interview {} started: {} ({}, {} challenges, {} minutes{})\nworkspace: {}\nends at: {}\n\n",
        state.interview_id,
        escape::terminal_line(title),
        escape::terminal_line(&state.set_name),
        state.challenges.len(),
        (state.deadline - state.started_at) / 60,
        if state.fake_clock { ", fake clock" } else { "" },
        escape::terminal_line(&workspace.dir.display().to_string()),
        clock::format(state.deadline),
    );
    for (slug, title) in titles {
        let _ = writeln!(out, "  {slug:<28} {}", escape::terminal_line(title));
    }
    out += "\nread BRIEF.md, then from the workspace: pyjudge submit <slug> <slug>.py\n";
    out
}

/// What `interview hint` prints.
pub fn interview_hint(hint: &HintTaken) -> String {
    let mut out = format!(
        "hint {} of {} for {}: {}\n",
        hint.number,
        hint.total,
        hint.challenge,
        escape::terminal_line(&hint.text)
    );
    if hint.repeated {
        out += "(every hint of this challenge is taken: shown again, not charged again)\n";
    } else {
        let _ = writeln!(
            out,
            "cost: {} point{} off this challenge's best score",
            hint.cost,
            if hint.cost == 1 { "" } else { "s" }
        );
    }
    out
}

fn verdict_text(result: &ChallengeResult) -> String {
    result
        .verdict
        .as_deref()
        .map(escape::terminal_line)
        .unwrap_or_else(|| "-".into())
}

fn seconds(value: Option<i64>) -> String {
    value.map(clock::duration).unwrap_or_else(|| "-".into())
}

/// The human report: `interview status` while it runs, the closing report once finished
/// (with the editorials).
pub fn interview_human(report: &InterviewReport) -> String {
    let mut out = format!(
        "interview {}: {} ({})\n",
        report.interview_id,
        escape::terminal_line(&report.title),
        escape::terminal_line(&report.set_name)
    );
    let _ = writeln!(
        out,
        "started {}, deadline {} ({} minutes){}",
        report.started_at,
        report.deadline,
        report.minutes,
        if report.fake_clock {
            ", on the fake clock of PYJUDGE_NOW"
        } else {
            ""
        }
    );
    match &report.finished_at {
        Some(finished) => {
            let _ = writeln!(out, "finished {finished}");
        }
        None => {
            let _ = writeln!(
                out,
                "time left: {}",
                clock::duration(report.time_left_seconds)
            );
        }
    }
    let _ = writeln!(
        out,
        "\n  {:<28} {:<8} {:>7} {:>8} {:>5} {:>8} {:>6} {:>10}",
        "CHALLENGE", "VERDICT", "SCORE", "ATTEMPTS", "LATE", "HINTS", "RUNS", "FIRST AC"
    );
    for result in &report.challenges {
        let _ = writeln!(
            out,
            "  {:<28} {:<8} {:>7} {:>8} {:>5} {:>8} {:>6} {:>10}",
            result.slug,
            verdict_text(result),
            format!("{}/{}", result.score, result.max_score),
            result.attempts,
            result.late_attempts,
            format!("{}/{}", result.hints_taken, result.hints_available),
            result.runs,
            seconds(result.first_ac_seconds),
        );
    }
    let _ = writeln!(out, "\n  {:<28} {:>7} {:>8}", "TOPIC", "SCORE", "SOLVED");
    for topic in &report.topics {
        let _ = writeln!(
            out,
            "  {:<28} {:>7} {:>8}",
            escape::terminal_line(&topic.topic),
            format!("{}/{}", topic.score, topic.max_score),
            format!("{}/{}", topic.solved, topic.challenges)
        );
    }
    let _ = writeln!(
        out,
        "\ntotal: {}/{}   solved: {}/{}",
        report.score,
        report.max_score,
        report.solved,
        report.challenges.len()
    );
    let hints: usize = report
        .challenges
        .iter()
        .map(|result| result.hints_taken)
        .sum();
    // What the hints took off: never more than a challenge's score.
    let taken_off: u64 = report
        .challenges
        .iter()
        .map(|result| result.raw_score - result.score)
        .sum();
    if hints > 0 {
        let _ = writeln!(
            out,
            "{hints} hint{} taken, {taken_off} point{} off ({}% of a challenge's points a hint)",
            if hints == 1 { "" } else { "s" },
            if taken_off == 1 { "" } else { "s" },
            report.hint_cost_percent
        );
    }
    if !report.finished {
        out += "\nthe editorials unlock with `pyjudge interview finish`\n";
        return out;
    }
    if report.editorials.is_empty() {
        out += "\nthe interview is over: `pyjudge interview finish` shows the editorials\n";
    }
    for editorial in &report.editorials {
        out += &editorial_human(editorial);
    }
    out
}

fn editorial_human(editorial: &Editorial) -> String {
    let mut out = format!(
        "\n== editorial: {} ({}) ==\n",
        editorial.slug,
        escape::terminal_line(&editorial.title)
    );
    for (name, body) in [
        ("key idea", &editorial.key_idea),
        ("complexity", &editorial.complexity),
        ("common mistakes", &editorial.common_mistakes),
    ] {
        let _ = writeln!(
            out,
            "\n{name}:\n{}",
            super::indent(&escape::terminal_block(
                body.as_deref().unwrap_or("(not written)")
            ))
        );
    }
    if !editorial.wrong_answers.is_empty() {
        let _ = writeln!(
            out,
            "\nwrong answers in the package (submissions/wrong_answer/): {}",
            editorial.wrong_answers.join(", ")
        );
    }
    if let (Some(path), Some(source)) = (&editorial.reference_path, &editorial.reference_source) {
        let _ = writeln!(
            out,
            "\nreference solution ({path}):\n{}",
            super::indent(&escape::terminal_block(source))
        );
    }
    out
}

/// The report as one JSON document.
pub fn interview_json(report: &InterviewReport) -> String {
    super::json_document(report)
}

/// The closing report in Markdown: tables, then the editorials.
pub fn interview_markdown(report: &InterviewReport) -> String {
    let cell = escape::markdown_cell;
    let mut out = format!(
        "# Interview {}: {}\n\n",
        report.interview_id,
        cell(&report.title)
    );
    let _ = writeln!(
        out,
        "Set {}, started {}, deadline {} ({} minutes){}{}.\n",
        cell(&report.set_name),
        report.started_at,
        report.deadline,
        report.minutes,
        report
            .finished_at
            .as_ref()
            .map(|finished| format!(", finished {finished}"))
            .unwrap_or_default(),
        if report.fake_clock {
            ", on the fake clock of PYJUDGE_NOW"
        } else {
            ""
        }
    );
    out += "| challenge | topic | verdict | score | attempts | late | hints | time to first AC |\n";
    out += "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n";
    for result in &report.challenges {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}/{} | {} | {} | {}/{} | {} |",
            cell(&result.slug),
            cell(&result.topic),
            cell(result.verdict.as_deref().unwrap_or("-")),
            result.score,
            result.max_score,
            result.attempts,
            result.late_attempts,
            result.hints_taken,
            result.hints_available,
            seconds(result.first_ac_seconds)
        );
    }
    out += "\n| topic | score | solved |\n| --- | ---: | ---: |\n";
    for topic in &report.topics {
        let _ = writeln!(
            out,
            "| {} | {}/{} | {}/{} |",
            cell(&topic.topic),
            topic.score,
            topic.max_score,
            topic.solved,
            topic.challenges
        );
    }
    let _ = writeln!(
        out,
        "\n**Total: {}/{}**, {} of {} solved. Each hint costs {}% of its challenge's points.",
        report.score,
        report.max_score,
        report.solved,
        report.challenges.len(),
        report.hint_cost_percent
    );
    for editorial in &report.editorials {
        let _ = write!(
            out,
            "\n## Editorial: {} ({})\n\n",
            cell(&editorial.slug),
            cell(&editorial.title)
        );
        for (name, body) in [
            ("Key idea", &editorial.key_idea),
            ("Complexity", &editorial.complexity),
            ("Common mistakes", &editorial.common_mistakes),
        ] {
            let _ = write!(
                out,
                "### {name}\n\n{}\n\n",
                body.as_deref().unwrap_or("(not written)")
            );
        }
        if !editorial.wrong_answers.is_empty() {
            out += "Wrong answers in the package: ";
            out += &editorial
                .wrong_answers
                .iter()
                .map(|name| format!("`submissions/wrong_answer/{}`", name.replace('`', "'")))
                .collect::<Vec<_>>()
                .join(", ");
            out += "\n\n";
        }
        if let (Some(path), Some(source)) = (&editorial.reference_path, &editorial.reference_source)
        {
            let fence = if source.contains("```") {
                "~~~~"
            } else {
                "```"
            };
            let _ = write!(
                out,
                "Reference solution (`{}`):\n\n{fence}python\n{}\n{fence}\n",
                path.replace('`', "'"),
                source.trim_end()
            );
        }
    }
    out
}

/// The closing report as a self-contained HTML page (well-formed XML too): the tables,
/// two SVG charts (time per challenge, score by topic), the editorials. No script, no
/// external resource.
pub fn interview_html(report: &InterviewReport) -> String {
    let h = escape::html;
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    let _ = writeln!(
        out,
        "<title>Interview {}: {}</title>",
        report.interview_id,
        h(&report.title)
    );
    out += STYLE;
    out += "</head>\n<body>\n";
    let _ = writeln!(
        out,
        "<h1>Interview {}: {}</h1>",
        report.interview_id,
        h(&report.title)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Set <code>{}</code>, started <time>{}</time>, deadline <time>{}</time> ({} minutes){}.</p>",
        h(&report.set_name),
        report.started_at,
        report.deadline,
        report.minutes,
        report
            .finished_at
            .as_ref()
            .map(|finished| format!(", finished <time>{finished}</time>"))
            .unwrap_or_default()
    );
    if report.fake_clock {
        out += "<p class=\"fake-clock\" id=\"fake-clock\">This interview ran on the fake clock of PYJUDGE_NOW.</p>\n";
    }
    let _ = writeln!(
        out,
        "<p id=\"total\">Total: <span data-field=\"score\">{}</span>/<span data-field=\"max_score\">{}</span>, <span data-field=\"solved\">{}</span> of {} solved. Each hint costs {}% of its challenge's points.</p>",
        report.score,
        report.max_score,
        report.solved,
        report.challenges.len(),
        report.hint_cost_percent
    );
    out += "<h2>Challenges</h2>\n<table id=\"challenges\">\n<thead><tr><th>challenge</th><th>topic</th><th>verdict</th><th>score</th><th>max</th><th>attempts</th><th>late</th><th>hints</th><th>time to first AC</th></tr></thead>\n<tbody>\n";
    for result in &report.challenges {
        let _ = writeln!(
            out,
            "<tr data-slug=\"{slug}\"><td data-field=\"slug\">{slug}</td><td data-field=\"topic\">{}</td><td data-field=\"verdict\">{}</td><td data-field=\"score\">{}</td><td data-field=\"max_score\">{}</td><td data-field=\"attempts\">{}</td><td data-field=\"late_attempts\">{}</td><td data-field=\"hints_taken\">{}</td><td data-field=\"first_ac\">{}</td></tr>",
            h(&result.topic),
            h(result.verdict.as_deref().unwrap_or("-")),
            result.score,
            result.max_score,
            result.attempts,
            result.late_attempts,
            result.hints_taken,
            h(&seconds(result.first_ac_seconds)),
            slug = h(&result.slug),
        );
    }
    out += "</tbody>\n</table>\n<h2>Topics</h2>\n<table id=\"topics\">\n<thead><tr><th>topic</th><th>score</th><th>max</th><th>solved</th><th>challenges</th></tr></thead>\n<tbody>\n";
    for topic in &report.topics {
        let _ = writeln!(
            out,
            "<tr><td data-field=\"topic\">{}</td><td data-field=\"score\">{}</td><td data-field=\"max_score\">{}</td><td data-field=\"solved\">{}</td><td data-field=\"challenges\">{}</td></tr>",
            h(&topic.topic),
            topic.score,
            topic.max_score,
            topic.solved,
            topic.challenges
        );
    }
    out += "</tbody>\n</table>\n";
    let time_bars: Vec<Bar> = report
        .challenges
        .iter()
        .map(|result| {
            let seconds = result
                .first_ac_seconds
                .or(result.last_submission_seconds)
                .unwrap_or(0);
            Bar {
                label: result.slug.clone(),
                value: seconds as f64 / 60.0,
                caption: if result.first_ac_seconds.is_some() {
                    format!("{:.1} min", seconds as f64 / 60.0)
                } else {
                    format!("{:.1} min, no AC", seconds as f64 / 60.0)
                },
            }
        })
        .collect();
    out += "<h2>Time per challenge</h2>\n<figure id=\"time-chart\">\n";
    out += &chart::bar_chart(
        "Minutes to the first AC (or to the last submission)",
        "minutes",
        &time_bars,
        report.minutes as f64,
    );
    out += "\n<figcaption>Minutes from the start to each challenge's first accepted submission; without one, to its last on-time submission.</figcaption>\n</figure>\n";
    let topic_bars: Vec<Bar> = report
        .topics
        .iter()
        .map(|topic| {
            let percent = if topic.max_score == 0 {
                0.0
            } else {
                100.0 * topic.score as f64 / topic.max_score as f64
            };
            Bar {
                label: topic.topic.clone(),
                value: percent,
                caption: format!("{}/{}", topic.score, topic.max_score),
            }
        })
        .collect();
    out += "<h2>Score by topic</h2>\n<figure id=\"topic-chart\">\n";
    out += &chart::bar_chart("Score by topic", "% of the points", &topic_bars, 100.0);
    out += "\n<figcaption>Each topic's score as a share of its points, after hints.</figcaption>\n</figure>\n";
    if report.finished {
        out += "<h2>Editorials</h2>\n";
        for editorial in &report.editorials {
            let _ = writeln!(
                out,
                "<section class=\"editorial\" data-slug=\"{slug}\">\n<h3>{slug}: {}</h3>",
                h(&editorial.title),
                slug = h(&editorial.slug)
            );
            for (id, name, body) in [
                ("key-idea", "Key idea", &editorial.key_idea),
                ("complexity", "Complexity", &editorial.complexity),
                (
                    "common-mistakes",
                    "Common mistakes",
                    &editorial.common_mistakes,
                ),
            ] {
                let _ = writeln!(
                    out,
                    "<h4>{name}</h4>\n<div class=\"{id}\"><pre class=\"prose\">{}</pre></div>",
                    h(body.as_deref().unwrap_or("(not written)"))
                );
            }
            if !editorial.wrong_answers.is_empty() {
                out += "<p>Wrong answers in the package:</p>\n<ul class=\"wrong-answers\">\n";
                for name in &editorial.wrong_answers {
                    let _ = writeln!(
                        out,
                        "<li><code>submissions/wrong_answer/{}</code></li>",
                        h(name)
                    );
                }
                out += "</ul>\n";
            }
            if let (Some(path), Some(source)) =
                (&editorial.reference_path, &editorial.reference_source)
            {
                let _ = writeln!(
                    out,
                    "<p>Reference solution (<code>{}</code>):</p>\n<pre class=\"reference\"><code>{}</code></pre>",
                    h(path),
                    h(source)
                );
            }
            out += "</section>\n";
        }
    } else {
        out += "<p>The editorials unlock when the interview is finished.</p>\n";
    }
    out += "</body>\n</html>\n";
    out
}

/// The page's only style: no external resource.
pub(super) const STYLE: &str = "<style>
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }
td[data-field=\"score\"], td[data-field=\"max_score\"] { text-align: right; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; white-space: pre-wrap; }
figure { margin: 1em 0; }
.fake-clock { color: #8a5a00; }
</style>
";
