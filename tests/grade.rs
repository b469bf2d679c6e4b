//! `pyjudge grade` on a fixture folder of candidates: verdicts, cache, shards, reports, Ctrl-C.

mod common;

use std::path::PathBuf;

use common::{fixture, Scratch};
use serde_json::Value;

fn candidates() -> PathBuf {
    fixture("candidates")
}

/// Grades the fixture candidates on the fixture set and returns the exit code and JSON report.
fn grade(scratch: &Scratch, extra: &[&str]) -> (i32, Value) {
    let output = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(fixture(""))
        .args(["grade", "practice"])
        .arg(candidates())
        .arg("--cache-dir")
        .arg(scratch.path().join("cache"))
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    let report = common::parse_report(&output);
    (output.status.code().unwrap_or(-1), report)
}

/// (candidate, challenge) -> (status, verdict, score) for every pair.
fn cells(report: &Value) -> Vec<(String, String, String, String, u64)> {
    let mut cells: Vec<_> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            (
                result["candidate"].as_str().unwrap().to_string(),
                result["challenge"].as_str().unwrap().to_string(),
                result["status"].as_str().unwrap().to_string(),
                result["verdict"].as_str().unwrap_or("").to_string(),
                result["score"].as_u64().unwrap(),
            )
        })
        .collect();
    cells.sort();
    cells
}

fn expected_cells() -> Vec<(String, String, String, String, u64)> {
    let rows = [
        ("alice", "double", "judged", "AC", 6),
        ("alice", "squares", "judged", "AC", 13),
        ("alice", "stdio-sum", "judged", "AC", 3),
        ("bob", "double", "judged", "WA", 0),
        ("bob", "squares", "judged", "CE", 0),
        ("bob", "stdio-sum", "not_submitted", "", 0),
        ("carol", "double", "judged", "TLE", 0),
        ("carol", "squares", "judged", "AC", 13),
        ("carol", "stdio-sum", "judged", "RE", 0),
    ];
    rows.iter()
        .map(|(candidate, challenge, status, verdict, score)| {
            (
                candidate.to_string(),
                challenge.to_string(),
                status.to_string(),
                verdict.to_string(),
                *score,
            )
        })
        .collect()
}

