//! Grading throughput: a generated practice set (40 candidates x 10 challenges, a mix of
//! accepted, wrong and slow submissions) graded with --jobs 1 and --jobs 2. Prints pairs
//! per second, the speed-up, pyjudge's own peak memory and the time to re-grade from a
//! warm cache. PYJUDGE_BENCH_SMOKE=1 runs a small set, to prove the benchmark works.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn python() -> String {
    let output = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 is needed for the benchmark");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `challenges` copies of a 10-case challenge, a set naming them, and `candidates`
/// folders: most accepted, some wrong, some too slow on one case.
fn generate(root: &Path, challenges: usize, candidates: usize) {
    let mut slugs = Vec::new();
    for index in 0..challenges {
        let slug = format!("triple-{index:02}");
        let dir = root.join("challenges").join(&slug);
        write(
            &dir.join("challenge.toml"),
            "title = \"Triple\"\ntopic = \"bench\"\ndifficulty = \"easy\"\nkind = \"function\"\n[limits]\ncpu_ms = 200\nwall_ms = 2000\n[harness]\ntype = \"call\"\nfunction = \"triple\"\n",
        );
        write(&dir.join("statement.md"), "Return 3 * x.\n");
        write(&dir.join("starter.py"), "def triple(x):\n    pass\n");
        for case in 0..10 {
            write(
                &dir.join(format!("tests/secret/{case:02}.json")),
                &format!(
                    "{{\"input\": {{\"args\": [{case}]}}, \"expected\": {}}}",
                    case * 3
                ),
            );
        }
        slugs.push(format!("\"{slug}\""));
    }
    write(
        &root.join("challenges/sets/bench.toml"),
        &format!(
            "title = \"Bench\"\ndescription = \"Generated.\"\ntime_budget_minutes = 60\nchallenges = [{}]\n",
            slugs.join(", ")
        ),
    );
    for candidate in 0..candidates {
        for index in 0..challenges {
            let source = match (candidate * 7 + index) % 20 {
                0..=11 => "def triple(x):\n    return 3 * x\n".to_string(),
                12..=16 => format!(
                    "def triple(x):\n    return 3 * x + (x == {})\n",
                    candidate % 10
                ),
                _ => "def triple(x):\n    while x == 7:\n        pass\n    return 3 * x\n"
                    .to_string(),
            };
            write(
                &root.join(format!(
                    "submissions/candidate-{candidate:02}/triple-{index:02}.py"
                )),
                &format!("# candidate {candidate}\n{source}"),
            );
        }
    }
}

/// Runs a grade and returns its wall time and pyjudge's own peak resident memory in KB.
fn grade(root: &Path, python: &str, jobs: usize, cache: Option<&Path>) -> (Duration, u64) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pyjudge"));
    command
        .env("PYJUDGE_PYTHON", python)
        .env("PYJUDGE_CACHE_DIR", root.join("generated-cache"))
        .arg("--challenges")
        .arg(root.join("challenges"))
        .args(["grade", "bench"])
        .arg(root.join("submissions"))
        .args(["--format", "json", "--jobs", &jobs.to_string()])
        .stdout(Stdio::null());
    match cache {
        Some(dir) => command.arg("--cache-dir").arg(dir),
        None => command.arg("--no-cache"),
    };
    let started = Instant::now();
    let mut child = command.spawn().expect("pyjudge runs");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            if let Some(line) = status.lines().find(|line| line.starts_with("VmHWM:")) {
                let kb: u64 = line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|value| value.parse().ok())
                    .unwrap_or(0);
                peak_kb = peak_kb.max(kb);
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (started.elapsed(), peak_kb)
}

fn report(name: &str, value: f64, unit: &str, target: &str, holds: Option<bool>) {
    let verdict = match holds {
        Some(true) => "holds",
        Some(false) => "MISSED",
        None => "",
    };
    println!("{name:<34} {value:>9.2} {unit:<7} {target:<14} {verdict}");
}

fn main() {
    let smoke = std::env::var_os("PYJUDGE_BENCH_SMOKE").is_some();
    let (challenges, candidates) = if smoke { (3, 4) } else { (10, 40) };
    let pairs = (challenges * candidates) as f64;
    let python = python();
    let scratch = tempfile::tempdir().unwrap();
    generate(scratch.path(), challenges, candidates);
    let (one, peak_one) = grade(scratch.path(), &python, 1, None);
    let (two, peak_two) = grade(scratch.path(), &python, 2, None);
    let cache = scratch.path().join("result-cache");
    let _ = grade(scratch.path(), &python, 2, Some(&cache));
    let (warm, peak_warm) = grade(scratch.path(), &python, 2, Some(&cache));
    let speedup = one.as_secs_f64() / two.as_secs_f64();
    let peak_mb = peak_one.max(peak_two).max(peak_warm) as f64 / 1024.0;
    println!(
        "pyjudge grade benchmark: {candidates} candidates x {challenges} challenges = {pairs} pairs{}",
        if smoke { " (smoke run)" } else { "" }
    );
    report(
        "pairs per second, --jobs 1",
        pairs / one.as_secs_f64(),
        "pairs/s",
        "",
        None,
    );
    report(
        "pairs per second, --jobs 2",
        pairs / two.as_secs_f64(),
        "pairs/s",
        "",
        None,
    );
    report(
        "speed-up, --jobs 2 over 1",
        speedup,
        "x",
        "target >= 1.8",
        Some(speedup >= 1.8),
    );
    report(
        "pyjudge peak memory",
        peak_mb,
        "MB",
        "target < 50",
        Some(peak_mb < 50.0),
    );
    report(
        "re-grade from a warm cache",
        warm.as_secs_f64(),
        "s",
        "target < 1",
        Some(warm.as_secs_f64() < 1.0),
    );
}
