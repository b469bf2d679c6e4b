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
    unified: bool,
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
    /// Creates and limits the groups of one sandbox, still empty.
    pub fn create(memory_bytes: u64, processes: u64) -> Result<SandboxCgroup, String> {
        let name = format!(
            "pyjudge-{}-{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        );
        let mut group = SandboxCgroup {
            groups: Vec::new(),
            oom_events: None,
            unified: Path::new("/sys/fs/cgroup/cgroup.controllers").is_file(),
        };
        if group.unified {
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
            group.oom_events = Some(dir.join("memory.events"));
        } else {
            for controller in ["memory", "pids"] {
                let dir = own_group(controller)
                    .ok_or_else(|| format!("no {controller} cgroup hierarchy"))?
                    .join(&name);
                fs::create_dir(&dir)
                    .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
                group.groups.push(dir);
            }
            group.oom_events = Some(group.groups[0].join("memory.oom_control"));
        }
        group.limit(memory_bytes, processes)?;
        Ok(group)
    }

    /// Sets the bounds of the groups (again, for a warm runner's next submission).
    pub fn limit(&self, memory_bytes: u64, processes: u64) -> Result<(), String> {
        if self.unified {
            let dir = &self.groups[0];
            write(&dir.join("memory.max"), &memory_bytes.to_string())?;
            write(&dir.join("memory.swap.max"), "0").ok();
            return write(&dir.join("pids.max"), &processes.to_string());
        }
        let (memory, pids) = (&self.groups[0], &self.groups[1]);
        // With swap accounting, memory+swap may never be below memory: raise it first
        // when growing, lower it last when shrinking.
        let memsw = memory.join("memory.memsw.limit_in_bytes");
        let has_memsw = memsw.exists();
        if has_memsw {
            write(&memsw, &memory_bytes.to_string()).ok();
        }
        write(
            &memory.join("memory.limit_in_bytes"),
            &memory_bytes.to_string(),
        )?;
        if has_memsw {
            write(&memsw, &memory_bytes.to_string()).ok();
        }
        write(&pids.join("pids.max"), &processes.to_string())
    }

    /// Files that a new process writes "0" into to join the groups itself, before it runs
    /// anything (cgroup v1's `tasks`). A single thread moving itself skips the global lock
    /// whose taking waits for an RCU grace period (15 ms or more), which moving another
    /// process by its pid costs. Empty on cgroup v2: there the runner is moved by pid.
    pub fn self_join_files(&self) -> Result<Vec<fs::File>, String> {
        if self.unified {
            return Ok(Vec::new());
        }
        self.groups
            .iter()
            .map(|dir| {
                let path = dir.join("tasks");
                fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(|error| format!("cannot open {}: {error}", path.display()))
            })
            .collect()
    }

    /// Moves the process `pid` in (cgroup v2, where [`Self::self_join_files`] is empty).
    pub fn add(&self, pid: i32) -> Result<(), String> {
        for dir in &self.groups {
            write(&dir.join("cgroup.procs"), &pid.to_string())?;
        }
        Ok(())
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
