//! Framework challenges' environments, end to end with the real binary, the real
//! interpreter and real pip: `env sync` from a folder of wheels (no network), a framework
//! submission judged with the environment on its `sys.path`, a sync killed half-way, the
//! exit 2 of commands that never download, and a hostile submission that tries to write the
//! environment and reach the network.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{processes_with, python, Scratch};
use sha2::{Digest, Sha256};

/// Writes a wheel `pjgreet-1.0` (greet(name)) with a `blob.bin` of `blob_bytes` random
/// bytes into `folder` with the real interpreter's zipfile, and returns its path.
fn build_wheel(folder: &Path, blob_bytes: usize) -> PathBuf {
    fs::create_dir_all(folder).unwrap();
    let script = r#"
import base64, hashlib, os, sys, zipfile
folder, blob_bytes = sys.argv[1], int(sys.argv[2])
files = {
    "pjgreet/__init__.py": b"registry = []\n\n\ndef greet(name):\n    return 'hello, ' + name\n\n\ndef __getattr__(name):\n    # A submodule loaded at its first use, as pydantic loads its own.\n    if name == 'polite':\n        import importlib\n        return importlib.import_module('pjgreet.polite')\n    raise AttributeError(name)\n",
    "pjgreet/polite.py": b"def greet(name):\n    return 'good day, ' + name\n",
    "pjgreet/blob.bin": os.urandom(blob_bytes),
    "pjgreet-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: pjgreet\nVersion: 1.0\n",
    "pjgreet-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: pyjudge-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = []
for name, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append(f"{name},sha256={digest},{len(data)}")
record.append("pjgreet-1.0.dist-info/RECORD,,")
files["pjgreet-1.0.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
path = os.path.join(folder, "pjgreet-1.0-py3-none-any.whl")
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as wheel:
    for name, data in files.items():
        wheel.writestr(name, data)
print(path)
"#;
    let output = Command::new(python())
        .args(["-c", script])
        .arg(folder)
        .arg(blob_bytes.to_string())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    PathBuf::from(String::from_utf8(output.stdout).unwrap().trim())
}

/// A framework challenge `greeting` in `library/`, whose harness imports `pjgreet` (from
/// its environment) once, before any case; locked to `wheel`. Returns the package folder.
fn framework_package(scratch: &Scratch, wheel: &Path) -> PathBuf {
    let package = scratch.path().join("library").join("greeting");
    fs::create_dir_all(package.join("tests/sample")).unwrap();
    fs::create_dir_all(package.join("submissions/accepted")).unwrap();
    fs::write(
        package.join("challenge.toml"),
        r#"title = "Greeting"
topic = "frameworks"
difficulty = "easy"
kind = "function"

[limits]
cpu_ms = 2000

[harness]
type = "custom"

[environment]
lock = "requirements.lock"
"#,
    )
    .unwrap();
    let digest = common_hex(&Sha256::digest(fs::read(wheel).unwrap()));
    fs::write(
        package.join("requirements.lock"),
        format!("pjgreet==1.0 \\\n    --hash=sha256:{digest}\n"),
    )
    .unwrap();
    fs::write(
        package.join("harness.py"),
        "import pjgreet\n\n\ndef run(solution, case_input):\n    return solution.solve(case_input)\n",
    )
    .unwrap();
    fs::write(
        package.join("statement.md"),
        "# Greeting\n\nGreet with pjgreet.\n",
    )
    .unwrap();
    fs::write(
        package.join("starter.py"),
        "def solve(name):\n    raise NotImplementedError\n",
    )
    .unwrap();
    fs::write(
        package.join("tests/sample/01-ann.json"),
        r#"{"input": "ann", "expected": "hello, ann"}"#,
    )
    .unwrap();
    fs::write(package.join("submissions/accepted/reference.py"), ACCEPTED).unwrap();
    package
}

const ACCEPTED: &str = "import pjgreet\n\n\ndef solve(name):\n    return pjgreet.greet(name)\n";

fn common_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn environments(scratch: &Scratch) -> PathBuf {
    scratch.path().join("cache").join("environments")
}

/// The names in the cache's environments folder.
fn entries(scratch: &Scratch) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(environments(scratch))
        .map(|read| {
            read.flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A PATH without uv, so that the tests see the venv + pip installer whatever the machine
/// has (the interpreter is named by its full path).
fn without_uv(scratch: &Scratch) -> PathBuf {
    let empty = scratch.path().join("no-uv");
    fs::create_dir_all(&empty).unwrap();
    empty
}

fn sync(scratch: &Scratch, wheels: &Path) -> std::process::Output {
    scratch
        .pyjudge()
        .env("PATH", without_uv(scratch))
        .args([
            "--challenges",
            "library",
            "env",
            "sync",
            "greeting",
            "--offline",
            "--find-links",
        ])
        .arg(wheels)
        .output()
        .unwrap()
}

#[test]
fn a_synced_environment_is_listed_and_a_framework_submission_is_judged_with_it() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    let wheel = build_wheel(&wheels, 1024);
    framework_package(&scratch, &wheel);
    let output = sync(&scratch, &wheels);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        stdout.contains("built in") && stdout.contains("pjgreet==1.0"),
        "{stdout}"
    );
    let built = entries(&scratch);
    assert_eq!(
        built.len(),
        1,
        "one environment and no staging left: {built:?}"
    );

    // A second sync finds it ready and builds nothing.
    let again = sync(&scratch, &wheels);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("ready"),
        "{again:?}"
    );

    let list = scratch
        .pyjudge()
        .args(["env", "list", "--format", "json"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(listed[0]["key"], built[0].as_str(), "{listed}");
    assert_eq!(listed[0]["packages"][0], "pjgreet==1.0");
    assert_eq!(listed[0]["challenges"][0], "greeting");

    let catalogue = scratch
        .pyjudge()
        .args(["--challenges", "library", "list"])
        .output()
        .unwrap();
    let catalogue = String::from_utf8_lossy(&catalogue.stdout);
    assert!(catalogue.contains("greeting (ready)"), "{catalogue}");
    let catalogue = scratch
        .pyjudge()
        .args(["--challenges", "library", "list", "--format", "json"])
        .output()
        .unwrap();
    let catalogue: serde_json::Value = serde_json::from_slice(&catalogue.stdout).unwrap();
    assert_eq!(catalogue[0]["environment"], "ready", "{catalogue}");
    let doctor = scratch
        .pyjudge()
        .args(["doctor", "--format", "json"])
        .output()
        .unwrap();
    let doctor: serde_json::Value = serde_json::from_slice(&doctor.stdout).unwrap();
    assert_eq!(
        doctor["environments"][0]["key"],
        built[0].as_str(),
        "{doctor}"
    );
    let solution = scratch.write("greeting.py", ACCEPTED);
    let submit = scratch
        .pyjudge()
        .args([
            "--challenges",
            "library",
            "submit",
            "greeting",
            "--format",
            "json",
        ])
        .arg(&solution)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&submit.stdout).unwrap();
    assert_eq!(report["verdict"], "AC", "{report}\n{submit:?}");

    // `check` judges with the environment too (it loads packages its own way).
    let check = scratch
        .pyjudge()
        .args([
            "--challenges",
            "library",
            "check",
            "greeting",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let checked: serde_json::Value =
        serde_json::from_slice(&check.stdout).unwrap_or_else(|error| panic!("{error}: {check:?}"));
    let accepted = checked["packages"][0]["submissions"]
        .as_array()
        .and_then(|submissions| {
            submissions
                .iter()
                .find(|submission| submission["expected"] == "AC")
        })
        .unwrap_or_else(|| panic!("{checked}"));
    assert_eq!(accepted["verdict"], "AC", "{checked}");

    // A module neither in the standard library nor in the environment is a CE that does
    // not claim the sandbox offers the standard library only.
    let missing = scratch.write(
        "missing.py",
        "import pjmissing\n\n\ndef solve(name):\n    return name\n",
    );
    let submit = scratch
        .pyjudge()
        .args([
            "--challenges",
            "library",
            "submit",
            "greeting",
            "--format",
            "json",
        ])
        .arg(&missing)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&submit.stdout).unwrap();
    assert_eq!(report["verdict"], "CE", "{report}");
    let text = report.to_string();
    assert!(
        text.contains("pjmissing") && !text.contains("standard library only"),
        "{text}"
    );

    // Prune keeps what a challenge of the library needs.
    let pruned = scratch
        .pyjudge()
        .args(["--challenges", "library", "env", "prune"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&pruned.stdout).contains("nothing to remove"));
    scratch.assert_tmp_empty();
}

/// A framework's lazily loaded module, which the accepted reference uses, is imported by the
/// runner before any case (cold) or by the warm runner before any submission (warm), so
/// that no case pays for it; what the reference itself did while it was run to learn that
/// (here, a module-level registration) is never seen by a submission.
#[test]
fn the_runner_imports_what_the_reference_loads_lazily_and_nothing_it_did_leaks() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    let wheel = build_wheel(&wheels, 16);
    let package = framework_package(&scratch, &wheel);
    fs::write(
        package.join("submissions/accepted/reference.py"),
        "import pjgreet\npjgreet.registry.append('the reference was here')\nfrom pjgreet import polite\n\n\ndef solve(name):\n    return {'warm': True, 'registry': []}\n",
    )
    .unwrap();
    fs::write(
        package.join("tests/sample/01-ann.json"),
        r#"{"input": "ann", "expected": {"warm": true, "registry": []}}"#,
    )
    .unwrap();
    assert_eq!(sync(&scratch, &wheels).status.code(), Some(0));
    let solution = scratch.write(
        "greeting.py",
        "import sys\nWARM = 'pjgreet.polite' in sys.modules\nimport pjgreet\n\n\ndef solve(name):\n    return {'warm': WARM, 'registry': list(pjgreet.registry)}\n",
    );
    for runner in ["cold", "warm"] {
        let submit = scratch
            .pyjudge()
            .env("PYJUDGE_RUNNER", runner)
            .args([
                "--challenges",
                "library",
                "submit",
                "greeting",
                "--format",
                "json",
            ])
            .arg(&solution)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&submit.stdout).unwrap();
        assert_eq!(
            report["verdict"],
            "AC",
            "{runner}: {report}\n{}",
            String::from_utf8_lossy(&submit.stderr)
        );
    }
}

/// `grade` loads a framework challenge's harness once per warm runner of its environment
/// (the framework's set-up, the package's data): every submission forked from it finds the
/// harness loaded in the warm runner's pid namespace, not its own. A cold submission loads
/// it itself. A harness that cannot load in a warm runner (here, it reads the submission's
/// own file at load) is loaded by each submission instead, and judges as well.
#[test]
fn grade_loads_a_framework_harness_once_per_warm_runner_and_falls_back_when_it_cannot() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    let wheel = build_wheel(&wheels, 16);
    let package = framework_package(&scratch, &wheel);
    fs::write(
        package.join("harness.py"),
        "import os\nimport pjgreet\nLOADED_IN = os.readlink('/proc/self/ns/pid')\n\n\ndef run(solution, case_input):\n    solution.solve(case_input)\n    here = os.readlink('/proc/self/ns/pid')\n    return 'preloaded' if here != LOADED_IN else 'per submission'\n",
    )
    .unwrap();
    fs::write(
        package.join("tests/sample/01-ann.json"),
        r#"{"input": "ann", "expected": "preloaded"}"#,
    )
    .unwrap();
    fs::create_dir_all(scratch.path().join("library/sets")).unwrap();
    fs::write(
        scratch.path().join("library/sets/frameworks.toml"),
        "title = \"F\"\ndescription = \"f\"\ntime_budget_minutes = 10\nchallenges = [\"greeting\"]\n",
    )
    .unwrap();
    assert_eq!(sync(&scratch, &wheels).status.code(), Some(0));
    // A module of the environment that nothing imported before the case: the environment
    // must stay visible in each submission's view (the scratch cache is under /tmp, which
    // every submission gets afresh).
    let solution =
        "def solve(name):\n    import pjgreet.polite\n    return pjgreet.polite.greet(name)\n";
    for candidate in ["ann", "bob", "cyd"] {
        let folder = scratch.path().join("submissions").join(candidate);
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("greeting.py"), solution).unwrap();
    }
    let grade = |scratch: &Scratch| {
        let output = scratch
            .pyjudge()
            .args(["--challenges", "library", "grade", "frameworks"])
            .arg(scratch.path().join("submissions"))
            .args(["--format", "json", "--no-cache", "--jobs", "1"])
            .output()
            .unwrap();
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("{output:?}"));
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|result| result["verdict"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(grade(&scratch), ["AC", "AC", "AC"]);
    let cold = scratch
        .pyjudge()
        .env("PYJUDGE_RUNNER", "cold")
        .args([
            "--challenges",
            "library",
            "submit",
            "greeting",
            "--format",
            "json",
        ])
        .arg(scratch.path().join("submissions/ann/greeting.py"))
        .output()
        .unwrap();
    let cold: serde_json::Value = serde_json::from_slice(&cold.stdout).unwrap();
    assert!(
        cold["cases"][0]["message"]
            .as_str()
            .unwrap()
            .contains("per submission"),
        "{cold}"
    );

    // A harness that reads the submission's folder at load cannot load in a warm runner;
    // what it did before it failed (like configuring a framework, which cannot be done
    // twice) must not be left in the warm runner for the submissions' own loads.
    fs::write(
        package.join("harness.py"),
        "import os\nimport pjgreet\nif pjgreet.registry:\n    raise RuntimeError('set up twice in one process')\npjgreet.registry.append('set up')\nSOURCE = open(os.path.join(os.path.dirname(__file__), 'solution.py')).read()\nLOADED_IN = os.readlink('/proc/self/ns/pid')\n\n\ndef run(solution, case_input):\n    here = os.readlink('/proc/self/ns/pid')\n    return 'preloaded' if here != LOADED_IN else 'per submission'\n",
    )
    .unwrap();
    fs::write(
        package.join("tests/sample/01-ann.json"),
        r#"{"input": "ann", "expected": "per submission"}"#,
    )
    .unwrap();
    assert_eq!(grade(&scratch), ["AC", "AC", "AC"]);
}

