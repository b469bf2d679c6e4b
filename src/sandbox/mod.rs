//! The sandbox supervisor: start the Python runner contained, feed it case inputs, collect
//! its observations and usage, enforce the wall-clock cap, kill and reap the whole tree.
//!
//! This module never sees an expected answer and never judges: it returns what the runner
//! observed ([`RawResult`]) and leaves comparing to `compare` and `judge`.
//!
//! Containment (Linux): the runner is cloned into new user, pid, mount, ipc and uts
//! namespaces. It is the init of its pid namespace, so when it dies the kernel kills every
//! process the candidate started, setsid and double-forked daemons included. The candidate
//! runs as an unprivileged user even when pyjudge runs as root: root maps a fresh,
//! otherwise unused uid into the namespace, anyone else maps their own uid. Where the
//! interpreter lives under a private folder (pyenv under a 0700 /root), a tmpfs hides that
//! folder inside the mount namespace and the interpreter's prefix is bound back read-only.
//! Where user namespaces are unavailable (or off Linux), the runner starts in a process
//! group of its own; pyjudge says once on stderr what that cannot guarantee.
//!
//! Here: the set-up of a session, the layers and containment, launching, probes. Beside:
//! `session` (a submission's session), `interaction` (an interactive case's FIFOs),
//! `protocol` (statuses, the framed pipes, a runner's channel), `warm` (warm runners and
//! their pool), `workdir` (work folders), `process`
//! (a runner's process, killed with its tree), `cgroup` (control groups), `linux/` and `other` (the
//! platform: the plan, the cloned child and the launch on Linux).

use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::package::spec::{Kind, Limits};
use crate::python::Python;

mod interaction;
mod process;
mod protocol;
mod session;
mod warm;
mod workdir;

pub use interaction::*;
use process::*;
pub use protocol::*;
pub use session::*;
pub use warm::*;
use workdir::*;

/// The runner's code, embedded so an installed binary needs no source tree.
pub const RUNNER_SOURCE: &str = include_str!("../../sandbox/runner.py");

/// The name the runner compiles a submission under, in every message it writes (tracebacks,
/// syntax errors), whatever the sandbox's folders: a report puts the candidate's own path in
/// its place when it is shown, so that a stored result never holds a candidate's path.
pub const SOURCE_NAME: &str = "/judge/solution.py";

/// Address space granted beyond the memory limit. RLIMIT_AS counts reserved, untouched
/// memory too: 32 threads reserve 8 MiB of stack each and glibc reserves 64 MiB per malloc
/// arena, so a limit at the memory limit itself would break an honest thread pool. The
/// memory limit proper is enforced on resident memory by the runner.
const ADDRESS_SPACE_SLACK_KB: u64 = 1024 * 1024;

/// Time the supervisor waits beyond the runner's own wall-clock cap before it kills the
/// whole sandbox itself.
const SUPERVISOR_GRACE: Duration = Duration::from_millis(1500);

/// What a session runs.
#[derive(Debug, Clone)]
pub struct SessionSetup<'a> {
    pub python: &'a Python,
    pub kind: Kind,
    /// `call` with the function name, or `custom` with the harness source.
    pub harness: HarnessSetup,
    pub limits: Limits,
    /// The submission's bytes, copied into the sandbox as `solution.py`.
    pub source: &'a [u8],
    /// The package's static rules as the runner checks them before any case runs
    /// (`package::rules::runner_rules`); null for none.
    pub rules: Value,
    /// A framework challenge's accepted reference, run once in a discarded child so that
    /// the runner imports ahead what defining a submission imports
    /// (`environment::warm_up_source`).
    pub warm_up: Option<String>,
}

/// How the runner drives the candidate's module.
#[derive(Debug, Clone)]
pub enum HarnessSetup {
    /// Call this function with the case's args and kwargs.
    Call(String),
    /// Run this harness.py source.
    Custom(String),
    /// A stdio program.
    Stdio,
    /// A prediction file: read as data by the runner, never run.
    Predict,
}

