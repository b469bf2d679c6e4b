//! `pyjudge check` on a sound fixture package and on deliberately broken copies of it.

mod common;

use std::path::{Path, PathBuf};

use common::{fixture, Scratch};

/// A copy of the sound `squares` fixture that a test may break.
fn copy_of_squares(scratch: &Scratch) -> PathBuf {
    let target = scratch.path().join("squares");
    common::copy_tree(&fixture("squares"), &target);
    target
}

fn check(scratch: &Scratch, package: &Path, format: &str) -> (i32, String) {
    let output = scratch
        .pyjudge()
        .args(["check", "--format", format])
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

#[test]
fn a_sound_package_passes() {
    let scratch = Scratch::new();
    let (code, text) = check(&scratch, &fixture("squares"), "human");
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("squares  OK"), "{text}");
}

#[test]
fn a_slug_names_a_package_of_the_library() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(fixture(""))
        .args(["check", "squares"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("squares  OK"), "{text}");
}

#[test]
fn an_accepted_solution_filed_as_wrong_answer_fails_the_check() {
    let scratch = Scratch::new();
    let package = copy_of_squares(&scratch);
    std::fs::copy(
        package.join("submissions/accepted/reference.py"),
        package.join("submissions/wrong_answer/actually_right.py"),
    )
    .unwrap();
    let (code, text) = check(&scratch, &package, "human");
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("submissions/wrong_answer/actually_right.py: expected WA, got AC"),
        "{text}"
    );
}

#[test]
fn a_corrupt_challenge_toml_makes_the_package_unreadable() {
    let scratch = Scratch::new();
    let package = copy_of_squares(&scratch);
    std::fs::write(
        package.join("challenge.toml"),
        "title = \"Sum of squares\"\nkind = [\n",
    )
    .unwrap();
    let (code, text) = check(&scratch, &package, "human");
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("UNREADABLE"), "{text}");
    assert!(text.contains("squares/challenge.toml"), "{text}");
}

#[test]
fn a_secret_case_with_a_wrong_expected_answer_is_named() {
    let scratch = Scratch::new();
    let package = copy_of_squares(&scratch);
    std::fs::write(
        package.join("tests/secret/05.json"),
        r#"{"input": {"args": [[1, 2, 3, 4]]}, "expected": 31}"#,
    )
    .unwrap();
    let (code, text) = check(&scratch, &package, "human");
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "submissions/accepted/reference.py on secret/05: expected AC, got WA on secret/05"
        ),
        "{text}"
    );
}

#[test]
fn a_mistake_caught_only_by_samples_means_weak_tests() {
    let scratch = Scratch::new();
    let package = copy_of_squares(&scratch);
    std::fs::write(
        package.join("submissions/wrong_answer/sample_only.py"),
        "def sum_squares(numbers):\n    if numbers == [3]:\n        return 0\n    return sum(n * n for n in numbers)\n",
    )
    .unwrap();
    let (code, text) = check(&scratch, &package, "human");
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("sample_only.py: fails only sample cases"),
        "{text}"
    );
}

#[test]
fn a_time_limit_fixture_that_finishes_in_time_says_by_how_much() {
    let scratch = Scratch::new();
    let package = copy_of_squares(&scratch);
    std::fs::copy(
        package.join("submissions/accepted/reference.py"),
        package.join("submissions/time_limit_exceeded/fast.py"),
    )
    .unwrap();
    let (code, text) = check(&scratch, &package, "human");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("time_limit_exceeded/fast.py"), "{text}");
    assert!(text.contains("under the 500 ms limit"), "{text}");
}

#[test]
fn duplicate_inputs_too_few_cases_and_an_accepted_starter_are_named() {
    let scratch = Scratch::new();
    let package = copy_of_squares(&scratch);
    std::fs::copy(
        package.join("tests/secret/02.json"),
        package.join("tests/secret/99.json"),
    )
    .unwrap();
    std::fs::remove_file(package.join("tests/sample/03.json")).unwrap();
    std::fs::copy(
        package.join("submissions/accepted/reference.py"),
        package.join("starter.py"),
    )
    .unwrap();
    let (code, text) = check(&scratch, &package, "human");
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("secret/99 has the same input as secret/02"),
        "{text}"
    );
    assert!(
        text.contains("2 sample cases in tests/sample/; a package needs at least 3"),
        "{text}"
    );
    assert!(text.contains("the starter is accepted"), "{text}");
}

#[test]
fn json_and_junit_reports_carry_the_same_verdicts() {
    let scratch = Scratch::new();
    let (code, text) = check(&scratch, &fixture("squares"), "json");
    assert_eq!(code, 0, "{text}");
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["ok"], true);
    let submissions = report["packages"][0]["submissions"].as_array().unwrap();
    assert_eq!(submissions.len(), 5);
    for submission in submissions {
        assert_eq!(
            submission["verdict"], submission["expected"],
            "{submission}"
        );
    }
    let (_, xml) = check(&scratch, &fixture("squares"), "junit");
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 6, "{xml}");
    assert!(!xml.contains("<failure"), "{xml}");
}

