//! Running a challenge author's trusted scripts (checkers, output validators, generators)
//! outside the sandbox: started, fed, read and timed out in one way here. Kattis validators
//! (input and output) and interactors also run here under rlimits through a small wrapper
//! (as an unprivileged uid with the package read-only when pyjudge is root), C and C++ ones
//! compiled once into the cache; the Kattis output validator's protocol is here too. What a script's
//! exit status and output mean is its caller's (`judge`, `kattis`, `generate`); the
//! candidate's code never comes here, it goes to `sandbox`.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use crate::package::kattis::{self, ValidatorProgram};
use crate::python::Python;
use sha2::Digest as _;

/// How much of each output stream is kept by default; the rest is read and dropped.
const DEFAULT_OUTPUT_CAP: usize = 16 << 20;

/// One run of an author's script: `interpreter -I script args...` in a working folder.
#[derive(Debug, Clone)]
pub struct Script {
    interpreter: PathBuf,
    script: PathBuf,
    args: Vec<OsString>,
    working_dir: Option<PathBuf>,
    stdin: Option<Vec<u8>>,
    timeout: Duration,
    output_cap: usize,
    /// The unprivileged uid a Kattis validator run by root drops to (its folders are
    /// handed to it).
    owner: Option<u32>,
    /// The folder handed over for its files (its TMPDIR).
    temp_dir: Option<PathBuf>,
}

/// A script that ran to its end, whatever its exit status.
#[derive(Debug)]
pub struct Finished {
    /// How the script ended.
    pub status: ExitStatus,
    /// What it wrote on stdout, up to the output cap.
    pub stdout: Vec<u8>,
    /// What it wrote on stderr, up to the output cap.
    pub stderr: Vec<u8>,
}

/// Why a script gave no usable result.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    /// The script or the interpreter could not be started.
    #[error("cannot start {}: {source}", path.display())]
    NotStarted {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The script ran past its timeout; it and its process group were killed and reaped.
    #[error("{} ran longer than {} s", path.display(), timeout.as_secs())]
    TimedOut { path: PathBuf, timeout: Duration },
    /// The script ended with a status its caller does not accept.
    #[error("{} exited with {status}: {stderr}", path.display())]
    Exited {
        path: PathBuf,
        status: ExitStatus,
        /// The end of what it wrote on stderr.
        stderr: String,
    },
    /// The run was cancelled (Ctrl-C) before the script started or while it ran.
    #[error("the run was cancelled")]
    Cancelled,
}

impl Script {
    /// `interpreter -I script`, with no arguments, no input and a 30 s timeout.
    pub fn new(interpreter: &Path, script: &Path) -> Script {
        Script {
            interpreter: interpreter.to_path_buf(),
            script: script.to_path_buf(),
            args: Vec::new(),
            working_dir: None,
            stdin: None,
            timeout: Duration::from_secs(30),
            output_cap: DEFAULT_OUTPUT_CAP,
            owner: None,
            temp_dir: None,
        }
    }

