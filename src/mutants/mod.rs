//! Mutation testing of a package's cases (`pyjudge check --mutants`): the reference
//! solution changed one operator, constant or statement at a time by `mutator.py`, each
//! mutant judged on every case in the sandbox, and the score of the cases against mutants
//! nobody listed; the committed scores file and its content hashes. `check` decides what
//! the findings mean for a package; `report` prints them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::error::{Error, Result};
use crate::judge::{self, JudgeOptions, SubmissionReport};
use crate::judging::verdict::Verdict;
use crate::package::spec::Challenge;
use crate::python::Python;
use crate::sandbox::WarmPool;

/// The mutator, standard library only; written into the cache once per content.
const MUTATOR: &str = include_str!("mutator.py");

/// The helpers framework harnesses import (the runner ships the same file; see
/// src/sandbox/workdir.rs), part of the content hash of a package whose harness names them.
const HARNESSKIT: &str = include_str!("../../sandbox/harnesskit.py");
const HARNESSKIT_NAME: &str = "harnesskit";

/// The committed scores of the bundled library, in the challenges folder.
pub const SCORES_FILE: &str = "mutation-scores.json";

/// A mutant's CPU limit is this many times the reference's slowest case...
const CPU_FACTOR: f64 = 3.0;
/// ...but never under this: a case of a few milliseconds takes several times as long on a
/// loaded machine, and a mutant must not be killed by the load.
const CPU_FLOOR_MS: u64 = 200;

/// The most known-equivalent mutants a package may list, as a share of its mutants.
pub const MAX_EQUIVALENT_SHARE: f64 = 0.05;

/// What `check --mutants` asks.
#[derive(Debug, Clone, Default)]
pub struct MutantOptions {
    /// The least mutation score (percent) a package must reach.
    pub min_score: Option<f64>,
    /// Mutants judged at once for one package.
    pub jobs: usize,
}

/// One mutant as the mutator describes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Mutant {
    /// Stable id: `operator:line:column[:detail]`.
    pub id: String,
    pub operator: String,
    pub line: u64,
    pub column: u64,
    /// What changed, for people: "`<` -> `<=`".
    pub description: String,
    #[serde(skip_serializing)]
    pub source: String,
}

/// The mutation testing of one package.
#[derive(Debug, Clone, Serialize)]
pub struct MutationReport {
    /// The mutated reference, relative to the package.
    pub reference: String,
    pub total: usize,
    pub killed: usize,
    /// The killed mutants by verdict (`WA`, `RE`, `TLE`...): many `TLE` kills say the CPU
    /// limit, not the cases, did the work.
    pub killed_by: BTreeMap<String, usize>,
    /// Listed as equivalent in challenge.toml, and surviving.
    pub equivalent: usize,
    /// Mutants whose judging ended IE: the judge failed (a harness that broke, a runner
    /// that died), so no case caught them. Never a kill: each is a problem of the package.
    pub internal_errors: Vec<Mutant>,
    /// killed / (total - equivalent), in percent; an IE mutant counts as not killed.
    pub score: f64,
    /// The CPU limit each mutant ran with.
    pub cpu_limit_ms: u64,
    pub time_ms: f64,
    pub mutants_per_second: f64,
    /// The content hash of what decides the score (reference, cases, scripts, spec).
    pub hash: String,
    /// Mutants every case accepts, not listed as equivalent.
    pub survivors: Vec<Mutant>,
    /// What fails the package: stale or unknown equivalent entries, too many of them, a
    /// score under `--min-score`, a mutant the judge could not run.
    pub problems: Vec<String>,
}

/// False for a "predict the output" package: its reference is a table of answers, not code
/// (its snippets are what the cases are; a changed answer is simply a wrong fixture).
pub fn has_code_to_mutate(challenge: &Challenge) -> bool {
    challenge.kind != crate::package::spec::Kind::Predict
}

