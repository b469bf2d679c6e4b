//! Shared helpers for the integration tests: the real binary, the real interpreter, fixtures.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

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
            .env("TMPDIR", self.tmp())
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path());
        command
    }

    /// Judges `source` on a package with --all-cases and returns the exit code and report.
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
        let left: Vec<_> = std::fs::read_dir(self.tmp())
            .unwrap()
            .flatten()
            .map(|entry| entry.path())
            .collect();
        assert!(
            left.is_empty(),
            "the judge left temporary files behind: {left:?}"
        );
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
