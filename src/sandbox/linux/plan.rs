//! The plan: everything the cloned child does, prepared before clone so that the child
//! allocates nothing (another thread may hold the allocator's lock at clone time): the
//! view of the file system, landlock rules, seccomp programs.

use super::*;

/// One step of building the view, on paths already prefixed with the new root.
pub(super) enum Step {
    Mkdir(CString),
    /// An empty file to bind a file onto.
    Touch(CString),
    Symlink {
        target: CString,
        link: CString,
    },
    /// Bind the folder or file opened on `fd` (as /proc/self/fd/N) onto `target`.
    Bind {
        source: CString,
        target: CString,
        readonly: bool,
        locked: libc::c_ulong,
    },
    Tmpfs {
        target: CString,
        options: CString,
    },
    Proc {
        target: CString,
    },
}

pub(super) struct ViewPlan {
    /// The new root's mount point on the host.
    pub(super) root: CString,
    /// Paths to open (O_PATH) before anything is mounted, and the fd to keep each on.
    pub(super) opens: Vec<(CString, libc::c_int)>,
    pub(super) steps: Vec<Step>,
}

/// A folder that hides a private directory and the paths bound back into it, for an
/// interpreter under a private home when the view is off.
pub(super) struct Hide {
    pub(super) tmpfs: CString,
    pub(super) mkdirs: Vec<CString>,
    /// (path to open, the fd number to put it on, /proc/self/fd/N, mount target, whether
    /// it stays writable: the work folder, where the runner and the candidate write)
    pub(super) binds: Vec<(CString, libc::c_int, CString, CString, bool)>,
}

pub(super) struct LandlockPlan {
    pub(super) handled: u64,
    /// (path, access rights beneath it)
    pub(super) rules: Vec<(CString, u64)>,
}

#[repr(C)]
pub(super) struct SockFprog {
    pub(super) len: libc::c_ushort,
    pub(super) filter: *const seccompiler::sock_filter,
}

pub(super) struct ChildPlan {
    pub(super) executable: CString,
    pub(super) argv: Vec<*const libc::c_char>,
    pub(super) envp: Vec<*const libc::c_char>,
    pub(super) cwd: CString,
    pub(super) view: Option<ViewPlan>,
    pub(super) hides: Vec<Hide>,
    pub(super) landlock: Option<LandlockPlan>,
    /// Filters to install last, each as a prepared sock_fprog.
    pub(super) seccomp: Vec<SockFprog>,
    pub(super) set_groups: bool,
    /// cgroup v1 `tasks` files the child writes "0" into to join its groups.
    pub(super) cgroup_join: Vec<RawFd>,
    /// Descriptors the runner keeps, put on 3 and up: the case group's files.
    pub(super) kept: Vec<RawFd>,
    pub(super) sync_read: RawFd,
    pub(super) control_read: RawFd,
    pub(super) events_write: RawFd,
    pub(super) diagnostics_write: RawFd,
    pub(super) error_write: RawFd,
}

/// The topmost folder on the way to `path` that other users cannot search.
pub(super) fn blocked_ancestor(path: &Path) -> Option<PathBuf> {
    let mut current = PathBuf::from("/");
    for component in path.components().skip(1) {
        current.push(component);
        match std::fs::metadata(&current) {
            Ok(metadata) if metadata.is_dir() && metadata.permissions().mode() & 0o001 == 0 => {
                return Some(current)
            }
            _ => {}
        }
    }
    None
}