    /// Adds an argument after the script's path.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Script {
        self.args.push(arg.into());
        self
    }

    /// Adds arguments after the script's path.
    pub fn args<I: IntoIterator<Item = A>, A: Into<OsString>>(mut self, args: I) -> Script {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// The folder the script runs in (pyjudge's own by default).
    pub fn current_dir(mut self, dir: &Path) -> Script {
        self.working_dir = Some(dir.to_path_buf());
        self
    }

    /// Bytes fed on the script's stdin (none, an empty stdin, by default).
    pub fn stdin(mut self, bytes: Vec<u8>) -> Script {
        self.stdin = Some(bytes);
        self
    }

    /// How long the script may run before it is killed.
    pub fn timeout(mut self, timeout: Duration) -> Script {
        self.timeout = timeout;
        self
    }

    /// How many bytes of each of stdout and stderr are kept.
    pub fn output_cap(mut self, bytes: usize) -> Script {
        self.output_cap = bytes;
        self
    }

    /// Hands `folder` (a feedback folder, a scratch folder) to the script for its files: its
    /// TMPDIR, owned by the unprivileged user it runs as where it drops to one, so that it
    /// can write there and nowhere in the package.
    pub fn hand_over(mut self, folder: &Path) -> Result<Script, String> {
        if let Some(uid) = self.owner {
            std::os::unix::fs::chown(folder, Some(uid), Some(uid)).map_err(|error| {
                format!("cannot hand {} to uid {uid}: {error}", folder.display())
            })?;
        }
        self.temp_dir = Some(absolute(folder));
        Ok(self)
    }

    /// The process this script is, for a caller that connects its stdin and stdout itself
    /// and bounds its time itself (a Kattis interactor): `interpreter -I script args`, in
    /// its folder, in a process group of its own.
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.interpreter);
        command
            .arg("-I")
            .arg(&self.script)
            .args(&self.args)
            .process_group(0);
        if let Some(dir) = &self.working_dir {
            command.current_dir(dir);
        }
        if let Some(dir) = &self.temp_dir {
            command.env("TMPDIR", dir);
        }
        command
    }

    /// Runs the script to its end or its timeout. Stdout and stderr are read while it
    /// runs, so a script that writes a lot never blocks on a full pipe.
    pub fn run(self) -> Result<Finished, ScriptError> {
        let started = Instant::now();
        let not_started = |source| ScriptError::NotStarted {
            path: self.script.clone(),
            source,
        };
        // Python would start and then complain on stderr; a missing script is said plainly.
        std::fs::metadata(&self.script).map_err(not_started)?;
        let mut command = Command::new(&self.interpreter);
        command
            .arg("-I")
            .arg(&self.script)
            .args(&self.args)
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group, so a timeout kills whatever the script started too.
            .process_group(0);
        if let Some(dir) = &self.working_dir {
            command.current_dir(dir);
        }
        if let Some(dir) = &self.temp_dir {
            command.env("TMPDIR", dir);
        }
        if crate::cancel::cancelled() {
            return Err(ScriptError::Cancelled);
        }
        let mut child = command.spawn().map_err(not_started)?;
        // Ctrl-C reaches the terminal's process group, not the script's: cancellation
        // kills the script's group the way a timeout does.
        let _registration =
            crate::cancel::register(child.id() as i32, |group| kill_group_of(group as u32));
        let writer = match (child.stdin.take(), self.stdin.clone()) {
            // A script that exits without reading its input is not an error of the writer's.
            (Some(mut pipe), Some(bytes)) => Some(std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            })),
            _ => None,
        };
        let (done, finished_reading) = mpsc::channel();
        let stdout = child
            .stdout
            .take()
            .map(|pipe| read_capped(pipe, self.output_cap, done.clone()));
        let stderr = child
            .stderr
            .take()
            .map(|pipe| read_capped(pipe, self.output_cap, done));
        let timed_out = || ScriptError::TimedOut {
            path: self.script.clone(),
            timeout: self.timeout,
        };
        let status = match child.wait_timeout(self.timeout) {
            Ok(Some(_)) if crate::cancel::cancelled() => {
                kill_group(&mut child);
                return Err(ScriptError::Cancelled);
            }
            Ok(Some(status)) => status,
            Ok(None) | Err(_) => {
                kill_group(&mut child);
                return Err(timed_out());
            }
        };
        // Both pipes close when every process holding them has ended. One the script left
        // behind holding them past the deadline is killed with its group.
        for _ in 0..2 {
            let remaining = self.timeout.saturating_sub(started.elapsed());
            if finished_reading.recv_timeout(remaining).is_err() {
                kill_group_of(child.id());
                return Err(timed_out());
            }
        }
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        let collect = |reader: Option<JoinHandle<Vec<u8>>>| {
            reader
                .and_then(|reader| reader.join().ok())
                .unwrap_or_default()
        };
        Ok(Finished {
            status,
            stdout: collect(stdout),
            stderr: collect(stderr),
        })
    }
}

impl Finished {
    /// The finished script when it exited with status 0, else [`ScriptError::Exited`]
    /// with the last lines of its stderr.
    pub fn succeeded(self, script: &Path) -> Result<Finished, ScriptError> {
        if self.status.success() {
            return Ok(self);
        }
        Err(ScriptError::Exited {
            path: script.to_path_buf(),
            status: self.status,
            stderr: last_lines(&String::from_utf8_lossy(&self.stderr), 5),
        })
    }
}

