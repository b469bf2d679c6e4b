//! `pyjudge watch` driven for real in a terminal: tmux runs it in a pane of its own (a
//! private tmux server per test), the test saves the file in place and by rename as editors
//! do, reads the pane, and stops it with Ctrl-C.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{fixture, python, Scratch};

/// One tmux server of the test's own, with one pane running `pyjudge watch`.
struct Pane {
    socket: PathBuf,
}

impl Pane {
    /// Starts `pyjudge watch <package> <solution>` in a 160x60 pane; after it ends, the
    /// pane shows `WATCH-EXITED <code>` and stays.
    fn start(scratch: &Scratch, package: &Path, solution: &Path) -> Pane {
        Pane::run(
            scratch,
            scratch.path(),
            "",
            &format!("watch {} {}", package.display(), solution.display()),
        )
    }

    /// Runs `pyjudge <arguments>` in `dir` with the scratch's cache, TMPDIR and data folder
    /// and the extra environment `env` (`NAME=value ...`).
    fn run(scratch: &Scratch, dir: &Path, env: &str, arguments: &str) -> Pane {
        let socket = scratch.path().join("tmux.sock");
        let line = format!(
            "cd {} && env PYJUDGE_PYTHON={} PYJUDGE_CACHE_DIR={} PYJUDGE_DATA_DIR={} TMPDIR={} NO_COLOR=1 {env} {} {arguments}; echo WATCH-EXITED $?; sleep 600",
            dir.display(),
            python(),
            scratch.path().join("cache").display(),
            scratch.path().join("data").display(),
            scratch.tmp().display(),
            env!("CARGO_BIN_EXE_pyjudge"),
        );
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "60"])
            .arg(line)
            .env_remove("TMUX")
            .status()
            .expect("tmux must be installed to test `pyjudge watch` in a terminal (.ci/run installs it)");
        assert!(status.success(), "tmux failed to start: {status}");
        Pane { socket }
    }

    fn screen(&self) -> String {
        let output = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["capture-pane", "-p"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the pane shows every one of `needles`, and returns the screen.
    fn wait_for(&self, needles: &[&str]) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if needles.iter().all(|needle| screen.contains(needle)) {
                return screen;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the pane never showed {needles:?}; it shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send_ctrl_c(&self) {
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["send-keys", "C-c"])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .status();
    }
}

const WRONG: &str = "def solve(x):\n    return x + x + 1\n";
const RIGHT: &str =
    "def solve(x):\n    if x < 0:\n        raise ValueError('negative')\n    return 2 * x\n";

/// Saves `text` the way editors that write in place do: truncate, then write.
fn save_in_place(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// Saves `text` the way editors that write a new file and rename it over the old one do.
fn save_by_rename(path: &Path, text: &str) {
    let temporary = path.with_file_name(".solution.py.swp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

/// pyjudge processes (the watch and its `submit` children) judging `solution`; the pane's
/// shell, whose command line names both too, is not one.
fn pyjudge_processes_on(solution: &Path) -> Vec<String> {
    common::processes_with(&solution.display().to_string())
        .into_iter()
        .filter(|process| {
            process
                .split_once(": ")
                .is_some_and(|(_, command)| command.starts_with(env!("CARGO_BIN_EXE_pyjudge")))
        })
        .collect()
}

#[test]
fn watch_judges_each_save_in_place_and_by_rename_and_ctrl_c_leaves_nothing() {
    let scratch = Scratch::new();
    let solution = scratch.write("solution.py", WRONG);
    let pane = Pane::start(&scratch, &fixture("double"), &solution);

    // The first run: the samples fail, so the other cases wait.
    let screen = pane.wait_for(&["(run 1)", "watching", "for saves"]);
    assert!(screen.contains("sample/01-one"), "{screen}");
    assert!(screen.contains("WA"), "{screen}");
    assert!(
        screen.contains("the other cases run once every sample passes"),
        "{screen}"
    );

    // Saved in place with the fix: the samples pass, then every case runs.
    save_in_place(&solution, RIGHT);
    let screen = pane.wait_for(&["(run 2)", "verdict: AC (accepted)", "for saves"]);
    assert!(screen.contains("secret/04-large"), "{screen}");
    assert!(screen.contains(", every case in"), "{screen}");
    assert!(
        !screen.contains("(run 1)"),
        "the screen must be redrawn, not appended to:\n{screen}"
    );

    // Saved by rename (a new inode): still seen.
    save_by_rename(&solution, WRONG);
    let screen = pane.wait_for(&["(run 3)", "for saves"]);
    assert!(screen.contains("WA (wrong answer)"), "{screen}");

    // Ctrl-C: watch ends with the last verdict's code (1: not accepted) and leaves nothing.
    pane.send_ctrl_c();
    pane.wait_for(&["WATCH-EXITED 1"]);
    let survivors = pyjudge_processes_on(&solution);
    assert!(
        survivors.is_empty(),
        "processes of the watch survived Ctrl-C: {survivors:?}"
    );
    scratch.assert_tmp_empty();
}

#[test]
fn a_save_while_every_case_runs_stops_that_run_and_judges_the_new_file() {
    let scratch = Scratch::new();
    // Passes the samples at once, then sleeps on the first hidden case.
    let marker = format!(
        "{}.{}",
        700 + std::process::id() % 90,
        std::process::id() % 977
    );
    let slow = format!(
        "import os, time\n\ndef solve(x):\n    if x == 5:\n        if os.fork() == 0:\n            os.execv('/bin/sleep', ['sleep', '{marker}'])\n        time.sleep(60)\n    if x < 0:\n        raise ValueError('negative')\n    return 2 * x\n"
    );
    let solution = scratch.write("solution.py", &slow);
    let pane = Pane::start(&scratch, &fixture("double"), &solution);
    pane.wait_for(&["(run 1)", "judging every case..."]);
    let started = Instant::now();
    while common::processes_with(&format!("sleep {marker}")).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the slow case never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    save_in_place(&solution, RIGHT);
    pane.wait_for(&["(run 2)", "verdict: AC (accepted)", "for saves"]);
    assert!(
        common::processes_with(&format!("sleep {marker}")).is_empty(),
        "the stopped run's processes survived the save: {:?}",
        common::processes_with(&format!("sleep {marker}"))
    );

    pane.send_ctrl_c();
    pane.wait_for(&["WATCH-EXITED 0"]);
    assert_eq!(pyjudge_processes_on(&solution), Vec::<String>::new());
    scratch.assert_tmp_empty();
}

#[test]
fn watch_refuses_a_missing_file_before_it_starts() {
    let scratch = Scratch::new();
    let output = scratch
        .pyjudge()
        .arg("watch")
        .arg(fixture("double"))
        .arg(scratch.path().join("nowhere.py"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nowhere.py"), "{stderr}");
}

#[test]
fn interview_watch_shows_the_clock_and_judges_each_saved_file_against_the_interview() {
    let scratch = Scratch::new();
    let now = "2026-01-05T10:00:00Z";
    let start = scratch
        .pyjudge()
        .env("PYJUDGE_NOW", now)
        .arg("--challenges")
        .arg(fixture(""))
        .args(["interview", "start", "interview", "--dir", "ws"])
        .output()
        .unwrap();
    assert_eq!(start.status.code(), Some(0), "{start:?}");
    let workspace = scratch.path().join("ws");
    let pane = Pane::run(
        &scratch,
        &workspace,
        &format!(
            "PYJUDGE_NOW={now} PYJUDGE_CHALLENGES={}",
            fixture("").display()
        ),
        "interview watch",
    );
    let screen = pane.wait_for(&["interview 1", "left", "double", "squares"]);
    assert!(screen.contains("30m"), "the clock: {screen}");

    save_in_place(&workspace.join("double.py"), RIGHT);
    let screen = pane.wait_for(&["AC", "6/6"]);
    assert!(screen.contains("submission recorded"), "{screen}");
    save_by_rename(&workspace.join("double.py"), WRONG);
    let screen = pane.wait_for(&["WA", "0/6"]);
    assert!(screen.contains("sample/01-one"), "{screen}");

    pane.send_ctrl_c();
    pane.wait_for(&["WATCH-EXITED 0"]);
    // Both attempts are the interview's: its status counts them.
    let status = scratch
        .pyjudge()
        .current_dir(&workspace)
        .env("PYJUDGE_NOW", now)
        .arg("--challenges")
        .arg(fixture(""))
        .args(["interview", "status", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&status.stdout);
    let report: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|error| {
        panic!("{error}: {text}{}", String::from_utf8_lossy(&status.stderr))
    });
    let double = report["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|challenge| challenge["slug"] == "double")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(double["attempts"], 2, "{double}");
    scratch.assert_tmp_empty();
}