/// The folders closed to other users that hide `paths` from the sandbox's user: each is
/// covered by a tmpfs where those paths are bound again, read-only except `writable`.
pub(super) fn hides_for(paths: &[PathBuf], writable: &Path) -> Result<Vec<Hide>> {
    let mut hides: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for path in paths {
        if let Some(blocked) = blocked_ancestor(path) {
            match hides.iter_mut().find(|(dir, _)| *dir == blocked) {
                Some((_, inner)) => inner.push(path.clone()),
                None => hides.push((blocked, vec![path.clone()])),
            }
        }
    }
    let mut plans = Vec::new();
    let mut next_fd = 0;
    for (dir, inner) in hides {
        let mut mkdirs = Vec::new();
        let mut binds = Vec::new();
        for path in inner {
            let mut current = dir.clone();
            for component in path.strip_prefix(&dir).unwrap_or(&path).components() {
                current.push(component);
                let made = cstring(&current)?;
                if !mkdirs.contains(&made) {
                    mkdirs.push(made);
                }
            }
            let c_path = cstring(&path)?;
            let fixed_fd = FIRST_BIND_FD + next_fd;
            next_fd += 1;
            let source = cstring(format!("/proc/self/fd/{fixed_fd}"))?;
            binds.push((c_path.clone(), fixed_fd, source, c_path, path == writable));
        }
        plans.push(Hide {
            tmpfs: cstring(&dir)?,
            mkdirs,
            binds,
        });
    }
    Ok(plans)
}

/// The mount flags that a bind of `path` must keep when remounted read-only (the
/// kernel refuses to drop nosuid, nodev or noexec of a mount locked by a parent
/// namespace).
pub(super) fn locked_flags(path: &Path) -> libc::c_ulong {
    let Ok(c_path) = cstring(path) else { return 0 };
    // SAFETY: statvfs writes into a zeroed struct we own.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: c_path is a valid C string and stat a valid out pointer.
    if unsafe { libc::statvfs(c_path.as_ptr(), &mut stat) } != 0 {
        return 0;
    }
    let mut flags = 0;
    for (statvfs_flag, mount_flag) in [
        (libc::ST_NOSUID, libc::MS_NOSUID),
        (libc::ST_NODEV, libc::MS_NODEV),
        (libc::ST_NOEXEC, libc::MS_NOEXEC),
        (libc::ST_NOATIME, libc::MS_NOATIME),
        (libc::ST_NODIRATIME, libc::MS_NODIRATIME),
        (libc::ST_RELATIME, libc::MS_RELATIME),
    ] {
        if stat.f_flag & statvfs_flag != 0 {
            flags |= mount_flag;
        }
    }
    flags
}

