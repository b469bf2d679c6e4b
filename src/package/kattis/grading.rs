//! A Kattis scoring problem's grading: its test data groups with the settings of their
//! testdata.yaml, and Kattis' default grader that aggregates case results into a group's
//! verdict and score. Pure: `judge` applies it, `check` reads its ranges.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::{flags_of, is_modern, read_problem_yaml, ProblemYaml};

/// A verdict as Kattis' graders know it, from the worst to the best: the default grader's
/// `worst_error` picks the first of this order among a group's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GraderVerdict {
    /// A judge error (`JE`): the validator or the judge failed.
    JudgeError,
    /// A run-time error (`RTE`), a crash or a non-zero exit.
    RunTimeError,
    /// Memory over the limit (`MLE`).
    MemoryLimit,
    /// Time over the limit (`TLE`).
    TimeLimit,
    /// Output over the limit (`OLE`).
    OutputLimit,
    /// A wrong answer (`WA`).
    WrongAnswer,
    /// Accepted (`AC`).
    Accepted,
}

/// A case's verdict and the score its validator gave it in score.txt, where it gave one.
pub type CaseGrade = (GraderVerdict, Option<f64>);

/// One result a group's grader aggregates: a verdict and a score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradedResult {
    pub verdict: GraderVerdict,
    pub score: f64,
}

/// How a Kattis scoring problem grades: its test data groups, each with the settings of its
/// testdata.yaml (inherited key by key from the group above, as verifyproblem has them),
/// aggregated by the default grader.
#[derive(Debug, Clone, PartialEq)]
pub struct Grading {
    root: TestGroup,
    /// `grading: objective: min` in a legacy problem.yaml: the best score is the range's
    /// minimum.
    minimize: bool,
    /// A legacy `validation: custom score`: the validator must write score.txt on every
    /// accepted output.
    score_file_required: bool,
    /// Settings verifyproblem calls errors but grades with all the same (`ignore_sample`
    /// below the root or beside `on_reject: break`): each group's testdata.yaml path and
    /// what is wrong. `check` reports them as package errors.
    findings: Vec<(PathBuf, String)>,
}

#[derive(Debug, Clone, PartialEq)]
struct TestGroup {
    /// The group's folder (`data/secret/group1`).
    folder: PathBuf,
    settings: GroupSettings,
    items: Vec<TestItem>,
}

#[derive(Debug, Clone, PartialEq)]
enum TestItem {
    /// A test case, by its input file (the case's `source`).
    Case(PathBuf),
    Group(TestGroup),
}

#[derive(Debug, Clone, PartialEq)]
struct GroupSettings {
    /// `on_reject: break` (the default): the group's first rejected item ends it.
    break_on_reject: bool,
    grader_flags: Vec<String>,
    accept_score: f64,
    reject_score: f64,
    range: (f64, f64),
}

/// The grading of the Kattis package in `dir` when it is a scoring problem (`type:
/// scoring`), `None` for a pass-fail problem. Its
/// errors are verifyproblem's: an unknown `on_reject`, a `range` that is not two numbers
/// in order; and a custom grader, which pyjudge does not run. `ignore_sample` below the
/// root (inherited too) or beside `on_reject: break` is verifyproblem's error but not its
/// judges' (it grades all the same): one of [`Grading::findings`].
pub fn grading(dir: &Path) -> Result<Option<Grading>> {
    let problem = read_problem_yaml(dir)?;
    if !is_scoring(&problem) {
        return Ok(None);
    }
    let mut overrides = serde_yaml_ng::Mapping::new();
    let mut minimize = false;
    if let Some(serde_yaml_ng::Value::Mapping(grading)) = &problem.grading {
        // Keys that predate the legacy format apply to every group (as verifyproblem).
        for key in ["accept_score", "reject_score", "range"] {
            if let Some(value) = grading.get(key) {
                overrides.insert(key.into(), value.clone());
            }
        }
        match grading.get("on_reject").and_then(|value| value.as_str()) {
            Some("first_error") => {
                overrides.insert("on_reject".into(), "break".into());
            }
            Some("grade") => {
                overrides.insert("on_reject".into(), "continue".into());
            }
            _ => {}
        }
        minimize = grading.get("objective").and_then(|value| value.as_str()) == Some("min");
    }
    let data = dir.join("data");
    let mut findings = Vec::new();
    let root = read_group(
        &data,
        &serde_yaml_ng::Mapping::new(),
        &overrides,
        true,
        &mut findings,
    )?;
    let validation = problem.validation.as_deref().unwrap_or("default");
    let score_file_required = !is_modern(&problem)
        && validation.split_whitespace().next() == Some("custom")
        && validation.split_whitespace().any(|word| word == "score");
    Ok(Some(Grading {
        root,
        minimize,
        score_file_required,
        findings,
    }))
}