/// Mutates the reference of `challenge` and judges every mutant; `None` when the package
/// has no reference to mutate (`check` says so already), or no code (a predict package).
pub fn test_package(
    challenge: &Challenge,
    python: &Python,
    cache_dir: &Path,
    pool: Option<&WarmPool>,
    options: &MutantOptions,
) -> Option<MutationReport> {
    let started = Instant::now();
    if !has_code_to_mutate(challenge) {
        return None;
    }
    let reference = reference_of(&challenge.dir)?;
    let shown = reference
        .strip_prefix(&challenge.dir)
        .unwrap_or(&reference)
        .display()
        .to_string();
    let mut report = MutationReport {
        reference: shown.clone(),
        total: 0,
        killed: 0,
        killed_by: BTreeMap::new(),
        equivalent: 0,
        internal_errors: Vec::new(),
        score: 0.0,
        cpu_limit_ms: challenge.limits.cpu_ms,
        time_ms: 0.0,
        mutants_per_second: 0.0,
        hash: content_hash(&challenge.dir).unwrap_or_default(),
        survivors: Vec::new(),
        problems: Vec::new(),
    };
    let finish = |mut report: MutationReport| {
        report.time_ms = started.elapsed().as_secs_f64() * 1000.0;
        Some(report)
    };
    let source = match judge::read_submission(&reference) {
        Ok(source) => source,
        Err(error) => {
            report.problems.push(error.to_string());
            return finish(report);
        }
    };
    let mutants = match generate(&source, &reference, python, cache_dir) {
        Ok(mutants) => mutants,
        Err(error) => {
            report.problems.push(error.to_string());
            return finish(report);
        }
    };
    // The reference once more, on every case, for the limits of its mutants.
    let every_case = JudgeOptions {
        all_cases: true,
        samples_only: false,
    };
    let timed = judge::judge_pooled(challenge, &shown, &source, python, &every_case, pool);
    let slowest = match timed {
        Ok(timed) if timed.verdict == Verdict::Accepted => slowest_case(&timed),
        Ok(timed) => {
            report.problems.push(format!(
                "the reference {shown} got {}, not AC: its mutants prove nothing",
                timed.verdict.code()
            ));
            return finish(report);
        }
        Err(error) => {
            report.problems.push(error.to_string());
            return finish(report);
        }
    };
    let limited = limited_for_mutants(challenge, slowest);
    report.cpu_limit_ms = limited.limits.cpu_ms;
    let judging = Instant::now();
    let verdicts = judge_mutants(&limited, &mutants, python, pool, options.jobs.max(1));
    let judging_seconds = judging.elapsed().as_secs_f64();
    report.total = mutants.len();
    if judging_seconds > 0.0 {
        report.mutants_per_second = mutants.len() as f64 / judging_seconds;
    }
    let listed = &challenge.mutants.equivalent;
    for entry in listed {
        if !mutants.iter().any(|mutant| mutant.id == entry.id) {
            report.problems.push(format!(
                "[mutants] equivalent entry {:?} names no mutant of {shown}: remove it (a changed reference renumbers its mutants' lines)",
                entry.id
            ));
        }
    }
    for (mutant, verdict) in mutants.iter().zip(verdicts) {
        let equivalent = listed.iter().any(|entry| entry.id == mutant.id);
        match verdict {
            Err(message) => report.problems.push(format!(
                "mutant {} could not be judged: {message}",
                mutant.id
            )),
            Ok(Judged {
                verdict: Verdict::InternalError,
                message,
            }) => {
                // An IE says the judge broke on this mutant, not that a case caught it.
                report.problems.push(format!(
                    "mutant {} ({}) ended IE, the judge's own failure, not a kill: {}",
                    mutant.id,
                    mutant.description,
                    message.as_deref().unwrap_or("no message")
                ));
                report.internal_errors.push(mutant.clone());
            }
            Ok(Judged {
                verdict: Verdict::Accepted,
                ..
            }) if equivalent => report.equivalent += 1,
            Ok(Judged {
                verdict: Verdict::Accepted,
                ..
            }) => report.survivors.push(mutant.clone()),
            Ok(Judged { verdict, .. }) => {
                report.killed += 1;
                *report
                    .killed_by
                    .entry(verdict.code().to_string())
                    .or_default() += 1;
                if equivalent {
                    report.problems.push(format!(
                        "[mutants] equivalent entry {:?} is stale: the cases now kill that mutant ({}); remove the entry",
                        mutant.id,
                        verdict.code()
                    ));
                }
            }
        }
    }
    let allowed = (report.total as f64 * MAX_EQUIVALENT_SHARE).floor() as usize;
    if listed.len() > allowed {
        report.problems.push(format!(
            "[mutants] lists {} equivalent mutants; at most 5 % of the {} mutants ({allowed}) may be: kill the others with new secret cases",
            listed.len(),
            report.total
        ));
    }
    let counted = report.total - report.equivalent;
    report.score = if counted == 0 {
        100.0
    } else {
        report.killed as f64 * 100.0 / counted as f64
    };
    if let Some(min_score) = options.min_score {
        if report.score < min_score {
            report.problems.push(format!(
                "mutation score {:.1} % is under --min-score {min_score}: {} mutants survive; add secret cases that kill them",
                report.score,
                report.survivors.len()
            ));
        }
    }
    finish(report)
}

