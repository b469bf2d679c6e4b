//! The commands: turn parsed arguments into calls on the library and an exit code
//! (0 accepted, 1 not accepted, 2 the judge could not do its job).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::atomic;
use crate::cli::{
    CheckArgs, CheckFormat, Cli, Command, DifficultyArg, DoctorArgs, EnvCommand, EnvListArgs,
    EnvSyncArgs, GradeArgs, GradeFormat, InterviewCommand, InterviewFinishArgs, InterviewFormat,
    InterviewHintArgs, InterviewStartArgs, InterviewStatusArgs, ListArgs, ListFormat,
    ReportCommand, ReportFormat, RunArgs, SandboxMode, SetsArgs, ShowArgs, StartArgs, StatsArgs,
    StatsFormat, SubmitArgs, WatchArgs,
};
use crate::clock;
use crate::error::{Error, Result};
use crate::history::{self, History};
use crate::interview;
use crate::judge::{self, JudgeOptions};
use crate::judging::verdict::Verdict;
use crate::package::spec::{self, Challenge};
use crate::python::Python;
use crate::report;

mod env;
mod interviews;

use env::*;
use interviews::*;

/// What every command may need beside its own arguments.
struct Context {
    challenges_dir: PathBuf,
    /// --python or PYJUDGE_PYTHON.
    python: Option<PathBuf>,
    /// --sandbox.
    sandbox: Option<SandboxMode>,
}

impl Context {
    /// The challenge a command names: a slug of the library or a package's path.
    fn challenge(&self, name: &str) -> Result<Challenge> {
        Challenge::load(&spec::resolve(name, &self.challenges_dir)?)
    }
}

/// Runs one command and returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    // Inside an interview's workspace, the candidate's commands name the challenges of the
    // folder it was started from, unless --challenges says otherwise; a coach's or an
    // author's (grade, check) keep the usual library. A state file that does not read is
    // reported by the commands that need the interview.
    let candidate_command = matches!(
        cli.command,
        Command::Submit(..)
            | Command::Run(..)
            | Command::Show(..)
            | Command::Start(..)
            | Command::List(..)
            | Command::Interview { .. }
    );
    let interview_library = (cli.challenges.is_none() && candidate_command)
        .then(|| interview::around_current().ok().flatten())
        .flatten()
        .map(|workspace| workspace.state.challenges_dir)
        .filter(|dir| dir.is_dir());
    let context = Context {
        challenges_dir: interview_library
            .unwrap_or_else(|| crate::package::library::challenges_dir(cli.challenges.as_deref())),
        python: cli.python,
        sandbox: cli.sandbox,
    };
    if matches!(
        cli.command,
        // grade and check run a pool that watches the signals itself.
        Command::Submit(..)
            | Command::Doctor(..)
            | Command::Run(..)
            | Command::Watch(..)
            | Command::Interview {
                command: InterviewCommand::Watch
            }
    ) {
        cancel_on_interrupt();
    }
    match cli.command {
        Command::List(args) => list(&context, args),
        Command::Show(args) => show(&context, args),
        Command::Start(args) => start(&context, args),
        Command::Submit(args) => submit(&context, args),
        Command::Grade(args) => grade(&context, args),
        Command::Report {
            command:
                ReportCommand::Merge {
                    reports,
                    format,
                    out,
                },
        } => merge_reports(reports, format, out),
        Command::Doctor(args) => doctor(&context, args),
        Command::Check(args) => check(&context, args),
        Command::Sets(args) => sets(&context, args),
        Command::Run(args) => run_command(&context, args),
        Command::Watch(args) => watch(&context, args),
        Command::Interview { command } => match command {
            InterviewCommand::Start(args) => interview_start(&context, args),
            InterviewCommand::Status(args) => interview_status(&context, args),
            InterviewCommand::Hint(args) => interview_hint(&context, args),
            InterviewCommand::Finish(args) => interview_finish(&context, args),
            InterviewCommand::Watch => interview_watch(&context),
        },
        Command::Stats(args) => stats(&context, args),
        Command::Env { command } => env_command(&context, command),
    }
}