/// True for a scoring problem: `type: scoring`, in either format (a legacy `validation:
/// custom score` only lets the validator write score.txt, as in problemtools).
pub(super) fn is_scoring(problem: &ProblemYaml) -> bool {
    flags_of(problem.problem_type.as_ref())
        .iter()
        .any(|word| word == "scoring")
}

fn read_group(
    folder: &Path,
    parent: &serde_yaml_ng::Mapping,
    overrides: &serde_yaml_ng::Mapping,
    root: bool,
    findings: &mut Vec<(PathBuf, String)>,
) -> Result<TestGroup> {
    let path = folder.join("testdata.yaml");
    let mut config = match fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => {
            match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text)
                .map_err(|error| Error::spec(&path, error.to_string()))?
            {
                serde_yaml_ng::Value::Mapping(mapping) => mapping,
                serde_yaml_ng::Value::Null => serde_yaml_ng::Mapping::new(),
                _ => return Err(Error::spec(&path, "testdata.yaml must be a map of keys")),
            }
        }
        _ => serde_yaml_ng::Mapping::new(),
    };
    for (key, value) in parent {
        if !config.contains_key(key) {
            config.insert(key.clone(), value.clone());
        }
    }
    let own_config = config.clone();
    for (key, value) in overrides {
        config.insert(key.clone(), value.clone());
    }
    let settings = group_settings(&config, &path, root, findings)?;
    let mut entries: Vec<PathBuf> = match fs::read_dir(folder) {
        Ok(entries) => entries.flatten().map(|entry| entry.path()).collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(Error::io("read", folder, error)),
    };
    entries.sort();
    let mut items = Vec::new();
    for entry in entries {
        if entry.is_dir() {
            // Below the root only `sample` and `secret` count, as the cases do.
            let name = entry.file_name().and_then(|name| name.to_str());
            if root && !matches!(name, Some("sample" | "secret")) {
                continue;
            }
            items.push(TestItem::Group(read_group(
                &entry,
                &own_config,
                overrides,
                false,
                findings,
            )?));
        } else if !root
            && entry.extension().is_some_and(|extension| extension == "in")
            && entry.with_extension("ans").is_file()
        {
            items.push(TestItem::Case(entry));
        }
    }
    Ok(TestGroup {
        folder: folder.to_path_buf(),
        settings,
        items,
    })
}

