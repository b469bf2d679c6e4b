//! `pyjudge grade`: every (candidate, challenge) pair of a practice set, judged concurrently
//! on a bounded pool of workers, with a content-addressed result cache.
//!
//! This module discovers the pairs, runs them and hands each finished pair to a callback
//! (for progress); it never prints. `report` renders the [`GradeReport`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::judge::{self, JudgeOptions, SubmissionReport};
use crate::judging::verdict::{CaseResult, Verdict};
use crate::package::spec::{Challenge, PracticeSet};
use crate::python::Python;
use crate::sandbox::WarmPool;

/// The version of the JSON report's layout; `report merge` refuses others.
pub const FORMAT_VERSION: u32 = 1;

/// One candidate's submission for one challenge, to be judged.
#[derive(Debug, Clone)]
pub struct Pair {
    pub candidate: String,
    pub challenge: String,
    /// None when the candidate submitted nothing for this challenge.
    pub path: Option<PathBuf>,
}

/// Whether a pair was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairStatus {
    /// Judged (or taken from the cache).
    Judged,
    /// No file for this challenge: 0 points, not an error.
    NotSubmitted,
    /// The submission could not be read or the judge failed on it.
    Error,
}

/// The result of one pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PairResult {
    pub candidate: String,
    pub challenge: String,
    pub status: PairStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    pub score: u64,
    pub max_score: u64,
    /// True when the result came from the cache instead of a new run.
    #[serde(default)]
    pub cached: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Wall time of the whole pair, in milliseconds.
    pub time_ms: f64,
    #[serde(default)]
    pub cases: Vec<CaseResult>,
}

impl PairResult {
    /// The first case that did not pass, for the line below the table.
    pub fn first_failure(&self) -> Option<&CaseResult> {
        self.cases.iter().find(|case| case.failed())
    }
}

/// One candidate's totals.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CandidateSummary {
    pub name: String,
    pub score: u64,
    pub max_score: u64,
    pub accepted: usize,
    pub submitted: usize,
    pub rank: usize,
}

/// One challenge of the set.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChallengeInfo {
    pub slug: String,
    pub title: String,
    pub max_score: u64,
}

/// What produced a report, so that a grade can be reproduced or questioned.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Environment {
    pub pyjudge_version: String,
    pub python_version: String,
    pub python_executable: String,
    /// `namespaces` or `process-group`.
    pub sandbox: String,
    /// The sandbox layers that were on (see `pyjudge doctor`).
    #[serde(default)]
    pub sandbox_layers: Vec<String>,
    pub cpu_model: String,
    pub cores: usize,
    pub jobs: usize,
}

/// The set a report grades.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetInfo {
    pub name: String,
    pub title: String,
    pub challenges: Vec<String>,
}

/// A grading run's report: everything, in stable field names (see the README).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GradeReport {
    pub format_version: u32,
    pub set: SetInfo,
    pub environment: Environment,
    /// `K/N` for a shard of a partitioned run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<String>,
    /// False when the run was interrupted or a shard is missing.
    pub complete: bool,
    pub candidates: Vec<CandidateSummary>,
    pub challenges: Vec<ChallengeInfo>,
    pub results: Vec<PairResult>,
    /// Files in the submissions folder that match no challenge of the set.
    #[serde(default)]
    pub unknown_files: Vec<String>,
}

impl GradeReport {
    /// 0 when every submitted pair is AC, 1 otherwise, 2 when the run is incomplete or a
    /// pair could not be judged.
    pub fn exit_code(&self) -> i32 {
        let broken = self.results.iter().any(|result| {
            result.status == PairStatus::Error || result.verdict == Some(Verdict::InternalError)
        });
        if !self.complete || broken {
            return 2;
        }
        let all_accepted = self
            .results
            .iter()
            .filter(|result| result.status == PairStatus::Judged)
            .all(|result| result.verdict == Some(Verdict::Accepted));
        if all_accepted {
            0
        } else {
            1
        }
    }

