//! Kattis interactive problems: the candidate in the sandbox, the package's interactor
//! outside it, joined by pipes; the verdict in Kattis' precedence. The fixture is a small
//! "guess the number" after problemtools' guess example (tests/fixtures/kattis-guess).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use common::{check_json, copy_of, fixture, Scratch};

/// `submit --format json` of one of the fixture's submissions on `package`: the exit code
/// and the report; nothing may be left in the TMPDIR, and no process of the run (the
/// interactor's included) may outlive it.
fn submit(scratch: &Scratch, package: &Path, submission: &str) -> (i32, Value) {
    let output = scratch
        .pyjudge()
        .args(["submit", "--format", "json"])
        .arg(package)
        .arg(fixture("kattis-guess/submissions").join(submission))
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    let report = common::parse_report(&output);
    // The interactor's command line names the scratch folder (its cache and feedback
    // folder): another test's run never does.
    let left = common::processes_with(&scratch.path().display().to_string());
    assert!(left.is_empty(), "processes left behind: {left:?}");
    (output.status.code().unwrap_or(-1), report)
}

fn first_case(report: &Value) -> &Value {
    &report["cases"][0]
}

#[test]
fn a_submission_that_guesses_right_is_accepted_on_every_case() {
    let scratch = Scratch::new();
    let (code, report) = submit(
        &scratch,
        &fixture("kattis-guess"),
        "accepted/binary_search.py",
    );
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
    assert_eq!(
        common::case_verdicts(&report),
        ["AC", "AC", "AC", "AC"],
        "{report}"
    );
}

#[test]
fn an_interactor_that_rejects_before_the_candidate_ends_gives_a_wrong_answer() {
    let scratch = Scratch::new();
    // After ten guesses the interactor rejects and exits; the candidate then dies of the
    // closed pipe, which Kattis does not hold against it.
    let (code, report) = submit(
        &scratch,
        &fixture("kattis-guess"),
        "wrong_answer/counts_up.py",
    );
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "WA", "{report}");
    assert_eq!(
        first_case(&report)["message"],
        "the interactor rejected it: no correct guess in 10 guesses",
        "{report}"
    );
}

#[test]
fn a_candidate_waiting_for_input_forever_runs_out_of_time() {
    let scratch = Scratch::new();
    // Each waits for the other: the candidate's wall-clock cap ends it, and the
    // interactor's rejection that follows does not count.
    let (code, report) = submit(
        &scratch,
        &fixture("kattis-guess"),
        "time_limit_exceeded/waits_for_input.py",
    );
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "TLE", "{report}");
    let message = first_case(&report)["message"].as_str().unwrap();
    assert!(message.contains("wall-clock cap"), "{report}");
}

#[test]
fn a_candidate_that_crashes_before_the_interactor_rejects_is_a_runtime_error() {
    let scratch = Scratch::new();
    let (code, report) = submit(
        &scratch,
        &fixture("kattis-guess"),
        "run_time_error/crashes.py",
    );
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "RE", "{report}");
    let message = first_case(&report)["message"].as_str().unwrap();
    assert!(message.contains("ValueError"), "{report}");
}

#[test]
fn a_candidate_writing_megabytes_without_reading_does_not_deadlock() {
    let scratch = Scratch::new();
    let started = Instant::now();
    let (code, report) = submit(&scratch, &fixture("kattis-guess"), "wrong_answer/floods.py");
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "WA", "{report}");
    // WA, not TLE: the interactor read ten guesses and left, and the candidate's blocked
    // write ended with the broken pipe; nobody waited for a wall-clock cap.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn an_interactor_that_crashes_is_the_judges_error_and_named() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-guess");
    std::fs::write(
        package.join("output_validators/interactor/interactor.py"),
        "raise RuntimeError('the interactor is broken')\n",
    )
    .unwrap();
    let (code, report) = submit(&scratch, &package, "accepted/binary_search.py");
    assert_eq!(code, 2, "{report}");
    assert_eq!(report["verdict"], "IE", "{report}");
    let case = first_case(&report);
    assert_eq!(
        case["message"],
        "the interactor output_validators/interactor/interactor.py exited with code 1 (42 accepts, 43 rejects)",
        "{report}"
    );
}

