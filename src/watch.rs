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

/// Set for a `submit` child whose run is not recorded in the history.
pub const NO_HISTORY: &str = "PYJUDGE_WATCH_SAMPLES_STAGE";

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
    /// stdout, then stderr.
    text: String,
    stdout: String,
    stderr: String,
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
        file_names: vec![file_name],
        folder,
        saved: Default::default(),
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
                    options.terminal,
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
            options.terminal,
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

/// The saves of the watched files, from the events of their folder.
struct Saves {
    events: Receiver<notify::Result<notify::Event>>,
    file_names: Vec<OsString>,
    folder: PathBuf,
    /// The files seen saved and not yet taken (`take_saved`).
    saved: std::cell::RefCell<std::collections::BTreeSet<OsString>>,
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
        if !relevant {
            return false;
        }
        let mut any = false;
        for path in &event.paths {
            let Some(name) = path.file_name() else {
                continue;
            };
            if self.file_names.iter().any(|watched| watched == name)
                && path
                    .parent()
                    .is_none_or(|parent| same_folder(parent, &self.folder))
            {
                self.saved.borrow_mut().insert(name.to_os_string());
                any = true;
            }
        }
        any
    }

    /// The files saved since the last call, by name.
    fn take_saved(&self) -> Vec<OsString> {
        std::mem::take(&mut *self.saved.borrow_mut())
            .into_iter()
            .collect()
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
    let mut command = pyjudge(&options.forwarded, options.colour)?;
    command.arg("submit");
    if samples_only {
        // Every save runs the samples: only the full run is an attempt for the history.
        command.arg("--samples-only").env(NO_HISTORY, "1");
    }
    command.arg(&options.challenge).arg(&options.solution);
    run_child(command, saves, true)
}

/// This pyjudge executable with the global flags `forwarded`, its output piped.
fn pyjudge(forwarded: &[OsString], colour: bool) -> Result<Command> {
    let executable = std::env::current_exe()
        .map_err(|error| Error::io("find", "the pyjudge executable", error))?;
    let mut command = Command::new(&executable);
    command
        .args(forwarded)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if colour {
        command.env("CLICOLOR_FORCE", "1");
    } else {
        command.env("NO_COLOR", "1");
    }
    Ok(command)
}

