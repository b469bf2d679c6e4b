//! An author's trusted scripts run by `pyjudge::scripts`: with real python3, a script that
//! times out is killed with what it started, a chatty one does not deadlock, a missing one
//! is named.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pyjudge::scripts::{Script, ScriptError};

/// A script named `name` holding `source` in a fresh folder, to run with python3.
fn script(name: &str, source: &str) -> (tempfile::TempDir, PathBuf, Script) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(name);
    std::fs::write(&path, source).unwrap();
    let script = Script::new(Path::new(common::python()), &path);
    (folder, path, script)
}

#[test]
fn a_script_that_runs_too_long_is_killed_with_its_children() {
    let marker = format!("sleeper-{}", common::random_hex());
    // The script starts a child of its own, which must not outlive the timeout either.
    let (_folder, _path, script) = script(
        &format!("{marker}.py"),
        "import subprocess, sys, time\n\
         subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', sys.argv[1]])\n\
         time.sleep(60)\n",
    );
    let started = Instant::now();
    let outcome = script.arg(&marker).timeout(Duration::from_secs(1)).run();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    match outcome {
        Err(error @ ScriptError::TimedOut { .. }) => {
            assert!(error.to_string().contains("ran longer than 1 s"), "{error}");
            assert!(error.to_string().contains(&marker), "{error}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    // SIGKILL is delivered at once, but /proc may show the child a moment longer.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !common::processes_with(&marker).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(common::processes_with(&marker), Vec::<String>::new());
}

#[test]
fn a_script_writing_much_on_both_streams_does_not_deadlock() {
    // Far more than a pipe holds, on both streams, before reading its input.
    let (_folder, _path, script) = script(
        "chatty.py",
        "import sys\n\
         for _ in range(2000):\n\
         \x20   sys.stderr.write('e' * 1000 + '\\n')\n\
         \x20   sys.stdout.write('o' * 1000 + '\\n')\n\
         data = sys.stdin.read()\n\
         print(len(data))\n",
    );
    let finished = script
        .stdin(vec![b'x'; 1 << 20])
        .timeout(Duration::from_secs(30))
        .run()
        .expect("the script finishes");
    assert!(finished.status.success());
    assert_eq!(finished.stderr.len(), 2000 * 1001);
    assert!(finished.stdout.ends_with(b"1048576\n"));
    assert_eq!(finished.stdout.len(), 2000 * 1001 + 8);
}

#[test]
fn output_beyond_the_cap_is_dropped_but_read() {
    let (_folder, _path, script) =
        script("loud.py", "import sys\nsys.stdout.write('o' * 1_000_000)\n");
    let finished = script.output_cap(100).run().expect("the script finishes");
    assert!(finished.status.success());
    assert_eq!(finished.stdout, vec![b'o'; 100]);
}

#[test]
fn a_missing_script_is_an_error_naming_its_path() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("no-such-checker.py");
    let error = Script::new(Path::new(common::python()), &path)
        .run()
        .expect_err("nothing to run");
    assert!(matches!(error, ScriptError::NotStarted { .. }), "{error:?}");
    assert!(
        error.to_string().contains(&path.display().to_string()),
        "{error}"
    );
}

#[test]
fn a_failing_script_reports_its_status_and_the_end_of_its_stderr() {
    let (folder, path, script) = script(
        "broken.py",
        "import sys\nprint('arguments', sys.argv[1:])\nraise ValueError('bad package')\n",
    );
    let finished = script
        .args(["one", "two"])
        .current_dir(folder.path())
        .run()
        .expect("the script ran");
    assert_eq!(finished.status.code(), Some(1));
    assert_eq!(finished.stdout, b"arguments ['one', 'two']\n");
    let error = finished.succeeded(&path).expect_err("it failed");
    let message = error.to_string();
    assert!(message.contains("broken.py exited with"), "{message}");
    assert!(message.ends_with("ValueError: bad package"), "{message}");
}
