//! The command line: clap derive types only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// pyjudge: judge Python interview challenges in a sandbox.
#[derive(Debug, Parser)]
#[command(name = "pyjudge", version, about, long_about = None)]
pub struct Cli {
    /// The Python interpreter that runs submissions (default: the real one behind python3).
    #[arg(long, global = true, env = "PYJUDGE_PYTHON", value_name = "PATH")]
    pub python: Option<PathBuf>,

    /// The folder of challenge packages (default: ./challenges, else the bundled library).
    #[arg(long, global = true, env = "PYJUDGE_CHALLENGES", value_name = "DIR")]
    pub challenges: Option<PathBuf>,

    /// strict refuses to run without every containment layer; permissive runs with what
    /// the machine has and says what is missing.
    #[arg(long, global = true, value_enum, value_name = "MODE")]
    pub sandbox: Option<SandboxMode>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the challenges.
    List(ListArgs),
    /// Print a challenge's statement and limits.
    Show(ShowArgs),
    /// Copy a challenge's starter code to start from.
    Start(StartArgs),
    /// Judge one solution against a challenge's cases.
    Submit(SubmitArgs),
    /// Grade a practice set: every candidate's submission for every challenge of the set.
    Grade(GradeArgs),
    /// Work with grade reports.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Show which sandbox layers this machine gives, and why not where it does not.
    Doctor(DoctorArgs),
    /// Prove challenge packages sound: references pass, known-wrong submissions fail as
    /// labelled, the starter loads and fails, limits and tests are strong enough.
    Check(CheckArgs),
    /// List the practice sets: title, description, challenge count and time budget.
    Sets(SetsArgs),
    /// Run a solution on sample cases or on your own input, beside the reference solution.
    Run(RunArgs),
    /// Judge a solution again each time it is saved: the samples, then every case.
    Watch(WatchArgs),
    /// A timed mock interview: a workspace, the clock, hints, the closing report and the
    /// editorials.
    Interview {
        #[command(subcommand)]
        command: InterviewCommand,
    },
    /// Progress per topic from your history: solved, first-try rate, time to AC, what next.
    Stats(StatsArgs),
    /// Build, list and remove the environments of framework challenges (Django, FastAPI,
    /// pydantic): locked wheels, built once in the cache.
    Env {
        #[command(subcommand)]
        command: EnvCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum InterviewCommand {
    /// Make a workspace for a practice set (or random challenges) and start the clock.
    Start(InterviewStartArgs),
    /// Time left, and each challenge's best verdict and score, attempts and hints taken.
    Status(InterviewStatusArgs),
    /// The next hint for a challenge of the interview; each costs a share of its points.
    Hint(InterviewHintArgs),
    /// End the interview: the closing report, then the editorials.
    Finish(InterviewFinishArgs),
    /// One screen with the clock and each challenge's latest verdict, judged on every save
    /// of its file in the workspace.
    Watch,
}

/// The arguments of `pyjudge interview start`.
#[derive(Debug, Args)]
pub struct InterviewStartArgs {
    /// A set name from challenges/sets/ or the path of a set file.
    #[arg(required_unless_present = "random", conflicts_with = "random")]
    pub set: Option<String>,
    /// K challenges at random instead of a set.
    #[arg(long, value_name = "K")]
    pub random: Option<usize>,
    /// With --random: only challenges of this topic (repeat for more).
    #[arg(long = "topic", value_name = "T", requires = "random")]
    pub topics: Vec<String>,
    /// With --random: only challenges of this difficulty.
    #[arg(long, value_enum, requires = "random")]
    pub difficulty: Option<DifficultyArg>,
    /// The clock (default: the set's time_budget_minutes; with --random, 15, 25 or 40 a
    /// challenge by difficulty).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub minutes: Option<u64>,
    /// The workspace folder to make (default: ./interview-<set>).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// A challenge's difficulty, as `--difficulty` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DifficultyArg {
    /// A warm-up.
    Easy,
    /// A typical interview question.
    Medium,
    /// A question for a senior candidate.
    Hard,
}

/// The arguments of `pyjudge interview status`.
#[derive(Debug, Args)]
pub struct InterviewStatusArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// The arguments of `pyjudge interview hint`.
#[derive(Debug, Args)]
pub struct InterviewHintArgs {
    /// A challenge of the interview.
    pub slug: String,
}

/// The arguments of `pyjudge interview finish`.
#[derive(Debug, Args)]
pub struct InterviewFinishArgs {
    #[arg(long, value_enum, default_value_t = InterviewFormat::Human)]
    pub format: InterviewFormat,
    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The formats of `interview finish`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InterviewFormat {
    /// Tables and the editorials for the terminal.
    Human,
    /// One JSON document.
    Json,
    /// Markdown tables and the editorials.
    Markdown,
    /// A self-contained page with SVG charts.
    Html,
}

/// The arguments of `pyjudge stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value_t = StatsFormat::Human)]
    pub format: StatsFormat,
    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The formats of `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Tables for the terminal.
    Human,
    /// One JSON document.
    Json,
    /// A self-contained page with an SVG chart.
    Html,
}

#[derive(Debug, Subcommand)]
pub enum EnvCommand {
    /// Build the environments the named challenges need (default: every challenge).
    Sync(EnvSyncArgs),
    /// List the environments in the cache.
    List(EnvListArgs),
    /// Remove the environments no challenge of the library needs with this interpreter,
    /// and what interrupted syncs left.
    Prune,
}

/// The arguments of `pyjudge env sync`.
#[derive(Debug, Args)]
pub struct EnvSyncArgs {
    /// Challenge slugs or package folders.
    #[arg(value_name = "CHALLENGE", conflicts_with_all = ["set", "all"])]
    pub names: Vec<String>,
    /// The challenges of this practice set.
    #[arg(long, conflicts_with = "all")]
    pub set: Option<String>,
    /// Every challenge of the library (the default when nothing is named).
    #[arg(long)]
    pub all: bool,
    /// Never use the network: install from --find-links only.
    #[arg(long)]
    pub offline: bool,
    /// A folder of wheels to install from (for air-gapped graders).
    #[arg(long, value_name = "DIR")]
    pub find_links: Option<PathBuf>,
}

/// The arguments of `pyjudge env list`.
#[derive(Debug, Args)]
pub struct EnvListArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Join the JSON reports of a partitioned run (--partition K/N) into one.
    Merge {
        /// JSON reports written by `pyjudge grade --format json`.
        #[arg(required = true)]
        reports: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = GradeFormat::Human)]
        format: GradeFormat,
        /// Write the report to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GradeFormat {
    Human,
    Json,
    Junit,
    Markdown,
    Csv,
}

fn parse_partition(text: &str) -> Result<(usize, usize), String> {
    let (index, count) = text
        .split_once('/')
        .ok_or_else(|| format!("{text:?} is not K/N (for example 2/3)"))?;
    let index: usize = index
        .trim()
        .parse()
        .map_err(|_| format!("{index:?} is not a number"))?;
    let count: usize = count
        .trim()
        .parse()
        .map_err(|_| format!("{count:?} is not a number"))?;
    if count == 0 || index == 0 || index > count {
        return Err(format!(
            "shard {index} of {count} does not exist: K must be between 1 and N"
        ));
    }
    Ok((index, count))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SandboxMode {
    Strict,
    Permissive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
    Junit,
}

/// The arguments of `pyjudge list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only challenges of this topic.
    #[arg(long)]
    pub topic: Option<String>,
    /// Only the challenges of this practice set (challenges/sets/NAME.toml).
    #[arg(long)]
    pub set: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// The arguments of `pyjudge show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A challenge slug or the path of a package folder.
    pub challenge: String,
}

/// The arguments of `pyjudge start`.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// A challenge slug or the path of a package folder.
    pub challenge: String,
    /// Where to write it (default: ./<slug>.py).
    pub path: Option<PathBuf>,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// The arguments of `pyjudge submit`.
#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// A challenge slug or the path of a package folder.
    pub challenge: String,
    /// The Python file to judge.
    pub solution: PathBuf,
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Run the sample cases only.
    #[arg(long)]
    pub samples_only: bool,
    /// Run every case instead of stopping at the first failing one.
    #[arg(long)]
    pub all_cases: bool,
}

/// The arguments of `pyjudge grade`.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// A set name from challenges/sets/ or the path of a set file.
    pub set: String,
    /// One folder per candidate holding <slug>.py files (or a single candidate's folder).
    pub submissions: PathBuf,
    /// Pairs judged at once (default: the number of cores).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Judge only shard K of N of the pairs (e.g. 2/3), for a CI matrix.
    #[arg(long, value_name = "K/N", value_parser = parse_partition)]
    pub partition: Option<(usize, usize)>,
    /// Judge every pair again instead of reusing cached results.
    #[arg(long)]
    pub no_cache: bool,
    /// Where results are cached (default: the user's cache folder).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = GradeFormat::Human)]
    pub format: GradeFormat,
    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The arguments of `pyjudge doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// The arguments of `pyjudge check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Package folders (default: every challenge in the challenges folder).
    pub packages: Vec<PathBuf>,
    /// Packages checked at once (default: the number of cores).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Mutation testing: judge every one-change mutant of each reference solution and
    /// report the survivors and the mutation score.
    #[arg(long)]
    pub mutants: bool,
    /// With --mutants: fail a package whose mutation score (percent) is under P.
    #[arg(long, value_name = "P", requires = "mutants", value_parser = percent)]
    pub min_score: Option<f64>,
    /// With --mutants: record each package's score in the challenges folder's
    /// mutation-scores.json.
    #[arg(long, requires = "mutants")]
    pub write_scores: bool,
    /// Build the environments the packages need first, where they are not built (downloads
    /// their locked wheels: needs the network once); without it `check` never downloads.
    #[arg(long)]
    pub sync: bool,
}

/// A percentage from 0 to 100.
fn percent(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not a percentage from 0 to 100"))
    }
}

/// The arguments of `pyjudge run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// A challenge slug or the path of a package folder.
    pub challenge: String,
    /// The Python file to run.
    pub solution: PathBuf,
    /// A sample case to run (`01-one` or `sample/01-one`; repeat for more). Default: every
    /// sample case.
    #[arg(long = "case", value_name = "NAME", conflicts_with_all = ["input", "call"])]
    pub cases: Vec<String>,
    /// A stdio challenge's stdin of your own, from this file.
    #[arg(long, value_name = "FILE", conflicts_with = "call")]
    pub input: Option<PathBuf>,
    /// A function challenge's call of your own, in the case encoding: '{"args": [3]}'.
    #[arg(long, value_name = "JSON")]
    pub call: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// The arguments of `pyjudge watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// A challenge slug or the path of a package folder.
    pub challenge: String,
    /// The Python file to judge on every save.
    pub solution: PathBuf,
}

/// The arguments of `pyjudge sets`.
#[derive(Debug, Args)]
pub struct SetsArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}
