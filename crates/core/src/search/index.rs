//! The search index: every session's, base's and activity's searched text, normalized once per
//! dataset, and the search over it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use super::highlight::{literal_hits, segments, Segment};
use super::sound::{Kind, Pattern, Sounds, SEPARATOR};
use super::{fold_char, normalize, Query};
use crate::model::Dataset;

/// Separates fields in a haystack. It cannot be typed, and [`Query::parse`] drops control
/// chars from terms, so a term never matches across two fields.
const FIELD_SEP: char = '\u{1f}';

/// Normalized text of every session and activity, built once per dataset so that a query
/// only scans prebuilt strings.
///
/// Sessions are stored as one contiguous buffer (one record per session) plus one small
/// haystack per base, so a term costs one linear scan of the buffer and one look at each
/// base, with no per-session searcher set-up or allocation.
///
/// For search by sound, the same texts are also kept as character codes ([`Coded`]).
#[derive(Default)]
pub struct SearchIndex {
    /// Every session's own fields, each record ending with [`RECORD_SEP`].
    text: String,
    /// `starts[i]..starts[i + 1]` is session `i`'s record in `text`.
    starts: Vec<usize>,
    /// Index into `bases` of each session's base; `None` when the base is unknown.
    session_base: Vec<Option<usize>>,
    /// Each base's name, category and address.
    bases: Vec<String>,
    activities: Vec<String>,
    /// The dataset's readings; empty when it has none (then everything is literal).
    sounds: Sounds,
    /// Each session's title, place and note as codes, the title first.
    session_sounds: Coded,
    /// Each base's name, category and address as codes, the name first.
    base_sounds: Coded,
    /// Each activity's title, description and units as codes, the title first.
    activity_sounds: Coded,
    /// The last query compiled, so that highlighting every card of a page compiles it once.
    last: Mutex<Option<(Query, Arc<Matcher>)>>,
}

/// What the index holds; the cache of the last query is not part of it (whichever search ran
/// last, two indexes of one dataset show the same).
impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("text", &self.text)
            .field("starts", &self.starts)
            .field("session_base", &self.session_base)
            .field("bases", &self.bases)
            .field("activities", &self.activities)
            .field("sounds", &self.sounds)
            .field("session_sounds", &self.session_sounds)
            .field("base_sounds", &self.base_sounds)
            .field("activity_sounds", &self.activity_sounds)
            .finish_non_exhaustive()
    }
}

/// Texts as character codes ([`Sounds::code`]), one record per item, fields separated by
/// [`SEPARATOR`]; empty when the dataset has no readings.
#[derive(Clone, Debug, Default)]
struct Coded {
    codes: Vec<u16>,
    /// `starts[i]..starts[i + 1]` is item `i`'s record in `codes`.
    starts: Vec<usize>,
    /// Where item `i`'s name (its first field) ends: matches by initials must lie before.
    name_ends: Vec<usize>,
    /// Where each code occurs in `codes`, in increasing order, kept as the codes are
    /// pushed (so a large dataset's lists are built a slice at a time with the rest). A
    /// pattern is looked for only where its rarest character is, so a query costs what its
    /// characters occur, not a scan of every session's text.
    postings: Vec<Vec<u32>>,
}