/// `pyjudge list`: the challenges, by topic or practice set.
fn list(context: &Context, args: ListArgs) -> Result<i32> {
    let ListArgs { topic, set, format } = args;
    let (mut challenges, broken) = crate::package::library::load_all(&context.challenges_dir)?;
    if let Some(topic) = topic {
        let topics = topics(&challenges);
        challenges.retain(|challenge| challenge.topic.eq_ignore_ascii_case(&topic));
        if challenges.is_empty() {
            say_errors(&broken);
            return Err(unknown_topic(&topic, &topics));
        }
    }
    if let Some(set) = set {
        let set = spec::PracticeSet::load(&context.challenges_dir, &set)?;
        challenges.retain(|challenge| set.challenges.contains(&challenge.slug));
        challenges.sort_by_key(|challenge| {
            set.challenges
                .iter()
                .position(|slug| *slug == challenge.slug)
        });
    }
    // Which framework challenges have their environment built, for this interpreter.
    if challenges
        .iter()
        .any(|challenge| challenge.environment.is_some())
    {
        let cache_dir = crate::folders::cache_dir();
        if let Ok(python) = Python::discover_cached(context.python.as_deref(), &cache_dir) {
            for challenge in &mut challenges {
                let _ = crate::environment::attach(challenge, &python, &cache_dir);
            }
        }
    }
    let text = match format {
        ListFormat::Human => report::list_human(&challenges),
        ListFormat::Json => report::list_json(&challenges),
    };
    print(&text)?;
    say_errors(&broken);
    Ok(if broken.is_empty() { 0 } else { 2 })
}

/// The distinct topics of `challenges`, sorted.
fn topics(challenges: &[Challenge]) -> Vec<String> {
    let mut topics: Vec<String> = challenges
        .iter()
        .map(|challenge| challenge.topic.clone())
        .collect();
    topics.sort();
    topics.dedup();
    topics
}

/// No challenge has `topic`: the nearest topics as a hint, and every topic.
fn unknown_topic(topic: &str, topics: &[String]) -> Error {
    let nearest = spec::nearest(topic, topics);
    let hint = if topics.is_empty() {
        "no challenge in the challenges folder loads; run `pyjudge list` to see why".to_string()
    } else if nearest.is_empty() {
        format!("the topics are: {}", topics.join(", "))
    } else {
        format!(
            "did you mean {}? the topics are: {}",
            nearest.join(", "),
            topics.join(", ")
        )
    };
    Error::Usage {
        message: format!("failed to list: no challenge has the topic {topic:?}\nhint: {hint}"),
    }
}

/// `pyjudge show`: a challenge's statement and limits.
fn show(context: &Context, args: ShowArgs) -> Result<i32> {
    let ShowArgs { challenge } = args;
    let challenge = context.challenge(&challenge)?;
    let statement_path = challenge.statement_path();
    let statement = fs::read_to_string(&statement_path)
        .map_err(|error| Error::io("read", statement_path, error))?;
    print(&report::show(&challenge, &statement))?;
    Ok(0)
}

/// `pyjudge start`: the starter code copied where the candidate works.
fn start(context: &Context, args: StartArgs) -> Result<i32> {
    let StartArgs {
        challenge,
        path,
        force,
    } = args;
    let challenge = context.challenge(&challenge)?;
    let target = path.unwrap_or_else(|| PathBuf::from(format!("{}.py", challenge.slug)));
    if target.exists() && !force {
        return Err(Error::Usage {
            message: format!(
                "failed to write the starter: {} exists already\nhint: pass --force to overwrite it, or name another path",
                target.display()
            ),
        });
    }
    let Some(starter) = challenge.starter_path() else {
        return Err(Error::Usage {
            message: format!(
                "failed to write the starter: {} is a Kattis problem package, which has no starter code",
                challenge.slug
            ),
        });
    };
    fs::copy(&starter, &target)
        .map_err(|error| Error::io("write the starter to", &target, error))?;
    eprintln!(
        "wrote {}; judge it with: pyjudge submit {} {}",
        target.display(),
        challenge.slug,
        target.display()
    );
    Ok(0)
}

