//! `pyjudge watch`: judges a solution again each time it is saved, the samples first and the
//! other cases once every sample passes, redrawing the terminal.
//!
//! Each stage is a `pyjudge submit` child process, so a save in the middle of a stage stops
//! it at once (the child unwinds through its own cleanup on SIGTERM, as on Ctrl-C) and the
//! report is exactly `submit`'s. The folder holding the file is watched rather than the
//! file, so editors that save by writing a new file and renaming it over the old one are
//! seen too.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher};

use crate::error::{Error, Result};

/// How long the file must stay quiet after a change before it is judged: editors write a
/// file in several steps (truncate, write, rename), and one save must be judged once.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// How often a wait looks at the cancellation flag (Ctrl-C).
const TICK: Duration = Duration::from_millis(20);

/// The line that opens every redraw; without a terminal, each run starts with it, which is
/// what scripts (and the benchmark) wait for.
pub const RUN_MARK: &str = "pyjudge watch";

/// What `watch` needs beside the file.
pub struct WatchOptions {
    /// The challenge as the user named it (slug or package path), passed on to `submit`.
    pub challenge: String,
    /// The solution file as the user named it.
    pub solution: PathBuf,
    /// The global flags passed on to each `submit` (--python, --sandbox, --challenges).
    pub forwarded: Vec<OsString>,
    /// Whether stdout is a terminal: clear and redraw, else print each run below the last.
    pub terminal: bool,
    /// Colour in the children's reports.
    pub colour: bool,
}

/// What happened while a stage ran or while waiting.
enum Interrupt {
    /// The file was saved again.
    Saved,
    /// Ctrl-C or SIGTERM.
    Cancelled,
}

/// The output of a `submit` child that ran to its end.
struct Stage {
    code: i32,
    text: String,
}

/// Watches until Ctrl-C; returns the exit code of the last complete judgement (0 accepted,
/// 1 not accepted, 2 the judge could not judge it or nothing was judged yet).
pub fn watch(options: &WatchOptions) -> Result<i32> {
    let file_name = options
        .solution
        .file_name()
        .map(|name| name.to_os_string())
        .ok_or_else(|| Error::Usage {
            message: format!(
                "{} is not a file name\nhint: name the Python file to watch, e.g. solution.py",
                options.solution.display()
            ),
        })?;
    let folder = match options.solution.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (sender, events) = mpsc::channel();
    let mut watcher =
        notify::recommended_watcher(sender).map_err(|error| watch_error(&folder, error))?;
    watcher
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|error| watch_error(&folder, error))?;
    let saves = Saves {
        events,
        file_name,
        folder,
    };

    let mut last_code = 2;
    let mut judged: Option<Vec<u8>> = None;
    let mut runs = 0u32;
    loop {
        let content = match std::fs::read(&options.solution) {
            Ok(content) => content,
            Err(error) => {
                // Between an editor's remove and its rename, or deleted: wait for it.
                draw(
                    options,
                    &format!(
                        "{RUN_MARK}: cannot read {} ({error}); waiting for it to be saved\n",
                        options.solution.display()
                    ),
                );
                match saves.next_save() {
                    Interrupt::Saved => continue,
                    Interrupt::Cancelled => return Ok(last_code),
                }
            }
        };
        if judged.as_ref() == Some(&content) {
            // Saved without a change (or touched): nothing new to judge.
            match saves.next_save() {
                Interrupt::Saved => continue,
                Interrupt::Cancelled => return Ok(last_code),
            }
        }
        runs += 1;
        let started = Instant::now();
        let header = format!(
            "{RUN_MARK}: {} on {} (run {runs})\n\n",
            options.solution.display(),
            options.challenge
        );
        progress(options, &format!("{header}judging the samples...\n"));
        let samples = match run_stage(options, true, &saves)? {
            Ok(stage) => stage,
            Err(Interrupt::Saved) => continue,
            Err(Interrupt::Cancelled) => return Ok(last_code),
        };
        let samples_took = format!(
            "samples judged in {} ms after the save",
            started.elapsed().as_millis()
        );
        let mut screen = format!("{header}{}\n{samples_took}\n", samples.text);
        if samples.code == 0 {
            progress(options, &format!("{screen}\njudging every case...\n"));
            let all = match run_stage(options, false, &saves)? {
                Ok(stage) => stage,
                Err(Interrupt::Saved) => continue,
                Err(Interrupt::Cancelled) => return Ok(last_code),
            };
            screen = format!(
                "{header}{}\n{samples_took}, every case in {} ms\n",
                all.text,
                started.elapsed().as_millis()
            );
            last_code = all.code;
        } else {
            screen.push_str("the other cases run once every sample passes\n");
            last_code = samples.code;
        }
        judged = Some(content);
        draw(
            options,
            &format!(
                "{screen}\nwatching {} for saves; Ctrl-C to stop\n",
                options.solution.display()
            ),
        );
        match saves.next_save() {
            Interrupt::Saved => continue,
            Interrupt::Cancelled => return Ok(last_code),
        }
    }
}

/// The file's saves, from the events of its folder.
struct Saves {
    events: Receiver<notify::Result<notify::Event>>,
    file_name: OsString,
    folder: PathBuf,
}