    /// Recomputes the candidates' totals and ranks from the results.
    pub fn summarize(&mut self) {
        self.results.sort_by(|left, right| {
            (&left.candidate, position(&self.set, &left.challenge))
                .cmp(&(&right.candidate, position(&self.set, &right.challenge)))
        });
        let mut totals: BTreeMap<String, CandidateSummary> = BTreeMap::new();
        for result in &self.results {
            let entry =
                totals
                    .entry(result.candidate.clone())
                    .or_insert_with(|| CandidateSummary {
                        name: result.candidate.clone(),
                        score: 0,
                        max_score: 0,
                        accepted: 0,
                        submitted: 0,
                        rank: 0,
                    });
            entry.score += result.score;
            entry.max_score += result.max_score;
            if result.status != PairStatus::NotSubmitted {
                entry.submitted += 1;
            }
            if result.verdict == Some(Verdict::Accepted) {
                entry.accepted += 1;
            }
        }
        let mut candidates: Vec<CandidateSummary> = totals.into_values().collect();
        candidates.sort_by(|left, right| {
            right
                .score
                .cmp(&left.score)
                .then(right.accepted.cmp(&left.accepted))
                .then(left.name.cmp(&right.name))
        });
        // Equal scores and accepted counts share a rank (1, 2, 2, 4).
        for index in 0..candidates.len() {
            candidates[index].rank = if index > 0
                && candidates[index].score == candidates[index - 1].score
                && candidates[index].accepted == candidates[index - 1].accepted
            {
                candidates[index - 1].rank
            } else {
                index + 1
            };
        }
        self.candidates = candidates;
    }
}

fn position(set: &SetInfo, slug: &str) -> usize {
    set.challenges
        .iter()
        .position(|known| known == slug)
        .unwrap_or(usize::MAX)
}

