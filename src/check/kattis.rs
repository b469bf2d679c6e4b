//! The Kattis side of `check`: a Kattis package held to verifyproblem's rules where they
//! differ from pyjudge's own (`check`'s parent module): its submissions folders (a scoring
//! problem's partially accepted ones by their score, `rejected/`, `brute_force/`), its time
//! rule and safety margin, its test data and problem.yaml findings (files the unprivileged
//! validators cannot read among them), and its input validators (run through `scripts`).
//! It decides what holds; `report` prints it.

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use sha2::Digest as _;

use super::{
    check_submission_judged, outcome_of, relative, remeasure_over_budget, PackageCheck, Problem,
    SubmissionOutcome,
};
use crate::judge::{self, JudgeOptions, SubmissionReport};
use crate::judging::verdict::Verdict;
use crate::package::kattis;
use crate::package::spec::{CaseInput, Challenge, Group, PackageFormat};
use crate::python::Python;
use crate::sandbox::WarmPool;

/// What a Kattis submissions folder asks of the programs in it.
#[derive(Debug, Clone, Copy)]
enum KattisFolder {
    /// Exactly this verdict (`run_time_error/` takes memory overuse too).
    Verdict(Verdict),
    /// Anything but accepted (`rejected/`).
    Rejected,
    /// Accepted on part of the data: only a scoring problem can do that.
    PartiallyAccepted,
    /// Never a wrong answer, but not accepted: too slow or crashing (`brute_force/`).
    BruteForce,
}

/// The submissions folders `check` knows in a Kattis package, in the order it runs them.
const KATTIS_FOLDERS: &[(&str, KattisFolder)] = &[
    ("accepted", KattisFolder::Verdict(Verdict::Accepted)),
    ("partially_accepted", KattisFolder::PartiallyAccepted),
    ("wrong_answer", KattisFolder::Verdict(Verdict::WrongAnswer)),
    (
        "run_time_error",
        KattisFolder::Verdict(Verdict::RuntimeError),
    ),
    (
        "runtime_error",
        KattisFolder::Verdict(Verdict::RuntimeError),
    ),
    (
        "time_limit_exceeded",
        KattisFolder::Verdict(Verdict::TimeLimitExceeded),
    ),
    (
        "memory_limit_exceeded",
        KattisFolder::Verdict(Verdict::MemoryLimitExceeded),
    ),
    ("rejected", KattisFolder::Rejected),
    ("brute_force", KattisFolder::BruteForce),
];

/// Every Python program of a Kattis package's submissions folders against what its folder
/// asks; the programs and folders not judged as notes.
pub(super) fn check_kattis_submissions(
    challenge: &Challenge,
    python: &Python,
    pool: Option<&WarmPool>,
    mut timings: crate::prepare::Timings,
    check: &mut PackageCheck,
) {
    let root = challenge.dir.join("submissions");
    let mut unknown: Vec<String> = fs::read_dir(&root)
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.path().is_dir())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| !KATTIS_FOLDERS.iter().any(|(folder, _)| folder == name))
                .collect()
        })
        .unwrap_or_default();
    unknown.sort();
    for name in unknown {
        check.notes.push(format!(
            "skipped submissions/{name}/: not a folder of the Kattis format that check knows"
        ));
    }
    let mut accepted = 0;
    let mut reported_groups = std::collections::HashSet::new();
    for (folder, asks) in KATTIS_FOLDERS {
        let (programs, notes) = crate::package::kattis::python_programs(&challenge.dir, folder);
        check.notes.extend(notes);
        for path in programs {
            let (outcome, problems) = match asks {
                KattisFolder::Verdict(expected) => {
                    // An accepted submission judged on every case while the time limit was
                    // derived is not judged again: the cold check times it once.
                    let timed = timings
                        .iter()
                        .position(|(timed, _)| *timed == path)
                        .filter(|_| *expected == Verdict::Accepted)
                        .map(|index| timings.swap_remove(index).1);
                    check_submission_judged(challenge, &path, *expected, python, pool, timed)
                }
                KattisFolder::Rejected
                | KattisFolder::PartiallyAccepted
                | KattisFolder::BruteForce => {
                    let (outcome, problems, notes) =
                        check_kattis_not_accepted(challenge, &path, *asks, python, pool);
                    check.notes.extend(notes);
                    (outcome, problems)
                }
            };
            if matches!(asks, KattisFolder::Verdict(Verdict::Accepted)) {
                accepted += 1;
                // A scoring problem's accepted program short of the best score: verifyproblem
                // warns (heuristic problems may mean it).
                if let Some(outcome) = outcome.as_ref().filter(|outcome| {
                    outcome.verdict == Verdict::Accepted && outcome.score < outcome.max_score
                }) {
                    if kattis::grading(&challenge.dir).is_ok_and(|grading| grading.is_some()) {
                        check.notes.push(format!(
                            "{} scored {} of {} (verifyproblem warns): move it to partially_accepted/ if that is meant",
                            outcome.submission, outcome.score, outcome.max_score
                        ));
                    }
                }
            }
            // A group out of its range is said once, as verifyproblem says it.
            for problem in problems {
                let range_problem = problem.message.contains("outside its range");
                if range_problem && !reported_groups.insert(problem.case.clone()) {
                    continue;
                }
                check.problems.push(problem);
            }
            check.submissions.extend(outcome);
        }
    }
    if accepted == 0 {
        check.problems.push(Problem::package(
            "no Python program in submissions/accepted/: a package needs at least one reference solution",
        ));
    }
}

