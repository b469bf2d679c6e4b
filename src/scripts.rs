//! Running a challenge author's trusted scripts (checkers, output validators, generators)
//! outside the sandbox: started, fed, read and timed out in one way here. What a script's
//! exit status and output mean is its caller's (`judge`, `kattis`, `generate`); the
//! candidate's code never comes here, it goes to `sandbox`.

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

use crate::python::Python;

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

fn kill_group_of(group: u32) {
    if let Ok(group) = libc::pid_t::try_from(group) {
        // SAFETY: kill(2) with a negative pid signals a process group; it touches no memory.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    }
}

/// How long a Kattis output validator may run on one case.
const VALIDATOR_TIMEOUT: Duration = Duration::from_secs(60);

/// The outcome of a Kattis output validator: Ok(None) accepts, Ok(Some(message)) rejects.
pub fn kattis_validator(
    program: &Path,
    flags: &[String],
    python: &Python,
    input: &Path,
    answer: &Path,
    output: &[u8],
) -> std::result::Result<Option<String>, String> {
    let feedback = tempfile::tempdir().map_err(|error| error.to_string())?;
    // The validator runs in its feedback folder, so every path it gets must be absolute.
    let absolute = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let (program, input, answer) = (absolute(program), absolute(input), absolute(answer));
    let finished = Script::new(&python.executable, &program)
        .arg(&input)
        .arg(&answer)
        .arg(feedback.path())
        .args(flags)
        .current_dir(feedback.path())
        .stdin(output.to_vec())
        .timeout(VALIDATOR_TIMEOUT)
        .run()
        .map_err(|error| error.to_string())?;
    let (status, errors) = (finished.status, finished.stderr);
    let message = fs::read_to_string(feedback.path().join("judgemessage.txt")).unwrap_or_default();
    match status.code() {
        Some(42) => Ok(None),
        Some(43) => Ok(Some(message.trim().to_string())),
        _ => Err(format!(
            "{} exited with {status} (42 accepts, 43 rejects): {}",
            program.display(),
            crate::text::truncate(String::from_utf8_lossy(&errors).trim(), 500)
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
