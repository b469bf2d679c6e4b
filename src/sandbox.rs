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

/// What the runner reported for the load check or a case.
#[derive(Debug, Clone)]
pub struct RawResult {
    /// The runner's status word: ok, returned, raised, exited, tle, wall, mle, memory_error,
    /// ole, signaled, no_report, internal; or `supervisor_timeout` when this supervisor had
    /// to kill the sandbox.
    pub status: String,
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

/// Which containment this machine gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Containment {
    /// True when the runner is the init of its own user and pid namespaces.
    pub namespaces: bool,
    /// Why namespaces are not in use, when they are not.
    pub reason: Option<String>,
}

/// A running sandbox: one runner process, its working directory and its channels.
pub struct Session {
    process: RunnerProcess,
    control: File,
    events: Receiver<Value>,
    diagnostics: Arc<Mutex<Vec<u8>>>,
    workdir: WorkDir,
    kind: Kind,
    wall_cap: Duration,
    broken: bool,
    /// What the runner reported about its containment.
    pub containment: Containment,
}

/// The outcome of starting a session.
pub enum Started {
    /// The runner is up and the submission's load check passed.
    Loaded(Session),
    /// The load check failed: the submission does not load (or the judge broke).
    LoadFailed(RawResult),
    /// The harness could not be loaded: the judge's fault.
    HarnessFailed(String),
}

