//! `check` against Kattis' own `verifyproblem` (problemtools 1.20260907) on problemtools'
//! example packages, trimmed under tests/fixtures/kattis-real-*: each fixture keeps
//! verifyproblem's output in its `verifyproblem.txt` (how it was run is said at its top),
//! and `check --format json` must give every Python submission verifyproblem judged the
//! same verdict (and score), and every package error verifyproblem reported must be one
//! of `check`'s, or a difference the README lists, which the test then finds in `check`'s
//! notes.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{check_json, copy_of, notes, Scratch};

/// What verifyproblem said of a package: its Python submissions' verdicts and scores, and
/// its errors.
struct Recorded {
    /// (submission relative to submissions/, verdict, score) of each Python program.
    verdicts: Vec<(String, String, Option<u64>)>,
    errors: Vec<String>,
}

fn recorded(package: &Path) -> Recorded {
    let text = std::fs::read_to_string(package.join("verifyproblem.txt")).unwrap();
    let mut verdicts = Vec::new();
    let mut errors = Vec::new();
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let line = line.trim();
        if let Some(error) = line.strip_prefix("ERROR ") {
            errors.push(error.to_string());
        }
        // `accepted/js.py (Python 3 (CPython 3.11.7)) OK: AC (100) [CPU: ...]`, or for a
        // submission in the wrong folder `ERROR wrong_answer/x.py (Python 3 (...)) got AC`.
        let line = line.strip_prefix("ERROR ").unwrap_or(line);
        let Some((name, _)) = line.split_once(" (Python 3") else {
            continue;
        };
        let Some((_, result)) = line
            .split_once(") OK: ")
            .or_else(|| line.split_once(") got "))
        else {
            continue;
        };
        let mut words = result.split_whitespace();
        let verdict = words.next().unwrap().to_string();
        let score = words
            .next()
            .and_then(|word| word.strip_prefix('(')?.strip_suffix(')')?.parse().ok());
        verdicts.push((name.to_string(), verdict, score));
    }
    assert!(
        !verdicts.is_empty(),
        "no Python verdict in {}",
        package.display()
    );
    Recorded { verdicts, errors }
}

/// verifyproblem's verdict as pyjudge names it: Kattis files memory overuse under RTE.
fn same_verdict(kattis: &str, pyjudge: &str) -> bool {
    match kattis {
        "RTE" => pyjudge == "RE" || pyjudge == "MLE",
        _ => kattis == pyjudge,
    }
}

/// The differences the README lists ("Where pyjudge still differs from Kattis"): an error
/// of verifyproblem's (by a piece of its text) and the note `check` gives instead, if any.
const KNOWN_DIFFERENCES: &[(&str, Option<&str>)] = &[
    // A python2 program: Kattis runs it as Python 2 (here its PyPy was missing, hence
    // a compile error); pyjudge judges Python 3 only and skips it with a note.
    (
        "Compile error for accepted/different_py2.py (Python 2",
        Some("skipped submissions/accepted/different_py2.py: its shebang names python2"),
    ),
    // A folder the format does not know: an error for verifyproblem, a note for pyjudge.
    (
        "Submission slow_accepted/different_slow.py does not match any known submissions directory",
        Some("skipped submissions/slow_accepted/: not a folder of the Kattis format that check knows"),
    ),
    // No input validator: an error for verifyproblem, a note for pyjudge.
    (
        "No input format validators found",
        Some("no input validator in input_validators/ (verifyproblem requires one)"),
    ),
    // pyjudge reads no statement (the Code Jam packages' statements are HTML, which
    // verifyproblem does not take; these copies leave them out).
    ("Names exist for languages without problem statements", None),
];

/// `check --format json` on a copy of the fixture agrees with its recorded verifyproblem
/// run.
fn agrees_with_verifyproblem(fixture: &str) {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, fixture);
    let recorded = recorded(&package);
    let (code, report) = check_json(&scratch, &package);
    agree(&recorded, code, &report);
}