fn group_settings(
    config: &serde_yaml_ng::Mapping,
    path: &Path,
    root: bool,
    findings: &mut Vec<(PathBuf, String)>,
) -> Result<GroupSettings> {
    let text = |key: &str| -> Option<String> {
        config.get(key).map(|value| match value {
            serde_yaml_ng::Value::String(text) => text.clone(),
            serde_yaml_ng::Value::Number(number) => number.to_string(),
            _ => String::new(),
        })
    };
    let number = |key: &str, default: f64| -> Result<f64> {
        match config.get(key) {
            None => Ok(default),
            Some(value) => value
                .as_f64()
                .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
                .ok_or_else(|| Error::spec(path, format!("{key} must be a number"))),
        }
    };
    let break_on_reject = match text("on_reject").as_deref() {
        None | Some("break") => true,
        Some("continue") => false,
        Some(other) => {
            return Err(Error::spec_hint(
                path,
                format!("on_reject {other:?} is neither break nor continue"),
                "write on_reject: break or on_reject: continue",
            ))
        }
    };
    if let Some(grading) = text("grading").filter(|grading| grading != "default") {
        return Err(Error::spec_hint(
            path,
            format!("grading {grading:?}: pyjudge runs the default grader only"),
            "use grading: default with grader_flags (sum, avg, min, max, first_error, worst_error, always_accept, ignore_sample, accept_if_any_accepted)",
        ));
    }
    let grader_flags = flags_of(config.get("grader_flags"));
    // Errors for verifyproblem, which grades on: its grader takes the last of one or two
    // results, as `default_grader` does.
    if grader_flags.iter().any(|flag| flag == "ignore_sample") {
        if !root {
            findings.push((
                path.to_path_buf(),
                "grader_flags: ignore_sample (its own or inherited from the group above) is only allowed at the top level, data/testdata.yaml (verifyproblem: an error)\nhint: give this group grader_flags of its own without ignore_sample".into(),
            ));
        } else if break_on_reject {
            findings.push((
                path.to_path_buf(),
                "grader_flags: ignore_sample beside on_reject: break may leave the secret data unjudged (verifyproblem: an error)\nhint: write on_reject: continue in data/testdata.yaml".into(),
            ));
        }
    }
    let range = match text("range") {
        None => (f64::NEG_INFINITY, f64::INFINITY),
        Some(range) => {
            let bounds: Vec<f64> = range
                .split_whitespace()
                .filter_map(|word| word.parse::<f64>().ok())
                .collect();
            match bounds[..] {
                [low, high] if range.split_whitespace().count() == 2 && low <= high => (low, high),
                _ => {
                    return Err(Error::spec_hint(
                        path,
                        format!("range {range:?} is not two numbers, the smaller first"),
                        "write range: 0 100 (inf and -inf allowed)",
                    ))
                }
            }
        }
    };
    Ok(GroupSettings {
        break_on_reject,
        grader_flags,
        accept_score: number("accept_score", 1.0)?,
        reject_score: number("reject_score", 0.0)?,
        range,
    })
}

impl Grading {
    /// What verifyproblem calls errors in the groups' settings, though it grades with them:
    /// each group's testdata.yaml and the message.
    pub fn findings(&self) -> &[(PathBuf, String)] {
        &self.findings
    }

    /// The root group's result from each case's, as problemtools computes it: a case's
    /// score is its validator's (score.txt) or else its group's `accept_score` or
    /// `reject_score`; a group under `on_reject: break` ends at its first rejected item; a
    /// judge error in a group is the group's result; the rest is the default grader with
    /// the group's `grader_flags`. `result_of` gives a case's verdict and validator score by
    /// its input file, `None` for a case not run (it and a group of only such are left
    /// out). `None` when no case ran.
    pub fn grade(&self, result_of: &dyn Fn(&Path) -> Option<CaseGrade>) -> Option<GradedResult> {
        grade_group(&self.root, result_of, &mut Trace::default())
    }

    /// Each group (by folder) whose score falls outside its `range`, with the score and the
    /// range: verifyproblem's error.
    pub fn out_of_range(
        &self,
        result_of: &dyn Fn(&Path) -> Option<CaseGrade>,
    ) -> Vec<(PathBuf, f64, (f64, f64))> {
        let mut trace = Trace::default();
        grade_group(&self.root, result_of, &mut trace);
        trace.out_of_range
    }

    /// The cases (by input file) that [`Grading::grade`] counts: those Kattis runs, every
    /// case but the ones after a rejection in a group under `on_reject: break`.
    pub fn counted_cases(&self, result_of: &dyn Fn(&Path) -> Option<CaseGrade>) -> Vec<PathBuf> {
        let mut trace = Trace::default();
        grade_group(&self.root, result_of, &mut trace);
        trace.counted
    }

    /// The best score a submission can get: the root range's maximum (minimum for a
    /// minimisation problem) where it is finite, else the score of a submission accepted
    /// on every case.
    pub fn best_score(&self) -> f64 {
        let (low, high) = self.root.settings.range;
        let bound = if self.minimize { low } else { high };
        if bound.is_finite() {
            return bound;
        }
        self.grade(&|_| Some((GraderVerdict::Accepted, None)))
            .map_or(0.0, |result| result.score)
    }

    /// True when the validator must write score.txt on every accepted output (a legacy
    /// `validation: custom score`, as problemtools has it).
    pub fn score_file_required(&self) -> bool {
        self.score_file_required
    }

    /// True when the problem's objective is to minimise the score.
    pub fn minimizes(&self) -> bool {
        self.minimize
    }
}