/// `pyjudge submit`: one solution judged; 0 accepted, 1 not, 2 the judge failed.
fn submit(context: &Context, args: SubmitArgs) -> Result<i32> {
    let SubmitArgs {
        challenge,
        solution,
        format,
        samples_only,
        all_cases,
    } = args;
    let name_given = challenge;
    let mut challenge = context.challenge(&name_given)?;
    let source = judge::read_submission(&solution)?;
    let cache_dir = crate::folders::cache_dir();
    let python = interpreter(context.python.as_deref(), &cache_dir)?;
    if context.sandbox == Some(SandboxMode::Strict) {
        require_containment(&python, SandboxMode::Strict)?;
    }
    offer_environment(context, &challenge, &name_given, &python, &cache_dir)?;
    crate::prepare::prepare(&mut challenge, &python, &cache_dir)?;
    let options = JudgeOptions {
        all_cases,
        samples_only,
    };
    let name = solution.display().to_string();
    let started = std::time::Instant::now();
    let report = judge::judge(&challenge, &name, &source, &python, &options)?;
    if let (Some(mode), Some(record)) = (context.sandbox, &report.sandbox) {
        strict_check(&record.layers, mode)?;
    }
    let text = match format {
        ReportFormat::Human => report::human(&report, report::use_colour()),
        ReportFormat::Json => report::json(&report),
        ReportFormat::Junit => report::junit(&report),
    };
    print(&text)?;
    // A samples-only submission says nothing of the hidden cases: it is kept as a run.
    let command = if samples_only {
        history::Command::Run
    } else {
        history::Command::Submit
    };
    record_attempt(
        &challenge,
        command,
        report.verdict.code(),
        (report.score, report.max_score),
        &source,
        started.elapsed(),
    )?;
    Ok(match report.verdict {
        Verdict::Accepted => 0,
        Verdict::InternalError => {
            eprintln!(
                "pyjudge: error: the judge failed on this submission (IE): {}",
                report.message.as_deref().unwrap_or("see the report")
            );
            2
        }
        _ => 1,
    })
}

/// `pyjudge grade`: a practice set graded for every candidate.
fn grade(context: &Context, args: GradeArgs) -> Result<i32> {
    let GradeArgs {
        set,
        submissions,
        jobs,
        partition,
        no_cache,
        cache_dir,
        format,
        out,
    } = args;
    let practice_set = spec::PracticeSet::load(&context.challenges_dir, &set)?;
    if !submissions.is_dir() {
        return Err(Error::Submission {
            path: submissions,
            message: "not a folder: grade takes a folder with one folder per candidate".into(),
        });
    }
    let (pairs, unknown_files) = crate::grade::discover(&practice_set, &submissions)?;
    let pairs = match partition {
        Some((index, count)) => crate::grade::partition(pairs, index, count),
        None => pairs,
    };
    let cache_dir = cache_dir.unwrap_or_else(crate::folders::cache_dir);
    let python = interpreter(context.python.as_deref(), &cache_dir)?;
    let containment = require_containment(&python, context.sandbox.unwrap_or(SandboxMode::Strict))?;
    // Grading never downloads: every environment the set needs must be built first.
    let loaded: Vec<Challenge> = practice_set
        .challenges
        .iter()
        .filter_map(|slug| Challenge::load(&context.challenges_dir.join(slug)).ok())
        .collect();
    require_environments(
        context,
        &loaded,
        &["--set".to_string(), set.clone()],
        &python,
        &cache_dir,
    )?;
    let mut challenges = std::collections::HashMap::new();
    for slug in &practice_set.challenges {
        let prepared =
            crate::grade::prepare(&context.challenges_dir.join(slug), &python, &cache_dir)?;
        challenges.insert(slug.clone(), std::sync::Arc::new(prepared));
    }
    let jobs = jobs.unwrap_or_else(crate::sandbox::cores).max(1);
    let progress = Progress::new(pairs.len());
    let run = crate::grade::GradeRun {
        set: &practice_set,
        set_name: set_name(&set),
        challenges,
        pairs,
        unknown_files,
        python: std::sync::Arc::new(python),
        cache: (!no_cache).then(|| std::sync::Arc::new(crate::grade::ResultCache::new(&cache_dir))),
        jobs,
        partition,
        sandbox: containment.name().to_string(),
        sandbox_layers: containment
            .layers
            .named()
            .into_iter()
            .filter(|(_, layer)| layer.active)
            .map(|(name, _)| name.to_string())
            .collect(),
    };
    let report = crate::grade::run(run, |result| progress.advance(result))?;
    progress.finish();
    write_grade(&report, format, out.as_deref())?;
    Ok(report.exit_code())
}

