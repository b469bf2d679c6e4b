//! The human report, as a candidate sees it: a snapshot with times, memory and paths
//! filtered out.

mod common;

use common::{fixture, Scratch};

#[test]
fn the_human_report_of_a_failing_submission() {
    let scratch = Scratch::new();
    let solution = scratch.write(
        "solution.py",
        "def helper(x):\n    return {}[x]\n\ndef solve(x):\n    if x == 1:\n        return 2\n    if x == 2:\n        return 5\n    return helper(x)\n",
    );
    let output = scratch
        .pyjudge()
        .arg("submit")
        .arg(fixture("double"))
        .arg(&solution)
        .arg("--all-cases")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    insta::with_settings!({filters => vec![
        (r" +\d+ ms", " [T] ms"),
        (r" +\d+\.\d MB", " [M] MB"),
        (r"/\S*/solution\.py", "[SOLUTION]"),
    ]}, {
        insta::assert_snapshot!(text);
    });
}

/// Reports built in the test, not by a run: every format of every command, byte for byte.
mod constructed {
    use pyjudge::check::{PackageCheck, Problem, SubmissionOutcome};
    use pyjudge::grade::GradeReport;
    use pyjudge::judge::SubmissionReport;
    use pyjudge::report;
    use serde_json::json;

    /// What a candidate controls, with the controls a terminal would act on.
    const HOSTILE: &str = "boom\x1b[2K\r\x07\u{202e}";

    fn case(name: &str, group: &str, verdict: &str, message: &str) -> serde_json::Value {
        json!({
            "name": name, "group": group, "verdict": verdict, "points": 1,
            "cpu_ms": 12.4, "wall_ms": 15.0, "memory_kb": 9216, "message": message,
        })
    }

    fn submission() -> SubmissionReport {
        let mut failing = case("02-two", "sample", "WA", "at the result: expected 4, got 5");
        failing["details"] = json!("expected: 4\n     got: 5");
        serde_json::from_value(json!({
            "challenge": "double",
            "title": "Double it",
            "submission": "solution.py",
            "verdict": "WA",
            "score": 2,
            "max_score": 5,
            "cases": [
                case("01-one", "sample", "AC", ""),
                failing,
                case("01-名前", "secret", "RE", &format!("KeyError: {HOSTILE}")),
                case("02-large", "secret", "TLE", "over 1000 ms of CPU"),
                case("03-zero", "secret", "skipped", ""),
            ],
            "python": "3.12.3",
            "containment": "namespaces",
        }))
        .unwrap()
    }

    fn pair(
        candidate: &str,
        challenge: &str,
        status: &str,
        verdict: Option<&str>,
    ) -> serde_json::Value {
        let mut value = json!({
            "candidate": candidate, "challenge": challenge, "status": status,
            "score": 0, "max_score": 6, "time_ms": 120.5, "cases": [],
        });
        match verdict {
            Some("AC") => {
                value["verdict"] = json!("AC");
                value["score"] = json!(6);
                value["cached"] = json!(true);
            }
            Some(verdict) => {
                value["verdict"] = json!(verdict);
                value["score"] = json!(3);
                value["cases"] = json!([
                    case("01-one", "sample", "AC", ""),
                    case("01-five", "secret", verdict, &format!("wrong, {HOSTILE}")),
                ]);
            }
            None if status == "error" => {
                value["message"] = json!("failed to read =cmd|' /C calc'!A0")
            }
            None => {}
        }
        value
    }

    fn grade() -> GradeReport {
        serde_json::from_value(json!({
            "format_version": 1,
            "set": {"name": "practice", "title": "Practice", "challenges": ["double", "stdio-sum", "二倍"]},
            "environment": {
                "pyjudge_version": "0.1.0", "python_version": "3.12.3",
                "python_executable": "/usr/bin/python3", "sandbox": "namespaces",
                "cpu_model": "a CPU", "cores": 2, "jobs": 2,
            },
            "complete": false,
            "candidates": [
                {"name": "alice", "score": 12, "max_score": 18, "accepted": 2, "submitted": 2, "rank": 1},
                {"name": "ボブ", "score": 3, "max_score": 18, "accepted": 0, "submitted": 2, "rank": 2},
                {"name": "=1+1|mallöry", "score": 0, "max_score": 18, "accepted": 0, "submitted": 1, "rank": 3},
            ],
            "challenges": [],
            "results": [
                pair("alice", "double", "judged", Some("AC")),
                pair("alice", "stdio-sum", "not_submitted", None),
                pair("alice", "二倍", "judged", Some("AC")),
                pair("ボブ", "double", "judged", Some("WA")),
                pair("ボブ", "stdio-sum", "judged", Some("RE")),
                pair("ボブ", "二倍", "not_submitted", None),
                pair("=1+1|mallöry", "double", "error", None),
                pair("=1+1|mallöry", "stdio-sum", "not_submitted", None),
                pair("=1+1|mallöry", "二倍", "not_submitted", None),
            ],
            "unknown_files": ["notes.txt"],
        }))
        .unwrap()
    }

