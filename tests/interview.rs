//! A whole mock interview on the real binary, on the fake clock of PYJUDGE_NOW with the
//! history in a scratch data folder: start, two attempts, a hint, a run that hides the
//! reference, a late submission, the clock running out, the closing report in JSON, Markdown
//! and HTML (parsed), and the history rows read back with rusqlite. Then `stats`, random
//! interviews and escaping.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{fixture, Scratch};
use rusqlite::Connection;
use serde_json::Value;

const START: &str = "2026-01-05T10:00:00Z";

/// `pyjudge` in `dir` with the fixtures as the library and the clock at `now`.
fn at(scratch: &Scratch, dir: &Path, now: &str, args: &[&str]) -> Output {
    scratch
        .pyjudge()
        .current_dir(dir)
        .env("PYJUDGE_NOW", now)
        .arg("--challenges")
        .arg(fixture(""))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Starts the fixture interview (squares, double; 30 minutes) in `<scratch>/ws`.
fn start(scratch: &Scratch) -> PathBuf {
    let output = at(
        scratch,
        scratch.path(),
        START,
        &["interview", "start", "interview", "--dir", "ws"],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(text(&output.stdout).contains("interview 1 started"));
    scratch.path().join("ws")
}

/// An element of a parsed page: its name, attributes, children and text.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every element below this one (depth first) that `wanted` accepts.
    fn find_all<'a>(&'a self, wanted: &dyn Fn(&Node) -> bool, found: &mut Vec<&'a Node>) {
        for child in &self.children {
            if wanted(child) {
                found.push(child);
            }
            child.find_all(wanted, found);
        }
    }

    fn all(&self, wanted: impl Fn(&Node) -> bool) -> Vec<&Node> {
        let mut found = Vec::new();
        self.find_all(&wanted, &mut found);
        found
    }

    fn one(&self, wanted: impl Fn(&Node) -> bool) -> &Node {
        let found = self.all(wanted);
        assert_eq!(
            found.len(),
            1,
            "expected one element, found {}",
            found.len()
        );
        found[0]
    }

    /// The text of this element and every element below it.
    fn all_text(&self) -> String {
        let mut out = self.text.clone();
        for child in &self.children {
            out += &child.all_text();
        }
        out
    }
}