/// The last `count` lines of `text`: where a Python traceback says what went wrong.
pub fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// Reads a pipe to its end on a thread, keeping the first `cap` bytes, and says so on
/// `done` when the pipe is closed.
fn read_capped(
    mut pipe: impl Read + Send + 'static,
    cap: usize,
    done: mpsc::Sender<()>,
) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buffer = [0u8; 8192];
        loop {
            match pipe.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => {
                    let room = cap.saturating_sub(kept.len());
                    kept.extend_from_slice(&buffer[..read.min(room)]);
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let _ = done.send(());
        kept
    })
}

/// Kills the script's process group and reaps the script. The group is killed before the
/// reaping, while the script's pid (the group's id) cannot yet be reused.
fn kill_group(child: &mut Child) {
    kill_group_of(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

/// Kills the process group `group` (a script's, led by its first process).
pub fn kill_group_of(group: u32) {
    if let Ok(group) = libc::pid_t::try_from(group) {
        // SAFETY: kill(2) with a negative pid signals a process group; it touches no memory.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    }
}

/// How long a validator may take by the wall clock, beyond its CPU limit.
pub const VALIDATOR_WALL_SLACK: Duration = Duration::from_secs(10);

/// Runs a Kattis validator with rlimits (CPU, address space, file size, no core) and, where
/// the kernel allows it, in a network namespace of its own: validators are the author's,
/// but they parse bytes the candidate controls. Run by root, it also drops to an
/// unprivileged uid in a mount namespace of its own where the package is read-only and
/// only the paths the validator needs are reachable (see `unprivileged` below).
const VALIDATOR_WRAPPER: &str = r#""""pyjudge: runs a Kattis package's validator with limits and without network.

argv: CPU_SECONDS MEMORY_BYTES UID PACKAGE (python|exec) PROGRAM [ARGS...]. An input
validator reads the test input on stdin, an output validator the submission's output;
either exits 42 (accepts) or 43 (rejects). The validator's exit status is this process's.
UID is "-" to run as the caller (not root); else, run as root, the wrapper enters a mount
and a network namespace of their own, makes PACKAGE read-only, makes reachable the paths
the validator needs where a private folder (/root, a 0700 temporary folder) is in the way,
and drops to UID (and the same gid, no supplementary groups, no new privileges).
Every process the validator starts ends with it, whether it stays in the process group
or not (setsid): the validator runs in a pid namespace of its own where the kernel allows
one (its init, a small reaper, ends the namespace when the validator ends), and else
under this process as a child subreaper, which kills what the validator left behind.
"""

import ctypes
import os
import resource
import runpy
import signal
import stat
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
CLONE_NEWNS = 0x00020000
CLONE_NEWPID = 0x20000000
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_NO_NEW_PRIVS = 38
# The wrapper's own failure to contain the validator: neither 42 nor 43, so the judge's.
CANNOT_CONTAIN = 125

libc = ctypes.CDLL(None, use_errno=True)


def limit(unprivileged: bool) -> None:
    cpu_seconds, memory_bytes = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 24, 1 << 24))
    if unprivileged:
        # The uid is this run's own, so the count is the validator's processes alone.
        resource.setrlimit(resource.RLIMIT_NPROC, (64, 64))


def without_network() -> bool:
    """A network namespace of its own, and a pid namespace for the validator's processes,
    where the kernel allows them (best effort). True when the pid namespace was made."""
    base = 0 if os.geteuid() == 0 else CLONE_NEWUSER
    try:
        if libc.unshare(base | CLONE_NEWNET | CLONE_NEWPID) == 0:
            return True
        if libc.unshare(base | CLONE_NEWPID) == 0:
            libc.unshare(CLONE_NEWNET)
            return True
        libc.unshare(base | CLONE_NEWNET)
    except (OSError, AttributeError):
        pass
    return False


def quiet_standard_streams() -> None:
    """The keepers hold no end of the validator's stdin or stdout: the other end of an
    interaction sees them close when the validator ends, not when its keepers do."""
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)


def exit_as(status: int) -> None:
    """Ends this process as a child that ended with wait status `status` did."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.waitstatus_to_exitcode(status))


def children_of(parent: int) -> set:
    """The pids of `parent`'s children: from /proc/PID/task/*/children, or where the kernel
    has no such file, from every process's parent in /proc/*/stat."""
    try:
        children = set()
        for task in os.listdir(f"/proc/{parent}/task"):
            with open(f"/proc/{parent}/task/{task}/children") as listing:
                children.update(int(pid) for pid in listing.read().split())
        return children
    except OSError:
        pass
    children = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat_file:
                # The parent's pid is the second field after the command's closing ")".
                fields = stat_file.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            children.add(int(entry))
    return children


def kill_descendants() -> None:
    """As a child subreaper: kills and reaps every process left below this one (each
    orphan comes back here, so this ends when none is left)."""
    while True:
        for pid in children_of(os.getpid()):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def contain(in_pid_namespace: bool) -> None:
    """Returns in the process that runs the validator; the processes above it wait for
    it, end what it left, and exit as it did."""
    if in_pid_namespace:
        # The first child is the namespace's init: when it ends, the kernel kills every
        # process left in the namespace. It ends with the validator (its only child), or
        # with this process (a timeout kills this one first).
        status_read, status_write = os.pipe()
        init = os.fork()
        if init == 0:
            os.close(status_read)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            validator = os.fork()
            if validator == 0:
                os.close(status_write)
                return
            quiet_standard_streams()
            while True:
                try:
                    pid, status = os.waitpid(-1, 0)
                except ChildProcessError:
                    os._exit(CANNOT_CONTAIN)
                if pid == validator:
                    os.write(status_write, status.to_bytes(4, "little"))
                    os._exit(0)
        os.close(status_write)
        quiet_standard_streams()
        os.waitpid(init, 0)
        reported = os.read(status_read, 4)
        exit_as(int.from_bytes(reported, "little") if len(reported) == 4 else CANNOT_CONTAIN << 8)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    validator = os.fork()
    if validator == 0:
        return
    quiet_standard_streams()
    _, status = os.waitpid(validator, 0)
    kill_descendants()
    exit_as(status)


def check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def mount(source, target: str, fstype, flags: int, data) -> None:
    encode = lambda text: None if text is None else os.fsencode(text)
    check(
        libc.mount(encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data)),
        f"mount {target}",
    )


def blocked_ancestor(path: str):
    """The outermost folder above `path` that others cannot enter, or None."""
    current = ""
    for part in path.strip("/").split("/")[:-1]:
        current += "/" + part
        try:
            mode = os.stat(current).st_mode
        except OSError:
            return None
        if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
            return current
    return None


def reachable(paths: list) -> None:
    """Makes each path reachable by an unprivileged user: a private folder above it is
    covered by a tmpfs that holds only the paths under it that the validator needs, whose
    folders can be entered and not listed."""
    hides = {}
    for path in paths:
        blocked = blocked_ancestor(path)
        if blocked is not None:
            hides.setdefault(blocked, set()).add(path)
    for blocked, inner in sorted(hides.items()):
        # A path under another needed one comes with it.
        kept = sorted(p for p in inner if not any(p != q and p.startswith(q + "/") for q in inner))
        # Held open across the cover: once the tmpfs is on, the paths are gone by name.
        held = [(p, os.open(p, os.O_PATH | os.O_CLOEXEC)) for p in kept]
        mount("tmpfs", blocked, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0711,size=64k,nr_inodes=1k")
        for path, fd in held:
            os.makedirs(os.path.dirname(path), mode=0o711, exist_ok=True)
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                os.makedirs(path, mode=0o711, exist_ok=True)
            else:
                open(path, "wb").close()
            mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC, None)
            os.close(fd)


def read_only(path: str) -> None:
    mount(path, path, None, MS_BIND | MS_REC, None)
    mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)


def unprivileged(uid: int, package: str, program: str, args: list) -> bool:
    """Root's validator as `uid`: its own mount and network namespaces, the package
    read-only, private folders covered but for what it needs, no way back to root. Where
    the kernel refuses a mount namespace (a container without CAP_SYS_ADMIN), the drop
    still happens, with the package's own permissions in place of the read-only mount,
    unless a path the validator needs is in a private folder: then it does not run. True
    when the validator gets a pid namespace of its own."""
    working_dir = os.getcwd()
    needed = {program, working_dir}
    if package != "-":
        needed.add(package)
    needed.update(arg for arg in args if os.path.isabs(arg) and os.path.exists(arg))
    # The folder handed to it for its files (pyjudge sets TMPDIR to it).
    if os.path.isabs(os.environ.get("TMPDIR", "")) and os.path.isdir(os.environ["TMPDIR"]):
        needed.add(os.environ["TMPDIR"])
    for prefix in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix):
        needed.add(os.path.realpath(prefix))
    needed.add(os.path.realpath(sys.executable))
    needed = sorted(os.path.realpath(p.rstrip("/") or "/") for p in needed)
    os.umask(0o066)
    if libc.unshare(CLONE_NEWNS | CLONE_NEWNET) == 0:
        pid_namespace = libc.unshare(CLONE_NEWPID) == 0
        mount(None, "/", None, MS_REC | MS_PRIVATE, None)
        reachable(needed)
        if package != "-":
            read_only(os.path.realpath(package))
    else:
        refused = os.strerror(ctypes.get_errno())
        pid_namespace = without_network()
        blocked = [(path, blocked_ancestor(path)) for path in needed if blocked_ancestor(path)]
        if blocked:
            path, folder = blocked[0]
            raise OSError(
                f"mount namespaces are unavailable ({refused}) and {path} is under {folder}, "
                "which an unprivileged user cannot enter; pyjudge will not run a validator as "
                "root (allow mount namespaces, or keep the interpreter, the cache, the package "
                "and TMPDIR outside private folders)"
            )
    check(libc.setgroups(0, None), "setgroups")
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no new privileges")
    # Entered again by name, through the new mounts (the old folder stays writable by
    # whoever could write it).
    os.chdir(working_dir)
    os.environ["HOME"] = "/nonexistent"
    return pid_namespace


