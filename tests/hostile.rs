//! The hostile-submission corpus: every file in `tests/hostile/` is a submission for the
//! fixture challenge `tests/fixtures/hostile-target` (solve(x) = 2 * x) that tries to break
//! out of, fool, starve or crash the judge. One test per file runs the real binary on it and
//! then checks that the judge held:
//!
//! - the verdict is one the file's header allows (never AC; never IE unless allowed) and the
//!   exit code is 1;
//! - nothing of the run is left: no process in the run's pid namespaces, none running as the
//!   sandbox's uid, none carrying the file's marker; the TMPDIR is empty; nothing owned by the
//!   sandbox in the host's /tmp, /var/tmp or /dev/shm;
//! - nothing leaked: the judge's secret environment marker, the package's marker file, the
//!   judge's stdin, /etc/shadow and the word a file prints when its attack worked never show
//!   in the judge's output, and no raw terminal escape reaches it;
//! - the package is intact (symlink-following cleanup would delete it);
//! - an honest submission still gets AC right after, with every case under 200 ms of CPU.
//!
//! Header of a corpus file (comment lines at the top):
//!
//! ```text
//! # expect: TLE|RE     verdicts that are legitimate for this file
//! # needs: pid_namespace, rlimits   layers that must be active to run it at all, or "none"
//! # why: what it attacks
//! ```
//!
//! `needs` lists the layers without which running the file would endanger the machine
//! (a fork bomb, kill(-1), a flood of the host's /tmp): such a file is skipped, with the reason
//! on stderr, unless `pyjudge doctor --format json` reports every one of them active. A file
//! that needs `pid_namespace` additionally runs only when an honest submission's report shows
//! that the candidate is not root and lives in a pid namespace other than the test's own.
//! Layers whose absence only makes an attack succeed (network, mount view, seccomp) are not
//! `needs`: those files run everywhere and fail where the layer is missing, which is the point.
//!
//! Templates in a corpus file: `@PORT@` (a TCP listener of the test on 127.0.0.1 that must
//! never see a connection), `@MARKER@` (a unique number: daemons exec `/bin/sleep @MARKER@`),
//! `@PACKAGE@` (the absolute path of the challenge package, the worst case of a candidate
//! who knows where it lives).
//!
//! Two entries are generated at run time (see [`generated_source`]): `empty_source.py`
//! (0 bytes) and `huge_source.py` (padded to 50 MB, never committed).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use common::{clip, contains, own_uid, random_hex, run_with_timeout, JudgeRun};
use serde_json::Value;

/// How long one judge run may take before the test kills it (and fails).
const JUDGE_TIMEOUT: Duration = Duration::from_secs(60);
/// How long processes of a finished run get to disappear before they count as survivors.
const LEFTOVER_GRACE: Duration = Duration::from_secs(3);
/// The honest submission's CPU time per case must stay under this after a hostile run.
const HONEST_CPU_MS: f64 = 200.0;
/// The contents of the package's MARKER-SECRET.txt that must never be printed.
const PACKAGE_MARKER: &str = "PACKAGE-MARKER-7f3a9c";
/// The word a corpus file puts in its answer when its attack worked (split in the sources,
/// so that a traceback quoting a source line cannot produce it).
const BREACH: &str = "HOSTILE-BREACH";
/// What a file puts right after a newline of candidate text to forge a line of the report.
const FORGED_LINE: &str = "FORGED-LINE";
/// Layer names `pyjudge doctor` reports.
const KNOWN_LAYERS: &[&str] = &[
    "user_namespace",
    "pid_namespace",
    "network_namespace",
    "ipc_uts_namespaces",
    "mount_view",
    "no_new_privs",
    "seccomp",
    "landlock",
    "rlimits",
    "cgroups",
];
/// Verdicts a header may list.
const VERDICTS: &[&str] = &["WA", "RE", "TLE", "MLE", "OLE", "CE", "IE"];
/// Entries whose submitted source is generated at run time from the corpus file.
const GENERATED: &[&str] = &["empty_source", "huge_source"];
const HUGE_SOURCE_BYTES: usize = 50 * 1024 * 1024;
const HONEST: &str = "def solve(x):\n    return 2 * x\n";

// ---------------------------------------------------------------------------------------
// The corpus: one test per file
// ---------------------------------------------------------------------------------------

macro_rules! corpus {
    ($($name:ident),* $(,)?) => {
        /// Every corpus file, by stem.
        const CORPUS: &[&str] = &[$(stringify!($name)),*];

        mod corpus {
            $(
                #[test]
                fn $name() {
                    super::run_corpus_file(stringify!($name));
                }
            )*
        }
    };
}

