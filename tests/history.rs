//! The history database on the real binary: what is recorded (submit, run) and what is not
//! (grade, check), a damaged or newer file refused and left as it was, a backup before a
//! migration, and a pyjudge killed mid-submission that loses no earlier record.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{fixture, Scratch};
use rusqlite::Connection;

fn database(scratch: &Scratch) -> PathBuf {
    scratch.path().join("data/history.sqlite3")
}

/// Rows of the attempts table: (command, challenge, verdict, score, max_score, hash).
fn attempts(path: &Path) -> Vec<(String, String, String, i64, i64, String)> {
    let connection = Connection::open(path).unwrap();
    let mut statement = connection
        .prepare(
            "SELECT command, challenge, verdict, score, max_score, content_hash FROM attempts ORDER BY id",
        )
        .unwrap();
    statement
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn accepted_squares() -> PathBuf {
    fixture("squares").join("submissions/accepted/reference.py")
}

fn submit(scratch: &Scratch, solution: &Path) -> std::process::Output {
    scratch
        .pyjudge()
        .arg("submit")
        .arg(fixture("squares"))
        .arg(solution)
        .output()
        .unwrap()
}

#[test]
fn submit_and_run_are_recorded_and_grade_and_check_are_not() {
    let scratch = Scratch::new();
    let output = submit(&scratch, &accepted_squares());
    assert_eq!(output.status.code(), Some(0));
    let wrong = fixture("squares").join("submissions/wrong_answer/sign.py");
    assert_eq!(submit(&scratch, &wrong).status.code(), Some(1));
    let run = scratch
        .pyjudge()
        .arg("run")
        .arg(fixture("squares"))
        .arg(accepted_squares())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");

    let rows = attempts(&database(&scratch));
    let summary: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|row| (row.0.as_str(), row.1.as_str(), row.2.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("submit", "squares", "AC"),
            ("submit", "squares", "WA"),
            ("run", "squares", "AC"),
        ]
    );
    assert_eq!((rows[0].3, rows[0].4), (13, 13));
    assert!(rows[1].3 < 13, "{rows:?}");
    // The content hash tells the two sources apart and names the same source alike.
    assert_eq!(rows[0].5.len(), 64);
    assert_ne!(rows[0].5, rows[1].5);
    assert_eq!(rows[0].5, rows[2].5);

    // A coach's grade and an author's check are not the candidate's history.
    let candidates = scratch.path().join("candidates/ann");
    std::fs::create_dir_all(&candidates).unwrap();
    std::fs::copy(accepted_squares(), candidates.join("squares.py")).unwrap();
    let grade = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(fixture(""))
        .args(["grade", "interview"])
        .arg(&candidates)
        .args(["--sandbox", "permissive", "--no-cache"])
        .output()
        .unwrap();
    assert_ne!(grade.status.code(), Some(2), "{grade:?}");
    let check = scratch
        .pyjudge()
        .args(["check", "--sandbox", "permissive"])
        .arg(fixture("squares"))
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    assert_eq!(attempts(&database(&scratch)).len(), 3);
}

#[test]
fn a_file_that_is_not_a_database_is_named_with_the_fix_and_left_untouched() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(scratch.path().join("data")).unwrap();
    let junk = b"these are my notes, not a database\n".repeat(200);
    std::fs::write(database(&scratch), &junk).unwrap();
    let output = submit(&scratch, &accepted_squares());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&database(&scratch).display().to_string()),
        "{stderr}"
    );
    assert!(
        stderr.contains("not a readable SQLite database"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: your history is left untouched"),
        "{stderr}"
    );
    // The verdict is still shown: the judging did not depend on the history.
    assert!(String::from_utf8_lossy(&output.stdout).contains("verdict: AC"));
    assert_eq!(std::fs::read(database(&scratch)).unwrap(), junk);
}

