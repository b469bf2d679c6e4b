//! The candidate's history: every `submit` and `run`, every interview and hint, in an
//! embedded SQLite database in the data folder (`history.sqlite3`). It owns the schema and
//! its migrations, and reading and writing rows; what the rows mean (scores, stats) is for
//! `interview` and `report`.
//!
//! The file is the user's data. It is never reset: a file that is not a database, or that a
//! newer pyjudge wrote, is an error naming the file and what to do, and a copy is kept
//! beside it before any migration. Writes are transactions in WAL mode with full sync, so a
//! pyjudge killed mid-command loses at most the record it had not committed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};

/// The schema this pyjudge writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// The file name of the database in the data folder.
pub const FILE_NAME: &str = "history.sqlite3";

/// The migrations, in order: `MIGRATIONS[n]` takes the schema from version n to n + 1.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: attempts, interviews and hints.
    "CREATE TABLE interviews (
         id INTEGER PRIMARY KEY,
         set_name TEXT NOT NULL,
         title TEXT NOT NULL,
         challenges TEXT NOT NULL,
         started_at INTEGER NOT NULL,
         deadline INTEGER NOT NULL,
         finished_at INTEGER,
         workspace TEXT NOT NULL,
         fake_clock INTEGER NOT NULL
     );
     CREATE TABLE attempts (
         id INTEGER PRIMARY KEY,
         at INTEGER NOT NULL,
         command TEXT NOT NULL CHECK (command IN ('submit', 'run')),
         challenge TEXT NOT NULL,
         topic TEXT NOT NULL,
         verdict TEXT NOT NULL,
         score INTEGER NOT NULL,
         max_score INTEGER NOT NULL,
         duration_ms INTEGER NOT NULL,
         content_hash TEXT NOT NULL,
         interview_id INTEGER REFERENCES interviews(id),
         late INTEGER NOT NULL DEFAULT 0,
         fake_clock INTEGER NOT NULL DEFAULT 0
     );
     CREATE INDEX attempts_by_interview ON attempts(interview_id);
     CREATE INDEX attempts_by_challenge ON attempts(challenge);
     CREATE TABLE hints (
         id INTEGER PRIMARY KEY,
         interview_id INTEGER NOT NULL REFERENCES interviews(id),
         challenge TEXT NOT NULL,
         hint_index INTEGER NOT NULL,
         at INTEGER NOT NULL,
         UNIQUE (interview_id, challenge, hint_index)
     );",
];

/// Which command made an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Command {
    /// `pyjudge submit`: judged on every case.
    Submit,
    /// `pyjudge run`: the sample cases or the candidate's own input.
    Run,
}

impl Command {
    /// The word stored in the `command` column.
    pub fn name(self) -> &'static str {
        match self {
            Command::Submit => "submit",
            Command::Run => "run",
        }
    }
}

/// One recorded `submit` or `run`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Attempt {
    pub id: i64,
    /// When it was judged, in seconds since the epoch.
    pub at: i64,
    pub command: String,
    pub challenge: String,
    pub topic: String,
    /// The overall verdict's code (`AC`, `WA`...).
    pub verdict: String,
    pub score: i64,
    pub max_score: i64,
    /// How long judging took, wall clock.
    pub duration_ms: i64,
    /// SHA-256 of the submitted source, hex.
    pub content_hash: String,
    pub interview_id: Option<i64>,
    /// Judged after the interview's deadline: shown, never counted.
    pub late: bool,
    /// Recorded under `PYJUDGE_NOW`.
    pub fake_clock: bool,
}

/// An attempt to record; its `id` is ignored.
pub type NewAttempt = Attempt;

/// One interview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Interview {
    pub id: i64,
    /// The practice set's name, or `random`.
    pub set_name: String,
    pub title: String,
    /// The challenges' slugs, in order.
    pub challenges: Vec<String>,
    pub started_at: i64,
    pub deadline: i64,
    /// When it was finished (`interview finish`, or the deadline once a command noticed it).
    pub finished_at: Option<i64>,
    pub workspace: String,
    /// Started under `PYJUDGE_NOW`.
    pub fake_clock: bool,
}

/// A hint taken during an interview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hint {
    pub interview_id: i64,
    pub challenge: String,
    /// 0 for the first hint of the challenge.
    pub hint_index: i64,
    pub at: i64,
}

