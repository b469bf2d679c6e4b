//! Finding the interpreter: `python3` on PATH is asked once and its answer cached, keyed by
//! what decides it, and `doctor` says where the interpreter came from.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{fixture, python, Scratch};

/// A PATH whose `python3` is a shell script logging each call, then starting the real
/// interpreter, as pyenv's shim does.
struct Shim {
    bin: PathBuf,
    log: PathBuf,
}

impl Shim {
    fn new(scratch: &Scratch) -> Shim {
        let bin = scratch.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let shim = Shim {
            log: scratch.path().join("shim.log"),
            bin,
        };
        shim.write("");
        shim
    }

    /// (Re)writes the shim, with `extra` as a comment so its content can change.
    fn write(&self, extra: &str) {
        let script = self.bin.join("python3");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\n# {extra}\necho called >> '{}'\nexec '{}' \"$@\"\n",
                self.log.display(),
                python()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    fn calls(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .map(|log| log.lines().count())
            .unwrap_or(0)
    }

    /// `pyjudge` with no interpreter named, this shim first on PATH, pyenv's state private.
    fn pyjudge(&self, scratch: &Scratch) -> Command {
        let mut command = scratch.pyjudge();
        command
            .env_remove("PYJUDGE_PYTHON")
            .env_remove("VIRTUAL_ENV")
            .env_remove("PYENV_VERSION")
            .env_remove("PYENV_DIR")
            .env("PYENV_ROOT", scratch.path().join("pyenv"))
            .env("PATH", format!("{}:/usr/bin:/bin", self.bin.display()));
        command
    }

    fn submit(&self, scratch: &Scratch, env: &[(&str, &str)]) {
        let solution = scratch.write("solution.py", "def solve(x):\n    return 2 * x\n");
        let output = self
            .pyjudge(scratch)
            .envs(env.iter().copied())
            .arg("submit")
            .arg(fixture("double"))
            .arg(solution)
            .args(["--samples-only", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn origin(&self, scratch: &Scratch) -> String {
        let output = self
            .pyjudge(scratch)
            .args(["doctor", "--format", "json"])
            .output()
            .unwrap();
        let doctor: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(doctor["python"]["executable"], python());
        doctor["python"]["origin"].as_str().unwrap().to_string()
    }
}

fn path_entries(cache: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(cache.join("interpreters"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("path-")
        })
        .collect()
}

#[test]
fn python3_on_path_is_asked_once_until_what_decides_it_changes() {
    let scratch = Scratch::new();
    let shim = Shim::new(&scratch);
    shim.submit(&scratch, &[]);
    assert_eq!(shim.calls(), 1);
    shim.submit(&scratch, &[]);
    assert_eq!(shim.calls(), 1, "the second submit asked python3 again");

    // pyenv's choice changed: a different interpreter may answer.
    shim.submit(&scratch, &[("PYENV_VERSION", "3.12.1")]);
    assert_eq!(shim.calls(), 2);
    shim.submit(&scratch, &[("PYENV_VERSION", "3.12.1")]);
    assert_eq!(shim.calls(), 2);

    // A `.python-version` appears in the working folder.
    scratch.write(".python-version", "3.11.7\n");
    shim.submit(&scratch, &[]);
    assert_eq!(shim.calls(), 3);
    shim.submit(&scratch, &[]);
    assert_eq!(shim.calls(), 3);

    // An active virtual environment.
    shim.submit(&scratch, &[("VIRTUAL_ENV", "/nonexistent/venv")]);
    assert_eq!(shim.calls(), 4);

    // The shim itself rewritten.
    shim.write("now pointing elsewhere");
    shim.submit(&scratch, &[]);
    assert_eq!(shim.calls(), 5);
    shim.submit(&scratch, &[]);
    assert_eq!(shim.calls(), 5);
}

#[test]
fn a_cache_entry_others_can_write_is_ignored() {
    let scratch = Scratch::new();
    let shim = Shim::new(&scratch);
    shim.submit(&scratch, &[]);
    let entries = path_entries(&scratch.path().join("cache"));
    assert_eq!(entries.len(), 1, "{entries:?}");
    let mode = std::fs::metadata(&entries[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o022, 0, "the entry was written writable by others");
    std::fs::set_permissions(&entries[0], std::fs::Permissions::from_mode(0o666)).unwrap();
    shim.submit(&scratch, &[]);
    assert_eq!(shim.calls(), 2, "a world-writable entry was trusted");
    // Asked again, the answer is written anew, private.
    shim.submit(&scratch, &[]);
    assert_eq!(shim.calls(), 2);
}

#[test]
fn a_cache_entry_naming_a_changed_interpreter_is_asked_again() {
    let scratch = Scratch::new();
    let shim = Shim::new(&scratch);
    shim.submit(&scratch, &[]);
    let entry = &path_entries(&scratch.path().join("cache"))[0];
    // The entry as if written when the executable had another size.
    let mut cached: serde_json::Value =
        serde_json::from_slice(&std::fs::read(entry).unwrap()).unwrap();
    cached["stamp"]["len"] = serde_json::json!(1);
    std::fs::write(entry, serde_json::to_vec(&cached).unwrap()).unwrap();
    std::fs::set_permissions(entry, std::fs::Permissions::from_mode(0o600)).unwrap();
    shim.submit(&scratch, &[]);
    assert_eq!(shim.calls(), 2);
}

#[test]
fn doctor_says_where_the_interpreter_came_from() {
    let scratch = Scratch::new();
    let shim = Shim::new(&scratch);
    assert_eq!(shim.origin(&scratch), "path-fresh");
    assert_eq!(shim.origin(&scratch), "path-cached");
    assert_eq!(shim.calls(), 1);

    let output = shim.pyjudge(&scratch).arg("doctor").output().unwrap();
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(
        human.contains("python from: python3 on PATH, resolved earlier and cached"),
        "{human}"
    );

    let output = scratch
        .pyjudge()
        .args(["doctor", "--format", "json"])
        .output()
        .unwrap();
    let doctor: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doctor["python"]["origin"], "explicit");
    let output = scratch.pyjudge().arg("doctor").output().unwrap();
    assert!(String::from_utf8_lossy(&output.stdout)
        .contains("python from: named by --python or PYJUDGE_PYTHON"));
}
