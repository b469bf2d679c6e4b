//! A package's static rules (`[rules]`: forbidden calls, required constructs, banned
//! imports) checked on the submission's syntax tree before any case runs, and its promises
//! (`[[promises]]`) proved by `check`.

mod common;

use std::path::{Path, PathBuf};

use common::{fixture, Scratch};
use serde_json::Value;

const GOOD: &str = "def squares(numbers):\n    for n in numbers:\n        yield n * n\n\n\ndef sum_squares(numbers):\n    return sum(squares(numbers))\n";

/// Submits `source` to the rules fixture and returns the exit code and the JSON report.
fn submit(scratch: &Scratch, source: &str) -> (i32, Value) {
    scratch.submit(&fixture("rules-squares"), source, &[])
}

/// Asserts a whole-submission WA for a broken rule: the rule's own message at `place`
/// (`line:column` in the submitted file), and no case run.
fn assert_rule_broken(report: &Value, code: i32, message: &str, place: &str) {
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "WA", "{report}");
    let text = report["message"].as_str().unwrap_or_default();
    assert!(text.contains(message), "{text}");
    assert!(
        text.contains(&format!("solution_under_test.py:{place}: ")),
        "{text}"
    );
    assert!(!text.contains("/judge/"), "{text}");
    let verdicts = common::case_verdicts(report);
    assert!(
        verdicts.iter().all(|verdict| verdict == "skipped"),
        "a case ran before the rules were checked: {verdicts:?}"
    );
}

#[test]
fn a_solution_that_keeps_the_rules_is_accepted() {
    let scratch = Scratch::new();
    // `time.sleep` named but not called, and a thread module's name in a string: no rule
    // is broken.
    let source = format!("import time\nDELAY = time.sleep\nNOTE = 'threading'\n{GOOD}");
    let (code, report) = submit(&scratch, &source);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
}

#[test]
fn a_forbidden_call_is_caught_behind_a_from_import_alias() {
    let scratch = Scratch::new();
    let source =
        format!("from time import sleep as nap\n{GOOD}\n\ndef rest():\n    return nap(0)\n");
    let (code, report) = submit(&scratch, &source);
    assert_rule_broken(
        &report,
        code,
        "no sleeping on the job (rule no-sleep)",
        "12:12",
    );
}

#[test]
fn a_forbidden_call_is_caught_behind_a_module_alias_and_an_assignment() {
    let scratch = Scratch::new();
    let source = format!("import time as t\nrest = t.sleep\n{GOOD}\nrest(0)\n");
    let (code, report) = submit(&scratch, &source);
    assert_rule_broken(&report, code, "no sleeping on the job", "11:1");
}

#[test]
fn a_missing_required_construct_is_caught_at_the_function() {
    let scratch = Scratch::new();
    let source = "\n\ndef squares(numbers):\n    return [n * n for n in numbers]\n\n\ndef sum_squares(numbers):\n    return sum(squares(numbers))\n";
    let (code, report) = submit(&scratch, source);
    assert_rule_broken(
        &report,
        code,
        "squares must yield its squares one by one (rule squares-is-a-generator)",
        "3:1",
    );
}

#[test]
fn a_yield_in_a_nested_function_does_not_count_for_the_outer_one() {
    let scratch = Scratch::new();
    let source = "def squares(numbers):\n    def inner():\n        yield from (n * n for n in numbers)\n    return inner()\n\n\ndef sum_squares(numbers):\n    return sum(squares(numbers))\n";
    let (code, report) = submit(&scratch, source);
    assert_rule_broken(&report, code, "squares must yield", "1:1");
}

#[test]
fn a_banned_import_is_caught_in_every_form() {
    let scratch = Scratch::new();
    for (import, place) in [
        ("import threading", "1:1"),
        ("from threading import Thread", "1:1"),
        ("import threading as t", "1:1"),
        ("T = __import__('threading')", "1:5"),
    ] {
        let (code, report) = submit(&scratch, &format!("{import}\n{GOOD}"));
        assert_rule_broken(
            &report,
            code,
            "one thread is plenty (rule no-threads)",
            place,
        );
    }
}

