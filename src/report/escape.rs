//! Escaping text a candidate controls (exception types and messages, captured output, file
//! and folder names) before a human-facing format shows it; one function per format. JSON and
//! JUnit escape in their own writers.

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

/// One CSV field: a leading `=`, `+`, `-`, `@`, tab or CR, which a spreadsheet would run as a
/// formula, gets a `'` before it; control characters become visible escapes, so that a row
/// stays on one line; a field with a comma or a quote is quoted.
pub fn csv_field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    let escaped = terminal_line(&guarded);
    if escaped.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", escaped.replace('"', "\"\""))
    } else {
        escaped
    }
}

/// One Markdown table cell: `|` cannot end the cell, backticks, brackets and backslashes
/// start no code span, link or escape, `<`, `>` and `&` are entities rather than HTML, and
/// control characters (newlines included) become visible escapes.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => push_visible(&mut out, c),
        }
    }
    out
}

/// Text in an HTML page, inside an element or a quoted attribute: `<`, `>`, `&`, `"` and `'`
/// become entities, so that no text starts a tag, an entity or ends an attribute; control
/// characters other than newline and tab, and bidi overrides, become visible escapes (XML
/// cannot hold most of them at all, and a browser would act on the others).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c => push_visible(&mut out, c),
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

    #[test]
    fn html_starts_no_tag_entity_or_attribute() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\"\x1b"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\\x1b"
        );
        assert_eq!(html("a\nb"), "a\nb");
    }

    #[test]
    fn csv_field_guards_formulas() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\t=1"), "'\\t=1");
        assert_eq!(csv_field("\r=1"), "'\\r=1");
        assert_eq!(csv_field("alice"), "alice");
        assert_eq!(csv_field("12.5"), "12.5");
    }

    #[test]
    fn csv_field_quotes_and_stays_on_one_line() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(
            csv_field(&format!("x{FAKE_VERDICT}\nnext")),
            "x\\x1b[2K\\x1b[1A\\rverdict: AC\\x07\\nnext"
        );
    }

    #[test]
    fn markdown_cell_escapes_table_and_markup() {
        assert_eq!(markdown_cell("a|b"), "a\\|b");
        assert_eq!(markdown_cell("`code`"), "\\`code\\`");
        assert_eq!(markdown_cell("[x](http://y)"), "\\[x\\](http://y)");
        assert_eq!(markdown_cell("a\\|b"), "a\\\\\\|b");
        assert_eq!(
            markdown_cell("<img src=x onerror=alert(1)> & &#x1b;"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; &amp;#x1b;"
        );
        assert_eq!(markdown_cell("two\nlines\u{202e}"), "two\\nlines\\u{202e}");
        assert_eq!(markdown_cell("AC 6/6"), "AC 6/6");
    }
}