    fn outcome(submission: &str, expected: &str, verdict: &str) -> SubmissionOutcome {
        SubmissionOutcome {
            submission: submission.into(),
            expected: expected.into(),
            verdict: serde_json::from_value(json!(verdict)).unwrap(),
            score: 1,
            max_score: 2,
            max_cpu_ms: 40.0,
        }
    }

    fn problem(submission: Option<&str>, case: Option<&str>, message: &str) -> Problem {
        Problem {
            submission: submission.map(str::to_string),
            case: case.map(str::to_string),
            expected: None,
            actual: None,
            message: message.into(),
        }
    }

    fn checks() -> Vec<PackageCheck> {
        vec![
            PackageCheck {
                package: "challenges/squares".into(),
                slug: "squares".into(),
                readable: true,
                ok: true,
                problems: Vec::new(),
                submissions: vec![outcome("accepted/a.py", "AC", "AC")],
                cases: 4,
                time_ms: 1234.0,
                notes: vec!["skipped accepted/a.cpp: not Python".into()],
                mutants: None,
            },
            PackageCheck {
                package: "challenges/二倍".into(),
                slug: "二倍".into(),
                readable: true,
                ok: false,
                problems: vec![
                    problem(None, None, "the statement is empty"),
                    problem(None, None, "no sample case"),
                    problem(
                        Some("wrong_answer/w.py"),
                        Some("secret/01-x"),
                        &format!("expected WA, got AC: {HOSTILE}"),
                    ),
                ],
                submissions: vec![
                    outcome("accepted/a.py", "AC", "AC"),
                    outcome("wrong_answer/w.py", "WA", "AC"),
                ],
                cases: 2,
                time_ms: 50.0,
                notes: Vec::new(),
                mutants: None,
            },
            PackageCheck {
                package: "challenges/broken".into(),
                slug: "broken".into(),
                readable: false,
                ok: false,
                problems: vec![problem(None, None, "failed to read challenge.toml")],
                submissions: Vec::new(),
                cases: 0,
                time_ms: 0.0,
                notes: Vec::new(),
                mutants: None,
            },
        ]
    }

    #[test]
    fn submit_human() {
        insta::assert_snapshot!(report::human(&submission(), false));
    }

    #[test]
    fn submit_human_in_colour() {
        insta::assert_snapshot!(report::human(&submission(), true));
    }

    #[test]
    fn submit_json() {
        insta::assert_snapshot!(report::json(&submission()));
    }

    #[test]
    fn submit_junit() {
        insta::assert_snapshot!(report::junit(&submission()));
    }

    #[test]
    fn grade_human() {
        insta::assert_snapshot!(report::grade_human(&grade(), false));
    }

    #[test]
    fn grade_json() {
        insta::assert_snapshot!(report::grade_json(&grade()));
    }

    #[test]
    fn grade_junit() {
        insta::assert_snapshot!(report::grade_junit(&grade()));
    }

    #[test]
    fn grade_markdown() {
        insta::assert_snapshot!(report::grade_markdown(&grade()));
    }

    #[test]
    fn grade_csv() {
        insta::assert_snapshot!(report::grade_csv(&grade()));
    }

    #[test]
    fn check_human() {
        insta::assert_snapshot!(report::check_human(&checks(), false));
    }

    #[test]
    fn check_json() {
        insta::assert_snapshot!(report::check_json(&checks()));
    }

    #[test]
    fn check_junit() {
        insta::assert_snapshot!(report::check_junit(&checks()));
    }
}