#[test]
fn a_killed_sync_leaves_no_environment_and_the_next_sync_builds_it_whole() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    // A large wheel keeps pip busy long enough to be killed in the middle.
    let wheel = build_wheel(&wheels, 60 << 20);
    framework_package(&scratch, &wheel);
    let mut child = scratch
        .pyjudge()
        .env("PATH", without_uv(&scratch))
        .args([
            "--challenges",
            "library",
            "env",
            "sync",
            "greeting",
            "--offline",
            "--find-links",
        ])
        .arg(&wheels)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // Killed while pip installs into the staging folder: the environment cannot be in place
    // yet (it is renamed there only after pip has finished).
    let installing = format!("--target {}", environments(&scratch).display());
    while processes_with(&installing).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "pip never started installing"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // The installer dies with pyjudge.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !processes_with(&environments(&scratch).display().to_string()).is_empty() {
        assert!(
            Instant::now() < deadline,
            "an installer outlived the killed sync"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let left = entries(&scratch);
    assert!(
        left.iter().all(|name| name.starts_with(".staging-")),
        "a half-made environment in place: {left:?}"
    );
    let list = scratch.pyjudge().args(["env", "list"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("no environments"),
        "{list:?}"
    );

    let output = sync(&scratch, &wheels);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let after = entries(&scratch);
    assert_eq!(
        after.len(),
        1,
        "the abandoned staging folder is removed: {after:?}"
    );
    assert!(environments(&scratch)
        .join(&after[0])
        .join("pyjudge-environment.json")
        .is_file());
}

/// `check --sync` builds what the packages need and then checks them: the README's quick
/// start in one command. (pip is pointed at the test's wheels through its own environment
/// variables, as a grader behind a mirror would.)
#[test]
fn check_with_sync_builds_the_missing_environment_first_then_checks() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    let wheel = build_wheel(&wheels, 16);
    let package = framework_package(&scratch, &wheel);
    let check = scratch
        .pyjudge()
        .env("PATH", without_uv(&scratch))
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", &wheels)
        .args(["check", "--sync", "--format", "json"])
        .arg(&package)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    // Judged with its environment: the reference is accepted (the tiny package fails
    // check for its missing cases and hints, exit 1, not for the environment, exit 2).
    assert_eq!(check.status.code(), Some(1), "{stderr}\n{report}");
    let judged = &report["packages"][0]["submissions"][0];
    assert_eq!(judged["verdict"], "AC", "{report}");
    assert!(stderr.contains("building environment"), "{stderr}");
    assert_eq!(entries(&scratch).len(), 1, "one environment built");
    // Built once: a second --sync finds nothing to build and downloads nothing.
    let again = scratch
        .pyjudge()
        .env("PATH", without_uv(&scratch))
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", scratch.path().join("no-such-wheels"))
        .args(["check", "--sync"])
        .arg(&package)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("building environment"), "{stderr}");
}

