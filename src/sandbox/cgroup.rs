//! A control group per sandbox: the memory of the whole process tree (tmpfs pages included)
//! and its process count, as an outer bound behind the runner's polling and the rlimits;
//! and inside it a case group that holds only the processes of the case that runs, which
//! accounts their CPU time and memory exactly once (processes the kernel reaped, orphans
//! and pages shared copy-on-write included) and holds them to one core.
//!
//! pyjudge uses cgroup v1's memory, pids, cpu and cpuacct hierarchies, or cgroup v2, where it
//! may create a group below its own (as root, or with a delegated group). Anything short of
//! that leaves the layer off with the reason, and the runner measures by polling instead.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

static SEQUENCE: AtomicU32 = AtomicU32::new(0);

/// The groups of one sandbox, removed when it ends.
#[derive(Debug)]
pub struct SandboxCgroup {
    /// Every group made, parents before children (removed in reverse).
    groups: Vec<PathBuf>,
    oom_events: Option<PathBuf>,
    unified: bool,
    /// cgroup v2: the leaf the runner is moved into (a group with children holds none).
    runner_leaf: Option<PathBuf>,
    /// cgroup v1: the `tasks` files of the groups the sandbox's first process joins.
    self_join: Vec<PathBuf>,
    case: Box<CaseGroup>,
}

/// Where a case's processes are accounted: the case group of each hierarchy.
#[derive(Debug, Default)]
struct CaseGroup {
    /// The files a process writes "0" into to join the case group (v1 `tasks`, v2
    /// `cgroup.procs`).
    join: Vec<PathBuf>,
    /// CPU time: v1 `cpuacct.usage` (ns), v2 `cpu.stat` (`usage_usec`).
    cpu: PathBuf,
    /// Memory now: v1 `memory.usage_in_bytes`, v2 `memory.current`.
    memory: PathBuf,
    /// Memory at its highest: v1 `memory.max_usage_in_bytes`, v2 `memory.peak`.
    peak: PathBuf,
    /// The case's own memory bound: v1 `memory.limit_in_bytes`, v2 `memory.max`. The
    /// kernel's OOM killer, when this bound is reached, chooses among the case's processes
    /// only: the runner, outside the group, is never its victim.
    limit: PathBuf,
    /// OOM kills in the case group: v1 `memory.oom_control`, v2 `memory.events`.
    oom_events: PathBuf,
}

/// The files of a case group, opened by pyjudge (whose credentials the kernel checks when
/// the runner later writes through them) and handed to the runner, which joins each case's
/// child to the group and reads the group's usage.
pub struct CaseFiles {
    pub join: Vec<fs::File>,
    pub cpu: fs::File,
    pub memory: fs::File,
    pub peak: fs::File,
    /// "v1" or "v2": how the runner reads them.
    pub version: &'static str,
}

/// The bounds of a sandbox's groups.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// The whole sandbox: runner, case, tmpfs.
    pub memory_bytes: u64,
    /// The case group alone, below the sandbox's bound.
    pub case_memory_bytes: u64,
    pub processes: u64,
}

/// A CPU period of 100 ms with a quota of the same: one core's worth for the case group.
const ONE_CORE: &str = "100000";

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

/// The files a process writes "0" into to join a group, opened here: the kernel checks the
/// opener's credentials, so the runner may write through them after dropping its own.
fn open_for_writing(paths: &[PathBuf]) -> Result<Vec<fs::File>, String> {
    paths
        .iter()
        .map(|path| {
            fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|error| format!("cannot open {}: {error}", path.display()))
        })
        .collect()
}