/// What grading saw on its way: the cases it counted and the groups scored outside their
/// range.
#[derive(Default)]
struct Trace {
    counted: Vec<PathBuf>,
    out_of_range: Vec<(PathBuf, f64, (f64, f64))>,
}

fn grade_group(
    group: &TestGroup,
    result_of: &dyn Fn(&Path) -> Option<CaseGrade>,
    trace: &mut Trace,
) -> Option<GradedResult> {
    let settings = &group.settings;
    let mut results = Vec::new();
    for item in &group.items {
        let result = match item {
            TestItem::Group(subgroup) => match grade_group(subgroup, result_of, trace) {
                Some(result) => result,
                None => continue,
            },
            TestItem::Case(input) => match result_of(input) {
                Some((verdict, score)) => {
                    trace.counted.push(input.clone());
                    GradedResult {
                        verdict,
                        score: score.unwrap_or(if verdict == GraderVerdict::Accepted {
                            settings.accept_score
                        } else {
                            settings.reject_score
                        }),
                    }
                }
                None => continue,
            },
        };
        results.push(result);
        if result.verdict != GraderVerdict::Accepted && settings.break_on_reject {
            break;
        }
    }
    if results.is_empty() {
        return None;
    }
    if let Some(error) = results
        .iter()
        .find(|result| result.verdict == GraderVerdict::JudgeError)
    {
        return Some(*error);
    }
    let graded = default_grader(&results, &settings.grader_flags);
    let (low, high) = settings.range;
    if !(low..=high).contains(&graded.score) {
        trace
            .out_of_range
            .push((group.folder.clone(), graded.score, settings.range));
    }
    Some(graded)
}