def main() -> None:
    uid, package = sys.argv[3], sys.argv[4]
    mode, program, args = sys.argv[5], sys.argv[6], sys.argv[7:]
    limit(uid != "-")
    if uid == "-":
        pid_namespace = without_network()
    else:
        try:
            pid_namespace = unprivileged(int(uid), package, program, args)
        except OSError as error:
            print(f"pyjudge: cannot run the validator as an unprivileged user: {error}", file=sys.stderr)
            sys.exit(CANNOT_CONTAIN)
    contain(pid_namespace)
    if mode == "exec":
        os.execv(program, [program, *args])
    sys.argv = [program, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(program)))
    runpy.run_path(program, run_name="__main__")


if __name__ == "__main__":
    main()
"#;

/// The validator wrapper in the cache, written there once per content.
fn validator_wrapper(cache_dir: &Path) -> Result<PathBuf, String> {
    let digest = crate::digest::hex(&sha2::Sha256::digest(VALIDATOR_WRAPPER.as_bytes())[..8]);
    let path = cache_dir
        .join("kattis-validators")
        .join(format!("limit-{digest}.py"));
    if !path.is_file() {
        let folder = path.parent().unwrap_or(cache_dir);
        fs::create_dir_all(folder)
            .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
        crate::atomic::write(&path, VALIDATOR_WRAPPER.as_bytes())
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    Ok(path)
}

/// A C or C++ validator compiled once with the system compiler into the cache, keyed by its
/// sources and the compiler (path and `--version`). The message says what is missing.
pub fn compile_validator(
    sources: &[PathBuf],
    cplusplus: bool,
    cache_dir: &Path,
) -> std::result::Result<PathBuf, String> {
    let names: &[&str] = if cplusplus {
        &["g++", "c++", "clang++"]
    } else {
        &["cc", "gcc", "clang"]
    };
    let compiler = names
        .iter()
        .find_map(|name| find_on_path(name))
        .ok_or_else(|| {
            format!(
                "no {} compiler on PATH (looked for {}); install one (e.g. apt-get install {})",
                if cplusplus { "C++" } else { "C" },
                names.join(", "),
                if cplusplus { "g++" } else { "gcc" }
            )
        })?;
    let version = compiler_version(&compiler)?;
    let mut hasher = sha2::Sha256::new();
    hasher.update(b"kattis-validator-v1\0");
    hasher.update(compiler.to_string_lossy().as_bytes());
    hasher.update(b"\0");
    hasher.update(&version);
    for source in sources {
        hasher.update(source.file_name().unwrap_or_default().as_encoded_bytes());
        hasher.update(b"\0");
        hasher.update(
            fs::read(source)
                .map_err(|error| format!("cannot read {}: {error}", source.display()))?,
        );
        hasher.update(b"\0");
    }
    let key = crate::digest::hex(&hasher.finalize()[..12]);
    let folder = cache_dir.join("kattis-validators");
    let binary = folder.join(format!("validator-{key}"));
    if binary.is_file() {
        return Ok(binary);
    }
    // The workers of one check judge cases side by side, each asking for the same output
    // validator: one compiles it while the others wait, and then find it in the cache.
    static COMPILING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _compiling = COMPILING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if binary.is_file() {
        return Ok(binary);
    }
    fs::create_dir_all(&folder)
        .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    // Compiled beside its final name and renamed there: a concurrent check (another
    // process) never runs a half-written binary.
    let staging = folder.join(format!(".validator-{key}-{}", std::process::id()));
    let mut command = std::process::Command::new(&compiler);
    command.arg("-O2").arg("-o").arg(&staging);
    if cplusplus {
        command.arg("-std=gnu++17");
    }
    let compiled = command
        .args(sources.iter().map(|source| absolute(source)))
        .output()
        .map_err(|error| format!("cannot run {}: {error}", compiler.display()))?;
    if !compiled.status.success() {
        let _ = fs::remove_file(&staging);
        return Err(format!(
            "{} failed: {}",
            compiler.display(),
            last_lines(&String::from_utf8_lossy(&compiled.stderr), 5)
        ));
    }
    // Whatever the umask, the unprivileged uid a validator runs as (pyjudge as root) must
    // be able to run it.
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&staging, fs::Permissions::from_mode(0o755)).map_err(|error| {
            let _ = fs::remove_file(&staging);
            format!("cannot open up {}: {error}", staging.display())
        })?;
    }
    fs::rename(&staging, &binary).map_err(|error| {
        let _ = fs::remove_file(&staging);
        format!("cannot store {}: {error}", binary.display())
    })?;
    Ok(binary)
}

