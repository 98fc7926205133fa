//! Reading a dataset body into [`AppData`] in slices of bounded work, so the browser can
//! handle input between two slices (the UI's `fetch_dataset` drives the loop).
//!
//! [`DatasetLoader::step`] goes through these phases, each call doing one bounded slice of one:
//!
//! 1. **Scan** the top-level object byte by byte (strings, escapes and nesting tracked, and
//!    resumable anywhere) for its keys. The arrays named by [`Array`] (they grow with the
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
//! The "no results" panel's keyword suggestions are derived once too, but after loading: the
//! app finds them with [`crate::search::KeywordBuilder`] in slices of its own once the list is
//! shown, so they never delay it.
//!
//! A key written with escapes (`"sess\u0069ons"`) is not recognized by the scan, so that
//! array stays in the head and is parsed in one slice exactly as serde parses it: all or
//! nothing, and without the checks of a session's dates and id below but its year and span
//! (no writer escapes a key; a session with an unknown base or implausible dates is still
//! reported, with position 0).
//!
//! ## Bad records
//!
//! One bad record does not hide the others. Each is listed in [`AppData::skipped`] with its
//! array, position, id and reason, in the order found: as the arrays are read (in the body's
//! order, each from its start; for the importer's key order, the dataset's order), then the
//! sessions kept without their base.
//!
//! - An element of `activities`, `bases` or `sessions` that is valid JSON but does not read as
//!   a record is left out. Its reason ([`Reason`]) is the model's own for a date, in Chinese
//!   (`日期不存在：2024-02-30`), or what serde found, said in Chinese and naming what to fix
//!   (`缺少字段 place`, `类型不对：应为文本`).
//! - A session whose id is not of the shape a bookmark or a link can hold
//!   ([`crate::session_id::has_id_shape`]) is left out (`编号格式不对`), named by its place: its star
//!   could save nothing, and the message must not quote whatever the id holds. (An element
//!   left out for another reason is named by its id only when the id has that shape too.)
//! - A session whose end is before its start (`结束早于开始`), or with only one of the two
//!   (`日期不全`), is left out.
//! - A session spanning more than [`records::MAX_SESSION_DAYS`] days, or with a day outside
//!   the year the notice was published, is left out (`日期跨度超过 62 天：…`,
//!   `日期不在 2024 年：…`): a mistyped year would otherwise be listed day by day, thousands
//!   of date chips. The year is checked once the notice is read, after the arrays, and also
//!   for sessions under an escaped key.
//! - A lone surrogate escape in a string (`"\ud800"`, which the browser's `JSON.parse`
//!   accepts and serde refuses) is read as U+FFFD, in a record or in the head.
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

use std::fmt;
use std::sync::Arc;

use chrono::Datelike;
use thiserror::Error;

use crate::model::{Activity, Base, Dataset, Ids, Session, SCHEMA_VERSION};
use crate::search::{IndexBuilder, SearchIndex};

mod escapes;
mod records;
mod scan;
#[cfg(test)]
mod tests;

pub use records::{Expected, Reason};
use records::{Read, Sessions};
use scan::{Scan, Scanned, Span};

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
    /// The page does not name its dataset: a page the build did not finish.
    #[error("页面不完整，找不到活动数据的地址。请刷新页面重试。")]
    Page,
}

/// The loaded dataset and what is derived from it once (the search index, the id maps).
#[derive(Clone)]
pub struct AppData {
    pub ds: Arc<Dataset>,
    pub index: Arc<SearchIndex>,
    /// Where each session and base id is in `ds`: see [`AppData::session`].
    pub ids: Arc<Ids>,
    /// The service worker answered from its cache because the network failed.
    pub offline: bool,
    /// The records left out (or kept without their base), in the order found: see the module
    /// doc. Empty for a dataset the importer wrote. Shared, like the dataset: the app clones
    /// `AppData` into every view that reads it.
    pub skipped: Arc<[Skipped]>,
}

/// A record of the body that could not be used as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// Which array it is in.
    pub array: Array,
    /// Its position in that array in the body, from 0, counting every element.
    pub position: usize,
    /// Its `id`, when it is an object with a string `id`.
    pub id: Option<String>,
    /// Why, said in Chinese by its `Display`: `日期不存在：2024-02-30`, `结束早于开始`,
    /// `找不到科普基地 b1234abcd`, `缺少字段 place` (see the module doc).
    pub reason: Reason,
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
                let _ = write!(m, "{}[{}]", s.array, s.position);
            }
        }
        let _ = write!(m, "（{}）", s.reason);
    }
    if skipped.len() > NAMED {
        let _ = write!(m, "（另有 {} 条）", skipped.len() - NAMED);
    }
    m.push('。');
    Some(m)
}

impl AppData {
    /// The session with this id, found without a scan.
    pub fn session(&self, id: &str) -> Option<&Session> {
        self.ids.session(&self.ds, id)
    }

    /// The base with this id, found without a scan.
    pub fn base(&self, id: &str) -> Option<&Base> {
        self.ids.base(&self.ds, id)
    }

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

/// The top-level arrays read one element at a time (they grow with the dataset), in the order
/// of [`Dataset`]'s fields; each variant's discriminant indexes [`DatasetLoader`]'s per-array
/// state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Array {
    Activities,
    Bases,
    Sessions,
}

impl Array {
    pub const ALL: [Array; 3] = [Array::Activities, Array::Bases, Array::Sessions];

    /// Its key in the dataset.
    pub fn key(self) -> &'static str {
        match self {
            Array::Activities => "activities",
            Array::Bases => "bases",
            Array::Sessions => "sessions",
        }
    }
}