#[test]
fn commands_that_never_download_exit_2_naming_the_sync_command() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    let wheel = build_wheel(&wheels, 16);
    let package = framework_package(&scratch, &wheel);
    let solution = scratch.write("greeting.py", ACCEPTED);

    // submit without a terminal: no question, exit 2 with the command.
    let submit = scratch
        .pyjudge()
        .args(["--challenges", "library", "submit", "greeting"])
        .arg(&solution)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&submit.stderr);
    assert_eq!(submit.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("`pyjudge --python"), "{stderr}");
    assert!(stderr.contains("env sync greeting`"), "{stderr}");

    let check = scratch
        .pyjudge()
        .arg("check")
        .arg(&package)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("env sync {}", package.display())),
        "{stderr}"
    );

    fs::create_dir_all(scratch.path().join("library/sets")).unwrap();
    fs::write(
        scratch.path().join("library/sets/frameworks.toml"),
        "title = \"Frameworks\"\ndescription = \"d\"\ntime_budget_minutes = 10\nchallenges = [\"greeting\"]\n",
    )
    .unwrap();
    fs::create_dir_all(scratch.path().join("candidates/ann")).unwrap();
    fs::write(scratch.path().join("candidates/ann/greeting.py"), ACCEPTED).unwrap();
    let grade = scratch
        .pyjudge()
        .args([
            "--challenges",
            "library",
            "grade",
            "frameworks",
            "candidates",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&grade.stderr);
    assert_eq!(grade.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("env sync --set frameworks`"), "{stderr}");
    assert!(
        entries(&scratch).is_empty(),
        "nothing was downloaded or built"
    );
    let catalogue = scratch
        .pyjudge()
        .args(["--challenges", "library", "list"])
        .output()
        .unwrap();
    let catalogue = String::from_utf8_lossy(&catalogue.stdout);
    assert!(catalogue.contains("greeting (not synced)"), "{catalogue}");
}

