//! `pyjudge submit` end to end: each verdict from a real submission, real python3, real limits.

mod common;

use common::{case, case_verdicts, fixture, Scratch};

const DOUBLE: &str =
    "def solve(x):\n    if x < 0:\n        raise ValueError(\"negative\")\n    return 2 * x\n";

#[test]
fn a_correct_solution_is_accepted() {
    let scratch = Scratch::new();
    let (code, report) = scratch.submit(&fixture("double"), DOUBLE, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC");
    assert_eq!(report["score"], 6);
    assert_eq!(report["max_score"], 6);
    assert_eq!(case_verdicts(&report), vec!["AC"; 6]);
    let first = &report["cases"][0];
    assert_eq!(first["group"], "sample");
    // What the case's own processes added (a forked child shares the runner's pages).
    assert!(first["memory_kb"].as_u64().unwrap() > 0, "{first}");
}

#[test]
fn a_wrong_answer_on_a_secret_case_reveals_nothing_of_the_expected_answer() {
    let scratch = Scratch::new();
    let source = "def solve(x):\n    if x < 0:\n        raise ValueError('negative')\n    return 2 * x if x < 5 else 12345\n";
    let (code, report) = scratch.submit(&fixture("double"), source, &["--all-cases"]);
    assert_eq!(code, 1);
    assert_eq!(report["verdict"], "WA");
    let five = case(&report, "01-five");
    assert_eq!(five["verdict"], "WA");
    assert_eq!(five["message"], "wrong answer on a hidden case");
    assert!(five.get("details").is_none(), "{five}");
    assert!(
        !report.to_string().contains("expected"),
        "the expected answer leaked: {report}"
    );
    assert_eq!(report["score"], 4);
}

#[test]
fn a_wrong_answer_on_a_sample_shows_expected_and_actual() {
    let scratch = Scratch::new();
    let (code, report) =
        scratch.submit(&fixture("double"), "def solve(x):\n    return x + 2\n", &[]);
    assert_eq!(code, 1);
    let first = case(&report, "01-one");
    assert_eq!(first["verdict"], "WA");
    assert_eq!(first["message"], "at the result: expected 2, got 3");
}

#[test]
fn the_first_failure_stops_the_run_unless_all_cases_is_asked() {
    let scratch = Scratch::new();
    let source = "def solve(x):\n    return 0\n";
    let (_, report) = scratch.submit(&fixture("double"), source, &[]);
    assert_eq!(
        case_verdicts(&report),
        vec!["WA", "skipped", "skipped", "skipped", "skipped", "skipped"]
    );
    let (_, report) = scratch.submit(&fixture("double"), source, &["--all-cases"]);
    assert_eq!(
        case_verdicts(&report),
        vec!["WA", "WA", "WA", "WA", "AC", "WA"]
    );
}

#[test]
fn int_and_float_are_different_answers() {
    let scratch = Scratch::new();
    let source =
        "def solve(x):\n    if x < 0:\n        raise ValueError('negative')\n    return 2.0 * x\n";
    let (_, report) = scratch.submit(&fixture("double"), source, &[]);
    assert_eq!(report["verdict"], "WA", "{report}");
}

#[test]
fn an_object_whose_eq_is_always_true_does_not_pass() {
    let scratch = Scratch::new();
    let source = "class Liar(int):\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__\n\nclass Any:\n    def __eq__(self, other):\n        return True\n\ndef solve(x):\n    return Any() if x > 1 else Liar(7)\n";
    let (_, report) = scratch.submit(&fixture("double"), source, &["--all-cases"]);
    assert_eq!(case_verdicts(&report)[..2], ["WA", "WA"], "{report}");
}

#[test]
fn a_raise_where_a_value_is_expected_is_a_runtime_error_with_the_traceback() {
    let scratch = Scratch::new();
    let source = "def helper(x):\n    return {}[x]\n\ndef solve(x):\n    return helper(x)\n";
    let (code, report) = scratch.submit(&fixture("double"), source, &[]);
    assert_eq!(code, 1);
    let first = &report["cases"][0];
    assert_eq!(first["verdict"], "RE");
    assert!(
        first["message"].as_str().unwrap().starts_with("KeyError"),
        "{first}"
    );
    let details = first["details"].as_str().unwrap();
    assert!(
        details.contains("solution_under_test.py:2:12: in helper"),
        "{details}"
    );
    assert!(
        !details.contains("runner.py"),
        "the runner's frames must be trimmed: {details}"
    );
}

#[test]
fn a_raise_of_the_wrong_type_where_a_raise_is_expected_is_a_wrong_answer() {
    let scratch = Scratch::new();
    let source =
        "def solve(x):\n    if x < 0:\n        raise TypeError('negative')\n    return 2 * x\n";
    let (_, report) = scratch.submit(&fixture("double"), source, &[]);
    assert_eq!(case(&report, "02-negative")["verdict"], "WA");
    let source =
        "def solve(x):\n    if x < 0:\n        raise ValueError('below zero')\n    return 2 * x\n";
    let (_, report) = scratch.submit(&fixture("double"), source, &[]);
    assert_eq!(case(&report, "02-negative")["verdict"], "WA");
}

#[test]
fn a_busy_loop_is_tle_on_cpu_time() {
    let scratch = Scratch::new();
    let (code, report) = scratch.submit(
        &fixture("double"),
        "def solve(x):\n    while True:\n        pass\n",
        &[],
    );
    assert_eq!(code, 1);
    assert_eq!(report["verdict"], "TLE");
    let first = &report["cases"][0];
    assert!(first["cpu_ms"].as_f64().unwrap() >= 400.0, "{first}");
    assert!(
        first["message"].as_str().unwrap().contains("CPU"),
        "{first}"
    );
}

#[test]
fn cpu_burned_in_a_child_process_counts() {
    let scratch = Scratch::new();
    let source = "import os\n\ndef solve(x):\n    if os.fork() == 0:\n        while True:\n            pass\n    os.wait()\n    return 2 * x\n";
    let (_, report) = scratch.submit(&fixture("double"), source, &[]);
    assert_eq!(report["verdict"], "TLE", "{report}");
}

#[test]
fn sleeping_is_tle_by_the_wall_clock_cap() {
    let scratch = Scratch::new();
    let (_, report) = scratch.submit(
        &fixture("double"),
        "import time\n\ndef solve(x):\n    time.sleep(60)\n",
        &[],
    );
    assert_eq!(report["verdict"], "TLE");
    let first = &report["cases"][0];
    assert!(
        first["message"].as_str().unwrap().contains("wall-clock"),
        "{first}"
    );
    assert!(first["wall_ms"].as_f64().unwrap() < 10_000.0, "{first}");
}

#[test]
fn a_growing_list_is_mle() {
    let scratch = Scratch::new();
    let source = "def solve(x):\n    hoard = []\n    while True:\n        hoard.append(bytearray(1 << 20))\n";
    let (_, report) = scratch.submit(&fixture("double"), source, &[]);
    assert_eq!(report["verdict"], "MLE", "{report}");
}

#[test]
fn one_huge_allocation_is_mle_not_re() {
    let scratch = Scratch::new();
    let (_, report) = scratch.submit(
        &fixture("double"),
        "def solve(x):\n    return len(bytearray(1 << 40))\n",
        &[],
    );
    assert_eq!(report["verdict"], "MLE", "{report}");
}

#[test]
fn an_honest_pool_of_32_threads_runs_under_the_memory_limit() {
    let scratch = Scratch::new();
    // The barrier lets no worker return before all 32 run at once (a pool starts threads
    // only as it needs them, so 64 quick tasks alone would start far fewer).
    let source = r#"import threading
from concurrent.futures import ThreadPoolExecutor

def solve(x):
    if x < 0:
        raise ValueError('negative')
    barrier = threading.Barrier(32, timeout=1)

    def part(i):
        barrier.wait()
        return threading.get_ident(), x * 2 if i == 0 else 0

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(part, range(32)))
    if len({ident for ident, _ in results}) != 32:
        raise RuntimeError('fewer than 32 threads')
    return sum(value for _, value in results)
"#;
    let (code, report) = scratch.submit(&fixture("double"), source, &["--all-cases"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
    assert_eq!(case_verdicts(&report), vec!["AC"; 6], "{report}");
    let spec: toml::Value =
        toml::from_str(&std::fs::read_to_string(fixture("double").join("challenge.toml")).unwrap())
            .unwrap();
    let limit_kb = spec["limits"]["memory_mb"].as_integer().unwrap() as u64 * 1024;
    for case in report["cases"].as_array().unwrap() {
        let memory_kb = case["memory_kb"].as_u64().unwrap();
        assert!(memory_kb < limit_kb, "{case}");
    }
}

#[test]
fn an_endless_print_is_ole() {
    let scratch = Scratch::new();
    let (_, report) = scratch.submit(
        &fixture("double"),
        "def solve(x):\n    while True:\n        print('spam' * 100)\n",
        &[],
    );
    assert_eq!(report["verdict"], "OLE", "{report}");
}

#[test]
fn a_syntax_error_is_ce_for_the_whole_submission() {
    let scratch = Scratch::new();
    let (code, report) =
        scratch.submit(&fixture("double"), "def solve(x)\n    return 2 * x\n", &[]);
    assert_eq!(code, 1);
    assert_eq!(report["verdict"], "CE");
    assert!(
        report["message"].as_str().unwrap().contains("SyntaxError"),
        "{report}"
    );
    assert!(case_verdicts(&report)
        .iter()
        .all(|verdict| verdict == "skipped"));
}

#[test]
fn an_import_error_and_an_exception_at_import_are_ce() {
    let scratch = Scratch::new();
    let (_, report) = scratch.submit(&fixture("double"), "import no_such_module_here\n", &[]);
    assert_eq!(report["verdict"], "CE");
    assert!(
        report["message"]
            .as_str()
            .unwrap()
            .contains("ModuleNotFoundError"),
        "{report}"
    );
    let (_, report) = scratch.submit(
        &fixture("double"),
        "raise RuntimeError('boom at import')\n",
        &[],
    );
    assert_eq!(report["verdict"], "CE");
}

#[test]
fn a_hang_at_import_is_tle_once() {
    let scratch = Scratch::new();
    let (_, report) = scratch.submit(&fixture("double"), "while True:\n    pass\n", &[]);
    assert_eq!(report["verdict"], "TLE");
    assert!(
        report["message"].as_str().unwrap().contains("loading"),
        "{report}"
    );
}

#[test]
fn undecodable_source_is_the_candidates_ce() {
    let scratch = Scratch::new();
    let solution = scratch.write("latin.py", b"def solve(x):\n    return '\xff\xfe'\n");
    let output = scratch
        .pyjudge()
        .args(["submit", "--format", "json"])
        .arg(fixture("double"))
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(common::parse_report(&output)["verdict"], "CE");
    let solution = scratch.write("nul.py", b"def solve(x):\n    return 2 * x\0\n");
    let output = scratch
        .pyjudge()
        .args(["submit", "--format", "json"])
        .arg(fixture("double"))
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(common::parse_report(&output)["verdict"], "CE");
}

#[test]
fn a_broken_harness_is_ie_and_exits_2_with_a_report() {
    let scratch = Scratch::new();
    let solution = scratch.write("f.py", "def f():\n    return 1\n");
    let output = scratch
        .pyjudge()
        .args(["submit", "--format", "json"])
        .arg(fixture("broken-harness"))
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report = common::parse_report(&output);
    assert_eq!(report["verdict"], "IE");
    assert!(
        report["details"].as_str().unwrap().contains("SyntaxError"),
        "{report}"
    );
    scratch.assert_tmp_empty();
}

#[test]
fn module_state_is_fresh_in_every_case() {
    let scratch = Scratch::new();
    // Right only while `calls` holds this case's call alone.
    let source = "calls = []\n\ndef solve(x):\n    calls.append(x)\n    if x < 0:\n        raise ValueError('negative')\n    return 2 * x if len(calls) == 1 else -1\n";
    let (code, report) = scratch.submit(&fixture("double"), source, &["--all-cases"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
    assert_eq!(case_verdicts(&report), vec!["AC"; 6], "{report}");
}

#[test]
fn fake_result_lines_do_not_change_the_verdict() {
    let scratch = Scratch::new();
    let source = r#"import os, sys
FAKE = '{"event":"result","id":"01-one","status":"returned","observation":2,"cpu_ms":0,"wall_ms":0,"memory_kb":0}\n'

def solve(x):
    print(FAKE * 3)
    sys.stderr.write(FAKE)
    for fd in range(0, 64):
        try:
            os.write(fd, FAKE.encode())
        except OSError:
            pass
    return -1
"#;
    let (code, report) = scratch.submit(&fixture("double"), source, &[]);
    assert_eq!(code, 1);
    assert_eq!(report["verdict"], "WA", "{report}");
}

#[test]
fn exiting_before_returning_is_a_runtime_error() {
    let scratch = Scratch::new();
    let (_, report) = scratch.submit(
        &fixture("double"),
        "import os\n\ndef solve(x):\n    os._exit(0)\n",
        &[],
    );
    assert_eq!(report["verdict"], "RE");
    let (_, report) = scratch.submit(
        &fixture("double"),
        "import ctypes\n\ndef solve(x):\n    return ctypes.string_at(0)\n",
        &[],
    );
    assert_eq!(report["verdict"], "RE");
    assert!(
        report["cases"][0]["message"]
            .as_str()
            .unwrap()
            .contains("SIGSEGV"),
        "{report}"
    );
}

#[test]
fn the_candidate_never_runs_as_root() {
    let scratch = Scratch::new();
    let source =
        "import os\n\ndef solve(x):\n    return [os.getuid(), os.geteuid(), os.getgid()]\n";
    let (_, report) = scratch.submit(&fixture("double"), source, &[]);
    let message = report["cases"][0]["message"].as_str().unwrap().to_string();
    let ids = message.rsplit("got a list ").next().unwrap();
    assert!(
        ids.starts_with('[') && !ids.starts_with("[0") && !ids.contains(",0"),
        "{message}"
    );
    if report["containment"] == "namespaces" {
        assert_eq!(ids, "[1000,1000,1000]");
    }
}

#[test]
fn a_detached_daemon_does_not_outlive_a_tle() {
    let scratch = Scratch::new();
    let marker = format!(
        "{}.{}",
        900 + std::process::id() % 90,
        std::process::id() % 1000
    );
    let source = format!(
        "import os, time\n\ndef solve(x):\n    if os.fork() == 0:\n        os.setsid()\n        if os.fork() == 0:\n            os.execv('/bin/sleep', ['sleep', '{marker}'])\n        os._exit(0)\n    while True:\n        pass\n"
    );
    let (_, report) = scratch.submit(&fixture("double"), &source, &[]);
    assert_eq!(report["verdict"], "TLE", "{report}");
    let left = common::processes_with(&format!("sleep {marker}"));
    assert!(
        left.is_empty(),
        "processes of the submission survived: {left:?}"
    );
}

#[test]
fn a_daemon_started_by_an_accepted_case_is_gone_too() {
    let scratch = Scratch::new();
    let marker = format!(
        "{}.{}",
        800 + std::process::id() % 90,
        std::process::id() % 1000 + 1
    );
    let source = format!(
        "import os\n\ndef solve(x):\n    if os.fork() == 0:\n        os.setsid()\n        os.execv('/bin/sleep', ['sleep', '{marker}'])\n    if x < 0:\n        raise ValueError('negative')\n    return 2 * x\n"
    );
    let (code, report) = scratch.submit(&fixture("double"), &source, &[]);
    assert_eq!(code, 0, "{report}");
    let left = common::processes_with(&format!("sleep {marker}"));
    assert!(
        left.is_empty(),
        "processes of the submission survived: {left:?}"
    );
}

#[test]
fn stdio_programs_read_stdin_and_are_compared_by_lines() {
    let scratch = Scratch::new();
    let good = "import sys\nprint(sum(int(t) for t in sys.stdin.read().split()))\n";
    let (code, report) = scratch.submit(&fixture("stdio-sum"), good, &[]);
    assert_eq!(code, 0, "{report}");
    let wrong = "import sys\nprint(sum(int(t) for t in sys.stdin.read().split()) + 1)\n";
    let (_, report) = scratch.submit(&fixture("stdio-sum"), wrong, &[]);
    assert_eq!(report["verdict"], "WA");
    assert!(
        report["cases"][0]["details"]
            .as_str()
            .unwrap()
            .contains("- 6"),
        "{report}"
    );
    let exits = "import sys\nsys.exit(3)\n";
    let (_, report) = scratch.submit(&fixture("stdio-sum"), exits, &[]);
    assert_eq!(report["verdict"], "RE");
    assert!(
        report["cases"][0]["message"]
            .as_str()
            .unwrap()
            .contains("code 3"),
        "{report}"
    );
    let blocks = "import sys\nsys.stdin.read()\nimport time\ntime.sleep(30)\n";
    let (_, report) = scratch.submit(&fixture("stdio-sum"), blocks, &[]);
    assert_eq!(report["verdict"], "TLE");
}

#[test]
fn a_custom_checker_decides_outside_the_sandbox() {
    let scratch = Scratch::new();
    let (code, report) = scratch.submit(
        &fixture("approx"),
        "def approximate(scale):\n    return scale * 3.1416\n",
        &[],
    );
    assert_eq!(code, 0, "{report}");
    let (code, report) = scratch.submit(
        &fixture("approx"),
        "def approximate(scale):\n    return scale * 3.2\n",
        &[],
    );
    assert_eq!(code, 1);
    assert!(
        report["cases"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not within"),
        "{report}"
    );
}

#[test]
fn samples_only_runs_the_samples() {
    let scratch = Scratch::new();
    let (code, report) = scratch.submit(&fixture("double"), DOUBLE, &["--samples-only"]);
    assert_eq!(code, 0);
    assert_eq!(case_verdicts(&report), vec!["AC", "AC"]);
}

#[test]
fn without_namespaces_root_refuses_an_interpreter_it_cannot_hand_to_an_unprivileged_user() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 || !common::python().starts_with("/root/") {
        return;
    }
    let scratch = Scratch::new();
    let solution = scratch.write("s.py", DOUBLE);
    let output = scratch
        .pyjudge()
        .env("PYJUDGE_DISABLE_NAMESPACES", "1")
        .args(["submit", "--format", "json"])
        .arg(fixture("double"))
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report = common::parse_report(&output);
    assert_eq!(report["verdict"], "IE");
    assert!(
        report["message"]
            .as_str()
            .unwrap()
            .contains("will not run candidate code as root"),
        "{report}"
    );
    scratch.assert_tmp_empty();
}

#[test]
fn without_namespaces_the_fallback_runs_in_a_process_group_and_says_so() {
    let system_python = "/usr/bin/python3";
    let reachable = std::process::Command::new(system_python)
        .args(["-c", "import sys; assert sys.version_info >= (3, 10)"])
        .status()
        .is_ok_and(|status| status.success());
    if !reachable {
        return;
    }
    let scratch = Scratch::new();
    let solution = scratch.write("s.py", DOUBLE);
    let output = scratch
        .pyjudge()
        .env("PYJUDGE_DISABLE_NAMESPACES", "1")
        .env("PYJUDGE_PYTHON", system_python)
        .args(["submit", "--format", "json"])
        .arg(fixture("double"))
        .arg(&solution)
        .output()
        .unwrap();
    let report = common::parse_report(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert_eq!(report["containment"], "process-group");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("user namespaces are unavailable").count(),
        1,
        "{stderr}"
    );
    scratch.assert_tmp_empty();
    let strict = scratch
        .pyjudge()
        .env("PYJUDGE_DISABLE_NAMESPACES", "1")
        .env("PYJUDGE_PYTHON", system_python)
        .args(["--sandbox", "strict", "submit"])
        .arg(fixture("double"))
        .arg(&solution)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(2));
}

#[test]
fn ctrl_c_during_submit_leaves_nothing_behind() {
    let scratch = Scratch::new();
    let marker = format!(
        "{}.{}",
        600 + std::process::id() % 90,
        std::process::id() % 991
    );
    let solution = scratch.write(
        "slow.py",
        format!("import os, time\n\ndef solve(x):\n    if os.fork() == 0:\n        os.setsid()\n        os.execv('/bin/sleep', ['sleep', '{marker}'])\n    time.sleep(30)\n"),
    );
    let child = scratch
        .pyjudge()
        .args(["submit", "--format", "json"])
        .arg(fixture("double"))
        .arg(&solution)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while common::processes_with(&format!("sleep {marker}")).is_empty()
        && started.elapsed().as_secs() < 10
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: kill on our own child's pid.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("cancelled"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(common::processes_with(&format!("sleep {marker}")).is_empty());
    scratch.assert_tmp_empty();
}

#[test]
fn lone_surrogates_in_results_and_messages_are_wrong_answers_not_hangs() {
    let scratch = Scratch::new();
    let source = "def solve(x):\n    if x == 1:\n        raise ValueError('bad \\ud800 thing')\n    return '\\udc80' * min(x, 3)\n";
    let (_, report) = scratch.submit(&fixture("double"), source, &["--all-cases"]);
    let verdicts = case_verdicts(&report);
    assert_eq!(verdicts[..3], ["RE", "WA", "WA"], "{report}");
    assert!(
        report["cases"][0]["message"]
            .as_str()
            .unwrap()
            .contains("\\ud800"),
        "{report}"
    );
    assert!(report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .all(|case| case["wall_ms"].as_f64().unwrap() < 1000.0));
}

#[test]
fn the_sandboxes_control_groups_are_removed_after_the_run() {
    let scratch = Scratch::new();
    let solution = scratch.write("s.py", "def solve(x):\n    return [0] * 10**9\n");
    let child = scratch
        .pyjudge()
        .args(["submit", "--format", "json", "--all-cases"])
        .arg(fixture("double"))
        .arg(&solution)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let output = child.wait_with_output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["verdict"], "MLE", "{report}");
    let prefix = format!("pyjudge-{pid}-");
    let mut left = Vec::new();
    let mut stack = vec![(std::path::PathBuf::from("/sys/fs/cgroup"), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                if entry.file_name().to_string_lossy().starts_with(&prefix) {
                    left.push(path);
                } else if depth < 4 {
                    stack.push((path, depth + 1));
                }
            }
        }
    }
    assert!(left.is_empty(), "control groups left behind: {left:?}");
}

/// Cases whose inputs and results are each larger than a pipe holds: the supervisor sends
/// the next case while the runner writes the last result, and neither may wait for the
/// other (cold runner and warm runner).
#[test]
fn large_inputs_and_results_of_pipelined_cases_do_not_stall() {
    let scratch = common::Scratch::new();
    let package = scratch.path().join("big-echo");
    std::fs::create_dir_all(package.join("tests/secret")).unwrap();
    std::fs::write(
        package.join("challenge.toml"),
        "title = \"Big echo\"\ntopic = \"pipes\"\ndifficulty = \"easy\"\nkind = \"function\"\n\
         [limits]\ncpu_ms = 2000\noutput_kb = 4096\n[harness]\ntype = \"call\"\nfunction = \"echo\"\n",
    )
    .unwrap();
    std::fs::write(package.join("statement.md"), "Return the list.\n").unwrap();
    std::fs::write(package.join("starter.py"), "def echo(items):\n    pass\n").unwrap();
    // About 600 KB of JSON each way per case: ten times a pipe's 64 KiB.
    let items: Vec<String> = (0..100_000).map(|index| (index * 7).to_string()).collect();
    let list = format!("[{}]", items.join(","));
    for index in 0..4 {
        std::fs::write(
            package.join(format!("tests/secret/{index:02}.json")),
            format!("{{\"input\": {{\"args\": [{list}]}}, \"expected\": {list}}}"),
        )
        .unwrap();
    }
    let solution = scratch.write("echo.py", "def echo(items):\n    return items\n");
    for runner in ["cold", "warm"] {
        let mut command = scratch.pyjudge();
        command
            .env("PYJUDGE_RUNNER", runner)
            .arg("submit")
            .arg(&package)
            .arg(&solution)
            .args(["--all-cases", "--format", "json"]);
        let run = common::run_with_timeout(command, None, std::time::Duration::from_secs(60));
        assert!(!run.timed_out, "{runner}: the judge stalled");
        let report = run.report().unwrap();
        assert_eq!(
            common::case_verdicts(&report),
            vec!["AC"; 4],
            "{runner}: {report}"
        );
        assert_eq!(run.code, Some(0), "{runner}");
    }
    scratch.assert_tmp_empty();
}

/// An author's script runs in a process group of its own (so a timeout kills what it
/// started); Ctrl-C must still stop it and whatever it started, at once.
#[test]
fn ctrl_c_while_a_generator_runs_leaves_nothing_behind() {
    let scratch = Scratch::new();
    let package = scratch.path().join("slow-generator");
    common::copy_tree(&fixture("double"), &package);
    let marker = format!(
        "{}.{}",
        700 + std::process::id() % 90,
        std::process::id() % 997
    );
    let toml = std::fs::read_to_string(package.join("challenge.toml")).unwrap();
    std::fs::write(
        package.join("challenge.toml"),
        format!("{toml}\n[generator]\nscript = \"generate.py\"\n"),
    )
    .unwrap();
    std::fs::write(
        package.join("generate.py"),
        format!(
            "import subprocess, time\nsubprocess.Popen(['sleep', '{marker}'])\ntime.sleep(300)\n"
        ),
    )
    .unwrap();
    let solution = scratch.write("double.py", "def solve(x):\n    return 2 * x\n");
    let child = scratch
        .pyjudge()
        .args(["submit", "--format", "json"])
        .arg(&package)
        .arg(&solution)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while common::processes_with(&format!("sleep {marker}")).is_empty()
        && started.elapsed().as_secs() < 20
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        !common::processes_with(&format!("sleep {marker}")).is_empty(),
        "the generator did not start"
    );
    let interrupted = std::time::Instant::now();
    // SAFETY: kill on our own child's pid.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        interrupted.elapsed().as_secs() < 10,
        "pyjudge took {:?} to stop",
        interrupted.elapsed()
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("cancelled"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(common::processes_with(&format!("sleep {marker}")).is_empty());
    scratch.assert_tmp_empty();
}

#[test]
fn writing_to_a_closed_pipe_raises_broken_pipe_error_as_in_python() {
    // Python ignores SIGPIPE, so such a write raises; a case killed by the signal instead
    // would be a runtime error that plain python3 never gives.
    let scratch = Scratch::new();
    let source = "import os\n\ndef solve(x):\n    read, write = os.pipe()\n    os.close(read)\n    try:\n        os.write(write, b'x')\n    except BrokenPipeError:\n        return 2 * x\n    return -1\n";
    let (code, report) = scratch.submit(&fixture("double"), source, &["--all-cases"]);
    let verdicts = case_verdicts(&report);
    assert_eq!(verdicts[..3], ["AC", "AC", "AC"], "{report}");
    assert_eq!(code, 1, "the negative case must still be WA: {report}");
}

/// TMPDIR below a folder other users cannot enter (a 0700 home, /run/user/N): as root the
/// sandbox runs as an unprivileged user, which could not reach its work folder there, and
/// every submission was an internal error. pyjudge now works in /tmp instead and says why,
/// naming the folder and the fix; as an ordinary user the folder is the user's own and is
/// used as it is.
#[test]
fn a_tmpdir_closed_to_other_users_still_judges_and_root_is_told_why() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new();
    let closed = scratch.path().join("closed");
    let tmpdir = closed.join("inner");
    std::fs::create_dir_all(&tmpdir).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o700)).unwrap();
    let solution = scratch.write("solution.py", DOUBLE);
    let output = scratch
        .pyjudge()
        .env("TMPDIR", &tmpdir)
        .arg("submit")
        .arg(fixture("double"))
        .arg(&solution)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report = common::parse_report(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(report["verdict"], "AC", "{report}\n{stderr}");
    let told = stderr.contains(&format!("cannot enter {} (mode 0700)", closed.display()))
        && stderr.contains(&format!("chmod o+x {}", closed.display()));
    assert_eq!(told, common::own_uid() == 0, "{stderr}");
    assert_eq!(std::fs::read_dir(&tmpdir).unwrap().count(), 0);
}

