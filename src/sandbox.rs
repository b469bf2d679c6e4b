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

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::python::Python;
use crate::spec::{Kind, Limits};

/// The runner's code, embedded so an installed binary needs no source tree.
pub const RUNNER_SOURCE: &str = include_str!("../sandbox/runner.py");

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
}

/// One case's input as the sandbox receives it: never with its expected answer.
#[derive(Debug, Clone)]
pub enum SandboxInput<'a> {
    /// An encoded value for the harness.
    Value(&'a Value),
    /// A file to feed on stdin.
    Stdin(&'a Path),
}

/// How a load check or a case ended, as the runner reports it (`status` in its protocol,
/// sandbox/runner.py), or as this supervisor saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunnerStatus {
    /// The load check passed (`ok`).
    Loaded,
    /// The harness returned an observation (`returned`).
    Returned,
    /// The module or the harness raised (`raised`).
    Raised,
    /// A stdio program exited, with a code (`exited`).
    Exited,
    /// CPU time over the limit (`tle`).
    CpuLimit,
    /// The wall-clock cap (`wall`).
    WallCap,
    /// Memory over the limit, measured (`mle`).
    MemoryLimit,
    /// The candidate's MemoryError (`memory_error`).
    MemoryError,
    /// Output over the limit (`ole`).
    OutputLimit,
    /// Killed by a signal (`signaled`).
    Signaled,
    /// The process ended without a report (`no_report`).
    NoReport,
    /// The runner's own failure (`internal`, or a word this supervisor does not know).
    Internal,
    /// The runner stopped answering and this supervisor killed the sandbox.
    SupervisorTimeout,
    /// Something unexpected on the channel: the runner was discarded.
    Anomaly,
}

impl RunnerStatus {
    /// The status word of the runner's protocol.
    pub fn parse(word: &str) -> RunnerStatus {
        match word {
            "ok" => RunnerStatus::Loaded,
            "returned" => RunnerStatus::Returned,
            "raised" => RunnerStatus::Raised,
            "exited" => RunnerStatus::Exited,
            "tle" => RunnerStatus::CpuLimit,
            "wall" => RunnerStatus::WallCap,
            "mle" => RunnerStatus::MemoryLimit,
            "memory_error" => RunnerStatus::MemoryError,
            "ole" => RunnerStatus::OutputLimit,
            "signaled" => RunnerStatus::Signaled,
            "no_report" => RunnerStatus::NoReport,
            _ => RunnerStatus::Internal,
        }
    }

    /// True when the wall clock, which depends on the machine's load, set it.
    pub fn by_the_clock(self) -> bool {
        matches!(
            self,
            RunnerStatus::WallCap | RunnerStatus::SupervisorTimeout
        )
    }
}

impl std::fmt::Display for RunnerStatus {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, formatter)
    }
}

/// What the runner reported for the load check or a case.
#[derive(Debug, Clone)]
pub struct RawResult {
    pub status: RunnerStatus,
    pub event: Value,
    pub cpu_ms: f64,
    pub wall_ms: f64,
    pub memory_kb: u64,
}

impl RawResult {
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.event.get(name)
    }
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

/// One submission's channel to its runner: framed commands in, events out, each event line
/// capped. A cold runner has one for its life; a warm runner makes one per submission,
/// handed to that submission alone, so nothing one submission's sandbox holds can write to
/// the next one's channel.
struct Pipes {
    control: File,
    events: Receiver<Value>,
}

impl Pipes {
    /// Starts the reader of `events`. A line longer than `line_cap` bytes, or one that is
    /// not JSON, ends the reading with an `anomaly` event: the runner never writes either.
    fn open(control: File, events: File, line_cap: usize) -> Pipes {
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || read_events(events, line_cap, &sender));
        Pipes {
            control,
            events: receiver,
        }
    }

    /// Sends one command, framed as its length in bytes on a line, then the line: the
    /// runner reads exactly one command and not the start of the next (see `Control`).
    fn send(&mut self, message: &Value) {
        let mut line = serde_json::to_vec(message).unwrap_or_default();
        line.push(b'\n');
        let mut framed = format!("{}\n", line.len()).into_bytes();
        framed.extend_from_slice(&line);
        // A runner that died makes this a broken pipe; the result wait reports it.
        let _ = self.control.write_all(&framed);
    }
}

fn read_events(events: File, line_cap: usize, sender: &mpsc::Sender<Value>) {
    let mut reader = BufReader::with_capacity(1 << 16, events);
    let mut line = Vec::new();
    loop {
        line.clear();
        let limit = line_cap as u64 + 1;
        match (&mut reader).take(limit).read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if line.last() != Some(&b'\n') {
            let message = if line.len() > line_cap {
                format!("the runner sent a line of more than {line_cap} bytes")
            } else {
                "the runner's channel ended in the middle of a line".to_string()
            };
            let _ = sender.send(json!({"event": "anomaly", "message": message}));
            return;
        }
        line.pop();
        let value = serde_json::from_slice::<Value>(&line).unwrap_or_else(|error| {
            let start = String::from_utf8_lossy(&line[..line.len().min(200)]).into_owned();
            json!({"event": "anomaly", "message": format!("the runner sent an unreadable line ({error}): {start}")})
        });
        let anomalous = value.get("event").and_then(Value::as_str) == Some("anomaly");
        if sender.send(value).is_err() || anomalous {
            return;
        }
    }
}

/// The longest event line a runner may send for a sandbox with these limits: a result
/// carries an observation of up to the output limit plus a megabyte, which JSON's escapes
/// may make up to six times longer, and the output snippets.
fn event_line_cap(limits: &Limits) -> usize {
    let observation = limits.output_bytes as usize + (1 << 20);
    observation.saturating_mul(8)
}

/// A runner's process and its channels: commands in, events and diagnostics out.
struct Channel {
    process: RunnerProcess,
    pipes: Pipes,
    diagnostics: Arc<Mutex<Vec<u8>>>,
}

impl Channel {
    /// Starts the readers of the runner's events and diagnostics.
    fn open(
        process: RunnerProcess,
        control: File,
        events: File,
        diagnostics: File,
        line_cap: usize,
    ) -> Channel {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buffer);
        let mut pipe = diagnostics;
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(read) = pipe.read(&mut chunk) {
                if read == 0 {
                    break;
                }
                let mut sink = sink.lock().unwrap_or_else(|poison| poison.into_inner());
                if sink.len() < 64 * 1024 {
                    sink.extend_from_slice(&chunk[..read]);
                }
            }
        });
        Channel {
            process,
            pipes: Pipes::open(control, events, line_cap),
            diagnostics: buffer,
        }
    }

    /// The next event with this name, or None at the deadline, when the runner is gone or
    /// when it sends anything else (for a warm runner's own channel, where only "warm" and
    /// "finished" ever come).
    fn wait_for(&mut self, name: &str, timeout: Duration) -> Option<Value> {
        match self.pipes.events.recv_timeout(timeout) {
            Ok(event) if event.get("event").and_then(Value::as_str) == Some(name) => Some(event),
            _ => None,
        }
    }

    fn diagnostics(&self) -> String {
        // Give the diagnostics reader a moment to drain what the runner wrote last.
        std::thread::sleep(Duration::from_millis(20));
        let buffer = self
            .diagnostics
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let text = String::from_utf8_lossy(&buffer);
        let text = text.trim();
        if text.is_empty() {
            "no message".into()
        } else {
            crate::compare::truncate(text, 2000)
        }
    }
}

/// How submissions start, from PYJUDGE_RUNNER: `cold` (a new interpreter for each), `warm`
/// (forked from a warm runner, even for a single `submit`), or unset: warm runners where
/// many submissions are judged (`grade`), a new interpreter for one (`submit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunnerChoice {
    Cold,
    Warm,
    Auto,
}

pub fn runner_choice() -> RunnerChoice {
    match std::env::var("PYJUDGE_RUNNER").as_deref() {
        Ok("cold") => RunnerChoice::Cold,
        Ok("warm") => RunnerChoice::Warm,
        _ => RunnerChoice::Auto,
    }
}

/// The longest line a warm runner itself sends ("warm", "finished").
const WARM_EVENT_LINE_CAP: usize = 4096;

/// Set once a warm runner could not contain a submission: later ones start cold.
static WARM_REFUSED: Mutex<Option<String>> = Mutex::new(None);

/// A warm runner: an interpreter started once, contained like a runner, that forks every
/// submission into fresh user, mount, pid, network, ipc and uts namespaces with a fresh
/// filesystem view (see `serve` in sandbox/runner.py). Python's start and the runner's
/// set-up are paid once per warm runner instead of once per submission.
pub struct WarmRunner {
    channel: Channel,
    /// The case group's descriptors, which every submission's runner inherits.
    case_accounting: Option<Value>,
    /// The folder bound at /judge: one subfolder per submission, removed after it.
    home: WorkDir,
    containment: Containment,
    python: Python,
    submissions: u64,
    broken: bool,
    /// When the last submission was told to quit, the time by which the warm runner must
    /// say it has finished; awaited when the next submission starts, so that the
    /// teardown overlaps the supervisor's own work.
    finishing: Option<Instant>,
}

impl WarmRunner {
    /// Starts a warm runner, or says why this machine gives none (then submissions start
    /// cold, each in a runner of its own). With `ahead`, it makes the next submission's
    /// sandbox while the current one runs: for a core that would be idle otherwise.
    pub fn start(python: &Python, ahead: bool) -> std::result::Result<WarmRunner, String> {
        if let Some(reason) = WARM_REFUSED
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
        {
            return Err(reason);
        }
        if cancelled() {
            return Err("the run was cancelled".into());
        }
        let home = WorkDir::create_home(python).map_err(|error| error.to_string())?;
        let (launched, mut config) =
            platform::launch_warm(python, &home.path).map_err(|error| {
                // Where a warm runner cannot start, later submissions do not try again.
                let reason = error.to_string();
                refuse_warm(&reason);
                reason
            })?;
        config["ahead"] = Value::Bool(ahead);
        let mut channel = Channel::open(
            launched.process,
            launched.control,
            launched.events,
            launched.diagnostics,
            WARM_EVENT_LINE_CAP,
        );
        let sent = platform::send_record(&channel.pipes.control, &config, &[]);
        if sent.is_err() || channel.wait_for("warm", Duration::from_secs(30)).is_none() {
            let reason = format!("the warm runner did not start: {}", channel.diagnostics());
            refuse_warm(&reason);
            return Err(reason);
        }
        Ok(WarmRunner {
            channel,
            case_accounting: launched.case_accounting.clone(),
            home,
            containment: launched.containment,
            python: python.clone(),
            submissions: 0,
            broken: false,
            finishing: None,
        })
    }

    /// True while it can take another submission.
    pub fn usable(&self) -> bool {
        !self.broken && !cancelled()
    }

    /// Waits until the last submission has ended; one that does not end in time breaks
    /// the warm runner.
    fn settle(&mut self) {
        if let Some(deadline) = self.finishing.take() {
            let timeout = deadline.saturating_duration_since(Instant::now());
            if self.channel.wait_for("finished", timeout).is_none() {
                self.broken = true;
                self.channel.process.kill();
            }
        }
    }
}

/// Warm runners shared by the workers of one run: each submission takes one (starting it
/// if none is idle) and gives it back when done. Dropping the pool ends them all.
pub struct WarmPool {
    python: Python,
    idle: Mutex<Vec<WarmRunner>>,
    ahead: bool,
}

impl WarmPool {
    /// The pool for a run of `jobs` workers, unless PYJUDGE_RUNNER=cold turns warm
    /// runners off.
    pub fn for_run(python: &Python, jobs: usize) -> Option<WarmPool> {
        (runner_choice() != RunnerChoice::Cold).then(|| WarmPool::new(python, jobs))
    }

    /// A pool for `jobs` workers: with fewer workers than cores, each warm runner makes
    /// the next sandbox while a submission runs.
    pub fn new(python: &Python, jobs: usize) -> WarmPool {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        WarmPool {
            python: python.clone(),
            idle: Mutex::new(Vec::new()),
            ahead: jobs < cores,
        }
    }