/// Kattis' default grader: verdict by `worst_error` (the default), `first_error` or
/// `always_accept`; score by `sum` (the default), `avg`, `min` or `max`; the last mode
/// given wins; `ignore_sample` grades the last result only (secret, beside sample);
/// `accept_if_any_accepted` accepts when any result is accepted.
pub fn default_grader(results: &[GradedResult], flags: &[String]) -> GradedResult {
    let mut verdict_mode = "worst_error";
    let mut score_mode = "sum";
    let mut ignore_sample = false;
    let mut accept_if_any = false;
    for flag in flags {
        match flag.as_str() {
            "worst_error" | "no_errors" | "first_error" | "always_accept" => {
                verdict_mode = flag.as_str()
            }
            "sum" | "avg" | "min" | "max" => score_mode = flag.as_str(),
            "ignore_sample" => ignore_sample = true,
            "accept_if_any_accepted" => accept_if_any = true,
            _ => {}
        }
    }
    let results = if ignore_sample {
        if results.is_empty() || results.len() > 2 {
            return GradedResult {
                verdict: GraderVerdict::JudgeError,
                score: 0.0,
            };
        }
        &results[results.len() - 1..]
    } else {
        results
    };
    let verdicts = results.iter().map(|result| result.verdict);
    let verdict = if accept_if_any
        && verdicts
            .clone()
            .any(|verdict| verdict == GraderVerdict::Accepted)
    {
        GraderVerdict::Accepted
    } else {
        match verdict_mode {
            "first_error" => verdicts
                .clone()
                .find(|verdict| *verdict != GraderVerdict::Accepted)
                .unwrap_or(GraderVerdict::Accepted),
            "always_accept" => GraderVerdict::Accepted,
            _ => verdicts.clone().min().unwrap_or(GraderVerdict::Accepted),
        }
    };
    let scores = results.iter().map(|result| result.score);
    let score = match score_mode {
        "avg" => scores.clone().sum::<f64>() / results.len().max(1) as f64,
        "min" => scores.clone().fold(f64::INFINITY, f64::min),
        "max" => scores.clone().fold(f64::NEG_INFINITY, f64::max),
        _ => scores.clone().sum(),
    };
    GradedResult { verdict, score }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(items: &[(GraderVerdict, f64)]) -> Vec<GradedResult> {
        items
            .iter()
            .map(|&(verdict, score)| GradedResult { verdict, score })
            .collect()
    }

    fn flags(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn the_default_grader_aggregates_as_problemtools_does() {
        use GraderVerdict::*;
        let mixed = results(&[(Accepted, 50.0), (TimeLimit, 0.0), (WrongAnswer, 10.0)]);
        let grade = |text: &str| {
            let graded = default_grader(&mixed, &flags(text));
            (graded.verdict, graded.score)
        };
        // worst_error and sum by default; the worst error is the first in JE, RTE, MLE,
        // TLE, OLE, WA order, not the first one met.
        assert_eq!(grade(""), (TimeLimit, 60.0));
        assert_eq!(grade("first_error min"), (TimeLimit, 0.0));
        assert_eq!(grade("max always_accept"), (Accepted, 50.0));
        assert_eq!(grade("avg accept_if_any_accepted"), (Accepted, 20.0));
        // The last mode given wins.
        assert_eq!(grade("min max first_error worst_error"), (TimeLimit, 50.0));
        // ignore_sample: the last of (sample, secret) alone; more than two is a judge error.
        let two = results(&[(WrongAnswer, 0.0), (Accepted, 30.0)]);
        let graded = default_grader(&two, &flags("ignore_sample"));
        assert_eq!((graded.verdict, graded.score), (Accepted, 30.0));
        assert_eq!(
            default_grader(&mixed, &flags("ignore_sample")).verdict,
            JudgeError
        );
    }

    #[test]
    fn scoring_settings_are_checked_as_verifyproblem_does() {
        let folder = tempfile::tempdir().unwrap();
        let dir = folder.path();
        fs::create_dir_all(dir.join("data/secret/a")).unwrap();
        fs::write(dir.join("problem.yaml"), "type: scoring\n").unwrap();
        fs::write(dir.join("data/secret/a/1.in"), "1\n").unwrap();
        fs::write(dir.join("data/secret/a/1.ans"), "1\n").unwrap();
        let error_of = |path: &str, text: &str| {
            fs::write(dir.join(path), text).unwrap();
            let error = grading(dir).unwrap_err().to_string();
            fs::remove_file(dir.join(path)).unwrap();
            error
        };
        assert!(error_of("data/testdata.yaml", "range: 10 0\n").contains("the smaller first"));
        assert!(error_of("data/testdata.yaml", "on_reject: stop\n").contains("on_reject"));
        let finding_of = |path: &str, text: &str| {
            fs::write(dir.join(path), text).unwrap();
            let grading = grading(dir).unwrap().unwrap();
            fs::remove_file(dir.join(path)).unwrap();
            grading
                .findings()
                .iter()
                .map(|(path, message)| format!("{}: {message}", path.display()))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(
            finding_of("data/testdata.yaml", "grader_flags: ignore_sample\n")
                .contains("on_reject: break")
        );
        assert!(finding_of(
            "data/secret/testdata.yaml",
            "on_reject: continue\ngrader_flags: ignore_sample\n"
        )
        .contains("only allowed at the top level"));
        // Inherited by a group below the root (Google's Code Jam packages do it): said of
        // that group; the root itself is fine.
        let inherited = finding_of(
            "data/testdata.yaml",
            "on_reject: continue\ngrader_flags: ignore_sample\n",
        );
        assert!(
            inherited.contains(
                "data/secret/testdata.yaml: grader_flags: ignore_sample (its own or inherited"
            ),
            "{inherited}"
        );
        assert!(
            !inherited.contains("data/testdata.yaml: grader"),
            "{inherited}"
        );
        assert!(error_of("data/testdata.yaml", "grading: custom\n").contains("default grader"));
        // Settings inherit key by key: the group's accept_score, the root's range.
        fs::write(
            dir.join("data/testdata.yaml"),
            "range: 0 7\naccept_score: 3\n",
        )
        .unwrap();
        fs::write(dir.join("data/secret/a/testdata.yaml"), "accept_score: 7\n").unwrap();
        let grading = grading(dir).unwrap().unwrap();
        assert_eq!(grading.best_score(), 7.0);
        let graded = grading
            .grade(&|_| Some((GraderVerdict::Accepted, None)))
            .unwrap();
        assert_eq!(
            (graded.verdict, graded.score),
            (GraderVerdict::Accepted, 7.0)
        );
        fs::write(dir.join("problem.yaml"), "type: pass-fail\n").unwrap();
        assert_eq!(super::grading(dir).unwrap(), None);
    }
}