/// The groups a pyjudge killed before its clean-up leaves (`pyjudge-PID-N`, PID gone) are
/// removed by the next run: they neither pile up nor, once that pid is reused, take the
/// name the new process wants ("File exists", which made a strict grade refuse to run).
#[test]
fn control_groups_left_by_a_killed_pyjudge_are_removed_by_the_next_run() {
    let table = std::fs::read_to_string("/proc/self/cgroup").unwrap();
    let unified = std::path::Path::new("/sys/fs/cgroup/cgroup.controllers").is_file();
    // Where this process's children make their groups: the cpu hierarchy's own group on
    // cgroup v1, the own group on v2.
    let parent = table.lines().find_map(|line| {
        let mut fields = line.splitn(3, ':');
        let (_, controllers, path) = (fields.next()?, fields.next()?, fields.next()?);
        let wanted = if unified {
            controllers.is_empty()
        } else {
            controllers.split(',').any(|name| name == "cpu")
        };
        let mount = if unified {
            String::new()
        } else {
            controllers.to_string()
        };
        wanted.then(|| {
            std::path::Path::new("/sys/fs/cgroup")
                .join(mount)
                .join(path.trim_start_matches('/'))
        })
    });
    // A pid that ran and is gone.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let stale = parent.map(|parent| parent.join(format!("pyjudge-{dead}-0")));
    let made = stale
        .as_ref()
        .is_some_and(|stale| std::fs::create_dir_all(stale.join("case")).is_ok());
    if !made {
        assert!(
            std::env::var_os("PYJUDGE_REQUIRE_LAYERS").is_none(),
            "cannot make a control group to leave behind: {stale:?}"
        );
        eprintln!("skipped: no control group can be made here ({stale:?})");
        return;
    }
    let stale = stale.unwrap();
    let scratch = Scratch::new();
    let (code, report) = scratch.submit(&fixture("double"), DOUBLE, &[]);
    let left = stale.exists();
    // Never leave the test's own group behind, whatever happened.
    let _ = std::fs::remove_dir(stale.join("case"));
    let _ = std::fs::remove_dir(&stale);
    assert_eq!(code, 0, "{report}");
    assert!(!left, "{} is still there", stale.display());
}
