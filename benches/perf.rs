//! The performance goals of the judge, one printed line each: name, value, unit, target and
//! whether it holds. Builds what it needs: a generated 100-case challenge and, for the
//! comparison, a pytest file with the same cases in a throw-away venv (skipped, with the
//! reason, when pytest cannot be installed). PYJUDGE_BENCH_SMOKE=1 runs each step once.
//! PYJUDGE_BENCH_BASELINE=/path/to/an/older/pyjudge adds an A/B section (alone with
//! PYJUDGE_BENCH_AB_ONLY=1): the figures of
//! goals 1, 2, 2b and 4 for this binary and that one, timed in turn in the same rounds.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn python() -> String {
    let output = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 is needed for the benchmark");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn line(name: &str, value: f64, unit: &str, target: f64, lower_is_better: bool) {
    let holds = if lower_is_better {
        value <= target
    } else {
        value >= target
    };
    let comparison = if lower_is_better { "<=" } else { ">=" };
    println!(
        "{name:<44} {value:>9.2} {unit:<6} target {comparison} {target:<7} {}",
        if holds { "holds" } else { "MISSED" }
    );
}

/// A figure without a target, for reading the others.
fn info(name: &str, value: f64, unit: &str) {
    println!("{name:<44} {value:>9.2} {unit:<6}");
}

fn skipped(name: &str, reason: &str) {
    println!("{name:<44} {:>9} {:<6} skipped: {reason}", "-", "");
}

struct Bench {
    python: String,
    root: tempfile::TempDir,
    runs: usize,
    /// The binary under test.
    binary: PathBuf,
}

impl Bench {
    fn challenge(&self, name: &str, cases: usize, limits: &str) -> PathBuf {
        self.challenge_in(name, cases, limits, "secret")
    }

    fn challenge_in(&self, name: &str, cases: usize, limits: &str, group: &str) -> PathBuf {
        let dir = self.root.path().join(name);
        std::fs::create_dir_all(dir.join("tests").join(group)).unwrap();
        std::fs::write(
            dir.join("challenge.toml"),
            format!("title = \"Identity\"\ntopic = \"bench\"\ndifficulty = \"easy\"\nkind = \"function\"\n{limits}\n[harness]\ntype = \"call\"\nfunction = \"identity\"\n"),
        )
        .unwrap();
        std::fs::write(dir.join("statement.md"), "Return x.\n").unwrap();
        std::fs::write(dir.join("starter.py"), "def identity(x):\n    pass\n").unwrap();
        for index in 0..cases {
            std::fs::write(
                dir.join(format!("tests/{group}/{index:03}.json")),
                format!("{{\"input\": {{\"args\": [{index}]}}, \"expected\": {index}}}"),
            )
            .unwrap();
        }
        dir
    }

    fn solution(&self, name: &str, source: &str) -> PathBuf {
        let path = self.root.path().join(name);
        std::fs::write(&path, source).unwrap();
        path
    }

