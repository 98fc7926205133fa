//! Reading a dataset body into [`AppData`] in slices of bounded work, so the browser can
//! handle input between two slices (the UI's `fetch_dataset` drives the loop).
//!
//! [`DatasetLoader::step`] goes through these phases, each call doing one bounded slice of one:
//!
//! 1. **Scan** the top-level object byte by byte (strings, escapes and nesting tracked, and
//!    resumable anywhere) for its keys. The arrays named in [`ARRAYS`] (they grow with the
//!    dataset) are not left to the one-shot parse: once `version` has been seen and is
//!    [`SCHEMA_VERSION`], each is read in place, one element at a time (phase 2); before
//!    that, the scan skips over it and it is read after phase 3. A `version` other than
//!    [`SCHEMA_VERSION`] fails as soon as the scan passes it, before any array is read.
//! 2. **Arrays**: one element per budget unit, each with serde_json. An element that is valid
//!    JSON but not a valid record is left out and reported (see below).
//! 3. **Head**: the body without the arrays' elements (`"sessions":[]` and so on, plus the
//!    first byte after the top-level object, so that trailing garbage is reported) is parsed
//!    into a [`Dataset`] with serde_json, which reports every missing field, bad date and
//!    syntax error there, and its version is checked.
//! 4. **Index**: the [`SearchIndex`] is built with [`IndexBuilder`], and the sessions whose
//!    base is not in the dataset are reported as they are indexed.
//!
//! A key written with escapes (`"sess\u0069ons"`) is not recognized by the scan, so that
//! array stays in the head and is parsed in one slice exactly as serde parses it: all or
//! nothing, and without the checks of a session's dates and id below (no writer escapes a
//! key; a session with an unknown base is still reported, with position 0).
//!
//! ## Bad records
//!
//! One bad record does not hide the others. Each is listed in [`AppData::skipped`] with its
//! array, position, id and reason, in the order found: as the arrays are read (in the body's
//! order, each from its start; for the importer's key order, the dataset's order), then the
//! sessions kept without their base.
//!
//! - An element of `activities`, `bases` or `sessions` that is valid JSON but does not read as
//!   a record is left out. Its reason is serde's message without its line and column: the
//!   model's own for a date, in Chinese (`日期不存在：2024-02-30`), serde's words otherwise
//!   (``missing field `place` ``, ``invalid type: integer `5`, expected a string``), which
//!   name what to fix (a Chinese lead-in for those did not fit the wasm's size budget).
//! - A session whose end is before its start (`结束早于开始`), or with only one of the two
//!   (`日期不全`), is left out.
//! - A session with the id of an earlier session kept is left out (`编号重复`): the first
//!   stays, so bookmarks and links keep pointing at it.
//! - A session whose base is not in the dataset (or was left out) is kept, shown without its
//!   base (the card then has no base line), and reported with `kept` set
//!   (`找不到科普基地 b1234abcd`).
//!
//! A base left out takes nothing else with it: its sessions are kept without their base. An
//! activity left out is simply not shown. A bookmark of a session left out is one of a session
//! that left the dataset (my week lists it apart, until removed).
//!
//! Whatever is not a record stays an error of the whole body, with the message it had: JSON
//! syntax anywhere, inside an element too (where a bad element ends cannot be trusted; a left
//! out element is read again as a [`serde_json::Value`], which checks all of it, invalid UTF-8
//! in a string the model does not know included), the head (the notice, the week, a missing
//! or other `version`), a missing array, trailing garbage. The importer, which writes the
//! committed dataset, stays strict, and the prerender refuses a dataset with any record
//! skipped.
//!
//! The body is bytes, never checked as UTF-8 as a whole (that would be one unbounded pass):
//! the scan only looks at ASCII structure bytes, and serde_json checks every string it reads,
//! so invalid UTF-8 in a key or a value of the model is a [`DataError::Parse`] that points at
//! it. As with `serde_json::from_slice`, a string serde skips (the value of a key the model
//! does not know) is not checked: it is dropped.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::error::Category;
use thiserror::Error;

use crate::model::{Activity, Base, Dataset, Session, SCHEMA_VERSION};
use crate::search::{IndexBuilder, SearchIndex};

/// Why the dataset could not be shown. Each variant has a message a parent can act on.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum DataError {
    #[error("网络连接失败，无法获取活动数据（{0}）。请检查网络后重试。")]
    Network(String),
    #[error("服务器返回错误（HTTP {0}），暂时无法获取活动数据。请稍后重试。")]
    Status(u16),
    #[error("活动数据已损坏，无法读取（{0}）。请稍后重试。")]
    Parse(String),
    #[error("活动数据的格式版本为 {0}，本页面只支持版本 {SCHEMA_VERSION}。请刷新页面获取新版本。")]
    Version(u32),
}

/// The loaded dataset and what is derived from it once (the search index).
#[derive(Clone)]
pub struct AppData {
    pub ds: Arc<Dataset>,
    pub index: Arc<SearchIndex>,
    /// The service worker answered from its cache because the network failed.
    pub offline: bool,
    /// The records left out (or kept without their base), in the order found: see the module
    /// doc. Empty for a dataset the importer wrote. Leaked, on purpose: a page loads its
    /// dataset once (a retry follows a failure only), and a `&'static` adds no code where the
    /// app clones and drops `AppData` (~200 bytes of brotli less than an `Arc`: the wasm's
    /// size is budgeted to the byte).
    pub skipped: &'static [Skipped],
}

/// A record of the body that could not be used as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// Which array: an index into [`ARRAYS`].
    pub array: usize,
    /// Its position in that array in the body, from 0, counting every element.
    pub position: usize,
    /// Its `id`, when it is an object with a string `id`.
    pub id: Option<String>,
    /// Why: `日期不存在：2024-02-30`, `结束早于开始`, `找不到科普基地 b1234abcd`, or serde's
    /// words for a record that does not read (see the module doc).
    pub reason: String,
    /// Shown anyway, with what is known (a session whose base is unknown); otherwise left out.
    pub kept: bool,
}

/// How many records [`skipped_message`] names.
pub const NAMED: usize = 3;

/// The sentence at the top of the page about `skipped` (none when it is empty): how many
/// records have a problem and how many of them were left out, then the first [`NAMED`], each
/// by its id (or, without one, its place: `sessions[12]`) with its reason, and how many more:
/// `活动数据中有 3 条记录有问题，已略过 2 条：s1234abcd（日期不存在：2024-02-30）、…（另有 N 条）。`
/// Plain text.
pub fn skipped_message(skipped: &[Skipped]) -> Option<String> {
    use fmt::Write;
    if skipped.is_empty() {
        return None;
    }
    let left = skipped.iter().filter(|s| !s.kept).count();
    let mut m = format!("活动数据中有 {} 条记录有问题", skipped.len());
    if left > 0 {
        let _ = write!(m, "，已略过 {left} 条");
    }
    for (i, s) in skipped.iter().take(NAMED).enumerate() {
        m.push(if i == 0 { '：' } else { '、' });
        match &s.id {
            Some(id) => m.push_str(id),
            None => {
                let _ = write!(m, "{}[{}]", ARRAYS[s.array], s.position);
            }
        }
        m.push('（');
        m.push_str(&s.reason);
        m.push('）');
    }
    if skipped.len() > NAMED {
        let _ = write!(m, "（另有 {} 条）", skipped.len() - NAMED);
    }
    m.push('。');
    Some(m)
}