/// `pyjudge report merge`: the reports of a partitioned grade joined into one.
fn merge_reports(reports: Vec<PathBuf>, format: GradeFormat, out: Option<PathBuf>) -> Result<i32> {
    let mut loaded = Vec::new();
    for path in reports {
        let bytes = fs::read(&path).map_err(|error| Error::io("read report", &path, error))?;
        let report: crate::grade::GradeReport = serde_json::from_slice(&bytes).map_err(|error| Error::Usage {
            message: format!(
                "failed to read report {}: {error}\nhint: merge takes reports written by `pyjudge grade --format json`",
                path.display()
            ),
        })?;
        if report.format_version != crate::grade::FORMAT_VERSION {
            return Err(Error::Usage {
                message: format!(
                    "failed to read report {}: format version {}, this pyjudge reads {}",
                    path.display(),
                    report.format_version,
                    crate::grade::FORMAT_VERSION
                ),
            });
        }
        loaded.push((path, report));
    }
    let merged = crate::grade::merge(loaded)?;
    write_grade(&merged, format, out.as_deref())?;
    Ok(merged.exit_code())
}

/// `pyjudge doctor`: which sandbox layers this machine gives.
fn doctor(context: &Context, args: DoctorArgs) -> Result<i32> {
    let DoctorArgs { format } = args;
    let cache_dir = crate::folders::cache_dir();
    let python = interpreter(context.python.as_deref(), &cache_dir)?;
    let containment = crate::sandbox::probe(&python)?;
    let ready = containment.layers.missing_for_strict().is_empty();
    let warm = crate::sandbox::probe_warm(&python);
    let environments = crate::environment::list(&cache_dir);
    let text = match format {
        ListFormat::Human => {
            report::doctor_human(&python, &containment, ready, &warm, &environments)
        }
        ListFormat::Json => report::doctor_json(&python, &containment, ready, &warm, &environments),
    };
    print(&text)?;
    Ok(if ready { 0 } else { 1 })
}

/// `pyjudge check`: packages proved sound, and the library's practice sets read.
fn check(context: &Context, args: CheckArgs) -> Result<i32> {
    let CheckArgs {
        packages,
        jobs,
        format,
        mutants,
        min_score,
        write_scores,
        sync,
    } = args;
    let whole_library = packages.is_empty();
    let packages = if whole_library {
        spec::package_dirs(&context.challenges_dir)?
    } else {
        // A slug names a package of the library; anything else is checked as the
        // path it is (and reported as unreadable if it is no package).
        packages
            .into_iter()
            .map(|package| {
                package
                    .to_str()
                    .filter(|name| !package.exists() && !name.contains('/'))
                    .and_then(|name| spec::resolve(name, &context.challenges_dir).ok())
                    .unwrap_or(package)
            })
            .collect()
    };
    // Checking the whole library checks its practice sets too.
    let mut broken_sets = Vec::new();
    if whole_library {
        for name in spec::PracticeSet::names(&context.challenges_dir) {
            if let Err(error) = spec::PracticeSet::load(&context.challenges_dir, &name) {
                broken_sets.push(error);
            }
        }
    }
    let cache_dir = crate::folders::cache_dir();
    let python = interpreter(context.python.as_deref(), &cache_dir)?;
    require_containment(&python, context.sandbox.unwrap_or(SandboxMode::Strict))?;
    // Checking downloads only when asked (--sync): every environment the packages need
    // must be built first.
    let loaded: Vec<Challenge> = packages
        .iter()
        .filter_map(|dir| Challenge::load(dir).ok())
        .collect();
    let sync_arguments = if whole_library {
        vec!["--all".to_string()]
    } else {
        loaded
            .iter()
            .filter(|challenge| crate::environment::is_missing(challenge, &python, &cache_dir))
            .map(|challenge| challenge.dir.display().to_string())
            .collect()
    };
    if sync {
        let missing: Vec<Challenge> = loaded
            .iter()
            .filter(|challenge| crate::environment::is_missing(challenge, &python, &cache_dir))
            .cloned()
            .collect();
        if !missing.is_empty() {
            let options = crate::environment::SyncOptions::default();
            let (_, failures) = sync_environments(&missing, &python, &cache_dir, &options);
            say_errors(&failures);
        }
    }
    require_environments(context, &loaded, &sync_arguments, &python, &cache_dir)?;

    let jobs = jobs.unwrap_or_else(crate::sandbox::cores).max(1);
    let options = crate::check::CheckOptions {
        mutants: mutants.then_some(crate::mutants::MutantOptions { min_score, jobs: 1 }),
    };
    let checks = crate::check::check_all_with(&packages, &python, &cache_dir, jobs, &options)?;
    if write_scores {
        let path = context.challenges_dir.join(crate::mutants::SCORES_FILE);
        let mut scores = crate::mutants::Scores::load(&path)?;
        for check in &checks {
            // A reference that could not be mutated or judged has no score to keep.
            let scored = check.mutants.as_ref().filter(|report| report.total > 0);
            if let Some(report) = scored {
                scores.record(&check.slug, report);
            }
        }
        scores.save(&path)?;
    }
    let text = match format {
        CheckFormat::Human => report::check_human(&checks, report::use_colour()),
        CheckFormat::Json => report::check_json(&checks),
        CheckFormat::Junit => report::check_junit(&checks),
    };
    print(&text)?;
    say_errors(&broken_sets);
    Ok(
        if checks.iter().any(|check| !check.readable) || !broken_sets.is_empty() {
            2
        } else if checks.iter().all(|check| check.ok) {
            0
        } else {
            1
        },
    )
}

