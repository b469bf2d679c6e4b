//! Colour for the human reports: the styles, through `anstyle`, and whether standard output
//! gets them at all, decided by `anstream`. Colour only repeats what the text already says.

use anstyle::{AnsiColor, Style};

use crate::judging::verdict::Verdict;

/// What a coloured piece of text stands for.
#[derive(Clone, Copy)]
pub(super) enum Tone {
    /// Accepted, or a check that holds: green.
    Passed,
    /// The candidate's failure: red.
    Failed,
    /// The judge's own failure (IE, an unreadable package): magenta.
    JudgeFault,
    /// Nothing was judged (skipped, an error cell): grey.
    Muted,
}

impl Tone {
    /// The tone of a verdict; `None` (skipped, not judged) is muted.
    pub(super) fn of(verdict: Option<Verdict>) -> Tone {
        match verdict {
            Some(Verdict::Accepted) => Tone::Passed,
            Some(Verdict::InternalError) => Tone::JudgeFault,
            Some(_) => Tone::Failed,
            None => Tone::Muted,
        }
    }

    fn style(self) -> Style {
        let colour = match self {
            Tone::Passed => AnsiColor::Green,
            Tone::Failed => AnsiColor::Red,
            Tone::JudgeFault => AnsiColor::Magenta,
            Tone::Muted => AnsiColor::BrightBlack,
        };
        colour.on_default()
    }
}

/// Colour on standard output when `anstream` would keep it there: a terminal that supports
/// colour and no `NO_COLOR` or `CLICOLOR=0`; `CLICOLOR_FORCE` turns it on even for a pipe.
pub fn use_colour() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// `text` in `tone`'s colour when `colour` is on, unchanged otherwise.
pub(super) fn paint(text: &str, tone: Tone, colour: bool) -> String {
    if !colour {
        return text.to_string();
    }
    let style = tone.style();
    format!("{style}{text}{style:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes the colour snapshots record: one SGR code on, a full reset off.
    #[test]
    fn each_tone_is_one_sgr_code_and_a_reset() {
        assert_eq!(paint("AC", Tone::Passed, true), "\x1b[32mAC\x1b[0m");
        assert_eq!(paint("WA", Tone::Failed, true), "\x1b[31mWA\x1b[0m");
        assert_eq!(paint("IE", Tone::JudgeFault, true), "\x1b[35mIE\x1b[0m");
        assert_eq!(paint("-", Tone::Muted, true), "\x1b[90m-\x1b[0m");
        assert_eq!(paint("AC", Tone::Passed, false), "AC");
    }
}