corpus! {
    // time
    busy_loop,
    sleep,
    stdin_block,
    cpu_in_children,
    orphan_grandchild_cpu,
    sigxcpu_ignore,
    sigxcpu_catch,
    swallow_exits,
    block_signals_busy,
    setrlimit_raise,
    fifo_block,
    threads_survive_return,
    // memory
    memory_bomb_list,
    huge_allocation,
    memory_in_children,
    huge_return_value,
    // processes
    fork_bomb,
    thread_bomb,
    setsid_daemon,
    shell_background_sleep,
    kill_parent,
    kill_all,
    // output
    stdout_flood,
    stderr_flood,
    endless_line,
    garbage_output,
    fake_results_all_fds,
    stdout_sabotage,
    // crashes and exits
    exit_before_result,
    recursion_segfault,
    ctypes_null,
    close_fds,
    dup2_fds,
    exhaust_fds,
    patch_os_exit,
    hostile_exception,
    // the filesystem
    huge_file,
    fill_workdir,
    fill_tmp,
    fill_dev_shm,
    deep_tree,
    symlink_escape,
    chmod_cwd,
    io_swap,
    sysv_shm_leak,
    // secrets
    read_shadow,
    env_marker,
    proc_scan,
    secret_search,
    // the network
    loopback_connect,
    dns_lookup,
    raw_sockets,
    // privileges
    setuid_root,
    unshare_ctypes,
    ptrace_ctypes,
    runner_fd_hijack,
    pidfd_steal_channels,
    runner_memory_read,
    // fooling the harness
    shadow_stdlib,
    monkeypatch_builtins,
    patch_json_dumps,
    forge_report_nonce,
    forge_report_infinity,
    forge_report_deep,
    forge_hint_module,
    forge_syntax_place,
    eq_always_true,
    int_subclass_liar,
    repr_recursion,
    deep_nesting,
    return_generator,
    lone_surrogate,
    // the source itself
    empty_source,
    huge_source,
    null_bytes,
}

#[test]
fn the_corpus_lists_every_file_and_every_header_parses() {
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(corpus_dir()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".py") {
            on_disk.insert(stem.to_string());
        }
    }
    let listed: BTreeSet<String> = CORPUS.iter().map(|name| name.to_string()).collect();
    assert_eq!(
        on_disk.difference(&listed).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "corpus files without a test in the corpus! macro"
    );
    assert_eq!(
        listed.difference(&on_disk).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "tests without a file in tests/hostile"
    );
    assert!(on_disk.len() >= 45, "only {} corpus files", on_disk.len());
    for name in CORPUS {
        let entry = Entry::load(name);
        assert!(
            !entry.expect.iter().any(|verdict| verdict == "AC"),
            "{name}: AC is never a legitimate verdict for a hostile file"
        );
        assert!(
            !entry.expect.iter().any(|verdict| verdict == "IE"),
            "{name}: IE is never the candidate's doing"
        );
    }
    for name in GENERATED {
        assert!(
            CORPUS.contains(name),
            "generated entry {name} is not in the corpus"
        );
    }
}

/// The detectors must detect: a loopback connection is seen by the listener.
#[test]
fn the_loopback_listener_sees_a_connection() {
    let listener = Listener::start();
    let stream = std::net::TcpStream::connect(("127.0.0.1", listener.port)).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    drop(stream);
    assert!(listener.finish(), "the listener missed a connection");
    let quiet = Listener::start();
    assert!(
        !quiet.finish(),
        "the listener saw a connection that never happened"
    );
}

/// The detectors must detect: a process carrying the marker is found (and killed).
#[test]
fn the_leftover_check_sees_a_marked_process() {
    let marker = unique_marker();
    let mut sleeper = Command::new("/bin/sleep").arg(&marker).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let found = survivors(&[], None, Some(&marker));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, sleeper.id() as i32);
    let own_namespace = std::fs::read_link("/proc/self/ns/pid")
        .unwrap()
        .display()
        .to_string();
    assert!(
        survivors(&[own_namespace], None, None)
            .iter()
            .any(|(pid, _)| *pid == sleeper.id() as i32),
        "the namespace scan missed a process"
    );
    let problems = check_survivors(&[], None, Some(&marker));
    assert_eq!(problems.len(), 1, "{problems:?}");
    let _ = sleeper.wait();
    assert!(survivors(&[], None, Some(&marker)).is_empty());
}