/// `pyjudge sets`: the practice sets, with their titles, descriptions and time budgets.
fn sets(context: &Context, args: SetsArgs) -> Result<i32> {
    let SetsArgs { format } = args;
    let mut sets = Vec::new();
    let mut broken = Vec::new();
    for name in spec::PracticeSet::names(&context.challenges_dir) {
        match spec::PracticeSet::load(&context.challenges_dir, &name) {
            Ok(set) => sets.push((name, set)),
            Err(error) => broken.push(error),
        }
    }
    let text = match format {
        ListFormat::Human => report::sets_human(&sets),
        ListFormat::Json => report::sets_json(&sets),
    };
    print(&text)?;
    say_errors(&broken);
    Ok(if broken.is_empty() { 0 } else { 2 })
}

/// On Ctrl-C or SIGTERM, kills the running sandboxes so that the command unwinds through
/// its cleanup (no process, no temporary folder left) and fails with "cancelled".
/// `grade` watches the signals itself, to keep what finished.
fn cancel_on_interrupt() {
    let (ready, registered) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            let _ = ready.send(());
            return;
        };
        runtime.block_on(async {
            use tokio::signal::unix::{signal, SignalKind};
            // Both handlers are in place before the command goes on: a Ctrl-C that comes
            // early must cancel, not kill pyjudge with its sandboxes still running.
            let mut interrupt = signal(SignalKind::interrupt()).ok();
            let mut terminate = signal(SignalKind::terminate()).ok();
            let _ = ready.send(());
            let wait = |stream: Option<tokio::signal::unix::Signal>| async move {
                match stream {
                    Some(mut stream) => {
                        stream.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = wait(interrupt.take()) => {}
                _ = wait(terminate.take()) => {}
            }
        });
        crate::cancel::cancel_all();
    });
    // A thread that fails to start its runtime says so at once; the wait is bounded anyway.
    let _ = registered.recv_timeout(std::time::Duration::from_secs(2));
}

/// The interpreter submissions run with (asked once, remembered in the cache), with the
/// sandbox's runner compiled by it.
fn interpreter(explicit: Option<&Path>, cache_dir: &Path) -> Result<Python> {
    Ok(Python::discover_cached(explicit, cache_dir)?
        .with_compiled_runner(crate::sandbox::RUNNER_SOURCE, cache_dir))
}

/// Refuses to run other people's code without every required layer in strict mode; says
/// once what is missing in permissive mode. Returns the containment's name for reports.
fn require_containment(python: &Python, mode: SandboxMode) -> Result<crate::sandbox::Containment> {
    let containment = crate::sandbox::probe(python)?;
    strict_check(&containment.layers, mode)?;
    crate::sandbox::warn_once(&containment);
    Ok(containment)
}

fn strict_check(layers: &crate::sandbox::Layers, mode: SandboxMode) -> Result<()> {
    let missing = layers.missing_for_strict();
    if mode == SandboxMode::Strict && !missing.is_empty() {
        let list: Vec<String> = missing
            .iter()
            .map(|(name, reason)| format!("{name} ({reason})"))
            .collect();
        return Err(Error::Sandbox {
            message: format!(
                "--sandbox strict (the default for grade and check) needs every layer, and these are \
                 unavailable: {}; run `pyjudge doctor` for details, or pass --sandbox permissive",
                list.join(", ")
            ),
        });
    }
    Ok(())
}

