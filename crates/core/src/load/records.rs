//! Reading the records of an [`Array`] where they are in the body, one element at a
//! time, and deciding for each whether it is kept (see the parent module: bad records).

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;

use serde::de::DeserializeOwned;
use serde_json::error::Category;

use chrono::Datelike;

use super::escapes::{self, without_lone_surrogates};
use super::scan::skip_whitespace;
use super::{Array, DataError, Skipped};
use crate::model::Session;
use crate::session_id::has_id_shape;

/// The most days a session may span, first and last included (the week is 8; a base's
/// "this month" is 31). A session spanning more is a typo (`2042-05-27`): listed, it would be
/// a date chip and a day heading for each of its days, thousands of them.
pub const MAX_SESSION_DAYS: i64 = 62;

/// Why a record was left out, or kept without its base: its `Display` is the Chinese a parent
/// reads in the note at the top of the page (and the prerender prints).
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// The model's own message for a value it refuses, in Chinese: `日期不存在：2024-02-30`.
    Model(String),
    /// A field the model needs is not there (its name in the dataset).
    MissingField(String),
    /// A field appears twice in one record.
    DuplicateField(String),
    /// A value of another JSON type than the model reads there (the record itself included:
    /// `42` where a session should be).
    WrongType(Expected),
    /// A value of the right type that the model does not accept.
    WrongValue,
    /// A session id not of the shape a bookmark or a link can hold ([`has_id_shape`]).
    BadId,
    /// A session ending before it starts.
    EndBeforeStart,
    /// A session with only one of its two dates.
    PartialDates,
    /// A session with the id of an earlier session kept.
    DuplicateId,
    /// A session spanning more than [`MAX_SESSION_DAYS`] days.
    TooLong { start: NaiveDate, end: NaiveDate },
    /// A session with a day outside the year the notice was published.
    OutsideYear {
        year: i32,
        start: NaiveDate,
        end: NaiveDate,
    },
    /// A session whose base is not in the dataset (kept, shown without it).
    UnknownBase(String),
}

/// What the model reads where a value had another type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expected {
    Text,
    Integer,
    List,
    Object,
    YesOrNo,
    Other,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Model(message) => f.write_str(message),
            Reason::MissingField(name) => write!(f, "缺少字段 {name}"),
            Reason::DuplicateField(name) => write!(f, "字段 {name} 重复"),
            Reason::WrongType(expected) => write!(f, "类型不对：应为{expected}"),
            Reason::WrongValue => f.write_str("有字段的值不对"),
            Reason::BadId => f.write_str("编号格式不对"),
            Reason::EndBeforeStart => f.write_str("结束早于开始"),
            Reason::PartialDates => f.write_str("日期不全"),
            Reason::DuplicateId => f.write_str("编号重复"),
            Reason::TooLong { start, end } => {
                write!(f, "日期跨度超过 {MAX_SESSION_DAYS} 天：{start} 至 {end}")
            }
            Reason::OutsideYear { year, start, end } => {
                write!(f, "日期不在 {year} 年：{start} 至 {end}")
            }
            Reason::UnknownBase(base) => write!(f, "找不到科普基地 {base}"),
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Text => "文本",
            Expected::Integer => "整数",
            Expected::List => "列表",
            Expected::Object => "对象",
            Expected::YesOrNo => "是或否",
            Expected::Other => "其他类型",
        })
    }
}

