//! Kattis problem packages judged and checked the way Kattis' verifyproblem does: the
//! derived time limit and its cache, the time rule of `check`, and the package errors.

mod common;

use std::path::Path;

use common::{check_json, copy_of, fixture, messages, notes, Scratch};

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
    // The cold check timed the accepted submission once: its outcome is the measurement
    // the limit was derived from, to the tenth of a millisecond.
    let entries = cache_entries(&scratch);
    assert_eq!(entries.len(), 1, "{entries:?}");
    let measured: f64 = entries[0]
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        accepted["max_cpu_ms"].as_f64().unwrap(),
        measured,
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

fn outcome<'a>(package: &'a serde_json::Value, submission: &str) -> &'a serde_json::Value {
    package["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|outcome| outcome["submission"] == submission)
        .unwrap_or_else(|| panic!("no outcome for {submission} in {package}"))
}

#[test]
fn memory_overuse_in_run_time_error_is_what_kattis_expects() {
    let scratch = Scratch::new();
    let (code, package) = check_json(&scratch, &fixture("kattis-folders"));
    assert_eq!(code, 0, "{package}");
    let hog = outcome(&package, "submissions/run_time_error/hog.py");
    assert_eq!(hog["verdict"], "MLE", "{package}");
    assert_eq!(hog["expected"], "RE", "{package}");
    assert_eq!(
        outcome(&package, "submissions/run_time_error/crash.py")["verdict"],
        "RE"
    );
}

#[test]
fn rejected_submissions_must_not_be_accepted() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-folders");
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 0, "{report}");
    let off_by_one = outcome(&report, "submissions/rejected/off_by_one.py");
    assert_eq!(off_by_one["verdict"], "WA", "{report}");
    assert_eq!(off_by_one["expected"], "not AC", "{report}");
    std::fs::copy(
        package.join("submissions/accepted/sum.py"),
        package.join("submissions/rejected/right.py"),
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        messages(&report),
        vec!["expected a rejection, got AC: rejected/ holds submissions that must not be accepted"],
        "{report}"
    );
    assert_eq!(
        report["problems"][0]["submission"],
        "submissions/rejected/right.py"
    );
}

#[test]
fn partially_accepted_in_a_pass_fail_problem_is_judged_as_verifyproblem_does() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-folders");
    let partial = package.join("submissions/partially_accepted");
    std::fs::create_dir(&partial).unwrap();
    std::fs::copy(
        package.join("submissions/accepted/sum.py"),
        partial.join("whole.py"),
    )
    .unwrap();
    std::fs::copy(
        package.join("submissions/wrong_answer/difference.py"),
        partial.join("half.py"),
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    assert!(
        notes(&report).contains(
            &"submissions/partially_accepted/whole.py is fully accepted (verifyproblem warns): move it to accepted/"
                .to_string()
        ),
        "{report}"
    );
    assert_eq!(
        messages(&report),
        vec!["got WA: a pass-fail problem accepts a submission or not, so partially_accepted/ needs a scoring problem (verifyproblem fails it too)"],
        "{report}"
    );
}