fn set_name(set: &str) -> String {
    Path::new(set)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| set.to_string())
}

fn write_grade(
    report: &crate::grade::GradeReport,
    format: GradeFormat,
    out: Option<&Path>,
) -> Result<()> {
    let colour = out.is_none() && report::use_colour();
    let text = match format {
        GradeFormat::Human => report::grade_human(report, colour),
        GradeFormat::Json => report::grade_json(report),
        GradeFormat::Junit => report::grade_junit(report),
        GradeFormat::Markdown => report::grade_markdown(report),
        GradeFormat::Csv => report::grade_csv(report),
    };
    match out {
        None => print(&text),
        Some(path) => {
            // Written whole under a temporary name first: a reader never sees half a report.
            atomic::write(path, text.as_bytes()).map_err(|error| Error::io("write", path, error))
        }
    }
}

/// Progress on stderr while grading, only when stderr is a terminal.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    failures: std::cell::Cell<usize>,
}

impl Progress {
    fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} pairs  {per_sec}  eta {eta}  {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            bar,
            failures: std::cell::Cell::new(0),
        }
    }

    fn advance(&self, result: &crate::grade::PairResult) {
        if result.status != crate::grade::PairStatus::NotSubmitted
            && result.verdict != Some(Verdict::Accepted)
        {
            self.failures.set(self.failures.get() + 1);
        }
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{} failing", self.failures.get()));
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Errors that did not stop the command (a package or set that does not load), on stderr
/// after its report, each with its hint.
fn say_errors(errors: &[Error]) {
    for error in errors {
        eprintln!("pyjudge: error: {error}");
        if let Some(hint) = error.hint() {
            eprintln!("hint: {hint}");
        }
    }
}

fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // A closed pipe (`pyjudge list | head`) is the reader's choice, not an error.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Error::io("write to", "stdout", error)),
    }
}

/// `pyjudge run`: a solution on sample cases or the candidate's own input, beside the
/// reference; 0 when every case agrees, 1 when one does not, 2 the judge failed.
fn run_command(context: &Context, args: RunArgs) -> Result<i32> {
    let RunArgs {
        challenge,
        solution,
        cases,
        input,
        call,
        format,
    } = args;
    let name_given = challenge;
    let mut challenge = context.challenge(&name_given)?;
    let run_input = match (input, call) {
        (Some(path), _) => crate::run::RunInput::Stdin(path),
        (None, Some(call)) => {
            let value = serde_json::from_str(&call).map_err(|error| Error::Usage {
                message: format!(
                    "failed to read --call {call:?}: {error}\nhint: pass the call's input as JSON in the case encoding, e.g. --call '{{\"args\": [3]}}' (docs/encoding.md)"
                ),
            })?;
            crate::run::RunInput::Call(value)
        }
        (None, None) => crate::run::RunInput::Samples(cases),
    };
    let source = judge::read_submission(&solution)?;
    let cache_dir = crate::folders::cache_dir();
    let python = interpreter(context.python.as_deref(), &cache_dir)?;
    if context.sandbox == Some(SandboxMode::Strict) {
        require_containment(&python, SandboxMode::Strict)?;
    }
    offer_environment(context, &challenge, &name_given, &python, &cache_dir)?;
    crate::prepare::prepare(&mut challenge, &python, &cache_dir)?;
    let name = solution.display().to_string();
    // During an interview the reference solution neither runs nor shows.
    let interview_running = running_interview_with(&challenge.slug)?.is_some();
    if interview_running {
        eprintln!(
            "interview in progress: the reference solution is hidden until `pyjudge interview finish`"
        );
    }
    let started = std::time::Instant::now();
    let report = crate::run::run(
        &challenge,
        &name,
        &source,
        &python,
        &run_input,
        !interview_running,
    )?;
    let text = match format {
        ListFormat::Human => report::run_human(&report),
        ListFormat::Json => report::run_json(&report),
    };
    print(&text)?;
    let verdict = if report.failure.is_some() {
        Verdict::CompileError
    } else {
        report
            .cases
            .iter()
            .filter_map(|case| case.verdict)
            .find(|verdict| *verdict != Verdict::Accepted)
            .unwrap_or(Verdict::Accepted)
    };
    let agreeing = report.cases.iter().filter(|case| case.agrees).count() as u64;
    record_attempt(
        &challenge,
        history::Command::Run,
        verdict.code(),
        (agreeing, report.cases.len() as u64),
        &source,
        started.elapsed(),
    )?;
    Ok(if report.agrees() { 0 } else { 1 })
}

