//! What a statement says of the limits: a CPU time or a memory figure written in
//! statement.md must agree with challenge.toml, which `pyjudge show` prints (better still,
//! the statement names no figure at all). Reads text only.

use super::spec::Limits;

/// A figure of the statement that disagrees with the package's limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// 1-based line of statement.md.
    pub line: usize,
    /// The figure as written ("2 seconds", "256 MB").
    pub figure: String,
    /// What challenge.toml says instead ("3000 ms of CPU time").
    pub limit: String,
}

/// Every CPU time figure in a sentence that speaks of CPU time, and every memory figure in
/// a sentence that speaks of memory or a limit, that differs from `limits`.
pub fn disagreements(statement: &str, limits: &Limits) -> Vec<Disagreement> {
    let mut found = Vec::new();
    for sentence in sentences(statement) {
        let lower = sentence.text.to_lowercase();
        let about_cpu = lower.contains("cpu");
        let about_memory = lower.contains("memory") || lower.contains("limit");
        for figure in figures(&sentence.text) {
            let line = sentence.first_line + figure.line_offset;
            match figure.quantity {
                Quantity::Millis(ms) if about_cpu && (ms - limits.cpu_ms as f64).abs() > 0.5 => {
                    found.push(Disagreement {
                        line,
                        figure: figure.text,
                        limit: format!("{} ms of CPU time", limits.cpu_ms),
                    });
                }
                Quantity::Kilobytes(kb)
                    if about_memory && (kb - limits.memory_kb as f64).abs() > 0.5 =>
                {
                    found.push(Disagreement {
                        line,
                        figure: figure.text,
                        limit: format!("{} MB of memory", limits.memory_kb / 1024),
                    });
                }
                _ => {}
            }
        }
    }
    found
}

struct Sentence {
    text: String,
    first_line: usize,
}

/// Sentences: split at a blank line and at `.`, `!`, `?` or `;` followed by white space (so
/// that "0.5 s" stays whole). Code blocks are left out: figures there are code, not claims.
fn sentences(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut current = String::new();
    let mut first_line = 1;
    let mut in_code = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            flush(&mut sentences, &mut current, first_line);
            continue;
        }
        if in_code {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut sentences, &mut current, first_line);
            continue;
        }
        if current.is_empty() {
            first_line = number;
        }
        let mut rest = line;
        while let Some(end) = sentence_end(rest) {
            current.push_str(&rest[..=end]);
            flush(&mut sentences, &mut current, first_line);
            first_line = number;
            rest = &rest[end + 1..];
        }
        current.push_str(rest);
        current.push('\n');
    }
    flush(&mut sentences, &mut current, first_line);
    sentences
}

fn flush(sentences: &mut Vec<Sentence>, current: &mut String, first_line: usize) {
    if !current.trim().is_empty() {
        sentences.push(Sentence {
            text: std::mem::take(current),
            first_line,
        });
    }
    current.clear();
}

/// The byte index of the first sentence end in `line`: a `.`, `!`, `?` or `;` followed by
/// white space or the end of the line.
fn sentence_end(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&index| {
        matches!(bytes[index], b'.' | b'!' | b'?' | b';')
            && bytes
                .get(index + 1)
                .is_none_or(|next| next.is_ascii_whitespace())
            && index + 1 < bytes.len()
    })
}

enum Quantity {
    Millis(f64),
    Kilobytes(f64),
}

struct Figure {
    text: String,
    quantity: Quantity,
    line_offset: usize,
}

/// Numbers followed by a unit of time or memory ("2 s", "1.5 seconds", "256MB", "3000 ms").
fn figures(sentence: &str) -> Vec<Figure> {
    let mut figures = Vec::new();
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let (start, character) = chars[index];
        let starts_number = character.is_ascii_digit()
            && (index == 0 || !is_word(chars[index - 1].1) && chars[index - 1].1 != '.');
        if !starts_number {
            index += 1;
            continue;
        }
        let mut end = index;
        while end < chars.len()
            && (chars[end].1.is_ascii_digit() || chars[end].1 == '.' || chars[end].1 == ',')
        {
            end += 1;
        }
        // A trailing separator belongs to the sentence, not the number.
        while end > index && matches!(chars[end - 1].1, '.' | ',') {
            end -= 1;
        }
        let number_text: String = chars[index..end]
            .iter()
            .map(|&(_, c)| c)
            .filter(|&c| c != ',')
            .collect();
        let mut unit_start = end;
        while unit_start < chars.len() && chars[unit_start].1 == ' ' {
            unit_start += 1;
        }
        let mut unit_end = unit_start;
        while unit_end < chars.len() && chars[unit_end].1.is_ascii_alphabetic() {
            unit_end += 1;
        }
        let unit: String = chars[unit_start..unit_end]
            .iter()
            .map(|&(_, c)| c)
            .collect();
        let Ok(value) = number_text.parse::<f64>() else {
            index = end.max(index + 1);
            continue;
        };
        let quantity = match unit.as_str() {
            "ms" | "millisecond" | "milliseconds" => Some(Quantity::Millis(value)),
            "s" | "sec" | "secs" | "second" | "seconds" => Some(Quantity::Millis(value * 1000.0)),
            "KB" | "kB" | "KiB" => Some(Quantity::Kilobytes(value)),
            "MB" | "MiB" => Some(Quantity::Kilobytes(value * 1024.0)),
            "GB" | "GiB" => Some(Quantity::Kilobytes(value * 1024.0 * 1024.0)),
            _ => None,
        };
        if let Some(quantity) = quantity {
            let end_byte = chars.get(unit_end).map_or(sentence.len(), |&(at, _)| at);
            figures.push(Figure {
                text: sentence[start..end_byte].to_string(),
                quantity,
                line_offset: sentence[..start].matches('\n').count(),
            });
        }
        index = unit_end.max(index + 1);
    }
    figures
}

fn is_word(character: char) -> bool {
    character.is_alphanumeric() || character == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(cpu_ms: u64, memory_mb: u64) -> Limits {
        Limits {
            cpu_ms,
            wall_ms: cpu_ms * 3 + 2000,
            memory_kb: memory_mb * 1024,
            output_bytes: 1 << 20,
            processes: 64,
        }
    }

    #[test]
    fn a_cpu_figure_that_disagrees_is_found_with_its_line() {
        let text = "# Title\n\nSolve it.\nIt must run within\n2 seconds of CPU time. Fine.\n";
        let found = disagreements(text, &limits(3000, 256));
        assert_eq!(
            found,
            vec![Disagreement {
                line: 5,
                figure: "2 seconds".into(),
                limit: "3000 ms of CPU time".into()
            }]
        );
    }

    #[test]
    fn figures_that_agree_or_are_not_limits_pass() {
        let text = "The CPU limit is 3 s and memory 256 MB.\n\nCall sleep(0.5 s) in the retry; a timeout of 5 seconds.\n\n```python\nlimit(cpu=2, memory=12MB)\n```\n";
        assert_eq!(disagreements(text, &limits(3000, 256)), vec![]);
    }

    #[test]
    fn a_memory_figure_that_disagrees_is_found() {
        let text = "Your solution has a memory limit of 128MB.\n";
        let found = disagreements(text, &limits(1000, 256));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].figure, "128MB");
        assert_eq!(found[0].limit, "256 MB of memory");
    }

    #[test]
    fn decimals_and_thousands_are_read_whole() {
        let text = "At most 1,500 ms of CPU, or 1.5 s.\n";
        assert_eq!(disagreements(text, &limits(1500, 256)), vec![]);
        assert_eq!(disagreements(text, &limits(2000, 256)).len(), 2);
    }
}