/// A program of `rejected/` (must not be accepted), `brute_force/` (never a wrong answer,
/// not accepted: every case runs) or `partially_accepted/` (as verifyproblem has it for a
/// pass-fail problem: a note when it is accepted, a failure otherwise, since only a
/// scoring problem accepts part of the data).
fn check_kattis_not_accepted(
    challenge: &Challenge,
    path: &Path,
    asks: KattisFolder,
    python: &Python,
    pool: Option<&WarmPool>,
) -> (Option<SubmissionOutcome>, Vec<Problem>, Vec<String>) {
    let name = relative(challenge, path);
    let partial = matches!(asks, KattisFolder::PartiallyAccepted);
    let brute_force = matches!(asks, KattisFolder::BruteForce);
    let expected = match asks {
        KattisFolder::PartiallyAccepted => "PAC",
        KattisFolder::BruteForce => "TLE or RE, never WA",
        _ => "not AC",
    };
    let problem = |actual: Option<String>, message: String| Problem {
        submission: Some(name.clone()),
        case: None,
        expected: Some(expected.to_string()),
        actual,
        message,
    };
    let report = match judge::read_submission(path).and_then(|source| {
        let options = JudgeOptions {
            all_cases: brute_force,
            samples_only: false,
        };
        judge::judge_pooled(challenge, &name, &source, python, &options, pool)
    }) {
        Ok(report) => report,
        Err(error) => return (None, vec![problem(None, error.to_string())], Vec::new()),
    };
    let got = report.verdict.code().to_string();
    let wrong = report
        .cases
        .iter()
        .find(|case| case.verdict == Some(Verdict::WrongAnswer));
    let scoring = kattis::grading(&challenge.dir).ok().flatten();
    let out_of_range = score_range_problems(challenge, &report, &name);
    if let (true, Some(grading)) = (partial, &scoring) {
        let outcome = outcome_of(&name, expected, &report);
        let mut problems = out_of_range;
        problems.extend(partially_accepted_problems(grading, &report, problem));
        return (Some(outcome), problems, Vec::new());
    }
    let (problems, notes) = match (partial, report.verdict) {
        (false, Verdict::Accepted) if brute_force => (
            vec![problem(
                Some(got),
                "expected a brute force, got AC: brute_force/ holds submissions too slow or crashing on some case".into(),
            )],
            Vec::new(),
        ),
        (false, _) if brute_force && wrong.is_some() => (
            vec![Problem {
                case: wrong.map(|case| case.label()),
                ..problem(
                    Some("WA".into()),
                    format!(
                        "a brute force must never give a wrong answer; it does on {}",
                        wrong.map(|case| case.label()).unwrap_or_default()
                    ),
                )
            }],
            Vec::new(),
        ),
        (false, Verdict::Accepted) => (
            vec![problem(
                Some(got),
                "expected a rejection, got AC: rejected/ holds submissions that must not be accepted".into(),
            )],
            Vec::new(),
        ),
        (false, _) => (Vec::new(), Vec::new()),
        (true, Verdict::Accepted) => (
            Vec::new(),
            vec![format!(
                "{name} is fully accepted (verifyproblem warns): move it to accepted/"
            )],
        ),
        (true, verdict) => (
            vec![problem(
                Some(got),
                format!(
                    "got {}: a pass-fail problem accepts a submission or not, so partially_accepted/ needs a scoring problem (verifyproblem fails it too)",
                    verdict.code()
                ),
            )],
            Vec::new(),
        ),
    };
    let mut problems = problems;
    problems.extend(out_of_range);
    (Some(outcome_of(&name, expected, &report)), problems, notes)
}

