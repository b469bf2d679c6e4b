//! Kattis problem packages judged and checked the way Kattis' verifyproblem does: the
//! derived time limit and its cache, the time rule of `check`, and the package errors.

mod common;

use std::path::{Path, PathBuf};

use common::{fixture, Scratch};

/// A copy of a fixture package that a test may change.
fn copy_of(scratch: &Scratch, name: &str) -> PathBuf {
    let target = scratch.path().join(name);
    common::copy_tree(&fixture(name), &target);
    target
}

/// `check --format json` on `package`: the exit code and the package's report.
fn check_json(scratch: &Scratch, package: &Path) -> (i32, serde_json::Value) {
    let output = scratch
        .pyjudge()
        .args(["check", "--format", "json"])
        .arg(package)
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    let report = common::parse_report(&output);
    (
        output.status.code().unwrap_or(-1),
        report["packages"][0].clone(),
    )
}

fn messages(package: &serde_json::Value) -> Vec<String> {
    package["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem["message"].as_str().unwrap().to_string())
        .collect()
}

fn notes(package: &serde_json::Value) -> Vec<String> {
    package["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|note| note.as_str().unwrap().to_string())
        .collect()
}

fn set_limits(package: &Path, limits: &str) {
    std::fs::write(
        package.join("problem.yaml"),
        format!("name: Slow sum\nlimits:\n{limits}"),
    )
    .unwrap();
}

fn cache_entries(scratch: &Scratch) -> Vec<String> {
    let mut entries: Vec<String> =
        std::fs::read_dir(scratch.path().join("cache/kattis-time-limits"))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| std::fs::read_to_string(entry.path()).unwrap())
                    .collect()
            })
            .unwrap_or_default();
    entries.sort();
    entries
}

/// 1.5 s of CPU on the largest case, none on the others: over a 1 s limit, under twice it.
const SLOW_ON_THE_LARGE_CASE: &str = "import time\n\
    n = int(input())\n\
    while n > 1000 and time.process_time() < 1.5:\n    pass\n\
    print(n * (n - 1) // 2)\n";

#[test]
fn changing_time_multiplier_derives_the_limit_again() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-slow");
    // time_multiplier 1: the slowest accepted run (0.6 s) gives a 1 s limit.
    let (code, report) = scratch.submit(&package, SLOW_ON_THE_LARGE_CASE, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        common::case(&report, "2")["message"],
        "CPU time over the limit of 1000 ms",
        "{report}"
    );
    // Ten times the slowest accepted run: the cached 1 s must not be used.
    set_limits(&package, "  time_multiplier: 10\n");
    let (code, report) = scratch.submit(&package, SLOW_ON_THE_LARGE_CASE, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
    let entries = cache_entries(&scratch);
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(
        entries.iter().any(|entry| entry.starts_with("1000 ")),
        "{entries:?}"
    );
}

#[test]
fn the_interpreter_is_part_of_the_time_limit_key() {
    let system_python = Path::new("/usr/bin/python3");
    if !system_python.exists() {
        eprintln!("skipped: no /usr/bin/python3 beside the test interpreter");
        return;
    }
    let scratch = Scratch::new();
    let package = fixture("kattis-product");
    let accepted = package.join("submissions/accepted/product.py");
    let submit = |python: Option<&Path>| {
        let mut command = scratch.pyjudge();
        if let Some(python) = python {
            command.arg("--python").arg(python);
        }
        let output = command
            .args(["submit", "--format", "json"])
            .arg(&package)
            .arg(&accepted)
            .output()
            .unwrap();
        assert_eq!(common::parse_report(&output)["verdict"], "AC");
    };
    submit(None);
    submit(None);
    assert_eq!(cache_entries(&scratch).len(), 1);
    submit(Some(system_python));
    assert_eq!(cache_entries(&scratch).len(), 2);
}

