//! Progress over the whole history (`pyjudge stats`): per topic of the library, the
//! challenges solved and attempted, the first-try rate and the median time to AC; a timeline
//! by day; the weakest topics and what to practise next. Reading the history is `history`'s,
//! printing `report`'s: this module returns data.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::clock;
use crate::history::{self, Attempt};
use crate::package::spec::{Challenge, Difficulty};

/// Easier first, when suggesting.
fn difficulty_rank(difficulty: Difficulty) -> u8 {
    match difficulty {
        Difficulty::Easy => 0,
        Difficulty::Medium => 1,
        Difficulty::Hard => 2,
    }
}

/// One topic's progress over the whole history.
#[derive(Debug, Clone, Serialize)]
pub struct TopicStats {
    pub topic: String,
    /// Challenges of the topic in the library.
    pub challenges: usize,
    /// Challenges submitted at least once.
    pub attempted: usize,
    /// Challenges accepted at least once.
    pub solved: usize,
    pub submissions: usize,
    /// The share of attempted challenges whose first submission was AC.
    pub first_try_rate: Option<f64>,
    /// The median, over solved challenges, of the seconds from the first attempt (`run` or
    /// `submit`) to the first AC.
    pub median_seconds_to_ac: Option<i64>,
    /// The first and the last submission, RFC 3339.
    pub first_submission: Option<String>,
    pub last_submission: Option<String>,
}

/// A challenge to practise next.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub slug: String,
    pub title: String,
    pub topic: String,
    pub difficulty: String,
    /// `attempted, not solved` or `not attempted`.
    pub reason: String,
}

/// One day with submissions: progress over time.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub submissions: usize,
    /// Challenges first accepted that day.
    pub newly_solved: usize,
    /// Challenges solved up to the end of that day.
    pub solved_total: usize,
}

/// Progress over the whole history.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub submissions: usize,
    pub runs: usize,
    pub interviews: usize,
    pub topics: Vec<TopicStats>,
    /// Day by day, the days with submissions.
    pub timeline: Vec<Day>,
    /// Topics from the weakest: the lowest share of the topic's challenges solved, then the
    /// lowest first-try rate.
    pub weakest_topics: Vec<String>,
    pub practise_next: Vec<Suggestion>,
}

/// One challenge's history, for `stats`.
struct ChallengeHistory<'a> {
    topic: String,
    /// The first attempt of any kind (`run` or `submit`).
    first_at: i64,
    first_submission: Option<&'a Attempt>,
    first_ac: Option<i64>,
}

/// How many challenges `stats` suggests.
const SUGGESTIONS: usize = 5;

