//! `pyjudge run`: the candidate's code on sample cases or on an input of their own, with the
//! reference solution's observation beside it; secret cases are never run.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{copy_tree, fixture, parse_report, Scratch};

/// A copy of fixture `name` with `reference` as its submissions/accepted/ solution.
fn package_with_reference(scratch: &Scratch, name: &str, reference: &str) -> PathBuf {
    let package = scratch.path().join(name);
    copy_tree(&fixture(name), &package);
    std::fs::create_dir_all(package.join("submissions/accepted")).unwrap();
    std::fs::write(package.join("submissions/accepted/reference.py"), reference).unwrap();
    package
}

fn double_package(scratch: &Scratch) -> PathBuf {
    package_with_reference(scratch, "double", "def solve(x):\n    return 2 * x\n")
}

fn run(scratch: &Scratch, args: &[&str]) -> (i32, String, String) {
    let output: Output = scratch.pyjudge().arg("run").args(args).output().unwrap();
    scratch.assert_tmp_empty();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_sample_run_shows_the_candidates_prints_and_the_references_answer() {
    let scratch = Scratch::new();
    let package = double_package(&scratch);
    scratch.write(
        "mine.py",
        "def solve(x):\n    print('looking at', x)\n    return x + x\n",
    );
    let (code, stdout, stderr) = run(
        &scratch,
        &[package.to_str().unwrap(), "mine.py", "--case", "02-two"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("case sample/02-two: AC"), "{stdout}");
    assert!(stdout.contains("call: {\"args\":[2]}"), "{stdout}");
    assert!(stdout.contains("your stdout: looking at 2"), "{stdout}");
    assert!(stdout.contains("reference ("), "{stdout}");
    assert!(!stdout.contains("sample/01-one"), "{stdout}");

    let output = scratch
        .pyjudge()
        .args([
            "run",
            package.to_str().unwrap(),
            "mine.py",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let report = parse_report(&output);
    let cases = report["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2, "{report}");
    assert_eq!(cases[1]["name"], "sample/02-two");
    assert_eq!(cases[1]["expected"], "4");
    assert_eq!(cases[1]["candidate"]["stdout"], "looking at 2\n");
    assert_eq!(cases[1]["reference"]["observation"], 4);
    assert_eq!(report["agrees"], true);
}

#[test]
fn a_custom_call_shows_both_observations_and_agreement() {
    let scratch = Scratch::new();
    let package = double_package(&scratch);
    scratch.write("right.py", "def solve(x):\n    return x * 2\n");
    let (code, stdout, stderr) = run(
        &scratch,
        &[
            package.to_str().unwrap(),
            "right.py",
            "--call",
            r#"{"args": [21]}"#,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let case = &report["cases"][0];
    assert_eq!(case["name"], "custom");
    assert_eq!(case["candidate"]["observation"], 42);
    assert_eq!(case["reference"]["observation"], 42);
    assert_eq!(case["verdict"], "AC");
    assert_eq!(case["agrees"], true);
}

#[test]
fn a_wrong_solution_disagrees_with_the_reference_on_a_custom_call() {
    let scratch = Scratch::new();
    let package = double_package(&scratch);
    scratch.write(
        "wrong.py",
        "def solve(x):\n    return 7 if x == 3 else 2 * x\n",
    );
    let (code, stdout, stderr) = run(
        &scratch,
        &[
            package.to_str().unwrap(),
            "wrong.py",
            "--call",
            r#"{"args": [3]}"#,
        ],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("case custom: WA (wrong answer: differs from the reference's answer)"),
        "{stdout}"
    );
    let yours = stdout.find("yours (").expect(&stdout);
    let reference = stdout.find("reference (").expect(&stdout);
    assert!(stdout[yours..reference].contains("\n    7\n"), "{stdout}");
    assert!(stdout[reference..].contains("\n    6\n"), "{stdout}");
    assert!(stdout.contains("0 of 1 case agrees"), "{stdout}");
}

#[test]
fn a_secret_case_is_refused_by_name() {
    let scratch = Scratch::new();
    let package = double_package(&scratch);
    scratch.write("right.py", "def solve(x):\n    return x * 2\n");
    let (code, stdout, stderr) = run(
        &scratch,
        &[package.to_str().unwrap(), "right.py", "--case", "01-five"],
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("\"01-five\": it is a secret case"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: the sample cases are: 01-one, 02-two"),
        "{stderr}"
    );

    let (code, _, stderr) = run(
        &scratch,
        &[package.to_str().unwrap(), "right.py", "--case", "03-nine"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("failed to find case \"03-nine\""),
        "{stderr}"
    );
    assert!(stderr.contains("01-one, 02-two"), "{stderr}");
}

#[test]
fn a_stdio_input_of_your_own_is_fed_to_both_programs() {
    let scratch = Scratch::new();
    let package = package_with_reference(
        &scratch,
        "stdio-sum",
        "import sys\nprint(sum(int(t) for t in sys.stdin.read().split()))\n",
    );
    scratch.write(
        "skips_first.py",
        "import sys\nnumbers = [int(t) for t in sys.stdin.read().split()]\n\
         print('read', numbers, file=sys.stderr)\nprint(sum(numbers[1:]))\n",
    );
    scratch.write("numbers.txt", "10 20\n5\n");
    let (code, stdout, stderr) = run(
        &scratch,
        &[
            package.to_str().unwrap(),
            "skips_first.py",
            "--input",
            "numbers.txt",
        ],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("stdin:\n    10 20\n    5\n"), "{stdout}");
    assert!(stdout.contains("your stderr: read [10, 20, 5]"), "{stdout}");
    assert!(stdout.contains("expected \"35\", got \"25\""), "{stdout}");

    scratch.write("right.py", "print(sum(map(int, open(0).read().split())))\n");
    let (code, stdout, stderr) = run(
        &scratch,
        &[
            package.to_str().unwrap(),
            "right.py",
            "--input",
            "numbers.txt",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("AC (agrees with the reference's answer)"),
        "{stdout}"
    );
}

#[test]
fn tracebacks_name_the_files_as_given_with_line_and_column() {
    let scratch = Scratch::new();
    let package = double_package(&scratch);
    std::fs::create_dir_all(scratch.path().join("work")).unwrap();
    scratch.write(
        "work/mine.py",
        "def solve(x):\n    values = []\n    return values[x]\n",
    );
    let package = package.to_str().unwrap();
    let (code, stdout, _) = run(&scratch, &[package, "work/mine.py", "--case", "01-one"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("work/mine.py:3:"), "{stdout}");
    assert!(!stdout.contains("/judge/solution.py"), "{stdout}");
    let (_, json, _) = run(
        &scratch,
        &[
            package,
            "work/mine.py",
            "--case",
            "01-one",
            "--format",
            "json",
        ],
    );
    assert!(json.contains("work/mine.py:3:"), "{json}");
    assert!(!json.contains("/judge/solution.py"), "{json}");
}