#[test]
fn every_pair_gets_its_verdict_and_the_candidates_are_ranked() {
    let scratch = Scratch::new();
    let (code, report) = grade(&scratch, &["--no-cache", "-j", "2"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(cells(&report), expected_cells());
    assert_eq!(report["complete"], true);
    assert_eq!(
        report["unknown_files"],
        serde_json::json!(["bob/notes.txt"])
    );
    let ranking: Vec<(&str, u64, u64)> = report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|candidate| {
            (
                candidate["name"].as_str().unwrap(),
                candidate["rank"].as_u64().unwrap(),
                candidate["score"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ranking,
        vec![("alice", 1, 22), ("carol", 2, 13), ("bob", 3, 0)]
    );
    let environment = &report["environment"];
    assert!(
        report["environment"]["sandbox_layers"]
            .as_array()
            .is_some_and(|layers| layers.iter().any(|layer| layer == "rlimits")),
        "{report}"
    );
    for field in ["pyjudge_version", "python_version", "sandbox", "cpu_model"] {
        assert!(
            environment[field]
                .as_str()
                .is_some_and(|value| !value.is_empty()),
            "{field}: {environment}"
        );
    }
}

#[test]
fn verdicts_do_not_depend_on_the_number_of_workers() {
    let scratch = Scratch::new();
    let (_, one) = grade(&scratch, &["--no-cache", "-j", "1"]);
    let (_, two) = grade(&scratch, &["--no-cache", "-j", "2"]);
    assert_eq!(cells(&one), cells(&two));
}

#[test]
fn an_unchanged_pair_comes_from_the_cache_and_says_so() {
    let scratch = Scratch::new();
    let (_, first) = grade(&scratch, &[]);
    let (_, second) = grade(&scratch, &[]);
    assert_eq!(cells(&first), cells(&second));
    // Every judged pair but one whose verdict the wall-clock cap set (that depends on how
    // busy the machine was, so it is never cached: on a loaded machine carol's busy loop can
    // meet the cap before the CPU limit).
    let by_the_clock = |result: &serde_json::Value| {
        result["cases"].as_array().is_some_and(|cases| {
            cases.iter().any(|case| {
                case["message"]
                    .as_str()
                    .is_some_and(|message| message.starts_with("wall-clock cap"))
            })
        })
    };
    for (before, result) in first["results"]
        .as_array()
        .unwrap()
        .iter()
        .zip(second["results"].as_array().unwrap())
    {
        if result["status"] == "judged" && !by_the_clock(before) {
            assert_eq!(result["cached"], true, "{result}");
        }
    }
    let (_, fresh) = grade(&scratch, &["--no-cache"]);
    assert!(fresh["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|result| result["cached"] == false));
}

#[test]
fn a_corrupt_cache_entry_is_never_read_back() {
    let scratch = Scratch::new();
    grade(&scratch, &[]);
    let results = scratch.path().join("cache/results");
    let mut corrupted = 0;
    for shard in std::fs::read_dir(&results).unwrap().flatten() {
        for entry in std::fs::read_dir(shard.path()).unwrap().flatten() {
            std::fs::write(entry.path(), b"{\"challenge\": \"trunc").unwrap();
            corrupted += 1;
        }
    }
    assert!(corrupted > 0);
    let (_, report) = grade(&scratch, &[]);
    assert_eq!(cells(&report), expected_cells());
    // alice and carol hand in the same squares.py, so one may be served from the other's
    // fresh entry; every other pair must have been judged again.
    let reused: Vec<&Value> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|result| result["cached"] == true)
        .collect();
    assert!(
        reused.iter().all(|result| result["challenge"] == "squares"),
        "{reused:?}"
    );
    assert!(reused.len() <= 1, "{reused:?}");
}

#[test]
fn shards_merged_equal_the_whole_run() {
    let scratch = Scratch::new();
    let (_, whole) = grade(&scratch, &["--no-cache"]);
    let mut shard_files = Vec::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let (_, report) = grade(&scratch, &["--no-cache", "--partition", shard]);
        assert_eq!(report["partition"], shard);
        let path = scratch.path().join(format!("shard-{}.json", &shard[..1]));
        std::fs::write(&path, report.to_string()).unwrap();
        shard_files.push(path);
    }
    let output = scratch
        .pyjudge()
        .args(["report", "merge", "--format", "json"])
        .args(&shard_files)
        .output()
        .unwrap();
    let merged = common::parse_report(&output);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(cells(&merged), cells(&whole));
    assert_eq!(merged["complete"], true);
    assert_eq!(merged["candidates"], whole["candidates"]);
    let partial = scratch
        .pyjudge()
        .args(["report", "merge", "--format", "json"])
        .args(&shard_files[..2])
        .output()
        .unwrap();
    assert_eq!(common::parse_report(&partial)["complete"], false);
}

#[test]
fn the_human_markdown_and_csv_reports_show_the_table() {
    let scratch = Scratch::new();
    grade(&scratch, &[]);
    let render = |format: &str| {
        let output = scratch
            .pyjudge()
            .arg("--challenges")
            .arg(fixture(""))
            .args(["grade", "practice"])
            .arg(candidates())
            .arg("--cache-dir")
            .arg(scratch.path().join("cache"))
            .args(["--format", format])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let human = render("human");
    assert!(human.contains("RANK  CANDIDATE"), "{human}");
    assert!(
        human.contains("carol / double: TLE on sample/01-one"),
        "{human}"
    );
    assert!(human.contains("from the cache"), "{human}");
    let markdown = render("markdown");
    assert!(
        markdown.contains("| 1 | alice | 22/22 | AC 6/6 | AC 13/13 | AC 3/3 |"),
        "{markdown}"
    );
    let csv = render("csv");
    assert!(
        csv.starts_with("candidate,rank,challenge,status,verdict,score,max_score"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 10, "{csv}");
}

#[test]
fn the_junit_report_loads_in_a_real_junit_consumer() {
    let scratch = Scratch::new();
    grade(&scratch, &[]);
    let out = scratch.path().join("grade.xml");
    let status = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(fixture(""))
        .args(["grade", "practice"])
        .arg(candidates())
        .arg("--cache-dir")
        .arg(scratch.path().join("cache"))
        .args(["--format", "junit", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let consumer =
        std::env::var("PYJUDGE_JUNIT_PYTHON").unwrap_or_else(|_| common::python().to_string());
    let script = r#"
import sys
from junitparser import JUnitXml, Failure, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    for case in suite:
        kinds = [type(result).__name__ for result in case.result]
        print(suite.name, case.name, ",".join(kinds) or "passed", case.time)
"#;
    let output = std::process::Command::new(&consumer)
        .args(["-c", script])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("No module named 'junitparser'") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install junitparser (see .ci/run)"
        );
        eprintln!("junitparser is not installed; .ci/run installs it");
        return;
    }
    assert!(output.status.success(), "{stderr}");
    let lines = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(lines.contains("alice double passed"), "{lines}");
    assert!(lines.contains("bob double Failure"), "{lines}");
    assert!(lines.contains("bob stdio-sum Skipped"), "{lines}");
    assert!(lines.contains("carol double Failure"), "{lines}");
    assert_eq!(lines.lines().count(), 9, "{lines}");
}

#[test]
fn ctrl_c_stops_cleanly_and_marks_the_report_incomplete() {
    let scratch = Scratch::new();
    let people = scratch.path().join("people");
    let marker = format!(
        "{}.{}",
        700 + std::process::id() % 90,
        std::process::id() % 997
    );
    for person in ["p1", "p2", "p3", "p4"] {
        std::fs::create_dir_all(people.join(person)).unwrap();
        std::fs::write(
            people.join(person).join("double.py"),
            format!("import os, time\n\ndef solve(x):\n    if os.fork() == 0:\n        os.setsid()\n        os.execv('/bin/sleep', ['sleep', '{marker}'])\n    time.sleep(30)\n"),
        )
        .unwrap();
    }
    let out = scratch.path().join("partial.json");
    let mut child = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(fixture(""))
        .args(["grade", "practice"])
        .arg(&people)
        .arg("--cache-dir")
        .arg(scratch.path().join("cache"))
        .args(["--format", "json", "-j", "2", "--out"])
        .arg(&out)
        .spawn()
        .unwrap();
    // Wait until both workers run a sandbox whose daemon is up, then interrupt.
    let started = std::time::Instant::now();
    while common::processes_with(&format!("sleep {marker}")).len() < 2
        && started.elapsed().as_secs() < 20
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // SAFETY: kill on our own child's pid.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    assert!(
        started.elapsed().as_secs() < 25,
        "the run did not stop promptly"
    );
    assert_eq!(status.code(), Some(2));
    let report: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(report["complete"], false);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let left = common::processes_with(&format!("sleep {marker}"));
    assert!(
        left.is_empty(),
        "processes survived the interrupt: {left:?}"
    );
    scratch.assert_tmp_empty();
    // Nothing interrupted was cached as a result.
    let cached = walk(&scratch.path().join("cache/results"));
    assert!(
        cached.is_empty(),
        "interrupted pairs were cached: {cached:?}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                found.extend(walk(&entry.path()));
            } else {
                found.push(entry.path());
            }
        }
    }
    found
}

#[test]
fn a_single_candidates_folder_is_graded_too() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(fixture(""))
        .args(["grade", "practice"])
        .arg(candidates().join("alice"))
        .arg("--cache-dir")
        .arg(scratch.path().join("cache"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report = common::parse_report(&output);
    assert_eq!(report["candidates"][0]["name"], "alice");
    assert_eq!(report["candidates"][0]["score"], 22);
}

#[test]
fn messages_name_the_candidates_file_with_its_line() {
    let scratch = Scratch::new();
    let (_, report) = grade(&scratch, &[]);
    let bob = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["candidate"] == "bob" && result["challenge"] == "squares")
        .expect("bob's squares");
    let text = bob.to_string();
    assert!(text.contains("bob/squares.py:1"), "{text}");
    assert!(!text.contains("/judge/solution.py"), "{text}");
}
