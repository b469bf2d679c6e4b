//! Linux: clone(2) into new namespaces, a pivot_root into a minimal read-only view,
//! landlock and seccomp; a process-group fallback where namespaces are refused.
//!
//! Each optional layer that the kernel refuses is switched off for the rest of the
//! process and the launch is tried again without it, so a machine gives the most it can
//! and `Containment` says exactly what that was.

use std::collections::BTreeMap;
use std::ffi::{CString, OsStr};
use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use super::{
    runner_arguments, runner_environment, Containment, Launched, Layer, Layers, Places,
    RunnerProcess,
};
use crate::error::{Error, Result};
use crate::python::Python;
use crate::spec::Limits;

/// Inside the namespace the candidate is this uid and gid, never 0.
const INSIDE_ID: u32 = 1000;
/// Root maps a fresh uid per sandbox from this range, so no two sandboxes share one.
const SANDBOX_UID_BASE: u32 = 1_500_000_000;
/// The child keeps the folders it binds on descriptors from this number up.
const FIRST_BIND_FD: libc::c_int = 200;
/// Where the view puts the runner's read-only files and the candidate's working folder.
pub(super) const VIEW_JUDGE_DIR: &str = "/judge";
const VIEW_WORK_DIR: &str = "/work";

static SEQUENCE: AtomicU32 = AtomicU32::new(0);

/// Layers this process found the kernel refuses, with the reason.
#[derive(Default, Clone)]
struct Refused {
    namespaces: Option<String>,
    view: Option<String>,
    landlock: Option<String>,
    seccomp: Option<String>,
    cgroups: Option<String>,
}

static REFUSED: Mutex<Option<Refused>> = Mutex::new(None);

fn refused() -> Refused {
    let mut guard = REFUSED.lock().unwrap_or_else(|poison| poison.into_inner());
    guard
        .get_or_insert_with(|| {
            let mut refused = Refused::default();
            if std::env::var_os("PYJUDGE_DISABLE_NAMESPACES")
                .is_some_and(|value| !value.is_empty() && value != "0")
            {
                refused.namespaces = Some("disabled by PYJUDGE_DISABLE_NAMESPACES".into());
            }
            if let Err(reason) = landlock_abi() {
                refused.landlock = Some(reason);
            }
            if let Err(reason) = seccomp_programs() {
                refused.seccomp = Some(reason);
            }
            refused
        })
        .clone()
}

fn refuse(update: impl FnOnce(&mut Refused)) {
    let mut guard = REFUSED.lock().unwrap_or_else(|poison| poison.into_inner());
    update(guard.get_or_insert_with(Refused::default));
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The outside uid the candidate runs as.
fn sandbox_uid() -> u32 {
    if is_root() {
        let sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed) % 256;
        SANDBOX_UID_BASE + (std::process::id() % 100_000) * 256 + sequence
    } else {
        // SAFETY: getuid has no preconditions.
        unsafe { libc::getuid() }
    }
}

fn cstring(text: impl AsRef<OsStr>) -> Result<CString> {
    CString::new(text.as_ref().as_bytes()).map_err(|_| Error::Sandbox {
        message: format!("a path with a NUL byte: {:?}", text.as_ref()),
    })
}

fn pipe() -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid array of two ints.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(Error::Sandbox {
            message: format!("pipe2: {}", std::io::Error::last_os_error()),
        });
    }
    // SAFETY: pipe2 returned two fresh descriptors that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// A pair of connected sockets of records (SOCK_SEQPACKET): a warm runner's channel,
/// whose records carry each submission's own pipes.
fn record_socket_pair() -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid array of two ints.
    if unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    } != 0
    {
        return Err(Error::Sandbox {
            message: format!("socketpair: {}", std::io::Error::last_os_error()),
        });
    }
    // SAFETY: socketpair returned two fresh descriptors that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// One submission's pipes: (control's read end, control's write end, events' read
/// end, events' write end). The runner's ends go to the warm runner with the request.
pub(super) fn submission_pipes() -> Result<(File, File, File, File)> {
    let (control_read, control_write) = pipe()?;
    let (events_read, events_write) = pipe()?;
    Ok((
        File::from(control_read),
        File::from(control_write),
        File::from(events_read),
        File::from(events_write),
    ))
}

