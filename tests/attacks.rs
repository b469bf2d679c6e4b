//! The attacks a determined candidate made on the sandbox (issue 10), one test each, with the
//! submissions in `tests/hostile/neighbours/`. Each test asserts what must hold for the
//! attacker and for the honest candidates judged beside it: their verdicts, what the cache
//! keeps, the CPU charged, pyjudge's own memory and the text on screen.

mod common;

use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{fixture, Scratch};
use serde_json::Value;

fn attack(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile/neighbours")
        .join(name)
}

fn verdict(report: &Value) -> &str {
    report["verdict"].as_str().unwrap_or("none")
}

/// `pyjudge submit --format json` of `solution` on `package`, its runner cold or warm, and
/// the report.
fn submit(
    scratch: &Scratch,
    runner: &str,
    package: &Path,
    solution: &Path,
    all_cases: bool,
) -> Value {
    let output = scratch
        .pyjudge()
        .env("PYJUDGE_RUNNER", runner)
        .arg("submit")
        .arg(package)
        .arg(solution)
        .args(["--format", "json"])
        .args(all_cases.then_some("--all-cases"))
        .output()
        .unwrap();
    common::parse_report(&output)
}

/// pyjudge started with descriptor 7 open on a host file (a shell's `7>>file`): no route a
/// candidate has (its own table, /proc, pidfd_getfd on the runner) writes into it, cold or
/// warm, and as root the runner's own table does not hold it either.
#[test]
fn inherited_descriptors_never_reach_the_candidate() {
    for runner in ["cold", "warm"] {
        let scratch = Scratch::new();
        let host_file = scratch.write("host-file.txt", "untouched\n");
        let appender = std::fs::OpenOptions::new()
            .append(true)
            .open(&host_file)
            .unwrap();
        let raw = appender.as_raw_fd();
        let mut command = scratch.pyjudge();
        command
            .env("PYJUDGE_RUNNER", runner)
            .arg("submit")
            .arg(fixture("hostile-target"))
            .arg(attack("inherited_fd.py"))
            .args(["--format", "json", "--all-cases"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // SAFETY: dup2 is async-signal-safe; 7 is left without close-on-exec on purpose.
        unsafe {
            command.pre_exec(move || {
                if libc::dup2(raw, 7) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = command.spawn().unwrap();
        let mut seen_in_runner = Vec::new();
        let target = std::fs::canonicalize(&host_file).unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut buffer = Vec::new();
            stdout.read_to_end(&mut buffer).unwrap();
            buffer
        });
        while child.try_wait().unwrap().is_none() {
            seen_in_runner.extend(descendants_holding(child.id() as i32, &target));
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let output = reader.join().unwrap();
        let report: Value = serde_json::from_slice(&output).unwrap_or_else(|error| {
            panic!(
                "{runner}: no report ({error}): {}",
                String::from_utf8_lossy(&output)
            )
        });
        drop(appender);
        assert_eq!(
            std::fs::read_to_string(&host_file).unwrap(),
            "untouched\n",
            "{runner}: the candidate wrote into the caller's descriptor: {report}"
        );
        assert_eq!(verdict(&report), "AC", "{runner}: {report}");
        assert!(
            seen_in_runner.is_empty(),
            "{runner}: sandbox processes held the caller's descriptor: {seen_in_runner:?}"
        );
        scratch.assert_tmp_empty();
    }
}

/// A child's report that claims measurements (cpu_ms 0, memory_kb 1) and output of its own
/// does not change what the runner measured: the CPU it burned and the memory it held are
/// charged, and the output shown is what it printed (nothing).
#[test]
fn measurements_come_from_the_runner_not_the_report() {
    let scratch = Scratch::new();
    let report = submit(
        &scratch,
        "cold",
        &fixture("hostile-target"),
        &attack("forge_measurements.py"),
        true,
    );
    for case in report["cases"].as_array().unwrap() {
        let cpu = case["cpu_ms"].as_f64().unwrap();
        let memory = case["memory_kb"].as_u64().unwrap();
        assert!(cpu >= 80.0, "{}: charged {cpu} ms: {report}", case["name"]);
        assert!(memory >= 50_000, "{}: {memory} KB: {report}", case["name"]);
    }
    assert!(!report.to_string().contains("forged-output"), "{report}");
    scratch.assert_tmp_empty();
}

/// A stdio program that writes and flushes its answer, then leaves by `os._exit(0)` (as a
/// program that skips interpreter shutdown does), is judged on what it wrote; with a
/// non-zero code it is a runtime error that names the code.
#[test]
fn a_stdio_program_that_exits_by_os_exit_is_judged_on_its_output() {
    let scratch = Scratch::new();
    let exits = |code: i32| {
        format!(
            "import os, sys\nsys.stdout.write(str(sum(int(t) for t in sys.stdin.read().split())) + '\\n')\nsys.stdout.flush()\nos._exit({code})\n"
        )
    };
    let (code, report) = scratch.submit(&fixture("stdio-sum"), &exits(0), &["--all-cases"]);
    assert_eq!((code, verdict(&report)), (0, "AC"), "{report}");
    let (code, report) = scratch.submit(&fixture("stdio-sum"), &exits(3), &["--all-cases"]);
    assert_eq!((code, verdict(&report)), (1, "RE"), "{report}");
    assert!(
        report["cases"][0]["message"]
            .as_str()
            .unwrap()
            .contains('3'),
        "{report}"
    );
}

/// A stdio case cannot see the inputs of the cases after it, which are staged while it
/// runs: their folder cannot be listed and their names cannot be guessed.
#[test]
fn later_inputs_are_not_visible_to_an_earlier_case() {
    let scratch = Scratch::new();
    let source = "import os, sys\n\
folder = os.path.dirname(os.readlink('/proc/self/fd/0'))\n\
try:\n    seen = os.listdir(folder)\nexcept OSError:\n    seen = []\n\
if seen:\n    print('listed', seen)\nelse:\n    print(sum(int(t) for t in sys.stdin.read().split()))\n";
    for runner in ["cold", "warm"] {
        let solution = scratch.write("look_ahead.py", source);
        let report = submit(&scratch, runner, &fixture("stdio-sum"), &solution, true);
        assert_eq!(verdict(&report), "AC", "{runner}: {report}");
    }
}

/// Attack 3: CPU burned in short-lived children that the kernel reaps (SIGCHLD ignored) is
/// charged all the same: the case's control group counts every process it ever held.
#[test]
fn cpu_of_children_the_kernel_reaped_is_charged() {
    for runner in ["cold", "warm"] {
        let scratch = Scratch::new();
        let report = submit(
            &scratch,
            runner,
            &fixture("hostile-target"),
            &attack("uncharged_cpu.py"),
            false,
        );
        assert_eq!(verdict(&report), "TLE", "{runner}: {report}");
        let charged = report["cases"][0]["cpu_ms"].as_f64().unwrap();
        assert!(charged >= 500.0, "{runner}: charged {charged} ms: {report}");
        assert_eq!(
            report["sandbox"]["accounting"], "cgroup",
            "{runner}: {report}"
        );
    }
}

/// Attack 5: a gigabyte without a newline on every descriptor the candidate holds. The
/// runner stops reading the report pipe at its cap (OLE), and pyjudge's own memory stays
/// small: no reader of the sandbox holds an unbounded line.
#[test]
fn an_endless_line_does_not_grow_the_judge() {
    for runner in ["cold", "warm"] {
        let scratch = Scratch::new();
        let mut child = scratch
            .pyjudge()
            .env("PYJUDGE_RUNNER", runner)
            .arg("submit")
            .arg(fixture("hostile-target"))
            .arg(attack("endless_report_line.py"))
            .args(["--format", "json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let status = format!("/proc/{}/status", child.id());
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut buffer = Vec::new();
            stdout.read_to_end(&mut buffer).unwrap();
            buffer
        });
        let mut peak_kb = 0u64;
        while child.try_wait().unwrap().is_none() {
            if let Ok(text) = std::fs::read_to_string(&status) {
                if let Some(kb) = text
                    .lines()
                    .find(|line| line.starts_with("VmHWM:"))
                    .and_then(|line| line.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<u64>().ok())
                {
                    peak_kb = peak_kb.max(kb);
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let report: Value = serde_json::from_slice(&reader.join().unwrap()).unwrap();
        assert!(
            ["OLE", "RE", "WA"].contains(&verdict(&report)),
            "{runner}: {report}"
        );
        assert!(peak_kb > 0, "{runner}: pyjudge's memory was never read");
        assert!(
            peak_kb < 64 * 1024,
            "{runner}: pyjudge's peak RSS was {peak_kb} KB: {report}"
        );
    }
}

/// Attack 7: pages shared copy-on-write by forked children count once: 60 MB touched and
/// two sleeping children stay under a 128 MB limit.
#[test]
fn copy_on_write_pages_count_once() {
    let scratch = Scratch::new();
    let report = submit(
        &scratch,
        "cold",
        &fixture("hostile-target"),
        &attack("cow_children.py"),
        true,
    );
    assert_eq!(verdict(&report), "AC", "{report}");
    for case in report["cases"].as_array().unwrap() {
        let memory = case["memory_kb"].as_u64().unwrap();
        assert!(
            (55_000..120_000).contains(&memory),
            "{}: {memory} KB: {report}",
            case["name"]
        );
    }
}

/// Sandbox runners below `root` (and their case children) with a descriptor open on
/// `target`; only what this user may read (as root: all of them).
fn descendants_holding(root: i32, target: &Path) -> Vec<String> {
    let mut parents = std::collections::HashMap::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some(after) = stat.rsplit_once(')').map(|(_, after)| after.to_string()) else {
            continue;
        };
        if let Some(parent) = after
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<i32>().ok())
        {
            parents.insert(pid, parent);
        }
    }
    let descends = |mut pid: i32| {
        for _ in 0..64 {
            match parents.get(&pid) {
                Some(&parent) if parent == root => return true,
                Some(&parent) if parent > 1 => pid = parent,
                _ => return false,
            }
        }
        false
    };
    let mut found = Vec::new();
    for (&pid, _) in parents.iter() {
        // The runner and its children, after exec (between clone and exec the child is
        // still pyjudge, whose descriptors are close-on-exec by then).
        let is_runner = std::fs::read(format!("/proc/{pid}/cmdline"))
            .is_ok_and(|cmdline| cmdline.ends_with(b"runner\0"));
        if !descends(pid) || !is_runner {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        for entry in entries.flatten() {
            if std::fs::read_link(entry.path()).is_ok_and(|link| link == target) {
                found.push(format!(
                    "pid {pid} fd {}",
                    entry.file_name().to_string_lossy()
                ));
            }
        }
    }
    found
}

// ---------------------------------------------------------------------------------------
// grade: an attacker among honest candidates
// ---------------------------------------------------------------------------------------

/// A library with the hostile-target challenge and a set of it, and a submissions folder:
/// the attacker's file (named so that it is judged first) and `honest` honest candidates.
fn grade_scene(scratch: &Scratch, attacker: &str, honest: usize) -> (PathBuf, PathBuf) {
    let library = scratch.path().join("library");
    common::copy_tree(&fixture("hostile-target"), &library.join("hostile-target"));
    std::fs::create_dir_all(library.join("sets")).unwrap();
    std::fs::write(
        library.join("sets/attack.toml"),
        "title = \"Attack\"\ndescription = \"An attacker among honest candidates.\"\ntime_budget_minutes = 10\nchallenges = [\"hostile-target\"]\n",
    )
    .unwrap();
    let submissions = scratch.path().join("submissions");
    let attacker_dir = submissions.join("a-attacker");
    std::fs::create_dir_all(&attacker_dir).unwrap();
    std::fs::copy(attack(attacker), attacker_dir.join("hostile-target.py")).unwrap();
    for index in 0..honest {
        let dir = submissions.join(format!("honest-{index}"));
        std::fs::create_dir_all(&dir).unwrap();
        // Each honest file differs, so that no two share a cache entry.
        std::fs::write(
            dir.join("hostile-target.py"),
            format!("def solve(x):\n    return 2 * x  # candidate {index}\n"),
        )
        .unwrap();
    }
    (library, submissions)
}

fn grade(scratch: &Scratch, library: &Path, submissions: &Path, extra: &[&str]) -> Value {
    let output = scratch
        .pyjudge()
        .arg("--challenges")
        .arg(library)
        .args(["grade", "attack"])
        .arg(submissions)
        .arg("--cache-dir")
        .arg(scratch.path().join("cache"))
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    common::parse_report(&output)
}

/// (candidate, verdict, cached) for every pair.
fn pairs(report: &Value) -> Vec<(String, String, bool)> {
    let mut pairs: Vec<_> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            (
                result["candidate"].as_str().unwrap().to_string(),
                result["verdict"].as_str().unwrap_or("").to_string(),
                result["cached"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

/// Asserts that every honest candidate got AC, and the attacker `attacker_verdicts`.
fn assert_honest_accepted(report: &Value, attacker_verdicts: &[&str], context: &str) {
    for (candidate, verdict, _) in pairs(report) {
        if candidate == "a-attacker" {
            assert!(
                attacker_verdicts.contains(&verdict.as_str()),
                "{context}: the attacker got {verdict}: {report}"
            );
        } else {
            assert_eq!(
                verdict, "AC",
                "{context}: {candidate} got {verdict}: {report}"
            );
        }
    }
}

/// Attack 1: the hostile submission takes the runner's descriptors (pidfd_getfd, /proc) and
/// writes forged events for whoever comes next on the same warm runner. With one channel
/// per submission, and none of it within reach, every honest neighbour stays AC, in the
/// report and in the cache, one worker or two.
#[test]
fn forged_events_never_reach_the_next_submission() {
    for jobs in ["1", "2"] {
        let scratch = Scratch::new();
        let (library, submissions) = grade_scene(&scratch, "forge_events.py", 4);
        let first = grade(&scratch, &library, &submissions, &["-j", jobs]);
        assert_honest_accepted(&first, &["WA", "RE"], &format!("-j {jobs}"));
        let again = grade(&scratch, &library, &submissions, &["-j", jobs]);
        assert_honest_accepted(&again, &["WA", "RE"], &format!("-j {jobs}, from the cache"));
        assert!(
            pairs(&again)
                .iter()
                .filter(|(candidate, _, _)| candidate != "a-attacker")
                .all(|(_, _, cached)| *cached),
            "the honest results were not cached: {again}"
        );
    }
}

/// Where the candidate can break its runner (no namespaces: it shares the runner's uid and
/// kills it), the runner is discarded and the submission judged again on a fresh one; the
/// anomaly repeats, so it is the submission's RE, never the judge's IE, and it is not
/// cached. Its neighbours are AC and cached.
#[test]
fn a_submission_that_breaks_its_runner_gets_re_and_is_never_cached() {
    let Some(system_python) = system_python() else {
        return;
    };
    let scratch = Scratch::new();
    let (library, submissions) = grade_scene(&scratch, "kill_runner.py", 3);
    let run = |extra: &[&str]| {
        let output = scratch
            .pyjudge()
            .env("PYJUDGE_DISABLE_NAMESPACES", "1")
            .env("PYJUDGE_PYTHON", &system_python)
            .arg("--challenges")
            .arg(&library)
            .args(["--sandbox", "permissive", "grade", "attack"])
            .arg(&submissions)
            .arg("--cache-dir")
            .arg(scratch.path().join("cache"))
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        common::parse_report(&output)
    };
    let first = run(&["-j", "2"]);
    assert_honest_accepted(&first, &["RE"], "first run");
    let attacker = &first["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["candidate"] == "a-attacker")
        .unwrap()["message"];
    assert!(
        attacker.as_str().unwrap_or("").contains("interfered"),
        "{first}"
    );
    let again = run(&["-j", "2"]);
    for (candidate, verdict, cached) in pairs(&again) {
        if candidate == "a-attacker" {
            assert_eq!((verdict.as_str(), cached), ("RE", false), "{again}");
        } else {
            assert_eq!((verdict.as_str(), cached), ("AC", true), "{again}");
        }
    }
}

/// Attack 4: a swarm of busy processes (which the kernel would reap, uncharged) beside
/// honest candidates in `grade -j 2`: the swarm is charged and held to one core, so it ends
/// in TLE at its limit, and the honest candidates judged beside it are AC, cheap and
/// cached.
#[test]
fn a_busy_swarm_does_not_starve_its_neighbours() {
    let scratch = Scratch::new();
    let (library, submissions) = grade_scene(&scratch, "busy_swarm.py", 6);
    let report = grade(&scratch, &library, &submissions, &["-j", "2"]);
    assert_honest_accepted(&report, &["TLE"], "-j 2");
    for result in report["results"].as_array().unwrap() {
        if result["candidate"] == "a-attacker" {
            continue;
        }
        for case in result["cases"].as_array().unwrap() {
            let cpu = case["cpu_ms"].as_f64().unwrap();
            assert!(
                cpu < 200.0,
                "{}: {cpu} ms of CPU: {report}",
                result["candidate"]
            );
        }
    }
    let again = grade(&scratch, &library, &submissions, &["-j", "2"]);
    assert!(
        pairs(&again)
            .iter()
            .filter(|(candidate, _, _)| candidate != "a-attacker")
            .all(|(_, verdict, cached)| verdict == "AC" && *cached),
        "{again}"
    );
}

/// An interpreter outside private folders, which an unprivileged uid can run (the process
/// group fallback refuses to run one under /root as root). None, said on stderr, where
/// there is none; with PYJUDGE_REQUIRE_LAYERS=1 (CI) that fails instead.
fn system_python() -> Option<String> {
    for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] {
        if Path::new(candidate).exists() {
            return Some(candidate.to_string());
        }
    }
    assert!(
        std::env::var("PYJUDGE_REQUIRE_LAYERS").as_deref() != Ok("1"),
        "no system python3 for the process-group test, and PYJUDGE_REQUIRE_LAYERS=1"
    );
    eprintln!("SKIPPED: no system python3 outside private folders");
    None
}