/// One case's input as the sandbox receives it: never with its expected answer.
#[derive(Debug, Clone)]
pub enum SandboxInput<'a> {
    /// An encoded value for the harness.
    Value(&'a Value),
    /// A file to feed on stdin.
    Stdin(&'a Path),
}

/// One containment layer and, when it is off, why.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Layer {
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Layer {
    pub fn on() -> Layer {
        Layer {
            active: true,
            reason: None,
        }
    }

    pub fn off(reason: impl Into<String>) -> Layer {
        Layer {
            active: false,
            reason: Some(reason.into()),
        }
    }
}

/// The containment layers of a sandbox (see the README's security model).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Layers {
    /// The candidate is an unprivileged user of its own user namespace.
    pub user_namespace: Layer,
    /// The runner is the init of its own pid namespace: nothing outlives it.
    pub pid_namespace: Layer,
    /// No network at all, not even the host's loopback.
    pub network_namespace: Layer,
    /// Private System V IPC and host name.
    pub ipc_uts_namespaces: Layer,
    /// A read-only filesystem of only what Python needs; /work, /tmp and /dev/shm are small
    /// writable tmpfs.
    pub mount_view: Layer,
    /// Set-uid binaries cannot raise privileges.
    pub no_new_privs: Layer,
    /// A seccomp filter denies the system calls a judged program never needs.
    pub seccomp: Layer,
    /// Landlock confines file access to the view's read-only and writable folders.
    pub landlock: Layer,
    /// Per-process limits: CPU, address space, file size, processes, open files, no core.
    pub rlimits: Layer,
    /// Control groups bound the whole tree's memory (tmpfs included) and process count,
    /// account each case's CPU and memory exactly and hold it to one core.
    pub cgroups: Layer,
}

impl Layers {
    /// Every layer as (name, layer), in a stable order.
    pub fn named(&self) -> Vec<(&'static str, &Layer)> {
        vec![
            ("user_namespace", &self.user_namespace),
            ("pid_namespace", &self.pid_namespace),
            ("network_namespace", &self.network_namespace),
            ("ipc_uts_namespaces", &self.ipc_uts_namespaces),
            ("mount_view", &self.mount_view),
            ("no_new_privs", &self.no_new_privs),
            ("seccomp", &self.seccomp),
            ("landlock", &self.landlock),
            ("rlimits", &self.rlimits),
            ("cgroups", &self.cgroups),
        ]
    }

    /// The layers `--sandbox strict` requires and that are off. Landlock is a second layer
    /// where the kernel has it, not a requirement; control groups are required, because
    /// without them CPU and memory are only approximate and one candidate can starve
    /// another.
    pub fn missing_for_strict(&self) -> Vec<(&'static str, String)> {
        self.named()
            .into_iter()
            .filter(|(name, layer)| !layer.active && *name != "landlock")
            .map(|(name, layer)| (name, layer.reason.clone().unwrap_or_default()))
            .collect()
    }
}

/// Which containment a sandbox got.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Containment {
    pub layers: Layers,
    /// The pid namespace of the runner (`pid:[4026532...]`), to look for leftovers in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid_namespace: Option<String>,
    /// The uid the candidate runs as, seen from outside.
    pub uid: u32,
    /// True when the submission was forked from a warm runner.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub warm: bool,
    /// How the runner accounts CPU and memory: `cgroup` or `approximate` (what it said when
    /// it started; `approximate` until then).
    #[serde(default)]
    pub accounting: String,
}

impl Containment {
    /// True when the runner is the init of its own user and pid namespaces.
    pub fn namespaces(&self) -> bool {
        self.layers.user_namespace.active && self.layers.pid_namespace.active
    }

    /// `namespaces` or `process-group`, for reports.
    pub fn name(&self) -> &'static str {
        if self.namespaces() {
            "namespaces"
        } else {
            "process-group"
        }
    }
}

/// The number of cores: how many sandboxes run at once by default.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

struct Launched {
    process: RunnerProcess,
    control: File,
    events: File,
    diagnostics: File,
    containment: Containment,
    /// Where the runner's files are, as the runner sees them.
    judge_dir: PathBuf,
    /// For a warm runner: its first message, with the landlock rules and seccomp filters it
    /// applies to each submission itself.
    warm_config: Option<Value>,
    /// The case group's descriptors as the runner has them, for its configuration; None
    /// where there is no case group (the runner then measures by polling).
    case_accounting: Option<Value>,
    /// The control groups being set up beside the runner's start.
    pending_cgroup: Option<
        std::thread::JoinHandle<std::result::Result<crate::sandbox::cgroup::SandboxCgroup, String>>,
    >,
}

fn launch(python: &Python, workdir: &WorkDir, limits: &Limits) -> Result<Launched> {
    platform::launch(python, &workdir.path, limits)
}

/// Where the runner finds its files (`judge_dir`) and works (`work_dir`), as seen inside.
pub(crate) struct Places {
    pub judge_dir: PathBuf,
    pub work_dir: PathBuf,
}

/// Starts the runner from its compiled code object (runner.bin) when that is there and
/// made by this interpreter (its magic number first), else from runner.py.
const RUNNER_BOOT: &str = "import marshal, sys
base = sys.argv[1]
sys.argv[:] = [base + '.py']
code = None
try:
    with open(base + '.bin', 'rb') as compiled:
        data = compiled.read()
    if data[:4] == sys.modules['_frozen_importlib_external'].MAGIC_NUMBER:
        code = marshal.loads(data[4:])
except (OSError, KeyError, ValueError, EOFError, TypeError):
    code = None
