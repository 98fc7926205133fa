//! The resumable byte scanner over the top-level object: where its keys and arrays are.

use super::{Array, DataError};
use crate::model::SCHEMA_VERSION;

/// A top-level array in the body.
#[derive(Clone, Copy)]
pub(super) struct Span {
    /// Offset of its `[`.
    pub(super) open: usize,
    /// Offset of its `]`; `None` when the body ends inside it.
    pub(super) close: Option<usize>,
    /// All its elements have been read.
    pub(super) read: bool,
}

/// JSON's whitespace (not form feed, unlike `u8::is_ascii_whitespace`).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

pub(super) fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).copied().is_some_and(is_space) {
        at += 1;
    }
    at
}

/// What a top-level key names.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Key {
    #[default]
    Other,
    Version,
    Array(Array),
}

/// Where a [`Scan::run`] stopped.
pub(super) enum Scanned {
    /// At its byte limit.
    Paused,
    /// Just after the `[` of this array, to be read in place.
    Array(Array),
    /// Done: the head ends at this offset.
    End(usize),
}

/// The resumable byte scanner over the top-level object. It only tells structure from
/// content (strings, escapes, nesting); checking the JSON is left to serde_json, which sees
/// every byte either in the head or in an array's elements.
#[derive(Default)]
pub(super) struct Scan {
    /// The next byte to look at.
    pub(super) pos: usize,
    /// Nesting depth outside strings: 1 inside the top-level object.
    depth: usize,
    in_string: bool,
    /// In a string, just after a backslash.
    escaped: bool,
    /// The top-level value has ended.
    closed: bool,
    /// At depth 1, the next string is a key.
    expect_key: bool,
    /// Where the last string started (after its quote).
    string_start: usize,
    /// The key whose value is being scanned at depth 1.
    key: Key,
    /// Where that value starts (after the colon).
    value_start: usize,
    version_seen: bool,
    /// `version` was seen and is [`SCHEMA_VERSION`], so arrays can be read in place.
    version_ok: bool,
    /// The array being skipped (found before the version).
    skipping: Option<Array>,
}

impl Scan {
    /// Scans at most `max_bytes` bytes, recording arrays in `spans`.
    pub(super) fn run(
        &mut self,
        bytes: &[u8],
        max_bytes: usize,
        spans: &mut [Option<Span>; 3],
    ) -> Result<Scanned, DataError> {
        let limit = self.pos.saturating_add(max_bytes).min(bytes.len());
        while self.pos < limit {
            let stop = if self.in_string {
                self.string(bytes, limit, spans);
                None
            } else if self.depth == 0 {
                self.outside(bytes)
            } else {
                self.structure(bytes, spans)?
            };
            if let Some(scanned) = stop {
                return Ok(scanned);
            }
        }
        Ok(if self.pos == bytes.len() {
            Scanned::End(bytes.len())
        } else {
            Scanned::Paused
        })
    }

    /// Inside a string: jumps to its next quote or backslash (or to `limit`), and at its
    /// closing quote classifies it when it is a top-level key.
    fn string(&mut self, bytes: &[u8], limit: usize, spans: &[Option<Span>; 3]) {
        if self.escaped {
            self.escaped = false;
            self.pos += 1;
            return;
        }
        let rest = &bytes[self.pos..limit];
        let Some(k) = rest.iter().position(|&c| c == b'"' || c == b'\\') else {
            self.pos = limit;
            return;
        };
        self.pos += k;
        if bytes[self.pos] == b'\\' {
            self.escaped = true;
        } else {
            self.in_string = false;
            if self.depth == 1 && self.expect_key {
                self.key = self.classify(&bytes[self.string_start..self.pos], spans);
                // Until a colon sets it, a value starts at the key's quote (so it is never
                // read as a version number).
                self.value_start = self.pos;
            }
        }
        self.pos += 1;
    }

    /// Outside the top-level value: whitespace, its opening `{`, or what follows its end.
    fn outside(&mut self, bytes: &[u8]) -> Option<Scanned> {
        let b = bytes[self.pos];
        if !is_space(b) {
            if self.closed {
                // The first byte after the top-level value: serde reports it.
                return Some(Scanned::End(self.pos + 1));
            }
            if b != b'{' {
                // Not an object: serde gets the whole body.
                return Some(Scanned::End(bytes.len()));
            }
            self.depth = 1;
            self.expect_key = true;
        }
        self.pos += 1;
        None
    }

    /// Inside the top-level object, outside strings: keys, colons, commas and nesting; stops
    /// at the `[` of an array to be read in place.
    fn structure(
        &mut self,
        bytes: &[u8],
        spans: &mut [Option<Span>; 3],
    ) -> Result<Option<Scanned>, DataError> {
        let b = bytes[self.pos];
        match b {
            b'"' => {
                self.in_string = true;
                self.string_start = self.pos + 1;
            }
            b'[' if self.depth == 1 && !self.expect_key => {
                self.depth = 2;
                if let Key::Array(w) = self.key {
                    return Ok(self.array_opens(w, spans));
                }
            }
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' | b',' if self.depth == 1 => {
                if self.key == Key::Version {
                    self.check_version(&bytes[self.value_start..self.pos])?;
                }
                self.key = Key::Other;
                self.expect_key = true;
                if b != b',' {
                    self.depth = 0;
                    self.closed = true;
                }
            }
            b'}' | b']' => {
                self.depth -= 1;
                if self.depth == 1 {
                    if let Some(w) = self.skipping.take() {
                        if let Some(span) = &mut spans[w as usize] {
                            span.close = Some(self.pos);
                        }
                    }
                }
            }
            b':' if self.depth == 1 => {
                self.expect_key = false;
                self.value_start = self.pos + 1;
            }
            _ => {}
        }
        self.pos += 1;
        Ok(None)
    }

    /// At the `[` of array `w`: records where it opens, then stops for it to be read in place
    /// once the version is known to be right, or skips over it until then.
    fn array_opens(&mut self, w: Array, spans: &mut [Option<Span>; 3]) -> Option<Scanned> {
        spans[w as usize] = Some(Span {
            open: self.pos,
            close: None,
            read: false,
        });
        self.key = Key::Other;
        self.pos += 1;
        if self.version_ok {
            return Some(Scanned::Array(w));
        }
        self.skipping = Some(w);
        None
    }

    /// What the key `raw` (between its quotes) names. A repeated key is left to the head,
    /// where serde reports the duplicate.
    fn classify(&mut self, raw: &[u8], spans: &[Option<Span>; 3]) -> Key {
        if raw == b"version" && !self.version_seen {
            self.version_seen = true;
            return Key::Version;
        }
        match Array::ALL.into_iter().find(|a| a.key().as_bytes() == raw) {
            Some(w) if spans[w as usize].is_none() => Key::Array(w),
            _ => Key::Other,
        }
    }

    /// Fails fast on a version number other than [`SCHEMA_VERSION`]; anything that is not a
    /// version number is left to the head, where serde reports it.
    fn check_version(&mut self, value: &[u8]) -> Result<(), DataError> {
        if let Ok(v) = serde_json::from_slice::<u32>(value) {
            if v != SCHEMA_VERSION {
                return Err(DataError::Version(v));
            }
            self.version_ok = true;
        }
        Ok(())
    }

    /// Continues after an array read in place, whose `]` is at `close`.
    pub(super) fn resume_after_array(&mut self, close: usize) {
        self.pos = close + 1;
        self.depth = 1;
    }
}
