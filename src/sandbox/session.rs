//! A submission's session with its runner: the load check, cases sent ahead and their
//! results awaited, anomalies turned into results, and the end of the session.

use super::*;

/// Where a session's runner lives: its own process, or a warm runner lent to it (with the
/// channel made for this submission alone).
pub(super) enum Link<'w> {
    Own(Channel),
    Warm(&'w mut WarmRunner, Pipes),
}

/// A running sandbox: one runner (cold, or a submission of a warm runner), its working
/// directory and its channels.
pub struct Session<'w> {
    pub(super) link: Link<'w>,
    pub(super) workdir: WorkDir,
    pub(super) kind: Kind,
    pub(super) wall_cap: Duration,
    pub(super) broken: bool,
    /// The control group's OOM kills seen so far.
    pub(super) oom_kills: u64,
    /// Cases sent and not yet awaited, with the stdin file staged for each.
    pub(super) in_flight: std::collections::VecDeque<Option<PathBuf>>,
    /// Stdin files staged so far, to name each one apart.
    pub(super) staged: u64,
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
        if crate::cancel::cancelled() {
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
        if crate::cancel::cancelled() {
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

    pub(super) fn new(
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
    pub(super) fn runner(&mut self) -> &mut Channel {
        match &mut self.link {
            Link::Own(channel) => channel,
            Link::Warm(warm, _) => &mut warm.channel,
        }
    }

    /// This submission's commands and events.
    pub(super) fn pipes(&mut self) -> &mut Pipes {
        match &mut self.link {
            Link::Own(channel) => &mut channel.pipes,
            Link::Warm(_, pipes) => pipes,
        }
    }

    /// Waits for the runner's readiness and the submission's load check.
    pub(super) fn begin(mut self, first: Option<(&str, SandboxInput)>) -> Result<Started<'w>> {
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
        if crate::cancel::cancelled() {
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

    pub(super) fn send(&mut self, message: &Value) -> Result<()> {
        self.pipes().send(message);
        Ok(())
    }

    pub(super) fn receive(&mut self, timeout: Duration) -> Result<Option<Value>> {
        match self.pipes().events.recv_timeout(timeout) {
            Ok(event) => Ok(Some(event)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Ok(None),
        }
    }

    /// The next event, which must be `event_name`. Anything else (a line that is not JSON
    /// or too long, another event, the runner gone) is an anomaly: the runner is killed and
    /// the result says so, for the caller to judge the submission again on a fresh runner.
    pub(super) fn await_result(&mut self, event_name: &str) -> Result<RawResult> {
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

    pub(super) fn kill(&mut self) {
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
pub(super) fn work_bytes(limits: &Limits) -> u64 {
    limits.output_bytes * 2 + 64 * 1024 * 1024
}

/// The control groups' bounds for a sandbox with these limits: the memory limit plus
/// /work and room for /tmp, /dev/shm and the page cache for the case group, and the runner
/// besides for the whole sandbox.
pub(super) fn cgroup_bounds(limits: &Limits) -> crate::sandbox::cgroup::Bounds {
    let case_memory_bytes = limits.memory_kb * 1024 + work_bytes(limits) + (128 << 20);
    crate::sandbox::cgroup::Bounds {
        memory_bytes: case_memory_bytes + (128 << 20),
        case_memory_bytes,
        processes: limits.processes + 16,
    }
}

/// The runner's first message: what it runs and under which limits.
pub(super) fn session_config(setup: &SessionSetup, judge_dir: &Path) -> Value {
    let (harness, function) = match &setup.harness {
        HarnessSetup::Call(function) => ("call", Some(function.as_str())),
        HarnessSetup::Custom(_) => ("custom", None),
        HarnessSetup::Stdio => ("stdio", None),
        HarnessSetup::Predict => ("predict", None),
    };
    json!({
        "kind": setup.kind.as_str(),
        "judge_dir": judge_dir.display().to_string(),
        "harness": harness,
        "function": function,
        "site_packages": setup.python.site_packages.iter().map(|path| path.display().to_string()).collect::<Vec<_>>(),
        "rules": setup.rules,
        "warm_up": setup.warm_up,
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
