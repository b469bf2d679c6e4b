//! The runner processes alive, for cancellation: each is registered while it runs, and
//! `cancel_all` kills them all (Ctrl-C) and keeps new ones from starting.

use super::*;

/// Runners alive right now, so that an interrupted run can kill them all at once.
pub(super) static RUNNING: std::sync::Mutex<Vec<i32>> = std::sync::Mutex::new(Vec::new());

/// Set once a run is cancelled: no new sandbox starts after that.
pub(super) static CANCELLED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

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

pub(super) fn register(pid: i32) {
    RUNNING
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .push(pid);
}

pub(super) fn unregister(pid: i32) {
    RUNNING
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .retain(|running| *running != pid);
}

/// The process of a runner, killed with everything it started.
pub(super) struct RunnerProcess {
    pub(super) pid: i32,
    /// The sandbox's control groups, removed once the runner is reaped.
    pub(super) cgroup: Option<crate::sandbox::cgroup::SandboxCgroup>,
    /// True when the runner leads a process group instead of a pid namespace.
    pub(super) group: bool,
    pub(super) reaped: bool,
}

impl RunnerProcess {
    pub(super) fn new(pid: i32, group: bool) -> RunnerProcess {
        register(pid);
        RunnerProcess {
            pid,
            cgroup: None,
            group,
            reaped: false,
        }
    }

    pub(super) fn kill(&mut self) {
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
