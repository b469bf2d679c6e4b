//! Mock interviews: the workspace (a statement and a starter per challenge, BRIEF.md, the
//! state file that marks the folder), the clock, hints and what they cost, and the scoring
//! of an interview's attempts into its closing report with the editorials. Judging is
//! `judge`'s, storage `history`'s, progress over the whole history `stats`'s, printing
//! `report`'s: this module returns data.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::clock::{self, Now};
use crate::error::{Error, Result};
use crate::history::{self, Attempt, History, Interview};
use crate::package::spec::{Challenge, Difficulty};

/// The file that marks a folder as an interview's workspace.
pub const STATE_FILE: &str = ".pyjudge-interview.json";

/// What one hint costs: this share of the challenge's points, rounded up to a whole point,
/// taken from the challenge's best score (never below zero).
pub const HINT_COST_PERCENT: u64 = 20;

/// The workspace's state file: enough to find the interview in the history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct State {
    pub format_version: u32,
    /// The interview's id in the history.
    pub interview_id: i64,
    pub set_name: String,
    pub challenges: Vec<String>,
    /// The challenges folder the interview was started from.
    pub challenges_dir: PathBuf,
    /// The data folder whose history holds the interview.
    pub data_dir: PathBuf,
    pub started_at: i64,
    pub deadline: i64,
    pub fake_clock: bool,
}

/// An interview's workspace folder and its state.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub dir: PathBuf,
    pub state: State,
}

/// What `interview start` needs.
pub struct StartPlan<'a> {
    /// The practice set's name, or `random`.
    pub set_name: String,
    pub title: String,
    pub challenges: &'a [Challenge],
    pub minutes: u64,
    pub dir: PathBuf,
    pub challenges_dir: PathBuf,
    pub data_dir: PathBuf,
}

/// The minutes a random interview gets per challenge when no --minutes is given.
pub fn minutes_for(difficulty: Difficulty) -> u64 {
    match difficulty {
        Difficulty::Easy => 15,
        Difficulty::Medium => 25,
        Difficulty::Hard => 40,
    }
}

/// Picks `count` challenges at random among those of the topics (any topic when empty) and
/// the difficulty (any when none), seeded by `seed`.
pub fn pick_random(
    mut candidates: Vec<Challenge>,
    count: usize,
    topics: &[String],
    difficulty: Option<Difficulty>,
    seed: u64,
) -> Result<Vec<Challenge>> {
    candidates.retain(|challenge| {
        (topics.is_empty()
            || topics
                .iter()
                .any(|topic| topic.eq_ignore_ascii_case(&challenge.topic)))
            && difficulty.is_none_or(|difficulty| difficulty == challenge.difficulty)
    });
    candidates.sort_by(|a, b| a.slug.cmp(&b.slug));
    if count == 0 || candidates.len() < count {
        return Err(Error::Usage {
            message: format!(
                "failed to start the interview: --random {count} asks for {count} challenges, and {} match the topics and difficulty asked\nhint: ask for fewer, or drop a --topic or --difficulty (`pyjudge list` shows them)",
                candidates.len()
            ),
        });
    }
    // A splitmix64 stream: enough to shuffle a library, and no dependency.
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for index in (1..candidates.len()).rev() {
        let other = (next() % (index as u64 + 1)) as usize;
        candidates.swap(index, other);
    }
    candidates.truncate(count);
    Ok(candidates)
}

/// Makes the workspace, records the interview and returns the workspace.
pub fn start(plan: &StartPlan, history: &mut History, now: Now) -> Result<Workspace> {
    if plan.challenges.is_empty() {
        return Err(Error::Usage {
            message: format!(
                "failed to start the interview: {} has no challenges\nhint: `pyjudge sets` lists the sets and their challenge counts",
                plan.set_name
            ),
        });
    }
    if plan.dir.exists()
        && fs::read_dir(&plan.dir)
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(true)
    {
        return Err(Error::Usage {
            message: format!(
                "failed to start the interview: {} exists and is not empty\nhint: pass --dir with a new folder",
                plan.dir.display()
            ),
        });
    }
    let parent = match plan.dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if let Some(parent) = find_from(parent)? {
        return Err(Error::Usage {
            message: format!(
                "failed to start the interview: {} is inside the workspace of interview {} ({})\nhint: finish that one first, or pass --dir outside it",
                plan.dir.display(),
                parent.state.interview_id,
                parent.dir.display()
            ),
        });
    }
    fs::create_dir_all(&plan.dir)
        .map_err(|error| Error::io("create the workspace", &plan.dir, error))?;
    let dir = plan
        .dir
        .canonicalize()
        .map_err(|error| Error::io("resolve the workspace", &plan.dir, error))?;
    let made = fill_workspace(plan, &dir, history, now);
    if made.is_err() {
        // Half a workspace is worse than none: the next start would find it not empty. The
        // folder was new or empty, so removing it removes only what this call wrote.
        let _ = fs::remove_dir_all(&dir);
    }
    made
}