/// Templates are replaced everywhere, and only templates.
#[test]
fn templates_replace_every_token() {
    let out = template(
        b"a @PORT@ b @PORT@ @MARKER@ @OTHER@",
        &[("@PORT@", "80".into()), ("@MARKER@", "5.1".into())],
    );
    assert_eq!(out, b"a 80 b 80 5.1 @OTHER@");
}

// ---------------------------------------------------------------------------------------
// Corpus entries
// ---------------------------------------------------------------------------------------

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn package() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile-target")
}

struct Entry {
    name: String,
    expect: Vec<String>,
    needs: Vec<String>,
    why: String,
    source: Vec<u8>,
}

impl Entry {
    fn load(name: &str) -> Entry {
        let path = corpus_dir().join(format!("{name}.py"));
        let source = std::fs::read(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        for line in source.split(|byte| *byte == b'\n') {
            let line = String::from_utf8_lossy(line);
            let Some(comment) = line.strip_prefix('#') else {
                break;
            };
            if let Some((key, value)) = comment.split_once(':') {
                fields.insert(key.trim().to_string(), value.trim().to_string());
            }
        }
        let field = |key: &str| -> String {
            fields
                .get(key)
                .cloned()
                .unwrap_or_else(|| panic!("{name}.py: the header has no `# {key}:` line"))
        };
        let expect: Vec<String> = field("expect")
            .split('|')
            .map(|verdict| verdict.trim().to_string())
            .collect();
        for verdict in &expect {
            assert!(
                VERDICTS.contains(&verdict.as_str()) || verdict == "AC",
                "{name}.py: unknown verdict {verdict:?}"
            );
        }
        let needs_field = field("needs");
        let needs: Vec<String> = if needs_field == "none" {
            Vec::new()
        } else {
            needs_field
                .split(',')
                .map(|layer| layer.trim().to_string())
                .collect()
        };
        for layer in &needs {
            assert!(
                KNOWN_LAYERS.contains(&layer.as_str()),
                "{name}.py: unknown layer {layer:?} in needs"
            );
        }
        let why = field("why");
        assert!(!why.is_empty(), "{name}.py: empty why");
        Entry {
            name: name.to_string(),
            expect,
            needs,
            why,
            source,
        }
    }

    fn uses(&self, token: &str) -> bool {
        contains(&self.source, token)
    }
}

/// The bytes actually submitted for a generated entry; None for an ordinary file.
fn generated_source(entry: &Entry) -> Option<Vec<u8>> {
    match entry.name.as_str() {
        "empty_source" => Some(Vec::new()),
        "huge_source" => {
            let mut source = Vec::with_capacity(HUGE_SOURCE_BYTES + 64);
            source.extend_from_slice(&entry.source);
            let mut index = 0u64;
            while source.len() < HUGE_SOURCE_BYTES {
                writeln!(source, "pad_{index} = {index} * 2 + 1").unwrap();
                index += 1;
            }
            Some(source)
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// A scratch folder with markers that must never leak
// ---------------------------------------------------------------------------------------

/// A scratch folder for one run (common's: the submission, a private TMPDIR and a private
/// cache) and the markers the judge gets that must never show in its output.
struct MarkedScratch {
    files: common::Scratch,
    env_marker: String,
    stdin_marker: String,
}

impl MarkedScratch {
    fn new() -> MarkedScratch {
        MarkedScratch {
            files: common::Scratch::new(),
            env_marker: format!("ENV-MARKER-{}", random_hex()),
            stdin_marker: format!("JUDGE-STDIN-{}", random_hex()),
        }
    }

    fn pyjudge(&self) -> Command {
        let mut command = self.files.pyjudge();
        command.env("PYJUDGE_TEST_SECRET", &self.env_marker);
        command
    }

    /// Runs `pyjudge submit` on the package with a live stdin (a marker line, then held
    /// open), a timeout, and stdout and stderr drained in threads.
    fn submit(&self, submission: &Path) -> JudgeRun {
        let mut command = self.pyjudge();
        command.arg("submit").arg(package()).arg(submission).args([
            "--format",
            "json",
            "--all-cases",
        ]);
        run_with_timeout(
            command,
            Some(format!("{}\n", self.stdin_marker)),
            JUDGE_TIMEOUT,
        )
    }
}

// ---------------------------------------------------------------------------------------
// The probe: which layers are active, and may bombs run at all
// ---------------------------------------------------------------------------------------

struct Probe {
    /// Layer name -> Ok(()) when active, Err(reason) when not.
    layers: BTreeMap<String, Result<(), String>>,
    /// Ok when files that need pid_namespace may run (the candidate is provably not root
    /// and in a pid namespace of its own), Err(why not) otherwise.
    pid_gate: Result<(), String>,
    /// One line for the log.
    summary: String,
}

impl Probe {
    fn layer(&self, name: &str) -> Result<(), String> {
        self.layers
            .get(name)
            .cloned()
            .unwrap_or_else(|| Err("`pyjudge doctor` does not report this layer".to_string()))
    }

    fn inactive_reasons(&self, needs: &[String]) -> Vec<String> {
        let mut reasons = Vec::new();
        for layer in needs {
            if let Err(reason) = self.layer(layer) {
                reasons.push(format!("{layer} is inactive ({reason})"));
            } else if layer == "pid_namespace" {
                if let Err(reason) = &self.pid_gate {
                    reasons.push(format!("pid_namespace is not proven ({reason})"));
                }
            }
        }
        reasons
    }
}

fn probe() -> &'static Probe {
    static PROBE: OnceLock<Probe> = OnceLock::new();
    PROBE.get_or_init(|| {
        let scratch = MarkedScratch::new();
        let mut layers = BTreeMap::new();
        let mut command = scratch.pyjudge();
        command.args(["doctor", "--format", "json"]);
        let doctor = run_with_timeout(command, None, JUDGE_TIMEOUT);
        let parsed: Option<Value> = serde_json::from_slice(&doctor.stdout).ok();
        let doctor_note = match parsed.as_ref().and_then(|value| value.get("layers")) {
            Some(Value::Object(reported)) => {
                for (name, layer) in reported {
                    let state = if layer.get("active").and_then(Value::as_bool) == Some(true) {
                        Ok(())
                    } else {
                        Err(layer
                            .get("reason")
                            .and_then(Value::as_str)
                            .unwrap_or("no reason given")
                            .to_string())
                    };
                    layers.insert(name.clone(), state);
                }
                format!("doctor exit {:?}", doctor.code)
            }
            _ => {
                let why = format!(
                    "`pyjudge doctor --format json` gave no layers (exit {:?}: {})",
                    doctor.code,
                    clip(
                        String::from_utf8_lossy(&doctor.stderr)
                            .lines()
                            .next()
                            .unwrap_or("")
                            .trim(),
                        200
                    )
                );
                for name in KNOWN_LAYERS {
                    layers.insert(name.to_string(), Err(why.clone()));
                }
                why
            }
        };
        let pid_gate = pid_namespace_gate(&scratch);
        let active: Vec<&str> = layers
            .iter()
            .filter(|(_, state)| state.is_ok())
            .map(|(name, _)| name.as_str())
            .collect();
        let inactive: Vec<&str> = layers
            .iter()
            .filter(|(_, state)| state.is_err())
            .map(|(name, _)| name.as_str())
            .collect();
        let summary = format!(
            "hostile probe: {doctor_note}; active layers: [{}]; inactive: [{}]; pid-namespace gate: {}",
            active.join(", "),
            inactive.join(", "),
            match &pid_gate {
                Ok(()) => "open".to_string(),
                Err(reason) => format!("closed ({reason})"),
            }
        );
        eprintln!("{summary}");
        let required = required_layers();
        if !required.is_empty() {
            eprintln!("hostile probe: PYJUDGE_REQUIRE_LAYERS requires [{}]", required.join(", "));
        }
        Probe {
            layers,
            pid_gate,
            summary,
        }
    })
}

/// The layers this run requires (PYJUDGE_REQUIRE_LAYERS: `1` for all, or a comma-separated
/// list, as CI sets it): a corpus file that would be skipped for one of them fails instead.
fn required_layers() -> Vec<String> {
    match std::env::var("PYJUDGE_REQUIRE_LAYERS").as_deref() {
        Ok("1") => KNOWN_LAYERS.iter().map(|name| name.to_string()).collect(),
        Ok("") | Ok("0") | Err(_) => Vec::new(),
        Ok(list) => list
            .split(',')
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty())
            .inspect(|name| {
                assert!(
                    KNOWN_LAYERS.contains(&name.as_str()),
                    "PYJUDGE_REQUIRE_LAYERS names an unknown layer {name:?}"
                )
            })
            .collect(),
    }
}

/// Every required layer must be active: a missing one fails the corpus file that asked
/// for it (and the probe test), never a quiet skip.
#[test]
fn every_required_layer_is_active() {
    let probe = probe();
    let missing: Vec<String> = required_layers()
        .iter()
        .filter_map(|name| {
            probe
                .layer(name)
                .err()
                .map(|reason| format!("{name} ({reason})"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "PYJUDGE_REQUIRE_LAYERS requires layers that are off: {}",
        missing.join("; ")
    );
}

/// An honest run must prove that the candidate is not root and is in a pid namespace that
/// is not the test's own before anything that kills or forks without bound may run.
fn pid_namespace_gate(scratch: &MarkedScratch) -> Result<(), String> {
    let submission = scratch.files.write("honest_probe.py", HONEST.as_bytes());
    let run = scratch.submit(&submission);
    let report = run.report()?;
    if report["verdict"] != "AC" {
        return Err(format!(
            "the honest probe was not accepted: {}",
            report["verdict"]
        ));
    }
    let sandbox = report
        .get("sandbox")
        .ok_or("the submit report has no `sandbox` record")?;
    let uid = sandbox
        .get("uid")
        .and_then(Value::as_u64)
        .ok_or("the submit report has no sandbox.uid")?;
    if uid == 0 {
        return Err("the candidate runs as uid 0 on the host".into());
    }
    let namespaces = pid_namespaces_of(&report);
    if namespaces.is_empty() {
        return Err("the submit report names no pid namespace".into());
    }
    let own = std::fs::read_link("/proc/self/ns/pid")
        .map(|link| link.display().to_string())
        .map_err(|error| format!("cannot read our own pid namespace: {error}"))?;
    if namespaces.contains(&own) {
        return Err(format!(
            "the candidate shares the test's pid namespace {own}"
        ));
    }
    Ok(())
}

/// The pid namespaces a report names (`sandbox.pid_namespaces`, or a single
/// `sandbox.pid_namespace`).
fn pid_namespaces_of(report: &Value) -> Vec<String> {
    let sandbox = &report["sandbox"];
    let mut found: Vec<String> = sandbox["pid_namespaces"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if let Some(single) = sandbox["pid_namespace"].as_str() {
        found.push(single.to_string());
    }
    found.retain(|namespace| namespace.starts_with("pid:["));
    found
}

// ---------------------------------------------------------------------------------------
// Looking for what a run left behind
// ---------------------------------------------------------------------------------------

fn numeric_proc_entries() -> Vec<PathBuf> {
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| {
                    entry
                        .file_name()
                        .to_str()
                        .is_some_and(|name| name.chars().all(|c| c.is_ascii_digit()))
                })
                .map(|entry| entry.path())
                .collect()
        })
        .unwrap_or_default()
}

fn describe_process(dir: &Path) -> String {
    let cmdline = std::fs::read(dir.join("cmdline"))
        .map(|bytes| String::from_utf8_lossy(&bytes).replace('\0', " "))
        .unwrap_or_default();
    format!(
        "{}: {}",
        dir.file_name().unwrap().to_string_lossy(),
        clip(cmdline.trim(), 120)
    )
}

fn real_uid_of(dir: &Path) -> Option<u32> {
    let status = std::fs::read_to_string(dir.join("status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("Uid:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Processes still alive that belong to the run: (pid, description).
fn survivors(namespaces: &[String], uid: Option<u32>, marker: Option<&str>) -> Vec<(i32, String)> {
    let mut found = Vec::new();
    for dir in numeric_proc_entries() {
        let pid: i32 = dir.file_name().unwrap().to_string_lossy().parse().unwrap();
        if pid == std::process::id() as i32 {
            continue;
        }
        let mut why = Vec::new();
        if !namespaces.is_empty() {
            if let Ok(link) = std::fs::read_link(dir.join("ns/pid")) {
                let link = link.display().to_string();
                if namespaces.contains(&link) {
                    why.push(format!("in the run's {link}"));
                }
            }
        }
        if let Some(uid) = uid {
            if real_uid_of(&dir) == Some(uid) {
                why.push(format!("running as the sandbox uid {uid}"));
            }
        }
        if let Some(marker) = marker {
            let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
            if contains(&cmdline, &format!("sleep\0{marker}"))
                || contains(&cmdline, &format!("sleep {marker}"))
            {
                why.push("carrying the marker".to_string());
            }
        }
        if !why.is_empty() {
            found.push((
                pid,
                format!("{} ({})", describe_process(&dir), why.join(", ")),
            ));
        }
    }
    found
}

/// Waits for the run's processes to go; kills (by pid) and reports those that stay.
fn check_survivors(namespaces: &[String], uid: Option<u32>, marker: Option<&str>) -> Vec<String> {
    if namespaces.is_empty() && uid.is_none() && marker.is_none() {
        return Vec::new();
    }
    let deadline = Instant::now() + LEFTOVER_GRACE;
    loop {
        let left = survivors(namespaces, uid, marker);
        if left.is_empty() {
            return Vec::new();
        }
        if Instant::now() >= deadline {
            for (pid, _) in &left {
                // SAFETY: kill has no memory preconditions; these pids were identified as
                // processes of this test's own run (namespace, uid or unique marker).
                unsafe {
                    libc::kill(*pid, libc::SIGKILL);
                }
            }
            return left
                .into_iter()
                .map(|(_, description)| format!("a process of the run survived it: {description}"))
                .collect();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Files the sandbox left in the host's shared temporary folders: anything owned by the
/// sandbox uid, and anything named like the corpus's fill files. Removed once reported.
fn check_host_temp(uid: Option<u32>, fill_prefix: Option<&str>) -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let mut problems = Vec::new();
    for folder in ["/tmp", "/var/tmp", "/dev/shm"] {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut left = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let owned = entry
                .metadata()
                .is_ok_and(|metadata| uid.is_some_and(|uid| metadata.uid() == uid));
            let named = fill_prefix.is_some_and(|prefix| name.starts_with(prefix));
            if owned || named {
                left.push(entry.path());
            }
        }
        if !left.is_empty() {
            problems.push(format!(
                "the sandbox left {} entries in the host's {folder}, e.g. {}",
                left.len(),
                left[0].display()
            ));
            for path in left {
                let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path));
            }
        }
    }
    problems
}

/// System V shared-memory segments with the corpus's keys (0x7f3a0001..4) in the host's IPC
/// namespace. Removed once reported.
fn check_sysv_segments() -> Vec<String> {
    let Ok(table) = std::fs::read_to_string("/proc/sysvipc/shm") else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for line in table.lines().skip(1) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(key), Some(id)) = (
            fields.first().and_then(|key| key.parse::<i64>().ok()),
            fields.get(1).and_then(|id| id.parse::<i32>().ok()),
        ) else {
            continue;
        };
        if (0x7F3A_0001..=0x7F3A_0004).contains(&key) {
            problems.push(format!(
                "a System V shared-memory segment of the sandbox (key {key:#x}, {} bytes) outlived the run in the host's IPC namespace",
                fields.get(3).unwrap_or(&"?")
            ));
            // SAFETY: IPC_RMID on a segment id read from the kernel's table; no pointers.
            unsafe {
                libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut());
            }
        }
    }
    problems
}

/// Every file of the package with its contents.
fn snapshot_package() -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => walk(&path, into),
                Ok(_) => {
                    into.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
                }
                Err(_) => {}
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(&package(), &mut files);
    files
}

fn shadow_first_line() -> Option<String> {
    let text = std::fs::read_to_string("/etc/shadow").ok()?;
    let line = text.lines().next()?.trim().to_string();
    (line.len() > 12).then_some(line)
}

/// A TCP listener on the host's loopback that records whether anything connected.
struct Listener {
    port: u16,
    connected: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Listener {
    fn start() -> Listener {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback listener");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let connected = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (seen, done) = (Arc::clone(&connected), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            // The deadline is a safety net; the test stops the thread when the run ends.
            let deadline = Instant::now() + JUDGE_TIMEOUT + Duration::from_secs(10);
            while !done.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok(_) => seen.store(true, Ordering::SeqCst),
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Listener {
            port,
            connected,
            stop,
            thread: Some(thread),
        }
    }

    /// True when something connected while the listener ran.
    fn finish(mut self) -> bool {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.connected.load(Ordering::SeqCst)
    }
}

/// A number no other run uses: daemons exec `/bin/sleep <marker>`.
fn unique_marker() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let sequence = NEXT.fetch_add(1, Ordering::SeqCst);
    format!(
        "{}.{:04}{:03}",
        5000 + std::process::id() % 4000,
        sequence,
        u32::from_str_radix(&random_hex()[..4], 16).unwrap() % 1000
    )
}

fn template(source: &[u8], replacements: &[(&str, String)]) -> Vec<u8> {
    let mut text = source.to_vec();
    for (token, value) in replacements {
        let token = token.as_bytes();
        let mut out = Vec::with_capacity(text.len());
        let mut index = 0;
        while index < text.len() {
            if text[index..].starts_with(token) {
                out.extend_from_slice(value.as_bytes());
                index += token.len();
            } else {
                out.push(text[index]);
                index += 1;
            }
        }
        text = out;
    }
    text
}

// ---------------------------------------------------------------------------------------
// One corpus file
// ---------------------------------------------------------------------------------------

fn case_summary(report: &Value) -> String {
    report["cases"]
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .map(|case| {
                    format!(
                        "{}={} ({})",
                        case["name"].as_str().unwrap_or("?"),
                        case["verdict"].as_str().unwrap_or("?"),
                        clip(case["message"].as_str().unwrap_or(""), 140)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

fn run_corpus_file(name: &str) {
    let entry = Entry::load(name);
    let probe = probe();
    let missing = probe.inactive_reasons(&entry.needs);
    let required = required_layers();
    let required_needs: Vec<String> = entry
        .needs
        .iter()
        .filter(|layer| required.contains(layer))
        .cloned()
        .collect();
    let required_missing = probe.inactive_reasons(&required_needs);
    assert!(
        required_missing.is_empty(),
        "hostile/{name}.py cannot run, and PYJUDGE_REQUIRE_LAYERS requires what it needs: {}",
        required_missing.join("; ")
    );
    if !missing.is_empty() {
        eprintln!(
            "SKIPPED hostile/{name}.py (never run bare): {}",
            missing.join("; ")
        );
        return;
    }
    let scratch = MarkedScratch::new();
    let marker = unique_marker();
    let listener = entry.uses("@PORT@").then(Listener::start);
    let mut replacements = vec![
        ("@MARKER@", marker.clone()),
        ("@PACKAGE@", package().display().to_string()),
    ];
    if let Some(listener) = &listener {
        replacements.push(("@PORT@", listener.port.to_string()));
    }
    let source = match generated_source(&entry) {
        Some(generated) => generated,
        None => template(&entry.source, &replacements),
    };
    let submission = scratch.files.write(&format!("{name}.py"), &source);
    let package_before = snapshot_package();

    let run = scratch.submit(&submission);

    let mut problems: Vec<String> = Vec::new();
    let connected = listener.map(Listener::finish);
    let report = match run.report() {
        Ok(report) => Some(report),
        Err(message) => {
            problems.push(message);
            None
        }
    };
    let verdict = report
        .as_ref()
        .and_then(|report| report["verdict"].as_str())
        .unwrap_or("none")
        .to_string();
    if run.timed_out {
        problems.push(format!(
            "the judge hung: killed after {} s",
            JUDGE_TIMEOUT.as_secs()
        ));
    }
    if let Some(report) = &report {
        if verdict == "AC" {
            problems.push("accepted: a hostile file must never get AC".into());
        } else if !entry.expect.contains(&verdict) {
            problems.push(format!(
                "verdict {verdict}, expected {}",
                entry.expect.join("|")
            ));
        }
        let internal: Vec<String> = report["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|case| case["verdict"] == "IE")
            .map(|case| {
                format!(
                    "{}: {}",
                    case["name"].as_str().unwrap_or("?"),
                    clip(case["message"].as_str().unwrap_or(""), 200)
                )
            })
            .collect();
        if !internal.is_empty() && !entry.expect.iter().any(|verdict| verdict == "IE") {
            problems.push(format!(
                "the candidate caused internal errors: {}",
                internal.join("; ")
            ));
        }
        if verdict == "IE" && internal.is_empty() {
            problems.push(format!(
                "internal error for the whole submission: {}",
                clip(report["message"].as_str().unwrap_or(""), 300)
            ));
        }
        if let Some(uid) = report["sandbox"]["uid"].as_u64() {
            if uid == 0 {
                problems.push("the report says the candidate ran as uid 0".into());
            }
        }
    }
    if !run.timed_out && run.code != Some(1) {
        problems.push(format!("exit code {:?}, expected 1", run.code));
    }

    // Nothing of the run may be left.
    let namespaces = report.as_ref().map(pid_namespaces_of).unwrap_or_default();
    let sandbox_uid = report
        .as_ref()
        .and_then(|report| report["sandbox"]["uid"].as_u64())
        .map(|uid| uid as u32)
        .filter(|uid| *uid != 0 && *uid != own_uid());
    let marker_check = entry.uses("@MARKER@").then_some(marker.as_str());
    problems.extend(check_survivors(&namespaces, sandbox_uid, marker_check));
    let left = scratch.files.tmp_leftovers();
    if !left.is_empty() {
        problems.push(format!("the judge left its TMPDIR non-empty: {left:?}"));
    }
    problems.extend(check_host_temp(
        sandbox_uid,
        entry.uses("hostile-fill").then_some("hostile-fill-"),
    ));
    if entry.uses("shmget") {
        problems.extend(check_sysv_segments());
    }
    if connected == Some(true) {
        problems.push(
            "the submission connected to a TCP listener on the host's 127.0.0.1 (no network namespace?)"
                .into(),
        );
    }

    // Nothing may leak into the judge's output.
    let mut forbidden: Vec<(String, &str)> = vec![
        (
            scratch.env_marker.clone(),
            "the judge's secret environment variable",
        ),
        (
            PACKAGE_MARKER.to_string(),
            "the package's MARKER-SECRET.txt",
        ),
        (scratch.stdin_marker.clone(), "the judge's own stdin"),
        (
            BREACH.to_string(),
            "the file's own success word: its attack worked",
        ),
    ];
    if let Some(line) = shadow_first_line() {
        forbidden.push((line, "/etc/shadow"));
    }
    for (stream, bytes) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        for (needle, what) in &forbidden {
            if contains(bytes, needle) {
                let text = String::from_utf8_lossy(bytes);
                let at = text.find(needle.as_str()).unwrap_or(0);
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .nth(80)
                    .map_or(0, |(index, _)| index);
                problems.push(format!(
                    "the judge's {stream} shows {what}: ...{}...",
                    clip(&text[start..], 260).replace('\n', " ")
                ));
            }
        }
        if bytes.contains(&0x1b) {
            problems.push(format!(
                "a raw terminal escape (ESC) reached the judge's {stream}"
            ));
        }
        // Candidate text that carries a newline must stay indented or escaped: a line of the
        // judge's own that the candidate wrote (`FORGED-LINE` right after a newline) could
        // pass for a verdict.
        if String::from_utf8_lossy(bytes)
            .split(['\n', '\r'])
            .any(|line| line.starts_with(FORGED_LINE))
        {
            problems.push(format!(
                "a line the candidate forged ({FORGED_LINE}...) starts a line of the judge's {stream}"
            ));
        }
        if std::str::from_utf8(bytes).is_err() {
            problems.push(format!("the judge's {stream} is not valid UTF-8"));
        }
    }

    // The package must be intact.
    let package_after = snapshot_package();
    if package_after != package_before {
        let gone: Vec<String> = package_before
            .keys()
            .filter(|path| package_after.get(*path) != package_before.get(*path))
            .map(|path| path.display().to_string())
            .collect();
        problems.push(format!(
            "the package changed during the run (missing or modified: {gone:?})"
        ));
    }

    // And the judge still works for an honest submission.
    let honest_path = scratch.files.write("honest.py", HONEST.as_bytes());
    let honest = scratch.submit(&honest_path);
    match honest.report() {
        Ok(report) => {
            if honest.code != Some(0) || report["verdict"] != "AC" {
                problems.push(format!(
                    "the honest submission afterwards got {} (exit {:?}): {}",
                    report["verdict"],
                    honest.code,
                    case_summary(&report)
                ));
            }
            for case in report["cases"].as_array().into_iter().flatten() {
                let cpu = case["cpu_ms"].as_f64().unwrap_or(f64::MAX);
                if cpu >= HONEST_CPU_MS {
                    problems.push(format!(
                        "the honest submission afterwards took {cpu} ms of CPU on {}",
                        case["name"]
                    ));
                }
            }
        }
        Err(message) => problems.push(format!("the honest submission afterwards: {message}")),
    }
    let left = scratch.files.tmp_leftovers();
    if !left.is_empty() {
        problems.push(format!(
            "the honest run left the TMPDIR non-empty: {left:?}"
        ));
    }

    let cases = report.as_ref().map(case_summary).unwrap_or_default();
    if problems.is_empty() {
        eprintln!(
            "PASSED hostile/{name}.py: {verdict} (expected {}) in {:.1} s",
            entry.expect.join("|"),
            run.elapsed.as_secs_f64()
        );
        return;
    }
    let message = format!(
        "FAILED hostile/{name}.py ({})\n  verdict {verdict}, expected {}; exit {:?}; {:.1} s\n  cases: {cases}\n  {}\n  problems:\n    - {}",
        entry.why,
        entry.expect.join("|"),
        run.code,
        run.elapsed.as_secs_f64(),
        probe.summary,
        problems.join("\n    - ")
    );
    panic!("{message}");
}