/// The groups of a Kattis scoring problem that `report` scored outside their `range`
/// (verifyproblem: an error), each a problem whose `case` is the group's folder.
pub(super) fn score_range_problems(
    challenge: &Challenge,
    report: &SubmissionReport,
    name: &str,
) -> Vec<Problem> {
    if challenge.format != PackageFormat::Kattis {
        return Vec::new();
    }
    let Ok(Some(grading)) = kattis::grading(&challenge.dir) else {
        return Vec::new();
    };
    let grades: HashMap<PathBuf, kattis::CaseGrade> = challenge
        .cases
        .iter()
        .filter_map(|case| {
            let result = report
                .cases
                .iter()
                .find(|result| result.name == case.name && result.group == case.group)?;
            Some((
                case.source.clone(),
                (judge::grader_verdict(result.verdict?), result.score),
            ))
        })
        .collect();
    grading
        .out_of_range(&|input| grades.get(input).copied())
        .into_iter()
        .map(|(folder, score, (low, high))| {
            let group = relative(challenge, &folder);
            Problem {
                submission: Some(name.to_string()),
                case: Some(group.clone()),
                expected: Some(format!("[{low}, {high}]")),
                actual: Some(score.to_string()),
                message: format!(
                    "group {group} scored {score}, outside its range [{low}, {high}] (verifyproblem: an error): fix its testdata.yaml's range or scores"
                ),
            }
        })
        .collect()
}

/// What a scoring problem asks of a `partially_accepted/` program: accepted by the grader,
/// with a score strictly between 0 and the best score (verifyproblem only warns of a full
/// score; a program with it belongs in `accepted/`).
fn partially_accepted_problems(
    grading: &kattis::Grading,
    report: &SubmissionReport,
    problem: impl Fn(Option<String>, String) -> Problem,
) -> Vec<Problem> {
    let best = grading.best_score();
    let score = report.exact_score.unwrap_or(0.0);
    let got = |score: f64| Some(format!("{} {score}", report.verdict.code()));
    if report.verdict != Verdict::Accepted {
        return vec![problem(
            got(score),
            format!(
                "got {}: a partially accepted submission must be accepted by the grader, with part of the score",
                report.verdict.code()
            ),
        )];
    }
    let (worst, best) = if grading.minimizes() {
        (f64::INFINITY, best)
    } else {
        (0.0, best)
    };
    let strictly_between = if grading.minimizes() {
        score > best && score < worst
    } else {
        score > worst && score < best
    };
    if strictly_between {
        return Vec::new();
    }
    vec![problem(
        got(score),
        format!(
            "scored {score} of {best}: a partially accepted submission must score more than {worst} and less than {best} (move a full score to accepted/)"
        ),
    )]
}

/// The time limit rule of a Kattis package (`None` for a pyjudge package).
pub(super) fn kattis_time_rule(challenge: &Challenge) -> Option<kattis::TimeRule> {
    if challenge.format != PackageFormat::Kattis {
        return None;
    }
    // The package loaded, so its problem.yaml reads.
    kattis::time_rule(&challenge.dir).ok()
}