/// The reference solution a package's mutants start from: `submissions/accepted/reference.py`,
/// else the first accepted Python file by name.
pub fn reference_of(dir: &Path) -> Option<PathBuf> {
    let accepted = dir.join("submissions").join("accepted");
    let preferred = accepted.join("reference.py");
    if preferred.is_file() {
        return Some(preferred);
    }
    let mut files: Vec<PathBuf> = fs::read_dir(&accepted)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py") && path.is_file())
        .collect();
    files.sort();
    files.into_iter().next()
}

/// The mutants of `source`, from the mutator run outside the sandbox (the reference is the
/// author's own, trusted code, and the mutator only parses it).
fn generate(
    source: &[u8],
    reference: &Path,
    python: &Python,
    cache_dir: &Path,
) -> Result<Vec<Mutant>> {
    let script = mutator_script(cache_dir)?;
    let finished = crate::scripts::Script::new(&python.executable, &script)
        .stdin(source.to_vec())
        .timeout(Duration::from_secs(120))
        .output_cap(256 << 20)
        .run()
        .map_err(|error| Error::Sandbox {
            message: format!("cannot mutate {}: {error}", reference.display()),
        })?;
    if !finished.status.success() {
        return Err(Error::Sandbox {
            message: format!(
                "cannot mutate {}: the mutator exited with {}: {}",
                reference.display(),
                finished.status,
                crate::scripts::last_lines(&String::from_utf8_lossy(&finished.stderr), 5)
            ),
        });
    }
    serde_json::from_slice(&finished.stdout).map_err(|error| Error::Sandbox {
        message: format!(
            "cannot mutate {}: the mutator's output does not read: {error}",
            reference.display()
        ),
    })
}

/// The mutator in the cache, written there once per content.
fn mutator_script(cache_dir: &Path) -> Result<PathBuf> {
    let digest = crate::digest::hex(&sha2::Sha256::digest(MUTATOR.as_bytes())[..8]);
    let path = cache_dir
        .join("mutants")
        .join(format!("mutator-{digest}.py"));
    if !path.is_file() {
        let folder = path.parent().unwrap_or(cache_dir);
        fs::create_dir_all(folder)
            .map_err(|error| Error::io("create cache folder", folder, error))?;
        crate::atomic::write(&path, MUTATOR.as_bytes())
            .map_err(|error| Error::io("write", &path, error))?;
    }
    Ok(path)
}

/// The most CPU and wall time any case of the reference used, in ms.
fn slowest_case(report: &SubmissionReport) -> (f64, f64) {
    report.cases.iter().fold((0.0, 0.0), |(cpu, wall), case| {
        (f64::max(cpu, case.cpu_ms), f64::max(wall, case.wall_ms))
    })
}

/// The challenge with a mutant's limits: CPU three times the reference's slowest case (at
/// least [`CPU_FLOOR_MS`]), never over the package's own limits, so a mutant that loops
/// forever ends fast.
fn limited_for_mutants(challenge: &Challenge, (cpu_ms, wall_ms): (f64, f64)) -> Challenge {
    let mut limited = challenge.clone();
    let cpu_limit = ((cpu_ms * CPU_FACTOR).ceil() as u64)
        .max(CPU_FLOOR_MS)
        .min(challenge.limits.cpu_ms);
    // A reference that waits (on a clock, on a thread) may need more wall time than CPU.
    let wall_limit = ((wall_ms * CPU_FACTOR).ceil() as u64)
        .max(cpu_limit * 2 + 1000)
        .min(challenge.limits.wall_ms);
    limited.limits.cpu_ms = cpu_limit;
    limited.limits.wall_ms = wall_limit;
    limited
}