    /// An idle warm runner, or a new one; None where this machine gives none.
    pub fn take(&self) -> Option<WarmRunner> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .pop();
        idle.or_else(|| WarmRunner::start(&self.python, self.ahead).ok())
    }

    /// Keeps `runner` for the next submission, if it can take one.
    pub fn give_back(&self, runner: WarmRunner) {
        if runner.usable() {
            self.idle
                .lock()
                .unwrap_or_else(|poison| poison.into_inner())
                .push(runner);
        }
    }
}

fn refuse_warm(reason: &str) {
    let mut refused = WARM_REFUSED
        .lock()
        .unwrap_or_else(|poison| poison.into_inner());
    refused.get_or_insert_with(|| reason.to_string());
}

/// Where a session's runner lives: its own process, or a warm runner lent to it (with the
/// channel made for this submission alone).
enum Link<'w> {
    Own(Channel),
    Warm(&'w mut WarmRunner, Pipes),
}

/// A running sandbox: one runner (cold, or a submission of a warm runner), its working
/// directory and its channels.
pub struct Session<'w> {
    link: Link<'w>,
    workdir: WorkDir,
    kind: Kind,
    wall_cap: Duration,
    broken: bool,
    /// The control group's OOM kills seen so far.
    oom_kills: u64,
    /// Cases sent and not yet awaited, with the stdin file staged for each.
    in_flight: std::collections::VecDeque<Option<PathBuf>>,
    /// Stdin files staged so far, to name each one apart.
    staged: u64,
    /// What the runner reported about its containment.
    pub containment: Containment,
}

/// The outcome of starting a session.
pub enum Started<'w> {
    /// The runner is up and the submission's load check passed.
    Loaded(Session<'w>),
    /// The load check failed: the submission does not load (or the judge broke).
    LoadFailed(RawResult, Containment),
    /// The harness could not be loaded: the judge's fault.
    HarnessFailed(Containment, String),
}

impl<'w> Session<'w> {
    /// Starts the runner, loads the harness and runs the submission's load check, which
    /// is the `first` case's run when there is one (its result is then awaited with
    /// [`Session::await_case`]).
    pub fn start(setup: &SessionSetup, first: Option<(&str, SandboxInput)>) -> Result<Started<'w>> {
        if cancelled() {
            return Err(Error::Sandbox {
                message: "the run was cancelled".into(),
            });
        }
        let workdir = WorkDir::create(setup)?;
        let launched = launch(setup.python, &workdir, &setup.limits)?;
        let channel = Channel::open(
            launched.process,
            launched.control,
            launched.events,
            launched.diagnostics,
            event_line_cap(&setup.limits),
        );
        let mut session = Session::new(Link::Own(channel), workdir, setup, launched.containment);
        if let Some(pending) = launched.pending_cgroup {
            let outcome = pending
                .join()
                .unwrap_or_else(|_| Err("the control group set-up panicked".into()));
            match outcome {
                Ok(cgroup) => {
                    session.runner().process.cgroup = Some(cgroup);
                    session.containment.layers.cgroups = Layer::on();
                }
                Err(reason) => {
                    platform::refuse_cgroups(reason.clone());
                    session.containment.layers.cgroups = Layer::off(reason);
                }
            }
        }
        let mut config = session_config(setup, &launched.judge_dir);
        config["case_cgroup"] = launched.case_accounting.clone().unwrap_or(Value::Null);
        session.pipes().send(&config);
        session.begin(first)
    }

    /// Runs the submission in `warm`, in fresh namespaces of its own; where the warm runner
    /// cannot contain it, it is marked broken and the submission starts cold instead.
    pub fn start_warm(
        warm: &'w mut WarmRunner,
        setup: &SessionSetup,
        first: Option<(&str, SandboxInput)>,
    ) -> Result<Started<'w>> {
        if cancelled() {
            return Err(Error::Sandbox {
                message: "the run was cancelled".into(),
            });
        }
        warm.settle();
        if !warm.usable() || warm.python != *setup.python {
            return Session::start(setup, first);
        }
        warm.submissions += 1;
        let folder = format!("submission-{}", warm.submissions);
        let workdir = WorkDir::create_in(&warm.home.path.join(&folder), setup)?;
        if let Some(cgroup) = &warm.channel.process.cgroup {
            let _ = cgroup.limit(cgroup_bounds(&setup.limits));
        }
        warm.channel
            .diagnostics
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clear();
        let mut request = json!({
            "cmd": "submission",
            "folder": folder,
            "work_bytes": work_bytes(&setup.limits),
            "config": session_config(setup, Path::new(platform::VIEW_JUDGE_DIR)),
        });
        request["config"]["case_cgroup"] = warm.case_accounting.clone().unwrap_or(Value::Null);
        // The submission's own pipes: their far ends go with the request, to the one
        // submission whose turn it is, and are closed here once sent.
        let pipes = match platform::submission_pipes() {
            Ok((control_read, control_write, events_read, events_write)) => {
                let sent = platform::send_record(
                    &warm.channel.pipes.control,
                    &request,
                    &[control_read.as_raw_fd(), events_write.as_raw_fd()],
                );
                drop((control_read, events_write));
                if let Err(error) = sent {
                    warm.broken = true;
                    warm.channel.process.kill();
                    return Err(Error::Sandbox {
                        message: format!("the warm runner did not take the submission: {error}"),
                    });
                }
                Pipes::open(control_write, events_read, event_line_cap(&setup.limits))
            }
            Err(error) => {
                warm.broken = true;
                return Err(error);
            }
        };
        let containment = Containment {
            warm: true,
            ..warm.containment.clone()
        };
        let mut session = Session::new(Link::Warm(warm, pipes), workdir, setup, containment);
        session.oom_kills = session
            .runner()
            .process
            .cgroup
            .as_ref()
            .map_or(0, |cgroup| cgroup.oom_kills());
        session.begin(first)
    }

    fn new(
        link: Link<'w>,
        workdir: WorkDir,
        setup: &SessionSetup,
        containment: Containment,
    ) -> Self {
        Session {
            link,
            workdir,
            kind: setup.kind,
            wall_cap: Duration::from_millis(setup.limits.wall_ms),
            broken: false,
            oom_kills: 0,
            in_flight: std::collections::VecDeque::new(),
            staged: 0,
            containment,
        }
    }

    /// The runner's process and diagnostics (a warm runner's, for a warm submission).
    fn runner(&mut self) -> &mut Channel {
        match &mut self.link {
            Link::Own(channel) => channel,
            Link::Warm(warm, _) => &mut warm.channel,
        }
    }

    /// This submission's commands and events.
    fn pipes(&mut self) -> &mut Pipes {
        match &mut self.link {
            Link::Own(channel) => &mut channel.pipes,
            Link::Warm(_, pipes) => pipes,
        }
    }

    /// Waits for the runner's readiness and the submission's load check.
    fn begin(mut self, first: Option<(&str, SandboxInput)>) -> Result<Started<'w>> {
        let ready = self.receive(Duration::from_secs(30))?;
        if let Some(reason) = ready
            .as_ref()
            .and_then(|event| event.get("setup_error"))
            .and_then(Value::as_str)
        {
            // The warm runner could not contain this submission: no more warm starts.
            refuse_warm(&format!(
                "a submission's sandbox could not be made: {reason}"
            ));
            self.kill();
            return Err(Error::Sandbox {
                message: format!("the warm runner could not contain the submission: {reason}"),
            });
        }
        if let Some(namespace) = ready
            .as_ref()
            .and_then(|event| event.get("pid_namespace_id"))
            .and_then(Value::as_str)
        {
            self.containment.pid_namespace = Some(namespace.to_string());
        }
        if let Some(accounting) = ready
            .as_ref()
            .and_then(|event| event.get("accounting"))
            .and_then(Value::as_str)
        {
            self.containment.accounting = accounting.to_string();
        }
        match ready.as_ref().and_then(|event| event.get("error")) {
            Some(error) => {
                return Ok(Started::HarnessFailed(
                    self.containment.clone(),
                    error
                        .as_str()
                        .unwrap_or("the harness failed to load")
                        .to_string(),
                ))
            }
            None if ready.is_none() => {
                let diagnostics = self.runner().diagnostics();
                self.kill();
                return Err(Error::Sandbox {
                    message: format!("the runner did not start: {diagnostics}"),
                });
            }
            None => {}
        }
        match first {
            Some((id, input)) => self.send_case(id, input)?,
            None => self.send(&json!({"cmd": "load"}))?,
        }
        let loaded = self.await_result("loaded")?;
        if loaded.status == RunnerStatus::Loaded {
            Ok(Started::Loaded(self))
        } else {
            let containment = self.containment.clone();
            Ok(Started::LoadFailed(loaded, containment))
        }
    }

    /// Runs one case. A runner that dies or stops answering is killed and reported as a
    /// `supervisor_timeout` or `internal` result; the session is then broken.
    pub fn run_case(&mut self, id: &str, input: SandboxInput) -> Result<RawResult> {
        self.send_case(id, input)?;
        self.await_case()
    }

    /// Sends one case to the runner without waiting for its result, so that the runner can
    /// start it while the previous result is being judged. Results come back in the order
    /// the cases were sent, from [`Session::await_case`].
    pub fn send_case(&mut self, id: &str, input: SandboxInput) -> Result<()> {
        if cancelled() {
            self.kill();
            return Err(Error::Sandbox {
                message: "the run was cancelled".into(),
            });
        }
        let mut command = json!({"cmd": "case", "id": id});
        let mut staged = None;
        match input {
            SandboxInput::Value(value) => command["input"] = value.clone(),
            SandboxInput::Stdin(path) => {
                self.staged += 1;
                // A name no case can guess, in a folder no case can list: the next case's
                // input is staged while this one runs.
                let relative = format!("in/{}.in", unguessable_name()?);
                let target = self.workdir.path.join(&relative);
                fs::copy(path, &target)
                    .map_err(|error| Error::io("copy case input", path, error))?;
                fs::set_permissions(&target, fs::Permissions::from_mode(0o644))
                    .map_err(|error| Error::io("set the mode of", &target, error))?;
                command["stdin"] = Value::String(relative);
                staged = Some(target);
            }
        }
        self.in_flight.push_back(staged);
        self.send(&command)
    }

    /// The result of the oldest case sent and not yet awaited.
    pub fn await_case(&mut self) -> Result<RawResult> {
        let result = self.await_result("result");
        if let Some(Some(staged)) = self.in_flight.pop_front() {
            let _ = fs::remove_file(staged);
        }
        result
    }

    /// True when the runner is gone and a new session is needed for more cases.
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    fn send(&mut self, message: &Value) -> Result<()> {
        self.pipes().send(message);
        Ok(())
    }

    fn receive(&mut self, timeout: Duration) -> Result<Option<Value>> {
        match self.pipes().events.recv_timeout(timeout) {
            Ok(event) => Ok(Some(event)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Ok(None),
        }
    }

    /// The next event, which must be `event_name`. Anything else (a line that is not JSON
    /// or too long, another event, the runner gone) is an anomaly: the runner is killed and
    /// the result says so, for the caller to judge the submission again on a fresh runner.
    fn await_result(&mut self, event_name: &str) -> Result<RawResult> {
        let started = Instant::now();
        let deadline = started + self.wall_cap + SUPERVISOR_GRACE;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let anomaly = |session: &mut Self, message: String| {
            session.kill();
            RawResult {
                status: RunnerStatus::Anomaly,
                event: json!({"message": message}),
                cpu_ms: 0.0,
                wall_ms: started.elapsed().as_secs_f64() * 1000.0,
                memory_kb: 0,
            }
        };
        match self.pipes().events.recv_timeout(remaining) {
            Ok(event) if event.get("event").and_then(Value::as_str) == Some(event_name) => {
                let mut raw = raw_result(event);
                // A process the kernel killed for the control group's memory bound is
                // over the memory limit, not a crash.
                let oom_kills = self
                    .runner()
                    .process
                    .cgroup
                    .as_ref()
                    .map_or(0, |cgroup| cgroup.oom_kills());
                if oom_kills > self.oom_kills
                    && matches!(raw.status, RunnerStatus::Signaled | RunnerStatus::NoReport)
                {
                    raw.status = RunnerStatus::MemoryLimit;
                }
                self.oom_kills = oom_kills;
                Ok(raw)
            }
            Ok(event) if event.get("event").and_then(Value::as_str) == Some("anomaly") => {
                let message = event["message"].as_str().unwrap_or("").to_string();
                Ok(anomaly(self, message))
            }
            Ok(event) => {
                let name = event.get("event").and_then(Value::as_str).unwrap_or("no");
                let message =
                    format!("the runner sent a {name:?} event where a {event_name:?} was due");
                Ok(anomaly(self, crate::compare::truncate(&message, 300)))
            }
            Err(RecvTimeoutError::Timeout) => {
                self.kill();
                Ok(RawResult {
                    status: RunnerStatus::SupervisorTimeout,
                    event: json!({}),
                    cpu_ms: 0.0,
                    wall_ms: started.elapsed().as_secs_f64() * 1000.0,
                    memory_kb: 0,
                })
            }
            Err(RecvTimeoutError::Disconnected) => {
                let message = format!(
                    "the runner ended unexpectedly: {}",
                    self.runner().diagnostics()
                );
                Ok(anomaly(self, message))
            }
        }
    }

    fn kill(&mut self) {
        self.broken = true;
        match &mut self.link {
            Link::Own(channel) => channel.process.kill(),
            Link::Warm(warm, _) => {
                warm.broken = true;
                warm.channel.process.kill();
            }
        }
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let grace = self.wall_cap + SUPERVISOR_GRACE;
        let broken = self.broken;
        match &mut self.link {
            Link::Own(channel) => {
                channel.pipes.send(&json!({"cmd": "quit"}));
                channel.process.kill();
            }
            Link::Warm(warm, pipes) if !broken && !warm.broken => {
                // The submission ends (after a case sent ahead, if any) and the warm runner
                // will say so; the next submission waits for that (see `settle`).
                pipes.send(&json!({"cmd": "quit"}));
                warm.finishing = Some(Instant::now() + grace);
            }
            Link::Warm(..) => {}
        }
        self.workdir.remove();
    }
}