/// The open history database.
pub struct History {
    connection: Connection,
    path: PathBuf,
}

impl History {
    /// The database file in `data_dir`.
    pub fn path_in(data_dir: &Path) -> PathBuf {
        data_dir.join(FILE_NAME)
    }

    /// Opens (or creates) the history in `data_dir`, migrating an older schema after
    /// copying the file beside itself.
    pub fn open(data_dir: &Path) -> Result<History> {
        fs::create_dir_all(data_dir)
            .map_err(|error| Error::io("create the data folder", data_dir, error))?;
        let path = History::path_in(data_dir);
        // A file with anything in it is someone's data: it is copied before a migration,
        // even at version 0 (a database made by hand, or by a pyjudge before migrations).
        let existed = fs::metadata(&path).is_ok_and(|metadata| metadata.len() > 0);
        let connection = Connection::open(&path).map_err(|error| open_error(&path, &error))?;
        connection
            .busy_timeout(Duration::from_secs(10))
            .map_err(|error| open_error(&path, &error))?;
        // A file that is not a database fails on its first read, here.
        let version: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|error| open_error(&path, &error))?;
        if version > SCHEMA_VERSION {
            return Err(Error::History {
                action: "open",
                path,
                message: format!(
                    "its schema is version {version}, newer than this pyjudge's {SCHEMA_VERSION}"
                ),
                hint: Some(
                    "a newer pyjudge wrote it: install that version (cargo install pyjudge), or set PYJUDGE_DATA_DIR to another folder; the file is left as it is".into(),
                ),
            });
        }
        connection
            .pragma_update(None, "journal_mode", "WAL")
            // In WAL mode NORMAL keeps every committed attempt through a killed pyjudge (the
            // commit is in the log file, in the kernel's cache) and the file consistent
            // through a power loss, without an fsync on every `submit` (FULL cost five,
            // milliseconds each); only a power loss can take the last attempts back.
            .and_then(|()| connection.pragma_update(None, "synchronous", "NORMAL"))
            .and_then(|()| connection.pragma_update(None, "foreign_keys", "ON"))
            // The log is folded into the database by SQLite's automatic checkpoints (every
            // thousand pages), not on every close: a checkpoint syncs three times.
            .and_then(|()| {
                connection
                    .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
                    .map(|_| ())
            })
            .map_err(|error| open_error(&path, &error))?;
        let mut history = History { connection, path };
        if version < SCHEMA_VERSION {
            if existed {
                history.backup(version)?;
            }
            history.migrate()?;
        }
        Ok(history)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A consistent copy of the database beside it (`history.sqlite3.v1.bak`), made with
    /// `VACUUM INTO` so that a WAL not yet checkpointed is in the copy too.
    fn backup(&self, version: i64) -> Result<()> {
        let mut backup = self.path.with_extension(format!("sqlite3.v{version}.bak"));
        let mut counter = 1;
        while backup.exists() {
            backup = self
                .path
                .with_extension(format!("sqlite3.v{version}.{counter}.bak"));
            counter += 1;
        }
        self.connection
            .execute("VACUUM INTO ?1", params![backup.to_string_lossy()])
            .map_err(|error| self.failure("back up", &error))?;
        Ok(())
    }

