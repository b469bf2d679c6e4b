//! The cloned child: carries out its plan step by step with raw system calls, and says
//! on a pipe which step failed.

use super::*;

// The steps a cloned child reports when one fails, a byte each: a table of numbers (the
// duplicates tool sees its lines as one shape repeated; it is deliberate).
pub(super) const STAGE_SYNC: u8 = 1;
pub(super) const STAGE_MOUNT: u8 = 2;
pub(super) const STAGE_IDS: u8 = 3;
pub(super) const STAGE_CHDIR: u8 = 4;
pub(super) const STAGE_FDS: u8 = 5;
pub(super) const STAGE_EXEC: u8 = 6;
pub(super) const STAGE_TMPFS: u8 = 7;
pub(super) const STAGE_BIND: u8 = 8;
pub(super) const STAGE_VIEW: u8 = 10;
pub(super) const STAGE_LANDLOCK: u8 = 11;
pub(super) const STAGE_SECCOMP: u8 = 12;
pub(super) const STAGE_NO_NEW_PRIVS: u8 = 13;
pub(super) const STAGE_CGROUP: u8 = 14;

pub(super) fn stage_name(stage: u8) -> &'static str {
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
pub(super) unsafe fn child_fail(plan: &ChildPlan, stage: u8) -> ! {
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

pub(super) extern "C" fn child_main(argument: *mut libc::c_void) -> libc::c_int {
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
pub(super) unsafe fn child_setup(plan: &ChildPlan) -> libc::c_int {
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
pub(super) unsafe fn build_view(plan: &ChildPlan, view: &ViewPlan) {
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
pub(super) unsafe fn hide_private_folders(plan: &ChildPlan) {
    // SAFETY: all pointers come from CStrings in the plan.
    unsafe {
        for hide in &plan.hides {
            for (path, fixed_fd, _, _, _) in &hide.binds {
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
            for (_, _, source, target, writable) in &hide.binds {
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
                let read_only = if *writable { 0 } else { libc::MS_RDONLY };
                libc::mount(
                    std::ptr::null(),
                    target.as_ptr(),
                    std::ptr::null(),
                    libc::MS_REMOUNT | libc::MS_BIND | read_only | libc::MS_NOSUID | libc::MS_NODEV,
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
pub(super) unsafe fn apply_landlock(plan: &ChildPlan, landlock: &LandlockPlan) {
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
pub(in crate::sandbox) unsafe fn close_inherited_fds(first: libc::c_uint) {
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
pub(super) const KEPT_FDS_MAX: usize = 16;

/// Puts the control, events and diagnostics pipes on fds 0, 1 and 2 and the kept
/// descriptors (the case group's files) on 3 and up. They go through high numbers
/// first so that one already sitting on a target is not overwritten.
///
/// # Safety
/// Async-signal-safe calls only.
pub(super) unsafe fn move_to_standard_fds(plan: &ChildPlan) {
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