/// A mutant's verdict, with what the report said of an IE (the first IE case's message,
/// else the submission's own).
#[derive(Clone)]
struct Judged {
    verdict: Verdict,
    message: Option<String>,
}

impl Judged {
    fn of(report: &SubmissionReport) -> Judged {
        let message = (report.verdict == Verdict::InternalError)
            .then(|| {
                let case = report
                    .cases
                    .iter()
                    .find(|case| case.verdict == Some(Verdict::InternalError));
                let message = case
                    .map(|case| case.message.clone())
                    .or_else(|| report.message.clone())?;
                // The traceback's last line names the exception that broke the judge.
                let cause = case
                    .and_then(|case| case.details.as_deref())
                    .or(report.details.as_deref())
                    .and_then(|details| details.lines().rev().find(|line| !line.trim().is_empty()))
                    .filter(|line| !message.contains(line.trim()));
                Some(match cause {
                    Some(line) => format!("{message} ({})", line.trim()),
                    None => message,
                })
            })
            .flatten()
            .map(|message| crate::text::truncate(&message, 300));
        Judged {
            verdict: report.verdict,
            message,
        }
    }
}

/// Every mutant's verdict, in order; each stops at its first failing case. `jobs` mutants
/// run at once, each forked from a warm runner of `pool` where there is one.
fn judge_mutants(
    challenge: &Challenge,
    mutants: &[Mutant],
    python: &Python,
    pool: Option<&WarmPool>,
    jobs: usize,
) -> Vec<std::result::Result<Judged, String>> {
    let first_failure = JudgeOptions {
        all_cases: false,
        samples_only: false,
    };
    let next = AtomicUsize::new(0);
    let verdicts = Mutex::new(vec![
        Err("not judged (cancelled)".to_string());
        mutants.len()
    ]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(mutants.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= mutants.len() || crate::cancel::cancelled() {
                    break;
                }
                let mutant = &mutants[index];
                let name = format!("mutant {}", mutant.id);
                let verdict = judge::judge_pooled(
                    challenge,
                    &name,
                    mutant.source.as_bytes(),
                    python,
                    &first_failure,
                    pool,
                )
                .map(|report| Judged::of(&report))
                .map_err(|error| error.to_string());
                verdicts.lock().unwrap_or_else(|poison| poison.into_inner())[index] = verdict;
            });
        }
    });
    verdicts
        .into_inner()
        .unwrap_or_else(|poison| poison.into_inner())
}

/// The content hash of what decides a package's mutation score: its spec, its top-level
/// scripts (harness, generator, checker; not the starter), its reference, every file of
/// its cases (`tests/`, or a Kattis package's `data/`), and the shared harness helpers
/// (sandbox/harnesskit.py) when its harness imports them.
pub fn content_hash(dir: &Path) -> Result<String> {
    let mut files: Vec<PathBuf> = Vec::new();
    let entries = fs::read_dir(dir).map_err(|error| Error::io("read", dir, error))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let scripted = path.extension().is_some_and(|ext| ext == "py") && name != "starter.py";
        if path.is_file() && (scripted || name == "challenge.toml" || name == "problem.yaml") {
            files.push(path);
        }
    }
    for folder in ["tests", "data"] {
        files_under(&dir.join(folder), &mut files);
    }
    files.extend(reference_of(dir));
    files.sort();
    files.dedup();
    let mut hasher = sha2::Sha256::new();
    for file in files {
        let bytes = fs::read(&file).map_err(|error| Error::io("read", &file, error))?;
        let relative = file.strip_prefix(dir).unwrap_or(&file);
        hasher.update(relative.to_string_lossy().as_bytes());
        hasher.update(b"\0");
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    // A harness that imports the shared helpers judges with them too: a change to them can
    // change what the cases kill.
    let harness = fs::read(dir.join("harness.py")).unwrap_or_default();
    if harness
        .windows(HARNESSKIT_NAME.len())
        .any(|window| window == HARNESSKIT_NAME.as_bytes())
    {
        hasher.update(b"sandbox/harnesskit.py\0");
        hasher.update((HARNESSKIT.len() as u64).to_le_bytes());
        hasher.update(HARNESSKIT.as_bytes());
    }
    Ok(format!("sha256:{}", crate::digest::hex(&hasher.finalize())))
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else if path.is_file() {
            found.push(path);
        }
    }
}