impl Session {
    /// Starts the runner, loads the harness and runs the submission's load check.
    pub fn start(setup: &SessionSetup) -> Result<Started> {
        if cancelled() {
            return Err(Error::Sandbox {
                message: "the run was cancelled".into(),
            });
        }
        let workdir = WorkDir::create(setup)?;
        let launched = launch(setup.python, &workdir)?;
        let (events_sender, events) = mpsc::channel();
        let events_pipe = launched.events;
        std::thread::spawn(move || {
            let reader = BufReader::with_capacity(1 << 16, events_pipe);
            for line in reader.split(b'\n') {
                let Ok(line) = line else { break };
                let value = serde_json::from_slice(&line)
                    .unwrap_or_else(|_| json!({"event": "garbled", "line": String::from_utf8_lossy(&line[..line.len().min(200)])}));
                if events_sender.send(value).is_err() {
                    break;
                }
            }
        });
        let diagnostics = Arc::new(Mutex::new(Vec::new()));
        let diagnostics_sink = Arc::clone(&diagnostics);
        let mut diagnostics_pipe = launched.diagnostics;
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(read) = diagnostics_pipe.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                let mut sink = diagnostics_sink
                    .lock()
                    .unwrap_or_else(|poison| poison.into_inner());
                if sink.len() < 64 * 1024 {
                    sink.extend_from_slice(&buffer[..read]);
                }
            }
        });
        let mut session = Session {
            process: launched.process,
            control: launched.control,
            events,
            diagnostics,
            workdir,
            kind: setup.kind,
            wall_cap: Duration::from_millis(setup.limits.wall_ms),
            broken: false,
            containment: launched.containment,
        };
        let (harness, function) = match &setup.harness {
            HarnessSetup::Call(function) => ("call", Some(function.as_str())),
            HarnessSetup::Custom(_) => ("custom", None),
            HarnessSetup::Stdio => ("stdio", None),
        };
        let config = json!({
            "kind": setup.kind.as_str(),
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
        });
        session.send(&config)?;
        let ready = session.receive(Duration::from_secs(30))?;
        match ready.as_ref().and_then(|event| event.get("error")) {
            Some(error) => {
                return Ok(Started::HarnessFailed(
                    error
                        .as_str()
                        .unwrap_or("the harness failed to load")
                        .to_string(),
                ))
            }
            None if ready.is_none() => {
                return Err(Error::Sandbox {
                    message: format!("the runner did not start: {}", session.diagnostics()),
                })
            }
            None => {}
        }
        let loaded = session.await_result("loaded")?;
        if loaded.status == "ok" {
            Ok(Started::Loaded(session))
        } else {
            Ok(Started::LoadFailed(loaded))
        }
    }

    /// Runs one case. A runner that dies or stops answering is killed and reported as a
    /// `supervisor_timeout` or `internal` result; the session is then broken.
    pub fn run_case(&mut self, id: &str, input: SandboxInput) -> Result<RawResult> {
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
                let relative = format!("in/{}.in", sanitize(id));
                let target = self.workdir.path.join(&relative);
                fs::copy(path, &target)
                    .map_err(|error| Error::io("copy case input", path, error))?;
                command["stdin"] = Value::String(relative);
                staged = Some(target);
            }
        }
        self.send(&command)?;
        let result = self.await_result("result");
        if let Some(staged) = staged {
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
        let mut line = serde_json::to_vec(message).map_err(|error| Error::Sandbox {
            message: error.to_string(),
        })?;
        line.push(b'\n');
        // A runner that died makes this a broken pipe; the result wait reports it.
        let _ = self.control.write_all(&line);
        Ok(())
    }

    fn receive(&mut self, timeout: Duration) -> Result<Option<Value>> {
        match self.events.recv_timeout(timeout) {
            Ok(event) => Ok(Some(event)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Ok(None),
        }
    }

    fn await_result(&mut self, event_name: &str) -> Result<RawResult> {
        let started = Instant::now();
        let deadline = started + self.wall_cap + SUPERVISOR_GRACE;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(remaining) {
                Ok(event) if event.get("event").and_then(Value::as_str) == Some(event_name) => {
                    return Ok(raw_result(event));
                }
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => {
                    self.kill();
                    return Ok(RawResult {
                        status: "supervisor_timeout".into(),
                        event: json!({}),
                        cpu_ms: 0.0,
                        wall_ms: started.elapsed().as_secs_f64() * 1000.0,
                        memory_kb: 0,
                    });
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.kill();
                    let message = format!("the runner ended unexpectedly: {}", self.diagnostics());
                    return Ok(RawResult {
                        status: "internal".into(),
                        event: json!({"message": message}),
                        cpu_ms: 0.0,
                        wall_ms: started.elapsed().as_secs_f64() * 1000.0,
                        memory_kb: 0,
                    });
                }
            }
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

    fn kill(&mut self) {
        self.broken = true;
        self.process.kill();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.send(&json!({"cmd": "quit"}));
        self.process.kill();
        self.workdir.remove();
    }
}

fn raw_result(event: Value) -> RawResult {
    RawResult {
        status: event
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("internal")
            .to_string(),
        cpu_ms: event.get("cpu_ms").and_then(Value::as_f64).unwrap_or(0.0),
        wall_ms: event.get("wall_ms").and_then(Value::as_f64).unwrap_or(0.0),
        memory_kb: event.get("memory_kb").and_then(Value::as_u64).unwrap_or(0),
        event,
    }
}

fn sanitize(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The sandbox's temporary working directory: only what the run needs.
struct WorkDir {
    path: PathBuf,
    removed: bool,
}

impl WorkDir {
    fn create(setup: &SessionSetup) -> Result<WorkDir> {
        let dir = tempfile::Builder::new()
            .prefix("pyjudge-")
            .tempdir()
            .map_err(|error| {
                Error::io("create a temporary folder in", std::env::temp_dir(), error)
            })?;
        let path = dir.keep();
        let workdir = WorkDir {
            path,
            removed: false,
        };
        let write = |name: &str, contents: &[u8]| {
            let target = workdir.path.join(name);
            fs::write(&target, contents).map_err(|error| Error::io("write", &target, error))
        };
        write("runner.py", RUNNER_SOURCE.as_bytes())?;
        write("solution.py", setup.source)?;
        if let HarnessSetup::Custom(source) = &setup.harness {
            write("harness.py", source.as_bytes())?;
        }
        let inputs = workdir.path.join("in");
        fs::create_dir(&inputs).map_err(|error| Error::io("create", &inputs, error))?;
        platform::prepare_workdir(&workdir.path)?;
        Ok(workdir)
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
}

fn launch(python: &Python, workdir: &WorkDir) -> Result<Launched> {
    platform::launch(python, &workdir.path)
}

fn runner_arguments(python: &Python) -> Vec<String> {
    vec![
        python.executable.display().to_string(),
        "-s".into(),
        "-S".into(),
        "-B".into(),
        "runner.py".into(),
    ]
}

/// The runner's whole environment. Isolated mode (-I) would also ignore PYTHONHASHSEED,
/// so the runner starts with -s -S -B and this cleared environment instead, which leaves
/// nothing for -E to ignore; the runner drops its own folder from sys.path itself.
fn runner_environment(workdir: &Path) -> Vec<(String, String)> {
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
    /// True when the runner leads a process group instead of a pid namespace.
    group: bool,
    reaped: bool,
}

impl RunnerProcess {
    fn new(pid: i32, group: bool) -> RunnerProcess {
        register(pid);
        RunnerProcess {
            pid,
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
    }
}

impl Drop for RunnerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Starts a runner on an empty submission to learn which containment this machine gives.
pub fn probe(python: &Python) -> Result<Containment> {
    let setup = SessionSetup {
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
    };
    match Session::start(&setup)? {
        Started::Loaded(session) => Ok(session.containment.clone()),
        Started::LoadFailed(raw) => Err(Error::Sandbox {
            message: format!("the sandbox probe did not load: {}", raw.status),
        }),
        Started::HarnessFailed(message) => Err(Error::Sandbox { message }),
    }
}

/// Reports the containment this machine gives, by starting nothing: used by `doctor`-like
/// output and the warning printed once.
pub fn warn_once(containment: &Containment) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    if let Some(reason) = &containment.reason {
        WARNED.call_once(|| {
            eprintln!(
                "pyjudge: warning: user namespaces are unavailable ({reason}); submissions run in a \
                 process group, so a detached (setsid) process may outlive its run"
            );
        });
    }
}

#[cfg(target_os = "linux")]
mod platform {
    //! Linux: clone(2) into new namespaces, with a process-group fallback.

    use std::ffi::{CString, OsStr};
    use std::fs::File;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::OnceLock;

    use super::{runner_arguments, runner_environment, Containment, Launched, RunnerProcess};
    use crate::error::{Error, Result};
    use crate::python::Python;

    /// Inside the namespace the candidate is this uid and gid, never 0.
    const INSIDE_ID: u32 = 1000;
    /// Root maps a fresh uid per sandbox from this range, so no two sandboxes share one.
    const SANDBOX_UID_BASE: u32 = 1_500_000_000;
    /// The child keeps the folders it binds back on descriptors from this number up.
    const FIRST_BIND_FD: libc::c_int = 200;

    static SEQUENCE: AtomicU32 = AtomicU32::new(0);
    static NAMESPACES_REFUSED: OnceLock<String> = OnceLock::new();

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

    thread_local! {
        static NEXT_UID: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
    }

    /// Gives the working directory to the uid the candidate will run as.
    pub(super) fn prepare_workdir(path: &Path) -> Result<()> {
        let uid = sandbox_uid();
        NEXT_UID.with(|cell| cell.set(Some(uid)));
        if is_root() {
            std::os::unix::fs::chown(path, Some(uid), Some(uid))
                .map_err(|error| Error::io("hand over", path, error))?;
        }
        Ok(())
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

    /// A folder that hides a private directory and the paths bound back into it.
    struct Hide {
        tmpfs: CString,
        mkdirs: Vec<CString>,
        /// (path to open, the fd number to put it on, /proc/self/fd/N, mount target)
        binds: Vec<(CString, libc::c_int, CString, CString)>,
    }

    /// Everything the cloned child needs, prepared before clone so that the child
    /// allocates nothing (another thread may hold the allocator's lock at clone time).
    struct ChildPlan {
        executable: CString,
        argv: Vec<*const libc::c_char>,
        envp: Vec<*const libc::c_char>,
        workdir: CString,
        hides: Vec<Hide>,
        uid: u32,
        set_groups: bool,
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

    const STAGE_SYNC: u8 = 1;
    const STAGE_MOUNT: u8 = 2;
    const STAGE_IDS: u8 = 3;
    const STAGE_CHDIR: u8 = 4;
    const STAGE_FDS: u8 = 5;
    const STAGE_EXEC: u8 = 6;
    const STAGE_TMPFS: u8 = 7;
    const STAGE_BIND: u8 = 8;

    fn stage_name(stage: u8) -> &'static str {
        match stage {
            STAGE_SYNC => "waiting for the id maps",
            STAGE_MOUNT => "setting up mounts",
            STAGE_IDS => "dropping to the sandbox user",
            STAGE_CHDIR => "entering the working folder",
            STAGE_FDS => "setting up descriptors",
            STAGE_EXEC => "starting the interpreter",
            STAGE_TMPFS => "hiding a private folder behind a tmpfs",
            STAGE_BIND => "binding the interpreter into the sandbox",
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
    /// Runs in the cloned child: only system calls, no allocation, no locks.
    unsafe fn child_setup(plan: &ChildPlan) -> libc::c_int {
        // SAFETY: every pointer passed below comes from a CString or array owned by `plan`.
        unsafe {
            let mut byte = 0u8;
            if libc::read(plan.sync_read, (&mut byte as *mut u8).cast(), 1) != 1 {
                child_fail(plan, STAGE_SYNC);
            }
            let root = c"/";
            if libc::mount(
                std::ptr::null(),
                root.as_ptr(),
                std::ptr::null(),
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            ) != 0
            {
                child_fail(plan, STAGE_MOUNT);
            }
            // A bind source must belong to this mount namespace, so the folders are opened
            // here, after clone (the owner of a private home may enter it without any
            // capability), before the tmpfs hides them.
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
            // Inodes on a tmpfs mounted in this namespace can only be created by an id
            // mapped in it, and root's is not: build the hiding tmpfs as the sandbox user
            // (capabilities for mount stay), then make it read-only.
            if !plan.hides.is_empty() {
                libc::syscall(libc::SYS_setfsgid, INSIDE_ID);
                libc::syscall(libc::SYS_setfsuid, INSIDE_ID);
            }
            for hide in &plan.hides {
                let options = c"mode=0755,size=1m,uid=1000,gid=1000";
                if libc::mount(
                    c"tmpfs".as_ptr(),
                    hide.tmpfs.as_ptr(),
                    c"tmpfs".as_ptr(),
                    libc::MS_NOSUID | libc::MS_NODEV,
                    options.as_ptr().cast(),
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
                    // Read-only is defence in depth (the files belong to another user
                    // anyway); a kernel that refuses the remount still gets a working run.
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
            // A /proc of the new pid namespace lets the runner see exactly the sandbox's
            // processes; where the kernel refuses it the runner measures less while a case
            // runs and says so.
            libc::mount(
                c"proc".as_ptr(),
                c"/proc".as_ptr(),
                c"proc".as_ptr(),
                libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
                std::ptr::null(),
            );
            // Raw system calls, not glibc's wrappers: in a multi-threaded parent glibc makes
            // every thread change its ids together, and this cloned child, which has only
            // one thread but a copy of the parent's thread list, would wait for the others
            // forever. (setfsuid above is a raw call for the same reason.)
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
            let _ = plan.uid;
            libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
            if libc::chdir(plan.workdir.as_ptr()) != 0 {
                child_fail(plan, STAGE_CHDIR);
            }
            move_to_standard_fds(plan);
            let no_core = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &no_core);
            libc::execve(
                plan.executable.as_ptr(),
                plan.argv.as_ptr(),
                plan.envp.as_ptr(),
            );
            child_fail(plan, STAGE_EXEC);
        }
    }

    /// Puts the control, events and diagnostics pipes on fds 0, 1 and 2. They go through
    /// high numbers first so that one already sitting on 0, 1 or 2 is not overwritten.
    ///
    /// # Safety
    /// Async-signal-safe calls only.
    unsafe fn move_to_standard_fds(plan: &ChildPlan) {
        // SAFETY: fcntl and dup2 on descriptors the plan owns.
        unsafe {
            let sources = [plan.control_read, plan.events_write, plan.diagnostics_write];
            let mut high = [0; 3];
            for (index, fd) in sources.iter().enumerate() {
                high[index] = libc::fcntl(*fd, libc::F_DUPFD_CLOEXEC, 64);
                if high[index] < 0 {
                    child_fail(plan, STAGE_FDS);
                }
            }
            for (target, fd) in high.iter().enumerate() {
                if libc::dup2(*fd, target as libc::c_int) < 0 {
                    child_fail(plan, STAGE_FDS);
                }
            }
        }
    }

    fn write_file(path: &str, contents: &str) -> std::io::Result<()> {
        std::fs::write(path, contents)
    }

    pub(super) fn launch(python: &Python, workdir: &Path) -> Result<Launched> {
        if std::env::var_os("PYJUDGE_DISABLE_NAMESPACES")
            .is_some_and(|value| !value.is_empty() && value != "0")
        {
            let _ = NAMESPACES_REFUSED.set("disabled by PYJUDGE_DISABLE_NAMESPACES".into());
        }
        if NAMESPACES_REFUSED.get().is_none() {
            match launch_in_namespaces(python, workdir)? {
                Ok(launched) => return Ok(launched),
                Err(reason) => {
                    let _ = NAMESPACES_REFUSED.set(reason);
                }
            }
        }
        let reason = NAMESPACES_REFUSED.get().cloned().unwrap_or_default();
        launch_in_process_group(python, workdir, reason)
    }

    /// Ok(Err(reason)) when this kernel refuses the namespaces; Err when something else broke.
    fn launch_in_namespaces(
        python: &Python,
        workdir: &Path,
    ) -> Result<std::result::Result<Launched, String>> {
        let uid = NEXT_UID.with(|cell| cell.get()).unwrap_or_else(sandbox_uid);
        let root = is_root();
        let mut visible: Vec<PathBuf> = python.roots.clone();
        visible.push(workdir.to_path_buf());
        let hides = if root {
            hides_for(&visible)?
        } else {
            Vec::new()
        };
        let arguments = runner_arguments(python);
        let argv_strings: Vec<CString> = arguments.iter().map(cstring).collect::<Result<_>>()?;
        let env_strings: Vec<CString> = runner_environment(workdir)
            .iter()
            .map(|(key, value)| cstring(format!("{key}={value}")))
            .collect::<Result<_>>()?;
        let (sync_read, sync_write) = pipe()?;
        let (control_read, control_write) = pipe()?;
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
            workdir: cstring(workdir)?,
            hides,
            uid,
            set_groups: root,
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
            return Ok(Err(format!(
                "clone with new user and pid namespaces failed: {error}"
            )));
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
            write_file(
                &format!("/proc/{pid}/uid_map"),
                &format!("{INSIDE_ID} {uid} 1\n"),
            )
            .and_then(|()| {
                write_file(
                    &format!("/proc/{pid}/gid_map"),
                    &format!("{INSIDE_ID} {uid} 1\n"),
                )
            })
        } else {
            // SAFETY: getuid and getgid have no preconditions.
            let (own_uid, own_gid) = unsafe { (libc::getuid(), libc::getgid()) };
            write_file(&format!("/proc/{pid}/setgroups"), "deny")
                .and_then(|()| {
                    write_file(
                        &format!("/proc/{pid}/uid_map"),
                        &format!("{INSIDE_ID} {own_uid} 1\n"),
                    )
                })
                .and_then(|()| {
                    write_file(
                        &format!("/proc/{pid}/gid_map"),
                        &format!("{INSIDE_ID} {own_gid} 1\n"),
                    )
                })
        };
        if let Err(error) = maps {
            process.kill();
            return Ok(Err(format!(
                "writing the user namespace's id maps failed: {error}"
            )));
        }
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
            let stage = stage_name(report[0]);
            if report[0] == STAGE_EXEC {
                return Err(Error::Sandbox {
                    message: format!("{stage} {}: {error}", python.executable.display()),
                });
            }
            return Ok(Err(format!("{stage} failed: {error}")));
        }
        Ok(Ok(Launched {
            process,
            control: File::from(control_write),
            events: File::from(events_read),
            diagnostics: File::from(diagnostics_read),
            containment: Containment {
                namespaces: true,
                reason: None,
            },
        }))
    }

    fn launch_in_process_group(
        python: &Python,
        workdir: &Path,
        reason: String,
    ) -> Result<Launched> {
        let root = is_root();
        let uid = NEXT_UID.with(|cell| cell.get()).unwrap_or_else(sandbox_uid);
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
        }
        let arguments = runner_arguments(python);
        let mut command = std::process::Command::new(&arguments[0]);
        command
            .args(&arguments[1..])
            .env_clear()
            .envs(runner_environment(workdir))
            .current_dir(workdir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        // SAFETY: the hook only makes async-signal-safe system calls.
        unsafe {
            command.pre_exec(move || {
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
        super::warn_once(&Containment {
            namespaces: false,
            reason: Some(reason.clone()),
        });
        Ok(Launched {
            process: RunnerProcess::new(pid, true),
            control,
            events,
            diagnostics,
            containment: Containment {
                namespaces: false,
                reason: Some(reason),
            },
        })
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
    //! Elsewhere: no namespaces, a process group only. Nothing guarantees that a detached
    //! process of the candidate dies with its run.

    use std::path::Path;

    use super::Launched;
    use crate::error::{Error, Result};
    use crate::python::Python;

    pub(super) fn prepare_workdir(_path: &Path) -> Result<()> {
        Ok(())
    }

    pub(super) fn launch(_python: &Python, _workdir: &Path) -> Result<Launched> {
        Err(Error::Sandbox {
            message: "pyjudge's sandbox needs Linux (user and pid namespaces); this platform is not supported yet".into(),
        })
    }

    pub(super) fn kill_and_reap(_pid: i32, _group: bool) {}

    pub(super) fn kill_only(_pid: i32) {}
}
