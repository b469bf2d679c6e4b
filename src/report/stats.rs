//! The report of `pyjudge stats`: progress per topic over the whole history, the weakest
//! topics and what to practise next, in human, JSON and HTML (with an SVG chart of the
//! challenges solved per topic).

use std::fmt::Write as _;

use crate::clock;
use crate::stats::Stats;

use super::chart::{self, Bar};
use super::escape;

fn rate(value: Option<f64>) -> String {
    value
        .map(|rate| format!("{:.0}%", rate * 100.0))
        .unwrap_or_else(|| "-".into())
}

fn median(value: Option<i64>) -> String {
    value.map(clock::duration).unwrap_or_else(|| "-".into())
}

/// The human report.
pub fn stats_human(stats: &Stats) -> String {
    let mut out = format!(
        "history: {} submissions, {} runs, {} interviews\n",
        stats.submissions, stats.runs, stats.interviews
    );
    if stats.submissions == 0 {
        out += "nothing submitted yet: your progress shows here once you submit (pyjudge submit <challenge> <file>)\n";
    }
    let _ = writeln!(
        out,
        "\n  {:<24} {:>7} {:>9} {:>10} {:>15}",
        "TOPIC", "SOLVED", "ATTEMPTED", "FIRST TRY", "MEDIAN TO AC"
    );
    for topic in &stats.topics {
        let _ = writeln!(
            out,
            "  {:<24} {:>7} {:>9} {:>10} {:>15}",
            escape::terminal_line(&topic.topic),
            format!("{}/{}", topic.solved, topic.challenges),
            topic.attempted,
            rate(topic.first_try_rate),
            median(topic.median_seconds_to_ac)
        );
    }
    if !stats.timeline.is_empty() {
        out += "\nover time (the last 7 days with submissions):\n";
        let skip = stats.timeline.len().saturating_sub(7);
        for day in &stats.timeline[skip..] {
            let _ = writeln!(
                out,
                "  {}  {:>3} submissions  {:>3} newly solved  {:>3} solved in all",
                day.day, day.submissions, day.newly_solved, day.solved_total
            );
        }
    }
    if !stats.weakest_topics.is_empty() {
        let weakest: Vec<String> = stats
            .weakest_topics
            .iter()
            .take(3)
            .map(|topic| escape::terminal_line(topic))
            .collect();
        let _ = writeln!(out, "\nweakest topics: {}", weakest.join(", "));
    }
    if !stats.practise_next.is_empty() {
        out += "practise next:\n";
        for suggestion in &stats.practise_next {
            let _ = writeln!(
                out,
                "  {:<28} {} ({}, {}): {}",
                suggestion.slug,
                escape::terminal_line(&suggestion.title),
                escape::terminal_line(&suggestion.topic),
                suggestion.difficulty,
                suggestion.reason
            );
        }
    }
    out
}

/// The report as one JSON document.
pub fn stats_json(stats: &Stats) -> String {
    super::json_document(stats)
}

/// A self-contained HTML page: the table per topic, a chart of the share solved per topic,
/// the weakest topics and the suggestions.
pub fn stats_html(stats: &Stats) -> String {
    let h = escape::html;
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>pyjudge progress</title>\n",
    );
    out += super::interview::STYLE;
    out += "</head>\n<body>\n<h1>Progress</h1>\n";
    let _ = writeln!(
        out,
        "<p id=\"totals\"><span data-field=\"submissions\">{}</span> submissions, <span data-field=\"runs\">{}</span> runs, <span data-field=\"interviews\">{}</span> interviews.</p>",
        stats.submissions, stats.runs, stats.interviews
    );
    out += "<table id=\"topics\">\n<thead><tr><th>topic</th><th>solved</th><th>challenges</th><th>attempted</th><th>first try</th><th>median time to AC</th></tr></thead>\n<tbody>\n";
    for topic in &stats.topics {
        let _ = writeln!(
            out,
            "<tr><td data-field=\"topic\">{}</td><td data-field=\"solved\">{}</td><td data-field=\"challenges\">{}</td><td data-field=\"attempted\">{}</td><td data-field=\"first_try_rate\">{}</td><td data-field=\"median_to_ac\">{}</td></tr>",
            h(&topic.topic),
            topic.solved,
            topic.challenges,
            topic.attempted,
            rate(topic.first_try_rate),
            h(&median(topic.median_seconds_to_ac))
        );
    }
    out += "</tbody>\n</table>\n";
    let bars: Vec<Bar> = stats
        .topics
        .iter()
        .map(|topic| Bar {
            label: topic.topic.clone(),
            value: 100.0 * topic.solved as f64 / topic.challenges.max(1) as f64,
            caption: format!("{}/{}", topic.solved, topic.challenges),
        })
        .collect();
    out += "<figure id=\"solved-chart\">\n";
    out += &chart::bar_chart(
        "Solved by topic",
        "% of the topic's challenges",
        &bars,
        100.0,
    );
    out += "\n<figcaption>The share of each topic's challenges accepted at least once.</figcaption>\n</figure>\n";
    if !stats.timeline.is_empty() {
        out += "<h2>Over time</h2>\n<table id=\"timeline\">\n<thead><tr><th>day</th><th>submissions</th><th>newly solved</th><th>solved in all</th></tr></thead>\n<tbody>\n";
        for day in &stats.timeline {
            let _ = writeln!(
                out,
                "<tr><td data-field=\"day\">{}</td><td data-field=\"submissions\">{}</td><td data-field=\"newly_solved\">{}</td><td data-field=\"solved_total\">{}</td></tr>",
                h(&day.day),
                day.submissions,
                day.newly_solved,
                day.solved_total
            );
        }
        out += "</tbody>\n</table>\n";
    }
    if !stats.weakest_topics.is_empty() {
        out += "<h2>Weakest topics</h2>\n<ol id=\"weakest\">\n";
        for topic in stats.weakest_topics.iter().take(3) {
            let _ = writeln!(out, "<li>{}</li>", h(topic));
        }
        out += "</ol>\n";
    }
    if !stats.practise_next.is_empty() {
        out += "<h2>Practise next</h2>\n<ul id=\"practise-next\">\n";
        for suggestion in &stats.practise_next {
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {} ({}, {}): {}</li>",
                h(&suggestion.slug),
                h(&suggestion.title),
                h(&suggestion.topic),
                h(&suggestion.difficulty),
                h(&suggestion.reason)
            );
        }
        out += "</ul>\n";
    }
    out += "</body>\n</html>\n";
    out
}
