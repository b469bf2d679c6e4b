//! The parent: launches a runner (cold or warm) in namespaces, or in a process group where
//! namespaces are refused, and kills and reaps it.

use super::*;

/// The case group's files in the order the runner gets them, from descriptor 3 on.
pub(super) fn kept_fds(files: &crate::sandbox::cgroup::CaseFiles) -> Vec<RawFd> {
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
pub(super) fn case_accounting(files: &crate::sandbox::cgroup::CaseFiles) -> serde_json::Value {
    let joins = files.join.len() as i32;
    serde_json::json!({
        "version": files.version,
        "join": (3..3 + joins).collect::<Vec<_>>(),
        "cpu": 3 + joins,
        "memory": 4 + joins,
        "peak": 5 + joins,
    })
}

pub(in crate::sandbox) fn launch(
    python: &Python,
    workdir: &Path,
    limits: &Limits,
) -> Result<Launched> {
    // The candidate's writable /work: the output files, twice over, and room to work in.
    let work_bytes = super::super::work_bytes(limits);
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

pub(super) enum RefusedLayer {
    Cgroups,
    Namespaces,
    View,
    Landlock,
    Seccomp,
}

pub(super) enum Attempt {
    Launched(Box<Launched>),
    Refused(RefusedLayer, String),
}

pub(super) fn layers_for(refused: &Refused, namespaces: bool) -> Layers {
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
pub(in crate::sandbox) fn launch_warm(
    python: &Python,
    home: &Path,
) -> Result<(Launched, serde_json::Value)> {
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

pub(super) fn launch_in_namespaces(
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
        hides_for(&visible, workdir)?
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
        let mut plan = landlock_plan(&read, &write)?;
        if let (Some(plan), true) = (&mut plan, with_view) {
            // An interactive case's stdout is a FIFO staged in /judge/in: opening it for
            // writing needs this right, and the read-only mount keeps it to FIFOs.
            let fifos = Path::new(VIEW_JUDGE_DIR).join("in");
            plan.rules.push((
                cstring(&fifos)?,
                ACCESS_EXECUTE | ACCESS_READ_FILE | ACCESS_READ_DIR | ACCESS_WRITE_FILE,
            ));
        }
        plan
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
        // The view's folders under a tmpfs each submission mounts afresh (see plan.rs):
        // the warm runner binds them again over it.
        let rebind: Vec<String> = python
            .roots
            .iter()
            .filter(|root| {
                ["/tmp", "/dev/shm"]
                    .iter()
                    .any(|mounted| root.starts_with(mounted))
            })
            .map(|root| root.to_string_lossy().into_owned())
            .collect();
        serde_json::json!({
            "mode": "warm",
            "rebind": rebind,
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
        match crate::sandbox::cgroup::SandboxCgroup::create(super::super::cgroup_bounds(limits))
            .and_then(|group| {
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

pub(super) fn launch_in_process_group(
    python: &Python,
    workdir: &Path,
    reason: String,
) -> Result<Launched> {
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
    super::super::warn_once(&containment);
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
pub(in crate::sandbox) fn refuse_cgroups(reason: String) {
    refuse(|state| state.cgroups = Some(reason));
}

pub(in crate::sandbox) fn kill_only(pid: i32) {
    // SAFETY: kill on a child that is registered, so not yet reaped: the pid is ours.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
}

pub(in crate::sandbox) fn kill_and_reap(pid: i32, group: bool) {
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