/// The minimal filesystem the sandbox sees: system folders and the interpreter
/// read-only, the runner's files read-only at /judge, tmpfs at /work, /tmp, /dev/shm.
pub(super) fn view_plan(python: &Python, judge_dir: &Path, work_bytes: u64) -> Result<ViewPlan> {
    let root = judge_dir.join(".root");
    let mut plan = ViewPlan {
        root: cstring(&root)?,
        opens: Vec::new(),
        steps: Vec::new(),
    };
    let inside = |path: &Path| cstring(root.join(path.strip_prefix("/").unwrap_or(path)));
    let mut made: Vec<PathBuf> = Vec::new();
    let mut mkdir_all = |plan: &mut ViewPlan, path: &Path| -> Result<()> {
        let mut current = PathBuf::from("/");
        for component in path.components().skip(1) {
            current.push(component);
            if !made.contains(&current) {
                made.push(current.clone());
                plan.steps.push(Step::Mkdir(inside(&current)?));
            }
        }
        Ok(())
    };
    let bind = |plan: &mut ViewPlan, source: &Path, target: &Path, readonly: bool| -> Result<()> {
        let fd = FIRST_BIND_FD + plan.opens.len() as libc::c_int;
        plan.opens.push((cstring(source)?, fd));
        plan.steps.push(Step::Bind {
            source: cstring(format!("/proc/self/fd/{fd}"))?,
            target: inside(target)?,
            readonly,
            locked: locked_flags(source),
        });
        Ok(())
    };
    let mut bound: Vec<PathBuf> = Vec::new();
    for system in [
        "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
    ] {
        let path = Path::new(system);
        let Ok(metadata) = std::fs::symlink_metadata(path) else {
            continue;
        };
        if metadata.file_type().is_symlink() {
            let target =
                std::fs::read_link(path).map_err(|error| Error::io("read link", path, error))?;
            plan.steps.push(Step::Symlink {
                target: cstring(&target)?,
                link: inside(path)?,
            });
        } else if metadata.is_dir() {
            mkdir_all(&mut plan, path)?;
            bind(&mut plan, path, path, true)?;
            bound.push(path.to_path_buf());
        }
    }
    mkdir_all(&mut plan, Path::new("/etc"))?;
    for name in [
        "ld.so.cache",
        "ld.so.conf",
        "ld.so.conf.d",
        "localtime",
        "nsswitch.conf",
        "mime.types",
    ] {
        let path = Path::new("/etc").join(name);
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.file_type().is_symlink() {
            let target =
                std::fs::read_link(&path).map_err(|error| Error::io("read link", &path, error))?;
            plan.steps.push(Step::Symlink {
                target: cstring(&target)?,
                link: inside(&path)?,
            });
        } else if metadata.is_dir() {
            mkdir_all(&mut plan, &path)?;
            bind(&mut plan, &path, &path, true)?;
        } else {
            plan.steps.push(Step::Touch(inside(&path)?));
            bind(&mut plan, &path, &path, true)?;
        }
    }
    // The interpreter's prefixes and a framework challenge's environment.
    let under_tmpfs = |path: &Path| {
        ["/tmp", "/dev/shm", VIEW_WORK_DIR]
            .iter()
            .any(|mounted| path.starts_with(mounted))
    };
    let (deferred, now): (Vec<&PathBuf>, Vec<&PathBuf>) =
        python.roots.iter().partition(|root| under_tmpfs(root));
    for python_root in now {
        if bound.iter().any(|done| python_root.starts_with(done)) {
            continue;
        }
        mkdir_all(&mut plan, python_root)?;
        bind(&mut plan, python_root, python_root, true)?;
        bound.push(python_root.clone());
    }
    mkdir_all(&mut plan, Path::new("/dev"))?;
    for device in ["null", "zero", "full", "random", "urandom"] {
        let path = Path::new("/dev").join(device);
        if path.exists() {
            plan.steps.push(Step::Touch(inside(&path)?));
            bind(&mut plan, &path, &path, false)?;
        }
    }
    for (link, target) in [
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ] {
        plan.steps.push(Step::Symlink {
            target: cstring(target)?,
            link: inside(&Path::new("/dev").join(link))?,
        });
    }
    mkdir_all(&mut plan, Path::new("/dev/shm"))?;
    plan.steps.push(Step::Tmpfs {
        target: inside(Path::new("/dev/shm"))?,
        options: cstring("size=16m,nr_inodes=4k,mode=1777")?,
    });
    mkdir_all(&mut plan, Path::new("/proc"))?;
    plan.steps.push(Step::Proc {
        target: inside(Path::new("/proc"))?,
    });
    mkdir_all(&mut plan, Path::new("/tmp"))?;
    plan.steps.push(Step::Tmpfs {
        target: inside(Path::new("/tmp"))?,
        options: cstring("size=64m,nr_inodes=16k,mode=1777")?,
    });
    mkdir_all(&mut plan, Path::new(VIEW_JUDGE_DIR))?;
    bind(&mut plan, judge_dir, Path::new(VIEW_JUDGE_DIR), true)?;
    mkdir_all(&mut plan, Path::new(VIEW_WORK_DIR))?;
    plan.steps.push(Step::Tmpfs {
        target: inside(Path::new(VIEW_WORK_DIR))?,
        options: cstring(format!(
            "size={},nr_inodes=16k,mode=0700,uid={INSIDE_ID},gid={INSIDE_ID}",
            work_bytes.max(1 << 20)
        ))?,
    });
    // Those under a folder the view mounts a tmpfs on (a cache under /tmp) are bound after
    // it, or the tmpfs would hide them.
    for python_root in deferred {
        if bound.iter().any(|done| python_root.starts_with(done)) {
            continue;
        }
        mkdir_all(&mut plan, python_root)?;
        bind(&mut plan, python_root, python_root, true)?;
        bound.push(python_root.clone());
    }
    Ok(plan)
}

