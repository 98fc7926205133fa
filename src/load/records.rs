//! Reading the records of one of [`ARRAYS`] where they are in the body, one element at a
//! time, and deciding for each whether it is kept (see the parent module: bad records).

use std::collections::HashMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::error::Category;

use super::scan::skip_whitespace;
use super::{DataError, Skipped, ARRAYS};
use crate::model::Session;

/// The sessions kept so far, and the position in the body of each by id.
#[derive(Default)]
pub(super) struct Sessions {
    pub(super) list: Vec<Session>,
    pub(super) positions: HashMap<String, usize>,
}

impl Sessions {
    /// Keeps `s`, found at `position`, or adds to `skipped` why it is left out: its dates,
    /// or its id taken by an earlier session. (Not inlined: measured, a smaller wasm.)
    #[inline(never)]
    pub(super) fn keep(&mut self, s: Session, position: usize, skipped: &mut Vec<Skipped>) {
        let why = match (s.start, s.end) {
            (Some(start), Some(end)) if end < start => "结束早于开始",
            (Some(_), None) | (None, Some(_)) => "日期不全",
            _ if self.positions.contains_key(s.id.as_str()) => "编号重复",
            _ => {
                self.positions.insert(s.id.clone(), position);
                return self.list.push(s);
            }
        };
        skipped.push(left_out(2, position, Some(s.id), why.into()));
    }
}

pub(super) fn left_out(
    array: usize,
    position: usize,
    id: Option<String>,
    reason: String,
) -> Skipped {
    Skipped {
        array,
        position,
        id,
        reason,
        kept: false,
    }
}

/// Why an element that is valid JSON is not a record: serde's message without its line and
/// column (which count from the element's start, and mean nothing to a parent). The model's
/// own messages (dates) are in Chinese.
pub(super) fn reason(e: &serde_json::Error) -> String {
    let mut text = e.to_string();
    text.truncate(text.find(" at line ").unwrap_or(text.len()));
    text
}

/// Reading one of [`ARRAYS`] where it is in the body.
pub(super) struct Read<'a> {
    pub(super) bytes: &'a [u8],
    /// Where the array continues: just after its `[` or a `,`, or on its closing `]`.
    pub(super) at: &'a mut usize,
    /// How many of its elements have been read, kept or not.
    pub(super) seen: &'a mut usize,
    pub(super) skipped: &'a mut Vec<Skipped>,
    /// Which of [`ARRAYS`].
    pub(super) w: usize,
}

impl Read<'_> {
    /// Reads up to `budget` elements, each a `T` given to `keep` with its position, which keeps
    /// it or adds to `skipped` why not; true, with `at` on the closing `]`, when the array is
    /// done.
    ///
    /// An element that is valid JSON but not a `T` is read again, exactly its bytes (see
    /// [`value_len`]), as a [`serde_json::Value`], which checks its syntax and finds its id, and
    /// left out; invalid JSON is a [`DataError::Parse`].
    pub(super) fn elements<T: DeserializeOwned>(
        &mut self,
        budget: usize,
        keep: &mut dyn FnMut(T, usize, &mut Vec<Skipped>),
    ) -> Result<bool, DataError> {
        let w = self.w;
        let error = |i: usize, what: &dyn fmt::Display| {
            DataError::Parse(format!("{}[{i}]: {what}", ARRAYS[w]))
        };
        for _ in 0..budget {
            let start = skip_whitespace(self.bytes, *self.at);
            if *self.seen == 0 && self.bytes.get(start) == Some(&b']') {
                *self.at = start;
                return Ok(true);
            }
            let i = *self.seen;
            *self.seen += 1;
            let rest = &self.bytes[start..];
            let mut elements = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
            let len = match elements.next() {
                Some(Ok(element)) => {
                    keep(element, i, self.skipped);
                    elements.byte_offset()
                }
                // Valid JSON, but not what the model wants (a date, a field, a type): read
                // again as a `Value`, which checks the rest of its syntax, and left out.
                Some(Err(e)) if e.classify() == Category::Data => {
                    let len = value_len(rest);
                    let id = match serde_json::from_slice(&rest[..len]) {
                        Ok(serde_json::Value::Object(element)) => element
                            .get("id")
                            .and_then(serde_json::Value::as_str)
                            .map(str::to_owned),
                        Ok(_) => None,
                        Err(e) => return Err(error(i, &e)),
                    };
                    self.skipped.push(left_out(w, i, id, reason(&e)));
                    len
                }
                Some(Err(e)) => return Err(error(i, &e)),
                None => return Err(error(i, &"unexpected end of data")),
            };
            let end = skip_whitespace(self.bytes, start + len);
            match self.bytes.get(end) {
                Some(b',') => *self.at = end + 1,
                Some(b']') => {
                    *self.at = end;
                    return Ok(true);
                }
                _ => return Err(error(i, &"expected `,` or `]` after it")),
            }
        }
        Ok(false)
    }
}

/// The length of the JSON value at the start of `bytes`, an element of an array: up to the end
/// of its string or of its outermost brackets, or, for a number or a literal, to the `,` or `]`
/// after it (whitespace before that included). Only strings, escapes and nesting are tracked:
/// the syntax is left to serde, which reads exactly these bytes.
pub(super) fn value_len(bytes: &[u8]) -> usize {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                if depth == 0 {
                    return i + 1;
                }
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' | b',' if depth == 0 => return i,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}