#[test]
fn a_hostile_framework_submission_cannot_write_the_environment_or_reach_the_network() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    let wheel = build_wheel(&wheels, 16);
    let package = framework_package(&scratch, &wheel);
    assert_eq!(sync(&scratch, &wheels).status.code(), Some(0));
    let key = entries(&scratch).remove(0);
    let site = environments(&scratch).join(&key);
    let init = fs::read_dir(site.join("venv/lib"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path()
        .join("site-packages/pjgreet/__init__.py");
    let before = fs::read(&init).unwrap();

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let cache = scratch.path().join("cache");
    let hostile = format!(
        r#"import os, socket
import pjgreet

HERE = os.path.dirname(pjgreet.__file__)


def attempt(action):
    try:
        action()
        return "done"
    except OSError:
        return "denied"


def append():
    with open(os.path.join(HERE, "__init__.py"), "a") as target:
        target.write("raise SystemExit('HOSTILE')\n")


def connect():
    socket.create_connection(("127.0.0.1", {port}), timeout=1).close()


def resolve():
    socket.getaddrinfo("pypi.org", 443)


def solve(name):
    return [
        attempt(append),
        attempt(lambda: os.mkdir(os.path.join(HERE, "planted"))),
        attempt(lambda: os.remove(os.path.join(HERE, "__init__.py"))),
        attempt(connect),
        attempt(resolve),
        os.path.exists({interpreters:?}),
        sorted(os.listdir({environments:?})),
    ]
"#,
        interpreters = cache.join("interpreters").display().to_string(),
        environments = environments(&scratch).display().to_string(),
    );
    fs::write(
        package.join("tests/sample/01-ann.json"),
        format!(
            r#"{{"input": "ann", "expected": ["denied", "denied", "denied", "denied", "denied", false, ["{key}"]]}}"#
        ),
    )
    .unwrap();
    let solution = scratch.write("hostile.py", hostile);
    let submit = scratch
        .pyjudge()
        .args([
            "--challenges",
            "library",
            "--sandbox",
            "strict",
            "submit",
            "greeting",
            "--format",
            "json",
        ])
        .arg(&solution)
        .output()
        .unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&submit.stdout).unwrap_or_else(|_| panic!("{submit:?}"));
    assert_eq!(
        report["verdict"], "AC",
        "every attempt must be denied and nothing else of the cache visible: {report}"
    );
    assert_eq!(
        fs::read(&init).unwrap(),
        before,
        "the environment was written"
    );
    assert!(!init.with_file_name("planted").exists());
    assert!(
        listener.accept().is_err(),
        "the sandbox reached the host's loopback"
    );
    scratch.assert_tmp_empty();
}