impl Reason {
    /// Why an element that is valid JSON is not a record, from serde's error `e` (of
    /// [`Category::Data`]). serde_json gives its reasons as English text only, in the fixed
    /// shapes serde's `de::Error` methods write; those are read back into a [`Reason`]. Any
    /// other message is the model's own (`de::Error::custom`, written in Chinese).
    pub(super) fn of(e: &serde_json::Error) -> Reason {
        let text = e.to_string();
        // Line and column count from the element's start: they mean nothing to a parent.
        let text = &text[..text.find(" at line ").unwrap_or(text.len())];
        let quoted = |rest: &str| rest.split('`').next().unwrap_or_default().to_owned();
        if let Some(rest) = text.strip_prefix("missing field `") {
            Reason::MissingField(quoted(rest))
        } else if let Some(rest) = text.strip_prefix("duplicate field `") {
            Reason::DuplicateField(quoted(rest))
        } else if text.starts_with("invalid type: ") {
            let expected = text.rsplit(", expected ").next().unwrap_or_default();
            Reason::WrongType(Expected::of(expected))
        } else if [
            "invalid value: ",
            "invalid length ",
            "unknown variant ",
            "unknown field ",
        ]
        .iter()
        .any(|shape| text.starts_with(shape))
        {
            Reason::WrongValue
        } else {
            Reason::Model(text.to_owned())
        }
    }
}

impl Expected {
    /// serde's description of what a visitor expects (`a string`, `u32`, `struct Session`).
    fn of(expected: &str) -> Expected {
        match expected {
            "a string" | "a borrowed string" | "a character" => Expected::Text,
            "a boolean" => Expected::YesOrNo,
            "a sequence" | "a tuple" => Expected::List,
            "a map" => Expected::Object,
            "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
                Expected::Integer
            }
            _ if expected.starts_with("struct ") => Expected::Object,
            _ => Expected::Other,
        }
    }
}

/// Why a session's dates cannot be right for a notice published in `year`: more than
/// [`MAX_SESSION_DAYS`] days, or a day outside that year.
pub(super) fn implausible_dates(s: &Session, year: Option<i32>) -> Option<Reason> {
    let (Some(start), Some(end)) = (s.start, s.end) else {
        return None;
    };
    if (end - start).num_days() >= MAX_SESSION_DAYS {
        return Some(Reason::TooLong { start, end });
    }
    match year {
        Some(y) if start.year() != y || end.year() != y => Some(Reason::OutsideYear {
            year: y,
            start,
            end,
        }),
        _ => None,
    }
}

/// The sessions kept so far, and the position in the body of each by id.
#[derive(Default)]
pub(super) struct Sessions {
    pub(super) list: Vec<Session>,
    pub(super) positions: HashMap<String, usize>,
}

impl Sessions {
    /// Keeps `s`, found at `position`, or adds to `skipped` why it is left out: an id not of
    /// the shape a bookmark or a link can hold ([`has_id_shape`]: its star could save nothing;
    /// reported by its position, not by the id), its dates, or its id taken by an earlier
    /// session.
    pub(super) fn keep(&mut self, s: Session, position: usize, skipped: &mut Vec<Skipped>) {
        if !has_id_shape(&s.id) {
            return skipped.push(left_out(Array::Sessions, position, None, Reason::BadId));
        }
        let why = match (s.start, s.end) {
            (Some(start), Some(end)) if end < start => Reason::EndBeforeStart,
            (Some(_), None) | (None, Some(_)) => Reason::PartialDates,
            _ if self.positions.contains_key(s.id.as_str()) => Reason::DuplicateId,
            _ => match implausible_dates(&s, None) {
                Some(why) => why,
                None => {
                    self.positions.insert(s.id.clone(), position);
                    return self.list.push(s);
                }
            },
        };
        skipped.push(left_out(Array::Sessions, position, Some(s.id), why));
    }

    /// Leaves out of `sessions` (the dataset assembled) those whose dates are implausible
    /// for a notice published in `year` (see [`implausible_dates`]), adding each to
    /// `skipped`. Run once the notice is read, which may come after the sessions in the body;
    /// so a session left out here has already kept a later one with its id out (`编号重复`).
    pub(super) fn drop_implausible(
        &self,
        sessions: &mut Vec<Session>,
        year: i32,
        skipped: &mut Vec<Skipped>,
    ) {
        sessions.retain(|s| {
            let Some(why) = implausible_dates(s, Some(year)) else {
                return true;
            };
            let position = self.positions.get(s.id.as_str()).copied().unwrap_or(0);
            skipped.push(left_out(Array::Sessions, position, Some(s.id.clone()), why));
            false
        });
    }
}

