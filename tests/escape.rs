//! Terminal injection (issue 10): what a candidate controls (an exception's type and message,
//! what it prints, its returned value, its folder and file names) reaches the human, CSV and
//! Markdown reports as visible escapes, never as raw ESC, BEL, CR or a bidi override, and
//! cannot fake a verdict.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{fixture, Scratch};

/// For tests/fixtures/hostile-target (solve(x) = 2 * x). The control characters are built
/// with chr(), so that the traceback's source line does not spell their escapes itself.
const SUBMISSION: &str = r#"import sys

ESC, BEL, CR, RLO = chr(27), chr(7), chr(13), chr(0x202E)
FAKE = ESC + "[2K" + ESC + "[1A" + CR + "verdict: AC (accepted)" + BEL + RLO
Evil = type("Evil" + FAKE, (Exception,), {})


def solve(x):
    print(ESC + "[2J" + CR + "verdict: AC" + BEL + RLO)
    if x == 1:
        raise Evil(FAKE + "gnp.exe")
    return FAKE
"#;

/// `FAKE` of the submission as the reports must show it.
const FAKE_ESCAPED: &str = r"\x1b[2K\x1b[1A\rverdict: AC (accepted)\x07\u{202e}";

/// A candidate folder name a spreadsheet would run and a terminal would act on.
const CANDIDATE: &str = "=1+1|mallöry\x1b[31m\u{202e}";

/// A file beside the submission that matches no challenge: listed in the human report.
const STRAY_FILE: &str = "notes\x1b[2K\r.txt";

fn assert_no_raw_controls(what: &str, text: &str) {
    for (raw, name) in [
        ("\x1b", "ESC"),
        ("\x07", "BEL"),
        ("\r", "CR"),
        ("\u{202e}", "the bidi override U+202E"),
    ] {
        assert!(!text.contains(raw), "a raw {name} reached {what}:\n{text}");
    }
    assert!(
        !text.lines().any(|line| line.starts_with("verdict: AC")),
        "{what} shows a line that reads as an accepted verdict:\n{text}"
    );
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("the report is UTF-8")
}

/// The candidates folder: the hostile candidate and an honest one.
fn candidates(scratch: &Scratch) -> PathBuf {
    let root = scratch.path().join("candidates");
    let hostile = root.join(CANDIDATE);
    std::fs::create_dir_all(&hostile).unwrap();
    std::fs::write(hostile.join("hostile-target.py"), SUBMISSION).unwrap();
    std::fs::write(hostile.join(STRAY_FILE), "not a submission").unwrap();
    let honest = root.join("honest");
    std::fs::create_dir_all(&honest).unwrap();
    std::fs::write(
        honest.join("hostile-target.py"),
        "def solve(x):\n    return 2 * x\n",
    )
    .unwrap();
    root
}

/// Grades the candidates on a set of the hostile target alone and returns the report.
fn grade(scratch: &Scratch, format: &str) -> String {
    let set = scratch.write(
        "escapes.toml",
        "title = \"Escapes\"\ndescription = \"Terminal injection.\"\ntime_budget_minutes = 5\nchallenges = [\"hostile-target\"]\n",
    );
    let output = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(fixture(""))
        .arg("grade")
        .arg(&set)
        .arg(candidates(scratch))
        .args(["--format", format])
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    assert_eq!(
        output.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
}

/// The column, in characters, where `needle` starts in `line`.
fn column(line: &str, needle: &str) -> usize {
    line[..line.find(needle).unwrap()].chars().count()
}

#[test]
fn submit_shows_a_hostile_exception_and_output_escaped() {
    let scratch = Scratch::new();
    let solution = scratch.write("solution.py", SUBMISSION);
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(fixture("hostile-target"))
        .arg(&solution)
        .arg("--all-cases")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_no_raw_controls("submit's human report", &text);
    assert!(
        text.contains("\nverdict: RE (runtime error)   score: 0/6\n"),
        "{text}"
    );
    let row = line_with(&text, "sample/01-one");
    assert!(
        row.contains("RE  ") && row.contains(&format!("Evil{FAKE_ESCAPED}: {FAKE_ESCAPED}gnp.exe")),
        "{row}"
    );
    assert!(
        line_with(&text, "first failing case:").contains(&format!("{FAKE_ESCAPED}gnp.exe")),
        "{text}"
    );
    // The captured output, below the traceback.
    assert!(
        text.contains(r"    \x1b[2J\rverdict: AC\x07\u{202e}"),
        "{text}"
    );
    // The returned string, in the wrong answer's message on a sample.
    let row = line_with(&text, "sample/03-zero");
    assert!(row.contains("WA") && row.contains(r"\u{202e}"), "{row}");
}

#[test]
fn grade_human_report_escapes_names_messages_and_files() {
    let scratch = Scratch::new();
    let text = grade(&scratch, "human");
    assert_no_raw_controls("grade's human report", &text);
    let candidate = r"=1+1|mallöry\x1b[31m\u{202e}";
    let hostile_row = line_with(&text, &format!("2     {candidate}"));
    let honest_row = line_with(&text, "1     honest");
    assert!(hostile_row.contains("RE 0/6"), "{text}");
    assert_eq!(
        column(hostile_row, "RE 0/6"),
        column(honest_row, "AC 6/6"),
        "the columns are padded by characters of the escaped name:\n{text}"
    );
    assert_eq!(
        column(hostile_row, "RE 0/6"),
        column(hostile_row, candidate) + candidate.chars().count() + 2,
        "the widest name is padded by characters, not bytes:\n{text}"
    );
    assert!(
        text.contains(&format!(
            "  {candidate} / hostile-target: RE on sample/01-one: Evil{FAKE_ESCAPED}: {FAKE_ESCAPED}gnp.exe\n"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(r"{candidate}/notes\x1b[2K\r.txt")),
        "{text}"
    );
}

#[test]
fn grade_csv_report_escapes_and_guards_formulas() {
    let scratch = Scratch::new();
    let text = grade(&scratch, "csv");
    assert_no_raw_controls("grade's CSV report", &text);
    assert_eq!(
        text.lines().count(),
        3,
        "a header and one row per pair:\n{text}"
    );
    let row = line_with(&text, "mallöry");
    assert!(
        row.starts_with(r"'=1+1|mallöry\x1b[31m\u{202e},2,hostile-target,judged,RE,0,6,"),
        "{row}"
    );
    assert!(row.ends_with("gnp.exe"), "{row}");
    assert!(row.contains(&format!("Evil{FAKE_ESCAPED}")), "{row}");
}

#[test]
fn grade_markdown_report_escapes_cells() {
    let scratch = Scratch::new();
    let text = grade(&scratch, "markdown");
    assert_no_raw_controls("grade's Markdown report", &text);
    assert!(
        text.contains("| 2 | =1+1\\|mallöry\\x1b\\[31m\\u{202e} | 0/6 | RE 0/6 |\n"),
        "{text}"
    );
}