fn fill_workspace(
    plan: &StartPlan,
    dir: &Path,
    history: &mut History,
    now: Now,
) -> Result<Workspace> {
    let deadline = now.epoch_seconds + plan.minutes as i64 * 60;
    for challenge in plan.challenges {
        let statement = fs::read_to_string(challenge.statement_path())
            .map_err(|error| Error::io("read", challenge.statement_path(), error))?;
        let statement_file = dir.join(format!("{}.md", challenge.slug));
        fs::write(&statement_file, statement)
            .map_err(|error| Error::io("write", &statement_file, error))?;
        let starter_file = dir.join(format!("{}.py", challenge.slug));
        let starter = match challenge.starter_path() {
            Some(path) => fs::read(&path).map_err(|error| Error::io("read", &path, error))?,
            None => b"# Read stdin, write stdout.\n".to_vec(),
        };
        fs::write(&starter_file, starter)
            .map_err(|error| Error::io("write", &starter_file, error))?;
    }
    let challenges: Vec<String> = plan
        .challenges
        .iter()
        .map(|challenge| challenge.slug.clone())
        .collect();
    let interview_id = history.start_interview(&Interview {
        id: 0,
        set_name: plan.set_name.clone(),
        title: plan.title.clone(),
        challenges: challenges.clone(),
        started_at: now.epoch_seconds,
        deadline,
        finished_at: None,
        workspace: dir.display().to_string(),
        fake_clock: now.fake,
    })?;
    let state = State {
        format_version: 1,
        interview_id,
        set_name: plan.set_name.clone(),
        challenges,
        challenges_dir: plan.challenges_dir.clone(),
        data_dir: plan.data_dir.clone(),
        started_at: now.epoch_seconds,
        deadline,
        fake_clock: now.fake,
    };
    let brief = dir.join("BRIEF.md");
    fs::write(&brief, brief_text(plan, &state))
        .map_err(|error| Error::io("write", &brief, error))?;
    let state_path = dir.join(STATE_FILE);
    let json = serde_json::to_vec_pretty(&state).unwrap_or_default();
    crate::atomic::write(&state_path, &json)
        .map_err(|error| Error::io("write", &state_path, error))?;
    Ok(Workspace {
        dir: dir.to_path_buf(),
        state,
    })
}

fn brief_text(plan: &StartPlan, state: &State) -> String {
    let mut text = format!(
        "# Mock interview: {}\n\nStarted {} and ends {} ({} minutes){}.\n\n## Challenges\n\n",
        plan.title,
        clock::format(state.started_at),
        clock::format(state.deadline),
        plan.minutes,
        if state.fake_clock {
            ", on the fake clock of PYJUDGE_NOW"
        } else {
            ""
        }
    );
    for challenge in plan.challenges {
        text += &format!(
            "- `{slug}`: {title} ({topic}, {difficulty}, {points} points): read `{slug}.md`, write `{slug}.py`\n",
            slug = challenge.slug,
            title = challenge.title,
            topic = challenge.topic,
            difficulty = challenge.difficulty.as_str(),
            points = challenge.max_score(),
        );
    }
    text += &format!(
        "
## Rules

- Submit from this folder: `pyjudge submit <slug> <slug>.py`. Every submission is judged on
  every case and recorded with its time; your best on-time score counts.
- `pyjudge run <slug> <slug>.py` runs the sample cases; during the interview it does not run
  or show the reference solution.
- `pyjudge interview status` shows the time left, each challenge's best verdict and score,
  attempts and hints taken.
- `pyjudge interview hint <slug>` shows the next hint. Each hint costs {HINT_COST_PERCENT}% of
  that challenge's points (rounded up to a whole point), taken from its best score, never
  below zero.
- Submissions after the deadline are judged and marked late; they do not count.
- `pyjudge interview finish` ends the interview (or the clock does, noticed at the next
  command): the closing report, then the editorials (key idea, reference solution,
  complexity, common mistakes).
- The clock and the locked editorial are on the honour system: the packages are on your
  disk, and nothing stops you reading them.
"
    );
    text
}