impl Coded {
    /// Appends one item's fields, the first being its name.
    fn push(&mut self, sounds: &Sounds, fields: &[&str]) {
        if sounds.is_empty() {
            return;
        }
        if self.postings.is_empty() {
            self.postings = vec![Vec::new(); sounds.codes()];
        }
        self.starts.push(self.codes.len());
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.codes.push(SEPARATOR);
            }
            for c in f.chars() {
                let code = sounds.code(c);
                if let Some(list) = self
                    .postings
                    .get_mut(usize::from(code))
                    .filter(|_| code != 0)
                {
                    list.push(self.codes.len() as u32);
                }
                self.codes.push(code);
            }
            if i == 0 {
                self.name_ends.push(self.codes.len());
            }
        }
        self.codes.push(SEPARATOR);
    }

    /// Closes the last record.
    fn finish(&mut self) {
        if !self.starts.is_empty() {
            self.starts.push(self.codes.len());
        }
    }

    /// Where `code` occurs, in increasing order.
    fn occurrences(&self, code: u16) -> &[u32] {
        self.postings
            .get(usize::from(code))
            .map_or(&[], Vec::as_slice)
    }

    /// Every position where `p` matches (not in order): looked for around the occurrences
    /// of the pattern's rarest set of characters.
    fn find(&self, p: &Pattern) -> Vec<usize> {
        let count = |j: usize| -> usize { p.members(j).map(|c| self.occurrences(c).len()).sum() };
        let Some(anchor) = (0..p.len()).min_by_key(|&j| count(j)) else {
            return Vec::new();
        };
        p.members(anchor)
            .flat_map(|c| self.occurrences(c))
            .filter_map(|&at| (at as usize).checked_sub(anchor))
            .filter(|&at| p.matches_at(&self.codes, at))
            .collect()
    }

    /// The item whose record holds position `at`.
    fn item_at(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at) - 1
    }

    /// For each item, the best [`Kind`] by which `p` matches it, into `best` (lower wins).
    fn mark(&self, p: &Pattern, best: &mut [u8]) {
        for at in self.find(p) {
            let item = self.item_at(at);
            if p.kind == Kind::Initials && at + p.len() > self.name_ends[item] {
                continue;
            }
            best[item] = best[item].min(p.kind as u8);
        }
    }

    /// The chars of the first match of `p` (the first in item order), if any.
    fn first_match(&self, sounds: &Sounds, p: &Pattern) -> Option<String> {
        let at = self.find(p).into_iter().min()?;
        self.codes[at..at + p.len()]
            .iter()
            .map(|&c| sounds.char_of(c))
            .collect()
    }
}

/// No match, in a per-item best-[`Kind`] array.
const NONE: u8 = u8::MAX;

/// The `n` items matching every term of `m`, given each term's best [`Kind`] per item
/// (`best_of`): an item ranks by its worst term. Best rank first, in order within a rank.
/// (A pass per kind rather than a sort: there are three kinds, and no sort code in the wasm.)
fn ranked(n: usize, m: &Matcher, best_of: impl Fn(&TermMatcher) -> Vec<u8>) -> Vec<usize> {
    let mut rank = vec![Kind::Literal as u8; n];
    for term in &m.terms {
        rank.iter_mut()
            .zip(best_of(term))
            .for_each(|(r, b)| *r = (*r).max(b));
    }
    let rank = &rank;
    let kinds = [Kind::Literal, Kind::Sound, Kind::Initials].map(|k| k as u8);
    kinds
        .into_iter()
        .flat_map(|k| (0..n).filter(move |&i| rank[i] == k))
        .collect()
}

/// A query read against one dataset: for each term, what it matches as written and by sound.
#[derive(Debug, Default)]
struct Matcher {
    terms: Vec<TermMatcher>,
}

#[derive(Debug)]
struct TermMatcher {
    literal: String,
    sounds: Vec<Pattern>,
    /// For a Chinese term with no literal match anywhere, the word its homophone pattern
    /// finds first (气像 → 气象).
    heard_as: Option<String>,
}

/// Ends a session's record in [`SearchIndex::text`]; untypeable like [`FIELD_SEP`].
const RECORD_SEP: char = '\u{1e}';

impl SearchIndex {
    /// Builds the haystacks in one go: [`IndexBuilder`] run to completion.
    pub fn new(ds: &Dataset) -> SearchIndex {
        IndexBuilder::new(ds).finish(ds)
    }

    /// Indices into `ds.sessions` of the sessions matching every term; all of them when the
    /// query is empty. Ranked: sessions whose every term matched as written first, then by
    /// pinyin or homophone, then by initials; in dataset order within a rank.
    pub fn sessions(&self, q: &Query) -> Vec<usize> {
        let m = self.compile(q);
        ranked(self.session_base.len(), &m, |term| self.session_best(term))
    }

    /// Indices into `ds.activities` of the activities matching every term, ranked like
    /// [`SearchIndex::sessions`]; all of them when the query is empty.
    pub fn activities(&self, q: &Query) -> Vec<usize> {
        let m = self.matcher(q);
        ranked(self.activities.len(), &m, |term| {
            Self::best(&self.activities, &self.activity_sounds, term)
        })
    }