/// What `compiler --version` says, asked once per compiler and process: an output
/// validator is made ready on every case, and the question costs a process each time.
fn compiler_version(compiler: &Path) -> Result<Vec<u8>, String> {
    static VERSIONS: std::sync::OnceLock<std::sync::Mutex<HashMap<PathBuf, Vec<u8>>>> =
        std::sync::OnceLock::new();
    let versions = VERSIONS.get_or_init(Default::default);
    if let Some(version) = versions
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(compiler)
    {
        return Ok(version.clone());
    }
    let output = Command::new(compiler)
        .arg("--version")
        .output()
        .map_err(|error| format!("cannot run {}: {error}", compiler.display()))?;
    versions
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(compiler.to_path_buf(), output.stdout.clone());
    Ok(output.stdout)
}

/// `path` made absolute, for a process that runs in another folder.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|folder| folder.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// A Kattis validator (input or output) ready to run under the limits wrapper: its
/// mode (`python` or `exec`) and the program (the Python main file, or the binary a C or
/// C++ validator was compiled to, once, into the cache).
fn ready_validator(
    program: &ValidatorProgram,
    cache_dir: &Path,
) -> Result<(&'static str, PathBuf), String> {
    match program {
        ValidatorProgram::Python(path) => Ok(("python", absolute(path))),
        ValidatorProgram::Compiled { sources, cplusplus } => {
            compile_validator(sources, *cplusplus, cache_dir).map(|binary| ("exec", binary))
        }
    }
}

