//! The wall clock of the history and of interviews: now, in whole seconds since the Unix
//! epoch, or the fake now of `PYJUDGE_NOW` (RFC 3339 or epoch seconds) for tests and
//! rehearsals. Durations of a run are the judge's; this is only "when".

use crate::error::{Error, Result};

/// The environment variable that replaces the real clock.
pub const FAKE_NOW_VARIABLE: &str = "PYJUDGE_NOW";

/// A moment as the history stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Seconds since the Unix epoch, UTC.
    pub epoch_seconds: i64,
    /// True when `PYJUDGE_NOW` gave it: an interview run on it is marked as such.
    pub fake: bool,
}

/// Now: `PYJUDGE_NOW` when set, else the system clock.
pub fn now() -> Result<Now> {
    match std::env::var(FAKE_NOW_VARIABLE) {
        Ok(text) if !text.trim().is_empty() => Ok(Now {
            epoch_seconds: parse(&text)?,
            fake: true,
        }),
        _ => Ok(Now {
            epoch_seconds: chrono::Utc::now().timestamp(),
            fake: false,
        }),
    }
}

/// A moment written as RFC 3339 (`2026-01-05T10:00:00Z`, any offset) or as epoch seconds.
pub fn parse(text: &str) -> Result<i64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|moment| moment.timestamp())
        .map_err(|error| Error::Usage {
            message: format!(
                "failed to read {FAKE_NOW_VARIABLE}={text:?}: {error}\nhint: give a moment as RFC 3339 (2026-01-05T10:00:00Z) or as seconds since the epoch, or unset {FAKE_NOW_VARIABLE} to use the real clock"
            ),
        })
}

/// A moment as RFC 3339 in UTC, to the second.
pub fn format(epoch_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(epoch_seconds, 0)
        .map(|moment| moment.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| format!("@{epoch_seconds}"))
}

/// A duration in seconds as `1h 05m 03s`, `12m 30s` or `45s`; negative ones as `-12m 30s`.
pub fn duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let seconds = seconds.unsigned_abs();
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{sign}{hours}h {minutes:02}m {rest:02}s")
    } else if minutes > 0 {
        format!("{sign}{minutes}m {rest:02}s")
    } else {
        format!("{sign}{rest}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc3339_and_epoch_seconds() {
        assert_eq!(parse("1970-01-01T00:01:00Z").unwrap(), 60);
        assert_eq!(parse("1970-01-01T01:01:00+01:00").unwrap(), 60);
        assert_eq!(parse(" 1767607200 ").unwrap(), 1_767_607_200);
        assert!(parse("yesterday").is_err());
    }

    #[test]
    fn formats_moments_and_durations() {
        assert_eq!(format(60), "1970-01-01T00:01:00Z");
        assert_eq!(duration(45), "45s");
        assert_eq!(duration(750), "12m 30s");
        assert_eq!(duration(3903), "1h 05m 03s");
        assert_eq!(duration(-750), "-12m 30s");
    }
}
