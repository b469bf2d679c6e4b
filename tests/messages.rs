//! What the candidate reads when a submission fails: one scenario per message, on the real
//! binary and real python3.

mod common;

use std::path::Path;
use std::process::Output;

use common::{case, fixture, Scratch};

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `submit` of the file `name` holding `source`, in the human format, with `extra` flags.
fn submit_human(
    scratch: &Scratch,
    package: &Path,
    name: &str,
    source: &[u8],
    extra: &[&str],
) -> String {
    scratch.write(name, source);
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(package)
        .arg(name)
        .args(extra)
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}{}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[test]
fn a_syntax_error_is_said_once_with_no_rows_of_skipped_cases() {
    let scratch = Scratch::new();
    let text = submit_human(
        &scratch,
        &fixture("double"),
        "broken.py",
        b"def solve(x)\n    return 2 * x\n",
        &["--all-cases"],
    );
    assert!(!text.contains("skipped"), "{text}");
    assert!(!text.contains("CASE"), "{text}");
    assert_eq!(text.matches("SyntaxError").count(), 1, "{text}");
    assert!(
        text.contains("the submission does not load: broken.py:1:13: SyntaxError: expected ':'"),
        "{text}"
    );
    // The JSON report keeps every case, marked skipped.
    let (_, report) = scratch.submit(&fixture("double"), "def solve(x)\n", &[]);
    assert_eq!(report["cases"].as_array().unwrap().len(), 6, "{report}");
    assert_eq!(report["cases"][0]["verdict"], "skipped");
}

#[test]
fn a_third_party_import_says_the_sandbox_offers_the_standard_library_only() {
    let scratch = Scratch::new();
    let text = submit_human(
        &scratch,
        &fixture("double"),
        "framework.py",
        b"import pydantic\n\ndef solve(x):\n    return 2 * x\n",
        &[],
    );
    assert!(
        text.contains("ModuleNotFoundError: No module named 'pydantic'\nhint: the sandbox offers Python's standard library only; \"pydantic\" is not part of it"),
        "{text}"
    );
    // A standard module that does not exist gets no such hint.
    let (_, report) = scratch.submit(&fixture("double"), "import json.nothing_here\n", &[]);
    assert_eq!(report["verdict"], "CE");
    assert!(
        !report["message"].as_str().unwrap().contains("hint:"),
        "{report}"
    );
    // A program's import too.
    let (_, report) = scratch.submit(&fixture("stdio-sum"), "import requests\n", &[]);
    assert_eq!(report["verdict"], "CE");
    assert!(
        report["message"]
            .as_str()
            .unwrap()
            .contains("hint: the sandbox offers Python's standard library only; \"requests\""),
        "{report}"
    );
}