    /// The binary under test with the bench's interpreter, cache and data folder, its
    /// stdout piped and stderr dropped.
    fn pyjudge(&self) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .env("PYJUDGE_PYTHON", &self.python)
            .env("PYJUDGE_CACHE_DIR", self.root.path().join("cache"))
            .env("PYJUDGE_DATA_DIR", self.root.path().join("data"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        command
    }

    fn submit(&self, package: &Path, solution: &Path) -> Command {
        self.submit_with(&self.binary, package, solution)
    }

    fn submit_with(&self, binary: &Path, package: &Path, solution: &Path) -> Command {
        let mut command = Command::new(binary);
        command
            .env("PYJUDGE_PYTHON", &self.python)
            .env("PYJUDGE_CACHE_DIR", self.root.path().join("cache"))
            .env("PYJUDGE_DATA_DIR", self.root.path().join("data"))
            .arg("submit")
            .arg(package)
            .arg(solution)
            .args(["--format", "json", "--all-cases"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        command
    }

    /// A practice set of one `cases`-case challenge and `candidates` accepted submissions.
    fn practice(&self, name: &str, candidates: usize, cases: usize) -> PathBuf {
        let root = self.root.path().join(name);
        let challenges = root.join("challenges");
        std::fs::create_dir_all(challenges.join("sets")).unwrap();
        let package = self.challenge_in(&format!("{name}-package"), cases, "", "secret");
        std::fs::rename(&package, challenges.join("identity")).unwrap();
        std::fs::write(
            challenges.join("sets/bench.toml"),
            "title = \"Bench\"\ndescription = \"Generated.\"\ntime_budget_minutes = 60\nchallenges = [\"identity\"]\n",
        )
        .unwrap();
        for candidate in 0..candidates {
            let folder = root.join(format!("submissions/candidate-{candidate:03}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join("identity.py"),
                format!("# candidate {candidate}\ndef identity(x):\n    return x\n"),
            )
            .unwrap();
        }
        root
    }

    /// `pyjudge grade` of a generated practice set, without the result cache.
    fn grade(&self, root: &Path, jobs: usize) -> Command {
        self.grade_with(&self.binary, root, jobs)
    }

    fn grade_with(&self, binary: &Path, root: &Path, jobs: usize) -> Command {
        let mut command = Command::new(binary);
        command
            .env("PYJUDGE_PYTHON", &self.python)
            .env("PYJUDGE_CACHE_DIR", self.root.path().join("cache"))
            .arg("--challenges")
            .arg(root.join("challenges"))
            .args(["grade", "bench"])
            .arg(root.join("submissions"))
            .args([
                "--format",
                "json",
                "--no-cache",
                "--jobs",
                &jobs.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    /// Medians of several commands timed in turn, round after round, so that a change in
    /// the machine's load over the run weighs on all of them alike.
    fn time_together(&self, makers: &mut [&mut dyn FnMut() -> Command]) -> Vec<f64> {
        let mut samples = vec![Vec::new(); makers.len()];
        for _ in 0..self.runs {
            for (index, make) in makers.iter_mut().enumerate() {
                let mut command = make();
                let started = Instant::now();
                let _ = command.output().expect("runs");
                samples[index].push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        samples.into_iter().map(median).collect()
    }

    fn time(&self, mut make: impl FnMut() -> Command) -> f64 {
        let mut samples = Vec::new();
        for _ in 0..self.runs {
            let mut command = make();
            let started = Instant::now();
            let _ = command.output().expect("runs");
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        median(samples)
    }

    fn report(&self, package: &Path, solution: &Path) -> (serde_json::Value, Duration, u64) {
        let started = Instant::now();
        let mut child = self.submit(package, solution).spawn().unwrap();
        let status_path = format!("/proc/{}/status", child.id());
        let mut peak_kb = 0;
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut stdout, &mut text).unwrap();
            text
        });
        while child.try_wait().unwrap().is_none() {
            if let Ok(status) = std::fs::read_to_string(&status_path) {
                if let Some(kb) = status
                    .lines()
                    .find(|line| line.starts_with("VmHWM:"))
                    .and_then(|line| line.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<u64>().ok())
                {
                    peak_kb = peak_kb.max(kb);
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let elapsed = started.elapsed();
        let text = reader.join().unwrap();
        (
            serde_json::from_slice(&text).unwrap_or_default(),
            elapsed,
            peak_kb,
        )
    }
}

fn main() {
    let smoke = std::env::var_os("PYJUDGE_BENCH_SMOKE").is_some();
    let bench = Bench {
        python: python(),
        root: tempfile::tempdir().unwrap(),
        runs: if smoke { 1 } else { 11 },
        binary: PathBuf::from(env!("CARGO_BIN_EXE_pyjudge")),
    };
    println!(
        "pyjudge performance goals ({} runs each, medians{})",
        bench.runs,
        if smoke { ", smoke run" } else { "" }
    );
    let one = bench.challenge("one", 1, "");
    let hundred = bench.challenge("hundred", 100, "");
    let identity = bench.solution("identity.py", "def identity(x):\n    return x\n");
    // PYJUDGE_BENCH_AB_ONLY=1 with a baseline: the A/B section alone.
    if let (Some(baseline), Some(_)) = (
        std::env::var_os("PYJUDGE_BENCH_BASELINE"),
        std::env::var_os("PYJUDGE_BENCH_AB_ONLY"),
    ) {
        ab_section(
            &bench,
            Path::new(&baseline),
            &one,
            &hundred,
            &identity,
            smoke,
        );
        return;
    }

    // 1 and 2: per-case overhead and fixed cost.
    let times = bench.time_together(&mut [
        &mut || {
            let mut command = Command::new(&bench.python);
            command.args(["-I", "-S", "-c", "pass"]);
            command
        },
        &mut || bench.submit(&one, &identity),
        &mut || bench.submit(&hundred, &identity),
    ]);
    let (bare, with_one, with_hundred) = (times[0], times[1], times[2]);
    info("   python -I -S -c pass", bare, "ms");
    info("   submit, 1 case", with_one, "ms");
    info("   submit --all-cases, 100 cases", with_hundred, "ms");
    let per_case = (with_hundred - with_one) / 99.0;
    line(
        "1. per-case overhead (isolated cases)",
        per_case,
        "ms",
        1.2,
        true,
    );
    line(
        "2. fixed cost over python -I -S -c pass",
        with_one - per_case - bare,
        "ms",
        10.0,
        true,
    );
    // 2b: one warm runner (--jobs 1) judging one-case submissions one after another: the
    // cost of one more submission, less its case.
    let (few, many) = if smoke { (2, 4) } else { (20, 60) };
    let few_set = bench.practice("warm-few", few, 1);
    let many_set = bench.practice("warm-many", many, 1);
    let times = bench.time_together(&mut [&mut || bench.grade(&few_set, 1), &mut || {
        bench.grade(&many_set, 1)
    }]);
    let (with_few, with_many) = (times[0], times[1]);
    line(
        "2b. fixed cost per submission, warm runner",
        (with_many - with_few) / (many - few) as f64 - per_case,
        "ms",
        3.0,
        true,
    );

    // 3: against pytest on the same 100 cases.
    let venv = bench.root.path().join("venv");
    let installed = Command::new(&bench.python)
        .arg("-m")
        .arg("venv")
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin/python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "pytest",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if installed {
        let tests = bench.root.path().join("test_identity.py");
        std::fs::write(
            &tests,
            "import pytest\nfrom identity import identity\n\n@pytest.mark.parametrize('x', range(100))\ndef test_identity(x):\n    assert identity(x) == x\n",
        )
        .unwrap();
        let times = bench.time_together(&mut [
            &mut || {
                let mut command = Command::new(venv.join("bin/python"));
                command
                    .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
                    .arg(&tests)
                    .current_dir(bench.root.path())
                    .stdout(Stdio::null());
                command
            },
            &mut || bench.submit(&hundred, &identity),
        ]);
        info("   pytest, 100 cases", times[0], "ms");
        line(
            "3. submit --all-cases / pytest, 100 cases",
            times[1] / times[0],
            "x",
            0.6,
            true,
        );
    } else {
        skipped(
            "3. submit --all-cases / pytest, 100 cases",
            "pytest could not be installed",
        );
    }
    // 4: 10-case submissions graded on both cores.
    let pairs = if smoke { 8 } else { 400 };
    let throughput_set = bench.practice("throughput", pairs, 10);
    let seconds = bench.time(|| bench.grade(&throughput_set, 2)) / 1000.0;
    line(
        "4. grading throughput, 10 cases, --jobs 2",
        pairs as f64 / seconds,
        "pairs/s",
        120.0,
        false,
    );

    // 5: prompt limits.
    let busy = bench.challenge("busy", 1, "[limits]\ncpu_ms = 1000\nwall_ms = 3000");
    let spin = bench.solution(
        "spin.py",
        "def identity(x):\n    while True:\n        pass\n",
    );
    let (_, spin_time, _) = bench.report(&busy, &spin);
    line(
        "5a. busy loop reported after CPU limit +",
        spin_time.as_secs_f64() - 1.0,
        "s",
        0.2,
        true,
    );
    let nap = bench.solution(
        "nap.py",
        "import time\n\ndef identity(x):\n    time.sleep(60)\n",
    );
    let (_, nap_time, _) = bench.report(&busy, &nap);
    line(
        "5b. sleeper reported after wall cap +",
        nap_time.as_secs_f64() - 3.0,
        "s",
        0.2,
        true,
    );

    // 6: stable timing while the other core is busy.
    let work = bench.solution("work.py", "def identity(x):\n    total = 0\n    for i in range(200000):\n        total += i\n    return x\n");
    let mut burner = Command::new(&bench.python)
        .args(["-c", "while True: pass"])
        .spawn()
        .expect("a busy process");
    let mut medians = Vec::new();
    for _ in 0..if smoke { 2 } else { 20 } {
        let (report, _, _) = bench.report(&one, &work);
        if let Some(cpu) = report["cases"][0]["cpu_ms"].as_f64() {
            medians.push(cpu);
        }
    }
    let _ = burner.kill();
    let _ = burner.wait();
    let spread = medians.iter().cloned().fold(0.0, f64::max)
        / medians.iter().cloned().fold(f64::MAX, f64::min);
    line(
        "6. CPU time spread (max/min), other core busy",
        spread,
        "x",
        1.3,
        true,
    );

    // 7: memory.
    let (_, _, peak_kb) = bench.report(&hundred, &identity);
    line(
        "7a. pyjudge peak RSS, submit",
        peak_kb as f64 / 1024.0,
        "MB",
        30.0,
        true,
    );
    let private = bench.solution(
        "private.py",
        "def identity(x):\n    fields = {}\n    for line in open('/proc/self/smaps_rollup'):\n        parts = line.split()\n        if parts and parts[0] in ('Private_Dirty:', 'Private_Clean:'):\n            fields[parts[0]] = int(parts[1])\n    return sum(fields.values())\n",
    );
    let shown = bench.challenge_in("shown", 1, "", "sample");
    let (report, _, _) = bench.report(&shown, &private);
    let message = report["cases"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    match message
        .rsplit("got ")
        .next()
        .and_then(|kb| kb.trim().parse::<f64>().ok())
    {
        Some(kb) => line(
            "7b. private memory of a forked case",
            kb / 1024.0,
            "MB",
            1.0,
            true,
        ),
        None => skipped(
            "7b. private memory of a forked case",
            &format!("unexpected report: {message}"),
        ),
    }

    // 8: `python3` on PATH (with pyenv, a bash shim costing about 90 ms a start) resolved
    // once: a second submit of a 2-case package costs what it does with the interpreter
    // named. PATH is the bench's own; `python3` there is what the bench's interpreter was
    // found through.
    let two = bench.challenge("two", 2, "");
    let shim_cache = bench.root.path().join("cache-shim");
    let mut through_path = || {
        let mut command = bench.submit(&two, &identity);
        command
            .env_remove("PYJUDGE_PYTHON")
            .env("PYJUDGE_CACHE_DIR", &shim_cache);
        command
    };
    let mut named = || {
        let mut command = bench.submit(&two, &identity);
        command.env("PYJUDGE_CACHE_DIR", &shim_cache);
        command
    };
    let first = {
        let mut command = through_path();
        let started = Instant::now();
        let _ = command.output().expect("runs");
        started.elapsed().as_secs_f64() * 1000.0
    };
    info("   first submit, python3 from PATH", first, "ms");
    let times = bench.time_together(&mut [&mut through_path, &mut named]);
    info("   second submit, python3 from PATH", times[0], "ms");
    info("   submit, interpreter named", times[1], "ms");
    line(
        "8. 2nd submit via PATH over --python",
        times[0] - times[1],
        "ms",
        25.0,
        true,
    );

    // 9: `watch` from a shell whose `python3` is what PATH gives (the interpreter resolved
    // once by watch): from the save to the samples' report, debounce included.
    let watched_package = bench.challenge_in("watched", 2, "", "sample");
    match watch_latencies(&bench, &watched_package, bench.runs) {
        Ok(latencies) => line(
            "9. watch: samples judged after a save",
            median(latencies),
            "ms",
            100.0,
            true,
        ),
        Err(reason) => skipped("9. watch: samples judged after a save", &reason),
    }

    // 10: `run` on an input of the candidate's own, the reference run beside it, against a
    // `submit --samples-only` of the same package.
    let ran = bench.challenge_in("ran", 2, "", "sample");
    std::fs::create_dir_all(ran.join("submissions/accepted")).unwrap();
    std::fs::write(
        ran.join("submissions/accepted/reference.py"),
        "def identity(x):\n    return x\n",
    )
    .unwrap();
    let mut run_custom = || {
        let mut command = bench.pyjudge();
        command.arg("run").arg(&ran).arg(&identity).args([
            "--call",
            "{\"args\": [5]}",
            "--format",
            "json",
        ]);
        command
    };
    let mut samples_only = || {
        let mut command = bench.pyjudge();
        command
            .arg("submit")
            .arg(&ran)
            .arg(&identity)
            .args(["--samples-only", "--format", "json"]);
        command
    };
    let times = bench.time_together(&mut [&mut run_custom, &mut samples_only]);
    info("   run --call, reference beside", times[0], "ms");
    info("   submit --samples-only", times[1], "ms");
    line(
        "10. run --call over submit --samples-only",
        times[0] / times[1],
        "x",
        2.0,
        true,
    );

    if let Some(baseline) = std::env::var_os("PYJUDGE_BENCH_BASELINE") {
        ab_section(
            &bench,
            Path::new(&baseline),
            &one,
            &hundred,
            &identity,
            smoke,
        );
    }
}

/// Goals 1, 2, 2b and 4 for this binary (A) and `baseline` (B), every command of both timed
/// in turn in the same rounds, and the change from B to A.
fn ab_section(
    bench: &Bench,
    baseline: &Path,
    one: &Path,
    hundred: &Path,
    identity: &Path,
    smoke: bool,
) {
    let (few, many, pairs) = if smoke { (2, 4, 8) } else { (20, 60, 200) };
    let few_set = bench.practice("ab-few", few, 1);
    let many_set = bench.practice("ab-many", many, 1);
    let throughput_set = bench.practice("ab-throughput", pairs, 10);
    let bare = bench.time(|| {
        let mut command = Command::new(&bench.python);
        command.args(["-I", "-S", "-c", "pass"]);
        command
    });
    let binaries = [bench.binary.clone(), baseline.to_path_buf()];
    let mut makers: Vec<Box<dyn FnMut() -> Command + '_>> = Vec::new();
    for binary in &binaries {
        makers.push(Box::new(move || bench.submit_with(binary, one, identity)));
        makers.push(Box::new(move || {
            bench.submit_with(binary, hundred, identity)
        }));
        makers.push(Box::new(|| bench.grade_with(binary, &few_set, 1)));
        makers.push(Box::new(|| bench.grade_with(binary, &many_set, 1)));
        makers.push(Box::new(|| bench.grade_with(binary, &throughput_set, 2)));
    }
    let mut borrowed: Vec<&mut dyn FnMut() -> Command> = makers
        .iter_mut()
        .map(|maker| maker.as_mut() as &mut dyn FnMut() -> Command)
        .collect();
    let times = bench.time_together(&mut borrowed);
    let figures = |times: &[f64]| {
        let per_case = (times[1] - times[0]) / 99.0;
        [
            per_case,
            times[0] - per_case - bare,
            (times[3] - times[2]) / (many - few) as f64 - per_case,
            pairs as f64 / (times[4] / 1000.0),
        ]
    };
    let (new, old) = (figures(&times[..5]), figures(&times[5..]));
    println!(
        "\nA/B: this binary (A) against {} (B), timed in turn, {} rounds",
        baseline.display(),
        bench.runs
    );
    let names = [
        ("1. per-case overhead", "ms"),
        ("2. fixed cost over a bare interpreter", "ms"),
        ("2b. fixed cost per warm submission", "ms"),
        ("4. grading throughput, --jobs 2", "pairs/s"),
    ];
    for (index, (name, unit)) in names.iter().enumerate() {
        println!(
            "{name:<40} A {:>8.2} {unit:<8} B {:>8.2} {unit:<8} change {:+.1} %",
            new[index],
            old[index],
            (new[index] / old[index] - 1.0) * 100.0
        );
    }
}

/// Runs `pyjudge watch` on `package` with its stdout piped (each run's report printed below
/// the last), saves the file `rounds` times with new content, and returns the time from each
/// save to the line that says the samples were judged.
fn watch_latencies(bench: &Bench, package: &Path, rounds: usize) -> Result<Vec<f64>, String> {
    use std::io::BufRead;
    let file = bench.solution("watched.py", "def identity(x):\n    return x\n");
    let mut child = Command::new(&bench.binary)
        .env_remove("PYJUDGE_PYTHON")
        .env("PYJUDGE_CACHE_DIR", bench.root.path().join("cache-watch"))
        .env("PYJUDGE_DATA_DIR", bench.root.path().join("data"))
        .arg("watch")
        .arg(package)
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("cannot start pyjudge watch: {error}"))?;
    let (lines, received) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().expect("piped");
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if lines.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let wait_for = |needle: &str| -> Result<Instant, String> {
        loop {
            match received.recv_timeout(Duration::from_secs(30)) {
                Ok((at, line)) if line.contains(needle) => return Ok(at),
                Ok(_) => {}
                Err(_) => return Err(format!("watch never printed {needle:?}")),
            }
        }
    };
    let mut latencies = Vec::new();
    let outcome = (|| {
        wait_for("for saves")?;
        for round in 0..rounds.max(3) {
            let saved = Instant::now();
            std::fs::write(
                &file,
                format!("def identity(x):\n    # save {round}\n    return x\n"),
            )
            .map_err(|error| error.to_string())?;
            let judged = wait_for("samples judged in")?;
            latencies.push(judged.duration_since(saved).as_secs_f64() * 1000.0);
            wait_for("for saves")?;
        }
        Ok(())
    })();
    // SAFETY: kill(2) on our own child, reaped just below.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let _ = child.wait();
    outcome.map(|()| latencies)
}