/// Progress per topic over `attempts`, with the library's challenges for what is left.
pub fn stats(attempts: &[Attempt], library: &[Challenge], interviews: usize) -> Stats {
    let mut topics: BTreeMap<String, TopicStats> = BTreeMap::new();
    let blank = |topic: &str| TopicStats {
        topic: topic.to_string(),
        challenges: 0,
        attempted: 0,
        solved: 0,
        submissions: 0,
        first_try_rate: None,
        median_seconds_to_ac: None,
        first_submission: None,
        last_submission: None,
    };
    for challenge in library {
        topics
            .entry(challenge.topic.clone())
            .or_insert_with(|| blank(&challenge.topic))
            .challenges += 1;
    }
    let mut per_challenge: BTreeMap<&str, ChallengeHistory> = BTreeMap::new();
    let submit = history::Command::Submit.name();
    for attempt in attempts {
        let entry = per_challenge
            .entry(attempt.challenge.as_str())
            .or_insert_with(|| ChallengeHistory {
                topic: attempt.topic.clone(),
                first_at: attempt.at,
                first_submission: None,
                first_ac: None,
            });
        if attempt.command != submit {
            continue;
        }
        entry.first_submission.get_or_insert(attempt);
        if attempt.verdict == "AC" {
            entry.first_ac.get_or_insert(attempt.at);
        }
        let topic = topics
            .entry(attempt.topic.clone())
            .or_insert_with(|| blank(&attempt.topic));
        topic.submissions += 1;
        let moment = clock::format(attempt.at);
        topic.first_submission.get_or_insert_with(|| moment.clone());
        topic.last_submission = Some(moment);
    }
    let mut first_tries: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut times: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for entry in per_challenge.values() {
        let Some(first_submission) = entry.first_submission else {
            continue;
        };
        let topic_name = &entry.topic;
        let topic = topics
            .entry(topic_name.clone())
            .or_insert_with(|| blank(topic_name));
        topic.attempted += 1;
        let tries = first_tries.entry(topic_name.clone()).or_default();
        tries.0 += 1;
        tries.1 += usize::from(first_submission.verdict == "AC");
        if let Some(first_ac) = entry.first_ac {
            topic.solved += 1;
            times
                .entry(topic_name.clone())
                .or_default()
                .push(first_ac - entry.first_at);
        }
    }
    for (name, topic) in &mut topics {
        if let Some((attempted, first)) = first_tries.get(name) {
            topic.first_try_rate = Some(*first as f64 / *attempted as f64);
        }
        if let Some(list) = times.get_mut(name) {
            list.sort_unstable();
            let middle = list.len() / 2;
            topic.median_seconds_to_ac = Some(if list.len() % 2 == 0 {
                (list[middle - 1] + list[middle]) / 2
            } else {
                list[middle]
            });
        }
    }
    let mut weakest: Vec<&TopicStats> = topics.values().collect();
    weakest.sort_by(|a, b| {
        let share = |topic: &TopicStats| topic.solved as f64 / topic.challenges.max(1) as f64;
        share(a)
            .total_cmp(&share(b))
            .then_with(|| {
                a.first_try_rate
                    .unwrap_or(0.0)
                    .total_cmp(&b.first_try_rate.unwrap_or(0.0))
            })
            // Of two equally weak topics, the one already tried comes first: it is where
            // the candidate is working.
            .then_with(|| b.attempted.cmp(&a.attempted))
            .then_with(|| a.topic.cmp(&b.topic))
    });
    let weakest_topics: Vec<String> = weakest.iter().map(|topic| topic.topic.clone()).collect();
    let mut practise_next = Vec::new();
    for topic in &weakest_topics {
        let mut unsolved: Vec<(bool, &Challenge)> = library
            .iter()
            .filter(|challenge| &challenge.topic == topic)
            .filter(|challenge| {
                per_challenge
                    .get(challenge.slug.as_str())
                    .is_none_or(|entry| entry.first_ac.is_none())
            })
            .map(|challenge| {
                (
                    per_challenge.contains_key(challenge.slug.as_str()),
                    challenge,
                )
            })
            .collect();
        // Attempted first, then the easier ones.
        unsolved.sort_by_key(|(attempted, challenge)| {
            (
                !attempted,
                difficulty_rank(challenge.difficulty),
                challenge.slug.clone(),
            )
        });
        for (attempted, challenge) in unsolved {
            if practise_next.len() == SUGGESTIONS {
                break;
            }
            practise_next.push(Suggestion {
                slug: challenge.slug.clone(),
                title: challenge.title.clone(),
                topic: challenge.topic.clone(),
                difficulty: challenge.difficulty.as_str().to_string(),
                reason: if attempted {
                    "attempted, not solved".into()
                } else {
                    "not attempted".into()
                },
            });
        }
    }
    let mut days: BTreeMap<String, Day> = BTreeMap::new();
    let day_of = |at: i64| {
        let moment = clock::format(at);
        moment.get(..10).unwrap_or(&moment).to_string()
    };
    for attempt in attempts.iter().filter(|attempt| attempt.command == submit) {
        let day = day_of(attempt.at);
        days.entry(day.clone())
            .or_insert_with(|| Day {
                day,
                submissions: 0,
                newly_solved: 0,
                solved_total: 0,
            })
            .submissions += 1;
    }
    for entry in per_challenge.values() {
        if let Some(first_ac) = entry.first_ac {
            if let Some(day) = days.get_mut(&day_of(first_ac)) {
                day.newly_solved += 1;
            }
        }
    }
    let mut solved_total = 0;
    for day in days.values_mut() {
        solved_total += day.newly_solved;
        day.solved_total = solved_total;
    }
    Stats {
        timeline: days.into_values().collect(),
        submissions: attempts
            .iter()
            .filter(|attempt| attempt.command == submit)
            .count(),
        runs: attempts
            .iter()
            .filter(|attempt| attempt.command != submit)
            .count(),
        interviews,
        topics: topics.into_values().collect(),
        weakest_topics,
        practise_next,
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;

    /// A minimal package of `topic` in `root`, loaded.
    fn challenge(root: &Path, slug: &str, topic: &str) -> Challenge {
        let dir = root.join(slug);
        fs::create_dir_all(dir.join("tests/sample")).unwrap();
        fs::write(
            dir.join("challenge.toml"),
            format!(
                "title = \"{slug}\"\ntopic = \"{topic}\"\ndifficulty = \"easy\"\nkind = \"function\"\n[harness]\ntype = \"call\"\nfunction = \"f\"\n"
            ),
        )
        .unwrap();
        fs::write(dir.join("statement.md"), "# x\n").unwrap();
        fs::write(dir.join("starter.py"), "def f(): pass\n").unwrap();
        fs::write(
            dir.join("tests/sample/01.json"),
            r#"{"input": {"args": [1]}, "expected": 2}"#,
        )
        .unwrap();
        Challenge::load(&dir).unwrap()
    }

    fn submitted(challenge: &str, topic: &str, verdict: &str, at: i64) -> Attempt {
        Attempt {
            id: 0,
            at,
            command: "submit".into(),
            challenge: challenge.into(),
            topic: topic.into(),
            verdict: verdict.into(),
            score: 0,
            max_score: 1,
            duration_ms: 1,
            content_hash: String::new(),
            interview_id: None,
            late: false,
            fake_clock: true,
        }
    }

    #[test]
    fn stats_rank_the_weakest_topic_first_and_suggest_its_unsolved_challenges() {
        let root = tempfile::tempdir().unwrap();
        let library = [
            challenge(root.path(), "a1", "async"),
            challenge(root.path(), "a2", "async"),
            challenge(root.path(), "o1", "oop"),
            challenge(root.path(), "o2", "oop"),
        ];
        let mut run = submitted("o2", "oop", "WA", 0);
        run.command = "run".into();
        let attempts = [
            submitted("o1", "oop", "AC", 100),
            submitted("a1", "async", "WA", 200),
            run,
            submitted("a1", "async", "WA", 300),
            submitted("o2", "oop", "WA", 400),
            submitted("o2", "oop", "AC", 700),
        ];
        let stats = stats(&attempts, &library, 0);
        assert_eq!((stats.submissions, stats.runs), (5, 1));
        assert_eq!(stats.weakest_topics, ["async", "oop"]);
        let oop = &stats.topics[1];
        assert_eq!((oop.attempted, oop.solved), (2, 2));
        assert_eq!(oop.first_try_rate, Some(0.5));
        // o1: 0 s from its first attempt; o2: 700 s from its first run.
        assert_eq!(oop.median_seconds_to_ac, Some(350));
        let async_topic = &stats.topics[0];
        assert_eq!((async_topic.attempted, async_topic.solved), (1, 0));
        assert_eq!(async_topic.first_try_rate, Some(0.0));
        let next: Vec<(&str, &str)> = stats
            .practise_next
            .iter()
            .map(|suggestion| (suggestion.slug.as_str(), suggestion.reason.as_str()))
            .collect();
        assert_eq!(
            next,
            [("a1", "attempted, not solved"), ("a2", "not attempted")]
        );
    }
}