#[test]
fn a_submission_that_does_not_compile_is_still_a_compile_error() {
    let scratch = Scratch::new();
    let (code, report) = submit(&scratch, "import threading\ndef squares(:\n");
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "CE", "{report}");
}

#[test]
fn every_broken_rule_is_listed_in_the_details() {
    let scratch = Scratch::new();
    let source = format!("import threading\nimport time\ntime.sleep(0)\n{GOOD}");
    let (code, report) = submit(&scratch, &source);
    assert_rule_broken(&report, code, "one thread is plenty", "1:1");
    let details = report["details"].as_str().unwrap_or_default();
    assert!(details.contains("no sleeping on the job"), "{details}");
    assert!(details.contains("solution_under_test.py:3:1"), "{details}");
}

fn check(scratch: &Scratch, package: &Path) -> (i32, String) {
    let output = scratch
        .pyjudge()
        .args(["check", "--format", "json"])
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

fn copy_of_rules_package(scratch: &Scratch) -> PathBuf {
    let target = scratch.path().join("rules-squares");
    common::copy_tree(&fixture("rules-squares"), &target);
    target
}

#[test]
fn a_package_whose_promises_are_kept_passes_check() {
    let scratch = Scratch::new();
    let (code, text) = check(&scratch, &fixture("rules-squares"));
    assert_eq!(code, 0, "{text}");
}

#[test]
fn a_promise_whose_breaking_fixture_is_accepted_fails_check() {
    let scratch = Scratch::new();
    let package = copy_of_rules_package(&scratch);
    // The fixture that should break "negative numbers must square to positive ones" is
    // in fact right: the promise is not proved.
    std::fs::write(package.join("submissions/wrong_answer/sign.py"), GOOD).unwrap();
    let (code, text) = check(&scratch, &package);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "the promise \\\"negative numbers must square to positive ones\\\" is not kept"
        ),
        "{text}"
    );
    assert!(text.contains("submissions/wrong_answer/sign.py"), "{text}");
}

#[test]
fn a_promise_enforced_by_a_rule_that_lets_its_fixture_pass_fails_check() {
    let scratch = Scratch::new();
    let package = copy_of_rules_package(&scratch);
    let spec = package.join("challenge.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    // Without the rule, the list-building fixture is accepted.
    let without_rule = text.replace(
        "require = [{ id = \"squares-is-a-generator\", construct = \"yield\", in_function = \"squares\", message = \"squares must yield its squares one by one\" }]\n",
        "",
    );
    let without_rule = without_rule.replace(
        "enforced_by = \"squares-is-a-generator\"",
        "enforced_by = \"no-sleep\"",
    );
    assert_ne!(text, without_rule);
    std::fs::write(&spec, without_rule).unwrap();
    let (code, text) = check(&scratch, &package);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("the promise \\\"squares never builds a list\\\" is not kept"),
        "{text}"
    );
}

#[test]
fn a_promise_naming_no_case_or_rule_is_a_package_error() {
    let scratch = Scratch::new();
    let package = copy_of_rules_package(&scratch);
    let spec = package.join("challenge.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        text.replace("enforced_by = \"secret/02\"", "enforced_by = \"secret/99\""),
    )
    .unwrap();
    let (code, text) = check(&scratch, &package);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("\\\"secret/99\\\" names no case and no rule"),
        "{text}"
    );
}