/// Removes, once per process, the groups that pyjudge processes killed before their
/// clean-up left behind (`pyjudge-PID-N` below `parents`, whose PID no longer runs, or is
/// this process's own pid used before): they would pile up, and one named with a reused
/// pid would take the name this process is about to use ("File exists"). A group that
/// still holds a process is left alone (the kernel refuses to remove it).
fn sweep_stale_groups(parents: &[PathBuf]) {
    static SWEPT: std::sync::Once = std::sync::Once::new();
    SWEPT.call_once(|| {
        let own = std::process::id();
        for parent in parents {
            let Ok(entries) = fs::read_dir(parent) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let pid = name
                    .to_str()
                    .and_then(|name| name.strip_prefix("pyjudge-"))
                    .and_then(|rest| rest.split('-').next())
                    .and_then(|pid| pid.parse::<u32>().ok());
                let Some(pid) = pid else { continue };
                if pid != own && Path::new("/proc").join(pid.to_string()).exists() {
                    continue;
                }
                let dir = entry.path();
                for child in ["case", "runner"] {
                    let _ = fs::remove_dir(dir.join(child));
                }
                let _ = fs::remove_dir(&dir);
            }
        }
    });
}

fn write(path: &Path, value: &str) -> Result<(), String> {
    fs::write(path, value).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

impl SandboxCgroup {
    /// Creates and limits the groups of one sandbox, still empty.
    pub fn create(bounds: Bounds) -> Result<SandboxCgroup, String> {
        let name = format!(
            "pyjudge-{}-{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        );
        let mut group = SandboxCgroup {
            groups: Vec::new(),
            oom_events: None,
            unified: Path::new("/sys/fs/cgroup/cgroup.controllers").is_file(),
            runner_leaf: None,
            self_join: Vec::new(),
            case: Box::default(),
        };
        if group.unified {
            let table =
                fs::read_to_string("/proc/self/cgroup").map_err(|error| error.to_string())?;
            let own = table
                .lines()
                .find_map(|line| line.strip_prefix("0::"))
                .ok_or("no cgroup v2 entry in /proc/self/cgroup")?;
            let parent = Path::new("/sys/fs/cgroup").join(own.trim_start_matches('/'));
            sweep_stale_groups(std::slice::from_ref(&parent));
            let dir = parent.join(&name);
            group.make(&dir)?;
            group.oom_events = Some(dir.join("memory.events"));
            // A group with children holds no process itself: the runner gets a leaf of its
            // own beside the case's.
            write(&dir.join("cgroup.subtree_control"), "+memory +pids")?;
            // Without the cpu controller delegated here there is no quota; cpu.stat's usage
            // is there all the same.
            write(&dir.join("cgroup.subtree_control"), "+cpu").ok();
            let runner = dir.join("runner");
            let case = dir.join("case");
            group.make(&runner)?;
            group.make(&case)?;
            write(&case.join("cpu.max"), &format!("{ONE_CORE} {ONE_CORE}")).ok();
            group.runner_leaf = Some(runner);
            group.case = Box::new(CaseGroup {
                join: vec![case.join("cgroup.procs")],
                cpu: case.join("cpu.stat"),
                memory: case.join("memory.current"),
                peak: case.join("memory.peak"),
                limit: case.join("memory.max"),
                oom_events: case.join("memory.events"),
            });
        } else {
            let parents: Vec<PathBuf> = ["memory", "pids", "cpuacct", "cpu"]
                .iter()
                .filter_map(|controller| own_group(controller))
                .collect();
            sweep_stale_groups(&parents);
            let mut sandbox_dirs = Vec::new();
            for controller in ["memory", "pids"] {
                let dir = own_group(controller)
                    .ok_or_else(|| format!("no {controller} cgroup hierarchy"))?
                    .join(&name);
                group.make(&dir)?;
                group.self_join.push(dir.join("tasks"));
                sandbox_dirs.push(dir);
            }
            group.oom_events = Some(sandbox_dirs[0].join("memory.oom_control"));
            // The case group: in the memory hierarchy below the sandbox's (whose bound
            // covers it), and in the cpu and cpuacct hierarchies (the same one where they
            // are mounted together).
            let memory_case = sandbox_dirs[0].join("case");
            group.make(&memory_case)?;
            let cpuacct = own_group("cpuacct")
                .ok_or("no cpuacct cgroup hierarchy")?
                .join(&name);
            let cpu = own_group("cpu")
                .ok_or("no cpu cgroup hierarchy")?
                .join(&name);
            let mut join = vec![memory_case.join("tasks")];
            for dir in [&cpuacct, &cpu] {
                if !group.groups.contains(dir) {
                    group.make(dir)?;
                    group.make(&dir.join("case"))?;
                    join.push(dir.join("case/tasks"));
                }
            }
            // The cpu case group is what grading pays most for: a child in a task group of
            // its own makes the kernel move woken runners between cores far more often
            // (README, "The cost of the sandbox holes' fixes"); the quota needs the group.
            // The quota is on the case's group, not on the runner's: a group is one entity
            // for the scheduler, and with the runner inside it a loaded machine gave the
            // case and its runner one share between them (measured on a loaded machine: 100
            // cases took 10 % longer, and per case 37 % more in the quiet A/B benchmark).
            let cpu_case = cpu.join("case");
            write(&cpu_case.join("cpu.cfs_period_us"), ONE_CORE)?;
            write(&cpu_case.join("cpu.cfs_quota_us"), ONE_CORE)?;
            group.case = Box::new(CaseGroup {
                join,
                cpu: cpuacct.join("case/cpuacct.usage"),
                memory: memory_case.join("memory.usage_in_bytes"),
                peak: memory_case.join("memory.max_usage_in_bytes"),
                limit: memory_case.join("memory.limit_in_bytes"),
                oom_events: memory_case.join("memory.oom_control"),
            });
        }
        group.limit(bounds)?;
        Ok(group)
    }

    /// Makes one group, remembered for removal.
    fn make(&mut self, dir: &Path) -> Result<(), String> {
        fs::create_dir(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        self.groups.push(dir.to_path_buf());
        Ok(())
    }

    /// The case group's files, opened here for the runner.
    pub fn case_files(&self) -> Result<CaseFiles, String> {
        let open = |path: &Path, write: bool| {
            fs::OpenOptions::new()
                .read(true)
                .write(write)
                .open(path)
                .map_err(|error| format!("cannot open {}: {error}", path.display()))
        };
        let join = open_for_writing(&self.case.join)?;
        // cgroup v2 before Linux 5.19 has no memory.peak: the runner then keeps the highest
        // usage it polled (its reset of this file fails, which it takes as that).
        let peak = match open(&self.case.peak, true) {
            Err(_) if self.unified => open(&self.case.memory, false)?,
            peak => peak?,
        };
        Ok(CaseFiles {
            join,
            cpu: open(&self.case.cpu, false)?,
            memory: open(&self.case.memory, false)?,
            peak,
            version: if self.unified { "v2" } else { "v1" },
        })
    }

    /// Sets the bounds of the groups (again, for a warm runner's next submission).
    pub fn limit(&self, bounds: Bounds) -> Result<(), String> {
        let Bounds {
            memory_bytes,
            case_memory_bytes,
            processes,
        } = bounds;
        write(&self.case.limit, &case_memory_bytes.to_string())?;
        if self.unified {
            let dir = &self.groups[0];
            write(&dir.join("memory.max"), &memory_bytes.to_string())?;
            write(&dir.join("memory.swap.max"), "0").ok();
            return write(&dir.join("pids.max"), &processes.to_string());
        }
        // groups: memory, pids, then the case groups.
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
        open_for_writing(&self.self_join)
    }

    /// Moves the process `pid` in (cgroup v2, where [`Self::self_join_files`] is empty).
    pub fn add(&self, pid: i32) -> Result<(), String> {
        let dir = self.runner_leaf.as_ref().unwrap_or(&self.groups[0]);
        write(&dir.join("cgroup.procs"), &pid.to_string())
    }

    /// How many processes the kernel has killed for memory in these groups so far (only
    /// its growth matters: a counter that also counts its children's kills is fine).
    pub fn oom_kills(&self) -> u64 {
        let count = |path: &Path| -> u64 {
            fs::read_to_string(path)
                .ok()
                .and_then(|text| {
                    text.lines()
                        .find_map(|line| line.strip_prefix("oom_kill "))
                        .and_then(|count| count.trim().parse().ok())
                })
                .unwrap_or(0)
        };
        self.oom_events.as_deref().map_or(0, count) + count(&self.case.oom_events)
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