/// Sends `message` as one record on a warm runner's channel, with `fds` attached.
pub(super) fn send_record(
    socket: &File,
    message: &serde_json::Value,
    fds: &[RawFd],
) -> std::io::Result<()> {
    let payload = serde_json::to_vec(message).unwrap_or_default();
    let mut iov = libc::iovec {
        iov_base: payload.as_ptr() as *mut libc::c_void,
        iov_len: payload.len(),
    };
    let fd_bytes = std::mem::size_of_val(fds) as libc::c_uint;
    // SAFETY: CMSG_SPACE is a pure computation.
    let space = unsafe { libc::CMSG_SPACE(fd_bytes) } as usize;
    // u64 elements keep the control buffer aligned for cmsghdr.
    let mut control = vec![0u64; space.div_ceil(8).max(1)];
    // SAFETY: msghdr is plain data; zeroed is a valid empty header.
    let mut header: libc::msghdr = unsafe { std::mem::zeroed() };
    header.msg_iov = &mut iov;
    header.msg_iovlen = 1;
    if !fds.is_empty() {
        header.msg_control = control.as_mut_ptr().cast();
        header.msg_controllen = space as _;
        // SAFETY: the control buffer holds CMSG_SPACE(fd_bytes) bytes, so the first
        // header and its data fit; the descriptors are copied in whole.
        unsafe {
            let cmsg = libc::CMSG_FIRSTHDR(&header);
            (*cmsg).cmsg_level = libc::SOL_SOCKET;
            (*cmsg).cmsg_type = libc::SCM_RIGHTS;
            (*cmsg).cmsg_len = libc::CMSG_LEN(fd_bytes) as _;
            std::ptr::copy_nonoverlapping(
                fds.as_ptr().cast::<u8>(),
                libc::CMSG_DATA(cmsg),
                fd_bytes as usize,
            );
        }
    }
    loop {
        // SAFETY: the header points at live buffers for the duration of the call.
        let sent = unsafe { libc::sendmsg(socket.as_raw_fd(), &header, libc::MSG_NOSIGNAL) };
        if sent >= 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

// ---------------------------------------------------------------------------------
// The plan: everything the cloned child does, prepared before clone so that the child
// allocates nothing (another thread may hold the allocator's lock at clone time).
// ---------------------------------------------------------------------------------

/// One step of building the view, on paths already prefixed with the new root.
enum Step {
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

struct ViewPlan {
    /// The new root's mount point on the host.
    root: CString,
    /// Paths to open (O_PATH) before anything is mounted, and the fd to keep each on.
    opens: Vec<(CString, libc::c_int)>,
    steps: Vec<Step>,
}

/// A folder that hides a private directory and the paths bound back into it, for an
/// interpreter under a private home when the view is off.
struct Hide {
    tmpfs: CString,
    mkdirs: Vec<CString>,
    /// (path to open, the fd number to put it on, /proc/self/fd/N, mount target)
    binds: Vec<(CString, libc::c_int, CString, CString)>,
}

struct LandlockPlan {
    handled: u64,
    /// (path, access rights beneath it)
    rules: Vec<(CString, u64)>,
}

#[repr(C)]
struct SockFprog {
    len: libc::c_ushort,
    filter: *const seccompiler::sock_filter,
}

struct ChildPlan {
    executable: CString,
    argv: Vec<*const libc::c_char>,
    envp: Vec<*const libc::c_char>,
    cwd: CString,
    view: Option<ViewPlan>,
    hides: Vec<Hide>,
    landlock: Option<LandlockPlan>,
    /// Filters to install last, each as a prepared sock_fprog.
    seccomp: Vec<SockFprog>,
    set_groups: bool,
    /// cgroup v1 `tasks` files the child writes "0" into to join its groups.
    cgroup_join: Vec<RawFd>,
    /// Descriptors the runner keeps, put on 3 and up: the case group's files.
    kept: Vec<RawFd>,
    sync_read: RawFd,
    control_read: RawFd,
    events_write: RawFd,
    diagnostics_write: RawFd,
    error_write: RawFd,
}

/// The topmost folder on the way to `path` that other users cannot search.
fn blocked_ancestor(path: &Path) -> Option<PathBuf> {
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

fn hides_for(paths: &[PathBuf]) -> Result<Vec<Hide>> {
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
            binds.push((c_path.clone(), fixed_fd, source, c_path));
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
fn locked_flags(path: &Path) -> libc::c_ulong {
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
fn view_plan(python: &Python, judge_dir: &Path, work_bytes: u64) -> Result<ViewPlan> {
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
    for python_root in &python.roots {
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
    Ok(plan)
}

// Landlock (raw system calls: the numbers are the same on every architecture).
const LANDLOCK_CREATE_RULESET: libc::c_long = 444;
const LANDLOCK_ADD_RULE: libc::c_long = 445;
const LANDLOCK_RESTRICT_SELF: libc::c_long = 446;
const LANDLOCK_RULE_PATH_BENEATH: libc::c_int = 1;
const ACCESS_EXECUTE: u64 = 1 << 0;
const ACCESS_WRITE_FILE: u64 = 1 << 1;
const ACCESS_READ_FILE: u64 = 1 << 2;
const ACCESS_READ_DIR: u64 = 1 << 3;

#[repr(C, packed)]
struct PathBeneath {
    allowed_access: u64,
    parent_fd: i32,
}

/// The landlock ABI version, or why landlock is not available.
fn landlock_abi() -> std::result::Result<i64, String> {
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

fn landlock_plan(read: &[PathBuf], write: &[PathBuf]) -> Result<Option<LandlockPlan>> {
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
fn seccomp_programs() -> std::result::Result<&'static [seccompiler::BpfProgram], String> {
    static PROGRAMS: std::sync::OnceLock<
        std::result::Result<Vec<seccompiler::BpfProgram>, String>,
    > = std::sync::OnceLock::new();
    PROGRAMS
        .get_or_init(compile_seccomp_programs)
        .as_deref()
        .map_err(Clone::clone)
}

fn compile_seccomp_programs() -> std::result::Result<Vec<seccompiler::BpfProgram>, String> {
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
fn program_hex(program: &seccompiler::BpfProgram) -> String {
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

// ---------------------------------------------------------------------------------
// The cloned child.
// ---------------------------------------------------------------------------------

const STAGE_SYNC: u8 = 1;
const STAGE_MOUNT: u8 = 2;
const STAGE_IDS: u8 = 3;
const STAGE_CHDIR: u8 = 4;
const STAGE_FDS: u8 = 5;
const STAGE_EXEC: u8 = 6;
const STAGE_TMPFS: u8 = 7;
const STAGE_BIND: u8 = 8;
const STAGE_VIEW: u8 = 10;
const STAGE_LANDLOCK: u8 = 11;
const STAGE_SECCOMP: u8 = 12;
const STAGE_NO_NEW_PRIVS: u8 = 13;
const STAGE_CGROUP: u8 = 14;

fn stage_name(stage: u8) -> &'static str {
    match stage {
        STAGE_SYNC => "waiting for the id maps",
        STAGE_MOUNT => "making mounts private",
        STAGE_IDS => "dropping to the sandbox user",
        STAGE_CHDIR => "entering the working folder",
        STAGE_FDS => "setting up descriptors",
        STAGE_EXEC => "starting the interpreter",
        STAGE_TMPFS => "hiding a private folder behind a tmpfs",
        STAGE_BIND => "binding the interpreter into the sandbox",
        STAGE_VIEW => "building the read-only filesystem view",
        STAGE_LANDLOCK => "applying landlock",
        STAGE_SECCOMP => "installing the seccomp filter",
        STAGE_NO_NEW_PRIVS => "setting no_new_privs",
        STAGE_CGROUP => "joining the control groups",
        _ => "starting",
    }
}

/// Reports the failing stage and errno to the parent, then exits.
///
/// # Safety
/// Only async-signal-safe calls: this runs in the cloned child.
unsafe fn child_fail(plan: &ChildPlan, stage: u8) -> ! {
    // SAFETY: errno location is valid for this thread; write and _exit are async-signal-safe.
    unsafe {
        let errno = *libc::__errno_location();
        let mut message = [0u8; 5];
        message[0] = stage;
        message[1..].copy_from_slice(&errno.to_ne_bytes());
        libc::write(plan.error_write, message.as_ptr().cast(), message.len());
        libc::_exit(127);
    }
}

extern "C" fn child_main(argument: *mut libc::c_void) -> libc::c_int {
    // SAFETY: the parent passes a pointer to a ChildPlan that lives (in this child's
    // copy of the address space) for as long as the child runs.
    let plan = unsafe { &*(argument as *const ChildPlan) };
    // SAFETY: child_setup only makes async-signal-safe system calls.
    unsafe { child_setup(plan) }
}

/// # Safety
/// Runs in the cloned child: only raw system calls, no allocation, no locks. The id
/// calls are raw too: glibc's wrappers make every thread of a multi-threaded parent
/// change ids together, and this child, with one thread but a copy of the parent's
/// thread list, would wait for the others forever.
unsafe fn child_setup(plan: &ChildPlan) -> libc::c_int {
    // SAFETY: every pointer passed below comes from a CString or array owned by `plan`.
    unsafe {
        let mut byte = 0u8;
        if libc::read(plan.sync_read, (&mut byte as *mut u8).cast(), 1) != 1 {
            child_fail(plan, STAGE_SYNC);
        }
        // Into the control groups before anything else, so that all this process and
        // its descendants will allocate is charged there.
        for fd in &plan.cgroup_join {
            if libc::write(*fd, c"0".as_ptr().cast(), 1) != 1 {
                child_fail(plan, STAGE_CGROUP);
            }
        }
        if libc::mount(
            std::ptr::null(),
            c"/".as_ptr(),
            std::ptr::null(),
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        ) != 0
        {
            child_fail(plan, STAGE_MOUNT);
        }
        if let Some(view) = &plan.view {
            build_view(plan, view);
        } else {
            hide_private_folders(plan);
            // A /proc of the new pid namespace lets the runner see exactly the
            // sandbox's processes; where the kernel refuses, it measures less.
            libc::mount(
                c"proc".as_ptr(),
                c"/proc".as_ptr(),
                c"proc".as_ptr(),
                libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
                std::ptr::null(),
            );
        }
        if plan.set_groups
            && libc::syscall(libc::SYS_setgroups, 0, std::ptr::null::<libc::gid_t>()) != 0
        {
            child_fail(plan, STAGE_IDS);
        }
        if libc::syscall(libc::SYS_setresgid, INSIDE_ID, INSIDE_ID, INSIDE_ID) != 0
            || libc::syscall(libc::SYS_setresuid, INSIDE_ID, INSIDE_ID, INSIDE_ID) != 0
        {
            child_fail(plan, STAGE_IDS);
        }
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
            child_fail(plan, STAGE_NO_NEW_PRIVS);
        }
        if libc::chdir(plan.cwd.as_ptr()) != 0 {
            child_fail(plan, STAGE_CHDIR);
        }
        if let Some(landlock) = &plan.landlock {
            apply_landlock(plan, landlock);
        }
        move_to_standard_fds(plan);
        close_inherited_fds(3 + plan.kept.len() as libc::c_uint);
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &no_core);
        for program in &plan.seccomp {
            if libc::syscall(
                libc::SYS_seccomp,
                1, /* SECCOMP_SET_MODE_FILTER */
                0,
                program as *const SockFprog,
            ) != 0
            {
                child_fail(plan, STAGE_SECCOMP);
            }
        }
        libc::execve(
            plan.executable.as_ptr(),
            plan.argv.as_ptr(),
            plan.envp.as_ptr(),
        );
        child_fail(plan, STAGE_EXEC);
    }
}

/// # Safety
/// Async-signal-safe calls only.
unsafe fn build_view(plan: &ChildPlan, view: &ViewPlan) {
    // SAFETY: all pointers come from CStrings in the plan.
    unsafe {
        // Bind sources must belong to this mount namespace, so they are opened here,
        // after clone, while the (outside) owner of a private home can still enter it.
        for (path, fixed_fd) in &view.opens {
            let fd = libc::open(path.as_ptr(), libc::O_PATH | libc::O_CLOEXEC);
            if fd < 0 || libc::dup3(fd, *fixed_fd, libc::O_CLOEXEC) < 0 {
                child_fail(plan, STAGE_VIEW);
            }
            libc::close(fd);
        }
        // Inodes on a tmpfs mounted in this namespace can only be created by an id
        // mapped in it, and outside root's is not: build as the sandbox user (the
        // capabilities for mounting stay).
        libc::syscall(libc::SYS_setfsgid, INSIDE_ID);
        libc::syscall(libc::SYS_setfsuid, INSIDE_ID);
        if libc::mount(
            c"tmpfs".as_ptr(),
            view.root.as_ptr(),
            c"tmpfs".as_ptr(),
            libc::MS_NOSUID | libc::MS_NODEV,
            c"size=4m,nr_inodes=4k,mode=0755,uid=1000,gid=1000"
                .as_ptr()
                .cast(),
        ) != 0
        {
            child_fail(plan, STAGE_VIEW);
        }
        for step in &view.steps {
            let failed = match step {
                Step::Mkdir(path) => {
                    libc::mkdir(path.as_ptr(), 0o755) != 0
                        && *libc::__errno_location() != libc::EEXIST
                }
                Step::Touch(path) => {
                    let fd = libc::open(
                        path.as_ptr(),
                        libc::O_CREAT | libc::O_WRONLY | libc::O_CLOEXEC,
                        0o644,
                    );
                    if fd >= 0 {
                        libc::close(fd);
                    }
                    fd < 0
                }
                Step::Symlink { target, link } => {
                    libc::symlink(target.as_ptr(), link.as_ptr()) != 0
                }
                Step::Bind {
                    source,
                    target,
                    readonly,
                    locked,
                } => {
                    libc::mount(
                        source.as_ptr(),
                        target.as_ptr(),
                        std::ptr::null(),
                        libc::MS_BIND | libc::MS_REC,
                        std::ptr::null(),
                    ) != 0
                        || (*readonly
                            && libc::mount(
                                std::ptr::null(),
                                target.as_ptr(),
                                std::ptr::null(),
                                libc::MS_REMOUNT
                                    | libc::MS_BIND
                                    | libc::MS_RDONLY
                                    | libc::MS_NOSUID
                                    | *locked,
                                std::ptr::null(),
                            ) != 0)
                }
                Step::Tmpfs { target, options } => {
                    libc::mount(
                        c"tmpfs".as_ptr(),
                        target.as_ptr(),
                        c"tmpfs".as_ptr(),
                        libc::MS_NOSUID | libc::MS_NODEV,
                        options.as_ptr().cast(),
                    ) != 0
                }
                Step::Proc { target } => {
                    libc::mount(
                        c"proc".as_ptr(),
                        target.as_ptr(),
                        c"proc".as_ptr(),
                        libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
                        std::ptr::null(),
                    ) != 0
                }
            };
            if failed {
                child_fail(plan, STAGE_VIEW);
            }
        }
        for (_, fixed_fd) in &view.opens {
            libc::close(*fixed_fd);
        }
        // Enter the view for good: the old root is detached, so nothing of the host
        // beyond what was bound is reachable any more.
        if libc::chdir(view.root.as_ptr()) != 0
            || libc::syscall(libc::SYS_pivot_root, c".".as_ptr(), c".".as_ptr()) != 0
            || libc::umount2(c".".as_ptr(), libc::MNT_DETACH) != 0
            || libc::chdir(c"/".as_ptr()) != 0
        {
            child_fail(plan, STAGE_VIEW);
        }
        if libc::mount(
            std::ptr::null(),
            c"/".as_ptr(),
            std::ptr::null(),
            libc::MS_REMOUNT | libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NODEV,
            std::ptr::null(),
        ) != 0
        {
            child_fail(plan, STAGE_VIEW);
        }
    }
}

/// # Safety
/// Async-signal-safe calls only.
unsafe fn hide_private_folders(plan: &ChildPlan) {
    // SAFETY: all pointers come from CStrings in the plan.
    unsafe {
        for hide in &plan.hides {
            for (path, fixed_fd, _, _) in &hide.binds {
                let fd = libc::open(
                    path.as_ptr(),
                    libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC,
                );
                if fd < 0 || libc::dup3(fd, *fixed_fd, libc::O_CLOEXEC) < 0 {
                    child_fail(plan, STAGE_BIND);
                }
                libc::close(fd);
            }
        }
        if !plan.hides.is_empty() {
            libc::syscall(libc::SYS_setfsgid, INSIDE_ID);
            libc::syscall(libc::SYS_setfsuid, INSIDE_ID);
        }
        for hide in &plan.hides {
            if libc::mount(
                c"tmpfs".as_ptr(),
                hide.tmpfs.as_ptr(),
                c"tmpfs".as_ptr(),
                libc::MS_NOSUID | libc::MS_NODEV,
                c"mode=0755,size=1m,uid=1000,gid=1000".as_ptr().cast(),
            ) != 0
            {
                child_fail(plan, STAGE_TMPFS);
            }
            for dir in &hide.mkdirs {
                libc::mkdir(dir.as_ptr(), 0o755);
            }
            for (_, _, source, target) in &hide.binds {
                if libc::mount(
                    source.as_ptr(),
                    target.as_ptr(),
                    std::ptr::null(),
                    libc::MS_BIND | libc::MS_REC,
                    std::ptr::null(),
                ) != 0
                {
                    child_fail(plan, STAGE_BIND);
                }
                libc::mount(
                    std::ptr::null(),
                    target.as_ptr(),
                    std::ptr::null(),
                    libc::MS_REMOUNT
                        | libc::MS_BIND
                        | libc::MS_RDONLY
                        | libc::MS_NOSUID
                        | libc::MS_NODEV,
                    std::ptr::null(),
                );
            }
            libc::mount(
                std::ptr::null(),
                hide.tmpfs.as_ptr(),
                std::ptr::null(),
                libc::MS_REMOUNT | libc::MS_RDONLY | libc::MS_NOSUID | libc::MS_NODEV,
                std::ptr::null(),
            );
        }
    }
}

/// # Safety
/// Async-signal-safe calls only.
unsafe fn apply_landlock(plan: &ChildPlan, landlock: &LandlockPlan) {
    // SAFETY: the attribute structs live on this stack; paths come from the plan.
    unsafe {
        let handled: u64 = landlock.handled;
        let ruleset = libc::syscall(
            LANDLOCK_CREATE_RULESET,
            &handled as *const u64,
            std::mem::size_of::<u64>(),
            0u32,
        );
        if ruleset < 0 {
            child_fail(plan, STAGE_LANDLOCK);
        }
        for (path, access) in &landlock.rules {
            let fd = libc::open(path.as_ptr(), libc::O_PATH | libc::O_CLOEXEC);
            if fd < 0 {
                continue;
            }
            let beneath = PathBeneath {
                allowed_access: *access,
                parent_fd: fd,
            };
            let added = libc::syscall(
                LANDLOCK_ADD_RULE,
                ruleset as libc::c_int,
                LANDLOCK_RULE_PATH_BENEATH,
                &beneath as *const PathBeneath,
                0u32,
            );
            libc::close(fd);
            if added != 0 {
                child_fail(plan, STAGE_LANDLOCK);
            }
        }
        if libc::syscall(LANDLOCK_RESTRICT_SELF, ruleset as libc::c_int, 0u32) != 0 {
            child_fail(plan, STAGE_LANDLOCK);
        }
        libc::close(ruleset as libc::c_int);
    }
}

/// Marks every descriptor above 2 close-on-exec: what pyjudge inherited from its
/// caller (a shell's `7>>file`) must not reach the runner, where landlock would not stop
/// its use, since it checks only new opens. Marked rather than closed, so that a pipe
/// that reports a failed exec still works until the exec.
///
/// # Safety
/// Async-signal-safe calls only.
pub(super) unsafe fn close_inherited_fds(first: libc::c_uint) {
    const CLOSE_RANGE_CLOEXEC: libc::c_uint = 1 << 2;
    // SAFETY: close_range and fcntl take no pointers; getrlimit writes into a local.
    unsafe {
        if libc::syscall(
            libc::SYS_close_range,
            first,
            libc::c_uint::MAX,
            CLOSE_RANGE_CLOEXEC,
        ) != 0
        {
            // Before Linux 5.11: one by one, up to the descriptor limit.
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
            for fd in first as libc::c_int..limit.rlim_cur.min(1 << 20) as libc::c_int {
                libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
            }
        }
    }
}

/// The most descriptors the runner is started with: its three pipes and the case
/// group's files.
const KEPT_FDS_MAX: usize = 16;

/// Puts the control, events and diagnostics pipes on fds 0, 1 and 2 and the kept
/// descriptors (the case group's files) on 3 and up. They go through high numbers
/// first so that one already sitting on a target is not overwritten.
///
/// # Safety
/// Async-signal-safe calls only.
unsafe fn move_to_standard_fds(plan: &ChildPlan) {
    // SAFETY: fcntl and dup2 on descriptors the plan owns.
    unsafe {
        let standard = [plan.control_read, plan.events_write, plan.diagnostics_write];
        let count = 3 + plan.kept.len();
        if count > KEPT_FDS_MAX {
            child_fail(plan, STAGE_FDS);
        }
        let mut high = [0; KEPT_FDS_MAX];
        for index in 0..count {
            let fd = if index < 3 {
                standard[index]
            } else {
                plan.kept[index - 3]
            };
            high[index] = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 64);
            if high[index] < 0 {
                child_fail(plan, STAGE_FDS);
            }
        }
        for (target, fd) in high[..count].iter().enumerate() {
            if libc::dup2(*fd, target as libc::c_int) < 0 {
                child_fail(plan, STAGE_FDS);
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// The parent.
// ---------------------------------------------------------------------------------

/// The case group's files in the order the runner gets them, from descriptor 3 on.
fn kept_fds(files: &crate::sandbox::cgroup::CaseFiles) -> Vec<RawFd> {
    let mut kept: Vec<RawFd> = files.join.iter().map(AsRawFd::as_raw_fd).collect();
    kept.extend([
        files.cpu.as_raw_fd(),
        files.memory.as_raw_fd(),
        files.peak.as_raw_fd(),
    ]);
    kept
}

/// What the runner is told of the case group: which descriptor is which (as
/// [`kept_fds`] numbers them from 3).
fn case_accounting(files: &crate::sandbox::cgroup::CaseFiles) -> serde_json::Value {
    let joins = files.join.len() as i32;
    serde_json::json!({
        "version": files.version,
        "join": (3..3 + joins).collect::<Vec<_>>(),
        "cpu": 3 + joins,
        "memory": 4 + joins,
        "peak": 5 + joins,
    })
}

pub(super) fn launch(python: &Python, workdir: &Path, limits: &Limits) -> Result<Launched> {
    // The candidate's writable /work: the output files, twice over, and room to work in.
    let work_bytes = super::work_bytes(limits);
    loop {
        let refused = refused();
        if let Some(reason) = refused.namespaces.clone() {
            return launch_in_process_group(python, workdir, reason);
        }
        match launch_in_namespaces(python, workdir, work_bytes, limits, &refused, false)? {
            Attempt::Launched(launched) => return Ok(*launched),
            Attempt::Refused(layer, reason) => refuse(|state| match layer {
                RefusedLayer::Cgroups => state.cgroups = Some(reason),
                RefusedLayer::Namespaces => state.namespaces = Some(reason),
                RefusedLayer::View => state.view = Some(reason),
                RefusedLayer::Landlock => state.landlock = Some(reason),
                RefusedLayer::Seccomp => state.seccomp = Some(reason),
            }),
        }
    }
}

enum RefusedLayer {
    Cgroups,
    Namespaces,
    View,
    Landlock,
    Seccomp,
}

enum Attempt {
    Launched(Box<Launched>),
    Refused(RefusedLayer, String),
}

fn layers_for(refused: &Refused, namespaces: bool) -> Layers {
    let layer = |off: &Option<String>| {
        off.as_ref()
            .map_or_else(Layer::on, |reason| Layer::off(reason.clone()))
    };
    let needs_namespaces = |layer: Layer| {
        if namespaces {
            layer
        } else {
            Layer::off("needs the user namespace")
        }
    };
    Layers {
        user_namespace: layer(&refused.namespaces),
        pid_namespace: layer(&refused.namespaces),
        network_namespace: layer(&refused.namespaces),
        ipc_uts_namespaces: layer(&refused.namespaces),
        mount_view: needs_namespaces(layer(&refused.view)),
        no_new_privs: if namespaces {
            Layer::on()
        } else {
            Layer::off("not set in the process-group fallback")
        },
        seccomp: needs_namespaces(layer(&refused.seccomp)),
        landlock: needs_namespaces(layer(&refused.landlock)),
        rlimits: Layer::on(),
        cgroups: Layer::off(
            "not used: the runner's polling and per-process rlimits bound the process tree",
        ),
    }
}

/// Starts a warm runner in `home`, with its first message, where this machine gives
/// namespaces and the view; otherwise says why not.
pub(super) fn launch_warm(python: &Python, home: &Path) -> Result<(Launched, serde_json::Value)> {
    let refused = refused();
    if let Some(reason) = refused.namespaces.as_ref().or(refused.view.as_ref()) {
        return Err(Error::Sandbox {
            message: format!("a warm runner needs namespaces and the filesystem view: {reason}"),
        });
    }
    // The warm runner's own bounds; each submission sets its own before it starts.
    let limits = Limits {
        cpu_ms: 1000,
        wall_ms: 1000,
        memory_kb: 256 * 1024,
        output_bytes: 1 << 20,
        processes: 64,
    };
    match launch_in_namespaces(python, home, 64 << 20, &limits, &refused, true)? {
        Attempt::Launched(mut launched) => {
            if let Some(pending) = launched.pending_cgroup.take() {
                match pending.join() {
                    Ok(Ok(cgroup)) => {
                        launched.process.cgroup = Some(cgroup);
                        launched.containment.layers.cgroups = Layer::on();
                    }
                    Ok(Err(reason)) => {
                        refuse_cgroups(reason.clone());
                        launched.containment.layers.cgroups = Layer::off(reason);
                    }
                    Err(_) => {}
                }
            }
            let config = launched.warm_config.take().unwrap_or_default();
            Ok((*launched, config))
        }
        Attempt::Refused(_, reason) => Err(Error::Sandbox {
            message: format!("the warm runner could not start: {reason}"),
        }),
    }
}

fn launch_in_namespaces(
    python: &Python,
    workdir: &Path,
    work_bytes: u64,
    limits: &Limits,
    refused: &Refused,
    warm: bool,
) -> Result<Attempt> {
    let uid = sandbox_uid();
    let root = is_root();
    let with_view = refused.view.is_none();
    let places = if with_view {
        Places {
            judge_dir: PathBuf::from(VIEW_JUDGE_DIR),
            work_dir: PathBuf::from(VIEW_WORK_DIR),
        }
    } else {
        Places {
            judge_dir: workdir.to_path_buf(),
            work_dir: workdir.to_path_buf(),
        }
    };
    // In the view the candidate reads the runner's files and writes only to its own
    // tmpfs; without it, it works in the folder itself, which must then be its own.
    if root {
        if with_view {
            std::fs::set_permissions(workdir, std::fs::Permissions::from_mode(0o711))
                .map_err(|error| Error::io("open up", workdir, error))?;
            let _ = std::os::unix::fs::chown(workdir, Some(0), Some(0));
        } else {
            std::os::unix::fs::chown(workdir, Some(uid), Some(uid))
                .map_err(|error| Error::io("hand over", workdir, error))?;
        }
    }
    let view = if with_view {
        Some(view_plan(python, workdir, work_bytes)?)
    } else {
        None
    };
    let hides = if root && !with_view {
        let mut visible: Vec<PathBuf> = python.roots.clone();
        visible.push(workdir.to_path_buf());
        hides_for(&visible)?
    } else {
        Vec::new()
    };
    let landlock = if refused.landlock.is_none() {
        // In the view everything visible was chosen to be readable, so reading is
        // allowed beneath its root and landlock guards writing; without the view it
        // also keeps reads to what Python needs.
        let mut read: Vec<PathBuf> = if with_view {
            vec![PathBuf::from("/")]
        } else {
            [
                "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/proc",
            ]
            .iter()
            .map(PathBuf::from)
            .collect()
        };
        if !with_view {
            read.extend(python.roots.iter().cloned());
            read.push(places.judge_dir.clone());
        }
        let mut write = vec![places.work_dir.clone()];
        if with_view {
            write.push(PathBuf::from("/tmp"));
            write.push(PathBuf::from("/dev/shm"));
        }
        landlock_plan(&read, &write)?
    } else {
        None
    };
    let programs: &[seccompiler::BpfProgram] = if refused.seccomp.is_none() {
        seccomp_programs().map_err(|message| Error::Sandbox { message })?
    } else {
        &[]
    };
    // A warm runner applies landlock and seccomp to each submission itself, after the
    // namespaces and mounts that they would forbid.
    let warm_config = warm.then(|| {
        let filters: Vec<String> = programs.iter().map(program_hex).collect();
        let landlock = landlock.as_ref().map(|plan| {
            serde_json::json!({
                "handled": plan.handled,
                "rules": plan.rules.iter().map(|(path, access)| {
                    serde_json::json!([path.to_string_lossy(), access])
                }).collect::<Vec<_>>(),
            })
        });
        serde_json::json!({
            "mode": "warm",
            "inside_id": INSIDE_ID,
            "seccomp": filters,
            "landlock": landlock,
        })
    });
    let (landlock, programs) = if warm {
        (None, &[][..])
    } else {
        (landlock, programs)
    };
    let seccomp: Vec<SockFprog> = programs
        .iter()
        .map(|program| SockFprog {
            len: program.len() as libc::c_ushort,
            filter: program.as_ptr(),
        })
        .collect();
    let arguments = runner_arguments(python, &places);
    let argv_strings: Vec<CString> = arguments.iter().map(cstring).collect::<Result<_>>()?;
    let env_strings: Vec<CString> = runner_environment(&places)
        .iter()
        .map(|(key, value)| cstring(format!("{key}={value}")))
        .collect::<Result<_>>()?;
    // The tree's memory (tmpfs included) and process count, bounded by control groups
    // behind the runner's polling; each case in a group of its own below, whose bound
    // the kernel's OOM killer enforces among the case's processes only.
    let mut cgroup_refusal = refused.cgroups.clone();
    let mut cgroup = None;
    let mut cgroup_join = Vec::new();
    let mut case_files = None;
    if cgroup_refusal.is_none() {
        match crate::sandbox::cgroup::SandboxCgroup::create(super::cgroup_bounds(limits)).and_then(|group| {
            let files = group.self_join_files()?;
            let case = group.case_files()?;
            Ok((group, files, case))
        }) {
            Ok((group, files, case)) => {
                cgroup = Some(group);
                cgroup_join = files;
                case_files = Some(case);
            }
            Err(reason) => {
                refuse_cgroups(reason.clone());
                cgroup_refusal = Some(reason);
            }
        }
    }
    let (sync_read, sync_write) = pipe()?;
    let (control_read, control_write) = if warm { record_socket_pair()? } else { pipe()? };
    let (events_read, events_write) = pipe()?;
    let (diagnostics_read, diagnostics_write) = pipe()?;
    let (error_read, error_write) = pipe()?;
    let mut argv: Vec<*const libc::c_char> = argv_strings.iter().map(|arg| arg.as_ptr()).collect();
    argv.push(std::ptr::null());
    let mut envp: Vec<*const libc::c_char> = env_strings.iter().map(|arg| arg.as_ptr()).collect();
    envp.push(std::ptr::null());
    let plan = ChildPlan {
        executable: cstring(&python.executable)?,
        argv,
        envp,
        cwd: cstring(&places.work_dir)?,
        view,
        hides,
        landlock,
        seccomp,
        set_groups: root,
        cgroup_join: cgroup_join.iter().map(AsRawFd::as_raw_fd).collect(),
        kept: case_files.as_ref().map(kept_fds).unwrap_or_default(),
        sync_read: sync_read.as_raw_fd(),
        control_read: control_read.as_raw_fd(),
        events_write: events_write.as_raw_fd(),
        diagnostics_write: diagnostics_write.as_raw_fd(),
        error_write: error_write.as_raw_fd(),
    };
    let mut stack = vec![0u8; 256 * 1024];
    // SAFETY: the stack grows down from the end of a buffer that outlives clone's return.
    let stack_top = unsafe { stack.as_mut_ptr().add(stack.len()) };
    let stack_top = ((stack_top as usize) & !15) as *mut libc::c_void;
    let flags = libc::CLONE_NEWUSER
        | libc::CLONE_NEWPID
        | libc::CLONE_NEWNS
        | libc::CLONE_NEWNET
        | libc::CLONE_NEWIPC
        | libc::CLONE_NEWUTS
        | libc::SIGCHLD;
    // SAFETY: child_main only reads `plan` and makes async-signal-safe system calls;
    // without CLONE_VM the child works on its own copy of the address space.
    let pid = unsafe {
        libc::clone(
            child_main,
            stack_top,
            flags,
            (&plan as *const ChildPlan).cast_mut().cast(),
        )
    };
    if pid < 0 {
        let error = std::io::Error::last_os_error();
        return Ok(Attempt::Refused(
            RefusedLayer::Namespaces,
            format!("clone with new user, pid, mount and network namespaces failed: {error}"),
        ));
    }
    let mut process = RunnerProcess::new(pid, false);
    drop((
        sync_read,
        control_read,
        events_write,
        diagnostics_write,
        error_write,
    ));
    let maps = if root {
        std::fs::write(
            format!("/proc/{pid}/uid_map"),
            format!("{INSIDE_ID} {uid} 1\n"),
        )
        .and_then(|()| {
            std::fs::write(
                format!("/proc/{pid}/gid_map"),
                format!("{INSIDE_ID} {uid} 1\n"),
            )
        })
    } else {
        // SAFETY: getuid and getgid have no preconditions.
        let (own_uid, own_gid) = unsafe { (libc::getuid(), libc::getgid()) };
        std::fs::write(format!("/proc/{pid}/setgroups"), "deny")
            .and_then(|()| {
                std::fs::write(
                    format!("/proc/{pid}/uid_map"),
                    format!("{INSIDE_ID} {own_uid} 1\n"),
                )
            })
            .and_then(|()| {
                std::fs::write(
                    format!("/proc/{pid}/gid_map"),
                    format!("{INSIDE_ID} {own_gid} 1\n"),
                )
            })
    };
    if let Err(error) = maps {
        process.kill();
        return Ok(Attempt::Refused(
            RefusedLayer::Namespaces,
            format!("writing the user namespace's id maps failed: {error}"),
        ));
    }
    // On cgroup v1 the child joined its groups itself; on v2 it is moved by pid, which
    // waits for an RCU grace period, so that runs beside the interpreter's start-up and
    // the session waits for it before the runner may fork anything of the candidate's.
    let mut pending_cgroup = None;
    let cgroup_layer = match cgroup {
        Some(group) if cgroup_join.is_empty() => {
            pending_cgroup = Some(std::thread::spawn(move || {
                group.add(pid)?;
                Ok(group)
            }));
            Layer::off("not set up yet")
        }
        Some(group) => {
            process.cgroup = Some(group);
            Layer::on()
        }
        None => Layer::off(cgroup_refusal.unwrap_or_default()),
    };
    let pid_namespace = std::fs::read_link(format!("/proc/{pid}/ns/pid"))
        .ok()
        .map(|link| link.display().to_string());
    let mut sync = File::from(sync_write);
    let _ = std::io::Write::write_all(&mut sync, b"x");
    drop(sync);
    let mut error_pipe = File::from(error_read);
    let mut report = Vec::new();
    let _ = std::io::Read::read_to_end(&mut error_pipe, &mut report);
    drop(plan);
    drop(stack);
    if report.len() >= 5 {
        process.kill();
        let errno = i32::from_ne_bytes([report[1], report[2], report[3], report[4]]);
        let error = std::io::Error::from_raw_os_error(errno);
        let stage = report[0];
        let reason = format!("{} failed: {error}", stage_name(stage));
        return match stage {
            STAGE_VIEW => Ok(Attempt::Refused(RefusedLayer::View, reason)),
            STAGE_LANDLOCK => Ok(Attempt::Refused(RefusedLayer::Landlock, reason)),
            STAGE_SECCOMP => Ok(Attempt::Refused(RefusedLayer::Seccomp, reason)),
            STAGE_CGROUP => Ok(Attempt::Refused(RefusedLayer::Cgroups, reason)),
            STAGE_EXEC => Err(Error::Sandbox {
                message: format!(
                    "{} {}: {error}",
                    stage_name(stage),
                    python.executable.display()
                ),
            }),
            _ => Ok(Attempt::Refused(RefusedLayer::Namespaces, reason)),
        };
    }
    Ok(Attempt::Launched(Box::new(Launched {
        process,
        control: File::from(control_write),
        events: File::from(events_read),
        diagnostics: File::from(diagnostics_read),
        containment: Containment {
            layers: Layers {
                cgroups: cgroup_layer,
                ..layers_for(refused, true)
            },
            pid_namespace,
            uid,
            warm: false,
            accounting: "approximate".into(),
        },
        judge_dir: places.judge_dir,
        warm_config,
        case_accounting: case_files.as_ref().map(case_accounting),
        pending_cgroup,
    })))
}

fn launch_in_process_group(python: &Python, workdir: &Path, reason: String) -> Result<Launched> {
    let root = is_root();
    let uid = sandbox_uid();
    if root {
        let mut visible = python.roots.clone();
        visible.push(python.executable.clone());
        if let Some(blocked) = visible.iter().find_map(|path| blocked_ancestor(path)) {
            return Err(Error::Sandbox {
                message: format!(
                    "user namespaces are unavailable ({reason}) and the interpreter is under {}, which \
                     an unprivileged user cannot enter; pyjudge will not run candidate code as root. \
                     Enable user namespaces, or pass --python with an interpreter outside private folders",
                    blocked.display()
                ),
            });
        }
        std::os::unix::fs::chown(workdir, Some(uid), Some(uid))
            .map_err(|error| Error::io("hand over", workdir, error))?;
    }
    let places = Places {
        judge_dir: workdir.to_path_buf(),
        work_dir: workdir.to_path_buf(),
    };
    let arguments = runner_arguments(python, &places);
    let mut command = std::process::Command::new(&arguments[0]);
    command
        .args(&arguments[1..])
        .env_clear()
        .envs(runner_environment(&places))
        .current_dir(workdir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // SAFETY: the hook only makes async-signal-safe system calls.
    unsafe {
        command.pre_exec(move || {
            // std has put the pipes on 0, 1 and 2; everything above is inherited.
            close_inherited_fds(3);
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            if root
                && (libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setresgid(uid, uid, uid) != 0
                    || libc::setresuid(uid, uid, uid) != 0)
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().map_err(|error| Error::Sandbox {
        message: format!("cannot start {}: {error}", python.executable.display()),
    })?;
    let take = |fd: Option<OwnedFd>| fd.map(File::from).expect("piped");
    let control = take(child.stdin.take().map(|pipe| pipe.into()));
    let events = take(child.stdout.take().map(|pipe| pipe.into()));
    let diagnostics = take(child.stderr.take().map(|pipe| pipe.into()));
    let pid = child.id() as i32;
    // The child is reaped through its pid from here on (dropping std's handle neither
    // kills nor waits).
    drop(child);
    let containment = Containment {
        layers: layers_for(
            &Refused {
                namespaces: Some(reason),
                ..Refused::default()
            },
            false,
        ),
        pid_namespace: None,
        uid,
        warm: false,
        accounting: "approximate".into(),
    };
    super::warn_once(&containment);
    Ok(Launched {
        process: RunnerProcess::new(pid, true),
        control,
        events,
        diagnostics,
        containment,
        judge_dir: places.judge_dir,
        warm_config: None,
        case_accounting: None,
        pending_cgroup: None,
    })
}

/// Remembers that control groups cannot be used here, so later sandboxes skip them.
pub(super) fn refuse_cgroups(reason: String) {
    refuse(|state| state.cgroups = Some(reason));
}

pub(super) fn kill_only(pid: i32) {
    // SAFETY: kill on a child that is registered, so not yet reaped: the pid is ours.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
}

pub(super) fn kill_and_reap(pid: i32, group: bool) {
    // SAFETY: kill and waitpid on a child of this process; the pid cannot be reused
    // before it is reaped here.
    unsafe {
        if group {
            libc::kill(-pid, libc::SIGKILL);
        }
        libc::kill(pid, libc::SIGKILL);
        let mut status = 0;
        while libc::waitpid(pid, &mut status, 0) < 0 {
            if *libc::__errno_location() != libc::EINTR {
                break;
            }
        }
    }
}
