//! A Kattis scoring problem's cases graded as Kattis' default grader does: which cases
//! still count under a group's `on_reject: break`, the verdict and score of the whole, and
//! the score files a validator may or must write. The grading rules are
//! `package::kattis`'; this applies them to a submission's case results.

use std::path::Path;

use crate::error::Result;
use crate::judging::verdict::{CaseResult, Verdict};
use crate::package::kattis::{self, GraderVerdict};
use crate::package::spec::{Case, Challenge, PackageFormat};

/// The grading of a Kattis scoring problem, `None` for any other challenge.
pub(super) fn kattis_grading(challenge: &Challenge) -> Result<Option<kattis::Grading>> {
    match challenge.format {
        PackageFormat::Kattis => kattis::grading(&challenge.dir),
        PackageFormat::Pyjudge => Ok(None),
    }
}

/// The most points a submission can score on `challenge`: its cases' points, or the best
/// score of a Kattis scoring problem's grading.
pub fn max_score(challenge: &Challenge) -> Result<u64> {
    Ok(match kattis_grading(challenge)? {
        Some(grading) => grading.best_score().max(0.0).round() as u64,
        None => challenge.max_score(),
    })
}

/// A case of a scoring problem that does not count: an earlier one of its group (or of a
/// group above it) under `on_reject: break` was rejected.
pub(super) fn not_graded(case: &Case) -> CaseResult {
    CaseResult {
        message: "not graded: an earlier case of its group was rejected (on_reject: break)".into(),
        ..CaseResult::skipped(&case.name, case.group)
    }
}

/// Whether `case`, not run yet, can still count given the results so far (the cases after
/// it taken as accepted: cases run in test data order, so only earlier ones can end its
/// group).
pub(super) fn counts(
    grading: &kattis::Grading,
    cases: &[&Case],
    results: &[CaseResult],
    case: &Case,
) -> bool {
    let known = grades(cases, results);
    let ran: std::collections::HashSet<&Path> = cases
        .iter()
        .take(results.len())
        .map(|case| case.source.as_path())
        .collect();
    grading
        .counted_cases(&|input| match known.get(input) {
            Some(grade) => Some(*grade),
            // A case passed over (not run, not counted) stays out; a later one is hoped for.
            None if ran.contains(input) => None,
            None => Some((GraderVerdict::Accepted, None)),
        })
        .contains(&case.source)
}

/// The grade of each case that has a verdict so far, by its input file, as Kattis'
/// graders take them.
fn grades<'a>(
    cases: &[&'a Case],
    results: &[CaseResult],
) -> std::collections::HashMap<&'a Path, kattis::CaseGrade> {
    cases
        .iter()
        .zip(results)
        .filter_map(|(case, result)| {
            Some((
                case.source.as_path(),
                (grader_verdict(result.verdict?), result.score),
            ))
        })
        .collect()
}

/// A case's verdict as Kattis' graders know it (a load failure is a run-time error).
pub fn grader_verdict(verdict: Verdict) -> GraderVerdict {
    match verdict {
        Verdict::Accepted => GraderVerdict::Accepted,
        Verdict::WrongAnswer => GraderVerdict::WrongAnswer,
        Verdict::TimeLimitExceeded => GraderVerdict::TimeLimit,
        Verdict::MemoryLimitExceeded => GraderVerdict::MemoryLimit,
        Verdict::OutputLimitExceeded => GraderVerdict::OutputLimit,
        Verdict::RuntimeError | Verdict::CompileError => GraderVerdict::RunTimeError,
        Verdict::InternalError => GraderVerdict::JudgeError,
    }
}

/// A Kattis validator's score.txt where the problem does not allow one (a pass-fail
/// problem), or its absence where the problem requires it (a legacy `validation: custom
/// score`), is the judge's failure on that case, as in problemtools: the package is wrong,
/// not the submission.
pub(super) fn check_score_files(grading: Option<&kattis::Grading>, results: &mut [CaseResult]) {
    for result in results {
        if result.verdict != Some(Verdict::Accepted) {
            continue;
        }
        let message = match (grading, result.score) {
            (None, Some(_)) => {
                "the output validator wrote score.txt, but the problem is pass-fail (type: scoring allows a score)"
            }
            (Some(grading), None) if grading.score_file_required() => {
                "the output validator wrote no score.txt, which validation: custom score requires"
            }
            _ => continue,
        };
        result.verdict = Some(Verdict::InternalError);
        result.message = message.into();
        result.points = 0;
        result.score = None;
    }
}

/// A scoring problem's verdict and score from its cases' results, as Kattis' default
/// grader aggregates them (a score only where the grader accepts); `None` when no case
/// ran.
///
/// The cases Kattis would not have run (after a rejection in a group under `on_reject:
/// break`) are marked so in `results`: they ran, but they do not count.
pub(super) fn graded(
    grading: &kattis::Grading,
    cases: &[&Case],
    results: &mut [CaseResult],
) -> Option<(Verdict, f64)> {
    let by_input = grades(cases, results);
    let result_of = |input: &Path| by_input.get(input).copied();
    let graded = grading.grade(&result_of)?;
    let counted = grading.counted_cases(&result_of);
    for (case, result) in cases.iter().zip(results.iter_mut()) {
        if result.verdict.is_some() && !counted.contains(&case.source) {
            *result = not_graded(case);
        }
    }
    let verdict = match graded.verdict {
        GraderVerdict::Accepted => Verdict::Accepted,
        GraderVerdict::WrongAnswer => Verdict::WrongAnswer,
        GraderVerdict::TimeLimit => Verdict::TimeLimitExceeded,
        GraderVerdict::MemoryLimit => Verdict::MemoryLimitExceeded,
        GraderVerdict::OutputLimit => Verdict::OutputLimitExceeded,
        GraderVerdict::RunTimeError => Verdict::RuntimeError,
        GraderVerdict::JudgeError => Verdict::InternalError,
    };
    let score = if verdict == Verdict::Accepted {
        graded.score
    } else {
        0.0
    };
    Some((verdict, score))
}
