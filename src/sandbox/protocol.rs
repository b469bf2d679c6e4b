//! The runner's protocol on the supervisor's side: what a runner reports (`RunnerStatus`,
//! `RawResult`), the framed command pipe and the capped event pipe (`Pipes`, `Events`), and
//! a runner's process with its channels (`Channel`).

use super::*;

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

/// One submission's channel to its runner: framed commands in, events out, each event line
/// capped. A cold runner has one for its life; a warm runner makes one per submission,
/// handed to that submission alone, so nothing one submission's sandbox holds can write to
/// the next one's channel.
pub(super) struct Pipes {
    pub(super) control: File,
    pub(super) events: Events,
}

impl Pipes {
    pub(super) fn open(control: File, events: File, line_cap: usize) -> Pipes {
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
    pub(super) fn send(&mut self, message: &Value) {
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
pub(super) const FRAME_DIGITS: usize = 15;

pub(super) fn set_nonblocking(file: &File) {
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
pub(super) struct Events {
    pub(super) pipe: File,
    pub(super) line_cap: usize,
    pub(super) buffer: Vec<u8>,
    /// Bytes of `buffer` already searched for a newline.
    pub(super) scanned: usize,
    pub(super) closed: bool,
}

impl Events {
    pub(super) fn new(pipe: File, line_cap: usize) -> Events {
        Events {
            pipe,
            line_cap,
            buffer: Vec::new(),
            scanned: 0,
            closed: false,
        }
    }

    /// The next event, waiting at most `timeout`.
    pub(super) fn recv_timeout(
        &mut self,
        timeout: Duration,
    ) -> std::result::Result<Value, RecvTimeoutError> {
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
    pub(super) fn fill_while_waiting_for(&mut self, control: &File) -> bool {
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

    pub(super) fn parse(&mut self, end: usize) -> Value {
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
    pub(super) fn anomaly(&mut self, message: String) -> Value {
        self.closed = true;
        self.buffer.clear();
        self.scanned = 0;
        json!({"event": "anomaly", "message": message})
    }
}

/// True when `pipe` has data or an end to read before `timeout` passes.
pub(super) fn wait_readable(pipe: &File, timeout: Duration) -> bool {
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
pub(super) fn event_line_cap(limits: &Limits) -> usize {
    let observation = limits.output_bytes as usize + (1 << 20);
    observation.saturating_mul(8)
}

/// A runner's process and its channels: commands in, events and diagnostics out.
pub(super) struct Channel {
    pub(super) process: RunnerProcess,
    pub(super) pipes: Pipes,
    pub(super) diagnostics: Arc<Mutex<Vec<u8>>>,
}

impl Channel {
    /// Starts the readers of the runner's events and diagnostics.
    pub(super) fn open(
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
    pub(super) fn wait_for(&mut self, name: &str, timeout: Duration) -> Option<Value> {
        match self.pipes.events.recv_timeout(timeout) {
            Ok(event) if event.get("event").and_then(Value::as_str) == Some(name) => Some(event),
            _ => None,
        }
    }

    pub(super) fn diagnostics(&self) -> String {
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

pub(super) fn raw_result(event: Value) -> RawResult {
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