#[test]
fn event_loop_blocking_is_caught_at_run_time_behind_a_dynamic_alias() {
    let scratch = Scratch::new();
    // No static rule can resolve this name: the watch of the loop's callbacks sees the
    // 150 ms it blocks.
    let source = "import asyncio\n\npause = getattr(__import__('ti' + 'me'), 'sle' + 'ep')\n\n\nasync def double(n):\n    pause(0.15)\n    await asyncio.sleep(0)\n    return 2 * n\n";
    let (code, report) = scratch.submit(&fixture("rules-async"), source, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "WA", "{report}");
    let first = common::case(&report, "01");
    assert_eq!(first["group"], "sample", "{report}");
    let message = first["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("a callback blocked the event loop for")
            && message.contains("more than 100 ms"),
        "{message}"
    );
    assert!(message.contains("solution_under_test.py:8"), "{message}");
    assert!(
        first["event_loop_ms"].as_f64().unwrap() >= 140.0,
        "{report}"
    );
}

#[test]
fn an_async_solution_that_never_blocks_is_accepted() {
    let scratch = Scratch::new();
    let source = "import asyncio\n\n\nasync def double(n):\n    await asyncio.sleep(0.3)\n    return 2 * n\n";
    let (code, report) = scratch.submit(&fixture("rules-async"), source, &[]);
    assert_eq!(code, 0, "{report}");
    // An awaited sleep is not blocking: each callback is short.
    let longest = common::case(&report, "01")["event_loop_ms"]
        .as_f64()
        .unwrap();
    assert!(longest < 100.0, "{report}");
}

#[test]
fn an_async_package_whose_blocking_fixture_fails_passes_check() {
    let scratch = Scratch::new();
    let (code, text) = check(&scratch, &fixture("rules-async"));
    assert_eq!(code, 0, "{text}");
}

#[test]
fn a_parameter_named_like_an_import_is_not_the_import() {
    let scratch = Scratch::new();
    // `sleep` inside squares is whatever the caller passes (as retry decorators take a
    // `sleep=time.sleep` argument), not the module's `from time import sleep`.
    let source = "from time import sleep\n\n\ndef squares(numbers, sleep=print):\n    sleep()\n    for n in numbers:\n        yield n * n\n\n\ndef sum_squares(numbers):\n    return sum(squares(numbers))\n";
    let (code, report) = submit(&scratch, source);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn run_says_which_rule_is_broken_too() {
    let scratch = Scratch::new();
    let solution = scratch.write(
        "solution_under_test.py",
        format!("import threading\n{GOOD}"),
    );
    let output = scratch
        .pyjudge()
        .arg("run")
        .arg(fixture("rules-squares"))
        .arg(&solution)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{text}");
    // `run` names the sandbox's path (/judge/solution.py) in a load failure's message, as
    // it does for a syntax error: the place is what matters here.
    assert!(
        text.contains(":1:1: one thread is plenty (rule no-threads)"),
        "{text}"
    );
    scratch.assert_tmp_empty();
}

#[test]
fn a_promise_whose_case_does_not_catch_its_fixture_fails_check() {
    let scratch = Scratch::new();
    let package = copy_of_rules_package(&scratch);
    let spec = package.join("challenge.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    // secret/01 sums an empty list: the sign mistake passes it, so it enforces nothing.
    std::fs::write(
        &spec,
        text.replace("enforced_by = \"secret/02\"", "enforced_by = \"secret/01\""),
    )
    .unwrap();
    let (code, text) = check(&scratch, &package);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "submissions/wrong_answer/sign.py passes secret/01, the case that should catch it"
        ),
        "{text}"
    );
}

#[test]
fn a_promise_whose_rule_its_fixture_does_not_break_fails_check() {
    let scratch = Scratch::new();
    let package = copy_of_rules_package(&scratch);
    let spec = package.join("challenge.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    // The list-building fixture breaks the generator rule, not the sleeping one.
    std::fs::write(
        &spec,
        text.replace(
            "enforced_by = \"squares-is-a-generator\"",
            "enforced_by = \"no-sleep\"",
        ),
    )
    .unwrap();
    let (code, text) = check(&scratch, &package);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("list_of_squares.py does not break rule no-sleep (it gets WA)"),
        "{text}"
    );
}
