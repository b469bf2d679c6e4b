//! A control group per sandbox: the memory of the whole process tree (tmpfs pages included)
//! and its process count, as an outer bound behind the runner's polling and the rlimits.
//!
//! pyjudge uses cgroup v1's memory and pids hierarchies, or cgroup v2, where it may create a
//! group below its own (as root, or with a delegated group). Anything short of that leaves
//! the layer off with the reason; nothing else depends on it.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

static SEQUENCE: AtomicU32 = AtomicU32::new(0);

/// The groups of one sandbox, removed when it ends.
#[derive(Debug)]
pub struct SandboxCgroup {
    groups: Vec<PathBuf>,
    oom_events: Option<PathBuf>,
}

/// The group pyjudge itself is in for `controller`, from /proc/self/cgroup.
fn own_group(controller: &str) -> Option<PathBuf> {
    let table = fs::read_to_string("/proc/self/cgroup").ok()?;
    for line in table.lines() {
        let mut fields = line.splitn(3, ':');
        let (_, controllers, path) = (fields.next()?, fields.next()?, fields.next()?);
        if controllers.split(',').any(|name| name == controller) {
            let mount = Path::new("/sys/fs/cgroup").join(controllers);
            let mount = if mount.is_dir() {
                mount
            } else {
                Path::new("/sys/fs/cgroup").join(controller)
            };
            return Some(mount.join(path.trim_start_matches('/')));
        }
    }
    None
}

fn write(path: &Path, value: &str) -> Result<(), String> {
    fs::write(path, value).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

impl SandboxCgroup {
    /// Creates the groups for the runner `pid` and moves it in, before it runs anything.
    pub fn create(pid: i32, memory_bytes: u64, processes: u64) -> Result<SandboxCgroup, String> {
        let name = format!(
            "pyjudge-{}-{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        );
        let mut group = SandboxCgroup {
            groups: Vec::new(),
            oom_events: None,
        };
        let unified = Path::new("/sys/fs/cgroup/cgroup.controllers").is_file();
        if unified {
            let table =
                fs::read_to_string("/proc/self/cgroup").map_err(|error| error.to_string())?;
            let own = table
                .lines()
                .find_map(|line| line.strip_prefix("0::"))
                .ok_or("no cgroup v2 entry in /proc/self/cgroup")?;
            let dir = Path::new("/sys/fs/cgroup")
                .join(own.trim_start_matches('/'))
                .join(&name);
            fs::create_dir(&dir)
                .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
            group.groups.push(dir.clone());
            write(&dir.join("memory.max"), &memory_bytes.to_string())?;
            write(&dir.join("memory.swap.max"), "0").ok();
            write(&dir.join("pids.max"), &processes.to_string())?;
            write(&dir.join("cgroup.procs"), &pid.to_string())?;
            group.oom_events = Some(dir.join("memory.events"));
            return Ok(group);
        }
        // Every group is made and limited first; the runner moves in last, so a failure
        // never leaves a group that still holds a process.
        let memory = own_group("memory")
            .ok_or("no memory cgroup hierarchy")?
            .join(&name);
        let pids = own_group("pids")
            .ok_or("no pids cgroup hierarchy")?
            .join(&name);
        fs::create_dir(&memory)
            .map_err(|error| format!("cannot create {}: {error}", memory.display()))?;
        group.groups.push(memory.clone());
        write(
            &memory.join("memory.limit_in_bytes"),
            &memory_bytes.to_string(),
        )?;
        if memory.join("memory.memsw.limit_in_bytes").exists() {
            write(
                &memory.join("memory.memsw.limit_in_bytes"),
                &memory_bytes.to_string(),
            )
            .ok();
        }
        fs::create_dir(&pids)
            .map_err(|error| format!("cannot create {}: {error}", pids.display()))?;
        group.groups.push(pids.clone());
        write(&pids.join("pids.max"), &processes.to_string())?;
        write(&memory.join("cgroup.procs"), &pid.to_string())?;
        write(&pids.join("cgroup.procs"), &pid.to_string())?;
        group.oom_events = Some(memory.join("memory.oom_control"));
        Ok(group)
    }

    /// How many processes the kernel has killed for memory in this group so far.
    pub fn oom_kills(&self) -> u64 {
        let Some(path) = &self.oom_events else {
            return 0;
        };
        fs::read_to_string(path)
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|line| line.strip_prefix("oom_kill "))
                    .and_then(|count| count.trim().parse().ok())
            })
            .unwrap_or(0)
    }

    /// Removes the groups; their processes are gone by now.
    pub fn remove(&mut self) {
        for dir in self.groups.drain(..).rev() {
            let _ = fs::remove_dir(&dir);
        }
    }
}

impl Drop for SandboxCgroup {
    fn drop(&mut self) {
        self.remove();
    }
}
