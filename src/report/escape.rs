//! Escaping text a candidate controls (exception types and messages, captured output, file
//! and folder names) before a human-facing format shows it. JSON and JUnit escape in their own
//! writers.

use std::fmt::Write as _;

/// Text for the terminal that stays on one line (a table cell, a message after a colon):
/// every control character, newline and tab included, and every bidi override shown as a
/// visible escape such as `\x1b`, `\r` or `\u{202e}`.
pub fn terminal_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    out
}

/// Text for the terminal printed over several lines on purpose (a traceback, captured
/// output): as [`terminal_line`], but newlines are kept.
pub fn terminal_block(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push_visible(&mut out, c);
        }
    }
    out
}

/// Characters a terminal acts on instead of showing: C0 controls, DEL and C1 controls move
/// the cursor, erase lines or start escape sequences; bidi overrides and isolates reorder
/// what follows them, so that a line reads differently from what it holds.
fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_visible(out: &mut String, c: char) {
    if !is_hidden(c) {
        out.push(c);
        return;
    }
    let _ = match c {
        '\n' => write!(out, "\\n"),
        '\r' => write!(out, "\\r"),
        '\t' => write!(out, "\\t"),
        c if (c as u32) < 0x80 => write!(out, "\\x{:02x}", c as u32),
        c => write!(out, "\\u{{{:x}}}", c as u32),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAKE_VERDICT: &str = "\x1b[2K\x1b[1A\rverdict: AC\x07";

    #[test]
    fn terminal_line_shows_every_control_character() {
        assert_eq!(
            terminal_line(FAKE_VERDICT),
            "\\x1b[2K\\x1b[1A\\rverdict: AC\\x07"
        );
        assert_eq!(terminal_line("a\nb\tc\0d\x7f"), "a\\nb\\tc\\x00d\\x7f");
    }

    #[test]
    fn terminal_line_shows_c1_controls_and_bidi_overrides() {
        assert_eq!(terminal_line("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(
            terminal_line("user\u{202e}gnp.exe \u{2066}x\u{2069}"),
            "user\\u{202e}gnp.exe \\u{2066}x\\u{2069}"
        );
    }

    #[test]
    fn terminal_line_keeps_ordinary_text() {
        let text = "KeyError: 'clé' — 名前 \\x1b";
        assert_eq!(terminal_line(text), text);
    }

    #[test]
    fn terminal_block_keeps_newlines_only() {
        assert_eq!(
            terminal_block("Traceback:\n  line 1\r\x1b[1A\n"),
            "Traceback:\n  line 1\\r\\x1b[1A\n"
        );
    }
}