#[test]
fn py3_files_and_folder_programs_are_judged_and_python2_is_skipped_with_a_note() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-folders");
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        outcome(&report, "submissions/accepted/sum.py3")["verdict"],
        "AC"
    );
    assert_eq!(
        outcome(&report, "submissions/accepted/program/solve.py")["verdict"],
        "AC"
    );
    let found = notes(&report);
    assert!(
        found.contains(
            &"skipped submissions/wrong_answer/py2.py: its shebang names python2 (Kattis would run it as Python 2); pyjudge judges Python 3 only"
                .to_string()
        ),
        "{found:?}"
    );
    assert!(
        found.contains(
            &"skipped submissions/slow_accepted/: not a folder of the Kattis format that check knows"
                .to_string()
        ),
        "{found:?}"
    );
    assert!(
        !report["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|outcome| outcome["submission"] == "submissions/wrong_answer/py2.py"),
        "{report}"
    );
    // A .py3 program filed as wrong must fail the check: it is really judged.
    std::fs::copy(
        package.join("submissions/accepted/sum.py3"),
        package.join("submissions/wrong_answer/sum.py3"),
    )
    .unwrap();
    // A folder of two Python files is not one program pyjudge can run.
    std::fs::write(
        package.join("submissions/accepted/program/helper.py"),
        "HELP = 1\n",
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    assert_eq!(messages(&report), vec!["expected WA, got AC"], "{report}");
    assert!(
        notes(&report).contains(
            &"skipped submissions/accepted/program/: 2 Python files; pyjudge judges one-file programs (put the program in one file)"
                .to_string()
        ),
        "{report}"
    );
}

#[test]
fn a_test_group_testdata_yaml_sets_the_flags_of_its_cases() {
    let scratch = Scratch::new();
    let four_decimals = "a, b = map(int, input().split())\nprint(f'{a / b:.4f}')\n";
    let (code, report) = scratch.submit(&fixture("kattis-groups"), four_decimals, &["--all-cases"]);
    assert_eq!(code, 1, "{report}");
    let verdicts: Vec<(String, String)> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            (
                format!(
                    "{}/{}",
                    case["group"].as_str().unwrap(),
                    case["name"].as_str().unwrap()
                ),
                case["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        // No flags in data/ or data/sample/: tokens compared as text.
        ("sample/1", "WA"),
        // data/secret/testdata.yaml: float_tolerance 1e-3.
        ("secret/1", "AC"),
        // Inherited by a nested group without a testdata.yaml of its own.
        ("secret/loose/1", "AC"),
        // A nested group's own flags replace its parent's.
        ("secret/strict/1", "WA"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(case, verdict)| (case.to_string(), verdict.to_string()))
        .collect();
    assert_eq!(verdicts, expected, "{report}");
    let (code, package) = check_json(&scratch, &fixture("kattis-groups"));
    assert_eq!(code, 0, "{package}");
}

#[test]
fn input_validators_run_on_every_input_with_their_group_flags() {
    let scratch = Scratch::new();
    // secret/2 holds 100: valid only with the secret group's flag max=1000.
    let (code, report) = check_json(&scratch, &fixture("kattis-validated"));
    assert_eq!(code, 0, "{report}");
    let package = copy_of(&scratch, "kattis-validated");
    std::fs::write(package.join("data/secret/3.in"), "1  2\n").unwrap();
    std::fs::write(package.join("data/secret/3.ans"), "3\n").unwrap();
    std::fs::write(package.join("data/sample/2.in"), "100 1\n").unwrap();
    std::fs::write(package.join("data/sample/2.ans"), "101\n").unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        messages(&report),
        vec![
            "input validator input_validators/validate.py rejects data/sample/2.in: out of range: [100, 1] (bound 10)",
            "input validator input_validators/validate.py rejects data/secret/3.in: expected two integers on one line",
        ],
        "{report}"
    );
    assert_eq!(report["problems"][1]["case"], "secret/3", "{report}");
}

#[test]
fn input_validators_run_with_a_memory_limit_and_without_network() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-validated");
    std::fs::write(
        package.join("problem.yaml"),
        "name: Validated sum\nlimits:\n  time_limit: 1\n  validation_memory: 256\n",
    )
    .unwrap();
    std::fs::write(
        package.join("input_validators/greedy.py"),
        "import socket\nimport sys\n\
         try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n    print('network reachable')\n    sys.exit(1)\n\
         except OSError as error:\n    print('no network:', type(error).__name__)\n\
         try:\n    hoard = bytearray(1024 ** 3)\nexcept MemoryError:\n    print('memory limited')\n    sys.exit(43)\n\
         sys.exit(42)\n",
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    let found = messages(&report);
    assert_eq!(found.len(), 3, "{found:?}");
    for message in &found {
        assert!(
            message.starts_with("input validator input_validators/greedy.py rejects data/")
                && message.contains("memory limited")
                && !message.contains("network reachable"),
            "{found:?}"
        );
    }
}

const CPP_VALIDATOR: &str = r#"#include <cstdio>
#include <cstdlib>
// Two integers of size at most 10, nothing else.
int main() {
    long a, b;
    char rest;
    if (std::scanf("%ld %ld", &a, &b) != 2) { std::puts("expected two integers"); return 43; }
    if (std::scanf(" %c", &rest) == 1) { std::puts("trailing input"); return 43; }
    if (std::labs(a) > 10 || std::labs(b) > 10) { std::puts("out of range"); return 43; }
    return 42;
}
"#;

#[test]
fn a_cpp_input_validator_is_compiled_once_into_the_cache() {
    if !Path::new("/usr/bin/g++").exists() && !Path::new("/usr/bin/c++").exists() {
        eprintln!("skipped: no C++ compiler");
        return;
    }
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-validated");
    std::fs::remove_file(package.join("input_validators/validate.py")).unwrap();
    std::fs::create_dir(package.join("input_validators/tokens")).unwrap();
    std::fs::write(
        package.join("input_validators/tokens/validate.cpp"),
        CPP_VALIDATOR,
    )
    .unwrap();
    let binaries = || {
        std::fs::read_dir(scratch.path().join("cache/kattis-validators"))
            .unwrap()
            .flatten()
            .filter(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with("validator-")
            })
            .count()
    };
    for _ in 0..2 {
        let (code, report) = check_json(&scratch, &package);
        assert_eq!(code, 1, "{report}");
        assert_eq!(
            messages(&report),
            vec![
                "input validator input_validators/tokens/validate.cpp rejects data/secret/2.in: out of range"
            ],
            "{report}"
        );
        assert_eq!(binaries(), 1);
    }
    // Without a compiler on PATH: a clear error, not a panic or a silent pass.
    let output = scratch
        .pyjudge()
        .env("PATH", scratch.path())
        .args(["check", "--format", "json"])
        .arg(&package)
        .output()
        .unwrap();
    let report = common::parse_report(&output);
    let found = messages(&report["packages"][0]);
    assert!(
        found.contains(
            &"cannot compile input validator input_validators/tokens/validate.cpp: no C++ compiler on PATH (looked for g++, c++, clang++); install one (e.g. apt-get install g++)"
                .to_string()
        ),
        "{found:?}"
    );
}

#[test]
fn identical_inputs_and_missing_samples_are_noted_as_verifyproblem_warns() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-validated");
    std::fs::copy(
        package.join("data/secret/1.in"),
        package.join("data/secret/3.in"),
    )
    .unwrap();
    std::fs::copy(
        package.join("data/secret/1.ans"),
        package.join("data/secret/3.ans"),
    )
    .unwrap();
    std::fs::remove_dir_all(package.join("data/sample")).unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 0, "{report}");
    let found = notes(&report);
    assert!(
        found.contains(
            &"identical input files: data/secret/1.in, data/secret/3.in (verifyproblem warns)"
                .to_string()
        ),
        "{found:?}"
    );
    assert!(
        found.contains(&"no sample test data in data/sample/ (verifyproblem warns)".to_string()),
        "{found:?}"
    );
    // No secret data at all is an error.
    std::fs::remove_dir_all(package.join("data/secret")).unwrap();
    std::fs::create_dir(package.join("data/sample")).unwrap();
    std::fs::write(package.join("data/sample/1.in"), "1 2\n").unwrap();
    std::fs::write(package.join("data/sample/1.ans"), "3\n").unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        messages(&report),
        vec!["no secret test data in data/secret/ (verifyproblem: an error)"],
        "{report}"
    );
}