/// The workspace that holds `start` or a folder above it, if any. A state file that cannot
/// be read is an error: treating the folder as no workspace would record its submissions
/// outside the interview without a word.
pub fn find_from(start: &Path) -> Result<Option<Workspace>> {
    let Ok(start) = start.canonicalize() else {
        return Ok(None);
    };
    for dir in start.ancestors() {
        let path = dir.join(STATE_FILE);
        if !path.is_file() {
            continue;
        }
        let state = fs::read(&path)
            .map_err(|error| error.to_string())
            .and_then(|bytes| {
                serde_json::from_slice::<State>(&bytes).map_err(|error| error.to_string())
            })
            .map_err(|message| Error::Usage {
                message: format!(
                    "failed to read the interview's state file {}: {message}\nhint: the history keeps the interview: delete the file to leave the workspace, or run pyjudge from outside it",
                    path.display()
                ),
            })?;
        return Ok(Some(Workspace {
            dir: dir.to_path_buf(),
            state,
        }));
    }
    Ok(None)
}

/// The workspace around the current folder, or an error saying how to start one.
pub fn current() -> Result<Workspace> {
    let here = std::env::current_dir().map_err(|error| Error::io("read", ".", error))?;
    find_from(&here)?.ok_or_else(|| Error::Usage {
        message: format!(
            "failed to find an interview: neither {} nor a folder above it holds {STATE_FILE}\nhint: start one with `pyjudge interview start <set>`, or cd into its workspace",
            here.display()
        ),
    })
}

/// The workspace around the current folder, if any.
pub fn around_current() -> Result<Option<Workspace>> {
    match std::env::current_dir() {
        Ok(here) => find_from(&here),
        Err(_) => Ok(None),
    }
}

/// The interview of a workspace, from the history.
pub fn load(workspace: &Workspace, history: &History) -> Result<Interview> {
    history
        .interview(workspace.state.interview_id)?
        .ok_or_else(|| Error::History {
            action: "read",
            path: history.path().to_path_buf(),
            message: format!(
                "it has no interview {} (the workspace {} names it)",
                workspace.state.interview_id,
                workspace.dir.display()
            ),
            hint: Some(format!(
                "the interview was started with the data folder {}: set PYJUDGE_DATA_DIR to it",
                workspace.state.data_dir.display()
            )),
        })
}

/// Ends the interview at its deadline if the clock ran out and no one finished it; returns
/// true when this call ended it.
pub fn notice_deadline(history: &mut History, interview: &mut Interview, now: Now) -> Result<bool> {
    if interview.finished_at.is_none() && now.epoch_seconds >= interview.deadline {
        history.finish_interview(interview.id, interview.deadline)?;
        interview.finished_at = Some(interview.deadline);
        return Ok(true);
    }
    Ok(false)
}

/// The moment after which attempts are late: the deadline, or the finish if earlier.
pub fn closes_at(interview: &Interview) -> i64 {
    interview
        .finished_at
        .map_or(interview.deadline, |finished| {
            finished.min(interview.deadline)
        })
}

/// A hint shown to the candidate.
#[derive(Debug, Clone, Serialize)]
pub struct HintTaken {
    pub challenge: String,
    /// 1 for the first hint.
    pub number: usize,
    pub total: usize,
    pub text: String,
    /// Points this hint costs.
    pub cost: u64,
    /// True when it had been taken before (shown again, not charged again).
    pub repeated: bool,
}

/// The next hint of `challenge` in the interview, recorded. When every hint is taken, the
/// last one again, not charged again.
pub fn take_hint(
    history: &mut History,
    interview: &Interview,
    challenge: &Challenge,
    now: Now,
) -> Result<HintTaken> {
    if challenge.hints.is_empty() {
        return Err(Error::Usage {
            message: format!(
                "failed to give a hint: {} has no hints in {}",
                challenge.slug,
                challenge.dir.join("challenge.toml").display()
            ),
        });
    }
    let taken = history
        .hints(interview.id)?
        .iter()
        .filter(|hint| hint.challenge == challenge.slug)
        .count();
    let total = challenge.hints.len();
    let cost = hint_cost(challenge.max_score());
    if taken >= total {
        return Ok(HintTaken {
            challenge: challenge.slug.clone(),
            number: total,
            total,
            text: challenge.hints[total - 1].clone(),
            cost,
            repeated: true,
        });
    }
    history.record_hint(&history::Hint {
        interview_id: interview.id,
        challenge: challenge.slug.clone(),
        hint_index: taken as i64,
        at: now.epoch_seconds,
    })?;
    Ok(HintTaken {
        challenge: challenge.slug.clone(),
        number: taken + 1,
        total,
        text: challenge.hints[taken].clone(),
        cost,
        repeated: false,
    })
}