#[test]
fn kattis_packages_are_checked_with_non_python_submissions_skipped() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .arg("check")
        .arg(fixture("kattis-product"))
        .arg(fixture("kattis-pair"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("kattis-product  OK"), "{text}");
    assert!(text.contains("kattis-pair     OK"), "{text}");
    assert!(
        text.contains("skipped submissions/accepted/product.cpp"),
        "{text}"
    );
}

#[test]
fn a_kattis_time_limit_follows_the_default_rule_from_the_accepted_submission() {
    let scratch = Scratch::new();
    let spin = fixture("kattis-product").join("submissions/time_limit_exceeded/spin.py");
    let output = scratch
        .pyjudge()
        .args(["submit", "--format", "json"])
        .arg(fixture("kattis-product"))
        .arg(&spin)
        .output()
        .unwrap();
    let report = common::parse_report(&output);
    assert_eq!(report["verdict"], "TLE", "{report}");
    // The accepted solution takes milliseconds: times 5, rounded up to whole seconds, is 1 s.
    // On a machine loaded past its cores the spin can meet the wall-clock cap derived from
    // that limit (2 x 1000 + 2000 ms) first: either message names the 1 s limit.
    let message = report["cases"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message == "CPU time over the limit of 1000 ms"
            || message.starts_with("wall-clock cap of 4000 ms reached"),
        "{report}"
    );
}

#[test]
fn a_kattis_output_validator_judges_and_its_message_shows_on_samples() {
    let scratch = Scratch::new();
    let (code, report) = scratch.submit(
        &fixture("kattis-pair"),
        "n = int(input())\nprint(0, n)\n",
        &[],
    );
    assert_eq!(code, 1);
    assert_eq!(report["cases"][0]["verdict"], "WA");
    assert_eq!(report["cases"][0]["message"], "0 + 10 is not 10");
    let (code, report) = scratch.submit(
        &fixture("kattis-pair"),
        "n = int(input())\nprint(n - 1, 1)\n",
        &[],
    );
    assert_eq!(code, 0, "{report}");
}

#[test]
fn kattis_default_validator_flags_apply() {
    let scratch = Scratch::new();
    // Nine decimals: "6.000000000" where the answer file says "6", equal only within the
    // package's `float_tolerance 1e-6`.
    let nine_decimals = "a, b = map(float, input().split())\nprint(f'{a * b:.9f}')\n";
    let (code, report) =
        scratch.submit(&fixture("kattis-product"), nine_decimals, &["--all-cases"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
    assert_eq!(common::case_verdicts(&report), vec!["AC"; 6], "{report}");
    // Beyond the tolerance: 6.00006 is 6e-5 off, 1e-5 relative.
    let off = "a, b = map(float, input().split())\nprint(f'{a * b * (1 + 1e-5):.9f}')\n";
    let (code, report) = scratch.submit(&fixture("kattis-product"), off, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "WA", "{report}");
    assert_eq!(
        report["cases"][0]["message"], "at token 1: expected \"6\", got \"6.000060000\"",
        "{report}"
    );
    // Without the flags the same nine decimals are compared as tokens, and fail.
    let package = scratch.path().join("kattis-product");
    common::copy_tree(&fixture("kattis-product"), &package);
    let problem = std::fs::read_to_string(package.join("problem.yaml")).unwrap();
    assert!(
        problem.contains("validator_flags: float_tolerance 1e-6\n"),
        "{problem}"
    );
    std::fs::write(
        package.join("problem.yaml"),
        problem.replace("validator_flags: float_tolerance 1e-6\n", ""),
    )
    .unwrap();
    let (code, report) = scratch.submit(&package, nine_decimals, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        report["cases"][0]["message"], "at token 1: expected \"6\", got \"6.000000000\"",
        "{report}"
    );
}

#[test]
fn a_statement_naming_a_cpu_figure_that_disagrees_with_the_limits_fails() {
    let scratch = Scratch::new();
    let package = copy_of_squares(&scratch);
    let statement = package.join("statement.md");
    let mut text = std::fs::read_to_string(&statement).unwrap();
    text.push_str("\nYour solution must finish within 2 seconds of CPU time.\n");
    std::fs::write(&statement, &text).unwrap();
    let line = text.lines().count();
    let (code, output) = check(&scratch, &package, "human");
    assert_eq!(code, 1, "{output}");
    assert!(
        output.contains(&format!("statement.md:{line} says \"2 seconds\"")),
        "{output}"
    );
    assert!(output.contains("ms of CPU time"), "{output}");

    // Said without a figure, the same sentence passes.
    text = text.replace(
        "within 2 seconds of CPU time",
        "within the challenge's CPU limit",
    );
    std::fs::write(&statement, &text).unwrap();
    let (code, output) = check(&scratch, &package, "human");
    assert_eq!(code, 0, "{output}");
}