    /// When some term of `q` was read as a homophone (no literal match anywhere), the query
    /// with each such term replaced by the word it was heard as: `气像` → `气象`.
    pub fn heard_as(&self, q: &Query) -> Option<String> {
        let m = self.matcher(q);
        m.terms.iter().any(|t| t.heard_as.is_some()).then(|| {
            m.terms
                .iter()
                .map(|t| t.heard_as.as_deref().unwrap_or(&t.literal))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// Cuts `text` into runs that match some term of `q` (as written, by pinyin or initials,
    /// or as a homophone) and runs that do not; see [`super::highlight`].
    pub fn highlight(&self, text: &str, q: &Query) -> Vec<Segment> {
        let mut hit = literal_hits(text, q);
        let m = self.matcher(q);
        if m.terms.iter().any(|t| !t.sounds.is_empty()) {
            let codes = self.sounds.encode(text);
            for p in m.terms.iter().flat_map(|t| &t.sounds) {
                for at in p.find(&codes) {
                    hit[at..at + p.len()].iter_mut().for_each(|h| *h = true);
                }
            }
        }
        segments(text, &hit)
    }

    /// `q` compiled against this dataset, from the one-entry cache when it was the last.
    fn matcher(&self, q: &Query) -> Arc<Matcher> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        match last.as_ref() {
            Some((cached, m)) if cached == q => m.clone(),
            _ => {
                drop(last);
                self.compile(q)
            }
        }
    }

    /// `q` compiled against this dataset, always anew (so that timing a search times this
    /// too), and kept as the last one for the highlighting that follows.
    fn compile(&self, q: &Query) -> Arc<Matcher> {
        let m = Arc::new(Matcher {
            terms: q.terms().iter().map(|t| self.term_matcher(t)).collect(),
        });
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        *last = Some((q.clone(), m.clone()));
        m
    }

    fn term_matcher(&self, term: &str) -> TermMatcher {
        let mut sounds = self.sounds.latin(term);
        let mut heard_as = None;
        if sounds.is_empty() && !self.has_literal(term) {
            if let Some(p) = self.sounds.homophones(term) {
                heard_as = [
                    &self.session_sounds,
                    &self.base_sounds,
                    &self.activity_sounds,
                ]
                .into_iter()
                .find_map(|c| c.first_match(&self.sounds, &p));
                sounds.push(p);
            }
        }
        TermMatcher {
            literal: term.to_string(),
            sounds,
            heard_as,
        }
    }

    /// True when `term` occurs as written in any session, base or activity.
    fn has_literal(&self, term: &str) -> bool {
        self.text.contains(term)
            || self.bases.iter().any(|b| b.contains(term))
            || self.activities.iter().any(|a| a.contains(term))
    }

    /// For each session, the best [`Kind`] by which `term` matches it (its own fields or its
    /// base's), or [`NONE`].
    fn session_best(&self, term: &TermMatcher) -> Vec<u8> {
        let mut best = vec![NONE; self.session_base.len()];
        let mut session = 0;
        for (at, _) in self.text.match_indices(term.literal.as_str()) {
            while self.starts[session + 1] <= at {
                session += 1;
            }
            best[session] = Kind::Literal as u8;
        }
        for p in &term.sounds {
            self.session_sounds.mark(p, &mut best);
        }
        let base_best = Self::best(&self.bases, &self.base_sounds, term);
        for (b, base) in best.iter_mut().zip(&self.session_base) {
            if let Some(&by_base) = base.and_then(|base| base_best.get(base)) {
                *b = (*b).min(by_base);
            }
        }
        best
    }

    /// For each of `haystacks` (with their codes), the best [`Kind`] by which `term` matches.
    fn best(haystacks: &[String], coded: &Coded, term: &TermMatcher) -> Vec<u8> {
        let mut best: Vec<u8> = haystacks
            .iter()
            .map(|h| {
                if h.contains(term.literal.as_str()) {
                    Kind::Literal as u8
                } else {
                    NONE
                }
            })
            .collect();
        if !coded.starts.is_empty() {
            for p in &term.sounds {
                coded.mark(p, &mut best);
            }
        }
        best
    }
}

/// Builds a [`SearchIndex`] a slice at a time, so a large dataset can be indexed between two
/// turns of the browser's event loop: bases first, then activities, then sessions, each one
/// a unit of [`IndexBuilder::step`]'s budget.
///
/// A base's haystack covers its name, category and address; an activity's its title,
/// description and responsible units; a session's its title, place, note and source clause
/// (its base's fields are matched through the base). Fields are joined with an untypeable
/// separator.
///
/// Every call must pass the same, unchanged dataset.
#[derive(Debug)]
pub struct IndexBuilder {
    /// The index so far; `starts` lacks its final entry until [`IndexBuilder::finish`].
    index: SearchIndex,
    /// Base id → index into `ds.bases` (the last base wins if two share an id).
    base_index: HashMap<String, usize>,
}

impl IndexBuilder {
    pub fn new(ds: &Dataset) -> IndexBuilder {
        IndexBuilder {
            index: SearchIndex {
                starts: Vec::with_capacity(ds.sessions.len() + 1),
                session_base: Vec::with_capacity(ds.sessions.len()),
                sounds: Sounds::new(&ds.readings),
                ..SearchIndex::default()
            },
            base_index: HashMap::new(),
        }
    }

    /// For each session indexed so far, the index into `ds.bases` of its base, `None` when
    /// the dataset has no base with its id.
    pub fn session_bases(&self) -> &[Option<usize>] {
        &self.index.session_base
    }

    /// Indexes up to `n` more items (bases, activities, sessions, in that order); true once
    /// everything is indexed. `n == 0` does nothing.
    pub fn step(&mut self, ds: &Dataset, n: usize) -> bool {
        let ix = &mut self.index;
        let mut left = n;
        while left > 0 && ix.bases.len() < ds.bases.len() {
            let b = &ds.bases[ix.bases.len()];
            self.base_index.insert(b.id.clone(), ix.bases.len());
            ix.bases.push(haystack(&[&b.name, &b.category, &b.address]));
            ix.base_sounds
                .push(&ix.sounds, &[&b.name, &b.category, &b.address]);
            left -= 1;
        }
        while left > 0 && ix.activities.len() < ds.activities.len() {
            let a = &ds.activities[ix.activities.len()];
            let mut fields = vec![a.title.as_str(), a.description.as_str()];
            fields.extend(a.units.iter().map(String::as_str));
            ix.activities.push(haystack(&fields));
            ix.activity_sounds.push(&ix.sounds, &fields);
            left -= 1;
        }
        while left > 0 && ix.session_base.len() < ds.sessions.len() {
            let s = &ds.sessions[ix.session_base.len()];
            ix.starts.push(ix.text.len());
            ix.session_base
                .push(self.base_index.get(s.base.as_str()).copied());
            let note = s.note.as_deref().unwrap_or("");
            ix.session_sounds
                .push(&ix.sounds, &[&s.title, &s.place, note]);
            // The source clause usually contains the title and the place verbatim; a field
            // already contained in another adds no match, only scanning time, so skip it.
            let source = normalize(&s.source);
            let mut fields = vec![source];
            for f in [&s.title, &s.place, s.note.as_deref().unwrap_or("")] {
                let f = normalize(f);
                if !f.is_empty() && !fields.iter().any(|g| g.contains(f.as_str())) {
                    fields.push(f);
                }
            }
            for f in fields {
                ix.text.push_str(&f);
                ix.text.push(FIELD_SEP);
            }
            ix.text.pop();
            ix.text.push(RECORD_SEP);
            left -= 1;
        }
        ix.session_base.len() == ds.sessions.len()
            && ix.bases.len() == ds.bases.len()
            && ix.activities.len() == ds.activities.len()
    }

    /// Indexes whatever is left and returns the index.
    pub fn finish(mut self, ds: &Dataset) -> SearchIndex {
        self.step(ds, usize::MAX);
        self.index.starts.push(self.index.text.len());
        self.index.session_sounds.finish();
        self.index.base_sounds.finish();
        self.index.activity_sounds.finish();
        self.index
    }
}

fn haystack(fields: &[&str]) -> String {
    let mut out = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(FIELD_SEP);
        }
        out.extend(f.chars().map(fold_char));
    }
    out
}