fn agree(recorded: &Recorded, code: i32, report: &Value) {
    for (name, verdict, score) in &recorded.verdicts {
        let submission = format!("submissions/{name}");
        let outcome = report["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|outcome| outcome["submission"] == submission.as_str())
            .unwrap_or_else(|| panic!("check did not judge {submission}: {report}"));
        let got = outcome["verdict"].as_str().unwrap();
        assert!(
            same_verdict(verdict, got),
            "{submission}: verifyproblem {verdict}, check {got}: {report}"
        );
        if let Some(score) = score {
            assert_eq!(outcome["score"], *score, "{submission}: {report}");
        }
    }
    let found = notes(report);
    let mut unexplained = Vec::new();
    for error in &recorded.errors {
        match KNOWN_DIFFERENCES
            .iter()
            .find(|(kattis, _)| error.contains(kattis))
        {
            Some((_, Some(note))) => assert!(
                found.iter().any(|found| found.starts_with(note)),
                "{error}: check should note {note:?}: {found:?}"
            ),
            Some((_, None)) => {}
            None => unexplained.push(error.clone()),
        }
    }
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(
        problems.len(),
        unexplained.len(),
        "verifyproblem's errors {unexplained:?}, check's {problems:?}"
    );
    // An error about a submission is check's about the same submission.
    for error in &unexplained {
        if let Some((name, _)) = error.split_once(" (Python 3") {
            let submission = format!("submissions/{name}");
            assert!(
                problems
                    .iter()
                    .any(|problem| problem["submission"] == submission.as_str()),
                "{error}: check has no problem with {submission}: {problems:?}"
            );
        }
    }
    assert_eq!(code, i32::from(!problems.is_empty()), "{report}");
}

/// With probes in three more folders: memory overuse in `run_time_error/`, a program that
/// never ends, and a lowercase greeting in `wrong_answer/` that Kattis' default validator
/// accepts (it ignores case), so both tools call the package wrong.
#[test]
fn hello_agrees_with_verifyproblem() {
    agrees_with_verifyproblem("kattis-real-hello");
}

#[test]
fn different_agrees_with_verifyproblem_but_for_the_listed_differences() {
    agrees_with_verifyproblem("kattis-real-different");
}

#[test]
fn oddecho_scores_as_verifyproblem_scores() {
    agrees_with_verifyproblem("kattis-real-oddecho");
}

/// problemtools' `guess` has no accepted Python program and no time limit: verifyproblem
/// derives the limit from its C++ one, which pyjudge cannot run, so `check` cannot read the
/// package (a listed difference). Given the limit verifyproblem set (a `.timelimit` file),
/// `check` judges the Python programs with the C++ interactor as verifyproblem did.
#[test]
fn guess_agrees_with_verifyproblem_given_the_limit_it_derived() {
    if !["/usr/bin/g++", "/usr/bin/c++", "/usr/bin/clang++"]
        .iter()
        .any(|path| Path::new(path).exists())
    {
        eprintln!("guess_agrees_with_verifyproblem: skipped: no C++ compiler for its interactor");
        return;
    }
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-real-guess");
    let recorded = recorded(&package);
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 2, "{report}");
    assert!(
        common::messages(&report)[0]
            .contains("no time limit in problem.yaml and no accepted Python submission"),
        "{report}"
    );
    let text = std::fs::read_to_string(package.join("verifyproblem.txt")).unwrap();
    let seconds = text
        .split("setting timelim to ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap();
    std::fs::write(package.join(".timelimit"), format!("{seconds}\n")).unwrap();
    let (code, report) = check_json(&scratch, &package);
    // No accepted Python program: `check` says so (verifyproblem has the C++ one).
    let problems = common::messages(&report);
    assert_eq!(
        problems,
        vec!["no Python program in submissions/accepted/: a package needs at least one reference solution"],
        "{report}"
    );
    assert_eq!(code, 1, "{report}");
    for (name, verdict, _) in &recorded.verdicts {
        let outcome = report["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|outcome| outcome["submission"] == format!("submissions/{name}").as_str())
            .unwrap_or_else(|| panic!("check did not judge {name}: {report}"));
        let got = outcome["verdict"].as_str().unwrap();
        assert!(
            same_verdict(verdict, got),
            "{name}: verifyproblem {verdict}, check {got}: {report}"
        );
    }
}

/// Real contest packages: Code Jam problems as Google converted them to the Kattis format
/// (scoring problems with subtasks), with a Python solution and a wrong one each.
#[test]
fn code_jam_reversort_agrees_with_verifyproblem() {
    agrees_with_verifyproblem("kattis-real-reversort");
}

#[test]
fn code_jam_punched_cards_agrees_with_verifyproblem() {
    agrees_with_verifyproblem("kattis-real-punchedcards");
}

#[test]
fn code_jam_append_sort_agrees_with_verifyproblem() {
    agrees_with_verifyproblem("kattis-real-appendsort");
}

/// Its wrong program fails only the last subtask: the secret group's
/// `accept_if_any_accepted` accepts it with part of the points, so both tools call the
/// package wrong.
#[test]
fn code_jam_moons_and_umbrellas_agrees_with_verifyproblem() {
    agrees_with_verifyproblem("kattis-real-moons");
}

#[test]
fn code_jam_nesting_depth_agrees_with_verifyproblem() {
    agrees_with_verifyproblem("kattis-real-nestingdepth");
}

/// Google's problem.yaml as published, with its top-level `output_validator_flags`: the
/// recorded verifyproblem run on it did not load the package for that key, and `check`
/// reports the same key as a package error (it still judges).
#[test]
fn an_unknown_legacy_key_is_the_package_error_verifyproblem_refused_it_for() {
    let scratch = Scratch::new();
    let package = copy_of(&scratch, "kattis-real-reversort");
    let recorded = std::fs::read_to_string(package.join("verifyproblem.txt")).unwrap();
    assert!(
        recorded.contains("ERROR Failed to load problem")
            && recorded.contains("#   output_validator_flags"),
        "{recorded}"
    );
    let problem = std::fs::read_to_string(package.join("problem.yaml")).unwrap();
    std::fs::write(
        package.join("problem.yaml"),
        format!("{problem}output_validator_flags: float_tolerance 1e-6\n"),
    )
    .unwrap();
    let (code, report) = check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    let messages = common::messages(&report);
    assert!(
        messages.iter().any(|message| message.starts_with(
            "problem.yaml: output_validator_flags is not a key of the legacy problem format"
        )),
        "{messages:?}"
    );
    // The package is graded all the same.
    assert_eq!(report["submissions"][0]["verdict"], "AC", "{report}");
}