// Landlock (raw system calls: the numbers are the same on every architecture).
pub(super) const LANDLOCK_CREATE_RULESET: libc::c_long = 444;
pub(super) const LANDLOCK_ADD_RULE: libc::c_long = 445;
pub(super) const LANDLOCK_RESTRICT_SELF: libc::c_long = 446;
pub(super) const LANDLOCK_RULE_PATH_BENEATH: libc::c_int = 1;
pub(super) const ACCESS_EXECUTE: u64 = 1 << 0;
pub(super) const ACCESS_WRITE_FILE: u64 = 1 << 1;
pub(super) const ACCESS_READ_FILE: u64 = 1 << 2;
pub(super) const ACCESS_READ_DIR: u64 = 1 << 3;

#[repr(C, packed)]
pub(super) struct PathBeneath {
    pub(super) allowed_access: u64,
    pub(super) parent_fd: i32,
}

/// The landlock ABI version, or why landlock is not available.
pub(super) fn landlock_abi() -> std::result::Result<i64, String> {
    // SAFETY: the version query takes no pointers.
    let version = unsafe {
        libc::syscall(
            LANDLOCK_CREATE_RULESET,
            std::ptr::null::<u8>(),
            0usize,
            1u32,
        )
    };
    if version < 1 {
        return Err(format!(
            "the kernel has no landlock ({})",
            std::io::Error::last_os_error()
        ));
    }
    Ok(version)
}

pub(super) fn landlock_plan(read: &[PathBuf], write: &[PathBuf]) -> Result<Option<LandlockPlan>> {
    let Ok(abi) = landlock_abi() else {
        return Ok(None);
    };
    // Every filesystem right this ABI knows: 13 in v1, REFER in v2, TRUNCATE in v3,
    // IOCTL_DEV in v5.
    let bits = match abi {
        1 => 13,
        2 => 14,
        3 | 4 => 15,
        _ => 16,
    };
    let handled: u64 = (1u64 << bits) - 1;
    let read_rights = ACCESS_EXECUTE | ACCESS_READ_FILE | ACCESS_READ_DIR;
    let mut rules = Vec::new();
    for path in read {
        rules.push((cstring(path)?, read_rights));
    }
    for path in write {
        rules.push((cstring(path)?, handled));
    }
    // Writing to /dev/null and friends is harmless and programs expect it.
    rules.push((cstring("/dev")?, read_rights | ACCESS_WRITE_FILE));
    Ok(Some(LandlockPlan { handled, rules }))
}

/// The seccomp programs: system calls a judged program never needs fail with EPERM, and
/// clone3 with ENOSYS so that the C library falls back to clone, whose namespace flags
/// the first filter can inspect.
/// The compiled filters, built once per process: every sandbox installs the same ones.
pub(super) fn seccomp_programs() -> std::result::Result<&'static [seccompiler::BpfProgram], String>
{
    static PROGRAMS: std::sync::OnceLock<
        std::result::Result<Vec<seccompiler::BpfProgram>, String>,
    > = std::sync::OnceLock::new();
    PROGRAMS
        .get_or_init(compile_seccomp_programs)
        .as_deref()
        .map_err(Clone::clone)
}