#[test]
fn an_interactor_that_never_ends_is_killed_and_the_judges_error() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-guess");
    // It ignores the end of the candidate's output and sleeps on.
    std::fs::write(
        package.join("output_validators/interactor/interactor.py"),
        "import sys, time\nsys.stdin.read()\ntime.sleep(600)\n",
    )
    .unwrap();
    let started = Instant::now();
    let (code, report) = submit(&scratch, &package, "accepted/binary_search.py");
    assert_eq!(code, 2, "{report}");
    assert_eq!(report["verdict"], "IE", "{report}");
    let message = first_case(&report)["message"].as_str().unwrap();
    assert!(
        message.contains("was still running 2000 ms after the submission had ended"),
        "{report}"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// `check` of an interactive package: it holds, and each of the fixture's submissions gets
/// its folder's verdict.
fn assert_check_holds(scratch: &Scratch, package: &Path) {
    let (code, report) = check_json(scratch, package);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["ok"], true, "{report}");
    let verdicts: Vec<(String, String)> = report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|submission| {
            (
                submission["submission"].as_str().unwrap().to_string(),
                submission["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("submissions/accepted/binary_search.py", "AC"),
        ("submissions/wrong_answer/counts_up.py", "WA"),
        ("submissions/wrong_answer/floods.py", "WA"),
        ("submissions/run_time_error/crashes.py", "RE"),
        ("submissions/time_limit_exceeded/waits_for_input.py", "TLE"),
    ];
    for (name, verdict) in expected {
        assert!(
            verdicts.contains(&(name.to_string(), verdict.to_string())),
            "{name} should get {verdict}: {verdicts:?}"
        );
    }
}

#[test]
fn check_gets_the_verdict_of_every_submissions_folder() {
    let scratch = Scratch::new();
    assert_check_holds(&scratch, &fixture("kattis-guess"));
}

/// The fixture's interactor in C++, compiled as a C++ output validator is.
const CPP_INTERACTOR: &str = r#"#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

static std::string feedback;

[[noreturn]] static void finish(int code, const std::string& message) {
    std::ofstream(feedback + "judgemessage.txt") << message << "\n";
    std::exit(code);
}

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    if (argc < 4) return 1;
    feedback = argv[3];
    std::ifstream input(argv[1]);
    long secret = 0;
    input >> secret;
    for (int number = 1; number <= 10; ++number) {
        long guess;
        if (!(std::cin >> guess)) finish(43, "the submission ended or wrote no number");
        if (guess == secret) {
            std::cout << "correct" << std::endl;
            finish(42, "guessed in " + std::to_string(number));
        }
        std::cout << (guess > secret ? "lower" : "higher") << std::endl;
    }
    finish(43, "no correct guess in 10 guesses");
}
"#;

#[test]
fn a_compiled_cpp_interactor_judges_as_the_python_one_does() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-guess");
    let folder = package.join("output_validators/interactor");
    std::fs::remove_file(folder.join("interactor.py")).unwrap();
    std::fs::write(folder.join("interactor.cc"), CPP_INTERACTOR).unwrap();
    assert_check_holds(&scratch, &package);
}

#[test]
fn the_2023_format_says_interactive_in_type_and_scoring_beside_it_is_refused() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-guess");
    let write_type = |kind: &str| {
        std::fs::write(
            package.join("problem.yaml"),
            format!(
                "problem_format_version: 2023-07-draft\nname: Guess\ntype: {kind}\n\
                 limits:\n  time_limit: 1\n"
            ),
        )
        .unwrap();
    };
    write_type("interactive");
    let (code, report) = submit(&scratch, &package, "accepted/binary_search.py");
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
    write_type("[interactive, scoring]");
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(&package)
        .arg(fixture(
            "kattis-guess/submissions/accepted/binary_search.py",
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("problem.yaml")
            && stderr.contains("an interactive scoring problem is not supported"),
        "{stderr}"
    );
    scratch.assert_tmp_empty();
}

/// `run` refuses an interactive package up front (exit 2, naming `submit`), before any
/// case or runner starts.
#[test]
fn run_refuses_an_interactive_package_up_front_and_names_submit() {
    let scratch = Scratch::new();
    let submission = fixture("kattis-guess/submissions/accepted/binary_search.py");
    let output = scratch
        .pyjudge()
        .arg("run")
        .arg(fixture("kattis-guess"))
        .arg(&submission)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(
        stdout.is_empty(),
        "no case may run or be reported: {stdout}"
    );
    assert!(
        stderr.contains("it is an interactive problem")
            && stderr.contains(&format!(
                "pyjudge submit {}",
                fixture("kattis-guess").display()
            ))
            && stderr.contains(&submission.display().to_string()),
        "{stderr}"
    );
    scratch.assert_tmp_empty();
}

#[test]
fn what_an_interactor_wrote_before_it_ended_is_read_and_then_the_end_of_file() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-guess");
    // It accepts without reading anything: its words must still reach the candidate, and
    // then the candidate's stdin must end (not wait for the wall-clock cap).
    std::fs::write(
        package.join("output_validators/interactor/interactor.py"),
        "import os\nprint('hello', flush=True)\nos._exit(42)\n",
    )
    .unwrap();
    let solution = scratch.write(
        "late_reader.py",
        "import sys, time\ntime.sleep(0.3)\nassert input() == 'hello'\nassert sys.stdin.read() == ''\n",
    );
    let output = scratch
        .pyjudge()
        .args(["submit", "--format", "json"])
        .arg(&package)
        .arg(&solution)
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    let report = common::parse_report(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert_eq!(
        common::case_verdicts(&report),
        ["AC", "AC", "AC", "AC"],
        "{report}"
    );
}