/// The pairs of a set found in a submissions folder, and the files that match nothing.
pub fn discover(set: &PracticeSet, submissions: &Path) -> Result<(Vec<Pair>, Vec<String>)> {
    let entries: Vec<PathBuf> = sorted_entries(submissions)?;
    let has_folders = entries.iter().any(|path| path.is_dir());
    let mut candidates: Vec<(String, PathBuf)> = Vec::new();
    let mut unknown = Vec::new();
    if has_folders {
        for path in &entries {
            let name = file_name(path);
            if path.is_dir() {
                candidates.push((name, path.clone()));
            } else {
                unknown.push(name);
            }
        }
    } else {
        // A single candidate's folder: its own name is the candidate's.
        let name = crate::package::spec::slug_of(submissions);
        candidates.push((name, submissions.to_path_buf()));
    }
    let slugs: BTreeSet<&str> = set.challenges.iter().map(String::as_str).collect();
    let mut pairs = Vec::new();
    for (candidate, folder) in &candidates {
        let files = sorted_entries(folder)?;
        for path in &files {
            let name = file_name(path);
            let known = name
                .strip_suffix(".py")
                .is_some_and(|slug| slugs.contains(slug));
            if !known {
                let relative = if has_folders {
                    format!("{candidate}/{name}")
                } else {
                    name
                };
                unknown.push(relative);
            }
        }
        for slug in &set.challenges {
            let path = folder.join(format!("{slug}.py"));
            pairs.push(Pair {
                candidate: candidate.clone(),
                challenge: slug.clone(),
                path: path.exists().then_some(path),
            });
        }
    }
    Ok((pairs, unknown))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn sorted_entries(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(folder)
        .map_err(|error| Error::io("read the submissions folder", folder, error))?;
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    Ok(paths)
}

/// Keeps the pairs of shard `index` (1-based) of `count`: every count-th pair in the
/// deterministic (candidate, challenge) order, so the shards are disjoint and complete.
pub fn partition(pairs: Vec<Pair>, index: usize, count: usize) -> Vec<Pair> {
    pairs
        .into_iter()
        .enumerate()
        .filter(|(position, _)| position % count == index - 1)
        .map(|(_, pair)| pair)
        .collect()
}

/// A challenge ready to judge, with the hash of everything about it that decides results.
pub struct Prepared {
    pub challenge: Challenge,
    pub fingerprint: String,
}

/// Loads a challenge and fingerprints its package (all files but submissions/).
pub fn prepare(dir: &Path, python: &Python, cache_dir: &Path) -> Result<Prepared> {
    let challenge = crate::prepare::load(dir, python, cache_dir)?;
    let mut hasher = Sha256::new();
    hasher.update(b"pyjudge-grade-v1\0");
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(crate::sandbox::RUNNER_SOURCE.as_bytes());
    hasher.update(python.executable.as_os_str().as_encoded_bytes());
    hasher.update(python.version_string().as_bytes());
    hasher.update(format!("{:?}", challenge.limits).as_bytes());
    hash_tree(dir, dir, &mut hasher)?;
    for case in &challenge.cases {
        // Generated cases live outside the package; their names and sizes pin them down
        // together with the generator's source, which hash_tree has seen.
        hasher.update(case.name.as_bytes());
    }
    Ok(Prepared {
        challenge,
        fingerprint: crate::digest::hex(&hasher.finalize()),
    })
}

fn hash_tree(root: &Path, dir: &Path, hasher: &mut Sha256) -> Result<()> {
    for path in sorted_entries(dir)? {
        let relative = path.strip_prefix(root).unwrap_or(&path);
        if relative.starts_with("submissions") || file_name(&path) == "__pycache__" {
            continue;
        }
        if path.is_dir() {
            hash_tree(root, &path, hasher)?;
        } else {
            hasher.update(relative.as_os_str().as_encoded_bytes());
            hasher.update(b"\0");
            hasher.update(fs::read(&path).map_err(|error| Error::io("read", &path, error))?);
            hasher.update(b"\0");
        }
    }
    Ok(())
}

/// Part of every cache key; changed whenever entries written before must not be served.
const CACHE_FORMAT: &str = "pyjudge-results-v2";

/// Where judged results are kept, keyed by content.
pub struct ResultCache {
    dir: PathBuf,
}

impl ResultCache {
    pub fn new(dir: &Path) -> ResultCache {
        ResultCache {
            dir: dir.join("results"),
        }
    }

    fn key(fingerprint: &str, source: &[u8]) -> String {
        let mut hasher = Sha256::new();
        // The entries' format and trust: entries written before runners had a channel per
        // submission (when one candidate could poison the next one's result) never match.
        hasher.update(CACHE_FORMAT.as_bytes());
        hasher.update(b"\0");
        hasher.update(fingerprint.as_bytes());
        hasher.update(b"\0");
        hasher.update(source);
        crate::digest::hex(&hasher.finalize())
    }

    fn entry(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.json"))
    }

    /// A stored report; a missing, partial or unreadable entry is a miss.
    fn get(&self, key: &str) -> Option<SubmissionReport> {
        let bytes = fs::read(self.entry(key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores a report whole or not at all: written under a temporary name, then renamed.
    fn put(&self, key: &str, report: &SubmissionReport) {
        let entry = self.entry(key);
        let Some(parent) = entry.parent() else { return };
        if fs::create_dir_all(parent).is_err() {
            return;
        }
        let Ok(bytes) = serde_json::to_vec(report) else {
            return;
        };
        // A cache entry: failing to store it costs only a judging next time.
        let _ = crate::atomic::write_synced(&entry, &bytes);
    }
}

/// Judges one pair: from the cache when its content was judged before.
pub fn judge_pair(
    pair: &Pair,
    prepared: &Prepared,
    python: &Python,
    cache: Option<&ResultCache>,
    warm: Option<&WarmPool>,
) -> PairResult {
    let started = std::time::Instant::now();
    // A Kattis scoring problem's best score is its grading's; its settings were read when
    // the challenge loaded, so they cannot fail here but by a change since.
    let max_score = crate::judge::max_score(&prepared.challenge)
        .unwrap_or_else(|_| prepared.challenge.max_score());
    let mut result = PairResult {
        candidate: pair.candidate.clone(),
        challenge: pair.challenge.clone(),
        status: PairStatus::NotSubmitted,
        verdict: None,
        score: 0,
        max_score,
        cached: false,
        submission: pair.path.as_ref().map(|path| path.display().to_string()),
        message: None,
        time_ms: 0.0,
        cases: Vec::new(),
    };
    let Some(path) = &pair.path else {
        result.message = Some("not submitted".into());
        return result;
    };
    let source = match judge::read_submission(path) {
        Ok(source) => source,
        Err(error) => {
            result.status = PairStatus::Error;
            result.message = Some(error.to_string());
            return result;
        }
    };
    let key = ResultCache::key(&prepared.fingerprint, &source);
    let (report, cached) = match cache.and_then(|cache| cache.get(&key)) {
        Some(report) => (Ok(report), true),
        None => {
            let options = JudgeOptions {
                all_cases: true,
                samples_only: false,
            };
            let name = path.display().to_string();
            (
                judge::judge_pooled(&prepared.challenge, &name, &source, python, &options, warm),
                false,
            )
        }
    };
    match report {
        Ok(report) => {
            // A pair cut short by Ctrl-C is not a result: never store or count it.
            if !cached
                && !crate::cancel::cancelled()
                && report.verdict != Verdict::InternalError
                && report.not_cacheable.is_none()
            {
                if let Some(cache) = cache {
                    cache.put(&key, &report);
                }
            }
            result.status = PairStatus::Judged;
            result.verdict = Some(report.verdict);
            result.score = report.score;
            result.max_score = report.max_score;
            result.cached = cached;
            result.message = report.message.clone().or_else(|| {
                report
                    .cases
                    .iter()
                    .find(|case| case.failed())
                    .map(|case| format!("{}: {}", case.name, case.message))
            });
            result.cases = report.cases;
        }
        Err(error) => {
            result.status = PairStatus::Error;
            result.message = Some(error.to_string());
        }
    }
    result.time_ms = started.elapsed().as_secs_f64() * 1000.0;
    result
}

/// What a grading run needs.
pub struct GradeRun<'a> {
    pub set: &'a PracticeSet,
    pub set_name: String,
    pub challenges: HashMap<String, Arc<Prepared>>,
    pub pairs: Vec<Pair>,
    pub unknown_files: Vec<String>,
    pub python: Arc<Python>,
    pub cache: Option<Arc<ResultCache>>,
    pub jobs: usize,
    pub partition: Option<(usize, usize)>,
    pub sandbox: String,
    pub sandbox_layers: Vec<String>,
}

/// Judges every pair on `jobs` workers, calling `on_result` as each finishes. Ctrl-C or
/// SIGTERM kills the running sandboxes and returns what was finished, marked incomplete.
pub fn run(run: GradeRun, mut on_result: impl FnMut(&PairResult)) -> Result<GradeReport> {
    let warm = WarmPool::for_run(run.jobs).map(Arc::new);
    let work = {
        let (challenges, python, cache, warm) = (
            run.challenges.clone(),
            Arc::clone(&run.python),
            run.cache.clone(),
            warm.clone(),
        );
        move |pair: Pair| {
            let prepared = &challenges[&pair.challenge];
            judge_pair(&pair, prepared, &python, cache.as_deref(), warm.as_deref())
        }
    };
    let finished = crate::pool::run(run.pairs.clone(), run.jobs, work, |_, result| {
        // A pair that a cancellation cut short is not a result.
        if crate::cancel::cancelled() && !result.cached && result.status != PairStatus::NotSubmitted
        {
            return false;
        }
        on_result(result);
        true
    })?;
    let (results, complete): (Vec<PairResult>, bool) = (
        finished
            .results
            .into_iter()
            .map(|(_, result)| result)
            .collect(),
        finished.complete,
    );
    drop(warm);
    let mut report = GradeReport {
        format_version: FORMAT_VERSION,
        set: SetInfo {
            name: run.set_name.clone(),
            title: run.set.title.clone(),
            challenges: run.set.challenges.clone(),
        },
        environment: Environment {
            pyjudge_version: env!("CARGO_PKG_VERSION").into(),
            python_version: run.python.version_string(),
            python_executable: run.python.executable.display().to_string(),
            sandbox: run.sandbox.clone(),
            sandbox_layers: run.sandbox_layers.clone(),
            cpu_model: cpu_model(),
            cores: crate::sandbox::cores(),
            jobs: run.jobs,
        },
        partition: run
            .partition
            .map(|(index, count)| format!("{index}/{count}")),
        complete,
        candidates: Vec::new(),
        challenges: run
            .set
            .challenges
            .iter()
            .filter_map(|slug| run.challenges.get(slug))
            .map(|prepared| ChallengeInfo {
                slug: prepared.challenge.slug.clone(),
                title: prepared.challenge.title.clone(),
                max_score: crate::judge::max_score(&prepared.challenge)
                    .unwrap_or_else(|_| prepared.challenge.max_score()),
            })
            .collect(),
        results,
        unknown_files: run.unknown_files.clone(),
    };
    report.summarize();
    Ok(report)
}

/// The processor's model name, for the report's record of what produced it.
pub fn cpu_model() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Joins shard reports into one. Shards must grade the same set; a pair in two shards must
/// have the same verdict and score.
pub fn merge(reports: Vec<(PathBuf, GradeReport)>) -> Result<GradeReport> {
    let mut iter = reports.into_iter();
    let Some((first_path, mut merged)) = iter.next() else {
        return Err(Error::Usage {
            message: "failed to merge: no reports given".into(),
        });
    };
    let mut partitions: BTreeSet<String> = merged.partition.iter().cloned().collect();
    let mut seen: HashMap<(String, String), usize> = merged
        .results
        .iter()
        .enumerate()
        .map(|(index, result)| ((result.candidate.clone(), result.challenge.clone()), index))
        .collect();
    for (path, report) in iter {
        if report.set.challenges != merged.set.challenges {
            return Err(Error::Usage {
                message: format!(
                    "failed to merge {}: it grades set {:?}, but {} grades {:?}",
                    path.display(),
                    report.set.name,
                    first_path.display(),
                    merged.set.name
                ),
            });
        }
        merged.complete &= report.complete;
        if let Some(partition) = &report.partition {
            partitions.insert(partition.clone());
        }
        for result in report.results {
            let key = (result.candidate.clone(), result.challenge.clone());
            match seen.get(&key) {
                Some(index) => {
                    let existing = &merged.results[*index];
                    if existing.verdict != result.verdict || existing.score != result.score {
                        return Err(Error::Usage {
                            message: format!(
                                "failed to merge {}: {} / {} is {:?} there but {:?} in an earlier report",
                                path.display(),
                                key.0,
                                key.1,
                                result.verdict,
                                existing.verdict
                            ),
                        });
                    }
                }
                None => {
                    seen.insert(key, merged.results.len());
                    merged.results.push(result);
                }
            }
        }
        for file in report.unknown_files {
            if !merged.unknown_files.contains(&file) {
                merged.unknown_files.push(file);
            }
        }
    }
    // All shards K/N of one N make the whole run; a missing shard leaves it incomplete.
    if !partitions.is_empty() {
        let counts: BTreeSet<&str> = partitions
            .iter()
            .filter_map(|p| p.split_once('/').map(|(_, n)| n))
            .collect();
        let whole = counts.len() == 1
            && counts
                .iter()
                .next()
                .and_then(|count| count.parse::<usize>().ok())
                .is_some_and(|count| partitions.len() == count);
        merged.complete &= whole;
        merged.partition = if whole {
            None
        } else {
            Some(partitions.into_iter().collect::<Vec<_>>().join(","))
        };
    }
    merged.unknown_files.sort();
    merged.summarize();
    Ok(merged)
}