/// The size of the candidate's writable /work: the output files, twice over, and room to
/// work in.
fn work_bytes(limits: &Limits) -> u64 {
    limits.output_bytes * 2 + 64 * 1024 * 1024
}

/// The control groups' bounds for a sandbox with these limits: the memory limit plus
/// /work and room for /tmp, /dev/shm and the page cache for the case group, and the runner
/// besides for the whole sandbox.
fn cgroup_bounds(limits: &Limits) -> crate::cgroup::Bounds {
    let case_memory_bytes = limits.memory_kb * 1024 + work_bytes(limits) + (128 << 20);
    crate::cgroup::Bounds {
        memory_bytes: case_memory_bytes + (128 << 20),
        case_memory_bytes,
        processes: limits.processes + 16,
    }
}

/// The runner's first message: what it runs and under which limits.
fn session_config(setup: &SessionSetup, judge_dir: &Path) -> Value {
    let (harness, function) = match &setup.harness {
        HarnessSetup::Call(function) => ("call", Some(function.as_str())),
        HarnessSetup::Custom(_) => ("custom", None),
        HarnessSetup::Stdio => ("stdio", None),
    };
    json!({
        "kind": setup.kind.as_str(),
        "judge_dir": judge_dir.display().to_string(),
        "harness": harness,
        "function": function,
        "limits": {
            "cpu_ms": setup.limits.cpu_ms,
            "wall_ms": setup.limits.wall_ms,
            "memory_kb": setup.limits.memory_kb,
            "output_bytes": setup.limits.output_bytes,
            "processes": setup.limits.processes,
            "address_space_slack_kb": ADDRESS_SPACE_SLACK_KB,
        },
    })
}

fn raw_result(event: Value) -> RawResult {
    RawResult {
        status: RunnerStatus::parse(
            event
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or("internal"),
        ),
        cpu_ms: event.get("cpu_ms").and_then(Value::as_f64).unwrap_or(0.0),
        wall_ms: event.get("wall_ms").and_then(Value::as_f64).unwrap_or(0.0),
        memory_kb: event.get("memory_kb").and_then(Value::as_u64).unwrap_or(0),
        event,
    }
}

/// 128 random bits in hex, from the kernel.
fn unguessable_name() -> Result<String> {
    let mut bytes = [0u8; 16];
    File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .map_err(|error| Error::io("read", Path::new("/dev/urandom"), error))?;
    Ok(crate::generate::hex(&bytes))
}

/// The sandbox's temporary working directory: only what the run needs.
struct WorkDir {
    path: PathBuf,
    removed: bool,
}

impl WorkDir {
    /// A temporary folder with the runner and the submission: a cold session's.
    fn create(setup: &SessionSetup) -> Result<WorkDir> {
        let workdir = WorkDir::temporary()?;
        workdir.write_runner(setup.python)?;
        workdir.write_submission(setup)?;
        Ok(workdir)
    }

    /// A temporary folder with the runner only: a warm runner's, which gets a folder of
    /// this kind per submission inside it.
    fn create_home(python: &Python) -> Result<WorkDir> {
        let workdir = WorkDir::temporary()?;
        workdir.write_runner(python)?;
        Ok(workdir)
    }

    /// The folder `path` with the submission: one submission's in a warm runner's home.
    fn create_in(path: &Path, setup: &SessionSetup) -> Result<WorkDir> {
        fs::create_dir(path).map_err(|error| Error::io("create", path, error))?;
        let workdir = WorkDir {
            path: path.to_path_buf(),
            removed: false,
        };
        fs::set_permissions(path, fs::Permissions::from_mode(0o755))
            .map_err(|error| Error::io("set the mode of", path, error))?;
        workdir.write_submission(setup)?;
        Ok(workdir)
    }

    fn temporary() -> Result<WorkDir> {
        let dir = tempfile::Builder::new()
            .prefix("pyjudge-")
            .tempdir()
            .map_err(|error| {
                Error::io("create a temporary folder in", std::env::temp_dir(), error)
            })?;
        Ok(WorkDir {
            path: dir.keep(),
            removed: false,
        })
    }

    /// Writes a file the candidate's uid may read and not write, whatever the umask.
    fn write(&self, name: &str, contents: &[u8]) -> Result<()> {
        let target = self.path.join(name);
        fs::write(&target, contents).map_err(|error| Error::io("write", &target, error))?;
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644))
            .map_err(|error| Error::io("set the mode of", &target, error))
    }

    fn folder(&self, name: &str, mode: u32) -> Result<()> {
        let path = self.path.join(name);
        fs::create_dir(&path).map_err(|error| Error::io("create", &path, error))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(mode))
            .map_err(|error| Error::io("set the mode of", &path, error))
    }

    fn write_runner(&self, python: &Python) -> Result<()> {
        self.write("runner.py", RUNNER_SOURCE.as_bytes())?;
        if let Some(compiled) = &python.compiled_runner {
            self.write("runner.bin", compiled)?;
        }
        self.folder(".root", 0o755)
    }

    fn write_submission(&self, setup: &SessionSetup) -> Result<()> {
        self.write("solution.py", setup.source)?;
        if let HarnessSetup::Custom(source) = &setup.harness {
            self.write("harness.py", source.as_bytes())?;
        }
        // Files in it can be opened by name, but nobody in the sandbox can list it (the
        // owner neither: the candidate is the owner where pyjudge is not root).
        self.folder("in", 0o311)
    }

    fn remove(&mut self) {
        if self.removed {
            return;
        }
        self.removed = true;
        remove_tree(&self.path);
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        self.remove();
    }
}

/// Removes a tree the candidate may have made hostile: symlinks are removed, never
/// followed (std's remove_dir_all does not follow them), and folders the candidate made
/// unreadable are opened up first.
fn remove_tree(path: &Path) {
    if fs::remove_dir_all(path).is_ok() || !path.exists() {
        return;
    }
    open_up(path);
    if let Err(error) = fs::remove_dir_all(path) {
        eprintln!(
            "pyjudge: warning: could not remove the sandbox folder {}: {error}",
            path.display()
        );
    }
}

fn open_up(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(metadata) = fs::symlink_metadata(path) else {
        return;
    };
    if !metadata.is_dir() {
        return;
    }
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o700));
    if let Ok(entries) = fs::read_dir(path) {
        for entry in entries.flatten() {
            open_up(&entry.path());
        }
    }
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
    pending_cgroup:
        Option<std::thread::JoinHandle<std::result::Result<crate::cgroup::SandboxCgroup, String>>>,
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

/// Runners alive right now, so that an interrupted run can kill them all at once.
static RUNNING: std::sync::Mutex<Vec<i32>> = std::sync::Mutex::new(Vec::new());
/// Set once a run is cancelled: no new sandbox starts after that.
static CANCELLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Stops every running sandbox (its owner reaps it) and refuses to start new ones. For
/// Ctrl-C: what was running ends within milliseconds and nothing is left behind.
pub fn cancel_all() {
    CANCELLED.store(true, std::sync::atomic::Ordering::SeqCst);
    let running = RUNNING.lock().unwrap_or_else(|poison| poison.into_inner());
    for pid in running.iter() {
        platform::kill_only(*pid);
    }
}

/// True once [`cancel_all`] was called.
pub fn cancelled() -> bool {
    CANCELLED.load(std::sync::atomic::Ordering::SeqCst)
}

fn register(pid: i32) {
    RUNNING
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .push(pid);
}

fn unregister(pid: i32) {
    RUNNING
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .retain(|running| *running != pid);
}

/// The process of a runner, killed with everything it started.
struct RunnerProcess {
    pid: i32,
    /// The sandbox's control groups, removed once the runner is reaped.
    cgroup: Option<crate::cgroup::SandboxCgroup>,
    /// True when the runner leads a process group instead of a pid namespace.
    group: bool,
    reaped: bool,
}

impl RunnerProcess {
    fn new(pid: i32, group: bool) -> RunnerProcess {
        register(pid);
        RunnerProcess {
            pid,
            cgroup: None,
            group,
            reaped: false,
        }
    }

    fn kill(&mut self) {
        if self.reaped {
            return;
        }
        platform::kill_and_reap(self.pid, self.group);
        unregister(self.pid);
        self.reaped = true;
        if let Some(cgroup) = &mut self.cgroup {
            cgroup.remove();
        }
    }
}

impl Drop for RunnerProcess {
    fn drop(&mut self) {
        self.kill();
    }
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
    let mut warm = WarmRunner::start(python, false)?;
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

#[cfg(target_os = "linux")]
mod platform {
    //! Linux: clone(2) into new namespaces, a pivot_root into a minimal read-only view,
    //! landlock and seccomp; a process-group fallback where namespaces are refused.
    //!
    //! Each optional layer that the kernel refuses is switched off for the rest of the
    //! process and the launch is tried again without it, so a machine gives the most it can
    //! and `Containment` says exactly what that was.

    use std::collections::BTreeMap;
    use std::ffi::{CString, OsStr};
    use std::fs::File;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Mutex;

    use super::{
        runner_arguments, runner_environment, Containment, Launched, Layer, Layers, Places,
        RunnerProcess,
    };
    use crate::error::{Error, Result};
    use crate::python::Python;
    use crate::spec::Limits;

    /// Inside the namespace the candidate is this uid and gid, never 0.
    const INSIDE_ID: u32 = 1000;
    /// Root maps a fresh uid per sandbox from this range, so no two sandboxes share one.
    const SANDBOX_UID_BASE: u32 = 1_500_000_000;
    /// The child keeps the folders it binds on descriptors from this number up.
    const FIRST_BIND_FD: libc::c_int = 200;
    /// Where the view puts the runner's read-only files and the candidate's working folder.
    pub(super) const VIEW_JUDGE_DIR: &str = "/judge";
    const VIEW_WORK_DIR: &str = "/work";

    static SEQUENCE: AtomicU32 = AtomicU32::new(0);

    /// Layers this process found the kernel refuses, with the reason.
    #[derive(Default, Clone)]
    struct Refused {
        namespaces: Option<String>,
        view: Option<String>,
        landlock: Option<String>,
        seccomp: Option<String>,
        cgroups: Option<String>,
    }

    static REFUSED: Mutex<Option<Refused>> = Mutex::new(None);