/// A Kattis validator of the package in `package` as a [`Script`] run through the limits
/// wrapper: CPU seconds and megabytes of address space as problem.yaml's `validation_time`
/// and `validation_memory` give them, a file size cap, no core, no network where the kernel
/// allows it, and a wall-clock timeout of the CPU limit and a slack. Run by root, it runs as
/// a fresh unprivileged uid with the package read-only (see the wrapper). The caller adds
/// the validator's own arguments, its stdin and its working folder, and hands it its
/// feedback folder ([`Script::hand_over`]).
pub fn limited_validator(
    program: &ValidatorProgram,
    package: &Path,
    python: &Python,
    cache_dir: &Path,
    cpu_seconds: u64,
    memory_mb: u64,
) -> Result<Script, String> {
    let wrapper = validator_wrapper(cache_dir)?;
    let (mode, program) = ready_validator(program, cache_dir)?;
    let owner = unprivileged_uid();
    let mut script = Script::new(&python.executable, &wrapper)
        .arg(cpu_seconds.to_string())
        .arg((memory_mb * 1024 * 1024).to_string())
        .arg(owner.map_or_else(|| "-".to_string(), |uid| uid.to_string()))
        .arg(absolute(package))
        .arg(mode)
        .arg(program)
        .output_cap(64 * 1024)
        .timeout(Duration::from_secs(cpu_seconds) + VALIDATOR_WALL_SLACK);
    script.owner = owner;
    Ok(script)
}

