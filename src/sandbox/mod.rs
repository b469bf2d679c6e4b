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
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::python::Python;
use crate::spec::{Kind, Limits};

/// The runner's code, embedded so an installed binary needs no source tree.
pub const RUNNER_SOURCE: &str = include_str!("../../sandbox/runner.py");

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
    events: Events,
}

impl Pipes {
    fn open(control: File, events: File, line_cap: usize) -> Pipes {
        // Sends on a pipe never block: see `send`. (A warm runner's own channel is a socket
        // of records, sent whole by `send_record`, and stays blocking.)
        if control
            .metadata()
            .is_ok_and(|metadata| std::os::unix::fs::FileTypeExt::is_fifo(&metadata.file_type()))
        {
            set_nonblocking(&control);
        }
        Pipes {
            control,
            events: Events::new(events, line_cap),
        }
    }

    /// Sends one command, framed as its length in bytes (a fixed-width header line), then
    /// the line: the runner reads exactly one command and not the start of the next (see
    /// `Control`). While the control pipe is full, whatever the runner writes meanwhile is
    /// read into the event buffer: a runner that waits to write a large result before it
    /// reads the next large case must not wait for this write forever.
    fn send(&mut self, message: &Value) {
        let mut line = serde_json::to_vec(message).unwrap_or_default();
        line.push(b'\n');
        let mut framed = format!("{:0width$}\n", line.len(), width = FRAME_DIGITS).into_bytes();
        framed.extend_from_slice(&line);
        let mut rest = &framed[..];
        while !rest.is_empty() {
            match self.control.write(rest) {
                Ok(written) => rest = &rest[written..],
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                    if !self.events.fill_while_waiting_for(&self.control) {
                        // The runner went away or sent too much: the result wait says so.
                        return;
                    }
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                // A runner that died makes this a broken pipe; the result wait reports it.
                Err(_) => return,
            }
        }
    }
}

/// Digits of a command's length header (the runner reads exactly this many bytes and a
/// newline; `sandbox/runner.py` has the same number).
const FRAME_DIGITS: usize = 15;

fn set_nonblocking(file: &File) {
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this process owns; only O_NONBLOCK is added.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
    }
}

/// The reader of a runner's event pipe, on the caller's own thread: it waits with poll(2)
/// for the next line (no reader thread per channel, so an event wakes one thread, not two).
/// A line longer than `line_cap` bytes, one that is not JSON, or a channel that ends in the
/// middle of a line gives an `anomaly` event, after which the channel reads as closed: the
/// runner never writes any of these.
struct Events {
    pipe: File,
    line_cap: usize,
    buffer: Vec<u8>,
    /// Bytes of `buffer` already searched for a newline.
    scanned: usize,
    closed: bool,
}

impl Events {
    fn new(pipe: File, line_cap: usize) -> Events {
        Events {
            pipe,
            line_cap,
            buffer: Vec::new(),
            scanned: 0,
            closed: false,
        }
    }

    /// The next event, waiting at most `timeout`.
    fn recv_timeout(&mut self, timeout: Duration) -> std::result::Result<Value, RecvTimeoutError> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(offset) = self.buffer[self.scanned..].iter().position(|&b| b == b'\n') {
                let end = self.scanned + offset;
                let value = self.parse(end);
                self.buffer.drain(..=end);
                self.scanned = 0;
                return Ok(value);
            }
            self.scanned = self.buffer.len();
            if self.closed {
                return Err(RecvTimeoutError::Disconnected);
            }
            if self.buffer.len() > self.line_cap {
                return Ok(self.anomaly(format!(
                    "the runner sent a line of more than {} bytes",
                    self.line_cap
                )));
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            if !wait_readable(&self.pipe, remaining) {
                return Err(RecvTimeoutError::Timeout);
            }
            let mut chunk = [0u8; 1 << 16];
            match self.pipe.read(&mut chunk) {
                Ok(0) | Err(_) if self.buffer.is_empty() => {
                    self.closed = true;
                }
                Ok(0) | Err(_) => {
                    return Ok(self.anomaly(
                        "the runner's channel ended in the middle of a line".to_string(),
                    ));
                }
                Ok(read) => self.buffer.extend_from_slice(&chunk[..read]),
            }
        }
    }

    /// Waits until `control` can take more, reading the events that come meanwhile. False
    /// when there is no point in waiting: the channel ended, or more than a line's cap is
    /// waiting unread (an anomaly that the next read reports).
    fn fill_while_waiting_for(&mut self, control: &File) -> bool {
        if self.closed || self.buffer.len() > self.line_cap {
            return false;
        }
        let mut polls = [
            libc::pollfd {
                fd: control.as_raw_fd(),
                events: libc::POLLOUT,
                revents: 0,
            },
            libc::pollfd {
                fd: self.pipe.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: two valid pollfds for the duration of the call.
        let ready = unsafe { libc::poll(polls.as_mut_ptr(), 2, -1) };
        if ready < 0 {
            return std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted;
        }
        if polls[0].revents & (libc::POLLERR | libc::POLLHUP) != 0 {
            return false;
        }
        if polls[1].revents != 0 {
            let mut chunk = [0u8; 1 << 16];
            match self.pipe.read(&mut chunk) {
                Ok(0) | Err(_) => {
                    self.closed = true;
                    return false;
                }
                Ok(read) => self.buffer.extend_from_slice(&chunk[..read]),
            }
        }
        true
    }

    fn parse(&mut self, end: usize) -> Value {
        let line = &self.buffer[..end];
        match serde_json::from_slice::<Value>(line) {
            Ok(value) if value.get("event").and_then(Value::as_str) != Some("anomaly") => value,
            Ok(_) => self.anomaly("the runner sent an anomaly event".to_string()),
            Err(error) => {
                let start = String::from_utf8_lossy(&line[..line.len().min(200)]).into_owned();
                self.anomaly(format!(
                    "the runner sent an unreadable line ({error}): {start}"
                ))
            }
        }
    }

    /// An anomaly event; the channel reads as closed after it.
    fn anomaly(&mut self, message: String) -> Value {
        self.closed = true;
        self.buffer.clear();
        self.scanned = 0;
        json!({"event": "anomaly", "message": message})
    }
}

/// True when `pipe` has data or an end to read before `timeout` passes.
fn wait_readable(pipe: &File, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        // Rounded up, so that a wait never ends just before its deadline.
        let millis = remaining.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32;
        let mut poll = libc::pollfd {
            fd: pipe.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&mut poll, 1, millis) };
        if ready > 0 {
            return true;
        }
        if ready == 0 && remaining.is_zero() {
            return false;
        }
        if ready < 0 && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            // Read, which reports the failure as the channel's end.
            return true;
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
            crate::text::truncate(text, 2000)
        }
    }
}

/// The number of cores: how many sandboxes run at once by default.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
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
        let cores = cores();
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
                Ok(anomaly(self, crate::text::truncate(&message, 300)))
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
fn cgroup_bounds(limits: &Limits) -> crate::sandbox::cgroup::Bounds {
    let case_memory_bytes = limits.memory_kb * 1024 + work_bytes(limits) + (128 << 20);
    crate::sandbox::cgroup::Bounds {
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
        Option<std::thread::JoinHandle<std::result::Result<crate::sandbox::cgroup::SandboxCgroup, String>>>,
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
    cgroup: Option<crate::sandbox::cgroup::SandboxCgroup>,
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

pub mod cgroup;

#[cfg(target_os = "linux")]
#[path = "linux.rs"]
mod platform;

#[cfg(not(target_os = "linux"))]
#[path = "other.rs"]
mod platform;