#[test]
fn an_accepted_run_past_the_measuring_cap_is_named_not_truncated() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .env("PYJUDGE_KATTIS_TIME_CAP_MS", "200")
        .args(["submit", "--format", "json"])
        .arg(fixture("kattis-slow"))
        .arg(fixture("kattis-slow/submissions/accepted/loop.py"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("submissions/accepted/loop.py"), "{stderr}");
    assert!(
        stderr.contains("ran past the measuring cap of 200 ms on secret/2"),
        "{stderr}"
    );
    assert!(stderr.contains("PYJUDGE_KATTIS_TIME_CAP_MS"), "{stderr}");
    assert!(cache_entries(&scratch).is_empty());
    scratch.assert_tmp_empty();
}

#[test]
fn kattis_packages_follow_kattis_time_rule_not_the_third_of_the_limit() {
    let scratch = Scratch::new();
    let (code, package) = check_json(&scratch, &fixture("kattis-slow"));
    assert_eq!(code, 0, "{package}");
    assert_eq!(package["ok"], true, "{package}");
    assert!(
        notes(&package).contains(
            &"time limit 1000 ms (the slowest accepted run times 1, rounded up to 1 s); \
              a time-limit-exceeded submission must exceed 2000 ms (safety margin 2)"
                .to_string()
        ),
        "{package}"
    );
    // More than a third of the limit: pyjudge's own rule would fail it, Kattis' does not.
    let accepted = package["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|submission| submission["expected"] == "AC")
        .unwrap();
    assert!(
        accepted["max_cpu_ms"].as_f64().unwrap() > 1000.0 / 3.0,
        "{package}"
    );
}

#[test]
fn a_time_limit_fixture_must_run_past_the_safety_margin() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-slow");
    std::fs::remove_file(package.join("submissions/time_limit_exceeded/spin.py")).unwrap();
    std::fs::write(
        package.join("submissions/time_limit_exceeded/slow.py"),
        SLOW_ON_THE_LARGE_CASE,
    )
    .unwrap();
    // Over the 1 s limit, under 2 s: Kattis' default safety margin makes it a failure.
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    let found = messages(&report);
    assert!(
        found.iter().any(|message| message.contains(
            "over the limit but under the 1000 ms limit times the safety margin 2 (2000 ms)"
        )),
        "{found:?}"
    );
    // A margin of 1.1 holds: the run exceeds 1.1 s.
    set_limits(
        &package,
        "  time_multiplier: 1\n  time_safety_margin: 1.1\n",
    );
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn a_fixed_limit_under_the_multiplier_times_the_slowest_accepted_run_fails() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-slow");
    std::fs::remove_file(package.join("submissions/time_limit_exceeded/spin.py")).unwrap();
    // 0.6 s times 5 is more than the fixed 1 s (verifyproblem: an error).
    set_limits(&package, "  time_limit: 1\n  time_multiplier: 5\n");
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    let found = messages(&report);
    assert!(
        found.iter().any(|message| message.contains("on secret/2")
            && message.contains("over the fixed 1000 ms limit")),
        "{found:?}"
    );
    assert!(
        notes(&report)
            .iter()
            .any(|note| note.starts_with("time limit 1000 ms (fixed by the package)")),
        "{report}"
    );
}

#[test]
fn an_output_validator_beside_validation_default_is_a_package_error() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-pair");
    std::fs::write(
        package.join("problem.yaml"),
        "name: Any pair\nvalidation: default\nlimits:\n  time_limit: 1\n",
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 2, "{report}");
    assert_eq!(report["readable"], false, "{report}");
    let found = messages(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("kattis-pair/problem.yaml")
            && found[0].contains("validation is \"default\" but ")
            && found[0].contains("kattis-pair/output_validators holds an output validator")
            && found[0].contains("hint: write validation: custom in problem.yaml"),
        "{found:?}"
    );
    // Without a `validation` key the legacy format means `default` too.
    std::fs::write(
        package.join("problem.yaml"),
        "name: Any pair\nlimits:\n  time_limit: 1\n",
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 2, "{report}");
    // Format 2023-07 has no `validation`: the validator's presence decides.
    std::fs::write(
        package.join("problem.yaml"),
        "problem_format_version: 2023-07-draft\nname: Any pair\nlimits:\n  time_limit: 1\n",
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 0, "{report}");
}