/// The time limit in force and where it comes from, as verifyproblem reports it.
pub(super) fn kattis_time_note(challenge: &Challenge, rule: &kattis::TimeRule) -> String {
    let limit = challenge.limits.cpu_ms;
    let origin = if rule.explicit_ms.is_some() {
        "fixed by the package".to_string()
    } else {
        format!(
            "the slowest accepted run times {}, rounded up to {} s",
            rule.multiplier, rule.resolution_seconds
        )
    };
    format!(
        "time limit {limit} ms ({origin}); a time-limit-exceeded submission must exceed {} ms (safety margin {})",
        rule.margin_ms(limit),
        rule.safety_margin
    )
}

/// True where Kattis files a verdict pyjudge tells apart under another folder: memory
/// overuse is a run-time error there (Kattis has no memory verdict of its own).
pub(super) fn kattis_equivalent(expected: Verdict, actual: Verdict) -> bool {
    expected == Verdict::RuntimeError && actual == Verdict::MemoryLimitExceeded
}

pub(super) fn with_cpu_limit(challenge: &Challenge, cpu_ms: u64) -> Challenge {
    let mut copy = challenge.clone();
    copy.limits.cpu_ms = cpu_ms;
    copy.limits.wall_ms = cpu_ms * 2 + 2000;
    copy
}

/// Kattis' rule for a fixed time limit (problem.yaml's `limits.time_limit`): the slowest
/// accepted run times the multiplier must fit in it, the limit it would have derived.
pub(super) fn kattis_fixed_limit_problems(
    challenge: &Challenge,
    name: &str,
    source: &[u8],
    python: &Python,
    pool: Option<&WarmPool>,
    report: &SubmissionReport,
    rule: &kattis::TimeRule,
) -> Vec<Problem> {
    let limit = challenge.limits.cpu_ms;
    let budget = limit as f64 / rule.multiplier;
    let slowest = remeasure_over_budget(challenge, name, source, python, pool, report, budget);
    slowest
        .into_iter()
        .filter(|(_, cpu_ms)| *cpu_ms > budget)
        .map(|(case, cpu_ms)| Problem {
            submission: Some(name.to_string()),
            case: Some(label_of(report, &case)),
            expected: Some(Verdict::Accepted.code().to_string()),
            actual: Some(format!("{cpu_ms} ms")),
            message: format!(
                "uses {cpu_ms} ms CPU on {}: times the multiplier {} that is {:.0} ms, over the fixed {limit} ms limit (Kattis derives {} ms from it): raise limits.time_limit or make the case smaller",
                label_of(report, &case),
                rule.multiplier,
                cpu_ms * rule.multiplier,
                rule.derived_ms(cpu_ms),
            ),
        })
        .collect()
}

fn label_of(report: &SubmissionReport, case_name: &str) -> String {
    report
        .cases
        .iter()
        .find(|case| case.name == case_name)
        .map_or_else(|| case_name.to_string(), |case| case.label())
}

