//! An interactive case's verdict, from how the candidate's run ended and how the interactor
//! ended, in Kattis' precedence (problemtools' `_run_interactive`): an interactor that
//! crashed or exited with neither 42 nor 43 is the judge's error; an interactor that
//! rejected before the candidate ended is a wrong answer, whatever the candidate did next
//! (it usually dies of the closed pipe); then the candidate's own time limit, memory and
//! crash; then the interactor's verdict. Pure: `judge` runs both processes.

use crate::judging::outcome::{wrong_answer, Judged};
use crate::judging::verdict::Verdict;
use crate::package::spec::Group;

/// How an interactor's run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum InteractorEnd {
    /// It exited with this code, at this moment on the monotonic clock (seconds).
    Exited { code: i32, ended_at: f64 },
    /// A signal killed it (a crash, or its own CPU or memory limit).
    Signaled { signal: i32, ended_at: f64 },
    /// It was still running this long after the candidate had ended, and was killed.
    Hung { waited_ms: u64 },
    /// It could not be made ready or started (compiled, spawned): the message says why.
    NotStarted(String),
}

/// An interactor's run: how it ended and what it said.
#[derive(Debug, Clone, PartialEq)]
pub struct InteractorOutcome {
    pub end: InteractorEnd,
    /// Its feedback folder's judgemessage.txt, trimmed.
    pub message: String,
    /// The end of its stderr, for a judge error.
    pub stderr: String,
    /// The interactor, for messages (relative to the package).
    pub name: String,
}

/// The candidate's side of an interactive case: its verdict where its run alone decides it
/// (`outcome::case_outcome`: a time limit, memory, a crash; `None` for a clean exit), and
/// when it ended on the monotonic clock.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateEnd {
    pub judged: Option<Judged>,
    pub ended_at: Option<f64>,
}

/// The case's verdict, message and details.
pub fn verdict(candidate: &CandidateEnd, interactor: &InteractorOutcome, group: Group) -> Judged {
    let judge_error = |what: String| {
        let details = (!interactor.stderr.is_empty()).then(|| interactor.stderr.clone());
        (
            Verdict::InternalError,
            format!("the interactor {} {what}", interactor.name),
            details,
        )
    };
    let rejected = || {
        wrong_answer(group, || {
            if interactor.message.is_empty() {
                "the interactor rejected the interaction".into()
            } else {
                format!("the interactor rejected it: {}", interactor.message)
            }
        })
    };
    let (code, ended_at) = match &interactor.end {
        InteractorEnd::NotStarted(why) => return judge_error(format!("did not start: {why}")),
        InteractorEnd::Hung { waited_ms } => {
            return judge_error(format!(
                "was still running {waited_ms} ms after the submission had ended, and was killed"
            ))
        }
        InteractorEnd::Signaled { signal, .. } => {
            return judge_error(format!("crashed (signal {signal})"))
        }
        InteractorEnd::Exited { code, .. } if !matches!(code, 42 | 43) => {
            return judge_error(format!("exited with code {code} (42 accepts, 43 rejects)"))
        }
        InteractorEnd::Exited { code, ended_at } => (*code, *ended_at),
    };
    let interactor_first = candidate
        .ended_at
        .is_none_or(|candidate_ended| ended_at < candidate_ended);
    if code == 43 && interactor_first {
        return rejected();
    }
    if let Some(judged) = &candidate.judged {
        return judged.clone();
    }
    if code == 42 {
        (Verdict::Accepted, String::new(), None)
    } else {
        rejected()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interactor(end: InteractorEnd) -> InteractorOutcome {
        InteractorOutcome {
            end,
            message: "guessed 7 times".into(),
            stderr: String::new(),
            name: "output_validators/interactor".into(),
        }
    }

    fn exited(code: i32, ended_at: f64) -> InteractorOutcome {
        interactor(InteractorEnd::Exited { code, ended_at })
    }

    fn candidate(verdict: Option<Verdict>, ended_at: f64) -> CandidateEnd {
        CandidateEnd {
            judged: verdict.map(|verdict| (verdict, "its own".to_string(), None)),
            ended_at: Some(ended_at),
        }
    }

    fn verdict_of(candidate: &CandidateEnd, interactor: &InteractorOutcome) -> Verdict {
        verdict(candidate, interactor, Group::Sample).0
    }

    #[test]
    fn kattis_precedence_decides_between_the_two_ends() {
        use Verdict::*;
        // A clean exit: the interactor says.
        assert_eq!(
            verdict_of(&candidate(None, 2.0), &exited(42, 3.0)),
            Accepted
        );
        assert_eq!(
            verdict_of(&candidate(None, 2.0), &exited(43, 3.0)),
            WrongAnswer
        );
        // The interactor rejected first: the crash that follows is the closed pipe's.
        let crashed = candidate(Some(RuntimeError), 2.0);
        assert_eq!(verdict_of(&crashed, &exited(43, 1.0)), WrongAnswer);
        let too_slow = candidate(Some(TimeLimitExceeded), 2.0);
        assert_eq!(verdict_of(&too_slow, &exited(43, 1.0)), WrongAnswer);
        // The candidate ended first: its own failure wins over the rejection it caused.
        assert_eq!(verdict_of(&crashed, &exited(43, 3.0)), RuntimeError);
        assert_eq!(verdict_of(&too_slow, &exited(43, 3.0)), TimeLimitExceeded);
        // Accepted, then the candidate crashed or ran on: not accepted.
        assert_eq!(verdict_of(&crashed, &exited(42, 1.0)), RuntimeError);
        assert_eq!(verdict_of(&too_slow, &exited(42, 1.0)), TimeLimitExceeded);
        let memory = candidate(Some(MemoryLimitExceeded), 2.0);
        assert_eq!(verdict_of(&memory, &exited(42, 3.0)), MemoryLimitExceeded);
    }

    #[test]
    fn a_failing_interactor_is_the_judges_error_whatever_the_candidate_did() {
        let crashed = candidate(Some(Verdict::RuntimeError), 2.0);
        for end in [
            InteractorEnd::Exited {
                code: 1,
                ended_at: 3.0,
            },
            InteractorEnd::Signaled {
                signal: 11,
                ended_at: 1.0,
            },
            InteractorEnd::Hung { waited_ms: 2000 },
            InteractorEnd::NotStarted("no C++ compiler".into()),
        ] {
            let (verdict, message, _) = verdict(&crashed, &interactor(end), Group::Secret);
            assert_eq!(verdict, Verdict::InternalError);
            assert!(
                message.starts_with("the interactor output_validators/interactor "),
                "{message}"
            );
        }
    }

    #[test]
    fn a_hidden_cases_rejection_says_nothing_of_the_interaction() {
        let (verdict, message, _) = verdict(&candidate(None, 2.0), &exited(43, 3.0), Group::Secret);
        assert_eq!(verdict, Verdict::WrongAnswer);
        assert!(!message.contains("guessed"), "{message}");
        let (_, message, _) = verdict_of_sample();
        assert!(message.contains("guessed 7 times"), "{message}");
    }

    fn verdict_of_sample() -> Judged {
        verdict(&candidate(None, 2.0), &exited(43, 3.0), Group::Sample)
    }
}