/// Parses a page as XML (the reports are well-formed): a strict parse fails on any
/// unbalanced tag, so an injected tag would show.
fn parse(page: &str) -> Node {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(page);
    let mut stack = vec![Node::default()];
    loop {
        match reader.read_event().expect("the page is well-formed") {
            Event::Start(element) => {
                stack.push(element_node(&element));
            }
            Event::Empty(element) => {
                let node = element_node(&element);
                stack.last_mut().unwrap().children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(node);
            }
            Event::Text(content) => {
                stack.last_mut().unwrap().text += &content.decode().unwrap();
            }
            Event::CData(content) => {
                stack.last_mut().unwrap().text += &text(&content);
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().unwrap().into_owned();
                let resolved = match name.as_str() {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "amp" => "&".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    _ => reference
                        .resolve_char_ref()
                        .unwrap()
                        .map(String::from)
                        .unwrap_or_else(|| panic!("unknown entity &{name};")),
                };
                stack.last_mut().unwrap().text += &resolved;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().unwrap()
}

fn element_node(element: &quick_xml::events::BytesStart) -> Node {
    Node {
        name: text(element.name().as_ref()),
        attributes: element
            .attributes()
            .map(|attribute| {
                let attribute = attribute.unwrap();
                (
                    text(attribute.key.as_ref()),
                    attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        ..Node::default()
    }
}

/// The `td` cells of a table row by their data-field.
fn cell(row: &Node, field: &str) -> String {
    row.one(|node| node.name == "td" && node.attribute("data-field") == Some(field))
        .all_text()
}

/// An attempt as the test reads it back: command, challenge, verdict, interview, late,
/// fake clock, when.
type AttemptRow = (String, String, String, Option<i64>, bool, bool, i64);

#[test]
fn a_whole_interview_on_the_fake_clock() {
    let scratch = Scratch::new();
    let workspace = start(&scratch);
    for file in [
        "BRIEF.md",
        "squares.md",
        "squares.py",
        "double.md",
        "double.py",
        ".pyjudge-interview.json",
    ] {
        assert!(workspace.join(file).is_file(), "{file} missing");
    }
    let brief = std::fs::read_to_string(workspace.join("BRIEF.md")).unwrap();
    assert!(
        brief.contains("ends 2026-01-05T10:30:00Z (30 minutes)"),
        "{brief}"
    );
    assert!(brief.contains("costs 20%"), "{brief}");

    // Two attempts at squares: a wrong answer at 5 minutes, then a hint, then AC at 12.
    let wrong = fixture("squares").join("submissions/wrong_answer/sign.py");
    let right = fixture("squares").join("submissions/accepted/reference.py");
    let output = at(
        &scratch,
        &workspace,
        "2026-01-05T10:05:00Z",
        &["submit", "squares", wrong.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        text(&output.stderr).contains("interview 1: submission recorded at 5m 00s, 25m 00s left")
    );
    let hint = at(
        &scratch,
        &workspace,
        "2026-01-05T10:06:00Z",
        &["interview", "hint", "squares"],
    );
    assert_eq!(hint.status.code(), Some(0), "{hint:?}");
    let hint = text(&hint.stdout);
    assert!(
        hint.starts_with(
            "hint 1 of 2 for squares: Square each number on its own before you add anything up."
        ),
        "{hint}"
    );
    assert!(hint.contains("cost: 3 points"), "{hint}");
    let output = at(
        &scratch,
        &workspace,
        "2026-01-05T10:12:00Z",
        &["submit", "squares", right.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");

    // `run` during the interview: the samples judged, the reference neither run nor shown.
    std::fs::write(
        workspace.join("double.py"),
        "def solve(x):\n    return 2 * x\n",
    )
    .unwrap();
    let run = at(
        &scratch,
        &workspace,
        "2026-01-05T10:13:00Z",
        &["run", "double", "double.py", "--format", "json"],
    );
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let run: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(run["reference"], Value::Null);
    assert_eq!(run["reference_hidden"], true);
    assert!(run["cases"]
        .as_array()
        .unwrap()
        .iter()
        .all(|case| case["reference"].is_null()));
    let custom = at(
        &scratch,
        &workspace,
        "2026-01-05T10:14:00Z",
        &["run", "double", "double.py", "--call", "{\"args\": [3]}"],
    );
    assert_eq!(custom.status.code(), Some(2));
    assert!(text(&custom.stderr).contains("which an interview hides until it is finished"));

    let status = at(
        &scratch,
        &workspace,
        "2026-01-05T10:20:00Z",
        &["interview", "status", "--format", "json"],
    );
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["time_left_seconds"], 600);
    assert_eq!(status["finished"], false);
    assert_eq!(status["challenges"][0]["verdict"], "AC");
    assert_eq!(status["editorials"], serde_json::json!([]));

    // After the deadline: judged, marked late, not counted; the clock ends the interview.
    let late = at(
        &scratch,
        &workspace,
        "2026-01-05T10:40:00Z",
        &["submit", "double", "double.py"],
    );
    assert_eq!(
        late.status.code(),
        Some(1),
        "the sign rule is missing: {late:?}"
    );
    assert!(
        text(&late.stderr).contains("interview 1: late (40m 00s after the start"),
        "{}",
        text(&late.stderr)
    );

    let finish = at(
        &scratch,
        &workspace,
        "2026-01-05T10:41:00Z",
        &["interview", "finish", "--format", "json"],
    );
    assert_eq!(finish.status.code(), Some(0), "{finish:?}");
    let report: Value = serde_json::from_slice(&finish.stdout).unwrap();
    assert_eq!(report["fake_clock"], true);
    assert_eq!(report["finished"], true);
    assert_eq!(report["finished_at"], "2026-01-05T10:30:00Z");
    let squares = &report["challenges"][0];
    assert_eq!(squares["slug"], "squares");
    assert_eq!(squares["verdict"], "AC");
    assert_eq!(squares["raw_score"], 13);
    assert_eq!(squares["hints_taken"], 1);
    assert_eq!(squares["hint_penalty"], 3);
    assert_eq!(squares["score"], 10);
    assert_eq!(squares["attempts"], 2);
    assert_eq!(squares["first_ac_seconds"], 720);
    let double = &report["challenges"][1];
    assert_eq!(double["verdict"], Value::Null);
    assert_eq!(double["attempts"], 0);
    assert_eq!(double["late_attempts"], 1);
    assert_eq!(double["runs"], 1);
    assert_eq!(double["score"], 0);
    assert_eq!(
        (&report["score"], &report["max_score"]),
        (&10.into(), &19.into())
    );
    assert_eq!(report["topics"][0]["topic"], "fixtures");
    assert_eq!(report["topics"][0]["score"], 10);
    let editorial = &report["editorials"][0];
    assert!(editorial["key_idea"]
        .as_str()
        .unwrap()
        .starts_with("Square each number first"));
    assert_eq!(
        editorial["wrong_answers"],
        serde_json::json!(["sign.py", "square_of_sum.py"])
    );
    assert_eq!(
        editorial["reference_path"],
        "submissions/accepted/reference.py"
    );

    // The history: every attempt against the interview, the late one marked.
    let database = Connection::open(scratch.path().join("data/history.sqlite3")).unwrap();
    let mut statement = database
        .prepare("SELECT command, challenge, verdict, interview_id, late, fake_clock, at FROM attempts ORDER BY id")
        .unwrap();
    let rows: Vec<AttemptRow> = statement
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let start = 1_767_607_200;
    assert_eq!(
        rows,
        [
            (
                "submit".into(),
                "squares".into(),
                "WA".into(),
                Some(1),
                false,
                true,
                start + 300
            ),
            (
                "submit".into(),
                "squares".into(),
                "AC".into(),
                Some(1),
                false,
                true,
                start + 720
            ),
            (
                "run".into(),
                "double".into(),
                "AC".into(),
                Some(1),
                false,
                true,
                start + 780
            ),
            (
                "submit".into(),
                "double".into(),
                "WA".into(),
                Some(1),
                true,
                true,
                start + 2400
            ),
        ]
    );
    let (hints, finished, fake): (i64, i64, bool) = database
        .query_row(
            "SELECT (SELECT COUNT(*) FROM hints WHERE challenge = 'squares'), finished_at, fake_clock FROM interviews WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!((hints, finished, fake), (1, start + 1800, true));

    // The same report as Markdown and as a self-contained HTML page.
    let markdown = at(
        &scratch,
        &workspace,
        "2026-01-05T10:42:00Z",
        &["interview", "finish", "--format", "markdown"],
    );
    let markdown = text(&markdown.stdout);
    assert!(
        markdown.contains("| squares | fixtures | AC | 10/13 | 2 | 0 | 1/2 | 12m 00s |"),
        "{markdown}"
    );
    assert!(markdown.contains("### Key idea"), "{markdown}");
    let page_path = scratch.path().join("report.html");
    let html = at(
        &scratch,
        &workspace,
        "2026-01-05T10:42:00Z",
        &[
            "interview",
            "finish",
            "--format",
            "html",
            "--out",
            page_path.to_str().unwrap(),
        ],
    );
    assert_eq!(html.status.code(), Some(0), "{html:?}");
    let page = std::fs::read_to_string(&page_path).unwrap();
    let document = parse(&page);
    assert!(document.all(|node| node.name == "script").is_empty());
    let total = document.one(|node| node.attribute("id") == Some("total"));
    let figure = |field: &str| {
        total
            .one(|node| node.attribute("data-field") == Some(field))
            .all_text()
    };
    assert_eq!(
        (figure("score"), figure("max_score"), figure("solved")),
        ("10".into(), "19".into(), "1".into())
    );
    assert_eq!(
        document
            .one(|node| node.attribute("id") == Some("fake-clock"))
            .name,
        "p"
    );
    let row =
        document.one(|node| node.name == "tr" && node.attribute("data-slug") == Some("squares"));
    assert_eq!(cell(row, "verdict"), "AC");
    assert_eq!(cell(row, "score"), "10");
    assert_eq!(cell(row, "attempts"), "2");
    assert_eq!(cell(row, "hints_taken"), "1");
    assert_eq!(cell(row, "first_ac"), "12m 00s");
    let row =
        document.one(|node| node.name == "tr" && node.attribute("data-slug") == Some("double"));
    assert_eq!(cell(row, "late_attempts"), "1");
    assert_eq!(cell(row, "verdict"), "-");
    for (id, labels) in [
        ("time-chart", vec!["squares", "double"]),
        ("topic-chart", vec!["fixtures"]),
    ] {
        let chart = document.one(|node| node.attribute("id") == Some(id));
        let svg = chart.one(|node| node.name == "svg");
        // One filled bar per challenge or topic, beside the background and the axes' boxes.
        let bars = svg.all(|node| node.name == "rect" && node.attribute("fill") == Some("#3B6EA8"));
        assert_eq!(bars.len(), labels.len(), "{id}: {svg:?}");
        let words = svg.all_text();
        for label in labels {
            assert!(
                words.contains(label),
                "{id} lacks the label {label}: {words}"
            );
        }
    }
    // The time chart's bar for squares is 12 minutes tall, double's (no AC) is 0.
    let time_words = document
        .one(|node| node.attribute("id") == Some("time-chart"))
        .all_text();
    assert!(time_words.contains("12.0 min"), "{time_words}");
    let editorial = document
        .one(|node| node.name == "section" && node.attribute("data-slug") == Some("squares"));
    let mistakes: Vec<String> = editorial
        .all(|node| node.name == "li")
        .iter()
        .map(|node| node.all_text())
        .collect();
    assert_eq!(
        mistakes,
        [
            "submissions/wrong_answer/sign.py",
            "submissions/wrong_answer/square_of_sum.py"
        ]
    );
    assert!(editorial
        .one(|node| node.name == "pre" && node.attribute("class") == Some("reference"))
        .all_text()
        .contains("return sum(n * n for n in numbers)"));
}

#[test]
fn hints_run_out_without_charging_twice_and_stop_after_finish() {
    let scratch = Scratch::new();
    let workspace = start(&scratch);
    let hint = |now: &str| at(&scratch, &workspace, now, &["interview", "hint", "double"]);
    assert!(text(&hint("2026-01-05T10:01:00Z").stdout).starts_with("hint 1 of 2"));
    assert!(text(&hint("2026-01-05T10:02:00Z").stdout).starts_with("hint 2 of 2"));
    let again = text(&hint("2026-01-05T10:03:00Z").stdout);
    assert!(again.contains("not charged again"), "{again}");
    let unknown = at(
        &scratch,
        &workspace,
        "2026-01-05T10:04:00Z",
        &["interview", "hint", "nope"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("its challenges are: squares, double"));
    let status = at(
        &scratch,
        &workspace,
        "2026-01-05T10:05:00Z",
        &["interview", "status", "--format", "json"],
    );
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    // 6 points, 20% a hint rounded up: 2 points each, 2 hints.
    assert_eq!(status["challenges"][1]["hint_penalty"], 4);
    at(
        &scratch,
        &workspace,
        "2026-01-05T10:06:00Z",
        &["interview", "finish"],
    );
    let after = hint("2026-01-05T10:07:00Z");
    assert_eq!(after.status.code(), Some(2));
    assert!(text(&after.stderr).contains("interview 1 is over"));
}

#[test]
fn the_closing_report_reads_as_recorded() {
    let scratch = Scratch::new();
    let workspace = start(&scratch);
    let wrong = fixture("squares").join("submissions/wrong_answer/square_of_sum.py");
    let right = fixture("squares").join("submissions/accepted/reference.py");
    at(
        &scratch,
        &workspace,
        "2026-01-05T10:03:00Z",
        &["submit", "squares", wrong.to_str().unwrap()],
    );
    at(
        &scratch,
        &workspace,
        "2026-01-05T10:04:00Z",
        &["interview", "hint", "double"],
    );
    at(
        &scratch,
        &workspace,
        "2026-01-05T10:07:30Z",
        &["submit", "squares", right.to_str().unwrap()],
    );
    let nested = workspace.join("scratch");
    std::fs::create_dir(&nested).unwrap();
    // From a folder inside the workspace, and before the deadline.
    let finish = at(
        &scratch,
        &nested,
        "2026-01-05T10:20:00Z",
        &["interview", "finish"],
    );
    assert_eq!(finish.status.code(), Some(0), "{finish:?}");
    insta::assert_snapshot!(text(&finish.stdout));
    // A second interview cannot start inside this one's workspace.
    let inside = at(
        &scratch,
        &workspace,
        START,
        &["interview", "start", "interview", "--dir", "again"],
    );
    assert_eq!(inside.status.code(), Some(2));
    assert!(text(&inside.stderr).contains("is inside the workspace of interview 1"));
}

#[test]
fn commands_outside_a_workspace_say_how_to_start_one() {
    let scratch = Scratch::new();
    let output = at(&scratch, scratch.path(), START, &["interview", "status"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains(".pyjudge-interview.json"), "{stderr}");
    assert!(
        stderr.contains("hint: start one with `pyjudge interview start <set>`"),
        "{stderr}"
    );
}

#[test]
fn a_random_interview_picks_k_of_the_topic_and_times_them_by_difficulty() {
    let scratch = Scratch::new();
    let output = at(
        &scratch,
        scratch.path(),
        START,
        &[
            "interview",
            "start",
            "--random",
            "2",
            "--topic",
            "fixtures",
            "--difficulty",
            "easy",
            "--dir",
            "r",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let state: Value = serde_json::from_slice(
        &std::fs::read(scratch.path().join("r/.pyjudge-interview.json")).unwrap(),
    )
    .unwrap();
    let challenges = state["challenges"].as_array().unwrap();
    assert_eq!(challenges.len(), 2);
    assert_ne!(challenges[0], challenges[1]);
    // Two easy challenges, 15 minutes each.
    assert_eq!(
        state["deadline"].as_i64().unwrap() - state["started_at"].as_i64().unwrap(),
        30 * 60
    );
    let too_many = at(
        &scratch,
        scratch.path(),
        START,
        &["interview", "start", "--random", "99", "--dir", "r2"],
    );
    assert_eq!(too_many.status.code(), Some(2));
    assert!(text(&too_many.stderr).contains("asks for 99 challenges"));
    assert!(!scratch.path().join("r2").exists());
}

#[test]
fn stats_work_on_an_empty_history_and_then_count_progress() {
    let scratch = Scratch::new();
    let empty = at(
        &scratch,
        scratch.path(),
        START,
        &["stats", "--format", "json"],
    );
    assert_eq!(empty.status.code(), Some(0), "{empty:?}");
    let stats: Value = serde_json::from_slice(&empty.stdout).unwrap();
    assert_eq!(stats["submissions"], 0);
    assert!(!stats["practise_next"].as_array().unwrap().is_empty());
    let human = at(&scratch, scratch.path(), START, &["stats"]);
    assert!(text(&human.stdout).contains("nothing submitted yet"));
    // A fresh install: the bundled library, no data folder yet.
    let fresh = Scratch::new();
    let output = fresh.pyjudge().arg("stats").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(text(&output.stdout).contains("history: 0 submissions, 0 runs, 0 interviews"));
    assert!(text(&output.stdout).contains("practise next:"));

    let workspace = start(&scratch);
    let wrong = fixture("squares").join("submissions/wrong_answer/sign.py");
    let right = fixture("squares").join("submissions/accepted/reference.py");
    at(
        &scratch,
        &workspace,
        "2026-01-05T10:05:00Z",
        &["submit", "squares", wrong.to_str().unwrap()],
    );
    at(
        &scratch,
        &workspace,
        "2026-01-05T10:09:00Z",
        &["submit", "squares", right.to_str().unwrap()],
    );
    let stats = at(
        &scratch,
        scratch.path(),
        "2026-01-05T11:00:00Z",
        &["stats", "--format", "json"],
    );
    let stats: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["submissions"], 2);
    assert_eq!(stats["interviews"], 1);
    let fixtures = stats["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|topic| topic["topic"] == "fixtures")
        .unwrap();
    assert_eq!(fixtures["attempted"], 1);
    assert_eq!(fixtures["solved"], 1);
    assert_eq!(fixtures["first_try_rate"], 0.0);
    assert_eq!(fixtures["median_seconds_to_ac"], 240);
    assert_eq!(
        stats["timeline"],
        serde_json::json!([{"day": "2026-01-05", "submissions": 2, "newly_solved": 1, "solved_total": 1}])
    );
    assert!(stats["practise_next"]
        .as_array()
        .unwrap()
        .iter()
        .all(|suggestion| suggestion["slug"] != "squares"));

    let page = at(
        &scratch,
        scratch.path(),
        START,
        &["stats", "--format", "html"],
    );
    let document = parse(&text(&page.stdout));
    let chart = document.one(|node| node.attribute("id") == Some("solved-chart"));
    chart.one(|node| node.name == "svg");
}

#[test]
fn a_set_name_with_markup_is_escaped_in_the_html_report() {
    let scratch = Scratch::new();
    let set = scratch.path().join("<img src=x onerror=alert(1)>.toml");
    std::fs::write(
        &set,
        "title = \"T & <b>\"\ndescription = \"d\"\ntime_budget_minutes = 10\nchallenges = [\"squares\"]\n",
    )
    .unwrap();
    let output = at(
        &scratch,
        scratch.path(),
        START,
        &["interview", "start", set.to_str().unwrap(), "--dir", "ws"],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let page = at(
        &scratch,
        &scratch.path().join("ws"),
        START,
        &["interview", "finish", "--format", "html"],
    );
    let document = parse(&text(&page.stdout));
    assert!(document
        .all(|node| ["script", "b", "img"].contains(&node.name.as_str()))
        .is_empty());
    let heading = document.one(|node| node.name == "h1").all_text();
    assert_eq!(heading, "Interview 1: T & <b>");
    let set_name = document
        .one(|node| node.attribute("class") == Some("meta"))
        .one(|node| node.name == "code")
        .all_text();
    assert_eq!(set_name, "<img src=x onerror=alert(1)>");
    let markdown = at(
        &scratch,
        &scratch.path().join("ws"),
        START,
        &["interview", "finish", "--format", "markdown"],
    );
    let markdown = text(&markdown.stdout);
    assert!(
        markdown.starts_with(
            "# Interview 1: T &amp; &lt;b&gt;\n\nSet &lt;img src=x onerror=alert(1)&gt;, started"
        ),
        "{markdown}"
    );
    assert!(
        !markdown.contains("<img") && !markdown.contains("<b>"),
        "{markdown}"
    );
}

/// `pyjudge check --format json` on one package: the exit code and its problems' messages.
fn check_problems(scratch: &Scratch, package: &Path) -> (Option<i32>, Vec<(String, String)>) {
    let output = scratch
        .pyjudge()
        .args(["check", "--sandbox", "permissive", "--format", "json"])
        .arg(package)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let problems = report["packages"][0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| {
            (
                problem["message"].as_str().unwrap().to_string(),
                problem["submission"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (output.status.code(), problems)
}

#[test]
fn check_requires_hints_and_an_editorial_of_a_pyjudge_package() {
    let scratch = Scratch::new();
    let package = scratch.path().join("squares");
    common::copy_tree(&fixture("squares"), &package);
    let spec = std::fs::read_to_string(package.join("challenge.toml")).unwrap();
    let start = spec.find("hints = [").unwrap();
    let end = start + spec[start..].find("]\n").unwrap() + 2;
    std::fs::write(
        package.join("challenge.toml"),
        format!(
            "{}hints = [\"Only one.\"]\n{}",
            &spec[..start],
            &spec[end..]
        ),
    )
    .unwrap();
    std::fs::write(
        package.join("editorial.md"),
        "## Complexity\nO(n)\n\n## Key idea\nSquares.\n\n## Common mistakes\n",
    )
    .unwrap();
    let (code, problems) = check_problems(&scratch, &package);
    assert_eq!(code, Some(1), "{problems:?}");
    let messages: Vec<&str> = problems
        .iter()
        .map(|(message, _)| message.as_str())
        .collect();
    assert!(
        messages.contains(&"challenge.toml has 1 hints; a package needs 2 to 3: `hints = [\"...\", \"...\"]`, progressive nudges, never code"),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|message| message.starts_with(
            "editorial.md has the sections [Complexity, Key idea, Common mistakes]; it needs"
        )),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"editorial.md: the section \"Common mistakes\" is empty"),
        "{messages:?}"
    );
    std::fs::remove_file(package.join("editorial.md")).unwrap();
    let (_, problems) = check_problems(&scratch, &package);
    assert!(
        problems
            .iter()
            .any(|(message, _)| message.starts_with("no editorial.md")),
        "{problems:?}"
    );
}

#[test]
fn check_names_a_hint_that_gives_the_code_away() {
    let scratch = Scratch::new();
    let package = scratch.path().join("squares");
    common::copy_tree(&fixture("squares"), &package);
    let spec = std::fs::read_to_string(package.join("challenge.toml")).unwrap();
    let leaky = spec.replace(
        "\"A negative number squared is positive: no special case for the sign.\"",
        "\"Write return sum(n * n for n in numbers) and you are done.\"",
    );
    assert_ne!(leaky, spec);
    std::fs::write(package.join("challenge.toml"), leaky).unwrap();
    let (code, problems) = check_problems(&scratch, &package);
    assert_eq!(code, Some(1), "{problems:?}");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let (message, submission) = &problems[0];
    assert!(
        message.starts_with(
            "hint 2 gives the code away: it holds the line `return sum ( n * n for n in numbers )`"
        ),
        "{message}"
    );
    assert_eq!(submission, "submissions/accepted/reference.py");
}

#[test]
fn a_damaged_state_file_is_named_not_ignored() {
    let scratch = Scratch::new();
    let workspace = start(&scratch);
    let state = workspace.join(".pyjudge-interview.json");
    std::fs::write(&state, "{\"interview_id\": ").unwrap();
    let status = at(&scratch, &workspace, START, &["interview", "status"]);
    assert_eq!(status.status.code(), Some(2));
    let stderr = text(&status.stderr);
    assert!(
        stderr.contains(&format!(
            "failed to read the interview's state file {}",
            state.canonicalize().unwrap().display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: the history keeps the interview"),
        "{stderr}"
    );
    // A submission from the workspace is judged, then refused a place in the history
    // rather than recorded outside the interview.
    let right = fixture("squares").join("submissions/accepted/reference.py");
    let submit = at(
        &scratch,
        &workspace,
        START,
        &["submit", "squares", right.to_str().unwrap()],
    );
    assert_eq!(submit.status.code(), Some(2));
    assert!(text(&submit.stdout).contains("verdict: AC"));
    let database = Connection::open(scratch.path().join("data/history.sqlite3")).unwrap();
    let count: i64 = database
        .query_row("SELECT COUNT(*) FROM attempts", [], |row| row.get(0))
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn the_workspace_remembers_the_library_it_was_started_from() {
    let scratch = Scratch::new();
    let workspace = start(&scratch);
    let right = fixture("squares").join("submissions/accepted/reference.py");
    // No --challenges: the bundled library has no `squares`, the workspace's library does.
    let submit = scratch
        .pyjudge()
        .current_dir(&workspace)
        .env("PYJUDGE_NOW", "2026-01-05T10:02:00Z")
        .args(["submit", "squares"])
        .arg(&right)
        .output()
        .unwrap();
    assert_eq!(submit.status.code(), Some(0), "{submit:?}");
    assert!(text(&submit.stderr).contains("interview 1: submission recorded at 2m 00s"));
    let status = scratch
        .pyjudge()
        .current_dir(&workspace)
        .env("PYJUDGE_NOW", "2026-01-05T10:03:00Z")
        .args(["interview", "status", "--format", "json"])
        .output()
        .unwrap();
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["challenges"][0]["verdict"], "AC");
}