    /// Migrates from the version read at open. The write lock is taken first and the version
    /// read again under it: two pyjudges opening a new file at once migrate it once.
    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|error| write_error(&path, &error))?;
        let from: i64 = transaction
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|error| write_error(&path, &error))?;
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
            transaction
                .execute_batch(migration)
                .map_err(|error| write_error(&path, &error))?;
            transaction
                .pragma_update(None, "user_version", index as i64 + 1)
                .map_err(|error| write_error(&path, &error))?;
        }
        transaction
            .commit()
            .map_err(|error| write_error(&path, &error))
    }

    fn failure(&self, action: &'static str, error: &rusqlite::Error) -> Error {
        Error::History {
            action,
            path: self.path.clone(),
            message: error.to_string(),
            hint: None,
        }
    }

    /// Records one attempt (its `id` is ignored) and returns its id.
    pub fn record_attempt(&mut self, attempt: &NewAttempt) -> Result<i64> {
        let path = self.path.clone();
        let transaction = self
            .connection
            .transaction()
            .map_err(|error| write_error(&path, &error))?;
        transaction
            .execute(
                "INSERT INTO attempts (at, command, challenge, topic, verdict, score, max_score,
                     duration_ms, content_hash, interview_id, late, fake_clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    attempt.at,
                    attempt.command,
                    attempt.challenge,
                    attempt.topic,
                    attempt.verdict,
                    attempt.score,
                    attempt.max_score,
                    attempt.duration_ms,
                    attempt.content_hash,
                    attempt.interview_id,
                    attempt.late,
                    attempt.fake_clock,
                ],
            )
            .map_err(|error| write_error(&path, &error))?;
        let id = transaction.last_insert_rowid();
        transaction
            .commit()
            .map_err(|error| write_error(&path, &error))?;
        Ok(id)
    }

    /// Records a new interview (its `id` is ignored) and returns its id.
    pub fn start_interview(&mut self, interview: &Interview) -> Result<i64> {
        let path = self.path.clone();
        let challenges = serde_json::to_string(&interview.challenges).unwrap_or_default();
        let transaction = self
            .connection
            .transaction()
            .map_err(|error| write_error(&path, &error))?;
        transaction
            .execute(
                "INSERT INTO interviews (set_name, title, challenges, started_at, deadline,
                     finished_at, workspace, fake_clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    interview.set_name,
                    interview.title,
                    challenges,
                    interview.started_at,
                    interview.deadline,
                    interview.finished_at,
                    interview.workspace,
                    interview.fake_clock,
                ],
            )
            .map_err(|error| write_error(&path, &error))?;
        let id = transaction.last_insert_rowid();
        transaction
            .commit()
            .map_err(|error| write_error(&path, &error))?;
        Ok(id)
    }

    /// The interview with this id, if the history has it.
    pub fn interview(&self, id: i64) -> Result<Option<Interview>> {
        self.connection
            .query_row(
                "SELECT id, set_name, title, challenges, started_at, deadline, finished_at,
                     workspace, fake_clock
                 FROM interviews WHERE id = ?1",
                params![id],
                |row| {
                    let challenges: String = row.get(3)?;
                    Ok(Interview {
                        id: row.get(0)?,
                        set_name: row.get(1)?,
                        title: row.get(2)?,
                        challenges: serde_json::from_str(&challenges).unwrap_or_default(),
                        started_at: row.get(4)?,
                        deadline: row.get(5)?,
                        finished_at: row.get(6)?,
                        workspace: row.get(7)?,
                        fake_clock: row.get(8)?,
                    })
                },
            )
            .optional()
            .map_err(|error| self.failure("read", &error))
    }

    /// How many interviews the history holds.
    pub fn interview_count(&self) -> Result<usize> {
        self.connection
            .query_row("SELECT COUNT(*) FROM interviews", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|count| count as usize)
            .map_err(|error| self.failure("read", &error))
    }

    /// Marks an interview finished at `at`, unless it is finished already.
    pub fn finish_interview(&mut self, id: i64, at: i64) -> Result<()> {
        let path = self.path.clone();
        let transaction = self
            .connection
            .transaction()
            .map_err(|error| write_error(&path, &error))?;
        transaction
            .execute(
                "UPDATE interviews SET finished_at = ?2 WHERE id = ?1 AND finished_at IS NULL",
                params![id, at],
            )
            .map_err(|error| write_error(&path, &error))?;
        transaction
            .commit()
            .map_err(|error| write_error(&path, &error))
    }

    /// Records a hint taken.
    pub fn record_hint(&mut self, hint: &Hint) -> Result<()> {
        let path = self.path.clone();
        let transaction = self
            .connection
            .transaction()
            .map_err(|error| write_error(&path, &error))?;
        transaction
            .execute(
                "INSERT OR IGNORE INTO hints (interview_id, challenge, hint_index, at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![hint.interview_id, hint.challenge, hint.hint_index, hint.at],
            )
            .map_err(|error| write_error(&path, &error))?;
        transaction
            .commit()
            .map_err(|error| write_error(&path, &error))
    }

    /// The hints taken in an interview, in the order taken.
    pub fn hints(&self, interview_id: i64) -> Result<Vec<Hint>> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT interview_id, challenge, hint_index, at FROM hints
                 WHERE interview_id = ?1 ORDER BY at, id",
            )
            .map_err(|error| self.failure("read", &error))?;
        let rows = statement
            .query_map(params![interview_id], |row| {
                Ok(Hint {
                    interview_id: row.get(0)?,
                    challenge: row.get(1)?,
                    hint_index: row.get(2)?,
                    at: row.get(3)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|error| self.failure("read", &error));
        rows
    }

    /// The attempts of one interview, or every attempt with `None`, oldest first.
    pub fn attempts(&self, interview_id: Option<i64>) -> Result<Vec<Attempt>> {
        let sql = "SELECT id, at, command, challenge, topic, verdict, score, max_score,
                       duration_ms, content_hash, interview_id, late, fake_clock
                   FROM attempts WHERE ?1 IS NULL OR interview_id = ?1 ORDER BY at, id";
        let mut statement = self
            .connection
            .prepare(sql)
            .map_err(|error| self.failure("read", &error))?;
        let rows = statement
            .query_map(params![interview_id], |row| {
                Ok(Attempt {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    command: row.get(2)?,
                    challenge: row.get(3)?,
                    topic: row.get(4)?,
                    verdict: row.get(5)?,
                    score: row.get(6)?,
                    max_score: row.get(7)?,
                    duration_ms: row.get(8)?,
                    content_hash: row.get(9)?,
                    interview_id: row.get(10)?,
                    late: row.get(11)?,
                    fake_clock: row.get(12)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|error| self.failure("read", &error));
        rows
    }
}

/// An error on opening: a file that is not a database (or is damaged) says what to do
/// with it, since pyjudge never replaces it.
fn open_error(path: &Path, error: &rusqlite::Error) -> Error {
    let damaged = matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    );
    Error::History {
        action: "open",
        path: path.to_path_buf(),
        message: if damaged {
            format!("it is not a readable SQLite database ({error})")
        } else {
            error.to_string()
        },
        hint: Some(if damaged {
            format!(
                "your history is left untouched: move it away (mv {0} {0}.broken) and pyjudge starts a new one, or repair it with sqlite3's .recover",
                path.display()
            )
        } else {
            "check that the data folder is writable, or set PYJUDGE_DATA_DIR to another folder"
                .into()
        }),
    }
}

fn write_error(path: &Path, error: &rusqlite::Error) -> Error {
    Error::History {
        action: "write to",
        path: path.to_path_buf(),
        message: error.to_string(),
        hint: Some(
            "check that the data folder is writable and the disk not full; earlier records are kept"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(challenge: &str, verdict: &str) -> NewAttempt {
        Attempt {
            id: 0,
            at: 100,
            command: Command::Submit.name().into(),
            challenge: challenge.into(),
            topic: "oop".into(),
            verdict: verdict.into(),
            score: 1,
            max_score: 2,
            duration_ms: 5,
            content_hash: "ab".into(),
            interview_id: None,
            late: false,
            fake_clock: true,
        }
    }

    #[test]
    fn a_fresh_database_is_at_the_current_schema_and_keeps_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut history = History::open(dir.path()).unwrap();
        history.record_attempt(&attempt("a", "WA")).unwrap();
        drop(history);
        let history = History::open(dir.path()).unwrap();
        let rows = history.attempts(None).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].verdict, "WA");
        let version: i64 = history
            .connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn pyjudges_opening_a_new_file_at_once_migrate_it_once() {
        let dir = tempfile::tempdir().unwrap();
        let opened: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| History::open(dir.path()).map(|_| ())))
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap())
                .collect()
        });
        for result in opened {
            result.unwrap();
        }
        let mut history = History::open(dir.path()).unwrap();
        history.record_attempt(&attempt("a", "AC")).unwrap();
        assert_eq!(history.attempts(None).unwrap().len(), 1);
    }

    #[test]
    fn a_newer_schema_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        drop(History::open(dir.path()).unwrap());
        let path = History::path_in(dir.path());
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let error = History::open(dir.path()).err().unwrap().to_string();
        assert!(error.contains("newer than this pyjudge"), "{error}");
        assert!(error.contains(FILE_NAME), "{error}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = History::path_in(dir.path());
        let junk = vec![b'x'; 4096];
        std::fs::write(&path, &junk).unwrap();
        let error = History::open(dir.path()).err().unwrap();
        assert!(error.to_string().contains("not a readable SQLite database"));
        assert!(error.hint().unwrap().contains("mv "));
        assert_eq!(std::fs::read(&path).unwrap(), junk);
    }
}
