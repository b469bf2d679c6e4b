//! Warm runners: one prepared interpreter, a fresh sandbox for every submission.

mod common;

use pyjudge::judge::{self, JudgeOptions};
use pyjudge::judging::verdict::Verdict;
use pyjudge::package::spec::Challenge;
use pyjudge::python::Python;
use pyjudge::sandbox::WarmRunner;

/// Leaves traces in every writable place and a process behind, then answers correctly.
const LEAVER: &str = r#"import os

def solve(x):
    for folder in ("/tmp", "/work", "/dev/shm"):
        with open(os.path.join(folder, "left-behind"), "w") as handle:
            handle.write("x")
    if os.fork() == 0:
        os.setsid()
        os.execv("/bin/sleep", ["sleep", "300.0417"])
    if x < 0:
        raise ValueError("negative")
    return 2 * x
"#;

/// Answers correctly only when it finds nothing of the submission before it, and runs
/// locked down: no_new_privs, seccomp, no capabilities, uid 1000, nothing shared.
const LOOKER: &str = r#"import os

def solve(x):
    for folder in ("/tmp", "/work", "/dev/shm"):
        if os.path.exists(os.path.join(folder, "left-behind")):
            raise RuntimeError("found a file of the last submission in " + folder)
    for pid in os.listdir("/proc"):
        if pid.isdigit() and int(pid) != os.getpid():
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if handle.read().startswith(b"sleep"):
                    raise RuntimeError("found a process of the last submission")
    status = open("/proc/self/status").read()
    field = lambda name: status.split(name + ":")[1].split()[0]
    if (field("NoNewPrivs"), field("Seccomp"), field("CapEff")) != ("1", "2", "0" * 16):
        raise RuntimeError("not locked down: " + status)
    if os.getuid() != 1000 or any("shared:" in line for line in open("/proc/self/mountinfo")):
        raise RuntimeError("wrong user or shared mounts")
    if os.access("/judge", os.W_OK) or os.path.exists("/judge/runner.py"):
        raise RuntimeError("/judge is writable or shows the runner")
    if x < 0:
        raise ValueError("negative")
    return 2 * x
"#;

#[test]
fn every_submission_of_a_warm_runner_gets_fresh_namespaces_files_and_processes() {
    // Made while the last submission runs, and made after it.
    for ahead in [true, false] {
        fresh_sandboxes(ahead);
    }
}

fn fresh_sandboxes(ahead: bool) {
    let python = Python::discover(Some(std::path::Path::new(common::python()))).unwrap();
    let challenge = Challenge::load(&common::fixture("double")).unwrap();
    let mut warm = match WarmRunner::start(&python, ahead, &Default::default()) {
        Ok(warm) => warm,
        // Without user namespaces there is no warm runner, and grade starts cold.
        Err(reason) if reason.contains("namespaces") => return,
        Err(reason) => panic!("the warm runner did not start: {reason}"),
    };
    let options = JudgeOptions {
        all_cases: true,
        samples_only: false,
    };
    let mut namespaces = Vec::new();
    for (name, source) in [("leaver", LEAVER), ("looker", LOOKER), ("again", LOOKER)] {
        let report = judge::judge_in(
            &challenge,
            name,
            source.as_bytes(),
            &python,
            &options,
            Some(&mut warm),
        )
        .unwrap();
        assert_eq!(report.verdict, Verdict::Accepted, "{name}: {report:?}");
        let record = report.sandbox.expect("a sandbox record");
        assert!(record.warm, "{name} did not run in the warm runner");
        namespaces.extend(record.pid_namespaces);
        assert!(warm.usable());
    }
    namespaces.sort();
    namespaces.dedup();
    // Made while the last submission runs, each namespace is a new one beside it. Made after
    // the last one ended, the kernel may hand its freed inode number to the next namespace
    // (nsfs numbers are allocated lowest-free), so equal numbers prove nothing there: that
    // the looker sees nothing of the leaver is the proof.
    if ahead {
        assert_eq!(namespaces.len(), 3, "pid namespaces shared: {namespaces:?}");
    }
    drop(warm);
    std::thread::sleep(std::time::Duration::from_millis(100));
    // An odd duration as the marker: another `sleep 300` on the machine is not ours.
    assert!(common::processes_with("sleep 300.0417").is_empty());
}