impl fmt::Display for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Bytes the scan reads per unit of [`DatasetLoader::step`]'s budget. Skipping a byte costs
/// about a quarter of parsing it (measured natively on a 20,000-session body), so a unit of
/// scanning takes about as long as parsing one session (400 to 500 bytes of JSON).
pub const SCAN_BYTES: usize = 2048;

/// Reads a dataset body a bounded slice at a time (see the module doc for the phases).
pub struct DatasetLoader {
    body: Vec<u8>,
    scan: Scan,
    /// Where each [`Array`] is in `body`, once the scan has found it.
    spans: [Option<Span>; 3],
    /// The elements read so far of each [`Array`].
    activities: Vec<Activity>,
    bases: Vec<Base>,
    sessions: Sessions,
    /// How many elements of each [`Array`] have been read, kept or not.
    seen: [usize; 3],
    skipped: Vec<Skipped>,
    /// The id maps, filled as the sessions are indexed.
    ids: Ids,
    /// Where the array being read continues in `body`; while indexing, how many sessions
    /// have been checked for their base.
    cursor: usize,
    phase: Phase,
}

enum Phase {
    Scan,
    /// Reading this array where the scan found it, then scanning on after it.
    Inline(Array),
    /// Parsing the head; the scan ended at this byte offset.
    Head(usize),
    /// Reading this array, found before the version was known, after the head.
    Deferred(Box<Dataset>, Array),
    Index(Box<Dataset>, Box<IndexBuilder>),
    /// Finished: later calls return the same outcome.
    Done(Result<AppData, DataError>),
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
            ids: Ids::default(),
            cursor: 0,
            phase: Phase::Scan,
        }
    }

    /// Does one slice of work and returns `Ok(Some(_))` once the dataset is loaded and
    /// indexed, `Ok(None)` while there is more to do.
    ///
    /// A slice is bounded by `budget` (0 counts as 1) whatever the body's size: it scans at
    /// most `budget × SCAN_BYTES` bytes, or parses at most `budget` array elements, or
    /// indexes at most `budget` bases, activities or sessions, or parses the head (the notice
    /// and the week: its size does not grow with the arrays). After the outcome (the data or an error) every call returns
    /// that outcome again.
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
                while let Some(base) = bases.get(self.cursor) {
                    let s = &ds.sessions[self.cursor];
                    self.ids.add_session(&s.id, self.cursor);
                    if base.is_none() {
                        self.skipped.push(Skipped {
                            array: Array::Sessions,
                            position: self
                                .sessions
                                .positions
                                .get(s.id.as_str())
                                .copied()
                                .unwrap_or(0),
                            id: Some(s.id.clone()),
                            reason: Reason::UnknownBase(s.base.clone()),
                            kept: true,
                        });
                    }
                    self.cursor += 1;
                }
                if done {
                    let index = (*builder).finish(&ds);
                    return Ok(Some(AppData {
                        ds: Arc::new(*ds),
                        index: Arc::new(index),
                        ids: Arc::new(std::mem::take(&mut self.ids)),
                        offline: false,
                        skipped: std::mem::take(&mut self.skipped).into(),
                    }));
                }
                Phase::Index(ds, builder)
            }
            Phase::Done(outcome) => return outcome.map(Some),
        };
        Ok(None)
    }

    /// Reads up to `budget` elements of array `w` at `cursor`; true at its closing `]`.
    fn read(&mut self, w: Array, budget: usize) -> Result<bool, DataError> {
        let mut read = Read {
            bytes: &self.body,
            at: &mut self.cursor,
            seen: &mut self.seen[w as usize],
            skipped: &mut self.skipped,
            w,
        };
        let done = match w {
            Array::Activities => read.elements(budget, &mut |a, _, _| self.activities.push(a))?,
            Array::Bases => read.elements(budget, &mut |b, _, _| self.bases.push(b))?,
            Array::Sessions => read.elements(budget, &mut |s, i, skipped| {
                self.sessions.keep(s, i, skipped)
            })?,
        };
        if let (true, Some(span)) = (done, &mut self.spans[w as usize]) {
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
            escapes::from_slice(&text).map_err(|e| DataError::Parse(e.to_string()))?;
        if ds.version != SCHEMA_VERSION {
            return Err(DataError::Version(ds.version));
        }
        Ok(ds)
    }

    /// The next array still to read after the head, or, when all are read, the dataset
    /// assembled and handed to the indexer.
    fn next_deferred(&mut self, mut ds: Box<Dataset>) -> Phase {
        let unread = |w: &Array| self.spans[*w as usize].is_some_and(|s| !s.read);
        if let Some(w) = Array::ALL.into_iter().find(unread) {
            self.cursor = self.spans[w as usize].map_or(0, |s| s.open + 1);
            return Phase::Deferred(ds, w);
        }
        // The head holds `[]` for each array read here, and the whole array otherwise (its
        // key was written with escapes).
        fill(&mut ds.activities, &mut self.activities);
        fill(&mut ds.bases, &mut self.bases);
        fill(&mut ds.sessions, &mut self.sessions.list);
        let year = ds.notice.published.year();
        self.sessions
            .drop_implausible(&mut ds.sessions, year, &mut self.skipped);
        self.body = Vec::new();
        self.cursor = 0;
        self.ids.add_bases(&ds);
        let builder = Box::new(IndexBuilder::new(&ds));
        Phase::Index(ds, builder)
    }
}

fn fill<T>(to: &mut Vec<T>, from: &mut Vec<T>) {
    if to.is_empty() {
        std::mem::swap(to, from);
    }
}
