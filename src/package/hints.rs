//! `check`'s rule on a pyjudge package's interview material: 2 or 3 hints in
//! challenge.toml, an editorial.md with its three sections, and no hint that gives the
//! code away (sharing a line, or a run of 8 tokens, with an accepted submission). Kattis
//! packages have neither and are not asked for them; `check` decides which rules apply.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use super::spec::Challenge;

/// The fewest and the most hints a package has.
pub const HINTS: std::ops::RangeInclusive<usize> = 2..=3;

/// The sections editorial.md has, in this order.
pub const EDITORIAL_SECTIONS: [&str; 3] = ["Key idea", "Complexity", "Common mistakes"];

/// A run of this many tokens shared with an accepted submission is code, not a nudge.
pub const SHARED_TOKENS: usize = 8;

/// A line of an accepted submission with fewer tokens than this (`else:`, `return x`) is
/// too common to count as shared.
const LINE_TOKENS: usize = 4;

/// One thing wrong with the hints or the editorial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HintProblem {
    /// The accepted submission a hint leaks, relative to the package.
    pub submission: Option<String>,
    pub message: String,
}

fn problem(message: String) -> HintProblem {
    HintProblem {
        submission: None,
        message,
    }
}

/// Every problem of `challenge`'s hints and editorial.
pub fn problems(challenge: &Challenge) -> Vec<HintProblem> {
    let mut found = Vec::new();
    let count = challenge.hints.len();
    if !HINTS.contains(&count) {
        found.push(problem(format!(
            "challenge.toml has {count} hints; a package needs {} to {}: `hints = [\"...\", \"...\"]`, progressive nudges, never code",
            HINTS.start(),
            HINTS.end()
        )));
    }
    for (index, hint) in challenge.hints.iter().enumerate() {
        if hint.trim().is_empty() {
            found.push(problem(format!("hint {} is empty", index + 1)));
        }
    }
    found.extend(editorial_problems(&challenge.dir));
    let accepted = challenge.dir.join("submissions/accepted");
    let mut sources: Vec<_> = fs::read_dir(&accepted)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
                .collect()
        })
        .unwrap_or_default();
    sources.sort();
    for path in sources {
        let Ok(source) = fs::read_to_string(&path) else {
            continue;
        };
        let name = path
            .strip_prefix(&challenge.dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        for (index, hint) in challenge.hints.iter().enumerate() {
            if let Some(leak) = leak(hint, &source) {
                found.push(HintProblem {
                    submission: Some(name.clone()),
                    message: format!("hint {} gives the code away: {leak}", index + 1),
                });
            }
        }
    }
    found
}

fn editorial_problems(dir: &Path) -> Vec<HintProblem> {
    let path = dir.join("editorial.md");
    let Ok(text) = fs::read_to_string(&path) else {
        return vec![problem(format!(
            "no editorial.md: a package needs one with the sections {} (docs/package-format.md)",
            sections_list()
        ))];
    };
    let sections = editorial_sections(&text);
    let headings: Vec<&str> = sections
        .iter()
        .map(|(heading, _)| heading.as_str())
        .filter(|heading| {
            EDITORIAL_SECTIONS
                .iter()
                .any(|wanted| wanted.eq_ignore_ascii_case(heading))
        })
        .collect();
    let in_order = headings.len() == EDITORIAL_SECTIONS.len()
        && headings
            .iter()
            .zip(EDITORIAL_SECTIONS)
            .all(|(heading, wanted)| heading.eq_ignore_ascii_case(wanted));
    let mut found = Vec::new();
    if !in_order {
        found.push(problem(format!(
            "editorial.md has the sections [{}]; it needs {} in this order, each a `## ` heading",
            headings.join(", "),
            sections_list()
        )));
    }
    for (heading, body) in &sections {
        if EDITORIAL_SECTIONS
            .iter()
            .any(|wanted| wanted.eq_ignore_ascii_case(heading))
            && body.trim().is_empty()
        {
            found.push(problem(format!(
                "editorial.md: the section {heading:?} is empty"
            )));
        }
    }
    found
}

fn sections_list() -> String {
    EDITORIAL_SECTIONS
        .iter()
        .map(|name| format!("\"## {name}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `## ` sections of an editorial, in order, each with its body.
pub fn editorial_sections(text: &str) -> Vec<(String, String)> {
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            sections.push((heading.trim().to_string(), String::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    sections
}

/// How `hint` gives away `source`, if it does: a whole line of code in it, or a run of
/// [`SHARED_TOKENS`] tokens shared. Comments in the source are not code and do not count.
pub fn leak(hint: &str, source: &str) -> Option<String> {
    let hint_tokens = tokens(hint);
    let hint_text = hint_tokens.join(" ");
    let code: Vec<Vec<String>> = source
        .lines()
        .map(|line| tokens(strip_comment(line)))
        .collect();
    for line in &code {
        if line.len() >= LINE_TOKENS && contains_run(&hint_tokens, line) {
            return Some(format!("it holds the line `{}`", line.join(" ")));
        }
    }
    if hint_tokens.len() < SHARED_TOKENS {
        return None;
    }
    let source_tokens: Vec<String> = code.into_iter().flatten().collect();
    let runs: HashSet<&[String]> = source_tokens.windows(SHARED_TOKENS).collect();
    hint_tokens
        .windows(SHARED_TOKENS)
        .find(|window| runs.contains(window))
        .map(|window| {
            format!(
                "it shares {SHARED_TOKENS} tokens in a row with it: `{}` (in `{hint_text}`)",
                window.join(" ")
            )
        })
}

fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// A line without its `#` comment (a `#` inside a string literal is rare in a reference
/// solution, and cutting there only makes the rule more lenient).
fn strip_comment(line: &str) -> &str {
    line.split_once('#').map_or(line, |(code, _)| code)
}

/// Words and numbers as tokens, each other visible character a token of its own.
fn tokens(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            found.push(std::mem::take(&mut word));
        }
        if !c.is_whitespace() && c != '`' {
            found.push(c.to_string());
        }
    }
    if !word.is_empty() {
        found.push(word);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "def sum_squares(numbers):\n    # add up each square\n    return sum(n * n for n in numbers)\n";

    #[test]
    fn a_nudge_in_words_is_no_leak() {
        assert_eq!(
            leak("Square each number before you add them up.", SOURCE),
            None
        );
        assert_eq!(leak("Return the sum.", SOURCE), None);
    }

    #[test]
    fn a_whole_line_of_code_is_a_leak() {
        let found = leak("Try `return sum(n * n for n in numbers)`.", SOURCE).unwrap();
        assert!(found.contains("holds the line"), "{found}");
    }

    #[test]
    fn eight_tokens_in_a_row_are_a_leak_and_comments_do_not_count() {
        let found = leak("Use sum(n * n for n in ...) on the list", SOURCE).unwrap();
        assert!(found.contains("8 tokens"), "{found}");
        assert_eq!(leak("add up each square of the list", SOURCE), None);
    }
}