/// What one hint costs on a challenge worth `max_score` points.
pub fn hint_cost(max_score: u64) -> u64 {
    (max_score * HINT_COST_PERCENT).div_ceil(100)
}

/// One challenge of an interview, scored.
#[derive(Debug, Clone, Serialize)]
pub struct ChallengeResult {
    pub slug: String,
    pub title: String,
    pub topic: String,
    pub difficulty: String,
    /// The best on-time submission's verdict; none when nothing was submitted in time.
    pub verdict: Option<String>,
    /// The best on-time score before hints.
    pub raw_score: u64,
    pub hints_taken: usize,
    pub hints_available: usize,
    pub hint_penalty: u64,
    /// What counts: the raw score less the hints' cost, never below zero.
    pub score: u64,
    pub max_score: u64,
    /// On-time submissions.
    pub attempts: usize,
    /// Submissions after the deadline: judged, not counted.
    pub late_attempts: usize,
    /// `run`s during the interview.
    pub runs: usize,
    /// Seconds from the start to the first on-time AC.
    pub first_ac_seconds: Option<i64>,
    /// Seconds from the start to the last on-time submission.
    pub last_submission_seconds: Option<i64>,
}

/// One topic of an interview.
#[derive(Debug, Clone, Serialize)]
pub struct TopicResult {
    pub topic: String,
    pub challenges: usize,
    pub solved: usize,
    pub score: u64,
    pub max_score: u64,
}

/// The editorial of one challenge, unlocked once the interview is over.
#[derive(Debug, Clone, Serialize)]
pub struct Editorial {
    pub slug: String,
    pub title: String,
    pub key_idea: Option<String>,
    pub complexity: Option<String>,
    pub common_mistakes: Option<String>,
    /// The reference solution's path inside the package and its source.
    pub reference_path: Option<String>,
    pub reference_source: Option<String>,
    /// The package's wrong-answer fixtures (`submissions/wrong_answer/*.py`), by name.
    pub wrong_answers: Vec<String>,
}

/// The interview as it stands, or its closing report once finished.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewReport {
    pub interview_id: i64,
    pub set_name: String,
    pub title: String,
    pub workspace: String,
    pub started_at: String,
    pub deadline: String,
    pub finished_at: Option<String>,
    pub finished: bool,
    /// The interview ran on the fake clock of `PYJUDGE_NOW`.
    pub fake_clock: bool,
    pub minutes: i64,
    /// Seconds left on the clock (0 once over).
    pub time_left_seconds: i64,
    pub hint_cost_percent: u64,
    pub challenges: Vec<ChallengeResult>,
    pub topics: Vec<TopicResult>,
    pub score: u64,
    pub max_score: u64,
    pub solved: usize,
    /// The editorials: empty until the interview is finished.
    pub editorials: Vec<Editorial>,
}