#[test]
fn brute_force_submissions_are_never_wrong_and_never_accepted() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-folders");
    let brute = package.join("submissions/brute_force");
    std::fs::create_dir(&brute).unwrap();
    // Right on small numbers, out of time on secret/2's 100.
    std::fs::write(
        brute.join("slow.py"),
        "a, b = map(int, input().split())\nwhile a > 50:\n    pass\nprint(a + b)\n",
    )
    .unwrap();
    std::fs::write(
        brute.join("sloppy.py"),
        "a, b = map(int, input().split())\nprint(a + b if a < 5 else 1 // (a - 100) - 1)\n",
    )
    .unwrap();
    std::fs::copy(
        package.join("submissions/accepted/sum.py"),
        brute.join("fast.py"),
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        outcome(&report, "submissions/brute_force/slow.py")["verdict"],
        "TLE"
    );
    assert_eq!(
        messages(&report),
        vec![
            "expected a brute force, got AC: brute_force/ holds submissions too slow or crashing on some case",
            "a brute force must never give a wrong answer; it does on secret/1",
        ],
        "{report}"
    );
}

/// The verdict of each case of `report`, as `group/name verdict`.
fn group_verdicts(report: &serde_json::Value) -> Vec<String> {
    report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            format!(
                "{}/{} {}",
                case["group"].as_str().unwrap(),
                case["name"].as_str().unwrap(),
                case["verdict"].as_str().unwrap()
            )
        })
        .collect()
}