impl AppData {
    /// Parses and checks a dataset body, then builds the search index: [`DatasetLoader`]
    /// run with an unbounded budget.
    pub fn from_json(body: &str) -> Result<AppData, DataError> {
        let mut loader = DatasetLoader::new(body.as_bytes().to_vec());
        loop {
            if let Some(data) = loader.step(usize::MAX)? {
                return Ok(data);
            }
        }
    }
}

/// The top-level keys whose arrays are read one element at a time, in the order of
/// [`Dataset`]'s fields (indices into [`DatasetLoader`]'s `spans`).
pub const ARRAYS: [&str; 3] = ["activities", "bases", "sessions"];

/// Bytes the scan reads per unit of [`DatasetLoader::step`]'s budget. Skipping a byte costs
/// about a quarter of parsing it (measured natively on a 20,000-session body), so a unit of
/// scanning takes about as long as parsing one session (400 to 500 bytes of JSON).
pub const SCAN_BYTES: usize = 2048;

/// Reads a dataset body a bounded slice at a time (see the module doc for the phases).
pub struct DatasetLoader {
    body: Vec<u8>,
    scan: Scan,
    /// Where each of [`ARRAYS`] is in `body`, once the scan has found it.
    spans: [Option<Span>; 3],
    /// The elements read so far of each of [`ARRAYS`].
    activities: Vec<Activity>,
    bases: Vec<Base>,
    sessions: Sessions,
    /// How many elements of each of [`ARRAYS`] have been read, kept or not.
    seen: [usize; 3],
    skipped: Vec<Skipped>,
    /// Where the array being read continues in `body`; while indexing, how many sessions
    /// have been checked for their base.
    cursor: usize,
    phase: Phase,
}

/// The sessions kept so far, and the position in the body of each by id.
#[derive(Default)]
struct Sessions {
    list: Vec<Session>,
    positions: HashMap<String, usize>,
}