    fn refused() -> Refused {
        let mut guard = REFUSED.lock().unwrap_or_else(|poison| poison.into_inner());
        guard
            .get_or_insert_with(|| {
                let mut refused = Refused::default();
                if std::env::var_os("PYJUDGE_DISABLE_NAMESPACES")
                    .is_some_and(|value| !value.is_empty() && value != "0")
                {
                    refused.namespaces = Some("disabled by PYJUDGE_DISABLE_NAMESPACES".into());
                }
                if let Err(reason) = landlock_abi() {
                    refused.landlock = Some(reason);
                }
                if let Err(reason) = seccomp_programs() {
                    refused.seccomp = Some(reason);
                }
                refused
            })
            .clone()
    }

    fn refuse(update: impl FnOnce(&mut Refused)) {
        let mut guard = REFUSED.lock().unwrap_or_else(|poison| poison.into_inner());
        update(guard.get_or_insert_with(Refused::default));
    }

    fn is_root() -> bool {
        // SAFETY: geteuid has no preconditions.
        unsafe { libc::geteuid() == 0 }
    }

    /// The outside uid the candidate runs as.
    fn sandbox_uid() -> u32 {
        if is_root() {
            let sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed) % 256;
            SANDBOX_UID_BASE + (std::process::id() % 100_000) * 256 + sequence
        } else {
            // SAFETY: getuid has no preconditions.
            unsafe { libc::getuid() }
        }
    }

    fn cstring(text: impl AsRef<OsStr>) -> Result<CString> {
        CString::new(text.as_ref().as_bytes()).map_err(|_| Error::Sandbox {
            message: format!("a path with a NUL byte: {:?}", text.as_ref()),
        })
    }