pub(super) fn left_out(
    array: Array,
    position: usize,
    id: Option<String>,
    reason: Reason,
) -> Skipped {
    Skipped {
        array,
        position,
        id,
        reason,
        kept: false,
    }
}

/// Reading an [`Array`] where it is in the body.
pub(super) struct Read<'a> {
    pub(super) bytes: &'a [u8],
    /// Where the array continues: just after its `[` or a `,`, or on its closing `]`.
    pub(super) at: &'a mut usize,
    /// How many of its elements have been read, kept or not.
    pub(super) seen: &'a mut usize,
    pub(super) skipped: &'a mut Vec<Skipped>,
    pub(super) w: Array,
}

impl Read<'_> {
    /// Reads up to `budget` elements, each a `T` given to `keep` with its position, which keeps
    /// it or adds to `skipped` why not; true, with `at` on the closing `]`, when the array is
    /// done.
    ///
    /// An element that is valid JSON but not a `T` is read again, exactly its bytes (see
    /// [`value_len`]), as a [`serde_json::Value`], which checks its syntax and finds its id, and
    /// left out; invalid JSON is a [`DataError::Parse`]. A lone surrogate escape is read as
    /// U+FFFD (see `escapes`).
    pub(super) fn elements<T: DeserializeOwned>(
        &mut self,
        budget: usize,
        keep: &mut dyn FnMut(T, usize, &mut Vec<Skipped>),
    ) -> Result<bool, DataError> {
        let w = self.w;
        let error =
            |i: usize, what: &dyn fmt::Display| DataError::Parse(format!("{w}[{i}]: {what}"));
        for _ in 0..budget {
            let start = skip_whitespace(self.bytes, *self.at);
            if *self.seen == 0 && self.bytes.get(start) == Some(&b']') {
                *self.at = start;
                return Ok(true);
            }
            let i = *self.seen;
            *self.seen += 1;
            let bytes = self.bytes;
            let rest = &bytes[start..];
            let mut elements = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
            let first = match elements.next() {
                Some(Ok(element)) => {
                    keep(element, i, self.skipped);
                    None
                }
                Some(Err(e)) => Some(e),
                None => return Err(error(i, &"unexpected end of data")),
            };
            let len = match first {
                None => elements.byte_offset(),
                // A lone surrogate escape (a syntax error to serde), read as U+FFFD.
                Some(e) if e.classify() == Category::Syntax => {
                    let len = value_len(rest);
                    match without_lone_surrogates(&rest[..len]) {
                        Some(fixed) => match serde_json::from_slice::<T>(&fixed) {
                            Ok(element) => keep(element, i, self.skipped),
                            Err(e) => self.left_out(i, &fixed, &e)?,
                        },
                        None => return Err(error(i, &e)),
                    }
                    len
                }
                Some(e) => {
                    let len = value_len(rest);
                    self.left_out(i, &rest[..len], &e)?;
                    len
                }
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

    /// Leaves out element `i`, exactly `bytes`, which is valid JSON (if it is not, the body is
    /// a [`DataError::Parse`]) but not what the model wants (`e`: a date, a field, a type):
    /// read again as a `Value`, which checks its syntax and finds its id (only one of the
    /// shape of an id is named: the message must not quote whatever a record holds).
    fn left_out(&mut self, i: usize, bytes: &[u8], e: &serde_json::Error) -> Result<(), DataError> {
        if e.classify() != Category::Data {
            return Err(DataError::Parse(format!("{}[{i}]: {e}", self.w)));
        }
        let id = match escapes::from_slice(bytes) {
            Ok(serde_json::Value::Object(element)) => element
                .get("id")
                .and_then(serde_json::Value::as_str)
                .filter(|id| has_id_shape(id))
                .map(str::to_owned),
            Ok(_) => None,
            Err(e) => return Err(DataError::Parse(format!("{}[{i}]: {e}", self.w))),
        };
        self.skipped.push(left_out(self.w, i, id, Reason::of(e)));
        Ok(())
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
