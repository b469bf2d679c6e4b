//! A challenge made ready to judge: the cases its generator writes added (the generator run
//! once per content and cached), and a Kattis package's time limit settled by timing its
//! accepted submissions. It runs an author's scripts and the judge, so it sits above both
//! (and `grade`, `check` and `app` call it);
//! `package` only reads.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::atomic::{self, StagedFolder};
use crate::error::{Error, Result};
use crate::judge;
use crate::judging::verdict::Verdict;
use crate::package::kattis::{self, python_submissions};
use crate::package::spec::{self, CaseInput, Challenge, Group};
use crate::python::Python;
use crate::scripts::{last_lines, Script, ScriptError};

/// Makes a loaded challenge ready to judge: its built environment found (never built
/// here), its generated cases, its time limit.
pub fn prepare(challenge: &mut Challenge, python: &Python, cache_dir: &Path) -> Result<()> {
    crate::environment::attach(challenge, python, cache_dir)?;
    add_generated_cases(challenge, python, cache_dir)?;
    settle_time_limit(challenge, python, cache_dir).map(|_| ())
}

/// Loads the package at `dir` and prepares it.
pub fn load(dir: &Path, python: &Python, cache_dir: &Path) -> Result<Challenge> {
    load_with_timings(dir, python, cache_dir).map(|(challenge, _)| challenge)
}

/// The accepted submissions of a Kattis package as they were judged while its time limit
/// was derived (none when the limit came from the cache or the package): each path with its
/// report, judged on every case.
pub type Timings = Vec<(PathBuf, judge::SubmissionReport)>;

/// Like [`load`], with the judgements made while deriving a Kattis time limit, so that
/// `check` does not judge those accepted submissions a second time.
pub fn load_with_timings(
    dir: &Path,
    python: &Python,
    cache_dir: &Path,
) -> Result<(Challenge, Timings)> {
    let mut challenge = Challenge::load(dir)?;
    crate::environment::attach(&mut challenge, python, cache_dir)?;
    add_generated_cases(&mut challenge, python, cache_dir)?;
    let timings = settle_time_limit(&mut challenge, python, cache_dir)?;
    Ok((challenge, timings))
}

/// Adds the cases written by the package's generator, running it once per content.
fn add_generated_cases(challenge: &mut Challenge, python: &Python, cache_dir: &Path) -> Result<()> {
    let Some(script) = challenge.generator.clone() else {
        return Ok(());
    };
    let folder = generated_folder(&script, &challenge.dir, python, cache_dir)?;
    let mut generated = spec::read_cases(&folder, Group::Secret, challenge.kind, challenge.points)?;
    let taken: std::collections::HashSet<_> = challenge
        .cases
        .iter()
        .map(|case| case.name.clone())
        .collect();
    if let Some(clash) = generated.iter().find(|case| taken.contains(&case.name)) {
        return Err(Error::spec_hint(
            &script,
            format!("it wrote case {:?}, which tests/ already has", clash.name),
            "give generated cases names of their own",
        ));
    }
    challenge.cases.append(&mut generated);
    challenge
        .cases
        .sort_by(|left, right| (left.group, &left.name).cmp(&(right.group, &right.name)));
    Ok(())
}

const GENERATOR_TIMEOUT: Duration = Duration::from_secs(300);

/// The folder holding the generator's output, generating it first if needed.
fn generated_folder(
    script: &Path,
    package_dir: &Path,
    python: &Python,
    cache_dir: &Path,
) -> Result<PathBuf> {
    let source = fs::read(script).map_err(|error| Error::io("read generator", script, error))?;
    let mut hasher = Sha256::new();
    hasher.update(b"pyjudge-generator-v1\0");
    hasher.update(python.version_string().as_bytes());
    hasher.update(b"\0");
    hasher.update(&source);
    let key = crate::digest::hex(&hasher.finalize()[..12]);
    let root = cache_dir.join("generated");
    let folder = root.join(&key);
    if folder.is_dir() {
        return Ok(folder);
    }
    fs::create_dir_all(&root).map_err(|error| Error::io("create cache folder", &root, error))?;
    let staging = StagedFolder::new(&folder)
        .map_err(|error| Error::io("create a folder in", &root, error))?;
    let script_arg = script
        .canonicalize()
        .unwrap_or_else(|_| script.to_path_buf());
    let failed = |message: String| Error::Script {
        what: "generator",
        path: script.to_path_buf(),
        message,
    };
    let finished = Script::new(&python.executable, &script_arg)
        .arg(staging.path())
        .current_dir(package_dir)
        .timeout(GENERATOR_TIMEOUT)
        .run()
        .map_err(|error| match error {
            ScriptError::TimedOut { timeout, .. } => {
                failed(format!("it ran longer than {} s", timeout.as_secs()))
            }
            ScriptError::NotStarted { source, .. } => failed(source.to_string()),
            other => failed(other.to_string()),
        })?;
    if !finished.status.success() {
        return Err(failed(format!(
            "it exited with {}: {}",
            finished.status,
            last_lines(&String::from_utf8_lossy(&finished.stderr), 5)
        )));
    }
    // Another pyjudge finishing the same generation first is as good: same content.
    staging
        .commit()
        .map_err(|error| Error::io("store generated cases in", &folder, error))
}

/// The CPU time an accepted submission may use per case while it is timed for Kattis'
/// default rule: verifyproblem's own ceiling when it does not know the limit yet (5
/// minutes). `PYJUDGE_KATTIS_TIME_CAP_MS` lowers or raises it.
pub const MEASURE_CAP_MS: u64 = 300_000;

