//! Kattis validators and interactors parse bytes the candidate controls: run by root, they
//! drop to an unprivileged uid, with no supplementary groups and no new privileges, in
//! network and mount namespaces of their own where the package is read-only. The fixture's
//! output validator (tests/fixtures/kattis-hostile-validator) tries what it must not manage
//! and says what happened in its judge message.

mod common;

use std::io::ErrorKind;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::Value;

use common::{copy_tree, fixture, Scratch};

/// True when the test may go on: the drop to another uid needs root. Elsewhere the test
/// is skipped with the reason, unless PYJUDGE_REQUIRE_LAYERS=1 demands it.
fn running_as_root(test: &str) -> bool {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        return true;
    }
    let reason = format!(
        "{test}: skipped: validators drop to an unprivileged uid only when pyjudge runs as root"
    );
    if std::env::var("PYJUDGE_REQUIRE_LAYERS").as_deref() == Ok("1") {
        panic!("{reason}, and PYJUDGE_REQUIRE_LAYERS=1 requires it");
    }
    eprintln!("{reason}");
    false
}

/// A copy of the hostile fixture whose validator gets the private file and the port.
fn hostile_package(scratch: &Scratch, secret: &Path, port: u16) -> std::path::PathBuf {
    let package = scratch.path().join("hostile");
    copy_tree(&fixture("kattis-hostile-validator"), &package);
    std::fs::write(
        package.join("problem.yaml"),
        format!(
            "name: Hostile validator\nvalidation: custom\nvalidator_flags: secret={} port={port}\nlimits:\n  time_limit: 1\n",
            secret.display()
        ),
    )
    .unwrap();
    package
}

fn submit(scratch: &Scratch, package: &Path) -> (i32, Value) {
    let output = scratch
        .pyjudge()
        .args(["submit", "--format", "json", "--all-cases"])
        .arg(package)
        .arg(package.join("submissions/accepted/sum.py"))
        .output()
        .unwrap();
    scratch.assert_tmp_empty();
    let left = common::processes_with(&scratch.path().display().to_string());
    assert!(left.is_empty(), "processes left behind: {left:?}");
    (
        output.status.code().unwrap_or(-1),
        common::parse_report(&output),
    )
}

#[test]
fn a_hostile_output_validator_cannot_write_the_package_read_private_files_or_reach_the_network() {
    if !running_as_root("a_hostile_output_validator_cannot_write_the_package") {
        return;
    }
    let scratch = Scratch::new();
    let secret = scratch.write("secret.txt", "the private key\n");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let package = hostile_package(&scratch, &secret, port);

    let (code, report) = submit(&scratch, &package);

    // The judging completes with a clear verdict: the validator accepts only where it saw
    // every attempt fail (its message, shown where it rejects, is the next test's).
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
    // And what the attempts would have left behind is not there.
    for folder in [package.clone(), package.join("output_validators/hostile")] {
        assert!(
            !folder.join("planted.txt").exists(),
            "the validator wrote into {}",
            folder.display()
        );
    }
    match listener.accept() {
        Err(error) if error.kind() == ErrorKind::WouldBlock => {}
        other => panic!("the validator reached the local port: {other:?}"),
    }
}