    fn pipe() -> Result<(OwnedFd, OwnedFd)> {
        let mut fds = [0; 2];
        // SAFETY: fds is a valid array of two ints.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
            return Err(Error::Sandbox {
                message: format!("pipe2: {}", std::io::Error::last_os_error()),
            });
        }
        // SAFETY: pipe2 returned two fresh descriptors that nothing else owns.
        Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
    }

    /// A pair of connected sockets of records (SOCK_SEQPACKET): a warm runner's channel,
    /// whose records carry each submission's own pipes.
    fn record_socket_pair() -> Result<(OwnedFd, OwnedFd)> {
        let mut fds = [0; 2];
        // SAFETY: fds is a valid array of two ints.
        if unsafe {
            libc::socketpair(
                libc::AF_UNIX,
                libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC,
                0,
                fds.as_mut_ptr(),
            )
        } != 0
        {
            return Err(Error::Sandbox {
                message: format!("socketpair: {}", std::io::Error::last_os_error()),
            });
        }
        // SAFETY: socketpair returned two fresh descriptors that nothing else owns.
        Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
    }

    /// One submission's pipes: (control's read end, control's write end, events' read
    /// end, events' write end). The runner's ends go to the warm runner with the request.
    pub(super) fn submission_pipes() -> Result<(File, File, File, File)> {
        let (control_read, control_write) = pipe()?;
        let (events_read, events_write) = pipe()?;
        Ok((
            File::from(control_read),
            File::from(control_write),
            File::from(events_read),
            File::from(events_write),
        ))
    }

    /// Sends `message` as one record on a warm runner's channel, with `fds` attached.
    pub(super) fn send_record(
        socket: &File,
        message: &serde_json::Value,
        fds: &[RawFd],
    ) -> std::io::Result<()> {
        let payload = serde_json::to_vec(message).unwrap_or_default();
        let mut iov = libc::iovec {
            iov_base: payload.as_ptr() as *mut libc::c_void,
            iov_len: payload.len(),
        };
        let fd_bytes = std::mem::size_of_val(fds) as libc::c_uint;
        // SAFETY: CMSG_SPACE is a pure computation.
        let space = unsafe { libc::CMSG_SPACE(fd_bytes) } as usize;
        // u64 elements keep the control buffer aligned for cmsghdr.
        let mut control = vec![0u64; space.div_ceil(8).max(1)];
        // SAFETY: msghdr is plain data; zeroed is a valid empty header.
        let mut header: libc::msghdr = unsafe { std::mem::zeroed() };
        header.msg_iov = &mut iov;
        header.msg_iovlen = 1;
        if !fds.is_empty() {
            header.msg_control = control.as_mut_ptr().cast();
            header.msg_controllen = space as _;
            // SAFETY: the control buffer holds CMSG_SPACE(fd_bytes) bytes, so the first
            // header and its data fit; the descriptors are copied in whole.
            unsafe {
                let cmsg = libc::CMSG_FIRSTHDR(&header);
                (*cmsg).cmsg_level = libc::SOL_SOCKET;
                (*cmsg).cmsg_type = libc::SCM_RIGHTS;
                (*cmsg).cmsg_len = libc::CMSG_LEN(fd_bytes) as _;
                std::ptr::copy_nonoverlapping(
                    fds.as_ptr().cast::<u8>(),
                    libc::CMSG_DATA(cmsg),
                    fd_bytes as usize,
                );
            }
        }
        loop {
            // SAFETY: the header points at live buffers for the duration of the call.
            let sent = unsafe { libc::sendmsg(socket.as_raw_fd(), &header, libc::MSG_NOSIGNAL) };
            if sent >= 0 {
                return Ok(());
            }
            let error = std::io::Error::last_os_error();
            if error.kind() != std::io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
    }

    // ---------------------------------------------------------------------------------
    // The plan: everything the cloned child does, prepared before clone so that the child
    // allocates nothing (another thread may hold the allocator's lock at clone time).
    // ---------------------------------------------------------------------------------

    /// One step of building the view, on paths already prefixed with the new root.
    enum Step {
        Mkdir(CString),
        /// An empty file to bind a file onto.
        Touch(CString),
        Symlink {
            target: CString,
            link: CString,
        },
        /// Bind the folder or file opened on `fd` (as /proc/self/fd/N) onto `target`.
        Bind {
            source: CString,
            target: CString,
            readonly: bool,
            locked: libc::c_ulong,
        },
        Tmpfs {
            target: CString,
            options: CString,
        },
        Proc {
            target: CString,
        },
    }

    struct ViewPlan {
        /// The new root's mount point on the host.
        root: CString,
        /// Paths to open (O_PATH) before anything is mounted, and the fd to keep each on.
        opens: Vec<(CString, libc::c_int)>,
        steps: Vec<Step>,
    }

    /// A folder that hides a private directory and the paths bound back into it, for an
    /// interpreter under a private home when the view is off.
    struct Hide {
        tmpfs: CString,
        mkdirs: Vec<CString>,
        /// (path to open, the fd number to put it on, /proc/self/fd/N, mount target)
        binds: Vec<(CString, libc::c_int, CString, CString)>,
    }

    struct LandlockPlan {
        handled: u64,
        /// (path, access rights beneath it)
        rules: Vec<(CString, u64)>,
    }

    #[repr(C)]
    struct SockFprog {
        len: libc::c_ushort,
        filter: *const seccompiler::sock_filter,
    }

    struct ChildPlan {
        executable: CString,
        argv: Vec<*const libc::c_char>,
        envp: Vec<*const libc::c_char>,
        cwd: CString,
        view: Option<ViewPlan>,
        hides: Vec<Hide>,
        landlock: Option<LandlockPlan>,
        /// Filters to install last, each as a prepared sock_fprog.
        seccomp: Vec<SockFprog>,
        set_groups: bool,
        /// cgroup v1 `tasks` files the child writes "0" into to join its groups.
        cgroup_join: Vec<RawFd>,
        /// Descriptors the runner keeps, put on 3 and up: the case group's files.
        kept: Vec<RawFd>,
        sync_read: RawFd,
        control_read: RawFd,
        events_write: RawFd,
        diagnostics_write: RawFd,
        error_write: RawFd,
    }

    /// The topmost folder on the way to `path` that other users cannot search.
    fn blocked_ancestor(path: &Path) -> Option<PathBuf> {
        let mut current = PathBuf::from("/");
        for component in path.components().skip(1) {
            current.push(component);
            match std::fs::metadata(&current) {
                Ok(metadata) if metadata.is_dir() && metadata.permissions().mode() & 0o001 == 0 => {
                    return Some(current)
                }
                _ => {}
            }
        }
        None
    }

    fn hides_for(paths: &[PathBuf]) -> Result<Vec<Hide>> {
        let mut hides: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
        for path in paths {
            if let Some(blocked) = blocked_ancestor(path) {
                match hides.iter_mut().find(|(dir, _)| *dir == blocked) {
                    Some((_, inner)) => inner.push(path.clone()),
                    None => hides.push((blocked, vec![path.clone()])),
                }
            }
        }
        let mut plans = Vec::new();
        let mut next_fd = 0;
        for (dir, inner) in hides {
            let mut mkdirs = Vec::new();
            let mut binds = Vec::new();
            for path in inner {
                let mut current = dir.clone();
                for component in path.strip_prefix(&dir).unwrap_or(&path).components() {
                    current.push(component);
                    let made = cstring(&current)?;
                    if !mkdirs.contains(&made) {
                        mkdirs.push(made);
                    }
                }
                let c_path = cstring(&path)?;
                let fixed_fd = FIRST_BIND_FD + next_fd;
                next_fd += 1;
                let source = cstring(format!("/proc/self/fd/{fixed_fd}"))?;
                binds.push((c_path.clone(), fixed_fd, source, c_path));
            }
            plans.push(Hide {
                tmpfs: cstring(&dir)?,
                mkdirs,
                binds,
            });
        }
        Ok(plans)
    }

    /// The mount flags that a bind of `path` must keep when remounted read-only (the
    /// kernel refuses to drop nosuid, nodev or noexec of a mount locked by a parent
    /// namespace).
    fn locked_flags(path: &Path) -> libc::c_ulong {
        let Ok(c_path) = cstring(path) else { return 0 };
        // SAFETY: statvfs writes into a zeroed struct we own.
        let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: c_path is a valid C string and stat a valid out pointer.
        if unsafe { libc::statvfs(c_path.as_ptr(), &mut stat) } != 0 {
            return 0;
        }
        let mut flags = 0;
        for (statvfs_flag, mount_flag) in [
            (libc::ST_NOSUID, libc::MS_NOSUID),
            (libc::ST_NODEV, libc::MS_NODEV),
            (libc::ST_NOEXEC, libc::MS_NOEXEC),
            (libc::ST_NOATIME, libc::MS_NOATIME),
            (libc::ST_NODIRATIME, libc::MS_NODIRATIME),
            (libc::ST_RELATIME, libc::MS_RELATIME),
        ] {
            if stat.f_flag & statvfs_flag != 0 {
                flags |= mount_flag;
            }
        }
        flags
    }

    /// The minimal filesystem the sandbox sees: system folders and the interpreter
    /// read-only, the runner's files read-only at /judge, tmpfs at /work, /tmp, /dev/shm.
    fn view_plan(python: &Python, judge_dir: &Path, work_bytes: u64) -> Result<ViewPlan> {
        let root = judge_dir.join(".root");
        let mut plan = ViewPlan {
            root: cstring(&root)?,
            opens: Vec::new(),
            steps: Vec::new(),
        };
        let inside = |path: &Path| cstring(root.join(path.strip_prefix("/").unwrap_or(path)));
        let mut made: Vec<PathBuf> = Vec::new();
        let mut mkdir_all = |plan: &mut ViewPlan, path: &Path| -> Result<()> {
            let mut current = PathBuf::from("/");
            for component in path.components().skip(1) {
                current.push(component);
                if !made.contains(&current) {
                    made.push(current.clone());
                    plan.steps.push(Step::Mkdir(inside(&current)?));
                }
            }
            Ok(())
        };
        let bind =
            |plan: &mut ViewPlan, source: &Path, target: &Path, readonly: bool| -> Result<()> {
                let fd = FIRST_BIND_FD + plan.opens.len() as libc::c_int;
                plan.opens.push((cstring(source)?, fd));
                plan.steps.push(Step::Bind {
                    source: cstring(format!("/proc/self/fd/{fd}"))?,
                    target: inside(target)?,
                    readonly,
                    locked: locked_flags(source),
                });
                Ok(())
            };
        let mut bound: Vec<PathBuf> = Vec::new();
        for system in [
            "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
        ] {
            let path = Path::new(system);
            let Ok(metadata) = std::fs::symlink_metadata(path) else {
                continue;
            };
            if metadata.file_type().is_symlink() {
                let target = std::fs::read_link(path)
                    .map_err(|error| Error::io("read link", path, error))?;
                plan.steps.push(Step::Symlink {
                    target: cstring(&target)?,
                    link: inside(path)?,
                });
            } else if metadata.is_dir() {
                mkdir_all(&mut plan, path)?;
                bind(&mut plan, path, path, true)?;
                bound.push(path.to_path_buf());
            }
        }
        mkdir_all(&mut plan, Path::new("/etc"))?;
        for name in [
            "ld.so.cache",
            "ld.so.conf",
            "ld.so.conf.d",
            "localtime",
            "nsswitch.conf",
            "mime.types",
        ] {
            let path = Path::new("/etc").join(name);
            let Ok(metadata) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if metadata.file_type().is_symlink() {
                let target = std::fs::read_link(&path)
                    .map_err(|error| Error::io("read link", &path, error))?;
                plan.steps.push(Step::Symlink {
                    target: cstring(&target)?,
                    link: inside(&path)?,
                });
            } else if metadata.is_dir() {
                mkdir_all(&mut plan, &path)?;
                bind(&mut plan, &path, &path, true)?;
            } else {
                plan.steps.push(Step::Touch(inside(&path)?));
                bind(&mut plan, &path, &path, true)?;
            }
        }
        for python_root in &python.roots {
            if bound.iter().any(|done| python_root.starts_with(done)) {
                continue;
            }
            mkdir_all(&mut plan, python_root)?;
            bind(&mut plan, python_root, python_root, true)?;
            bound.push(python_root.clone());
        }
        mkdir_all(&mut plan, Path::new("/dev"))?;
        for device in ["null", "zero", "full", "random", "urandom"] {
            let path = Path::new("/dev").join(device);
            if path.exists() {
                plan.steps.push(Step::Touch(inside(&path)?));
                bind(&mut plan, &path, &path, false)?;
            }
        }
        for (link, target) in [
            ("fd", "/proc/self/fd"),
            ("stdin", "/proc/self/fd/0"),
            ("stdout", "/proc/self/fd/1"),
            ("stderr", "/proc/self/fd/2"),
        ] {
            plan.steps.push(Step::Symlink {
                target: cstring(target)?,
                link: inside(&Path::new("/dev").join(link))?,
            });
        }
        mkdir_all(&mut plan, Path::new("/dev/shm"))?;
        plan.steps.push(Step::Tmpfs {
            target: inside(Path::new("/dev/shm"))?,
            options: cstring("size=16m,nr_inodes=4k,mode=1777")?,
        });
        mkdir_all(&mut plan, Path::new("/proc"))?;
        plan.steps.push(Step::Proc {
            target: inside(Path::new("/proc"))?,
        });
        mkdir_all(&mut plan, Path::new("/tmp"))?;
        plan.steps.push(Step::Tmpfs {
            target: inside(Path::new("/tmp"))?,
            options: cstring("size=64m,nr_inodes=16k,mode=1777")?,
        });
        mkdir_all(&mut plan, Path::new(VIEW_JUDGE_DIR))?;
        bind(&mut plan, judge_dir, Path::new(VIEW_JUDGE_DIR), true)?;
        mkdir_all(&mut plan, Path::new(VIEW_WORK_DIR))?;
        plan.steps.push(Step::Tmpfs {
            target: inside(Path::new(VIEW_WORK_DIR))?,
            options: cstring(format!(
                "size={},nr_inodes=16k,mode=0700,uid={INSIDE_ID},gid={INSIDE_ID}",
                work_bytes.max(1 << 20)
            ))?,
        });
        Ok(plan)
    }

    // Landlock (raw system calls: the numbers are the same on every architecture).
    const LANDLOCK_CREATE_RULESET: libc::c_long = 444;
    const LANDLOCK_ADD_RULE: libc::c_long = 445;
    const LANDLOCK_RESTRICT_SELF: libc::c_long = 446;
    const LANDLOCK_RULE_PATH_BENEATH: libc::c_int = 1;
    const ACCESS_EXECUTE: u64 = 1 << 0;
    const ACCESS_WRITE_FILE: u64 = 1 << 1;
    const ACCESS_READ_FILE: u64 = 1 << 2;
    const ACCESS_READ_DIR: u64 = 1 << 3;

    #[repr(C, packed)]
    struct PathBeneath {
        allowed_access: u64,
        parent_fd: i32,
    }

    /// The landlock ABI version, or why landlock is not available.
    fn landlock_abi() -> std::result::Result<i64, String> {
        // SAFETY: the version query takes no pointers.
        let version = unsafe {
            libc::syscall(
                LANDLOCK_CREATE_RULESET,
                std::ptr::null::<u8>(),
                0usize,
                1u32,
            )
        };
        if version < 1 {
            return Err(format!(
                "the kernel has no landlock ({})",
                std::io::Error::last_os_error()
            ));
        }
        Ok(version)
    }

    fn landlock_plan(read: &[PathBuf], write: &[PathBuf]) -> Result<Option<LandlockPlan>> {
        let Ok(abi) = landlock_abi() else {
            return Ok(None);
        };
        // Every filesystem right this ABI knows: 13 in v1, REFER in v2, TRUNCATE in v3,
        // IOCTL_DEV in v5.
        let bits = match abi {
            1 => 13,
            2 => 14,
            3 | 4 => 15,
            _ => 16,
        };
        let handled: u64 = (1u64 << bits) - 1;
        let read_rights = ACCESS_EXECUTE | ACCESS_READ_FILE | ACCESS_READ_DIR;
        let mut rules = Vec::new();
        for path in read {
            rules.push((cstring(path)?, read_rights));
        }
        for path in write {
            rules.push((cstring(path)?, handled));
        }
        // Writing to /dev/null and friends is harmless and programs expect it.
        rules.push((cstring("/dev")?, read_rights | ACCESS_WRITE_FILE));
        Ok(Some(LandlockPlan { handled, rules }))
    }

    /// The seccomp programs: system calls a judged program never needs fail with EPERM, and
    /// clone3 with ENOSYS so that the C library falls back to clone, whose namespace flags
    /// the first filter can inspect.
    /// The compiled filters, built once per process: every sandbox installs the same ones.
    fn seccomp_programs() -> std::result::Result<&'static [seccompiler::BpfProgram], String> {
        static PROGRAMS: std::sync::OnceLock<
            std::result::Result<Vec<seccompiler::BpfProgram>, String>,
        > = std::sync::OnceLock::new();
        PROGRAMS
            .get_or_init(compile_seccomp_programs)
            .as_deref()
            .map_err(Clone::clone)
    }

    fn compile_seccomp_programs() -> std::result::Result<Vec<seccompiler::BpfProgram>, String> {
        use seccompiler::{
            SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
            SeccompRule, TargetArch,
        };
        let arch: TargetArch = std::env::consts::ARCH
            .try_into()
            .map_err(|_| format!("no seccomp filter for {}", std::env::consts::ARCH))?;
        let mut denied: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
        for call in [
            libc::SYS_ptrace,
            libc::SYS_mount,
            libc::SYS_umount2,
            libc::SYS_pivot_root,
            libc::SYS_chroot,
            libc::SYS_keyctl,
            libc::SYS_add_key,
            libc::SYS_request_key,
            libc::SYS_bpf,
            libc::SYS_io_uring_setup,
            libc::SYS_io_uring_enter,
            libc::SYS_io_uring_register,
            libc::SYS_unshare,
            libc::SYS_setns,
            libc::SYS_init_module,
            libc::SYS_finit_module,
            libc::SYS_delete_module,
            libc::SYS_kexec_load,
            libc::SYS_kexec_file_load,
            libc::SYS_perf_event_open,
            libc::SYS_userfaultfd,
            libc::SYS_process_vm_readv,
            libc::SYS_process_vm_writev,
            libc::SYS_open_by_handle_at,
            libc::SYS_name_to_handle_at,
            libc::SYS_fsopen,
            libc::SYS_fsmount,
            libc::SYS_move_mount,
            libc::SYS_open_tree,
            libc::SYS_swapon,
            libc::SYS_swapoff,
            libc::SYS_reboot,
            libc::SYS_syslog,
            libc::SYS_acct,
            libc::SYS_quotactl,
            // These would hand a case the runner's descriptors (pidfd_getfd) or tell it
            // which it has (kcmp); the runner hears of its children by SIGCHLD instead.
            libc::SYS_pidfd_open,
            libc::SYS_pidfd_getfd,
            libc::SYS_kcmp,
        ] {
            denied.insert(call, Vec::new());
        }
        let condition = |index: u8, op: SeccompCmpOp, value: u64| {
            SeccompCondition::new(index, SeccompCmpArgLen::Qword, op, value)
                .map_err(|error| error.to_string())
        };
        // ioctl(fd, TIOCSTI or TIOCLINUX, ...) would type into the judge's terminal.
        denied.insert(
            libc::SYS_ioctl,
            vec![
                SeccompRule::new(vec![condition(
                    1,
                    SeccompCmpOp::MaskedEq(0xffff_ffff),
                    libc::TIOCSTI,
                )?])
                .map_err(|error| error.to_string())?,
                SeccompRule::new(vec![condition(
                    1,
                    SeccompCmpOp::MaskedEq(0xffff_ffff),
                    libc::TIOCLINUX,
                )?])
                .map_err(|error| error.to_string())?,
            ],
        );
        let mut clone_rules = Vec::new();
        for flag in [
            libc::CLONE_NEWUSER,
            libc::CLONE_NEWNS,
            libc::CLONE_NEWPID,
            libc::CLONE_NEWNET,
            libc::CLONE_NEWIPC,
            libc::CLONE_NEWUTS,
            libc::CLONE_NEWCGROUP,
        ] {
            let flag = flag as u64;
            clone_rules.push(
                SeccompRule::new(vec![condition(0, SeccompCmpOp::MaskedEq(flag), flag)?])
                    .map_err(|error| error.to_string())?,
            );
        }
        denied.insert(libc::SYS_clone, clone_rules);
        let first = SeccompFilter::new(
            denied,
            SeccompAction::Allow,
            SeccompAction::Errno(libc::EPERM as u32),
            arch,
        )
        .map_err(|error| error.to_string())?;
        let mut clone3 = BTreeMap::new();
        clone3.insert(libc::SYS_clone3, Vec::new());
        let second = SeccompFilter::new(
            clone3,
            SeccompAction::Allow,
            SeccompAction::Errno(libc::ENOSYS as u32),
            arch,
        )
        .map_err(|error| error.to_string())?;
        Ok(vec![
            first
                .try_into()
                .map_err(|error: seccompiler::BackendError| error.to_string())?,
            second
                .try_into()
                .map_err(|error: seccompiler::BackendError| error.to_string())?,
        ])
    }

    /// A compiled program as the kernel reads it (struct sock_filter, native byte order),
    /// in hex.
    fn program_hex(program: &seccompiler::BpfProgram) -> String {
        program
            .iter()
            .flat_map(|filter| {
                let mut bytes = Vec::with_capacity(8);
                bytes.extend_from_slice(&filter.code.to_ne_bytes());
                bytes.push(filter.jt);
                bytes.push(filter.jf);
                bytes.extend_from_slice(&filter.k.to_ne_bytes());
                bytes
            })
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    // ---------------------------------------------------------------------------------
    // The cloned child.
    // ---------------------------------------------------------------------------------

    const STAGE_SYNC: u8 = 1;
    const STAGE_MOUNT: u8 = 2;
    const STAGE_IDS: u8 = 3;
    const STAGE_CHDIR: u8 = 4;
    const STAGE_FDS: u8 = 5;
    const STAGE_EXEC: u8 = 6;
    const STAGE_TMPFS: u8 = 7;
    const STAGE_BIND: u8 = 8;
    const STAGE_VIEW: u8 = 10;
    const STAGE_LANDLOCK: u8 = 11;
    const STAGE_SECCOMP: u8 = 12;
    const STAGE_NO_NEW_PRIVS: u8 = 13;
    const STAGE_CGROUP: u8 = 14;

    fn stage_name(stage: u8) -> &'static str {
        match stage {
            STAGE_SYNC => "waiting for the id maps",
            STAGE_MOUNT => "making mounts private",
            STAGE_IDS => "dropping to the sandbox user",
            STAGE_CHDIR => "entering the working folder",
            STAGE_FDS => "setting up descriptors",
            STAGE_EXEC => "starting the interpreter",
            STAGE_TMPFS => "hiding a private folder behind a tmpfs",
            STAGE_BIND => "binding the interpreter into the sandbox",
            STAGE_VIEW => "building the read-only filesystem view",
            STAGE_LANDLOCK => "applying landlock",
            STAGE_SECCOMP => "installing the seccomp filter",
            STAGE_NO_NEW_PRIVS => "setting no_new_privs",
            STAGE_CGROUP => "joining the control groups",
            _ => "starting",
        }
    }

    /// Reports the failing stage and errno to the parent, then exits.
    ///
    /// # Safety
    /// Only async-signal-safe calls: this runs in the cloned child.
    unsafe fn child_fail(plan: &ChildPlan, stage: u8) -> ! {
        // SAFETY: errno location is valid for this thread; write and _exit are async-signal-safe.
        unsafe {
            let errno = *libc::__errno_location();
            let mut message = [0u8; 5];
            message[0] = stage;
            message[1..].copy_from_slice(&errno.to_ne_bytes());
            libc::write(plan.error_write, message.as_ptr().cast(), message.len());
            libc::_exit(127);
        }
    }

    extern "C" fn child_main(argument: *mut libc::c_void) -> libc::c_int {
        // SAFETY: the parent passes a pointer to a ChildPlan that lives (in this child's
        // copy of the address space) for as long as the child runs.
        let plan = unsafe { &*(argument as *const ChildPlan) };
        // SAFETY: child_setup only makes async-signal-safe system calls.
        unsafe { child_setup(plan) }
    }

    /// # Safety
    /// Runs in the cloned child: only raw system calls, no allocation, no locks. The id
    /// calls are raw too: glibc's wrappers make every thread of a multi-threaded parent
    /// change ids together, and this child, with one thread but a copy of the parent's
    /// thread list, would wait for the others forever.
    unsafe fn child_setup(plan: &ChildPlan) -> libc::c_int {
        // SAFETY: every pointer passed below comes from a CString or array owned by `plan`.
        unsafe {
            let mut byte = 0u8;
            if libc::read(plan.sync_read, (&mut byte as *mut u8).cast(), 1) != 1 {
                child_fail(plan, STAGE_SYNC);
            }
            // Into the control groups before anything else, so that all this process and
            // its descendants will allocate is charged there.
            for fd in &plan.cgroup_join {
                if libc::write(*fd, c"0".as_ptr().cast(), 1) != 1 {
                    child_fail(plan, STAGE_CGROUP);
                }
            }
            if libc::mount(
                std::ptr::null(),
                c"/".as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            ) != 0
            {
                child_fail(plan, STAGE_MOUNT);
            }
            if let Some(view) = &plan.view {
                build_view(plan, view);
            } else {
                hide_private_folders(plan);
                // A /proc of the new pid namespace lets the runner see exactly the
                // sandbox's processes; where the kernel refuses, it measures less.
                libc::mount(
                    c"proc".as_ptr(),
                    c"/proc".as_ptr(),
                    c"proc".as_ptr(),
                    libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
                    std::ptr::null(),
                );
            }
            if plan.set_groups
                && libc::syscall(libc::SYS_setgroups, 0, std::ptr::null::<libc::gid_t>()) != 0
            {
                child_fail(plan, STAGE_IDS);
            }
            if libc::syscall(libc::SYS_setresgid, INSIDE_ID, INSIDE_ID, INSIDE_ID) != 0
                || libc::syscall(libc::SYS_setresuid, INSIDE_ID, INSIDE_ID, INSIDE_ID) != 0
            {
                child_fail(plan, STAGE_IDS);
            }
            if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
                child_fail(plan, STAGE_NO_NEW_PRIVS);
            }
            if libc::chdir(plan.cwd.as_ptr()) != 0 {
                child_fail(plan, STAGE_CHDIR);
            }
            if let Some(landlock) = &plan.landlock {
                apply_landlock(plan, landlock);
            }
            move_to_standard_fds(plan);
            close_inherited_fds(3 + plan.kept.len() as libc::c_uint);
            let no_core = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &no_core);
            for program in &plan.seccomp {
                if libc::syscall(
                    libc::SYS_seccomp,
                    1, /* SECCOMP_SET_MODE_FILTER */
                    0,
                    program as *const SockFprog,
                ) != 0
                {
                    child_fail(plan, STAGE_SECCOMP);
                }
            }
            libc::execve(
                plan.executable.as_ptr(),
                plan.argv.as_ptr(),
                plan.envp.as_ptr(),
            );
            child_fail(plan, STAGE_EXEC);
        }
    }

    /// # Safety
    /// Async-signal-safe calls only.
    unsafe fn build_view(plan: &ChildPlan, view: &ViewPlan) {
        // SAFETY: all pointers come from CStrings in the plan.
        unsafe {
            // Bind sources must belong to this mount namespace, so they are opened here,
            // after clone, while the (outside) owner of a private home can still enter it.
            for (path, fixed_fd) in &view.opens {
                let fd = libc::open(path.as_ptr(), libc::O_PATH | libc::O_CLOEXEC);
                if fd < 0 || libc::dup3(fd, *fixed_fd, libc::O_CLOEXEC) < 0 {
                    child_fail(plan, STAGE_VIEW);
                }
                libc::close(fd);
            }
            // Inodes on a tmpfs mounted in this namespace can only be created by an id
            // mapped in it, and outside root's is not: build as the sandbox user (the
            // capabilities for mounting stay).
            libc::syscall(libc::SYS_setfsgid, INSIDE_ID);
            libc::syscall(libc::SYS_setfsuid, INSIDE_ID);
            if libc::mount(
                c"tmpfs".as_ptr(),
                view.root.as_ptr(),
                c"tmpfs".as_ptr(),
                libc::MS_NOSUID | libc::MS_NODEV,
                c"size=4m,nr_inodes=4k,mode=0755,uid=1000,gid=1000"
                    .as_ptr()
                    .cast(),
            ) != 0
            {
                child_fail(plan, STAGE_VIEW);
            }
            for step in &view.steps {
                let failed = match step {
                    Step::Mkdir(path) => {
                        libc::mkdir(path.as_ptr(), 0o755) != 0
                            && *libc::__errno_location() != libc::EEXIST
                    }
                    Step::Touch(path) => {
                        let fd = libc::open(
                            path.as_ptr(),
                            libc::O_CREAT | libc::O_WRONLY | libc::O_CLOEXEC,
                            0o644,
                        );
                        if fd >= 0 {
                            libc::close(fd);
                        }
                        fd < 0
                    }
                    Step::Symlink { target, link } => {
                        libc::symlink(target.as_ptr(), link.as_ptr()) != 0
                    }
                    Step::Bind {
                        source,
                        target,
                        readonly,
                        locked,
                    } => {
                        libc::mount(
                            source.as_ptr(),
                            target.as_ptr(),
                            std::ptr::null(),
                            libc::MS_BIND | libc::MS_REC,
                            std::ptr::null(),
                        ) != 0
                            || (*readonly
                                && libc::mount(
                                    std::ptr::null(),
                                    target.as_ptr(),
                                    std::ptr::null(),
                                    libc::MS_REMOUNT
                                        | libc::MS_BIND
                                        | libc::MS_RDONLY
                                        | libc::MS_NOSUID
                                        | *locked,
                                    std::ptr::null(),
                                ) != 0)
                    }
                    Step::Tmpfs { target, options } => {
                        libc::mount(
                            c"tmpfs".as_ptr(),
                            target.as_ptr(),
                            c"tmpfs".as_ptr(),
                            libc::MS_NOSUID | libc::MS_NODEV,
                            options.as_ptr().cast(),
                        ) != 0
                    }
                    Step::Proc { target } => {
                        libc::mount(
                            c"proc".as_ptr(),
                            target.as_ptr(),
                            c"proc".as_ptr(),
                            libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
                            std::ptr::null(),
                        ) != 0
                    }
                };
                if failed {
                    child_fail(plan, STAGE_VIEW);
                }
            }
            for (_, fixed_fd) in &view.opens {
                libc::close(*fixed_fd);
            }
            // Enter the view for good: the old root is detached, so nothing of the host
            // beyond what was bound is reachable any more.
            if libc::chdir(view.root.as_ptr()) != 0
                || libc::syscall(libc::SYS_pivot_root, c".".as_ptr(), c".".as_ptr()) != 0
                || libc::umount2(c".".as_ptr(), libc::MNT_DETACH) != 0
                || libc::chdir(c"/".as_ptr()) != 0
            {
                child_fail(plan, STAGE_VIEW);
            }
            if libc::mount(
                std::ptr::null(),
                c"/".as_ptr(),
                std::ptr::null(),
                libc::MS_REMOUNT | libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NODEV,
                std::ptr::null(),
            ) != 0
            {
                child_fail(plan, STAGE_VIEW);
            }
        }
    }

    /// # Safety
    /// Async-signal-safe calls only.
    unsafe fn hide_private_folders(plan: &ChildPlan) {
        // SAFETY: all pointers come from CStrings in the plan.
        unsafe {
            for hide in &plan.hides {
                for (path, fixed_fd, _, _) in &hide.binds {
                    let fd = libc::open(
                        path.as_ptr(),
                        libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC,
                    );
                    if fd < 0 || libc::dup3(fd, *fixed_fd, libc::O_CLOEXEC) < 0 {
                        child_fail(plan, STAGE_BIND);
                    }
                    libc::close(fd);
                }
            }
            if !plan.hides.is_empty() {
                libc::syscall(libc::SYS_setfsgid, INSIDE_ID);
                libc::syscall(libc::SYS_setfsuid, INSIDE_ID);
            }
            for hide in &plan.hides {
                if libc::mount(
                    c"tmpfs".as_ptr(),
                    hide.tmpfs.as_ptr(),
                    c"tmpfs".as_ptr(),
                    libc::MS_NOSUID | libc::MS_NODEV,
                    c"mode=0755,size=1m,uid=1000,gid=1000".as_ptr().cast(),
                ) != 0
                {
                    child_fail(plan, STAGE_TMPFS);
                }
                for dir in &hide.mkdirs {
                    libc::mkdir(dir.as_ptr(), 0o755);
                }
                for (_, _, source, target) in &hide.binds {
                    if libc::mount(
                        source.as_ptr(),
                        target.as_ptr(),
                        std::ptr::null(),
                        libc::MS_BIND | libc::MS_REC,
                        std::ptr::null(),
                    ) != 0
                    {
                        child_fail(plan, STAGE_BIND);
                    }
                    libc::mount(
                        std::ptr::null(),
                        target.as_ptr(),
                        std::ptr::null(),
                        libc::MS_REMOUNT
                            | libc::MS_BIND
                            | libc::MS_RDONLY
                            | libc::MS_NOSUID
                            | libc::MS_NODEV,
                        std::ptr::null(),
                    );
                }
                libc::mount(
                    std::ptr::null(),
                    hide.tmpfs.as_ptr(),
                    std::ptr::null(),
                    libc::MS_REMOUNT | libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NODEV,
                    std::ptr::null(),
                );
            }
        }
    }

    /// # Safety
    /// Async-signal-safe calls only.
    unsafe fn apply_landlock(plan: &ChildPlan, landlock: &LandlockPlan) {
        // SAFETY: the attribute structs live on this stack; paths come from the plan.
        unsafe {
            let handled: u64 = landlock.handled;
            let ruleset = libc::syscall(
                LANDLOCK_CREATE_RULESET,
                &handled as *const u64,
                std::mem::size_of::<u64>(),
                0u32,
            );
            if ruleset < 0 {
                child_fail(plan, STAGE_LANDLOCK);
            }
            for (path, access) in &landlock.rules {
                let fd = libc::open(path.as_ptr(), libc::O_PATH | libc::O_CLOEXEC);
                if fd < 0 {
                    continue;
                }
                let beneath = PathBeneath {
                    allowed_access: *access,
                    parent_fd: fd,
                };
                let added = libc::syscall(
                    LANDLOCK_ADD_RULE,
                    ruleset as libc::c_int,
                    LANDLOCK_RULE_PATH_BENEATH,
                    &beneath as *const PathBeneath,
                    0u32,
                );
                libc::close(fd);
                if added != 0 {
                    child_fail(plan, STAGE_LANDLOCK);
                }
            }
            if libc::syscall(LANDLOCK_RESTRICT_SELF, ruleset as libc::c_int, 0u32) != 0 {
                child_fail(plan, STAGE_LANDLOCK);
            }
            libc::close(ruleset as libc::c_int);
        }
    }

    /// Marks every descriptor above 2 close-on-exec: what pyjudge inherited from its
    /// caller (a shell's `7>>file`) must not reach the runner, where landlock would not stop
    /// its use, since it checks only new opens. Marked rather than closed, so that a pipe
    /// that reports a failed exec still works until the exec.
    ///
    /// # Safety
    /// Async-signal-safe calls only.
    pub(super) unsafe fn close_inherited_fds(first: libc::c_uint) {
        const CLOSE_RANGE_CLOEXEC: libc::c_uint = 1 << 2;
        // SAFETY: close_range and fcntl take no pointers; getrlimit writes into a local.
        unsafe {
            if libc::syscall(
                libc::SYS_close_range,
                first,
                libc::c_uint::MAX,
                CLOSE_RANGE_CLOEXEC,
            ) != 0
            {
                // Before Linux 5.11: one by one, up to the descriptor limit.
                let mut limit = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: 0,
                };
                libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
                for fd in first as libc::c_int..limit.rlim_cur.min(1 << 20) as libc::c_int {
                    libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
                }
            }
        }
    }

    /// The most descriptors the runner is started with: its three pipes and the case
    /// group's files.
    const KEPT_FDS_MAX: usize = 16;

    /// Puts the control, events and diagnostics pipes on fds 0, 1 and 2 and the kept
    /// descriptors (the case group's files) on 3 and up. They go through high numbers
    /// first so that one already sitting on a target is not overwritten.
    ///
    /// # Safety
    /// Async-signal-safe calls only.
    unsafe fn move_to_standard_fds(plan: &ChildPlan) {
        // SAFETY: fcntl and dup2 on descriptors the plan owns.
        unsafe {
            let standard = [plan.control_read, plan.events_write, plan.diagnostics_write];
            let count = 3 + plan.kept.len();
            if count > KEPT_FDS_MAX {
                child_fail(plan, STAGE_FDS);
            }
            let mut high = [0; KEPT_FDS_MAX];
            for index in 0..count {
                let fd = if index < 3 {
                    standard[index]
                } else {
                    plan.kept[index - 3]
                };
                high[index] = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 64);
                if high[index] < 0 {
                    child_fail(plan, STAGE_FDS);
                }
            }
            for (target, fd) in high[..count].iter().enumerate() {
                if libc::dup2(*fd, target as libc::c_int) < 0 {
                    child_fail(plan, STAGE_FDS);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------
    // The parent.
    // ---------------------------------------------------------------------------------

    /// The case group's files in the order the runner gets them, from descriptor 3 on.
    fn kept_fds(files: &crate::cgroup::CaseFiles) -> Vec<RawFd> {
        let mut kept: Vec<RawFd> = files.join.iter().map(AsRawFd::as_raw_fd).collect();
        kept.extend([
            files.cpu.as_raw_fd(),
            files.memory.as_raw_fd(),
            files.peak.as_raw_fd(),
        ]);
        kept
    }

    /// What the runner is told of the case group: which descriptor is which (as
    /// [`kept_fds`] numbers them from 3).
    fn case_accounting(files: &crate::cgroup::CaseFiles) -> serde_json::Value {
        let joins = files.join.len() as i32;
        serde_json::json!({
            "version": files.version,
            "join": (3..3 + joins).collect::<Vec<_>>(),
            "cpu": 3 + joins,
            "memory": 4 + joins,
            "peak": 5 + joins,
        })
    }

    pub(super) fn launch(python: &Python, workdir: &Path, limits: &Limits) -> Result<Launched> {
        // The candidate's writable /work: the output files, twice over, and room to work in.
        let work_bytes = super::work_bytes(limits);
        loop {
            let refused = refused();
            if let Some(reason) = refused.namespaces.clone() {
                return launch_in_process_group(python, workdir, reason);
            }
            match launch_in_namespaces(python, workdir, work_bytes, limits, &refused, false)? {
                Attempt::Launched(launched) => return Ok(*launched),
                Attempt::Refused(layer, reason) => refuse(|state| match layer {
                    RefusedLayer::Cgroups => state.cgroups = Some(reason),
                    RefusedLayer::Namespaces => state.namespaces = Some(reason),
                    RefusedLayer::View => state.view = Some(reason),
                    RefusedLayer::Landlock => state.landlock = Some(reason),
                    RefusedLayer::Seccomp => state.seccomp = Some(reason),
                }),
            }
        }
    }

    enum RefusedLayer {
        Cgroups,
        Namespaces,
        View,
        Landlock,
        Seccomp,
    }

    enum Attempt {
        Launched(Box<Launched>),
        Refused(RefusedLayer, String),
    }

    fn layers_for(refused: &Refused, namespaces: bool) -> Layers {
        let layer = |off: &Option<String>| {
            off.as_ref()
                .map_or_else(Layer::on, |reason| Layer::off(reason.clone()))
        };
        let needs_namespaces = |layer: Layer| {
            if namespaces {
                layer
            } else {
                Layer::off("needs the user namespace")
            }
        };
        Layers {
            user_namespace: layer(&refused.namespaces),
            pid_namespace: layer(&refused.namespaces),
            network_namespace: layer(&refused.namespaces),
            ipc_uts_namespaces: layer(&refused.namespaces),
            mount_view: needs_namespaces(layer(&refused.view)),
            no_new_privs: if namespaces {
                Layer::on()
            } else {
                Layer::off("not set in the process-group fallback")
            },
            seccomp: needs_namespaces(layer(&refused.seccomp)),
            landlock: needs_namespaces(layer(&refused.landlock)),
            rlimits: Layer::on(),
            cgroups: Layer::off(
                "not used: the runner's polling and per-process rlimits bound the process tree",
            ),
        }
    }

    /// Starts a warm runner in `home`, with its first message, where this machine gives
    /// namespaces and the view; otherwise says why not.
    pub(super) fn launch_warm(
        python: &Python,
        home: &Path,
    ) -> Result<(Launched, serde_json::Value)> {
        let refused = refused();
        if let Some(reason) = refused.namespaces.as_ref().or(refused.view.as_ref()) {
            return Err(Error::Sandbox {
                message: format!(
                    "a warm runner needs namespaces and the filesystem view: {reason}"
                ),
            });
        }
        // The warm runner's own bounds; each submission sets its own before it starts.
        let limits = Limits {
            cpu_ms: 1000,
            wall_ms: 1000,
            memory_kb: 256 * 1024,
            output_bytes: 1 << 20,
            processes: 64,
        };
        match launch_in_namespaces(python, home, 64 << 20, &limits, &refused, true)? {
            Attempt::Launched(mut launched) => {
                if let Some(pending) = launched.pending_cgroup.take() {
                    match pending.join() {
                        Ok(Ok(cgroup)) => {
                            launched.process.cgroup = Some(cgroup);
                            launched.containment.layers.cgroups = Layer::on();
                        }
                        Ok(Err(reason)) => {
                            refuse_cgroups(reason.clone());
                            launched.containment.layers.cgroups = Layer::off(reason);
                        }
                        Err(_) => {}
                    }
                }
                let config = launched.warm_config.take().unwrap_or_default();
                Ok((*launched, config))
            }
            Attempt::Refused(_, reason) => Err(Error::Sandbox {
                message: format!("the warm runner could not start: {reason}"),
            }),
        }
    }

    fn launch_in_namespaces(
        python: &Python,
        workdir: &Path,
        work_bytes: u64,
        limits: &Limits,
        refused: &Refused,
        warm: bool,
    ) -> Result<Attempt> {
        let uid = sandbox_uid();
        let root = is_root();
        let with_view = refused.view.is_none();
        let places = if with_view {
            Places {
                judge_dir: PathBuf::from(VIEW_JUDGE_DIR),
                work_dir: PathBuf::from(VIEW_WORK_DIR),
            }
        } else {
            Places {
                judge_dir: workdir.to_path_buf(),
                work_dir: workdir.to_path_buf(),
            }
        };
        // In the view the candidate reads the runner's files and writes only to its own
        // tmpfs; without it, it works in the folder itself, which must then be its own.
        if root {
            if with_view {
                std::fs::set_permissions(workdir, std::fs::Permissions::from_mode(0o711))
                    .map_err(|error| Error::io("open up", workdir, error))?;
                let _ = std::os::unix::fs::chown(workdir, Some(0), Some(0));
            } else {
                std::os::unix::fs::chown(workdir, Some(uid), Some(uid))
                    .map_err(|error| Error::io("hand over", workdir, error))?;
            }
        }
        let view = if with_view {
            Some(view_plan(python, workdir, work_bytes)?)
        } else {
            None
        };
        let hides = if root && !with_view {
            let mut visible: Vec<PathBuf> = python.roots.clone();
            visible.push(workdir.to_path_buf());
            hides_for(&visible)?
        } else {
            Vec::new()
        };
        let landlock = if refused.landlock.is_none() {
            // In the view everything visible was chosen to be readable, so reading is
            // allowed beneath its root and landlock guards writing; without the view it
            // also keeps reads to what Python needs.
            let mut read: Vec<PathBuf> = if with_view {
                vec![PathBuf::from("/")]
            } else {
                [
                    "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/proc",
                ]
                .iter()
                .map(PathBuf::from)
                .collect()
            };
            if !with_view {
                read.extend(python.roots.iter().cloned());
                read.push(places.judge_dir.clone());
            }
            let mut write = vec![places.work_dir.clone()];
            if with_view {
                write.push(PathBuf::from("/tmp"));
                write.push(PathBuf::from("/dev/shm"));
            }
            landlock_plan(&read, &write)?
        } else {
            None
        };
        let programs: &[seccompiler::BpfProgram] = if refused.seccomp.is_none() {
            seccomp_programs().map_err(|message| Error::Sandbox { message })?
        } else {
            &[]
        };
        // A warm runner applies landlock and seccomp to each submission itself, after the
        // namespaces and mounts that they would forbid.
        let warm_config = warm.then(|| {
            let filters: Vec<String> = programs.iter().map(program_hex).collect();
            let landlock = landlock.as_ref().map(|plan| {
                serde_json::json!({
                    "handled": plan.handled,
                    "rules": plan.rules.iter().map(|(path, access)| {
                        serde_json::json!([path.to_string_lossy(), access])
                    }).collect::<Vec<_>>(),
                })
            });
            serde_json::json!({
                "mode": "warm",
                "inside_id": INSIDE_ID,
                "seccomp": filters,
                "landlock": landlock,
            })
        });
        let (landlock, programs) = if warm {
            (None, &[][..])
        } else {
            (landlock, programs)
        };
        let seccomp: Vec<SockFprog> = programs
            .iter()
            .map(|program| SockFprog {
                len: program.len() as libc::c_ushort,
                filter: program.as_ptr(),
            })
            .collect();
        let arguments = runner_arguments(python, &places);
        let argv_strings: Vec<CString> = arguments.iter().map(cstring).collect::<Result<_>>()?;
        let env_strings: Vec<CString> = runner_environment(&places)
            .iter()
            .map(|(key, value)| cstring(format!("{key}={value}")))
            .collect::<Result<_>>()?;
        // The tree's memory (tmpfs included) and process count, bounded by control groups
        // behind the runner's polling; each case in a group of its own below, whose bound
        // the kernel's OOM killer enforces among the case's processes only.
        let mut cgroup_refusal = refused.cgroups.clone();
        let mut cgroup = None;
        let mut cgroup_join = Vec::new();
        let mut case_files = None;
        if cgroup_refusal.is_none() {
            match crate::cgroup::SandboxCgroup::create(super::cgroup_bounds(limits)).and_then(
                |group| {
                    let files = group.self_join_files()?;
                    let case = group.case_files()?;
                    Ok((group, files, case))
                },
            ) {
                Ok((group, files, case)) => {
                    cgroup = Some(group);
                    cgroup_join = files;
                    case_files = Some(case);
                }
                Err(reason) => {
                    refuse_cgroups(reason.clone());
                    cgroup_refusal = Some(reason);
                }
            }
        }
        let (sync_read, sync_write) = pipe()?;
        let (control_read, control_write) = if warm { record_socket_pair()? } else { pipe()? };
        let (events_read, events_write) = pipe()?;
        let (diagnostics_read, diagnostics_write) = pipe()?;
        let (error_read, error_write) = pipe()?;
        let mut argv: Vec<*const libc::c_char> =
            argv_strings.iter().map(|arg| arg.as_ptr()).collect();
        argv.push(std::ptr::null());
        let mut envp: Vec<*const libc::c_char> =
            env_strings.iter().map(|arg| arg.as_ptr()).collect();
        envp.push(std::ptr::null());
        let plan = ChildPlan {
            executable: cstring(&python.executable)?,
            argv,
            envp,
            cwd: cstring(&places.work_dir)?,
            view,
            hides,
            landlock,
            seccomp,
            set_groups: root,
            cgroup_join: cgroup_join.iter().map(AsRawFd::as_raw_fd).collect(),
            kept: case_files.as_ref().map(kept_fds).unwrap_or_default(),
            sync_read: sync_read.as_raw_fd(),
            control_read: control_read.as_raw_fd(),
            events_write: events_write.as_raw_fd(),
            diagnostics_write: diagnostics_write.as_raw_fd(),
            error_write: error_write.as_raw_fd(),
        };
        let mut stack = vec![0u8; 256 * 1024];
        // SAFETY: the stack grows down from the end of a buffer that outlives clone's return.
        let stack_top = unsafe { stack.as_mut_ptr().add(stack.len()) };
        let stack_top = ((stack_top as usize) & !15) as *mut libc::c_void;
        let flags = libc::CLONE_NEWUSER
            | libc::CLONE_NEWPID
            | libc::CLONE_NEWNS
            | libc::CLONE_NEWNET
            | libc::CLONE_NEWIPC
            | libc::CLONE_NEWUTS
            | libc::SIGCHLD;
        // SAFETY: child_main only reads `plan` and makes async-signal-safe system calls;
        // without CLONE_VM the child works on its own copy of the address space.
        let pid = unsafe {
            libc::clone(
                child_main,
                stack_top,
                flags,
                (&plan as *const ChildPlan).cast_mut().cast(),
            )
        };
        if pid < 0 {
            let error = std::io::Error::last_os_error();
            return Ok(Attempt::Refused(
                RefusedLayer::Namespaces,
                format!("clone with new user, pid, mount and network namespaces failed: {error}"),
            ));
        }
        let mut process = RunnerProcess::new(pid, false);
        drop((
            sync_read,
            control_read,
            events_write,
            diagnostics_write,
            error_write,
        ));
        let maps = if root {
            std::fs::write(
                format!("/proc/{pid}/uid_map"),
                format!("{INSIDE_ID} {uid} 1\n"),
            )
            .and_then(|()| {
                std::fs::write(
                    format!("/proc/{pid}/gid_map"),
                    format!("{INSIDE_ID} {uid} 1\n"),
                )
            })
        } else {
            // SAFETY: getuid and getgid have no preconditions.
            let (own_uid, own_gid) = unsafe { (libc::getuid(), libc::getgid()) };
            std::fs::write(format!("/proc/{pid}/setgroups"), "deny")
                .and_then(|()| {
                    std::fs::write(
                        format!("/proc/{pid}/uid_map"),
                        format!("{INSIDE_ID} {own_uid} 1\n"),
                    )
                })
                .and_then(|()| {
                    std::fs::write(
                        format!("/proc/{pid}/gid_map"),
                        format!("{INSIDE_ID} {own_gid} 1\n"),
                    )
                })
        };
        if let Err(error) = maps {
            process.kill();
            return Ok(Attempt::Refused(
                RefusedLayer::Namespaces,
                format!("writing the user namespace's id maps failed: {error}"),
            ));
        }
        // On cgroup v1 the child joined its groups itself; on v2 it is moved by pid, which
        // waits for an RCU grace period, so that runs beside the interpreter's start-up and
        // the session waits for it before the runner may fork anything of the candidate's.
        let mut pending_cgroup = None;
        let cgroup_layer = match cgroup {
            Some(group) if cgroup_join.is_empty() => {
                pending_cgroup = Some(std::thread::spawn(move || {
                    group.add(pid)?;
                    Ok(group)
                }));
                Layer::off("not set up yet")
            }
            Some(group) => {
                process.cgroup = Some(group);
                Layer::on()
            }
            None => Layer::off(cgroup_refusal.unwrap_or_default()),
        };
        let pid_namespace = std::fs::read_link(format!("/proc/{pid}/ns/pid"))
            .ok()
            .map(|link| link.display().to_string());
        let mut sync = File::from(sync_write);
        let _ = std::io::Write::write_all(&mut sync, b"x");
        drop(sync);
        let mut error_pipe = File::from(error_read);
        let mut report = Vec::new();
        let _ = std::io::Read::read_to_end(&mut error_pipe, &mut report);
        drop(plan);
        drop(stack);
        if report.len() >= 5 {
            process.kill();
            let errno = i32::from_ne_bytes([report[1], report[2], report[3], report[4]]);
            let error = std::io::Error::from_raw_os_error(errno);
            let stage = report[0];
            let reason = format!("{} failed: {error}", stage_name(stage));
            return match stage {
                STAGE_VIEW => Ok(Attempt::Refused(RefusedLayer::View, reason)),
                STAGE_LANDLOCK => Ok(Attempt::Refused(RefusedLayer::Landlock, reason)),
                STAGE_SECCOMP => Ok(Attempt::Refused(RefusedLayer::Seccomp, reason)),
                STAGE_CGROUP => Ok(Attempt::Refused(RefusedLayer::Cgroups, reason)),
                STAGE_EXEC => Err(Error::Sandbox {
                    message: format!(
                        "{} {}: {error}",
                        stage_name(stage),
                        python.executable.display()
                    ),
                }),
                _ => Ok(Attempt::Refused(RefusedLayer::Namespaces, reason)),
            };
        }
        Ok(Attempt::Launched(Box::new(Launched {
            process,
            control: File::from(control_write),
            events: File::from(events_read),
            diagnostics: File::from(diagnostics_read),
            containment: Containment {
                layers: Layers {
                    cgroups: cgroup_layer,
                    ..layers_for(refused, true)
                },
                pid_namespace,
                uid,
                warm: false,
                accounting: "approximate".into(),
            },
            judge_dir: places.judge_dir,
            warm_config,
            case_accounting: case_files.as_ref().map(case_accounting),
            pending_cgroup,
        })))
    }

    fn launch_in_process_group(
        python: &Python,
        workdir: &Path,
        reason: String,
    ) -> Result<Launched> {
        let root = is_root();
        let uid = sandbox_uid();
        if root {
            let mut visible = python.roots.clone();
            visible.push(python.executable.clone());
            if let Some(blocked) = visible.iter().find_map(|path| blocked_ancestor(path)) {
                return Err(Error::Sandbox {
                    message: format!(
                        "user namespaces are unavailable ({reason}) and the interpreter is under {}, which \
                         an unprivileged user cannot enter; pyjudge will not run candidate code as root. \
                         Enable user namespaces, or pass --python with an interpreter outside private folders",
                        blocked.display()
                    ),
                });
            }
            std::os::unix::fs::chown(workdir, Some(uid), Some(uid))
                .map_err(|error| Error::io("hand over", workdir, error))?;
        }
        let places = Places {
            judge_dir: workdir.to_path_buf(),
            work_dir: workdir.to_path_buf(),
        };
        let arguments = runner_arguments(python, &places);
        let mut command = std::process::Command::new(&arguments[0]);
        command
            .args(&arguments[1..])
            .env_clear()
            .envs(runner_environment(&places))
            .current_dir(workdir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        // SAFETY: the hook only makes async-signal-safe system calls.
        unsafe {
            command.pre_exec(move || {
                // std has put the pipes on 0, 1 and 2; everything above is inherited.
                close_inherited_fds(3);
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if root
                    && (libc::setgroups(0, std::ptr::null()) != 0
                        || libc::setresgid(uid, uid, uid) != 0
                        || libc::setresuid(uid, uid, uid) != 0)
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = command.spawn().map_err(|error| Error::Sandbox {
            message: format!("cannot start {}: {error}", python.executable.display()),
        })?;
        let take = |fd: Option<OwnedFd>| fd.map(File::from).expect("piped");
        let control = take(child.stdin.take().map(|pipe| pipe.into()));
        let events = take(child.stdout.take().map(|pipe| pipe.into()));
        let diagnostics = take(child.stderr.take().map(|pipe| pipe.into()));
        let pid = child.id() as i32;
        // The child is reaped through its pid from here on (dropping std's handle neither
        // kills nor waits).
        drop(child);
        let containment = Containment {
            layers: layers_for(
                &Refused {
                    namespaces: Some(reason),
                    ..Refused::default()
                },
                false,
            ),
            pid_namespace: None,
            uid,
            warm: false,
            accounting: "approximate".into(),
        };
        super::warn_once(&containment);
        Ok(Launched {
            process: RunnerProcess::new(pid, true),
            control,
            events,
            diagnostics,
            containment,
            judge_dir: places.judge_dir,
            warm_config: None,
            case_accounting: None,
            pending_cgroup: None,
        })
    }

    /// Remembers that control groups cannot be used here, so later sandboxes skip them.
    pub(super) fn refuse_cgroups(reason: String) {
        refuse(|state| state.cgroups = Some(reason));
    }

    pub(super) fn kill_only(pid: i32) {
        // SAFETY: kill on a child that is registered, so not yet reaped: the pid is ours.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    }

    pub(super) fn kill_and_reap(pid: i32, group: bool) {
        // SAFETY: kill and waitpid on a child of this process; the pid cannot be reused
        // before it is reaped here.
        unsafe {
            if group {
                libc::kill(-pid, libc::SIGKILL);
            }
            libc::kill(pid, libc::SIGKILL);
            let mut status = 0;
            while libc::waitpid(pid, &mut status, 0) < 0 {
                if *libc::__errno_location() != libc::EINTR {
                    break;
                }
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    //! Elsewhere: no sandbox yet. pyjudge builds, lists, shows and checks packages, and
    //! says clearly that it cannot contain a submission here.

    use std::path::Path;

    use super::Launched;
    use crate::error::{Error, Result};
    use crate::python::Python;

    pub(super) fn launch(
        _python: &Python,
        _workdir: &Path,
        _limits: &crate::spec::Limits,
    ) -> Result<Launched> {
        Err(Error::Sandbox {
            message: "pyjudge's sandbox needs Linux (user, pid, mount and network namespaces); \
                      it cannot contain a submission on this platform"
                .into(),
        })
    }

    pub(super) fn kill_and_reap(_pid: i32, _group: bool) {}

    pub(super) const VIEW_JUDGE_DIR: &str = "/judge";

    pub(super) fn launch_warm(
        _python: &Python,
        _home: &Path,
    ) -> Result<(Launched, serde_json::Value)> {
        Err(Error::Sandbox {
            message: "a warm runner needs Linux namespaces".into(),
        })
    }

    pub(super) fn kill_only(_pid: i32) {}

    pub(super) fn refuse_cgroups(_reason: String) {}

    pub(super) fn submission_pipes() -> Result<(File, File, File, File)> {
        Err(Error::Sandbox {
            message: "a warm runner needs Linux".into(),
        })
    }

    pub(super) fn send_record(
        _socket: &File,
        _message: &serde_json::Value,
        _fds: &[i32],
    ) -> std::io::Result<()> {
        Err(std::io::Error::other("a warm runner needs Linux"))
    }
}