/// `pyjudge watch`: the solution judged on every save until Ctrl-C; the exit code is the
/// last complete judgement's.
fn watch(context: &Context, args: WatchArgs) -> Result<i32> {
    let WatchArgs {
        challenge,
        solution,
    } = args;
    // Everything that can be wrong before the first save is said now, once: the challenge,
    // the file, the interpreter (resolved once and named to every run, so no run pays for
    // resolving it again).
    context.challenge(&challenge)?;
    judge::read_submission(&solution)?;
    let cache_dir = crate::folders::cache_dir();
    let python = interpreter(context.python.as_deref(), &cache_dir)?;
    let mut forwarded: Vec<std::ffi::OsString> = vec![
        "--python".into(),
        python.executable.clone().into_os_string(),
        "--challenges".into(),
        context.challenges_dir.clone().into_os_string(),
    ];
    forwarded.extend(sandbox_flag(context.sandbox));
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    crate::watch::watch(&crate::watch::WatchOptions {
        challenge,
        solution,
        forwarded,
        terminal,
        colour: report::use_colour(),
    })
}
/// The interview around the current folder, when it has `slug` and its clock still runs.
fn running_interview_with(slug: &str) -> Result<Option<interview::Workspace>> {
    let Some(workspace) = interview::around_current()?
        .filter(|workspace| workspace.state.challenges.iter().any(|name| name == slug))
    else {
        return Ok(None);
    };
    let now = clock::now()?;
    let history = History::open(&crate::folders::data_dir())?;
    let interview = interview::load(&workspace, &history)?;
    Ok((now.epoch_seconds < interview::closes_at(&interview)).then_some(workspace))
}

/// Records a `submit` or `run` in the history, against the interview around the current
/// folder when it has this challenge; says on stderr how it counts there.
fn record_attempt(
    challenge: &Challenge,
    command: history::Command,
    verdict: &str,
    (score, max_score): (u64, u64),
    source: &[u8],
    duration: std::time::Duration,
) -> Result<()> {
    use sha2::Digest as _;
    if std::env::var_os(crate::watch::NO_HISTORY).is_some() {
        // The samples stage of `watch`: its full run is the attempt that counts.
        return Ok(());
    }
    let now = clock::now()?;
    let mut history = History::open(&crate::folders::data_dir())?;
    let workspace = interview::around_current()?
        .filter(|workspace| workspace.state.challenges.contains(&challenge.slug));
    let mut interview_id = None;
    let mut late = false;
    if let Some(workspace) = &workspace {
        let mut interview = interview::load(workspace, &history)?;
        interview::notice_deadline(&mut history, &mut interview, now)?;
        interview_id = Some(interview.id);
        late = now.epoch_seconds >= interview::closes_at(&interview);
        let elapsed = clock::duration(now.epoch_seconds - interview.started_at);
        if command == history::Command::Submit {
            if late {
                eprintln!(
                    "interview {}: late ({elapsed} after the start; it closed at {}): judged and recorded, not counted",
                    interview.id,
                    clock::format(interview::closes_at(&interview))
                );
            } else {
                eprintln!(
                    "interview {}: submission recorded at {elapsed}, {} left",
                    interview.id,
                    clock::duration(interview.deadline - now.epoch_seconds)
                );
            }
        }
    }
    history.record_attempt(&history::Attempt {
        id: 0,
        at: now.epoch_seconds,
        command: command.name().to_string(),
        challenge: challenge.slug.clone(),
        topic: challenge.topic.clone(),
        verdict: verdict.to_string(),
        score: score as i64,
        max_score: max_score as i64,
        duration_ms: duration.as_millis() as i64,
        content_hash: crate::digest::hex(&sha2::Sha256::digest(source)),
        interview_id,
        late,
        fake_clock: now.fake,
    })?;
    Ok(())
}