const FOUR_DECIMALS: &str = "a, b = map(int, input().split())\nprint(f'{a / b:.4f}')\n";

#[test]
fn problem_yaml_validator_flags_may_be_a_list_as_well_as_a_string() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-groups");
    std::fs::remove_file(package.join("data/secret/testdata.yaml")).unwrap();
    std::fs::remove_file(package.join("data/secret/strict/testdata.yaml")).unwrap();
    for flags in ["float_tolerance 1e-3", "[float_tolerance, 1.0e-3]"] {
        std::fs::write(
            package.join("problem.yaml"),
            format!("name: Divide\nvalidator_flags: {flags}\nlimits:\n  time_limit: 1\n"),
        )
        .unwrap();
        let (code, report) = scratch.submit(&package, FOUR_DECIMALS, &["--all-cases"]);
        assert_eq!(code, 0, "{flags}: {report}");
        assert_eq!(
            group_verdicts(&report),
            [
                "sample/1 AC",
                "secret/1 AC",
                "secret/loose/1 AC",
                "secret/strict/1 AC"
            ],
            "{flags}"
        );
    }
}

#[test]
fn a_test_group_gives_output_validator_args_as_a_list_in_the_2023_format() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-groups");
    std::fs::write(
        package.join("data/secret/testdata.yaml"),
        "output_validator_args: [float_tolerance, \"1e-3\"]\n",
    )
    .unwrap();
    std::fs::write(
        package.join("data/secret/strict/testdata.yaml"),
        "output_validator_args:\n  - float_absolute_tolerance\n  - 1e-9\n",
    )
    .unwrap();
    let (code, report) = scratch.submit(&package, FOUR_DECIMALS, &["--all-cases"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        group_verdicts(&report),
        [
            "sample/1 WA",
            "secret/1 AC",
            "secret/loose/1 AC",
            "secret/strict/1 WA"
        ]
    );
    // A map is no form of output validator arguments: said with the file and the key.
    std::fs::write(
        package.join("data/secret/strict/testdata.yaml"),
        "output_validator_args: {float_tolerance: 1e-9}\n",
    )
    .unwrap();
    let solution = scratch.write("four_decimals.py", FOUR_DECIMALS);
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(&package)
        .arg(&solution)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("data/secret/strict/testdata.yaml")
            && stderr.contains("output_validator_args must be a string or a list of strings"),
        "{stderr}"
    );
}

#[test]
fn input_validator_flags_may_be_a_map_from_validator_name_or_a_list() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-validated");
    let testdata = package.join("data/secret/testdata.yaml");
    // secret/2 holds 100: valid only with max=1000, which the map gives `validate` alone.
    for accepted in [
        "input_validator_flags: {validate: max=1000, other: max=1}\n",
        "input_validator_args:\n  validate.py: [max=1000]\n",
        "input_validator_args: [max=1000]\n",
    ] {
        std::fs::write(&testdata, accepted).unwrap();
        let (code, report) = check_json(&scratch, &package);
        assert_eq!(code, 0, "{accepted}: {report}");
    }
    std::fs::write(&testdata, "input_validator_args: {other: [max=1000]}\n").unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        messages(&report),
        vec![
            "input validator input_validators/validate.py rejects data/secret/2.in: out of range: [100, -3] (bound 10)"
        ],
        "{report}"
    );
}