#[test]
fn uv_on_path_is_the_installer_with_hashes_required_and_wheels_only() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    let wheel = build_wheel(&wheels, 16);
    framework_package(&scratch, &wheel);
    // A stand-in for uv that records how it is called and does the work with venv and pip,
    // so the test needs neither uv nor the network.
    let bin = scratch.path().join("bin");
    fs::create_dir_all(&bin).unwrap();
    let log = scratch.path().join("uv.log");
    let fake = format!(
        r#"#!{python}
import json, os, subprocess, sys
args = sys.argv[1:]
with open({log:?}, "a") as out:
    out.write(json.dumps(args) + "\n")
if args[0] == "venv":
    python, target = args[args.index("--python") + 1], args[-1]
    sys.exit(subprocess.call([python, "-m", "venv", "--without-pip", target]))
venv = os.path.dirname(os.path.dirname(args[args.index("--python") + 1]))
version = "python%d.%d" % sys.version_info[:2]
site = os.path.join(venv, "lib", version, "site-packages")
links = args[args.index("--find-links") + 1]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "-q", "--target", site, "--no-index",
    "--find-links", links, "--require-hashes", "--only-binary", ":all:", "--no-deps",
    "-r", args[args.index("-r") + 1]]))
"#,
        python = python(),
        log = log.display().to_string(),
    );
    let uv = bin.join("uv");
    fs::write(&uv, fake).unwrap();
    fs::set_permissions(&uv, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = scratch
        .pyjudge()
        .env("PATH", path)
        .args([
            "--challenges",
            "library",
            "env",
            "sync",
            "greeting",
            "--offline",
            "--find-links",
        ])
        .arg(&wheels)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let calls: Vec<Vec<String>> = fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[0][0], "venv");
    let install = &calls[1];
    assert_eq!(&install[..2], ["pip", "install"], "{install:?}");
    for flag in ["--require-hashes", "--no-deps", "--offline", "--find-links"] {
        assert!(
            install.iter().any(|arg| arg == flag),
            "{flag} missing: {install:?}"
        );
    }
    let only_binary = install
        .iter()
        .position(|arg| arg == "--only-binary")
        .unwrap();
    assert_eq!(install[only_binary + 1], ":all:");
    let list = scratch
        .pyjudge()
        .args(["env", "list", "--format", "json"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(listed[0]["installer"], "uv", "{listed}");
}

#[test]
fn submit_on_a_terminal_asks_before_it_downloads_and_no_means_exit_2() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    let wheel = build_wheel(&wheels, 16);
    framework_package(&scratch, &wheel);
    scratch.write("greeting.py", ACCEPTED);
    // `script` (util-linux) gives pyjudge a terminal; "n" answers its question.
    let command = format!(
        "{} --challenges library submit greeting greeting.py",
        env!("CARGO_BIN_EXE_pyjudge")
    );
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("PYJUDGE_PYTHON", python())
        .env("PYJUDGE_CACHE_DIR", scratch.path().join("cache"))
        .env("TMPDIR", scratch.tmp())
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .current_dir(scratch.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs a command on a terminal");
    let mut stdin = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut stdin, b"n\n").unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no answer to the question"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(stdin);
    let mut transcript = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut transcript).unwrap();
    assert_eq!(status.code(), Some(2), "{transcript}");
    assert!(
        transcript.contains("greeting needs an environment with pjgreet==1.0")
            && transcript.contains("Download and build it now? [Y/n]"),
        "{transcript}"
    );
    assert!(transcript.contains("env sync greeting`"), "{transcript}");
    assert!(entries(&scratch).is_empty(), "nothing was built after a no");
}