impl Sessions {
    /// Keeps `s`, found at `position`, or adds to `skipped` why it is left out: its dates,
    /// or its id taken by an earlier session. (Not inlined: measured, a smaller wasm.)
    #[inline(never)]
    fn keep(&mut self, s: Session, position: usize, skipped: &mut Vec<Skipped>) {
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

enum Phase {
    Scan,
    /// Reading array `ARRAYS[.0]` where the scan found it, then scanning on after it.
    Inline(usize),
    /// Parsing the head; the scan ended at this byte offset.
    Head(usize),
    /// Reading array `ARRAYS[.1]`, found before the version was known, after the head.
    Deferred(Box<Dataset>, usize),
    Index(Box<Dataset>, IndexBuilder),
    /// Finished: later calls return the same outcome.
    Done(Result<AppData, DataError>),
}

/// A top-level array in the body.
#[derive(Clone, Copy)]
struct Span {
    /// Offset of its `[`.
    open: usize,
    /// Offset of its `]`; `None` when the body ends inside it.
    close: Option<usize>,
    /// All its elements have been read.
    read: bool,
}

impl DatasetLoader {
    pub fn new(body: Vec<u8>) -> DatasetLoader {
        DatasetLoader {
            body,
            scan: Scan::default(),
            spans: [None; 3],
            activities: Vec::new(),
            bases: Vec::new(),
            sessions: Sessions::default(),
            seen: [0; 3],
            skipped: Vec::new(),
            cursor: 0,
            phase: Phase::Scan,
        }
    }

    /// Does one slice of work and returns `Ok(Some(_))` once the dataset is loaded and
    /// indexed, `Ok(None)` while there is more to do.
    ///
    /// A slice is bounded by `budget` (0 counts as 1) whatever the body's size: it scans at
    /// most `budget × SCAN_BYTES` bytes, or parses at most `budget` array elements, or
    /// indexes at most `budget` bases, activities or sessions, or parses the head (the
    /// notice and the week: its size does not grow with the arrays). After the outcome (the
    /// data or an error) every call returns that outcome again.
    ///
    /// Errors: [`DataError::Version`] for a version other than [`SCHEMA_VERSION`] (checked
    /// before any array is read when it precedes the arrays, else as soon as the scan passes
    /// it); [`DataError::Parse`] with serde's message for anything else but a bad record,
    /// which is left out and reported instead (see the module doc). An element's error names
    /// it (`sessions[12]: …`, with the line and column counted from the element's start);
    /// the head's line and column count the body without the arrays' elements.
    pub fn step(&mut self, budget: usize) -> Result<Option<AppData>, DataError> {
        if let Phase::Done(outcome) = &self.phase {
            return outcome.clone().map(Some);
        }
        let Some(outcome) = self.advance(budget.max(1)).transpose() else {
            return Ok(None);
        };
        self.phase = Phase::Done(outcome.clone());
        outcome.map(Some)
    }

    fn advance(&mut self, budget: usize) -> Result<Option<AppData>, DataError> {
        let phase = std::mem::replace(&mut self.phase, Phase::Scan);
        self.phase = match phase {
            Phase::Scan => {
                let bytes = budget.saturating_mul(SCAN_BYTES);
                match self.scan.run(&self.body, bytes, &mut self.spans)? {
                    Scanned::Paused => Phase::Scan,
                    Scanned::Array(w) => {
                        self.cursor = self.scan.pos;
                        Phase::Inline(w)
                    }
                    Scanned::End(stop) => Phase::Head(stop),
                }
            }
            Phase::Inline(w) => {
                if self.read(w, budget)? {
                    self.scan.resume_after_array(self.cursor);
                    Phase::Scan
                } else {
                    Phase::Inline(w)
                }
            }
            Phase::Head(stop) => self.next_deferred(Box::new(self.head(stop)?)),
            Phase::Deferred(ds, w) => {
                if self.read(w, budget)? {
                    self.next_deferred(ds)
                } else {
                    Phase::Deferred(ds, w)
                }
            }
            Phase::Index(ds, mut builder) => {
                let done = builder.step(&ds, budget);
                // The sessions just indexed whose base is unknown.
                let bases = builder.session_bases();
                while let Some(&base) = bases.get(self.cursor) {
                    let s = &ds.sessions[self.cursor];
                    if base == usize::MAX {
                        self.skipped.push(Skipped {
                            array: 2,
                            position: self
                                .sessions
                                .positions
                                .get(s.id.as_str())
                                .copied()
                                .unwrap_or(0),
                            id: Some(s.id.clone()),
                            reason: format!("找不到科普基地 {}", s.base),
                            kept: true,
                        });
                    }
                    self.cursor += 1;
                }
                if done {
                    let index = builder.finish(&ds);
                    return Ok(Some(AppData {
                        ds: Arc::new(*ds),
                        index: Arc::new(index),
                        offline: false,
                        skipped: std::mem::take(&mut self.skipped).leak(),
                    }));
                }
                Phase::Index(ds, builder)
            }
            Phase::Done(outcome) => return outcome.map(Some),
        };
        Ok(None)
    }

    /// Reads up to `budget` elements of array `w` at `cursor`; true at its closing `]`.
    fn read(&mut self, w: usize, budget: usize) -> Result<bool, DataError> {
        let mut read = Read {
            bytes: &self.body,
            at: &mut self.cursor,
            seen: &mut self.seen[w],
            skipped: &mut self.skipped,
            w,
        };
        let done = match w {
            0 => read.elements(budget, &mut |a, _, _| self.activities.push(a))?,
            1 => read.elements(budget, &mut |b, _, _| self.bases.push(b))?,
            _ => read.elements(budget, &mut |s, i, skipped| {
                self.sessions.keep(s, i, skipped)
            })?,
        };
        if let (true, Some(span)) = (done, &mut self.spans[w]) {
            span.close = Some(self.cursor);
            span.read = true;
        }
        Ok(done)
    }

    /// The body without the arrays' elements, parsed and its version checked.
    fn head(&self, stop: usize) -> Result<Dataset, DataError> {
        let mut text = Vec::new();
        let mut from = 0;
        // The spans in body order (they never overlap).
        while let Some(span) = self
            .spans
            .iter()
            .flatten()
            .filter(|s| s.open >= from)
            .min_by_key(|s| s.open)
        {
            text.extend_from_slice(&self.body[from..=span.open]);
            match span.close {
                Some(close) => from = close,
                // The body ends inside this array: serde reports where.
                None => {
                    from = stop;
                    break;
                }
            }
        }
        text.extend_from_slice(&self.body[from..stop]);
        let ds: Dataset =
            serde_json::from_slice(&text).map_err(|e| DataError::Parse(e.to_string()))?;
        if ds.version != SCHEMA_VERSION {
            return Err(DataError::Version(ds.version));
        }
        Ok(ds)
    }

    /// The next array still to read after the head, or, when all are read, the dataset
    /// assembled and handed to the indexer.
    fn next_deferred(&mut self, mut ds: Box<Dataset>) -> Phase {
        if let Some(w) = (0..ARRAYS.len()).find(|&w| self.spans[w].is_some_and(|s| !s.read)) {
            self.cursor = self.spans[w].map_or(0, |s| s.open + 1);
            return Phase::Deferred(ds, w);
        }
        // The head holds `[]` for each array read here, and the whole array otherwise (its
        // key was written with escapes).
        fill(&mut ds.activities, &mut self.activities);
        fill(&mut ds.bases, &mut self.bases);
        fill(&mut ds.sessions, &mut self.sessions.list);
        self.body = Vec::new();
        self.cursor = 0;
        let builder = IndexBuilder::new(&ds);
        Phase::Index(ds, builder)
    }
}

fn fill<T>(to: &mut Vec<T>, from: &mut Vec<T>) {
    if to.is_empty() {
        std::mem::swap(to, from);
    }
}

fn left_out(array: usize, position: usize, id: Option<String>, reason: String) -> Skipped {
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
fn reason(e: &serde_json::Error) -> String {
    let mut text = e.to_string();
    text.truncate(text.find(" at line ").unwrap_or(text.len()));
    text
}

/// Reading one of [`ARRAYS`] where it is in the body.
struct Read<'a> {
    bytes: &'a [u8],
    /// Where the array continues: just after its `[` or a `,`, or on its closing `]`.
    at: &'a mut usize,
    /// How many of its elements have been read, kept or not.
    seen: &'a mut usize,
    skipped: &'a mut Vec<Skipped>,
    /// Which of [`ARRAYS`].
    w: usize,
}

impl Read<'_> {
    /// Reads up to `budget` elements, each a `T` given to `keep` with its position, which keeps
    /// it or adds to `skipped` why not; true, with `at` on the closing `]`, when the array is
    /// done.
    ///
    /// An element that is valid JSON but not a `T` is read again, exactly its bytes (see
    /// [`value_len`]), as a [`serde_json::Value`], which checks its syntax and finds its id, and
    /// left out; invalid JSON is a [`DataError::Parse`].
    fn elements<T: DeserializeOwned>(
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
fn value_len(bytes: &[u8]) -> usize {
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

/// JSON's whitespace (not form feed, unlike `u8::is_ascii_whitespace`).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
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
    /// `ARRAYS[.0]`.
    Array(usize),
}

/// Where a [`Scan::run`] stopped.
enum Scanned {
    /// At its byte limit.
    Paused,
    /// Just after the `[` of array `ARRAYS[.0]`, to be read in place.
    Array(usize),
    /// Done: the head ends at this offset.
    End(usize),
}

/// The resumable byte scanner over the top-level object. It only tells structure from
/// content (strings, escapes, nesting); checking the JSON is left to serde_json, which sees
/// every byte either in the head or in an array's elements.
#[derive(Default)]
struct Scan {
    /// The next byte to look at.
    pos: usize,
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
    skipping: Option<usize>,
}

impl Scan {
    /// Scans at most `max_bytes` bytes, recording arrays in `spans`.
    fn run(
        &mut self,
        bytes: &[u8],
        max_bytes: usize,
        spans: &mut [Option<Span>; 3],
    ) -> Result<Scanned, DataError> {
        let limit = self.pos.saturating_add(max_bytes).min(bytes.len());
        while self.pos < limit {
            let b = bytes[self.pos];
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else {
                    let rest = &bytes[self.pos..limit];
                    let Some(k) = rest.iter().position(|&c| c == b'"' || c == b'\\') else {
                        self.pos = limit;
                        break;
                    };
                    self.pos += k;
                    if bytes[self.pos] == b'\\' {
                        self.escaped = true;
                    } else {
                        self.in_string = false;
                        if self.depth == 1 && self.expect_key {
                            self.key = self.classify(&bytes[self.string_start..self.pos], spans);
                            // Until a colon sets it, a value starts at the key's quote (so it
                            // is never read as a version number).
                            self.value_start = self.pos;
                        }
                    }
                }
                self.pos += 1;
                continue;
            }
            if self.depth == 0 {
                if !is_space(b) {
                    if self.closed {
                        // The first byte after the top-level value: serde reports it.
                        return Ok(Scanned::End(self.pos + 1));
                    }
                    if b != b'{' {
                        // Not an object: serde gets the whole body.
                        return Ok(Scanned::End(bytes.len()));
                    }
                    self.depth = 1;
                    self.expect_key = true;
                }
                self.pos += 1;
                continue;
            }
            match b {
                b'"' => {
                    self.in_string = true;
                    self.string_start = self.pos + 1;
                }
                b'[' if self.depth == 1 && !self.expect_key => {
                    self.depth = 2;
                    if let Key::Array(w) = self.key {
                        spans[w] = Some(Span {
                            open: self.pos,
                            close: None,
                            read: false,
                        });
                        self.key = Key::Other;
                        self.pos += 1;
                        if self.version_ok {
                            return Ok(Scanned::Array(w));
                        }
                        self.skipping = Some(w);
                        continue;
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
                            if let Some(span) = &mut spans[w] {
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
        }
        Ok(if self.pos == bytes.len() {
            Scanned::End(bytes.len())
        } else {
            Scanned::Paused
        })
    }

    /// What the key `raw` (between its quotes) names. A repeated key is left to the head,
    /// where serde reports the duplicate.
    fn classify(&mut self, raw: &[u8], spans: &[Option<Span>; 3]) -> Key {
        if raw == b"version" && !self.version_seen {
            self.version_seen = true;
            return Key::Version;
        }
        match ARRAYS.iter().position(|a| a.as_bytes() == raw) {
            Some(w) if spans[w].is_none() => Key::Array(w),
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
    fn resume_after_array(&mut self, close: usize) {
        self.pos = close + 1;
        self.depth = 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Query;

    const COMMITTED: &str = include_str!("../data/yubei-2024.json");

    const QUERIES: [&str; 7] = [
        "航空",
        "气象",
        "ai",
        "青铜器 正妆",
        "",
        "渝北",
        "场馆免费开放",
    ];

    /// Runs the loader to the end with `budget`, returning the data and the number of steps.
    fn load<B: AsRef<[u8]> + ?Sized>(
        body: &B,
        budget: usize,
    ) -> Result<(AppData, usize), DataError> {
        let mut loader = DatasetLoader::new(body.as_ref().to_vec());
        let mut steps = 1;
        loop {
            if let Some(data) = loader.step(budget)? {
                return Ok((data, steps));
            }
            steps += 1;
        }
    }

    /// Loads `body` with several budgets and checks each result against serde_json's parse
    /// and a one-shot index. Returns the steps taken with budget 1.
    fn assert_loads_like_serde<B: AsRef<[u8]> + ?Sized>(body: &B) -> usize {
        let body = body.as_ref();
        let expected: Dataset = serde_json::from_slice(body).unwrap();
        let index = SearchIndex::new(&expected);
        let mut steps_at_1 = 0;
        for budget in [1, 2, 7, usize::MAX] {
            let (data, steps) = load(body, budget).unwrap();
            assert_eq!(*data.ds, expected, "budget {budget}");
            assert!(!data.offline);
            assert!(data.skipped.is_empty(), "{:?}", data.skipped);
            for q in QUERIES {
                let q = Query::parse(q);
                assert_eq!(data.index.sessions(&q), index.sessions(&q), "{q:?}");
                assert_eq!(data.index.activities(&q), index.activities(&q), "{q:?}");
            }
            assert_eq!(
                format!("{:?}", data.index),
                format!("{index:?}"),
                "budget {budget}"
            );
            if budget == 1 {
                steps_at_1 = steps;
            }
        }
        steps_at_1
    }

    fn committed() -> serde_json::Value {
        serde_json::from_str(COMMITTED).unwrap()
    }

    /// The object's members as JSON text, in the given key order.
    fn with_keys(value: &serde_json::Value, keys: &[&str]) -> String {
        let members: Vec<String> = keys
            .iter()
            .map(|k| format!("{k:?}:{}", value[*k]))
            .collect();
        format!("{{{}}}", members.join(","))
    }

    const FILE_ORDER: [&str; 6] = [
        "version",
        "notice",
        "week",
        "activities",
        "bases",
        "sessions",
    ];

    /// `json` (compact) with whitespace of every kind around every structural char.
    fn spaced(json: &str) -> String {
        let mut out = String::from(" \r\n");
        let (mut in_string, mut escaped) = (false, false);
        for c in json.chars() {
            if in_string {
                in_string = escaped || c != '"';
                escaped = !escaped && c == '\\';
                out.push(c);
                continue;
            }
            match c {
                '"' => {
                    in_string = true;
                    out.push(c);
                }
                '{' | '[' | ',' | ':' | '}' | ']' => {
                    out.push_str("\n\t ");
                    out.push(c);
                    out.push_str(" \r\n");
                }
                _ => out.push(c),
            }
        }
        out.push_str("\n\n");
        out
    }

    /// The committed dataset grown to about `sessions` sessions: copies of the real sessions
    /// with new ids and titles, held at copies of the real bases with new ids and names.
    fn grown(sessions: usize) -> Dataset {
        let mut ds: Dataset = serde_json::from_str(COMMITTED).unwrap();
        let (real_bases, real_sessions) = (ds.bases.clone(), ds.sessions.clone());
        let mut round = 1;
        while ds.sessions.len() < sessions {
            for b in &real_bases {
                let mut b = b.clone();
                b.id = format!("{}-{round}", b.id);
                b.name = format!("{}第{round}分馆", b.name);
                ds.bases.push(b);
            }
            for s in &real_sessions {
                let mut s = s.clone();
                s.id = format!("{}-{round}", s.id);
                s.base = format!("{}-{round}", s.base);
                s.title = format!("{}（第{round}期）", s.title);
                ds.sessions.push(s);
            }
            round += 1;
        }
        ds
    }

    #[test]
    fn committed_dataset_loads() {
        let data = AppData::from_json(COMMITTED).unwrap();
        assert_eq!(data.ds.bases.len(), 13);
    }

    #[test]
    fn committed_dataset_loads_like_serde_whatever_the_budget() {
        let steps = assert_loads_like_serde(COMMITTED);
        let ds = &AppData::from_json(COMMITTED).unwrap().ds;
        let elements = ds.activities.len() + ds.bases.len() + ds.sessions.len();
        // One element read and one indexed per step, at least.
        assert!(steps >= 2 * elements, "{steps} steps");
    }

    #[test]
    fn a_large_dataset_loads_in_many_bounded_steps() {
        let ds = grown(2_000);
        assert!(ds.sessions.len() >= 2_000 && ds.bases.len() >= 1_000);
        let body = serde_json::to_string_pretty(&ds).unwrap();
        let items = ds.activities.len() + ds.bases.len() + ds.sessions.len();
        let steps = assert_loads_like_serde(&body);
        assert!(steps >= 2 * items, "{steps} steps for {items} items");
        // A step of budget 20 reads or indexes at most 20 items.
        let (_, steps) = load(&body, 20).unwrap();
        assert!(steps >= 2 * items / 20, "{steps} steps");
        assert!(steps < items, "{steps} steps");

        // With the version last, every array is skipped by the scan first, a bounded number
        // of bytes at a time, and read after the head.
        let value = serde_json::to_value(&ds).unwrap();
        let mut keys = FILE_ORDER;
        keys.rotate_left(1);
        let body = with_keys(&value, &keys);
        assert_loads_like_serde(&body);
        let (_, steps) = load(&body, 1).unwrap();
        assert!(
            steps >= body.len() / SCAN_BYTES + 2 * items,
            "{steps} steps"
        );
    }

    #[test]
    fn keys_in_any_order_load_the_same() {
        let value = committed();
        let mut keys = FILE_ORDER;
        keys.reverse();
        // Sessions first, version last; then every rotation of the file's order.
        assert_loads_like_serde(&with_keys(&value, &keys));
        for _ in 0..FILE_ORDER.len() {
            keys.rotate_left(1);
            assert_loads_like_serde(&with_keys(&value, &keys));
        }
        // Keys the model does not know are ignored, as serde does.
        let mut keys = FILE_ORDER.to_vec();
        keys.insert(3, "extra");
        let mut value = value;
        value["extra"] = serde_json::json!({"sessions": [1, "]"], "version": 2});
        assert_loads_like_serde(&with_keys(&value, &keys));
    }

    #[test]
    fn whitespace_anywhere_loads_the_same() {
        let compact = serde_json::to_string(&committed()).unwrap();
        assert_loads_like_serde(&compact);
        let body = spaced(&with_keys(&committed(), &FILE_ORDER));
        assert!(body.contains("\"sessions\"\n\t : \r\n\n\t [ \r\n"));
        assert_loads_like_serde(&body);
        let mut keys = FILE_ORDER;
        keys.reverse();
        assert_loads_like_serde(&spaced(&with_keys(&committed(), &keys)));
    }

    #[test]
    fn empty_arrays_load() {
        let mut value = committed();
        value["sessions"] = serde_json::json!([]);
        for body in [
            with_keys(&value, &FILE_ORDER),
            spaced(&with_keys(&value, &FILE_ORDER)),
        ] {
            assert_loads_like_serde(&body);
            let data = AppData::from_json(&body).unwrap();
            assert!(data.ds.sessions.is_empty());
            assert!(data.index.sessions(&Query::default()).is_empty());
        }
        value["activities"] = serde_json::json!([]);
        value["bases"] = serde_json::json!([]);
        assert_loads_like_serde(&value.to_string());
    }

    #[test]
    fn escaped_keys_are_still_read_exactly() {
        let body = with_keys(&committed(), &FILE_ORDER)
            .replacen("\"sessions\"", "\"sess\\u0069ons\"", 1)
            .replacen("\"version\"", "\"\\u0076ersion\"", 1);
        assert_loads_like_serde(&body);
    }

    fn parse_error<B: AsRef<[u8]> + ?Sized>(body: &B) -> String {
        let body = body.as_ref();
        for budget in [1, 7, usize::MAX] {
            match load(body, budget) {
                Err(DataError::Parse(m)) => {
                    if budget == usize::MAX {
                        return m;
                    }
                }
                other => panic!("budget {budget}: {:?}", other.map(|(_, s)| s)),
            }
        }
        unreachable!()
    }

    #[test]
    fn garbage_and_wrong_version_are_typed_errors() {
        assert!(matches!(
            AppData::from_json("{not json"),
            Err(DataError::Parse(_))
        ));
        let mut value = committed();
        value["version"] = serde_json::json!(99);
        let err = AppData::from_json(&value.to_string()).err().unwrap();
        assert_eq!(err, DataError::Version(99));
        assert!(err.to_string().contains("99"));
    }

    #[test]
    fn bad_bodies_are_parse_errors() {
        for body in [
            "",
            "  ",
            "null",
            "[]",
            "{}",
            "\"x\"",
            "{\"version\":1}",
            "{\"sessions\":[",
        ] {
            parse_error(body);
        }
        let good = with_keys(&committed(), &FILE_ORDER);
        let sessions = good.find("\"sessions\":[").unwrap();
        // `good` with the first `from` in the sessions array replaced by `to`.
        let in_sessions = |from: &str, to: &str| {
            let (head, rest) = good.split_at(sessions);
            format!("{head}{}", rest.replacen(from, to, 1))
        };
        // Invalid JSON in the head and in an element.
        parse_error(&good.replacen("\"issuer\":", "\"issuer\"", 1));
        let m = parse_error(&in_sessions("\"place\":", "\"place\""));
        assert!(m.starts_with("sessions[0]: expected `:`"), "{m}");
        // A missing field and a bad date at the top. (In a record, they leave that record
        // out: see `bad_records_are_left_out_and_named` and what follows it.)
        let keys: Vec<&str> = FILE_ORDER.into_iter().filter(|k| *k != "week").collect();
        let m = parse_error(&with_keys(&committed(), &keys));
        assert!(m.contains("missing field `week`"), "{m}");
        let m = parse_error(&good.replacen("\"2024-05-17\"", "\"2024-13-17\"", 1));
        assert!(m.contains("日期不存在：2024-13-17"), "{m}");
        // Trailing garbage, after whitespace too, and a multi-byte char.
        for tail in ["x", " \n}", "]", "{}", "  航", ","] {
            let m = parse_error(&format!("{good}{tail}"));
            assert!(m.contains("trailing"), "{tail}: {m}");
        }
        assert_loads_like_serde(&format!("{good} \n\t\r\n"));
        // Form feed is not JSON whitespace, between elements either.
        parse_error(&in_sessions("},{", "}\u{c},{"));
        // A trailing comma, a missing comma, a null for an array, a duplicate key.
        parse_error(&format!("{}}},]}}", good.strip_suffix("}]}").unwrap()));
        let m = parse_error(&in_sessions("},{", "}{"));
        assert!(m.starts_with("sessions[0]: expected `,` or `]`"), "{m}");
        parse_error(&good.replacen("],\"bases\":", "]\"bases\":", 1));
        let mut value = committed();
        value["sessions"] = serde_json::Value::Null;
        parse_error(&with_keys(&value, &FILE_ORDER));
        let m = parse_error(&format!(
            "{},\"sessions\":[]}}",
            good.strip_suffix('}').unwrap()
        ));
        assert!(m.contains("duplicate field `sessions`"), "{m}");
    }

    /// Loads `value` every way: keys in the file's order (arrays read in place), the version
    /// last (arrays read after the head), reversed and spaced out; budgets 1, 2, 7 and
    /// unbounded. Every way gives the same dataset and report, and the search index is
    /// exactly the one of the dataset loaded (it covers the sessions kept, no other).
    fn load_every_way(value: &serde_json::Value) -> AppData {
        let mut last = FILE_ORDER;
        last.rotate_left(1);
        let mut reversed = FILE_ORDER;
        reversed.reverse();
        let bodies = [
            with_keys(value, &FILE_ORDER),
            with_keys(value, &last),
            spaced(&with_keys(value, &reversed)),
        ];
        let (first, _) = load(&bodies[0], usize::MAX).unwrap();
        for body in &bodies {
            for budget in [1, 2, 7, usize::MAX] {
                let (data, _) = load(body, budget).unwrap();
                assert_eq!(*data.ds, *first.ds, "budget {budget}");
                assert_eq!(data.skipped, first.skipped, "budget {budget}");
                let index = SearchIndex::new(&data.ds);
                assert_eq!(format!("{:?}", data.index), format!("{index:?}"));
                let all = data.index.sessions(&Query::default());
                assert_eq!(all, (0..data.ds.sessions.len()).collect::<Vec<_>>());
            }
        }
        first
    }

    /// `value` without the elements at `positions` of each array, read by serde: what the
    /// loader must keep of it.
    fn without(value: &serde_json::Value, removed: &[(&str, &[usize])]) -> Dataset {
        let mut value = value.clone();
        for (array, positions) in removed {
            let items = value[*array].as_array_mut().unwrap();
            for &i in positions.iter().rev() {
                items.remove(i);
            }
        }
        serde_json::from_value(value).unwrap()
    }

    fn skipped(array: usize, position: usize, id: Option<&str>, reason: &str) -> Skipped {
        left_out(array, position, id.map(str::to_owned), reason.to_owned())
    }

    #[test]
    fn bad_records_are_left_out_and_named() {
        let mut value = committed();
        let ids: Vec<String> = (value["sessions"].as_array().unwrap().iter())
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect();
        let sessions = &mut value["sessions"];
        // A date that does not exist, and one that is not a date.
        sessions[1]["start"] = "2024-02-30".into();
        sessions[3]["end"] = "5月25日".into();
        // A missing field, a wrong type (the JSON stays valid).
        sessions[4].as_object_mut().unwrap().remove("place");
        sessions[6]["title"] = 5.into();
        // Not an object; an object without an id.
        sessions[8] = serde_json::json!(42);
        sessions[9].as_object_mut().unwrap().remove("id");
        // Dates out of order, or only one of them.
        sessions[11]["end"] = "2024-05-25".into();
        sessions[12]["end"] = serde_json::Value::Null;
        sessions[13]["start"] = serde_json::Value::Null;
        // An id taken by an earlier session (kept), and a bad record with that id (left out
        // for its own reason).
        sessions[20]["id"] = ids[19].clone().into();
        sessions[21]["id"] = ids[19].clone().into();
        sessions[21]["start"] = "2024-06-31".into();
        let data = load_every_way(&value);
        let bad = [1, 3, 4, 6, 8, 9, 11, 12, 13, 20, 21];
        assert_eq!(*data.ds, without(&value, &[("sessions", &bad)]));
        assert_eq!(data.ds.sessions.len(), 24 - bad.len());
        let id = |i: usize| Some(ids[i].as_str());
        let expected = [
            skipped(2, 1, id(1), "日期不存在：2024-02-30"),
            skipped(2, 3, id(3), "日期不存在：5月25日"),
            skipped(2, 4, id(4), "missing field `place`"),
            skipped(2, 6, id(6), "invalid type: integer `5`, expected a string"),
            skipped(
                2,
                8,
                None,
                "invalid type: integer `42`, expected struct Session",
            ),
            skipped(2, 9, None, "missing field `id`"),
            skipped(2, 11, id(11), "结束早于开始"),
            skipped(2, 12, id(12), "日期不全"),
            skipped(2, 13, id(13), "日期不全"),
            skipped(2, 20, id(19), "编号重复"),
            skipped(2, 21, id(19), "日期不存在：2024-06-31"),
        ];
        assert_eq!(data.skipped, expected);
        // The one kept under the shared id is the first.
        let kept = data.ds.session(&ids[19]).unwrap();
        assert_eq!(kept.title, committed()["sessions"][19]["title"]);
        assert_eq!(
            data.ds.sessions.iter().filter(|s| s.id == ids[19]).count(),
            1
        );
        // Named by id, or by place without one.
        let m = skipped_message(&data.skipped[3..6]).unwrap();
        assert!(m.ends_with("、sessions[8]（invalid type: integer `42`, expected struct Session）、sessions[9]（missing field `id`）。"), "{m}");
    }

    #[test]
    fn a_session_whose_base_is_unknown_is_kept_without_it_and_reported() {
        let mut value = committed();
        value["sessions"][7]["base"] = "bdeadbeef".into();
        // A base left out: its one session is kept without it.
        let base = value["bases"][1]["id"].as_str().unwrap().to_owned();
        value["bases"][1].as_object_mut().unwrap().remove("name");
        let orphans: Vec<usize> = (0..24)
            .filter(|&i| value["sessions"][i]["base"] == *base)
            .collect();
        assert_eq!(orphans, [2]);
        // And one left out for its dates, between them.
        value["sessions"][5]["start"] = "2024-06-30".into();
        let data = load_every_way(&value);
        let expected = without(&value, &[("sessions", &[5]), ("bases", &[1])]);
        assert_eq!(*data.ds, expected);
        let id = |i: usize| value["sessions"][i]["id"].as_str().map(str::to_owned);
        let kept = |i: usize, base: &str| Skipped {
            array: 2,
            position: i,
            id: id(i),
            reason: format!("找不到科普基地 {base}"),
            kept: true,
        };
        // Those left out as they are read, then those kept as they are indexed.
        assert_eq!(
            data.skipped,
            [
                left_out(1, 1, Some(base.clone()), "missing field `name`".into()),
                skipped(2, 5, id(5).as_deref(), "结束早于开始"),
                kept(2, &base),
                kept(7, "bdeadbeef"),
            ]
        );
        // It is listed, and found by its own words.
        let s7 = data.ds.session(id(7).as_deref().unwrap()).unwrap();
        assert_eq!(s7.base, "bdeadbeef");
        let i7 = data.ds.sessions.iter().position(|s| s.id == s7.id).unwrap();
        assert!(data.index.sessions(&Query::parse(&s7.title)).contains(&i7));
    }

    #[test]
    fn bad_activities_and_bases_are_left_out_the_same_way() {
        let mut value = committed();
        value["activities"][0]["number"] = "一".into();
        value["activities"][7] = serde_json::json!(null);
        value["bases"][4]["contacts"] = serde_json::json!([{"name": "x"}]);
        let data = load_every_way(&value);
        let expected = without(&value, &[("activities", &[0, 7]), ("bases", &[4])]);
        assert_eq!(*data.ds, expected);
        let base = value["bases"][4]["id"].as_str().unwrap().to_owned();
        let orphan = Skipped {
            array: 2,
            position: 5,
            id: value["sessions"][5]["id"].as_str().map(str::to_owned),
            reason: format!("找不到科普基地 {base}"),
            kept: true,
        };
        assert_eq!(
            data.skipped,
            [
                skipped(
                    0,
                    0,
                    Some("a7a7bbe60"),
                    "invalid type: string \"一\", expected u32"
                ),
                skipped(0, 7, None, "invalid type: null, expected struct Activity"),
                skipped(1, 4, Some(&base), "missing field `phones`"),
                orphan,
            ]
        );
        let m = skipped_message(&data.skipped[1..2]).unwrap();
        assert!(
            m.ends_with("：activities[7]（invalid type: null, expected struct Activity）。"),
            "{m}"
        );
        // Every record of an array left out: the array is empty, the rest is there.
        let mut value = committed();
        for s in value["sessions"].as_array_mut().unwrap() {
            s["start"] = "2024-02-30".into();
        }
        let data = load_every_way(&value);
        assert!(data.ds.sessions.is_empty());
        assert_eq!(data.ds.bases.len(), 13);
        assert_eq!(data.skipped.len(), 24);
    }

    #[test]
    fn a_bad_record_that_is_not_json_still_rejects_the_body() {
        let good = with_keys(&committed(), &FILE_ORDER);
        let sessions = good.find("\"sessions\":[").unwrap();
        // `body` with the first `from` in the sessions array replaced by `to`.
        let edit = |body: &str, from: &str, to: &str| {
            let (head, rest) = body.split_at(sessions);
            format!("{head}{}", rest.replacen(from, to, 1))
        };
        let in_sessions = |from: &str, to: &str| edit(&good, from, to);
        // A record that is not a session, whose JSON also breaks after that: serde's message
        // for the syntax, in the same words as before.
        let bad_date = in_sessions("\"2024-05-21\"", "\"2024-02-30\"");
        let m = parse_error(&edit(&bad_date, "\"place\":", "\"place\""));
        assert!(
            m.starts_with("sessions[0]: expected `:` at line 1 column "),
            "{m}"
        );
        let m = parse_error(&edit(&bad_date, "\"source\":\"", "\"source\":\"\u{1}"));
        assert!(m.starts_with("sessions[0]: control character"), "{m}");
        // Cut off inside it, or with a missing comma after it.
        let cut = bad_date.find("2024-02-30").unwrap() + 20;
        let m = parse_error(&bad_date[..cut]);
        assert!(m.starts_with("sessions[0]: EOF while parsing"), "{m}");
        let m = parse_error(&edit(&bad_date, "},{", "}{"));
        assert!(m.starts_with("sessions[0]: expected `,` or `]`"), "{m}");
        // Invalid UTF-8 in it, even in a field the model does not know.
        let body = in_sessions("\"place\":", "\"extra\":\"@bad@\",\"title\":5,\"place\":");
        let m = parse_error(&splice(body.as_bytes(), "@bad@", b"caf\xe9"));
        assert!(
            m.starts_with("sessions[0]: invalid unicode code point"),
            "{m}"
        );
        // A trailing comma after a bad record; a bad record in a wrong-version body.
        parse_error(&format!("{}}},]}}", bad_date.strip_suffix("}]}").unwrap()));
        let mut value = committed();
        value["sessions"][0]["start"] = "2024-02-30".into();
        value["version"] = 2.into();
        assert_eq!(
            AppData::from_json(&with_keys(&value, &FILE_ORDER)).err(),
            Some(DataError::Version(2))
        );
    }

    #[test]
    fn a_bad_record_is_read_to_its_exact_end() {
        // Strings with brackets, commas and escaped quotes, nested values, scalars last.
        let elements = [
            r#"{"id":"s1","x":"a]b,c}\"\\","y":[1,{"z":"]"}],"start":"2024-02-30"}"#,
            r#"[1, "]", {"a": [2]}]"#,
            r#""x\"]""#,
            "42",
            "-1.5e3",
            "true",
            "null",
        ];
        for e in elements {
            for after in [",", "]", " ,", "\n]"] {
                let body = format!("{e}{after}{{\"id\":\"s2\"}}");
                // A number or a literal ends at the `,` or `]`: whitespace before it is in.
                let len = value_len(body.as_bytes());
                assert_eq!(body[..len].trim_end(), e, "{body}");
            }
        }
        // Each as a bad session among good ones, in the middle and last.
        for e in elements {
            for at in [3, 24] {
                let mut value = committed();
                let sessions = value["sessions"].as_array_mut().unwrap();
                sessions.insert(at, serde_json::from_str(e).unwrap());
                let body = with_keys(&value, &FILE_ORDER);
                let data = AppData::from_json(&body).unwrap();
                assert_eq!(data.ds.sessions.len(), 24, "{e}");
                assert_eq!(data.skipped.len(), 1, "{e}");
                assert_eq!(data.skipped[0].position, at);
                let id = e.starts_with('{').then(|| "s1".to_owned());
                assert_eq!(data.skipped[0].id, id);
            }
        }
    }

    #[test]
    fn sessions_under_an_escaped_key_are_read_as_serde_reads_them() {
        let mut value = committed();
        value["sessions"][2]["end"] = "2024-05-01".into();
        value["sessions"][4]["base"] = "bdeadbeef".into();
        let escaped = |value: &serde_json::Value| {
            with_keys(value, &FILE_ORDER).replacen("\"sessions\"", "\"sess\\u0069ons\"", 1)
        };
        // All of them, without the checks of dates and ids; an unknown base is reported.
        let data = load(&escaped(&value), 1).unwrap().0;
        assert_eq!(*data.ds, serde_json::from_value(value.clone()).unwrap());
        let found: Vec<(usize, bool)> = data.skipped.iter().map(|s| (s.position, s.kept)).collect();
        assert_eq!(found, [(0, true)]);
        // There, a record that is not a session rejects the body, as serde does.
        value["sessions"][5]["start"] = "2024-02-30".into();
        let m = parse_error(&escaped(&value));
        assert!(m.contains("日期不存在：2024-02-30"), "{m}");
    }

    #[test]
    fn the_message_names_the_first_three_and_counts_the_rest() {
        assert_eq!(skipped_message(&[]), None);
        let date = skipped(2, 5, Some("s1234abcd"), "日期不存在：2024-02-30");
        assert_eq!(
            skipped_message(std::slice::from_ref(&date)).unwrap(),
            "活动数据中有 1 条记录有问题，已略过 1 条：s1234abcd（日期不存在：2024-02-30）。"
        );
        let base = Skipped {
            kept: true,
            ..skipped(2, 7, Some("s0000beef"), "找不到科普基地 bdeadbeef")
        };
        assert_eq!(
            skipped_message(std::slice::from_ref(&base)).unwrap(),
            "活动数据中有 1 条记录有问题：s0000beef（找不到科普基地 bdeadbeef）。"
        );
        let nameless = skipped(1, 0, None, "missing field `name`");
        let many = [nameless, date.clone(), base, date.clone(), date];
        assert_eq!(
            skipped_message(&many).unwrap(),
            "活动数据中有 5 条记录有问题，已略过 4 条：bases[0]（missing field `name`）、\
             s1234abcd（日期不存在：2024-02-30）、s0000beef（找不到科普基地 bdeadbeef）\
             （另有 2 条）。"
        );
    }

    #[test]
    fn a_large_dataset_with_bad_records_loads_in_bounded_steps() {
        let ds = grown(2_000);
        let mut value = serde_json::to_value(&ds).unwrap();
        let n = ds.sessions.len();
        // Every 10th session on a day that does not exist, every 7th other one at a base
        // that does not exist.
        for i in (0..n).step_by(10) {
            value["sessions"][i]["start"] = "2024-02-30".into();
        }
        let orphans: Vec<usize> = (0..n).step_by(7).filter(|i| i % 10 != 0).collect();
        for &i in &orphans {
            value["sessions"][i]["base"] = "bnowhere".into();
        }
        let body = with_keys(&value, &FILE_ORDER);
        let items = ds.activities.len() + ds.bases.len() + ds.sessions.len();
        let (data, steps) = load(&body, 1).unwrap();
        assert!(
            steps >= 2 * items - n / 10,
            "{steps} steps for {items} items"
        );
        let left = n.div_ceil(10);
        assert_eq!(data.skipped.len(), left + orphans.len());
        assert_eq!(
            data.skipped.iter().filter(|s| s.kept).count(),
            orphans.len()
        );
        assert_eq!(data.ds.sessions.len(), n - left);
        let kept: Vec<usize> = data.skipped[left..].iter().map(|s| s.position).collect();
        assert_eq!(kept, orphans);
        // A step of budget 20 reads, indexes or reports at most 20 records.
        let mut loader = DatasetLoader::new(body.into_bytes());
        let mut steps = 1;
        let again = loop {
            let before = loader.skipped.len();
            let data = loader.step(20).unwrap();
            // (The last step hands the report over to the data.)
            assert!(loader.skipped.len().saturating_sub(before) <= 20);
            match data {
                Some(data) => break data,
                None => steps += 1,
            }
        };
        assert!(steps < items, "{steps} steps");
        assert_eq!(again.skipped, data.skipped);
    }

    /// `body` with its first `marker` replaced by `bytes`.
    fn splice(body: &[u8], marker: &str, bytes: &[u8]) -> Vec<u8> {
        let marker = marker.as_bytes();
        let at = body
            .windows(marker.len())
            .position(|w| w == marker)
            .unwrap();
        [&body[..at], bytes, &body[at + marker.len()..]].concat()
    }

    #[test]
    fn invalid_utf8_is_a_parse_error_that_points_at_it() {
        // Latin-1 é, a lone continuation byte, 航 cut short, an overlong `/`, a surrogate.
        let bad: [&[u8]; 5] = [
            b"caf\xe9!",
            b"\x80",
            b"\xe8\x88",
            b"\xc0\xaf",
            b"\xed\xa0\x80",
        ];
        let mut value = committed();
        value["sessions"][4]["title"] = serde_json::json!("@title@");
        value["bases"][1]["name"] = serde_json::json!("@name@");
        value["notice"]["plan_title"] = serde_json::json!("@plan@");
        let mut last = FILE_ORDER;
        last.rotate_left(1);
        let mut reversed = FILE_ORDER;
        reversed.reverse();
        // The arrays read in place (the version first), or after the head (the version last).
        for keys in [FILE_ORDER, last, reversed] {
            let good = with_keys(&value, &keys);
            for bytes in bad {
                let invalid = std::str::from_utf8(bytes).unwrap_err().valid_up_to();
                let error = |marker: &str| parse_error(&splice(good.as_bytes(), marker, bytes));
                // Where the invalid byte is, counted from `from`, as serde counts columns.
                let column = |marker: &str, from: usize| {
                    let at = good.find(marker).unwrap() + invalid - from + 1;
                    format!("invalid unicode code point at line 1 column {at}")
                };
                // The head's columns count the body without the arrays' elements: the same
                // as the body's before the first array.
                let m = error("@plan@");
                let at = |key| keys.iter().position(|k| *k == key);
                if at("notice") < at("activities") {
                    assert_eq!(m, column("@plan@", 0));
                }
                assert!(
                    m.starts_with("invalid unicode code point at line 1 column "),
                    "{m}"
                );
                // An element's columns count from its start (a session has no nested object).
                let session = good[..good.find("@title@").unwrap()].rfind('{').unwrap();
                let m = error("@title@");
                assert_eq!(m, format!("sessions[4]: {}", column("@title@", session)));
                let m = error("@name@");
                assert!(
                    m.starts_with("bases[1]: invalid unicode code point at "),
                    "{m}"
                );
                // In a key (the first `place` is the first session's).
                let key = [&b"\"pl"[..], bytes, b"ce\""].concat();
                let m = parse_error(&splice(good.as_bytes(), "\"place\"", &key));
                assert!(
                    m.starts_with("sessions[0]: invalid unicode code point at "),
                    "{m}"
                );
            }
        }
    }

    #[test]
    fn invalid_utf8_in_a_string_serde_skips_is_dropped_with_it() {
        // The value of a key the model does not know, in an element and at the top: serde
        // skips it unread (as `serde_json::from_slice` does) and it is dropped.
        let mut value = committed();
        value["sessions"][4]["extra"] = serde_json::json!("@session@");
        value["extra"] = serde_json::json!(["@head@"]);
        let mut keys = FILE_ORDER.to_vec();
        keys.insert(1, "extra");
        let body = with_keys(&value, &keys);
        let body = splice(body.as_bytes(), "@session@", b"caf\xe9");
        let body = splice(&body, "@head@", b"\xff\xfe");
        assert_loads_like_serde(&body);
        let expected: Dataset = serde_json::from_str(COMMITTED).unwrap();
        assert_eq!(*load(&body, 1).unwrap().0.ds, expected);
    }

    #[test]
    fn bodies_not_in_utf8_are_parse_errors() {
        let good = with_keys(&committed(), &FILE_ORDER);
        // 8-bit encodings, Latin-1 (é is E9) or GBK (中 is D6 D0): their other bytes are not
        // UTF-8.
        for other in [&b"\xe9"[..], b"\xd6\xd0"] {
            let body: Vec<u8> = good
                .chars()
                .flat_map(|c| {
                    if c.is_ascii() {
                        vec![c as u8]
                    } else {
                        other.to_vec()
                    }
                })
                .collect();
            let m = parse_error(&body);
            assert!(
                m.contains("invalid unicode code point at line 1 column "),
                "{m}"
            );
        }
        // UTF-16, in either byte order, with and without a byte order mark.
        let le: Vec<u8> = good.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = good.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let boms = [
            [&b"\xff\xfe"[..], &le].concat(),
            [&b"\xfe\xff"[..], &be].concat(),
        ];
        for body in [le, be].into_iter().chain(boms) {
            let m = parse_error(&body);
            assert!(
                m.ends_with(" at line 1 column 1") || m.ends_with(" at line 1 column 2"),
                "{m}"
            );
        }
        // A UTF-8 byte order mark is not JSON either (`fetch_dataset` drops it, as `text()` did).
        let m = parse_error(&[&b"\xef\xbb\xbf"[..], good.as_bytes()].concat());
        assert_eq!(m, "expected value at line 1 column 1");
        // After the top-level object.
        let m = parse_error(&[good.as_bytes(), b"\xff"].concat());
        assert!(m.starts_with("trailing characters"), "{m}");
    }

    #[test]
    fn truncated_bodies_are_parse_errors() {
        let mut keys = FILE_ORDER;
        let in_order = with_keys(&committed(), &keys);
        keys.reverse();
        for body in [in_order, spaced(&with_keys(&committed(), &keys))] {
            // Every cut before the closing brace.
            let end = body.trim_end().len() - 1;
            // Bytes: inside a multi-byte char too.
            for cut in (0..=end).step_by(97).chain([end]) {
                parse_error(&body.as_bytes()[..cut]);
            }
        }
    }

    #[test]
    fn the_version_is_checked_before_the_arrays_are_read() {
        let mut value = committed();
        value["version"] = serde_json::json!(2);
        // A session that does not parse: a wrong version is reported, not the session.
        value["sessions"][3] = serde_json::json!({"schema": "v2"});
        let mut keys = FILE_ORDER;
        for _ in 0..keys.len() {
            let body = with_keys(&value, &keys);
            for budget in [1, usize::MAX] {
                assert_eq!(load(&body, budget).err(), Some(DataError::Version(2)));
            }
            keys.rotate_left(1);
        }
        // A version that comes first fails at once: the scan stops at it.
        let body = with_keys(&value, &FILE_ORDER);
        let mut loader = DatasetLoader::new(body.into_bytes());
        assert_eq!(loader.step(1).err(), Some(DataError::Version(2)));
        value["version"] = serde_json::json!(0);
        assert_eq!(
            AppData::from_json(&value.to_string()).err(),
            Some(DataError::Version(0))
        );
        // Not a version number at all: serde's message.
        value["version"] = serde_json::json!("1");
        let m = parse_error(&with_keys(&value, &FILE_ORDER));
        assert!(m.contains("expected u32"), "{m}");
    }

    #[test]
    fn steps_after_the_outcome_repeat_it() {
        let mut loader = DatasetLoader::new(COMMITTED.as_bytes().to_vec());
        let data = loop {
            if let Some(data) = loader.step(3).unwrap() {
                break data;
            }
        };
        let again = loader.step(3).unwrap().unwrap();
        assert!(Arc::ptr_eq(&data.ds, &again.ds));
        let mut loader = DatasetLoader::new(b"{".to_vec());
        let err = loop {
            match loader.step(1) {
                Ok(None) => {}
                other => break other.err(),
            }
        };
        assert!(matches!(err, Some(DataError::Parse(_))), "{err:?}");
        assert_eq!(loader.step(1).err(), err);
    }
}