/// Scores an interview from its attempts and hints; the editorials are read from the
/// packages when it is finished.
pub fn report(
    interview: &Interview,
    challenges: &[Challenge],
    attempts: &[Attempt],
    hints: &[history::Hint],
    now: Now,
) -> InterviewReport {
    let closes = closes_at(interview);
    let mut results = Vec::new();
    for challenge in challenges {
        let mine: Vec<&Attempt> = attempts
            .iter()
            .filter(|attempt| attempt.challenge == challenge.slug)
            .collect();
        let submissions: Vec<&&Attempt> = mine
            .iter()
            .filter(|attempt| attempt.command == history::Command::Submit.name())
            .collect();
        let on_time: Vec<&&Attempt> = submissions
            .iter()
            .copied()
            .filter(|attempt| !attempt.late)
            .collect();
        let best = on_time
            .iter()
            .max_by_key(|attempt| {
                (
                    attempt.verdict == "AC",
                    attempt.score,
                    std::cmp::Reverse(attempt.at),
                )
            })
            .copied();
        let hints_taken = hints
            .iter()
            .filter(|hint| hint.challenge == challenge.slug)
            .count();
        let max_score = challenge.max_score();
        let raw_score = best.map_or(0, |attempt| attempt.score.max(0) as u64);
        let hint_penalty = hint_cost(max_score) * hints_taken as u64;
        results.push(ChallengeResult {
            slug: challenge.slug.clone(),
            title: challenge.title.clone(),
            topic: challenge.topic.clone(),
            difficulty: challenge.difficulty.as_str().to_string(),
            verdict: best.map(|attempt| attempt.verdict.clone()),
            raw_score,
            hints_taken,
            hints_available: challenge.hints.len(),
            hint_penalty,
            score: raw_score.saturating_sub(hint_penalty),
            max_score,
            attempts: on_time.len(),
            late_attempts: submissions.len() - on_time.len(),
            runs: mine.len() - submissions.len(),
            first_ac_seconds: on_time
                .iter()
                .filter(|attempt| attempt.verdict == "AC")
                .map(|attempt| attempt.at - interview.started_at)
                .min(),
            last_submission_seconds: on_time
                .iter()
                .map(|attempt| attempt.at - interview.started_at)
                .max(),
        });
    }
    let mut topics: BTreeMap<String, TopicResult> = BTreeMap::new();
    for result in &results {
        let topic = topics
            .entry(result.topic.clone())
            .or_insert_with(|| TopicResult {
                topic: result.topic.clone(),
                challenges: 0,
                solved: 0,
                score: 0,
                max_score: 0,
            });
        topic.challenges += 1;
        topic.solved += usize::from(result.verdict.as_deref() == Some("AC"));
        topic.score += result.score;
        topic.max_score += result.max_score;
    }
    let finished = interview.finished_at.is_some();
    InterviewReport {
        interview_id: interview.id,
        set_name: interview.set_name.clone(),
        title: interview.title.clone(),
        workspace: interview.workspace.clone(),
        started_at: clock::format(interview.started_at),
        deadline: clock::format(interview.deadline),
        finished_at: interview.finished_at.map(clock::format),
        finished,
        fake_clock: interview.fake_clock,
        minutes: (interview.deadline - interview.started_at) / 60,
        time_left_seconds: if finished {
            0
        } else {
            (closes - now.epoch_seconds).max(0)
        },
        hint_cost_percent: HINT_COST_PERCENT,
        score: results.iter().map(|result| result.score).sum(),
        max_score: results.iter().map(|result| result.max_score).sum(),
        solved: results
            .iter()
            .filter(|result| result.verdict.as_deref() == Some("AC"))
            .count(),
        challenges: results,
        topics: topics.into_values().collect(),
        editorials: if finished {
            challenges.iter().map(editorial).collect()
        } else {
            Vec::new()
        },
    }
}

/// A challenge's editorial: the three sections of editorial.md, the reference solution and
/// the wrong-answer fixtures' names.
pub fn editorial(challenge: &Challenge) -> Editorial {
    let sections = challenge
        .editorial
        .as_ref()
        .and_then(|path| fs::read_to_string(path).ok())
        .map(|text| editorial_sections(&text))
        .unwrap_or_default();
    let section = |name: &str| {
        sections
            .iter()
            .find(|(heading, _)| heading.eq_ignore_ascii_case(name))
            .map(|(_, body)| body.clone())
    };
    let reference = crate::run::reference_solution(&challenge.dir);
    let mut wrong_answers: Vec<String> =
        fs::read_dir(challenge.dir.join("submissions/wrong_answer"))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.ends_with(".py"))
                    .collect()
            })
            .unwrap_or_default();
    wrong_answers.sort();
    Editorial {
        slug: challenge.slug.clone(),
        title: challenge.title.clone(),
        key_idea: section("Key idea"),
        complexity: section("Complexity"),
        common_mistakes: section("Common mistakes"),
        reference_path: reference.as_ref().map(|path| {
            path.strip_prefix(&challenge.dir)
                .unwrap_or(path)
                .display()
                .to_string()
        }),
        reference_source: reference.and_then(|path| fs::read_to_string(path).ok()),
        wrong_answers,
    }
}

/// The `## ` sections of an editorial, in order, each with its trimmed body.
pub fn editorial_sections(text: &str) -> Vec<(String, String)> {
    crate::package::hints::editorial_sections(text)
        .into_iter()
        .map(|(heading, body)| (heading, body.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_costs_a_fifth_rounded_up() {
        assert_eq!(hint_cost(10), 2);
        assert_eq!(hint_cost(3), 1);
        assert_eq!(hint_cost(0), 0);
    }

    #[test]
    fn editorial_sections_split_on_level_two_headings() {
        let sections = editorial_sections(
            "# T\n## Key idea\nA.\n\n## Complexity\nO(n)\n## Common mistakes\n- x\n",
        );
        let names: Vec<&str> = sections.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["Key idea", "Complexity", "Common mistakes"]);
        assert_eq!(sections[0].1, "A.");
    }
}
