//! The interview and stats commands: a timed mock interview's workspace, hints, closing
//! report and watch, and progress over the history.

use super::*;

/// `pyjudge interview start`: the workspace made, the interview recorded, the clock started.
pub(super) fn interview_start(context: &Context, args: InterviewStartArgs) -> Result<i32> {
    let InterviewStartArgs {
        set,
        random,
        topics,
        difficulty,
        minutes,
        dir,
    } = args;
    let now = clock::now()?;
    let (name, title, challenges, default_minutes) = match (random, set) {
        (Some(count), _) => {
            let (library, broken) = crate::package::library::load_all(&context.challenges_dir)?;
            say_errors(&broken);
            let difficulty = difficulty.map(|difficulty| match difficulty {
                DifficultyArg::Easy => spec::Difficulty::Easy,
                DifficultyArg::Medium => spec::Difficulty::Medium,
                DifficultyArg::Hard => spec::Difficulty::Hard,
            });
            let seed = (now.epoch_seconds as u64)
                ^ (u64::from(std::process::id()) << 32)
                ^ u64::from(
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|elapsed| elapsed.subsec_nanos())
                        .unwrap_or(0),
                );
            let picked = interview::pick_random(library, count, &topics, difficulty, seed)?;
            let minutes = picked
                .iter()
                .map(|challenge| interview::minutes_for(challenge.difficulty))
                .sum();
            (
                "random".to_string(),
                format!("{count} random challenges"),
                picked,
                minutes,
            )
        }
        (None, Some(set)) => {
            let practice_set = spec::PracticeSet::load(&context.challenges_dir, &set)?;
            let challenges = practice_set
                .challenges
                .iter()
                .map(|slug| context.challenge(slug))
                .collect::<Result<Vec<_>>>()?;
            (
                set_name(&set),
                practice_set.title.clone(),
                challenges,
                practice_set.time_budget_minutes,
            )
        }
        (None, None) => {
            return Err(Error::Usage {
                message: "failed to start the interview: name a set or pass --random K\nhint: `pyjudge sets` lists the sets".into(),
            })
        }
    };
    let data_dir = crate::folders::data_dir();
    let mut history = History::open(&data_dir)?;
    let plan = interview::StartPlan {
        dir: dir.unwrap_or_else(|| PathBuf::from(format!("interview-{name}"))),
        set_name: name,
        title,
        challenges: &challenges,
        minutes: minutes.unwrap_or(default_minutes).max(1),
        challenges_dir: context
            .challenges_dir
            .canonicalize()
            .unwrap_or_else(|_| context.challenges_dir.clone()),
        data_dir,
    };
    let workspace = interview::start(&plan, &mut history, now)?;
    let titles: Vec<(String, String)> = challenges
        .iter()
        .map(|challenge| (challenge.slug.clone(), challenge.title.clone()))
        .collect();
    print(&report::interview_started(&workspace, &plan.title, &titles))?;
    Ok(0)
}

/// The interview around the current folder, opened: its history, its record (ended if the
/// clock ran out) and its challenges.
pub(super) struct OpenInterview {
    history: History,
    interview: crate::history::Interview,
    challenges: Vec<Challenge>,
    now: clock::Now,
}

pub(super) fn open_interview(context: &Context) -> Result<OpenInterview> {
    let workspace = interview::current()?;
    let now = clock::now()?;
    let mut history = History::open(&crate::folders::data_dir())?;
    let mut record = interview::load(&workspace, &history)?;
    if interview::notice_deadline(&mut history, &mut record, now)? {
        eprintln!(
            "the clock ran out at {}: interview {} is over; `pyjudge interview finish` shows the report and the editorials",
            clock::format(record.deadline),
            record.id
        );
    }
    let challenges = record
        .challenges
        .iter()
        .map(|slug| context.challenge(slug))
        .collect::<Result<Vec<_>>>()?;
    Ok(OpenInterview {
        history,
        interview: record,
        challenges,
        now,
    })
}

pub(super) fn interview_report(open: &OpenInterview) -> Result<interview::InterviewReport> {
    let attempts = open.history.attempts(Some(open.interview.id))?;
    let hints = open.history.hints(open.interview.id)?;
    Ok(interview::report(
        &open.interview,
        &open.challenges,
        &attempts,
        &hints,
        open.now,
    ))
}

/// `pyjudge interview status`: the time left and each challenge as it stands.
pub(super) fn interview_status(context: &Context, args: InterviewStatusArgs) -> Result<i32> {
    let InterviewStatusArgs { format } = args;
    let open = open_interview(context)?;
    let mut report = interview_report(&open)?;
    // The status never unlocks the editorials: `finish` does.
    report.editorials.clear();
    let text = match format {
        ListFormat::Human => report::interview_human(&report),
        ListFormat::Json => report::interview_json(&report),
    };
    print(&text)?;
    Ok(0)
}