if code is None:
    with open(base + '.py', 'rb') as source:
        code = compile(source.read(), base + '.py', 'exec', dont_inherit=True)
exec(code, {'__name__': '__main__', '__file__': base + '.py', '__builtins__': __builtins__})
";

fn runner_arguments(python: &Python, places: &Places) -> Vec<String> {
    vec![
        python.executable.display().to_string(),
        "-s".into(),
        "-S".into(),
        "-B".into(),
        "-c".into(),
        RUNNER_BOOT.into(),
        places.judge_dir.join("runner").display().to_string(),
    ]
}

/// The runner's whole environment. Isolated mode (-I) would also ignore PYTHONHASHSEED,
/// so the runner starts with -s -S -B and this cleared environment instead, which leaves
/// nothing for -E to ignore; the runner drops its own folder from sys.path itself.
fn runner_environment(places: &Places) -> Vec<(String, String)> {
    let workdir = &places.work_dir;
    vec![
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ("HOME".into(), workdir.display().to_string()),
        ("TMPDIR".into(), workdir.display().to_string()),
        ("LANG".into(), "C.UTF-8".into()),
        ("LC_ALL".into(), "C.UTF-8".into()),
        ("PYTHONHASHSEED".into(), "0".into()),
        ("PYTHONIOENCODING".into(), "utf-8".into()),
        ("PYTHONDONTWRITEBYTECODE".into(), "1".into()),
        ("MALLOC_ARENA_MAX".into(), "2".into()),
    ]
}

/// Starts a runner on an empty submission to learn which containment this machine gives.
pub fn probe(python: &Python) -> Result<Containment> {
    let setup = probe_setup(python);
    match Session::start(&setup, None)? {
        Started::Loaded(session) => Ok(session.containment.clone()),
        Started::LoadFailed(raw, _) => Err(Error::Sandbox {
            message: format!("the sandbox probe did not load: {}", raw.status),
        }),
        Started::HarnessFailed(_, message) => Err(Error::Sandbox { message }),
    }
}

/// Whether a warm runner works here: one is started and the empty submission forked from
/// it, in its own namespaces; otherwise why not.
pub fn probe_warm(python: &Python) -> std::result::Result<(), String> {
    let mut warm = WarmRunner::start(python, false, &Preload::default())?;
    let setup = probe_setup(python);
    let started =
        Session::start_warm(&mut warm, &setup, None).map_err(|error| error.to_string())?;
    match started {
        Started::Loaded(session) if session.containment.warm => Ok(()),
        Started::Loaded(_) => Err("the submission started cold".into()),
        Started::LoadFailed(raw, _) => Err(format!("the probe did not load: {}", raw.status)),
        Started::HarnessFailed(_, message) => Err(message),
    }
}

fn probe_setup(python: &Python) -> SessionSetup<'_> {
    SessionSetup {
        python,
        kind: Kind::Function,
        harness: HarnessSetup::Call("probe".into()),
        limits: Limits {
            cpu_ms: 2000,
            wall_ms: 5000,
            memory_kb: 256 * 1024,
            output_bytes: 1024,
            processes: 16,
        },
        source: b"def probe():\n    pass\n",
        rules: Value::Null,
        warm_up: None,
    }
}

/// Says once on stderr which layers this machine does not give.
pub fn warn_once(containment: &Containment) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    let missing = containment.layers.missing_for_strict();
    if missing.is_empty() {
        return;
    }
    WARNED.call_once(|| {
        if containment.namespaces() {
            let list: Vec<String> = missing.iter().map(|(name, reason)| format!("{name} ({reason})")).collect();
            eprintln!(
                "pyjudge: warning: sandbox layers unavailable: {}; `pyjudge doctor` explains",
                list.join(", ")
            );
        } else {
            let reason = containment.layers.user_namespace.reason.clone().unwrap_or_default();
            eprintln!(
                "pyjudge: warning: user namespaces are unavailable ({reason}); submissions run in a process \
                 group without the other sandbox layers, so a detached (setsid) process may outlive its run; \
                 `pyjudge doctor` explains"
            );
        }
    });
}

pub mod cgroup;

#[cfg(target_os = "linux")]
#[path = "linux/mod.rs"]
mod platform;

/// A fresh outside uid of the range candidates run as (the gid is the same number), for
/// the other processes root runs unprivileged: Kattis validators and interactors.
#[cfg(target_os = "linux")]
pub fn unprivileged_uid() -> u32 {
    platform::sandbox_uid()
}

#[cfg(not(target_os = "linux"))]
#[path = "other.rs"]
mod platform;

/// The folder where temporary folders that the sandbox's user (or a validator dropped to
/// an unprivileged uid) must reach are made: TMPDIR, unless that user could not enter it.
pub fn work_base() -> Result<PathBuf> {
    platform::work_base()
}
