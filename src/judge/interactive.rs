//! One case of a Kattis interactive problem, run: the interactor (the package's output
//! validator) outside the sandbox under the validators' rlimits and without network
//! (`scripts`), the candidate's case inside, the two joined by the session's FIFOs
//! (`sandbox::Interaction`). Neither end can hold the judge: the candidate has its limits and
//! wall-clock cap in the runner, the interactor a grace period after the candidate ended,
//! after which its whole process group is killed. The verdict is
//! `judging::interactive`'s.

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::error::Result;
use crate::judging::interactive::{self, CandidateEnd, InteractorEnd, InteractorOutcome};
use crate::judging::outcome::{case_outcome, Judged};
use crate::package::kattis;
use crate::package::spec::{Case, CaseInput, Challenge, Comparison, Expected};
use crate::python::Python;
use crate::sandbox::{monotonic_seconds, RawResult, RunnerStatus, Session};
use crate::scripts::{absolute, kill_group_of, last_lines};

/// How long an interactor may run on once the candidate's case has ended: its pipes are
/// closed by then, so one still running is stuck.
const INTERACTOR_GRACE: Duration = Duration::from_secs(2);

/// How long the interactor's stderr may stay open once it has ended.
const STDERR_WAIT: Duration = Duration::from_secs(1);

/// How much of the interactor's stderr is kept for a judge error's details.
const STDERR_CAP: usize = 64 * 1024;