/// The same validator on a wrong answer: it rejects, and its message, shown on the sample,
/// says what each attempt met and who it ran as.
#[test]
fn the_unprivileged_validator_says_what_it_met_and_rejects_a_wrong_answer() {
    if !running_as_root("the_unprivileged_validator_says_what_it_met_and_rejects_a_wrong_answer") {
        return;
    }
    let scratch = Scratch::new();
    let secret = scratch.write("secret.txt", "the private key\n");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let package = hostile_package(&scratch, &secret, port);
    std::fs::write(
        package.join("submissions/accepted/sum.py"),
        "a, b = map(int, input().split())\nprint(a - b)\n",
    )
    .unwrap();
    let (code, report) = submit(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "WA", "{report}");
    let message = report["cases"][0]["message"].as_str().unwrap_or_default();
    for attempt in [
        "write into the package: refused",
        "write beside the validator: refused",
        "read the private file: refused",
        "list /root: refused",
        "connect to the local port: refused",
        " groups=[] no_new_privs=1",
    ] {
        assert!(message.contains(attempt), "{attempt:?} not in {message}");
    }
    assert!(!message.contains("SUCCEEDED"), "{message}");
    let uid: u32 = message
        .split("uid=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|uid| uid.parse().ok())
        .unwrap_or_else(|| panic!("no uid in {message}"));
    assert!(
        uid >= 1_500_000_000,
        "the validator ran as uid {uid}: {message}"
    );
    assert!(message.contains(&format!("gid={uid} ")), "{message}");
}

/// An input validator runs in its own folder inside the package: under the drop, neither
/// that folder (by a relative path) nor the package root can be written, and /root cannot
/// be listed, but its TMPDIR is its own; `check` still runs it on every input, and its
/// temporary files go with that folder.
#[test]
fn a_hostile_input_validator_cannot_write_into_its_folder_or_the_package() {
    if !running_as_root("a_hostile_input_validator_cannot_write_into_its_folder_or_the_package") {
        return;
    }
    let scratch = Scratch::new();
    let package = common::copy_of(&scratch, "kattis-validated");
    std::fs::write(
        package.join("input_validators/hostile.py"),
        "import os, sys\n\
         sys.stdin.read()\n\
         met = []\n\
         for path in ('planted.txt', os.path.join(os.path.dirname(os.getcwd()), 'planted.txt')):\n\
         \x20   try:\n\
         \x20       open(path, 'w').write('planted')\n\
         \x20       met.append(f'wrote {path}')\n\
         \x20   except OSError:\n\
         \x20       pass\n\
         try:\n\
         \x20   os.listdir('/root')\n\
         \x20   met.append('listed /root')\n\
         except OSError:\n\
         \x20   pass\n\
         import tempfile\n\
         handle, name = tempfile.mkstemp()\n\
         os.close(handle)\n\
         if os.path.dirname(name) != os.environ['TMPDIR']:\n\
         \x20   met.append(f'made {name} outside its TMPDIR')\n\
         if os.getuid() == 0:\n\
         \x20   met.append('ran as root')\n\
         print('; '.join(met))\n\
         sys.exit(43 if met else 42)\n",
    )
    .unwrap();
    let (code, report) = common::check_json(&scratch, &package);
    assert_eq!(code, 0, "{report}");
    for folder in [package.clone(), package.join("input_validators")] {
        assert!(
            !folder.join("planted.txt").exists(),
            "the input validator wrote into {}",
            folder.display()
        );
    }
    scratch.assert_tmp_empty();
}

/// Where the kernel refuses root a mount namespace (here: CAP_SYS_ADMIN dropped with
/// setpriv, as in a default container), a validator still never runs as root: it drops to
/// the unprivileged uid with the package's own permissions guarding it, or, when the
/// interpreter is in a private folder it could not enter, does not run at all (IE, saying
/// why and what to change).
#[test]
fn without_mount_namespaces_a_validator_still_drops_or_does_not_run() {
    if !running_as_root("without_mount_namespaces_a_validator_still_drops_or_does_not_run") {
        return;
    }
    let setpriv = Path::new("/usr/bin/setpriv");
    let system_python = Path::new("/usr/bin/python3");
    if !setpriv.exists() || !system_python.exists() {
        eprintln!("skipped: needs /usr/bin/setpriv and /usr/bin/python3");
        return;
    }
    let scratch = Scratch::new();
    // Nothing of the run in a private folder: only the interpreter may be.
    std::fs::set_permissions(scratch.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let package = hostile_package(&scratch, Path::new("/etc/shadow"), 9);
    let wrong = scratch.write(
        "wrong.py",
        "a, b = map(int, input().split())\nprint(a - b)\n",
    );
    let judge = |python: &str| {
        let pyjudge = scratch.pyjudge();
        let mut command = std::process::Command::new(setpriv);
        command
            .args(["--inh-caps=-sys_admin", "--bounding-set=-sys_admin"])
            .arg(pyjudge.get_program())
            .args(["--python", python, "submit", "--format", "json"])
            .arg(&package)
            .arg(&wrong)
            .current_dir(scratch.path());
        for (key, value) in pyjudge.get_envs() {
            if let Some(value) = value {
                command.env(key, value);
            }
        }
        let output = command.output().unwrap();
        scratch.assert_tmp_empty();
        (
            output.status.code().unwrap_or(-1),
            common::parse_report(&output),
        )
    };
    let private_python = common::python();
    if private_python.starts_with("/root/") {
        let (code, report) = judge(private_python);
        assert_eq!(code, 2, "{report}");
        let message = report["cases"][0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("mount namespaces are unavailable")
                && message.contains("pyjudge will not run a validator as root"),
            "{message}"
        );
    }
    let (code, report) = judge(&system_python.display().to_string());
    assert_eq!(code, 1, "{report}");
    let message = report["cases"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("write into the package: refused")
            && message.contains("write beside the validator: refused")
            && !message.contains("uid=0 "),
        "{message}"
    );
}

/// A validator that starts a process in a session of its own (setsid), out of its process
/// group, and ends: that process ends with it (the validator's pid namespace, or its
/// keeper as a child subreaper), as root and as any other user.
#[test]
fn a_process_a_validator_leaves_in_a_session_of_its_own_ends_with_it() {
    let scratch = Scratch::new();
    let marker = format!("pyjudge-setsid-{}", common::random_hex());
    let package = scratch.path().join("setsid");
    std::fs::create_dir_all(package.join("data/secret")).unwrap();
    std::fs::create_dir_all(package.join("output_validators/leaver")).unwrap();
    std::fs::create_dir_all(package.join("submissions/accepted")).unwrap();
    std::fs::write(
        package.join("problem.yaml"),
        format!("name: Setsid leaver\nvalidation: custom\nvalidator_flags: {marker}\nlimits:\n  time_limit: 1\n"),
    )
    .unwrap();
    std::fs::write(package.join("data/secret/1.in"), "1 2\n").unwrap();
    std::fs::write(package.join("data/secret/1.ans"), "3\n").unwrap();
    // The sleeper carries the marker in its command line.
    std::fs::write(
        package.join("output_validators/leaver/validate.py"),
        r#"import subprocess, sys, time
feedback, marker = sys.argv[3], sys.argv[4]
sleeper = subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(120)", marker],
    start_new_session=True, stdin=subprocess.DEVNULL,
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
time.sleep(0.2)
if sleeper.poll() is not None:
    sys.exit(1)
sys.exit(42 if sys.stdin.read().strip() == open(sys.argv[2]).read().strip() else 43)
"#,
    )
    .unwrap();
    std::fs::write(
        package.join("submissions/accepted/sum.py"),
        "a, b = map(int, input().split())\nprint(a + b)\n",
    )
    .unwrap();
    let output = scratch
        .pyjudge()
        .args(["submit", "--format", "json", "--all-cases"])
        .arg(&package)
        .arg(package.join("submissions/accepted/sum.py"))
        .output()
        .unwrap();
    let report = common::parse_report(&output);
    // The sleeper was killed when its validator ended, before pyjudge reported.
    let left = common::processes_with(&marker);
    for line in &left {
        if let Some(pid) = line
            .split(':')
            .next()
            .and_then(|pid| pid.parse::<i32>().ok())
        {
            // SAFETY: kill(2) on the pid of the marked sleeper this test started.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
    assert!(left.is_empty(), "processes left behind: {left:?}");
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert_eq!(report["verdict"], "AC", "{report}");
    scratch.assert_tmp_empty();
}

/// An input file that only its owner can read (mode 0600) fails every validator that
/// runs as the unprivileged uid: `check` says so as a package error naming the file and
/// the fix, and no other file of the package.
#[test]
fn check_names_a_package_file_the_unprivileged_validators_cannot_read() {
    if !running_as_root("check_names_a_package_file_the_unprivileged_validators_cannot_read") {
        return;
    }
    let scratch = Scratch::new();
    let package = common::copy_of(&scratch, "kattis-validated");
    let closed = std::fs::read_dir(package.join("data/secret"))
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "in"))
        .min()
        .unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o600)).unwrap();
    let name = format!(
        "data/secret/{}",
        closed.file_name().unwrap().to_string_lossy()
    );

    let (code, report) = common::check_json(&scratch, &package);
    assert_eq!(code, 1, "{report}");
    let unreadable: Vec<String> = common::messages(&report)
        .into_iter()
        .filter(|message| message.contains("cannot be read by the validators"))
        .collect();
    assert_eq!(unreadable.len(), 1, "{report}");
    assert!(
        unreadable[0].starts_with(&format!("{name} cannot be read")),
        "{report}"
    );
    assert!(unreadable[0].contains("(its mode is 0600)"), "{report}");
    assert!(
        unreadable[0].contains(&format!("hint: chmod a+rX {}", closed.display())),
        "{report}"
    );
}
