//! Shared helpers for the integration tests: the real binary, the real interpreter, fixtures.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The real interpreter behind `python3`, found once (the one on PATH may be a slow shim).
pub fn python() -> &'static str {
    static PYTHON: OnceLock<String> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let output = Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .expect("python3 must be installed to run the tests");
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    })
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn bundled(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("challenges")
        .join(name)
}

/// A scratch folder for one test: submissions, a private TMPDIR and a private cache.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        std::fs::create_dir(dir.path().join("cache")).unwrap();
        Scratch { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The TMPDIR the judge runs with: it must be empty again after every run.
    pub fn tmp(&self) -> PathBuf {
        self.dir.path().join("tmp")
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn pyjudge(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pyjudge"));
        command
            .env("PYJUDGE_PYTHON", python())
            .env("PYJUDGE_CACHE_DIR", self.dir.path().join("cache"))
            // submit and run record the history: in the scratch folder, never the user's.
            .env("PYJUDGE_DATA_DIR", self.dir.path().join("data"))
            .env("TMPDIR", self.tmp())
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path());
        command
    }

    /// Judges `source` on a package with the `extra` flags and returns the exit code and
    /// report.
    pub fn submit(&self, package: &Path, source: &str, extra: &[&str]) -> (i32, Value) {
        let solution = self.write("solution_under_test.py", source);
        let output = self
            .pyjudge()
            .arg("submit")
            .arg(package)
            .arg(&solution)
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        let report = parse_report(&output);
        self.assert_tmp_empty();
        (output.status.code().unwrap_or(-1), report)
    }

    pub fn assert_tmp_empty(&self) {
        let left = self.tmp_leftovers();
        assert!(
            left.is_empty(),
            "the judge left temporary files behind: {left:?}"
        );
    }

    /// What the judge left in its TMPDIR (it must be empty after every run).
    pub fn tmp_leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.tmp())
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| entry.path().display().to_string())
                    .collect()
            })
            .unwrap_or_else(|error| vec![format!("cannot list the TMPDIR: {error}")])
    }
}

pub fn parse_report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "no JSON report ({error}); stdout: {} stderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The verdict of each case, in order.
pub fn case_verdicts(report: &Value) -> Vec<String> {
    report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| case["verdict"].as_str().unwrap().to_string())
        .collect()
}

pub fn case<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["name"] == name)
        .unwrap_or_else(|| panic!("no case {name} in {report}"))
}

/// Processes on this machine whose command line contains `marker`.
pub fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(marker) {
                found.push(format!("{name}: {cmdline}"));
            }
        }
    }
    found
}

/// Copies a fixture package, so that a test may break its copy.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Sixteen random hex digits, for markers no other run uses.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 8];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .expect("read /dev/urandom");
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

pub fn own_uid() -> u32 {
    // SAFETY: getuid has no preconditions.
    unsafe { libc::getuid() }
}

/// At most `limit` bytes of `text` (cut at a character boundary), and its full length.
pub fn clip(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &text[..end], text.len())
}

/// A judge run of [`run_with_timeout`].
pub struct JudgeRun {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub timed_out: bool,
    pub elapsed: Duration,
}

impl JudgeRun {
    pub fn report(&self) -> Result<Value, String> {
        serde_json::from_slice(&self.stdout).map_err(|error| {
            format!(
                "no JSON report ({error}); exit {:?}; stdout: {} stderr: {}",
                self.code,
                clip(&String::from_utf8_lossy(&self.stdout), 1500),
                clip(&String::from_utf8_lossy(&self.stderr), 1500)
            )
        })
    }
}

/// Runs the judge with a live stdin (`stdin_line`, then held open until the judge is gone),
/// stdout and stderr drained in threads, and killed after `timeout`.
pub fn run_with_timeout(
    mut command: Command,
    stdin_line: Option<String>,
    timeout: Duration,
) -> JudgeRun {
    let started = Instant::now();
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start pyjudge");
    // Held open until the judge is gone: a sandbox that could reach the judge's stdin
    // would read the marker or block on it.
    let mut stdin = child.stdin.take();
    if let (Some(pipe), Some(line)) = (stdin.as_mut(), stdin_line) {
        let _ = pipe.write_all(line.as_bytes());
        let _ = pipe.flush();
    }
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buffer = Vec::new();
            let _ = pipe.read_to_end(&mut buffer);
            buffer
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let mut timed_out = false;
    let status = loop {
        match child.try_wait().expect("wait for pyjudge") {
            Some(status) => break status,
            None if started.elapsed() > timeout => {
                timed_out = true;
                // Only the judge process this test started, by its id.
                let _ = child.kill();
                break child.wait().expect("reap pyjudge");
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    drop(stdin);
    JudgeRun {
        code: status.code(),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        timed_out,
        elapsed: started.elapsed(),
    }
}

/// A copy of a fixture package that a test may change.
pub fn copy_of(scratch: &Scratch, name: &str) -> PathBuf {
    let target = scratch.path().join(name);
    copy_tree(&fixture(name), &target);
    target
}

/// `check --format json` on `package`: the exit code and the package's report.
pub fn check_json(scratch: &Scratch, package: &Path) -> (i32, serde_json::Value) {
    let output = scratch
        .pyjudge()
        .args(["check", "--format", "json"])
        .arg(package)
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    let report = parse_report(&output);
    (
        output.status.code().unwrap_or(-1),
        report["packages"][0].clone(),
    )
}

/// The messages of a package report's problems.
pub fn messages(package: &serde_json::Value) -> Vec<String> {
    package["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem["message"].as_str().unwrap().to_string())
        .collect()
}

/// A package report's notes.
pub fn notes(package: &serde_json::Value) -> Vec<String> {
    package["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|note| note.as_str().unwrap().to_string())
        .collect()
}