#[test]
fn a_newer_schema_is_refused_and_left_as_it_was() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(scratch.path().join("data")).unwrap();
    {
        let connection = Connection::open(database(&scratch)).unwrap();
        connection
            .execute_batch("CREATE TABLE future (x); PRAGMA user_version = 7;")
            .unwrap();
    }
    let output = scratch.pyjudge().arg("stats").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("schema is version 7, newer than this pyjudge's 1"),
        "{stderr}"
    );
    assert!(stderr.contains("history.sqlite3"), "{stderr}");
    assert!(
        stderr.contains("hint: a newer pyjudge wrote it"),
        "{stderr}"
    );
    let connection = Connection::open(database(&scratch)).unwrap();
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 7);
    let tables: i64 = connection
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'attempts'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "a newer file must not be migrated");
}

#[test]
fn a_database_is_copied_beside_itself_before_a_migration() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(scratch.path().join("data")).unwrap();
    {
        let connection = Connection::open(database(&scratch)).unwrap();
        connection
            .execute_batch("CREATE TABLE notes (text); INSERT INTO notes VALUES ('keep me');")
            .unwrap();
    }
    let output = scratch.pyjudge().arg("stats").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let backup = scratch.path().join("data/history.sqlite3.v0.bak");
    let copy = Connection::open(&backup).unwrap();
    let note: String = copy
        .query_row("SELECT text FROM notes", [], |row| row.get(0))
        .unwrap();
    assert_eq!(note, "keep me");
    let migrated = Connection::open(database(&scratch)).unwrap();
    let version: i64 = migrated
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 1);
    let note: String = migrated
        .query_row("SELECT text FROM notes", [], |row| row.get(0))
        .unwrap();
    assert_eq!(note, "keep me");
}

/// The pids of `pid`'s children, whichever of its threads started them.
fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .filter_map(|child| child.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

fn alive(pid: u32) -> bool {
    // A zombie is gone for our purpose: it holds no resource but its entry.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            stat.rsplit_once(") ")
                .is_some_and(|(_, rest)| !rest.starts_with('Z'))
        })
        .unwrap_or(false)
}

#[test]
fn killing_pyjudge_mid_submission_loses_no_earlier_record() {
    let scratch = Scratch::new();
    assert_eq!(submit(&scratch, &accepted_squares()).status.code(), Some(0));
    assert_eq!(submit(&scratch, &accepted_squares()).status.code(), Some(0));
    // A solution that spins until the CPU limit (0.5 s a case) stops it.
    let spin = scratch.write(
        "spin.py",
        "def sum_squares(numbers):\n    while True:\n        pass\n",
    );
    let mut child = {
        let mut command: Command = scratch.pyjudge();
        command
            .arg("submit")
            .arg(fixture("squares"))
            .arg(&spin)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        command.spawn().unwrap()
    };
    // Mid-submission: once the sandbox's runner is running under pyjudge.
    let started = Instant::now();
    let mut runners = Vec::new();
    while started.elapsed() < Duration::from_secs(20) {
        runners = children(child.id());
        if !runners.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!runners.is_empty(), "pyjudge never started its runner");
    std::thread::sleep(Duration::from_millis(200));
    let mut descendants = runners.clone();
    for runner in &runners {
        descendants.extend(children(*runner));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());

    let path = database(&scratch);
    let connection = Connection::open(&path).unwrap();
    let integrity: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(connection);
    let rows = attempts(&path);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|row| row.2 == "AC"));

    // The database still takes records, and the killed run left no process behind.
    assert_eq!(submit(&scratch, &accepted_squares()).status.code(), Some(0));
    assert_eq!(attempts(&path).len(), 3);
    let deadline = Instant::now() + Duration::from_secs(15);
    while descendants.iter().any(|pid| alive(*pid)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left: Vec<u32> = descendants.into_iter().filter(|pid| alive(*pid)).collect();
    assert!(left.is_empty(), "processes left behind: {left:?}");
}