impl Saves {
    /// Waits for the file to be saved and to stay quiet for [`DEBOUNCE`], or for Ctrl-C.
    fn next_save(&self) -> Interrupt {
        loop {
            match self.poll(TICK) {
                Some(Interrupt::Saved) => return self.settle(),
                Some(Interrupt::Cancelled) => return Interrupt::Cancelled,
                None => {}
            }
        }
    }

    /// After a save: waits until no further change comes for [`DEBOUNCE`].
    fn settle(&self) -> Interrupt {
        loop {
            match self.poll(DEBOUNCE) {
                Some(Interrupt::Saved) => continue,
                Some(Interrupt::Cancelled) => return Interrupt::Cancelled,
                None => return Interrupt::Saved,
            }
        }
    }

    /// Waits up to `timeout` for one event; Some when the file changed or the run was
    /// cancelled, None when nothing relevant happened.
    fn poll(&self, timeout: Duration) -> Option<Interrupt> {
        if crate::cancel::cancelled() {
            return Some(Interrupt::Cancelled);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left.min(TICK)) {
                Ok(Ok(event)) if self.is_save(&event) => return Some(Interrupt::Saved),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Some(Interrupt::Cancelled),
            }
            if crate::cancel::cancelled() {
                return Some(Interrupt::Cancelled);
            }
            if Instant::now() >= deadline {
                return None;
            }
        }
    }

    /// A change of the watched file's content or name; opening and reading it (which each
    /// `submit` does) is not one.
    fn is_save(&self, event: &notify::Event) -> bool {
        let relevant = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        };
        relevant
            && event.paths.iter().any(|path| {
                path.file_name() == Some(self.file_name.as_os_str())
                    && path
                        .parent()
                        .is_none_or(|parent| same_folder(parent, &self.folder))
            })
    }
}

fn same_folder(reported: &Path, watched: &Path) -> bool {
    reported == watched
        || match (reported.canonicalize(), watched.canonicalize()) {
            (Ok(reported), Ok(watched)) => reported == watched,
            _ => false,
        }
}

/// Runs `pyjudge submit` on the file (the samples only, or every case); Err when a save or
/// Ctrl-C stopped it first.
fn run_stage(
    options: &WatchOptions,
    samples_only: bool,
    saves: &Saves,
) -> Result<std::result::Result<Stage, Interrupt>> {
    let executable = std::env::current_exe()
        .map_err(|error| Error::io("find", "the pyjudge executable", error))?;
    let mut command = Command::new(&executable);
    command.args(&options.forwarded).arg("submit");
    if samples_only {
        command.arg("--samples-only");
    }
    command
        .arg(&options.challenge)
        .arg(&options.solution)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if options.colour {
        command.env("CLICOLOR_FORCE", "1");
    } else {
        command.env("NO_COLOR", "1");
    }
    let mut child = command
        .spawn()
        .map_err(|error| Error::io("start", executable.display().to_string(), error))?;
    // Registered, so that Ctrl-C stops it with everything else and this loop sees it.
    let _registration = crate::cancel::register(child.id() as i32, terminate);
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(error) => return Err(Error::io("wait for", "pyjudge submit", error)),
        }
        match saves.poll(Duration::from_millis(2)) {
            Some(Interrupt::Saved) => {
                stop(&mut child);
                // The save that stopped it may be the first of several writes.
                return Ok(Err(saves.settle()));
            }
            Some(Interrupt::Cancelled) => {
                stop(&mut child);
                return Ok(Err(Interrupt::Cancelled));
            }
            None => continue,
        }
    };
    // The samples-only hint says to run the hidden cases: watch runs them itself.
    let mut text: String = stdout
        .join()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.ends_with(crate::report::SAMPLES_ONLY_HINT))
        .map(|line| format!("{line}\n"))
        .collect();
    let errors = stderr.join().unwrap_or_default();
    if !errors.is_empty() {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&errors);
    }
    Ok(Ok(Stage {
        code: status.code().unwrap_or(2),
        text,
    }))
}

fn read_in_background<R: Read + Send + 'static>(
    stream: Option<R>,
) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut stream) = stream {
            let _ = stream.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Asks a `submit` child to stop (it unwinds through its own cleanup, as on Ctrl-C) and
/// reaps it; a child that does not stop within a second is killed.
fn stop(child: &mut Child) {
    terminate(child.id() as i32);
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
        }
    }
}

#[cfg(unix)]
fn terminate(pid: i32) {
    // SAFETY: kill(2) on the pid of our own child, which is not reaped before this returns.
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
}

#[cfg(not(unix))]
fn terminate(_pid: i32) {}

/// Shows a screen that a later one of the same run replaces: on a terminal only (a log
/// gets each run's last screen).
fn progress(options: &WatchOptions, screen: &str) {
    if options.terminal {
        draw(options, screen);
    }
}

/// Shows `screen`: the whole terminal redrawn, or without a terminal printed below the last.
fn draw(options: &WatchOptions, screen: &str) {
    let mut stdout = std::io::stdout().lock();
    let text = if options.terminal {
        // Home, clear the screen and the scrollback: each run replaces the last.
        format!("\x1b[H\x1b[2J\x1b[3J{screen}")
    } else {
        format!("{screen}\n")
    };
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn watch_error(folder: &Path, error: notify::Error) -> Error {
    Error::Usage {
        message: format!(
            "cannot watch {} for saves: {error}\nhint: on Linux, raise fs.inotify.max_user_watches or max_user_instances if they are exhausted",
            folder.display()
        ),
    }
}