/// A framework harness that imports the shared helper module `harnesskit` (shipped with the
/// runner, sandbox/harnesskit.py) works cold, in a warm submission and in a warm `grade`
/// that preloads the harness once per runner. A candidate whose file is named
/// `harnesskit.py`, and who writes a `harnesskit.py` into its working folder and puts that
/// folder first on `sys.path` at import, does not replace it: the harness's
/// `import harnesskit`, made only after the candidate's module has run, still finds the
/// real one (loaded by its path before the harness, never searched for on `sys.path`).
#[test]
fn a_harness_imports_the_shared_helper_cold_and_warm_and_a_candidate_cannot_replace_it() {
    let scratch = Scratch::new();
    let wheels = scratch.path().join("wheels");
    let wheel = build_wheel(&wheels, 16);
    let package = framework_package(&scratch, &wheel);
    fs::write(
        package.join("harness.py"),
        r#"import os

import pjgreet

LOADED_IN = os.readlink('/proc/self/ns/pid')


def run(solution, case_input):
    solution.solve(case_input)
    if case_input == "where":
        return 'preloaded' if os.readlink('/proc/self/ns/pid') != LOADED_IN else 'per submission'
    # Imported only now, after the candidate's module has run.
    import harnesskit

    return {"plain": harnesskit.plain((1, "two", {3: None})), "described": harnesskit.describe(KeyError("k"))}
"#,
    )
    .unwrap();
    fs::write(
        package.join("tests/sample/01-ann.json"),
        r#"{"input": "ann", "expected": {"plain": [1, "two", {"3": null}], "described": "KeyError: 'k'"}}"#,
    )
    .unwrap();
    fs::write(
        package.join("tests/sample/02-where.json"),
        r#"{"input": "where", "expected": "preloaded"}"#,
    )
    .unwrap();
    fs::create_dir_all(scratch.path().join("library/sets")).unwrap();
    fs::write(
        scratch.path().join("library/sets/frameworks.toml"),
        "title = \"F\"\ndescription = \"f\"\ntime_budget_minutes = 10\nchallenges = [\"greeting\"]\n",
    )
    .unwrap();
    assert_eq!(sync(&scratch, &wheels).status.code(), Some(0));
    let impostor = r#"import os
import sys

FAKE = "def plain(value, depth=0):\n    return 'the candidate'\n\n\ndef describe(error):\n    return 'the candidate'\n"
with open("harnesskit.py", "w") as fake:
    fake.write(FAKE)
sys.path.insert(0, os.getcwd())


def plain(value, depth=0):
    return "the candidate"


def solve(name):
    return name
"#;
    // The candidate's own file is named like the helper.
    let solution = scratch.write("harnesskit.py", impostor);
    for runner in ["cold", "warm"] {
        let submit = scratch
            .pyjudge()
            .env("PYJUDGE_RUNNER", runner)
            .args([
                "--challenges",
                "library",
                "submit",
                "greeting",
                "--format",
                "json",
            ])
            .arg(&solution)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&submit.stdout)
            .unwrap_or_else(|_| panic!("{runner}: {submit:?}"));
        assert_eq!(
            report["cases"][0]["verdict"],
            "AC",
            "{runner}: {report}\n{}",
            String::from_utf8_lossy(&submit.stderr)
        );
        if runner == "cold" {
            let message = report["cases"][1]["message"].as_str().unwrap_or_default();
            assert!(message.contains("per submission"), "{report}");
        }
    }
    for candidate in ["ann", "bob"] {
        let folder = scratch.path().join("submissions").join(candidate);
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("greeting.py"), impostor).unwrap();
    }
    let output = scratch
        .pyjudge()
        .args(["--challenges", "library", "grade", "frameworks"])
        .arg(scratch.path().join("submissions"))
        .args(["--format", "json", "--no-cache", "--jobs", "1"])
        .output()
        .unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("{output:?}"));
    let verdicts: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["AC", "AC"], "{report}");
}