/// The measuring cap in force: [`MEASURE_CAP_MS`], or `PYJUDGE_KATTIS_TIME_CAP_MS`.
pub fn measure_cap_ms() -> u64 {
    std::env::var("PYJUDGE_KATTIS_TIME_CAP_MS")
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok())
        .filter(|cap| *cap > 0)
        .unwrap_or(MEASURE_CAP_MS)
}

/// Applies Kattis' default time limit rule where the package gives no time limit: the
/// slowest accepted Python submission's CPU time times the multiplier, rounded up to the
/// time resolution (whole seconds by default). The accepted submissions run with the
/// measuring cap, not the provisional limit, so a slow one is measured in full. The
/// result is cached by everything it depends on: problem.yaml, the interpreter, the
/// accepted sources and the test data.
fn settle_time_limit(
    challenge: &mut Challenge,
    python: &Python,
    cache_dir: &Path,
) -> Result<Timings> {
    if challenge.kattis_time_rule.is_none() {
        return Ok(Vec::new());
    }
    let rule = kattis::time_rule(&challenge.dir)?;
    let accepted = python_submissions(&challenge.dir);
    if accepted.is_empty() {
        return Err(Error::spec_hint(
            &challenge.dir,
            "no time limit in problem.yaml and no accepted Python submission to derive one from",
            "write limits: time_limit: SECONDS in problem.yaml, or a .timelimit file",
        ));
    }
    let cap_ms = measure_cap_ms();
    let key = time_key(challenge, &accepted, python, cap_ms);
    let entry = cache_dir
        .join("kattis-time-limits")
        .join(format!("{key}.txt"));
    if let Some(cpu_ms) = fs::read_to_string(&entry)
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<u64>().ok())
    {
        apply_cpu_limit(challenge, cpu_ms);
        return Ok(Vec::new());
    }
    let mut measuring = challenge.clone();
    apply_cpu_limit(&mut measuring, cap_ms);
    let mut slowest: f64 = 0.0;
    let mut timings = Vec::new();
    for path in &accepted {
        let source = judge::read_submission(path)?;
        let options = judge::JudgeOptions {
            all_cases: true,
            samples_only: false,
        };
        let report = judge::judge(
            &measuring,
            &path.display().to_string(),
            &source,
            python,
            &options,
        )?;
        if let Some(capped) = report
            .cases
            .iter()
            .find(|case| case.verdict == Some(Verdict::TimeLimitExceeded))
        {
            return Err(Error::spec_hint(
                path,
                format!(
                    "while it was timed for Kattis' time limit rule, it ran past the measuring cap of {cap_ms} ms on {}, so no limit can be derived from it",
                    capped.label()
                ),
                "make it faster, give limits: time_limit: SECONDS in problem.yaml, \
                 or raise the cap with PYJUDGE_KATTIS_TIME_CAP_MS",
            ));
        }
        slowest = report
            .cases
            .iter()
            .map(|case| case.cpu_ms)
            .fold(slowest, f64::max);
        timings.push((path.clone(), report));
    }
    let cpu_ms = rule.derived_ms(slowest);
    if let Some(parent) = entry.parent() {
        let _ = fs::create_dir_all(parent);
        // A cache entry: failing to store it costs only a measurement next time.
        let _ = atomic::write(&entry, format!("{cpu_ms} {slowest}\n").as_bytes());
    }
    apply_cpu_limit(challenge, cpu_ms);
    // A run measured under the cap holds for the derived limit only where the limit is at
    // least the slowest run (a multiplier of 1 or more).
    if rule.multiplier < 1.0 {
        timings.clear();
    }
    Ok(timings)
}

fn apply_cpu_limit(challenge: &mut Challenge, cpu_ms: u64) {
    challenge.limits.cpu_ms = cpu_ms;
    challenge.limits.wall_ms = cpu_ms * 2 + 2000;
    challenge.kattis_time_rule = None;
}

/// What a derived time limit depends on: problem.yaml (the multiplier, the resolution),
/// the interpreter (path and version), the measuring cap, the accepted sources, and each
/// input's path, size and modification time (reading every input of a contest package to
/// hash it would cost more than the measurement it saves).
fn time_key(challenge: &Challenge, accepted: &[PathBuf], python: &Python, cap_ms: u64) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kattis-time-v2\0");
    hasher.update(fs::read(challenge.dir.join("problem.yaml")).unwrap_or_default());
    hasher.update(b"\0");
    hasher.update(python.executable.to_string_lossy().as_bytes());
    hasher.update(b"\0");
    hasher.update(python.version_string().as_bytes());
    hasher.update(b"\0");
    hasher.update(cap_ms.to_le_bytes());
    for path in accepted {
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update(b"\0");
        hasher.update(fs::read(path).unwrap_or_default());
        hasher.update(b"\0");
    }
    for case in &challenge.cases {
        if let CaseInput::File(path) = &case.input {
            hasher.update(path.to_string_lossy().as_bytes());
            let metadata = fs::metadata(path).ok();
            let size = metadata.as_ref().map_or(0, |metadata| metadata.len());
            hasher.update(size.to_le_bytes());
            let modified = metadata
                .and_then(|metadata| metadata.modified().ok())
                .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |since| since.as_nanos());
            hasher.update(modified.to_le_bytes());
        }
    }
    crate::digest::hex(&hasher.finalize()[..12])
}