/// Runs `command` to its end and returns its output; Err when Ctrl-C stopped it, or, with
/// `interruptible`, a save (which then has settled).
fn run_child(
    mut command: Command,
    saves: &Saves,
    interruptible: bool,
) -> Result<std::result::Result<Stage, Interrupt>> {
    let mut child = command
        .spawn()
        .map_err(|error| Error::io("start", "pyjudge submit", error))?;
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
            Some(Interrupt::Saved) if interruptible => {
                stop(&mut child);
                // The save that stopped it may be the first of several writes.
                return Ok(Err(saves.settle()));
            }
            Some(Interrupt::Cancelled) => {
                stop(&mut child);
                return Ok(Err(Interrupt::Cancelled));
            }
            _ => continue,
        }
    };
    // The samples-only hint says to run the hidden cases: watch runs them itself.
    let stdout: String = stdout
        .join()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.ends_with(crate::report::SAMPLES_ONLY_HINT))
        .map(|line| format!("{line}\n"))
        .collect();
    let stderr = stderr.join().unwrap_or_default();
    let mut text = stdout.clone();
    if !stderr.is_empty() {
        text.push_str(&stderr);
    }
    Ok(Ok(Stage {
        code: status.code().unwrap_or(2),
        text,
        stdout,
        stderr,
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
        draw(true, screen);
    }
}

/// Shows `screen`: the whole terminal redrawn, or without a terminal printed below the last.
fn draw(terminal: bool, screen: &str) {
    let mut stdout = std::io::stdout().lock();
    let text = if terminal {
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

/// What `interview watch` needs: the workspace and its challenges, each judged from
/// `<slug>.py` in the workspace when saved.
pub struct InterviewWatchOptions {
    pub workspace: PathBuf,
    /// The interview's title line (set and id).
    pub title: String,
    pub challenges: Vec<String>,
    /// When the interview closes (seconds since the epoch).
    pub closes_at: i64,
    /// The global flags passed on to each `submit`.
    pub forwarded: Vec<OsString>,
    pub terminal: bool,
}

/// A challenge's latest judgement in the interview.
#[derive(Default, Clone)]
struct Latest {
    verdict: String,
    score: String,
    attempts: usize,
    message: String,
}

/// Watches an interview's workspace until Ctrl-C: each `<slug>.py` saved is submitted (and
/// so recorded against the interview, late after the clock), and one screen shows the
/// clock and every challenge's latest verdict. Returns 0.
pub fn interview_watch(options: &InterviewWatchOptions) -> Result<i32> {
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender)
        .map_err(|error| watch_error(&options.workspace, error))?;
    watcher
        .watch(&options.workspace, RecursiveMode::NonRecursive)
        .map_err(|error| watch_error(&options.workspace, error))?;
    let saves = Saves {
        events,
        file_names: options
            .challenges
            .iter()
            .map(|slug| OsString::from(format!("{slug}.py")))
            .collect(),
        folder: options.workspace.clone(),
        saved: Default::default(),
    };
    let mut latest: std::collections::BTreeMap<String, Latest> = options
        .challenges
        .iter()
        .map(|slug| (slug.clone(), Latest::default()))
        .collect();
    let mut last_line = String::from("save a challenge's file to judge it");
    let mut shown_clock = None;
    loop {
        let clock = clock_line(options.closes_at)?;
        if shown_clock.as_ref() != Some(&clock) {
            draw_interview(options, &clock, &latest, &last_line);
            shown_clock = Some(clock);
        }
        // One second at most between redraws of the clock on a terminal; a log gets a
        // screen per judgement only.
        let wait = if options.terminal {
            Duration::from_secs(1)
        } else {
            Duration::from_secs(3600)
        };
        match saves.poll(wait) {
            Some(Interrupt::Cancelled) => return Ok(0),
            Some(Interrupt::Saved) => {
                if let Interrupt::Cancelled = saves.settle() {
                    return Ok(0);
                }
            }
            None => continue,
        }
        let mut queue = saves.take_saved();
        while let Some(name) = queue.pop() {
            let name = name.to_string_lossy().into_owned();
            let Some(slug) = name.strip_suffix(".py").map(str::to_string) else {
                continue;
            };
            let clock = clock_line(options.closes_at)?;
            draw_interview(options, &clock, &latest, &format!("judging {slug}..."));
            let mut command = pyjudge(&options.forwarded, false)?;
            command
                .current_dir(&options.workspace)
                .args(["submit", "--format", "json"])
                .arg(&slug)
                .arg(&name);
            let stage = match run_child(command, &saves, false)? {
                Ok(stage) => stage,
                Err(_) => return Ok(0),
            };
            let entry = latest.entry(slug.clone()).or_default();
            entry.attempts += 1;
            match serde_json::from_str::<serde_json::Value>(&stage.stdout) {
                Ok(report) => {
                    entry.verdict = report["verdict"].as_str().unwrap_or("?").to_string();
                    entry.score = format!(
                        "{}/{}",
                        report["score"].as_u64().unwrap_or(0),
                        report["max_score"].as_u64().unwrap_or(0)
                    );
                    entry.message = report["cases"]
                        .as_array()
                        .and_then(|cases| {
                            cases.iter().find(|case| {
                                case["verdict"] != "AC" && case["verdict"] != "skipped"
                            })
                        })
                        .map(|case| {
                            format!(
                                "{}/{}: {}",
                                case["group"].as_str().unwrap_or_default(),
                                case["name"].as_str().unwrap_or_default(),
                                case["message"].as_str().unwrap_or_default()
                            )
                        })
                        .or_else(|| report["message"].as_str().map(str::to_string))
                        .unwrap_or_default();
                }
                Err(_) => {
                    entry.verdict = "error".into();
                    entry.score = "-".into();
                    entry.message = stage.stderr.lines().next().unwrap_or_default().to_string();
                }
            }
            // What the submission says of the interview (recorded, late) is its last line.
            last_line = format!(
                "{slug}: {}",
                stage
                    .stderr
                    .lines()
                    .find(|line| line.starts_with("interview "))
                    .unwrap_or("judged")
            );
            queue.extend(saves.take_saved());
            queue.dedup();
            shown_clock = None;
        }
    }
}

/// "1h 02m 03s left", or that the time is up.
fn clock_line(closes_at: i64) -> Result<String> {
    let now = crate::clock::now()?;
    let left = closes_at - now.epoch_seconds;
    Ok(if left > 0 {
        format!("{} left", crate::clock::duration(left))
    } else {
        "time is up: submissions are judged, recorded as late and not counted".into()
    })
}

fn draw_interview(
    options: &InterviewWatchOptions,
    clock: &str,
    latest: &std::collections::BTreeMap<String, Latest>,
    last_line: &str,
) {
    let mut screen = format!("{RUN_MARK}: {}\n{clock}\n\n", options.title);
    let width = options
        .challenges
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(9)
        .max(9);
    screen.push_str(&format!(
        "  {:<width$}  {:<7}  {:>7}  {:>8}  FIRST FAILING CASE\n",
        "CHALLENGE", "VERDICT", "SCORE", "ATTEMPTS"
    ));
    for slug in &options.challenges {
        let entry = latest.get(slug).cloned().unwrap_or_default();
        let message = crate::report::escape_line(&crate::text::truncate(&entry.message, 90));
        screen.push_str(&format!(
            "  {:<width$}  {:<7}  {:>7}  {:>8}  {}\n",
            slug,
            if entry.verdict.is_empty() {
                "-"
            } else {
                &entry.verdict
            },
            if entry.score.is_empty() {
                "-"
            } else {
                &entry.score
            },
            entry.attempts,
            message
        ));
    }
    screen.push_str(&format!(
        "\n{}\nsave <challenge>.py in {} to judge it; Ctrl-C to stop\n",
        crate::report::escape_line(last_line),
        options.workspace.display()
    ));
    draw(options.terminal, &screen);
}