pub(super) fn compile_seccomp_programs() -> std::result::Result<Vec<seccompiler::BpfProgram>, String>
{
    use seccompiler::{
        SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
        SeccompRule, TargetArch,
    };
    let arch: TargetArch = std::env::consts::ARCH
        .try_into()
        .map_err(|_| format!("no seccomp filter for {}", std::env::consts::ARCH))?;
    let mut denied: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    for call in [
        libc::SYS_ptrace,
        libc::SYS_mount,
        libc::SYS_umount2,
        libc::SYS_pivot_root,
        libc::SYS_chroot,
        libc::SYS_keyctl,
        libc::SYS_add_key,
        libc::SYS_request_key,
        libc::SYS_bpf,
        libc::SYS_io_uring_setup,
        libc::SYS_io_uring_enter,
        libc::SYS_io_uring_register,
        libc::SYS_unshare,
        libc::SYS_setns,
        libc::SYS_init_module,
        libc::SYS_finit_module,
        libc::SYS_delete_module,
        libc::SYS_kexec_load,
        libc::SYS_kexec_file_load,
        libc::SYS_perf_event_open,
        libc::SYS_userfaultfd,
        libc::SYS_process_vm_readv,
        libc::SYS_process_vm_writev,
        libc::SYS_open_by_handle_at,
        libc::SYS_name_to_handle_at,
        libc::SYS_fsopen,
        libc::SYS_fsmount,
        libc::SYS_move_mount,
        libc::SYS_open_tree,
        libc::SYS_swapon,
        libc::SYS_swapoff,
        libc::SYS_reboot,
        libc::SYS_syslog,
        libc::SYS_acct,
        libc::SYS_quotactl,
        // These would hand a case the runner's descriptors (pidfd_getfd) or tell it
        // which it has (kcmp); the runner hears of its children by SIGCHLD instead.
        libc::SYS_pidfd_open,
        libc::SYS_pidfd_getfd,
        libc::SYS_kcmp,
    ] {
        denied.insert(call, Vec::new());
    }
    let condition = |index: u8, op: SeccompCmpOp, value: u64| {
        SeccompCondition::new(index, SeccompCmpArgLen::Qword, op, value)
            .map_err(|error| error.to_string())
    };
    // ioctl(fd, TIOCSTI or TIOCLINUX, ...) would type into the judge's terminal.
    denied.insert(
        libc::SYS_ioctl,
        vec![
            SeccompRule::new(vec![condition(
                1,
                SeccompCmpOp::MaskedEq(0xffff_ffff),
                libc::TIOCSTI,
            )?])
            .map_err(|error| error.to_string())?,
            SeccompRule::new(vec![condition(
                1,
                SeccompCmpOp::MaskedEq(0xffff_ffff),
                libc::TIOCLINUX,
            )?])
            .map_err(|error| error.to_string())?,
        ],
    );
    let mut clone_rules = Vec::new();
    for flag in [
        libc::CLONE_NEWUSER,
        libc::CLONE_NEWNS,
        libc::CLONE_NEWPID,
        libc::CLONE_NEWNET,
        libc::CLONE_NEWIPC,
        libc::CLONE_NEWUTS,
        libc::CLONE_NEWCGROUP,
    ] {
        let flag = flag as u64;
        clone_rules.push(
            SeccompRule::new(vec![condition(0, SeccompCmpOp::MaskedEq(flag), flag)?])
                .map_err(|error| error.to_string())?,
        );
    }
    denied.insert(libc::SYS_clone, clone_rules);
    let first = SeccompFilter::new(
        denied,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM as u32),
        arch,
    )
    .map_err(|error| error.to_string())?;
    let mut clone3 = BTreeMap::new();
    clone3.insert(libc::SYS_clone3, Vec::new());
    let second = SeccompFilter::new(
        clone3,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::ENOSYS as u32),
        arch,
    )
    .map_err(|error| error.to_string())?;
    Ok(vec![
        first
            .try_into()
            .map_err(|error: seccompiler::BackendError| error.to_string())?,
        second
            .try_into()
            .map_err(|error: seccompiler::BackendError| error.to_string())?,
    ])
}

/// A compiled program as the kernel reads it (struct sock_filter, native byte order),
/// in hex.
pub(super) fn program_hex(program: &seccompiler::BpfProgram) -> String {
    program
        .iter()
        .flat_map(|filter| {
            let mut bytes = Vec::with_capacity(8);
            bytes.extend_from_slice(&filter.code.to_ne_bytes());
            bytes.push(filter.jt);
            bytes.push(filter.jf);
            bytes.extend_from_slice(&filter.k.to_ne_bytes());
            bytes
        })
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
