//! Warm runners: one prepared interpreter per worker that forks a fresh sandbox for each
//! submission, and the pool `grade` and `check` take them from.

use super::*;

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
pub(super) const WARM_EVENT_LINE_CAP: usize = 4096;

/// Set once a warm runner could not contain a submission: later ones start cold.
pub(super) static WARM_REFUSED: Mutex<Option<String>> = Mutex::new(None);

/// What a warm runner of a framework challenge's environment imports once, at its start,
/// so that no submission forked from it pays the framework's import again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preload {
    /// `module` or `module:name,name` (see `environment::preload_modules`).
    pub modules: Vec<String>,
    /// An accepted reference run once in a discarded child, whose imports the warm runner
    /// then makes (see `environment::warm_up_source`).
    pub warm_up: Option<String>,
    /// The package's harness, loaded once by the warm runner (the framework's set-up, the
    /// package's models and data) for every submission of that package forked from it.
    pub harness: Option<String>,
}

/// A warm runner: an interpreter started once, contained like a runner, that forks every
/// submission into fresh user, mount, pid, network, ipc and uts namespaces with a fresh
/// filesystem view (see `serve` in sandbox/runner.py). Python's start and the runner's
/// set-up are paid once per warm runner instead of once per submission.
pub struct WarmRunner {
    pub(super) channel: Channel,
    /// The case group's descriptors, which every submission's runner inherits.
    pub(super) case_accounting: Option<Value>,
    /// The folder bound at /judge: one subfolder per submission, removed after it.
    pub(super) home: WorkDir,
    pub(super) containment: Containment,
    pub(super) python: Python,
    /// The environment's modules it imported once at its start (see `preload` in
    /// sandbox/runner.py), so that no submission pays the framework's import again.
    pub(super) preloaded: Preload,
    pub(super) submissions: u64,
    pub(super) broken: bool,
    /// When the last submission was told to quit, the time by which the warm runner must
    /// say it has finished; awaited when the next submission starts, so that the
    /// teardown overlaps the supervisor's own work.
    pub(super) finishing: Option<Instant>,
}

impl WarmRunner {
    /// Starts a warm runner, or says why this machine gives none (then submissions start
    /// cold, each in a runner of its own). With `ahead`, it makes the next submission's
    /// sandbox while the current one runs: for a core that would be idle otherwise.
    /// `preload` names what of `python`'s environment to import once, before any
    /// submission (a framework challenge's; nothing for the standard library).
    pub fn start(
        python: &Python,
        ahead: bool,
        preload: &Preload,
    ) -> std::result::Result<WarmRunner, String> {
        if let Some(reason) = WARM_REFUSED
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
        {
            return Err(reason);
        }
        if crate::cancel::cancelled() {
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
        config["site_packages"] = json!(python
            .site_packages
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>());
        config["preload"] = json!(preload.modules);
        config["warm_up"] = json!(preload.warm_up);
        config["harness"] = json!(preload.harness);
        let mut channel = Channel::open(
            launched.process,
            launched.control,
            launched.events,
            launched.diagnostics,
            WARM_EVENT_LINE_CAP,
        );
        let sent = platform::send_record(&channel.pipes.control, &config, &[]);
        // A harness set up once here (a framework, a database filled) may take a while on
        // a loaded machine; the interpreter's own start never does.
        let patience = Duration::from_secs(if preload.harness.is_some() { 120 } else { 30 });
        if sent.is_err() || channel.wait_for("warm", patience).is_none() {
            let reason = format!("the warm runner did not start: {}", channel.diagnostics());
            // A package's harness that does not set up in time is that package's matter: its
            // submissions start cold, the machine's warm runners stay in use for the rest.
            if preload.harness.is_none() {
                refuse_warm(&reason);
            }
            return Err(reason);
        }
        Ok(WarmRunner {
            channel,
            case_accounting: launched.case_accounting.clone(),
            home,
            containment: launched.containment,
            python: python.clone(),
            preloaded: preload.clone(),
            submissions: 0,
            broken: false,
            finishing: None,
        })
    }

    /// True while it can take another submission.
    pub fn usable(&self) -> bool {
        !self.broken && !crate::cancel::cancelled()
    }

    /// Waits until the last submission has ended; one that does not end in time breaks
    /// the warm runner.
    pub(super) fn settle(&mut self) {
        if let Some(deadline) = self.finishing.take() {
            let timeout = deadline.saturating_duration_since(Instant::now());
            if self.channel.wait_for("finished", timeout).is_none() {
                self.broken = true;
                self.channel.process.kill();
            }
        }
    }
}

/// Warm runners shared by the workers of one run: each submission takes one of its
/// interpreter and environment (starting it if none is idle) and gives it back when done.
/// Dropping the pool ends them all.
pub struct WarmPool {
    pub(super) idle: Mutex<Vec<WarmRunner>>,
    pub(super) ahead: bool,
    /// The most idle runners kept: enough for every worker to keep one per environment of
    /// a run that mixes a few, bounded because each holds its framework in memory.
    pub(super) capacity: usize,
}

impl WarmPool {
    /// The pool for a run of `jobs` workers, unless PYJUDGE_RUNNER=cold turns warm
    /// runners off.
    pub fn for_run(jobs: usize) -> Option<WarmPool> {
        (runner_choice() != RunnerChoice::Cold).then(|| WarmPool::new(jobs))
    }

    /// A pool for `jobs` workers: with fewer workers than cores, each warm runner makes
    /// the next sandbox while a submission runs.
    pub fn new(jobs: usize) -> WarmPool {
        let cores = cores();
        WarmPool {
            idle: Mutex::new(Vec::new()),
            ahead: jobs < cores,
            capacity: jobs.max(1) * 4,
        }
    }

    /// An idle warm runner of `python` (with its environment), or a new one that imports
    /// `preload` once; None where this machine gives none.
    pub fn take(&self, python: &Python, preload: &Preload) -> Option<WarmRunner> {
        let idle = {
            let mut idle = self
                .idle
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            // The most recently given back first: its pages are the likeliest in cache.
            let found = idle.iter().rposition(|runner| {
                // A harness loaded is the package's state: never lent to another package.
                runner.python == *python
                    && runner.preloaded.harness == preload.harness
                    && preload
                        .modules
                        .iter()
                        .all(|module| runner.preloaded.modules.contains(module))
            });
            found.map(|index| idle.remove(index))
        };
        idle.or_else(|| WarmRunner::start(python, self.ahead, preload).ok())
    }

    /// Keeps `runner` for the next submission, if it can take one; past the pool's
    /// capacity the runner idle the longest is ended.
    pub fn give_back(&self, runner: WarmRunner) {
        if runner.usable() {
            let evicted = {
                let mut idle = self
                    .idle
                    .lock()
                    .unwrap_or_else(|poison| poison.into_inner());
                idle.push(runner);
                (idle.len() > self.capacity).then(|| idle.remove(0))
            };
            // Ended outside the lock: dropping a runner waits for its processes.
            drop(evicted);
        }
    }
}

pub(super) fn refuse_warm(reason: &str) {
    let mut refused = WARM_REFUSED
        .lock()
        .unwrap_or_else(|poison| poison.into_inner());
    refused.get_or_insert_with(|| reason.to_string());
}