/// One package's line of the scores file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Score {
    /// killed / (total - equivalent), in percent, one decimal.
    pub score: f64,
    pub total: usize,
    pub killed: usize,
    pub equivalent: usize,
    /// The ids of the surviving mutants.
    #[serde(default)]
    pub survivors: Vec<String>,
    /// [`content_hash`] of the package when the score was taken.
    pub hash: String,
}

/// The scores file: each package's score by slug.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Scores {
    pub packages: BTreeMap<String, Score>,
}

impl Scores {
    /// The scores file at `path`; none yet is an empty one.
    pub fn load(path: &Path) -> Result<Scores> {
        match fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| {
                Error::spec_hint(
                    path,
                    format!("the scores file does not read: {error}"),
                    "rewrite it with `pyjudge check --mutants --write-scores`",
                )
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Scores::default()),
            Err(error) => Err(Error::io("read", path, error)),
        }
    }

    /// Records `report` as the score of `slug`.
    pub fn record(&mut self, slug: &str, report: &MutationReport) {
        self.packages.insert(
            slug.to_string(),
            Score {
                score: (report.score * 10.0).round() / 10.0,
                total: report.total,
                killed: report.killed,
                equivalent: report.equivalent,
                survivors: report
                    .survivors
                    .iter()
                    .map(|mutant| mutant.id.clone())
                    .collect(),
                hash: report.hash.clone(),
            },
        );
    }

    /// Writes the file whole (a temporary beside it, then a rename).
    pub fn save(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).expect("scores serialize") + "\n";
        crate::atomic::write(path, text.as_bytes()).map_err(|error| Error::io("write", path, error))
    }
}

/// Every package of `challenges_dir` whose committed score is missing or taken on other
/// content, each with what to do; empty when the scores file is current.
pub fn stale_scores(challenges_dir: &Path) -> Result<Vec<String>> {
    let scores_path = challenges_dir.join(SCORES_FILE);
    let scores = Scores::load(&scores_path)?;
    let mut stale = Vec::new();
    for dir in crate::package::spec::package_dirs(challenges_dir)? {
        let slug = crate::package::spec::slug_of(&dir);
        if Challenge::load(&dir).is_ok_and(|challenge| !has_code_to_mutate(&challenge)) {
            continue;
        }
        let hash = content_hash(&dir)?;
        match scores.packages.get(&slug) {
            None => stale.push(format!(
                "{slug}: no score in {}: run `pyjudge check --mutants --write-scores {slug}`",
                scores_path.display()
            )),
            Some(score) if score.hash != hash => stale.push(format!(
                "{slug}: the score in {} was taken on other content (reference, cases, harness or challenge.toml changed): run `pyjudge check --mutants --write-scores {slug}`",
                scores_path.display()
            )),
            Some(_) => {}
        }
    }
    Ok(stale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_limit_is_three_times_the_slowest_case_within_the_floor_and_the_limit() {
        let mut challenge = Challenge::load(Path::new("tests/fixtures/squares")).unwrap();
        challenge.limits.cpu_ms = 1000;
        challenge.limits.wall_ms = 5000;
        assert_eq!(
            limited_for_mutants(&challenge, (10.0, 12.0)).limits.cpu_ms,
            200
        );
        assert_eq!(
            limited_for_mutants(&challenge, (100.0, 120.0))
                .limits
                .cpu_ms,
            300
        );
        assert_eq!(
            limited_for_mutants(&challenge, (600.0, 700.0))
                .limits
                .cpu_ms,
            1000
        );
        // The wall cap: twice the CPU limit and a second, or three times the reference's
        // slowest wall time, within the package's own.
        let wall_of = |cpu_ms, wall_ms| {
            limited_for_mutants(&challenge, (cpu_ms, wall_ms))
                .limits
                .wall_ms
        };
        assert_eq!(wall_of(600.0, 700.0), 3000);
        assert_eq!(wall_of(600.0, 2000.0), 5000);
    }
}