#[test]
fn a_latin1_byte_without_a_coding_line_is_ce_naming_the_line() {
    let scratch = Scratch::new();
    let text = submit_human(
        &scratch,
        &fixture("double"),
        "latin.py",
        b"def solve(x):\n    # caf\xe9\n    return 2 * x\n",
        &[],
    );
    assert!(text.contains("verdict: CE"), "{text}");
    assert!(
        text.contains("latin.py:2:10: SyntaxError: Non-UTF-8 code starting with '\\xe9' on line 2, but no encoding declared"),
        "{text}"
    );
    // With a coding line Python reads it, and so does the judge.
    let solution = scratch.write(
        "declared.py",
        b"# -*- coding: latin-1 -*-\ndef solve(x):\n    # caf\xe9\n    if x < 0:\n        raise ValueError('negative')\n    return 2 * x\n",
    );
    let output = scratch
        .pyjudge()
        .args(["submit", "--format", "json"])
        .arg(fixture("double"))
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn tracebacks_name_the_submitted_path_with_line_and_column() {
    let scratch = Scratch::new();
    std::fs::create_dir(scratch.path().join("work")).unwrap();
    let source = b"def helper(x):\n    return {}[x]\n\ndef solve(x):\n    return helper(x)\n";
    let text = submit_human(&scratch, &fixture("double"), "work/mine.py", source, &[]);
    assert!(
        text.contains("  work/mine.py:5:12: in solve\n        return helper(x)\n"),
        "{text}"
    );
    assert!(text.contains("  work/mine.py:2:12: in helper\n"), "{text}");
    assert!(!text.contains("/judge/"), "{text}");
    let (_, report) = scratch.submit(&fixture("double"), "def solve(x)\n", &[]);
    let message = report["message"].as_str().unwrap();
    assert!(
        message.contains("solution_under_test.py:1:13: SyntaxError"),
        "{report}"
    );
    assert!(!report.to_string().contains("/judge/"), "{report}");
}

#[test]
fn a_failing_sample_shows_what_the_candidate_printed_and_a_secret_case_never() {
    let scratch = Scratch::new();
    // Wrong on the second sample, with prints; wrong on every secret case too.
    let source = b"import sys\n\ndef solve(x):\n    print('looking at', x)\n    print('\\x1b[31mred', file=sys.stderr)\n    return 2 * x if x == 1 else -1\n";
    let text = submit_human(
        &scratch,
        &fixture("double"),
        "prints.py",
        source,
        &["--all-cases"],
    );
    assert!(text.contains("stdout:\n    looking at 2\n"), "{text}");
    assert!(text.contains("stderr:\n    \\x1b[31mred"), "{text}");
    let (_, report) = scratch.submit(
        &fixture("double"),
        std::str::from_utf8(source).unwrap(),
        &["--all-cases"],
    );
    let sample = case(&report, "02-two");
    assert_eq!(sample["verdict"], "WA");
    // In JSON, fields of their own, as printed (the escaping is each format's own).
    assert_eq!(sample["stdout"], "looking at 2", "{sample}");
    assert_eq!(sample["stderr"], "\u{1b}[31mred", "{sample}");
    // A passing sample shows nothing; a secret case never.
    let passing = case(&report, "01-one");
    assert!(passing.get("stdout").is_none(), "{report}");
    assert!(passing.get("details").is_none(), "{report}");
    for name in ["01-five", "02-negative", "03-zero", "04-large"] {
        let secret = case(&report, name);
        assert_eq!(secret["verdict"], "WA", "{secret}");
        assert!(secret.get("details").is_none(), "{secret}");
        assert!(secret.get("stdout").is_none(), "{secret}");
        assert!(secret.get("stderr").is_none(), "{secret}");
    }
    assert!(!report.to_string().contains("looking at 5"), "{report}");
}

/// A package whose harness counts the calls a solution makes and attaches the count as a
/// fact; the answer is the sum, and at most `budget` calls are allowed.
fn counting_package(scratch: &Scratch) -> std::path::PathBuf {
    let package = scratch.path().join("counting");
    std::fs::create_dir_all(package.join("tests/sample")).unwrap();
    std::fs::create_dir_all(package.join("tests/secret")).unwrap();
    std::fs::write(
        package.join("challenge.toml"),
        "title = \"Counting\"\ntopic = \"fixtures\"\ndifficulty = \"easy\"\nkind = \"function\"\n[harness]\ntype = \"custom\"\n[comparison]\nmethod = \"json\"\n",
    )
    .unwrap();
    std::fs::write(package.join("statement.md"), "Sum with few calls.\n").unwrap();
    std::fs::write(
        package.join("starter.py"),
        "def total(fetch, n):\n    pass\n",
    )
    .unwrap();
    std::fs::write(
        package.join("harness.py"),
        "def run(solution, case_input):\n    calls = [0]\n    def fetch(i):\n        calls[0] += 1\n        return i\n    result = solution.total(fetch, case_input['n'])\n    fact('calls', '%d (budget %d)' % (calls[0], case_input['budget']))\n    fact('evil', '\\x1b[2J\\nFORGED')\n    return {'total': result, 'within_budget': calls[0] <= case_input['budget']}\n",
    )
    .unwrap();
    for (group, name, n) in [("sample", "01-three", 3), ("secret", "01-ten", 10)] {
        std::fs::write(
            package.join(format!("tests/{group}/{name}.json")),
            format!(
                "{{\"input\": {{\"n\": {n}, \"budget\": 1}}, \"expected\": {{\"total\": {}, \"within_budget\": true}}}}",
                n * (n - 1) / 2
            ),
        )
        .unwrap();
    }
    package
}

#[test]
fn facts_a_harness_attaches_show_on_a_failing_sample_escaped_and_never_on_a_secret_case() {
    let scratch = Scratch::new();
    let package = counting_package(&scratch);
    let source = b"def total(fetch, n):\n    return sum(fetch(i) for i in range(n))\n";
    let text = submit_human(&scratch, &package, "calls.py", source, &["--all-cases"]);
    assert!(text.contains("harness: calls: 3 (budget 1)"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(
        !text.lines().any(|line| line.starts_with("FORGED")),
        "{text}"
    );
    let (_, report) = scratch.submit(
        &package,
        std::str::from_utf8(source).unwrap(),
        &["--all-cases"],
    );
    let sample = case(&report, "01-three");
    assert_eq!(sample["verdict"], "WA", "{sample}");
    assert_eq!(sample["facts"]["calls"], "3 (budget 1)", "{sample}");
    let secret = case(&report, "01-ten");
    assert_eq!(secret["verdict"], "WA", "{secret}");
    assert!(secret.get("facts").is_none(), "{secret}");
    assert!(!report.to_string().contains("10 (budget"), "{report}");
}
