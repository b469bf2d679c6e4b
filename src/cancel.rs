//! One cancellation for the whole run (Ctrl-C, SIGTERM): a flag that every stage checks
//! before it starts something, and the processes alive (sandbox runners, authors' scripts),
//! each with the way to stop it, all stopped at once. Imports nothing of the crate.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Set once the run is cancelled: nothing new starts after that.
static CANCELLED: AtomicBool = AtomicBool::new(false);

/// A live process and the function that stops it (and what it started).
type Stoppable = (i32, fn(i32));

/// The processes alive now.
static RUNNING: Mutex<Vec<Stoppable>> = Mutex::new(Vec::new());

/// Stops every registered process (its owner reaps it) and refuses to start new ones. For
/// Ctrl-C: what was running ends within milliseconds and nothing is left behind.
pub fn cancel_all() {
    CANCELLED.store(true, Ordering::SeqCst);
    let running = RUNNING.lock().unwrap_or_else(|poison| poison.into_inner());
    for (pid, stop) in running.iter() {
        stop(*pid);
    }
}

/// True once [`cancel_all`] was called.
pub fn cancelled() -> bool {
    CANCELLED.load(Ordering::SeqCst)
}

/// A process registered for cancellation until this is dropped.
pub struct Registration {
    pid: i32,
}

/// Registers `pid`, which `stop` kills on cancellation. A process started after the run
/// was cancelled is stopped at once (its owner then reaps it and sees `cancelled`).
pub fn register(pid: i32, stop: fn(i32)) -> Registration {
    let mut running = RUNNING.lock().unwrap_or_else(|poison| poison.into_inner());
    running.push((pid, stop));
    if cancelled() {
        stop(pid);
    }
    Registration { pid }
}

impl Drop for Registration {
    fn drop(&mut self) {
        RUNNING
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .retain(|(running, _)| *running != self.pid);
    }
}
