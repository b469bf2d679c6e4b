//! "Predict the output" challenges (kind = "predict"): the candidate's file is read, never
//! run; each snippet runs in the sandbox and its real stdout is the expected answer, shown
//! on a sample and never on a secret snippet; `check` refuses a snippet that prints
//! differently from one run to the next.

mod common;

use std::path::PathBuf;

use common::{case, fixture, Scratch};

/// The secret snippet `hidden` prints this; no report may ever show it.
const HIDDEN_OUTPUT: &str = "quokka-zebra";

fn answers(squares: &str, hidden: &str, defaults: &str) -> String {
    format!(
        "ANSWERS = {{\n    \"squares\": \"\"\"\n{squares}\"\"\",\n    \"hidden\": \"\"\"\n{hidden}\"\"\",\n    \"defaults\": \"\"\"\n{defaults}\"\"\",\n}}\n"
    )
}

/// Runs `pyjudge submit` in the human format: exit code, stdout and stderr together.
fn submit_human(scratch: &Scratch, source: &str, extra: &[&str]) -> (i32, String) {
    let solution = scratch.write("answers.py", source);
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(fixture("predict-tiny"))
        .arg(&solution)
        .args(extra)
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

fn check(scratch: &Scratch, package: &std::path::Path) -> (i32, String) {
    let output = scratch
        .pyjudge()
        .args(["check", "--format", "human"])
        .arg(package)
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

fn copy_of_fixture(scratch: &Scratch) -> PathBuf {
    let target = scratch.path().join("predict-tiny");
    common::copy_tree(&fixture("predict-tiny"), &target);
    target
}

#[test]
fn a_right_prediction_is_accepted_with_trailing_space_and_blank_lines_ignored() {
    let scratch = Scratch::new();
    // Trailing spaces, an extra blank line at the start and at the end: all ignored.
    let source = answers("0 0   \n1 1\n2 4\n\n", "\nquokka-zebra\n", "[1, 2]");
    let (code, report) = scratch.submit(&fixture("predict-tiny"), &source, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
    assert_eq!(
        common::case_verdicts(&report),
        ["AC", "AC", "AC"],
        "{report}"
    );
}

#[test]
fn a_wrong_prediction_on_a_sample_shows_the_difference() {
    let scratch = Scratch::new();
    let source = answers("0 0\n1 1\n2 2\n", "quokka-zebra\n", "[1, 2]\n");
    let (code, report) = scratch.submit(&fixture("predict-tiny"), &source, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "WA", "{report}");
    let sample = case(&report, "squares");
    let message = sample["message"].as_str().unwrap();
    assert!(
        message.contains("line 3") && message.contains("\"2 4\"") && message.contains("\"2 2\""),
        "{message}"
    );
    let details = sample["details"].as_str().unwrap();
    assert!(
        details.contains("the snippet printed")
            && details.contains("- 2 4")
            && details.contains("+ 2 2"),
        "{details}"
    );
}

#[test]
fn a_wrong_prediction_on_a_secret_snippet_shows_nothing_of_its_output() {
    let scratch = Scratch::new();
    let source = answers("0 0\n1 1\n2 4\n", "zebra-quokka\n", "[1, 2]\n");
    let (code, report) = scratch.submit(&fixture("predict-tiny"), &source, &["--all-cases"]);
    assert_eq!(code, 1, "{report}");
    let hidden = case(&report, "hidden");
    assert_eq!(hidden["verdict"], "WA", "{report}");
    assert_eq!(
        hidden["message"], "wrong answer on a hidden case",
        "{report}"
    );
    assert!(
        !report.to_string().contains(HIDDEN_OUTPUT),
        "the JSON report leaks the secret snippet's output: {report}"
    );
    let (code, text) = submit_human(&scratch, &source, &["--all-cases"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        !text.contains(HIDDEN_OUTPUT),
        "the human report leaks the secret snippet's output: {text}"
    );
    assert!(text.contains("secret/hidden"), "{text}");
}

#[test]
fn a_missing_prediction_is_a_wrong_answer_naming_the_snippet() {
    let scratch = Scratch::new();
    let source = "ANSWERS = {\"squares\": \"0 0\\n1 1\\n2 4\\n\"}\n";
    let (code, report) = scratch.submit(&fixture("predict-tiny"), source, &["--all-cases"]);
    assert_eq!(code, 1, "{report}");
    let hidden = case(&report, "hidden");
    assert_eq!(hidden["verdict"], "WA", "{report}");
    let message = hidden["message"].as_str().unwrap();
    assert!(
        message.contains("no prediction for snippet \"hidden\""),
        "{message}"
    );
}

#[test]
fn a_malformed_prediction_file_is_a_compile_error_naming_the_file_and_line() {
    let scratch = Scratch::new();
    for (source, expected) in [
        (
            "\"\"\"Doc.\"\"\"\n\nANSWERS = {\n    \"squares\": 42,\n}\n",
            "answers.py:4:16: SyntaxError: ANSWERS['squares'] must be a string",
        ),
        ("ANSWERS = {\"squares\": \"\"\"\n0 0\n", "answers.py:1:"),
        (
            "PREDICTIONS = {}\n",
            "answers.py:1:1: SyntaxError: only ANSWERS",
        ),
        ("x = 1\n", "only ANSWERS = {...} is read here"),
        ("# nothing yet\n", "no ANSWERS = {...}"),
    ] {
        let (code, text) = submit_human(&scratch, source, &[]);
        assert_eq!(code, 1, "{source}: {text}");
        assert!(text.contains("CE"), "{source}: {text}");
        assert!(
            text.contains(expected),
            "{source}: wanted {expected:?} in {text}"
        );
    }
}

#[test]
fn the_prediction_file_is_never_run() {
    let scratch = Scratch::new();
    let marker = scratch.path().join("ran");
    // Code that would print the snippets' output itself, or leave a file, if it ran.
    let source = format!(
        "open({:?}, \"w\").close()\nANSWERS = {{\"squares\": __import__(\"subprocess\").getoutput(\"python3 -c 'print(1)'\")}}\n",
        marker.display().to_string()
    );
    let (code, text) = submit_human(&scratch, &source, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("CE"), "{text}");
    assert!(text.contains("answers.py:1:1"), "{text}");
    assert!(!marker.exists(), "the prediction file ran");
    let source = format!(
        "ANSWERS = {{\"squares\": open({:?}, \"w\").name}}\n",
        marker.display().to_string()
    );
    let (code, text) = submit_human(&scratch, &source, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("string literals only"), "{text}");
    assert!(!marker.exists(), "the prediction file ran");
}

#[test]
fn check_passes_a_sound_predict_package() {
    let scratch = Scratch::new();
    let (code, text) = check(&scratch, &fixture("predict-tiny"));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("predict-tiny  OK"), "{text}");
}

#[test]
fn a_snippet_that_prints_differently_on_each_run_fails_check() {
    let scratch = Scratch::new();
    let package = copy_of_fixture(&scratch);
    let code = "import os\n\nprint(os.urandom(8).hex())\n";
    std::fs::write(package.join("tests/secret/token.py"), code).unwrap();
    let statement = std::fs::read_to_string(package.join("statement.md")).unwrap();
    std::fs::write(
        package.join("statement.md"),
        format!("{statement}\n## `token`\n\n```python\n{code}```\n"),
    )
    .unwrap();
    let (code, text) = check(&scratch, &package);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("tests/secret/token.py printed differently on two runs"),
        "{text}"
    );
}

#[test]
fn a_snippet_that_raises_or_is_missing_from_the_statement_fails_check() {
    let scratch = Scratch::new();
    let package = copy_of_fixture(&scratch);
    std::fs::write(
        package.join("tests/secret/crash.py"),
        "print('partial')\nraise KeyError('boom')\n",
    )
    .unwrap();
    let (code, text) = check(&scratch, &package);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("the statement does not show tests/secret/crash.py verbatim"),
        "{text}"
    );
    assert!(
        text.contains("snippet tests/secret/crash.py failed: it raised KeyError"),
        "{text}"
    );
}

#[test]
fn show_names_the_sample_snippets_and_prints_no_output() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .arg("show")
        .arg(fixture("predict-tiny"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("(python-internals, easy, predict)"), "{text}");
    // The statement shows every snippet's code, the secret ones too.
    assert!(text.contains("print(\"-\".join(sorted(words)))"), "{text}");
    assert!(
        text.contains("sample squares\n  snippet: tests/sample/squares.py"),
        "{text}"
    );
    assert!(!text.contains(HIDDEN_OUTPUT), "{text}");
    assert!(
        !text.contains("2 4"),
        "a sample's output is shown by submit only: {text}"
    );
}

#[test]
fn run_shows_a_sample_snippets_output_and_refuses_a_secret_one() {
    let scratch = Scratch::new();
    let solution = scratch.write("answers.py", answers("0 0\n", "", ""));
    let output = scratch
        .pyjudge()
        .arg("run")
        .arg(fixture("predict-tiny"))
        .arg(&solution)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report = common::parse_report(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    let case = &report["cases"][0];
    assert_eq!(case["name"], "sample/squares", "{report}");
    assert_eq!(case["expected"], "0 0\n1 1\n2 4\n", "{report}");
    assert_eq!(case["verdict"], "WA", "{report}");
    let output = scratch
        .pyjudge()
        .arg("run")
        .arg(fixture("predict-tiny"))
        .arg(&solution)
        .args(["--case", "hidden"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(!text.contains(HIDDEN_OUTPUT), "{text}");
    scratch.assert_tmp_empty();
}