/// What verifyproblem says of a Kattis package's test data: no secret data is an error, and
/// so are scoring settings it grades with all the same ([`kattis::Grading::findings`]); no
/// sample data and identical input files are warnings (notes here).
pub(super) fn kattis_data_findings(challenge: &Challenge, check: &mut PackageCheck) {
    if !challenge
        .cases
        .iter()
        .any(|case| case.group == Group::Secret)
    {
        check.problems.push(Problem::package(
            "no secret test data in data/secret/ (verifyproblem: an error)",
        ));
    }
    if !challenge
        .cases
        .iter()
        .any(|case| case.group == Group::Sample)
    {
        check
            .notes
            .push("no sample test data in data/sample/ (verifyproblem warns)".into());
    }
    let mut by_content: Vec<(Vec<u8>, Vec<String>)> = Vec::new();
    for case in &challenge.cases {
        let CaseInput::File(path) = &case.input else {
            continue;
        };
        if fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_symlink()) {
            continue;
        }
        let Ok(bytes) = fs::read(path) else {
            continue;
        };
        let digest = sha2::Sha256::digest(&bytes).to_vec();
        let shown = relative(challenge, path);
        match by_content.iter_mut().find(|(seen, _)| *seen == digest) {
            Some((_, paths)) => paths.push(shown),
            None => by_content.push((digest, vec![shown])),
        }
    }
    for (_, paths) in by_content.into_iter().filter(|(_, paths)| paths.len() > 1) {
        check.notes.push(format!(
            "identical input files: {} (verifyproblem warns)",
            paths.join(", ")
        ));
    }
    for key in unknown_legacy_keys(&challenge.dir) {
        check.problems.push(Problem::package(format!(
            "problem.yaml: {key} is not a key of the legacy problem format, so verifyproblem does not load the package (an error)\nhint: remove it (output validator flags go in validator_flags)"
        )));
    }
    if let Ok(Some(grading)) = kattis::grading(&challenge.dir) {
        for (path, message) in grading.findings() {
            check.problems.push(Problem::package(format!(
                "{}: {message}",
                relative(challenge, path)
            )));
        }
    }
    if validators_drop_privileges() {
        for path in closed_to_validators(&challenge.dir) {
            check.problems.push(Problem::package(format!(
                "{} cannot be read by the validators, which run as an unprivileged user when pyjudge runs as root (its mode is {:04o}): every case that needs it would be the judge's failure (IE)\nhint: chmod a+rX {}",
                relative(challenge, &path),
                fs::metadata(&path).map_or(0, |metadata| metadata.permissions().mode() & 0o7777),
                path.display()
            )));
        }
    }
}

/// The keys of a legacy-format problem.yaml (no `problem_format_version`, or `legacy`)
/// that the format does not define, which verifyproblem refuses (pyjudge ignores them).
fn unknown_legacy_keys(package: &Path) -> Vec<String> {
    const LEGACY_KEYS: &[&str] = &[
        "problem_format_version",
        "type",
        "name",
        "uuid",
        "author",
        "source",
        "source_url",
        "license",
        "rights_owner",
        "limits",
        "validation",
        "validator_flags",
        "grading",
        "keywords",
    ];
    let Ok(text) = fs::read_to_string(package.join("problem.yaml")) else {
        return Vec::new();
    };
    let Ok(serde_yaml_ng::Value::Mapping(problem)) = serde_yaml_ng::from_str(&text) else {
        return Vec::new();
    };
    let legacy = problem
        .get("problem_format_version")
        .and_then(|version| version.as_str())
        .is_none_or(|version| version == "legacy");
    if !legacy {
        return Vec::new();
    }
    problem
        .keys()
        .filter_map(|key| key.as_str())
        .filter(|key| !LEGACY_KEYS.contains(key))
        .map(str::to_string)
        .collect()
}

/// True where validators and interactors run as an unprivileged uid (pyjudge run by root).
fn validators_drop_privileges() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The package's files that validators get (test data and the validators' own folders)
/// which other users cannot read, and its folders there that they cannot enter.
fn closed_to_validators(package: &Path) -> Vec<PathBuf> {
    let mut closed = Vec::new();
    let mut folders: Vec<PathBuf> = [
        "data",
        "input_validators",
        "input_format_validators",
        "output_validators",
        "output_validator",
    ]
    .iter()
    .map(|name| package.join(name))
    .filter(|folder| folder.is_dir())
    .collect();
    while let Some(folder) = folders.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        paths.sort();
        if fs::metadata(&folder).is_ok_and(|metadata| metadata.permissions().mode() & 0o001 == 0) {
            closed.push(folder.clone());
        }
        for path in paths.into_iter().rev() {
            // A link is judged by what it points to (fs::metadata follows it).
            let Ok(metadata) = fs::metadata(&path) else {
                continue;
            };
            if metadata.is_dir() {
                folders.push(path);
            } else if metadata.permissions().mode() & 0o004 == 0 {
                closed.push(path);
            }
        }
    }
    closed.sort();
    closed
}

