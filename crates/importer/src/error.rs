//! What the importer reports: [`ImportError`] (a line of the notice, the text there and why it
//! cannot be read), the [`Fault`] a stage finds in one piece of text before its line is known,
//! and the input [`Line`] errors point at.

use thiserror::Error;

/// Why the notice could not be read, and where.
///
/// Displays as `line 57: cannot read date "5.32" in "5.32在基地开展…": day out of range`.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("line {line}: cannot read {what} {}: {reason}", quote_context(.token, .text))]
pub struct ImportError {
    /// 1-based line number in the input.
    pub line: usize,
    /// What was being read: `date`, `clause`, `table row`, `序号`, `phone`, …
    pub what: &'static str,
    /// The offending piece of `text` when narrower than it (e.g. the date `5.32`).
    pub token: Option<String>,
    /// The text that could not be read: a line, a table cell or one clause of a cell.
    pub text: String,
    /// Why it could not be read.
    pub reason: String,
}

impl ImportError {
    pub(super) fn new(
        line: usize,
        what: &'static str,
        text: &str,
        reason: impl Into<String>,
    ) -> Self {
        ImportError {
            line,
            what,
            token: None,
            text: text.to_string(),
            reason: reason.into(),
        }
    }
}

/// The longest context shown in an error message, in characters (the field keeps it whole).
const SHOWN_CHARS: usize = 40;

fn quote_context(token: &Option<String>, text: &str) -> String {
    let mut shown: String = text.chars().take(SHOWN_CHARS).collect();
    if text.chars().count() > SHOWN_CHARS {
        shown.push('…');
    }
    let shown = shown.replace('\n', "\\n");
    match token {
        Some(t) if t != text => format!("\"{}\" in \"{shown}\"", t.replace('\n', "\\n")),
        _ => format!("\"{shown}\""),
    }
}

/// A problem found inside one piece of text, before the caller attaches its line and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(super) what: &'static str,
    pub(super) token: Option<String>,
    pub(super) reason: String,
}

impl Fault {
    pub(super) fn new(what: &'static str, token: &str, reason: impl Into<String>) -> Self {
        Fault {
            what,
            token: Some(token.to_string()),
            reason: reason.into(),
        }
    }

    pub(super) fn at(self, line: usize, text: &str) -> ImportError {
        ImportError {
            line,
            what: self.what,
            token: self.token,
            text: text.to_string(),
            reason: self.reason,
        }
    }
}

/// One input line with its 1-based number (a trailing `\r` removed): what an [`ImportError`]
/// points at.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line<'a> {
    pub(super) no: usize,
    pub(super) text: &'a str,
}
