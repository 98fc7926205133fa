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
//! 2. **Arrays**: one element per budget unit, each with serde_json.
//! 3. **Head**: the body without the arrays' elements (`"sessions":[]` and so on, plus the
//!    first byte after the top-level object, so that trailing garbage is reported) is parsed
//!    into a [`Dataset`] with serde_json, which reports every missing field, bad date and
//!    syntax error there, and its version is checked.
//! 4. **Index**: the [`SearchIndex`] is built with [`IndexBuilder`].
//!
//! A key written with escapes (`"sess\u0069ons"`) is not recognized by the scan, so that
//! array stays in the head and is parsed in one slice: the result is still exactly serde's.
//!
//! The body is bytes, never checked as UTF-8 as a whole (that would be one unbounded pass):
//! the scan only looks at ASCII structure bytes, and serde_json checks every string it reads,
//! so invalid UTF-8 in a key or a value of the model is a [`DataError::Parse`] that points at
//! it. As with `serde_json::from_slice`, a string serde skips (the value of a key the model
//! does not know) is not checked: it is dropped.

use std::sync::Arc;

use serde::de::DeserializeOwned;
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
    sessions: Vec<Session>,
    /// Where the array being read continues in `body`.
    cursor: usize,
    phase: Phase,
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
            sessions: Vec::new(),
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
    /// it); [`DataError::Parse`] with serde's message for anything else. An element's error
    /// names it (`sessions[12]: …`, with the line and column counted from the element's start);
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
                if builder.step(&ds, budget) {
                    let index = builder.finish(&ds);
                    return Ok(Some(AppData {
                        ds: Arc::new(*ds),
                        index: Arc::new(index),
                        offline: false,
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
        let (body, at) = (&self.body[..], &mut self.cursor);
        let done = match w {
            0 => read_elements(body, at, &mut self.activities, w, budget)?,
            1 => read_elements(body, at, &mut self.bases, w, budget)?,
            _ => read_elements(body, at, &mut self.sessions, w, budget)?,
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
        // The head holds `[]` for each array read here, and the whole array otherwise.
        fill(&mut ds.activities, &mut self.activities);
        fill(&mut ds.bases, &mut self.bases);
        fill(&mut ds.sessions, &mut self.sessions);
        self.body = Vec::new();
        let builder = IndexBuilder::new(&ds);
        Phase::Index(ds, builder)
    }
}

fn fill<T>(to: &mut Vec<T>, from: &mut Vec<T>) {
    if to.is_empty() {
        std::mem::swap(to, from);
    }
}

/// Reads up to `budget` elements of array `ARRAYS[w]` from `bytes[*at..]` (just after its `[`
/// or a `,`) into `out`; true, with `*at` on the closing `]`, when the array is done.
fn read_elements<T: DeserializeOwned>(
    bytes: &[u8],
    at: &mut usize,
    out: &mut Vec<T>,
    w: usize,
    budget: usize,
) -> Result<bool, DataError> {
    let error = |i: usize, what: &dyn std::fmt::Display| {
        DataError::Parse(format!("{}[{i}]: {what}", ARRAYS[w]))
    };
    for _ in 0..budget {
        let start = skip_whitespace(bytes, *at);
        if out.is_empty() && bytes.get(start) == Some(&b']') {
            *at = start;
            return Ok(true);
        }
        let mut elements = serde_json::Deserializer::from_slice(&bytes[start..]).into_iter::<T>();
        match elements.next() {
            Some(Ok(element)) => out.push(element),
            Some(Err(e)) => return Err(error(out.len(), &e)),
            None => return Err(error(out.len(), &"unexpected end of data")),
        }
        let end = skip_whitespace(bytes, start + elements.byte_offset());
        match bytes.get(end) {
            Some(b',') => *at = end + 1,
            Some(b']') => {
                *at = end;
                return Ok(true);
            }
            _ => return Err(error(out.len() - 1, &"expected `,` or `]` after it")),
        }
    }
    Ok(false)
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
        // Missing fields, in a session and at the top.
        let mut value = committed();
        value["sessions"][2]
            .as_object_mut()
            .unwrap()
            .remove("place");
        let m = parse_error(&with_keys(&value, &FILE_ORDER));
        assert!(m.starts_with("sessions[2]: missing field `place`"), "{m}");
        let keys: Vec<&str> = FILE_ORDER.into_iter().filter(|k| *k != "week").collect();
        let m = parse_error(&with_keys(&committed(), &keys));
        assert!(m.contains("missing field `week`"), "{m}");
        // Bad dates, in a session and in the notice.
        let mut value = committed();
        value["sessions"][5]["start"] = serde_json::json!("2024-02-30");
        let m = parse_error(&with_keys(&value, &FILE_ORDER));
        assert!(
            m.starts_with("sessions[5]: ") && m.contains("2024-02-30"),
            "{m}"
        );
        let m = parse_error(&good.replacen("\"2024-05-17\"", "\"2024-13-17\"", 1));
        assert!(m.contains("2024-13-17"), "{m}");
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
