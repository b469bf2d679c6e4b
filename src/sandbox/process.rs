//! A runner's process: killed and reaped with everything it started, its control groups
//! removed, and registered for cancellation (`crate::cancel`) while it lives.

use super::*;

/// The process of a runner, killed with everything it started.
pub(super) struct RunnerProcess {
    pub(super) pid: i32,
    /// The sandbox's control groups, removed once the runner is reaped.
    pub(super) cgroup: Option<crate::sandbox::cgroup::SandboxCgroup>,
    /// True when the runner leads a process group instead of a pid namespace.
    pub(super) group: bool,
    pub(super) reaped: bool,
    /// Cancellation kills it while it lives.
    registration: Option<crate::cancel::Registration>,
}

impl RunnerProcess {
    pub(super) fn new(pid: i32, group: bool) -> RunnerProcess {
        RunnerProcess {
            pid,
            cgroup: None,
            group,
            reaped: false,
            registration: Some(crate::cancel::register(pid, platform::kill_only)),
        }
    }

    pub(super) fn kill(&mut self) {
        if self.reaped {
            return;
        }
        platform::kill_and_reap(self.pid, self.group);
        self.registration = None;
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