/// Every input validator of a Kattis package on every input file, as verifyproblem does:
/// exit code 42 accepts an input, anything else rejects it (a package error naming the
/// input, the validator and what it said). Validators pyjudge cannot run are notes.
pub(super) fn check_kattis_inputs(
    challenge: &Challenge,
    python: &Python,
    cache_dir: &Path,
    check: &mut PackageCheck,
) {
    let (validators, notes) = kattis::input_validators(&challenge.dir);
    check.notes.extend(notes);
    if validators.is_empty() {
        check.notes.push(
            "no input validator in input_validators/ (verifyproblem requires one): the inputs are not validated".into(),
        );
        return;
    }
    let (cpu_seconds, memory_mb) = match kattis::validation_limits(&challenge.dir) {
        Ok(limits) => limits,
        Err(error) => return check.problems.push(Problem::package(error.to_string())),
    };
    let mut inputs: Vec<(&PathBuf, String)> = Vec::new();
    for case in &challenge.cases {
        if let CaseInput::File(path) = &case.input {
            if !inputs.iter().any(|(seen, _)| *seen == path) {
                inputs.push((path, format!("{}/{}", case.group.name(), case.name)));
            }
        }
    }
    for validator in &validators {
        let shown = relative(challenge, validator.path());
        let script = match crate::scripts::limited_validator(
            validator,
            &challenge.dir,
            python,
            cache_dir,
            cpu_seconds,
            memory_mb,
        ) {
            Ok(script) => script,
            Err(message) => {
                check.problems.push(Problem::package(format!(
                    "cannot compile input validator {shown}: {message}"
                )));
                continue;
            }
        };
        // A folder of its own for its temporary files, which it may write under the drop
        // to an unprivileged uid (pyjudge as root); removed with everything in it after.
        let scratch = tempfile::tempdir().map_err(|error| error.to_string());
        let script = match scratch
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|folder| script.hand_over(folder.path()))
        {
            Ok(script) => script,
            Err(message) => {
                check.problems.push(Problem::package(format!(
                    "cannot run input validator {shown}: no folder for its files: {message}"
                )));
                continue;
            }
        };
        let working_dir =
            crate::scripts::absolute(validator.path().parent().unwrap_or(&challenge.dir));
        for (input, label) in &inputs {
            let rejected = |message: String| Problem {
                case: Some(label.clone()),
                ..Problem::package(message)
            };
            let flags = match kattis::input_validator_flags(&challenge.dir, input, validator.path())
            {
                Ok(flags) => flags,
                Err(error) => {
                    check.problems.push(rejected(error.to_string()));
                    continue;
                }
            };
            let bytes = match fs::read(input) {
                Ok(bytes) => bytes,
                Err(error) => {
                    check.problems.push(rejected(format!(
                        "cannot read {}: {error}",
                        input.display()
                    )));
                    continue;
                }
            };
            let run = script
                .clone()
                .args(&flags)
                .stdin(bytes)
                .current_dir(&working_dir)
                .run();
            let input_shown = relative(challenge, input);
            match run {
                Ok(finished) if finished.status.code() == Some(42) => {}
                Ok(finished) => {
                    let said = [&finished.stdout, &finished.stderr]
                        .iter()
                        .map(|bytes| String::from_utf8_lossy(bytes).trim().to_string())
                        .filter(|text| !text.is_empty())
                        .collect::<Vec<_>>()
                        .join("\n");
                    let said = crate::scripts::last_lines(&said, 5);
                    let how = match finished.status.code() {
                        Some(43) => "rejects".to_string(),
                        Some(code) => format!("does not accept (exit code {code}, not 42)"),
                        None => format!("crashed ({}) on", finished.status),
                    };
                    check.problems.push(rejected(format!(
                        "input validator {shown} {how} {input_shown}{}",
                        if said.is_empty() {
                            String::new()
                        } else {
                            format!(": {said}")
                        }
                    )));
                }
                Err(error) => check.problems.push(rejected(format!(
                    "input validator {shown} failed on {input_shown}: {error}"
                ))),
            }
        }
    }
}