/// The uid a validator drops to: a fresh one of the sandbox's range when pyjudge runs as
/// root (on Linux), none otherwise (it runs as pyjudge's own user, as the README says).
fn unprivileged_uid() -> Option<u32> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            return Some(crate::sandbox::unprivileged_uid());
        }
    }
    None
}

/// What a Kattis output validator made of one output.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatorJudgement {
    /// True for exit code 42, false for 43.
    pub accepted: bool,
    /// The validator's `judgemessage.txt`, trimmed (empty when it wrote none).
    pub message: String,
    /// The number in its `score.txt`, where it wrote one (scoring problems).
    pub score: Option<f64>,
}

/// Runs the Kattis output validator at `program` (a Python file, or a C or C++ file or
/// folder of sources, compiled once into the cache) on one output, with the Kattis
/// protocol: `program input answer feedback_dir/ flags... < output`; exit code 42
/// accepts, 43 rejects; `judgemessage.txt` and `score.txt` read from the feedback folder.
/// It runs under the package's validation limits (see [`limited_validator`]). `Err` is the
/// validator's own failure: it did not compile, crashed or exited otherwise, wrote a score
/// that is not a number, or a score beside a rejection (as verifyproblem has it).
pub fn kattis_validator(
    program: &Path,
    flags: &[String],
    python: &Python,
    input: &Path,
    answer: &Path,
    output: &[u8],
) -> Result<ValidatorJudgement, String> {
    let package = program
        .ancestors()
        .find(|folder| folder.join("problem.yaml").is_file())
        .ok_or_else(|| format!("{} is in no Kattis package", program.display()))?;
    let (cpu_seconds, memory_mb) =
        kattis::validation_limits(package).map_err(|error| error.to_string())?;
    let validator = kattis::validator_program(program)
        .ok_or_else(|| format!("{} is no Python, C or C++ program", program.display()))?;
    let feedback = crate::sandbox::work_base()
        .map_err(|error| error.to_string())
        .and_then(|base| tempfile::tempdir_in(base).map_err(|error| error.to_string()))?;
    // The validator runs in its feedback folder, so every path it gets must be absolute;
    // the format wants the feedback folder with a separator at its end.
    let mut feedback_arg = feedback.path().as_os_str().to_os_string();
    feedback_arg.push("/");
    let finished = limited_validator(
        &validator,
        package,
        python,
        &crate::folders::cache_dir(),
        cpu_seconds,
        memory_mb,
    )?
    .hand_over(feedback.path())?
    .arg(absolute(input))
    .arg(absolute(answer))
    .arg(feedback_arg)
    .args(flags)
    .current_dir(feedback.path())
    .stdin(output.to_vec())
    .run()
    .map_err(|error| error.to_string())?;
    let message = fs::read_to_string(feedback.path().join("judgemessage.txt"))
        .unwrap_or_default()
        .trim()
        .to_string();
    let score = match fs::read_to_string(feedback.path().join("score.txt")) {
        Ok(text) => Some(text.trim().parse::<f64>().map_err(|_| {
            format!(
                "{} wrote score.txt {:?}, which is not a number",
                program.display(),
                crate::text::truncate(text.trim(), 40)
            )
        })?),
        Err(_) => None,
    };
    match finished.status.code() {
        Some(42) => Ok(ValidatorJudgement {
            accepted: true,
            message,
            score,
        }),
        Some(43) if score.is_some() => Err(format!(
            "{} wrote score.txt beside a rejection (exit code 43)",
            program.display()
        )),
        Some(43) => Ok(ValidatorJudgement {
            accepted: false,
            message,
            score: None,
        }),
        _ => Err(format!(
            "{} exited with {} (42 accepts, 43 rejects): {}",
            program.display(),
            finished.status,
            crate::text::truncate(String::from_utf8_lossy(&finished.stderr).trim(), 500)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_lines_keeps_the_end_of_a_traceback() {
        let text = "Traceback:\n  a\n  b\n  c\n  d\nValueError: bad\n\n";
        assert_eq!(last_lines(text, 2), "  d\nValueError: bad");
        assert_eq!(last_lines("one", 5), "one");
        assert_eq!(last_lines("", 5), "");
    }
}