/// `--sandbox MODE` as given to this command, for the `submit` children of a watch.
pub(super) fn sandbox_flag(mode: Option<SandboxMode>) -> Vec<std::ffi::OsString> {
    match mode {
        None => Vec::new(),
        Some(SandboxMode::Strict) => vec!["--sandbox".into(), "strict".into()],
        Some(SandboxMode::Permissive) => vec!["--sandbox".into(), "permissive".into()],
    }
}

/// `pyjudge interview watch`: the clock and each challenge's latest verdict on one screen,
/// each file of the workspace submitted (so recorded against the interview) when saved.
pub(super) fn interview_watch(context: &Context) -> Result<i32> {
    let workspace = interview::current()?;
    let open = open_interview(context)?;
    let cache_dir = crate::folders::cache_dir();
    let python = interpreter(context.python.as_deref(), &cache_dir)?;
    let mut forwarded: Vec<std::ffi::OsString> = vec![
        "--python".into(),
        python.executable.clone().into_os_string(),
    ];
    forwarded.extend(sandbox_flag(context.sandbox));
    crate::watch::interview_watch(&crate::watch::InterviewWatchOptions {
        title: format!(
            "interview {} ({})",
            open.interview.id, workspace.state.set_name
        ),
        challenges: workspace.state.challenges.clone(),
        closes_at: interview::closes_at(&open.interview),
        workspace: workspace.dir,
        forwarded,
        terminal: std::io::IsTerminal::is_terminal(&std::io::stdout()),
    })
}

/// `pyjudge interview hint`: the next hint of a challenge, recorded with its cost.
pub(super) fn interview_hint(context: &Context, args: InterviewHintArgs) -> Result<i32> {
    let InterviewHintArgs { slug } = args;
    let mut open = open_interview(context)?;
    if open.interview.finished_at.is_some() {
        return Err(Error::Usage {
            message: format!(
                "failed to give a hint: interview {} is over",
                open.interview.id
            ) + "\nhint: `pyjudge interview finish` shows the editorials, with the key idea of each challenge",
        });
    }
    let Some(challenge) = open
        .challenges
        .iter()
        .find(|challenge| challenge.slug == slug)
    else {
        return Err(Error::Usage {
            message: format!(
                "failed to give a hint: {slug:?} is not a challenge of interview {}\nhint: its challenges are: {}",
                open.interview.id,
                open.interview.challenges.join(", ")
            ),
        });
    };
    let hint = interview::take_hint(&mut open.history, &open.interview, challenge, open.now)?;
    print(&report::interview_hint(&hint))?;
    Ok(0)
}

/// `pyjudge interview finish`: the interview ended (if the clock has not ended it), the
/// closing report with the editorials.
pub(super) fn interview_finish(context: &Context, args: InterviewFinishArgs) -> Result<i32> {
    let InterviewFinishArgs { format, out } = args;
    let mut open = open_interview(context)?;
    if open.interview.finished_at.is_none() {
        open.history
            .finish_interview(open.interview.id, open.now.epoch_seconds)?;
        open.interview.finished_at = Some(open.now.epoch_seconds);
    }
    let report = interview_report(&open)?;
    let text = match format {
        InterviewFormat::Human => report::interview_human(&report),
        InterviewFormat::Json => report::interview_json(&report),
        InterviewFormat::Markdown => report::interview_markdown(&report),
        InterviewFormat::Html => report::interview_html(&report),
    };
    write_out(&text, out.as_deref())?;
    Ok(0)
}

/// `pyjudge stats`: progress per topic over the whole history.
pub(super) fn stats(context: &Context, args: StatsArgs) -> Result<i32> {
    let StatsArgs { format, out } = args;
    let history = History::open(&crate::folders::data_dir())?;
    let attempts = history.attempts(None)?;
    let (library, broken) = crate::package::library::load_all(&context.challenges_dir)?;
    let stats = crate::stats::stats(&attempts, &library, history.interview_count()?);
    let text = match format {
        StatsFormat::Human => report::stats_human(&stats),
        StatsFormat::Json => report::stats_json(&stats),
        StatsFormat::Html => report::stats_html(&stats),
    };
    write_out(&text, out.as_deref())?;
    say_errors(&broken);
    Ok(0)
}

/// A report to stdout, or written whole to `out`.
pub(super) fn write_out(text: &str, out: Option<&Path>) -> Result<()> {
    match out {
        None => print(text),
        Some(path) => {
            atomic::write(path, text.as_bytes()).map_err(|error| Error::io("write", path, error))
        }
    }
}