/// Runs `case` with its interactor; the runner's result for the candidate (a stand-in when
/// the candidate never ran) and the case's verdict, message and details. `Err` only for the
/// session's own failures (the run cancelled, a FIFO that cannot be made).
pub(super) fn run_case(
    session: &mut Session,
    challenge: &Challenge,
    case: &Case,
    python: &Python,
) -> Result<(RawResult, Judged)> {
    let (program, flags) = match challenge.comparison_of(case) {
        Comparison::KattisValidator { program, flags } => (program, flags),
        _ => {
            return Ok(not_run(
                "the interactive problem has no interactor".into(),
                "(none)",
                case,
            ))
        }
    };
    let name = program
        .strip_prefix(&challenge.dir)
        .unwrap_or(program)
        .display()
        .to_string();
    let (CaseInput::File(input), Expected::File(answer)) = (&case.input, &case.expected) else {
        return Ok(not_run("needs a stdio case".into(), &name, case));
    };
    let script = kattis::validator_program(program)
        .ok_or_else(|| format!("{} is no Python, C or C++ program", program.display()))
        .and_then(|validator| {
            let (cpu_seconds, memory_mb) =
                kattis::validation_limits(&challenge.dir).map_err(|error| error.to_string())?;
            crate::scripts::limited_validator(
                &validator,
                &challenge.dir,
                python,
                &crate::folders::cache_dir(),
                cpu_seconds,
                memory_mb,
            )
        });
    let script = match script {
        Ok(script) => script,
        Err(why) => return Ok(not_run(why, &name, case)),
    };
    let feedback = match crate::sandbox::work_base()
        .map_err(|error| error.to_string())
        .and_then(|base| tempfile::tempdir_in(base).map_err(|error| error.to_string()))
    {
        Ok(feedback) => feedback,
        Err(error) => return Ok(not_run(format!("no feedback folder: {error}"), &name, case)),
    };
    // The interactor runs in its feedback folder, so every path it gets is absolute; the
    // format wants the feedback folder with a separator at its end.
    let mut feedback_arg = feedback.path().as_os_str().to_os_string();
    feedback_arg.push("/");
    let script = match script.hand_over(feedback.path()) {
        Ok(script) => script,
        Err(why) => return Ok(not_run(why, &name, case)),
    };
    let mut command = script
        .arg(absolute(input))
        .arg(absolute(answer))
        .arg(feedback_arg)
        .args(flags)
        .current_dir(feedback.path())
        .command();
    let mut interaction = session.stage_interaction()?;
    let (Some(from_candidate), Some(to_candidate)) = (
        interaction.from_candidate.take(),
        interaction.to_candidate.take(),
    ) else {
        return Ok(not_run("its pipes were not staged".into(), &name, case));
    };
    command
        .stdin(Stdio::from(from_candidate))
        .stdout(Stdio::from(to_candidate))
        .stderr(Stdio::piped());
    let spawned = command.spawn();
    // The command's copies of the pipe ends: the interactor must hold the only ones.
    drop(command);
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) => return Ok(not_run(format!("cannot start: {error}"), &name, case)),
    };
    let group = child.id();
    let _registration = crate::cancel::register(group as i32, |group| kill_group_of(group as u32));
    // Read on a thread of its own, and waited for with a timeout: a process the
    // interactor left behind outside its group may hold the pipe open for ever.
    let (stderr_read, stderr) = mpsc::channel::<Vec<u8>>();
    if let Some(mut pipe) = child.stderr.take() {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut chunk = [0u8; 8192];
            while let Ok(read) = pipe.read(&mut chunk) {
                if read == 0 {
                    break;
                }
                if kept.len() < STDERR_CAP {
                    kept.extend_from_slice(&chunk[..read]);
                }
            }
            let _ = stderr_read.send(kept);
        });
    }
    let (ended, interactor_ended) = mpsc::channel::<(std::io::Result<ExitStatus>, f64)>();
    let (raw, end) = std::thread::scope(|scope| {
        let interaction = &interaction;
        scope.spawn(move || {
            let status = child.wait();
            let ended_at = monotonic_seconds();
            let _ = ended.send((status, ended_at));
            // Its stdout is closed: once the candidate has read what it left there and
            // nothing else holds its stdin, the candidate reads an end of file. (The
            // candidate's result releases it in any case.)
            interaction.release_when_read();
        });
        let raw = session
            .send_interactive_case(&case.name, interaction)
            .and_then(|()| session.await_case());
        interaction.release();
        let end = match interactor_ended.recv_timeout(INTERACTOR_GRACE) {
            Ok((Ok(status), ended_at)) => match (status.code(), status.signal()) {
                (Some(code), _) => InteractorEnd::Exited { code, ended_at },
                (None, signal) => InteractorEnd::Signaled {
                    signal: signal.unwrap_or(0),
                    ended_at,
                },
            },
            Ok((Err(error), _)) => {
                InteractorEnd::NotStarted(format!("cannot be waited for: {error}"))
            }
            Err(_) => {
                kill_group_of(group);
                let _ = interactor_ended.recv();
                InteractorEnd::Hung {
                    waited_ms: INTERACTOR_GRACE.as_millis() as u64,
                }
            }
        };
        // Whatever the interactor left running in its group goes with it.
        kill_group_of(group);
        (raw, end)
    });
    let raw = raw?;
    let stderr = stderr
        .recv_timeout(STDERR_WAIT)
        .map(|bytes| last_lines(&String::from_utf8_lossy(&bytes), 5))
        .unwrap_or_default();
    let message = std::fs::read_to_string(feedback.path().join("judgemessage.txt"))
        .map(|text| crate::text::truncate(text.trim(), 2000))
        .unwrap_or_default();
    let candidate = CandidateEnd {
        judged: case_outcome(&raw, &challenge.limits),
        ended_at: raw.field("ended_at").and_then(Value::as_f64),
    };
    let outcome = InteractorOutcome {
        end,
        message,
        stderr,
        name,
    };
    let judged = interactive::verdict(&candidate, &outcome, case.group);
    Ok((raw, judged))
}

/// A case whose candidate never ran, for an interactor that could not run.
fn not_run(why: String, name: &str, case: &Case) -> (RawResult, Judged) {
    let outcome = InteractorOutcome {
        end: InteractorEnd::NotStarted(why),
        message: String::new(),
        stderr: String::new(),
        name: name.to_string(),
    };
    let candidate = CandidateEnd {
        judged: None,
        ended_at: None,
    };
    let raw = RawResult {
        status: RunnerStatus::Internal,
        event: json!({}),
        cpu_ms: 0.0,
        wall_ms: 0.0,
        memory_kb: 0,
    };
    (raw, interactive::verdict(&candidate, &outcome, case.group))
}
