//! Searching sessions and activities: case- and width-insensitive substring matching,
//! highlighting of the hits in the original text, and keyword suggestions for "no results".
//!
//! Matching folds both sides with [`fold_char`], which maps every char to exactly one char,
//! so an offset found in folded text is also a char offset in the original.

use std::collections::{HashMap, HashSet};

use crate::model::Dataset;

/// At most this many chars of a raw query are read (a URL may carry far more).
pub const MAX_QUERY_CHARS: usize = 200;

/// At most this many distinct terms are kept; the rest are ignored.
pub const MAX_TERMS: usize = 8;

/// Separates fields in a haystack. It cannot be typed, and [`Query::parse`] drops control
/// chars from terms, so a term never matches across two fields.
const FIELD_SEP: char = '\u{1f}';

/// Folds one char the way NFKC followed by lowercasing would, for the chars that occur in
/// this app's data and in what parents type: full-width ASCII (U+FF01–U+FF5E) to ASCII,
/// the ideographic space and other fixed-width spaces to a plain space, and upper case to
/// lower case in ASCII, Latin-1, Latin Extended-A, basic Greek and basic Cyrillic.
///
/// Every other char is returned unchanged. Exactly one char comes out for each char in, so
/// match offsets map back to the original text. The case mapping is arithmetic on purpose:
/// `char::to_lowercase` would ship the full Unicode case table in the wasm bundle.
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    let folded = match u {
        0xFF01..=0xFF5E => u - 0xFEE0,
        0x3000 | 0x00A0 | 0x2000..=0x200A | 0x202F | 0x205F => 0x20,
        // Latin-1: À–Þ except ×.
        0x00C0..=0x00DE if u != 0x00D7 => u + 0x20,
        // Latin Extended-A: mostly upper/lower pairs, with a few odd ones out.
        0x0130 => u32::from(b'i'),
        0x0100..=0x0137 | 0x014A..=0x0177 if u.is_multiple_of(2) => u + 1,
        0x0139..=0x0148 | 0x0179..=0x017E if !u.is_multiple_of(2) => u + 1,
        0x0178 => 0x00FF,
        0x017F => u32::from(b's'),
        // Greek capitals, with and without tonos.
        0x0386 => 0x03AC,
        0x0388..=0x038A => u + 0x25,
        0x038C => 0x03CC,
        0x038E | 0x038F => u + 0x3F,
        0x0391..=0x03AB if u != 0x03A2 => u + 0x20,
        // Cyrillic capitals.
        0x0400..=0x040F => u + 0x50,
        0x0410..=0x042F => u + 0x20,
        _ => u,
    };
    char::from_u32(folded).unwrap_or(c).to_ascii_lowercase()
}

/// The whole string folded with [`fold_char`]: same number of chars as `s`.
pub fn normalize(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// A parsed search query: distinct, normalized, non-empty terms, all of which must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    /// Splits `raw` on whitespace (ASCII, U+3000 and the rest) and control chars, folds each
    /// term with [`normalize`], drops empty and repeated terms. Reads at most
    /// [`MAX_QUERY_CHARS`] chars and keeps at most [`MAX_TERMS`] terms.
    pub fn parse(raw: &str) -> Query {
        let folded: String = raw.chars().take(MAX_QUERY_CHARS).map(fold_char).collect();
        let mut terms: Vec<String> = Vec::new();
        for term in folded.split(|c: char| c.is_whitespace() || c.is_control()) {
            if terms.len() == MAX_TERMS {
                break;
            }
            if !term.is_empty() && !terms.iter().any(|t| t == term) {
                terms.push(term.to_string());
            }
        }
        Query { terms }
    }

    /// True when there is nothing to search for (everything matches).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The normalized terms, in the order typed.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// True when every term occurs in `haystack`, which must already be normalized.
    fn matches(&self, haystack: &str) -> bool {
        self.terms.iter().all(|t| haystack.contains(t.as_str()))
    }
}

/// Normalized text of every session and activity, built once per dataset so that a query
/// only scans prebuilt strings.
///
/// Sessions are stored as one contiguous buffer (one record per session) plus one small
/// haystack per base, so a term costs one linear scan of the buffer and one look at each
/// base, with no per-session searcher set-up or allocation.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Every session's own fields, each record ending with [`RECORD_SEP`].
    text: String,
    /// `starts[i]..starts[i + 1]` is session `i`'s record in `text`.
    starts: Vec<usize>,
    /// Index into `bases` of each session's base; `usize::MAX` when the base is unknown.
    session_base: Vec<usize>,
    /// Each base's name, category and address.
    bases: Vec<String>,
    activities: Vec<String>,
}

/// Ends a session's record in [`SearchIndex::text`]; untypeable like [`FIELD_SEP`].
const RECORD_SEP: char = '\u{1e}';

impl SearchIndex {
    /// Builds the haystacks in one go: [`IndexBuilder`] run to completion.
    pub fn new(ds: &Dataset) -> SearchIndex {
        IndexBuilder::new(ds).finish(ds)
    }

    /// Indices into `ds.sessions` of the sessions matching every term, in dataset order;
    /// all of them when the query is empty.
    pub fn sessions(&self, q: &Query) -> Vec<usize> {
        let n = self.session_base.len();
        let mut result: Vec<usize> = Vec::new();
        for (k, term) in q.terms().iter().enumerate() {
            let base_has: Vec<bool> = self
                .bases
                .iter()
                .map(|b| b.contains(term.as_str()))
                .collect();
            let base_has = |i: usize| base_has.get(self.session_base[i]).copied().unwrap_or(false);
            // Match positions, in increasing order; consumed as sessions are visited in order.
            let mut found = self
                .text
                .match_indices(term.as_str())
                .map(|(p, _)| p)
                .peekable();
            let mut own_has = |i: usize| {
                let (start, end) = (self.starts[i], self.starts[i + 1]);
                let mut hit = false;
                while let Some(&p) = found.peek() {
                    if p >= end {
                        break;
                    }
                    hit |= p >= start;
                    found.next();
                }
                hit
            };
            if k == 0 {
                result = (0..n).filter(|&i| own_has(i) || base_has(i)).collect();
            } else {
                result.retain(|&i| own_has(i) || base_has(i));
            }
            if result.is_empty() {
                return result;
            }
        }
        if q.is_empty() {
            result = (0..n).collect();
        }
        result
    }

    /// Indices into `ds.activities` of the activities matching every term, in order; all of
    /// them when the query is empty.
    pub fn activities(&self, q: &Query) -> Vec<usize> {
        (0..self.activities.len())
            .filter(|&i| q.matches(&self.activities[i]))
            .collect()
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
                ..SearchIndex::default()
            },
            base_index: HashMap::new(),
        }
    }

    /// For each session indexed so far, the index into `ds.bases` of its base, `usize::MAX`
    /// when the dataset has no base with its id.
    pub fn session_bases(&self) -> &[usize] {
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
            left -= 1;
        }
        while left > 0 && ix.activities.len() < ds.activities.len() {
            let a = &ds.activities[ix.activities.len()];
            let mut fields = vec![a.title.as_str(), a.description.as_str()];
            fields.extend(a.units.iter().map(String::as_str));
            ix.activities.push(haystack(&fields));
            left -= 1;
        }
        while left > 0 && ix.session_base.len() < ds.sessions.len() {
            let s = &ds.sessions[ix.session_base.len()];
            ix.starts.push(ix.text.len());
            ix.session_base.push(
                self.base_index
                    .get(s.base.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
            );
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

/// A run of the original text, highlighted or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Cuts `text` (kept as is, not normalized) into runs that match some term of `q` and runs
/// that do not. Overlapping and adjacent hits form one run, so neighbouring segments always
/// differ in `hit`. Empty text gives no segment; an empty query gives one non-hit segment.
pub fn highlight(text: &str, q: &Query) -> Vec<Segment> {
    if text.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut hit = vec![false; chars.len()];
    if !q.is_empty() {
        // Byte offset in the folded text → char index; folding keeps the char count.
        let folded: String = chars.iter().map(|&(_, c)| fold_char(c)).collect();
        let mut char_at = vec![0; folded.len()];
        for (ci, (bi, _)) in folded.char_indices().enumerate() {
            char_at[bi] = ci;
        }
        for term in q.terms() {
            let len = term.chars().count();
            let mut from = 0;
            while let Some(p) = folded[from..].find(term.as_str()) {
                let start = char_at[from + p];
                hit[start..start + len].iter_mut().for_each(|h| *h = true);
                // Step one char on, so overlapping occurrences are found too.
                from += p + folded[from + p..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    let mut out: Vec<Segment> = Vec::new();
    let mut run_start = 0;
    for i in 1..=chars.len() {
        if i == chars.len() || hit[i] != hit[run_start] {
            let end = chars.get(i).map_or(text.len(), |&(b, _)| b);
            out.push(Segment {
                text: text[chars[run_start].0..end].to_string(),
                hit: hit[run_start],
            });
            run_start = i;
        }
    }
    out
}

/// Generic words that occur all over the notice and say nothing about a session's topic.
const STOPWORDS: &[&str] = &["活动", "开展", "科普", "科技", "基地", "重庆", "渝北"];

/// Longest suggestion, in chars.
const MAX_KEYWORD_CHARS: usize = 6;

/// Up to `n` search keywords taken from the data, each guaranteed to find at least one
/// session, for a "no results" state (e.g. 航空, 气象, 青铜器).
///
/// Method, deterministic and dictionary-free. The texts are base names and the distinct
/// titles and places of each base's sessions. A keyword is a run of 2–6 CJK ideographs that
/// - occurs in at least two of these texts, which marks it as a word rather than an arbitrary
///   slice, and in at least one session title, which makes it a topic rather than a venue;
/// - is "closed": not merely part of a longer run found in just as many texts, so a shared
///   phrase wins over its fragments;
/// - is not the notice's general language: it contains no stopword and does not occur in the
///   main activities or in the notice's paragraphs (those naming no base and no session);
/// - finds at least one and at most a quarter of the sessions.
///
/// Candidates are ranked by fewest sessions found (the most specific topics first), then
/// most texts, then first appearance;
/// one is skipped when it finds exactly the sessions of one already chosen, or contains or is
/// contained in one, so that each suggestion leads somewhere new.
pub fn keyword_suggestions(ds: &Dataset, n: usize) -> Vec<String> {
    if n == 0 || ds.sessions.is_empty() {
        return Vec::new();
    }
    // Bound the work on huge datasets: the first texts are plenty to find a few words.
    const MAX_TEXTS: usize = 2_000;
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut texts: Vec<(&str, bool)> = Vec::new();
    let base_texts = ds
        .bases
        .iter()
        .map(|b| (b.id.as_str(), b.name.as_str(), false));
    let session_texts = ds.sessions.iter().flat_map(|s| {
        [
            (s.base.as_str(), s.title.as_str(), true),
            (s.base.as_str(), s.place.as_str(), false),
        ]
    });
    for (base, text, is_title) in base_texts.chain(session_texts) {
        if texts.len() == MAX_TEXTS {
            break;
        }
        if seen.insert((base, text)) {
            texts.push((text, is_title));
        }
    }

    // For every CJK n-gram (up to one char longer than kept, to test closedness): in how
    // many texts it occurs, whether one is a title, and when it was first seen.
    struct Gram {
        texts: usize,
        in_title: bool,
        order: usize,
    }
    let mut grams: HashMap<String, Gram> = HashMap::new();
    for &(text, is_title) in &texts {
        let mut in_text: Vec<String> = Vec::new();
        for run in cjk_runs(text) {
            for len in 2..=(MAX_KEYWORD_CHARS + 1).min(run.len()) {
                in_text.extend(run.windows(len).map(|w| w.iter().collect::<String>()));
            }
        }
        let order = crate::order::sorted(in_text.len(), &|a, b| in_text[a].cmp(&in_text[b]));
        let mut previous: Option<&str> = None;
        for i in order {
            let g = &in_text[i];
            if previous == Some(g.as_str()) {
                continue;
            }
            previous = Some(g);
            let order = grams.len();
            let entry = grams.entry(g.clone()).or_insert(Gram {
                texts: 0,
                in_title: false,
                order,
            });
            entry.texts += 1;
            entry.in_title |= is_title;
        }
    }
    let mut absorbed: HashSet<&str> = HashSet::new();
    for (g, gram) in &grams {
        if g.chars().count() < 3 {
            continue;
        }
        let first = g.chars().next().map_or(0, char::len_utf8);
        let last = g.chars().next_back().map_or(0, char::len_utf8);
        for part in [&g[first..], &g[..g.len() - last]] {
            if let Some((key, p)) = grams.get_key_value(part) {
                if p.texts == gram.texts {
                    absorbed.insert(key.as_str());
                }
            }
        }
    }

    let general = general_language(ds);
    let index = SearchIndex::new(ds);
    let max_hits = ds.sessions.len().div_ceil(4);
    let candidates: Vec<(&str, &Gram, Vec<usize>)> = grams
        .iter()
        .filter(|(g, gram)| {
            gram.texts >= 2
                && gram.in_title
                && g.chars().count() <= MAX_KEYWORD_CHARS
                && !absorbed.contains(g.as_str())
                && !STOPWORDS.iter().any(|s| g.contains(s))
                && !general.contains(g.as_str())
        })
        .filter_map(|(g, gram)| {
            let hits = index.sessions(&Query::parse(g));
            (!hits.is_empty() && hits.len() <= max_hits).then_some((g.as_str(), gram, hits))
        })
        .collect();
    let ranked = crate::order::sorted(candidates.len(), &|i, j| {
        let ((_, a, ha), (_, b, hb)) = (&candidates[i], &candidates[j]);
        (ha.len().cmp(&hb.len()))
            .then(b.texts.cmp(&a.texts))
            .then(a.order.cmp(&b.order))
    });

    let mut chosen: Vec<(&str, &Vec<usize>)> = Vec::new();
    for (g, _, hits) in ranked.into_iter().map(|i| &candidates[i]) {
        let g = *g;
        if chosen.len() == n {
            break;
        }
        let redundant = chosen
            .iter()
            .any(|(c, h)| *h == hits || c.contains(g) || g.contains(c));
        if !redundant {
            chosen.push((g, hits));
        }
    }
    chosen.into_iter().map(|(g, _)| g.to_string()).collect()
}

/// The notice's general language, one paragraph a line: the main activities and every
/// paragraph of the notice that names no base and no session (so not the schedule table).
fn general_language(ds: &Dataset) -> String {
    let specific = |p: &str| {
        ds.bases
            .iter()
            .any(|b| !b.name.is_empty() && p.contains(&b.name))
            || ds
                .sessions
                .iter()
                .any(|s| !s.title.is_empty() && p.contains(&s.title))
    };
    let mut out = String::new();
    let paragraphs = ds.notice.sections.iter().flat_map(|s| &s.paragraphs);
    for p in paragraphs.filter(|p| !specific(p)) {
        out.push_str(p);
        out.push('\n');
    }
    for a in &ds.activities {
        for t in [&a.title, &a.description] {
            out.push_str(t);
            out.push('\n');
        }
    }
    out
}

/// Maximal runs of CJK ideographs in `text`.
fn cjk_runs(text: &str) -> Vec<Vec<char>> {
    let mut runs: Vec<Vec<char>> = vec![Vec::new()];
    for c in text.chars() {
        if is_ideograph(c) {
            if let Some(run) = runs.last_mut() {
                run.push(c);
            }
        } else if runs.last().is_some_and(|r| !r.is_empty()) {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A small dataset shaped like the real 2024 notice (13 bases, 24 sessions), shared by the
/// tests of the search, browse and URL modules.
#[cfg(test)]
pub(crate) mod fixture {
    use chrono::NaiveDate;

    use crate::model::*;

    pub(crate) fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    const MAIN: &str = "市主会场（创客港·未来科技园）";

    /// (name, category, address, [(start, end, title, place or "" for the base itself)]).
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static [(
            Option<(u32, u32)>,
            Option<(u32, u32)>,
            &'static str,
            &'static str,
        )],
    );

    const ROWS: &[Row] = &[
        (
            "重庆市气象科普馆",
            "场馆类",
            "重庆市渝北区新牌坊一路68号",
            &[
                (Some((5, 21)), Some((5, 21)), "气象+", "新牌坊小学"),
                (Some((5, 31)), Some((5, 31)), "场馆免费开放", ""),
            ],
        ),
        (
            "重庆市建筑节能科普基地",
            "教育培训类",
            "重庆市渝北区华怡路23号",
            &[(
                Some((5, 30)),
                Some((5, 30)),
                "团体标准培训会",
                "中煤科工重庆设计研究院",
            )],
        ),
        (
            "重庆市人口和计划生育科学技术研究院科普基地",
            "教育培训类",
            "重庆市渝北区宝环路420号A栋",
            &[(Some((5, 25)), Some((5, 25)), "实验室开放日", "")],
        ),
        (
            "西南政法大学媒介素养科普基地",
            "传媒类",
            "重庆市渝北区宝圣大道301号",
            &[(Some((5, 25)), Some((5, 27)), "当非遗遇上科技", MAIN)],
        ),
        (
            "重庆星辉视光近视防控科普基地",
            "场馆类",
            "重庆市渝北区悦城路55号附25号",
            &[(Some((5, 25)), Some((6, 1)), "场馆免费开放", "")],
        ),
        (
            "重庆市进出境卫生检疫体验中心",
            "教育培训类",
            "重庆市渝北区红石路185号",
            &[(
                Some((5, 25)),
                Some((5, 27)),
                "防控外来物种入侵，守护国门生物安全",
                MAIN,
            )],
        ),
        (
            "重庆再升空气净化科普基地",
            "场馆类",
            "重庆市渝北区回兴街道婵衣路1号",
            &[(Some((5, 25)), Some((6, 1)), "场馆免费开放", "")],
        ),
        (
            "重庆市妇幼保健科普基地",
            "教育培训类",
            "重庆市渝北区龙山街道龙山路120号",
            &[
                (
                    Some((5, 20)),
                    Some((5, 20)),
                    "营养助力成长",
                    "渝北区龙山小学",
                ),
                (Some((5, 23)), Some((5, 23)), "生命的起源", "渝北区重光小学"),
                (
                    Some((5, 25)),
                    Some((5, 25)),
                    "趣探妇幼科普 健康伴你同行——儿童专场",
                    MAIN,
                ),
                (
                    Some((5, 26)),
                    Some((5, 26)),
                    "趣探妇幼科普 健康伴你同行——妇产专场",
                    MAIN,
                ),
                (
                    Some((5, 29)),
                    Some((5, 29)),
                    "健康科普进校园",
                    "渝北区天一新城小学",
                ),
                (
                    Some((5, 31)),
                    Some((5, 31)),
                    "童心童趣游园——贫困特殊儿童捐赠",
                    "重庆市妇幼保健院冉家坝院区",
                ),
            ],
        ),
        (
            "重庆地质矿产研究院",
            "研发创作类",
            "重庆市渝北区空港新城兰馨大道111号",
            &[(Some((5, 25)), Some((5, 27)), "我们曾经都是鱼", MAIN)],
        ),
        (
            "重庆工业职业技术学院",
            "场馆类",
            "重庆市渝北区桃源大道1000号",
            &[(None, None, "青少年进大学校园，工业科技实践活动", "立人小学")],
        ),
        (
            "华夏云翼航空科普基地",
            "场馆类",
            "重庆市渝北区长凯路333号",
            &[(
                Some((5, 25)),
                Some((5, 27)),
                "科技带动发展，航空引领未来",
                MAIN,
            )],
        ),
        (
            "重庆华人当代美术馆科普基地",
            "场馆类",
            "重庆市渝北区回兴街道湖滨东路59号1幢/5-0",
            &[(Some((5, 25)), Some((5, 28)), "场馆免费开放", "")],
        ),
        (
            "中华优秀传统法律文化传承示范基地",
            "教育培训类",
            "重庆市渝北区宝圣大道301号",
            &[
                (
                    Some((5, 25)),
                    Some((5, 25)),
                    "中华优秀传统法律文化的传承与弘扬",
                    "",
                ),
                (
                    Some((5, 26)),
                    Some((5, 26)),
                    "弘扬科学家精神——钱学森系统工程论对法治建设的贡献",
                    "",
                ),
                (Some((5, 27)), Some((5, 27)), "防范ai换脸诈骗", ""),
                (
                    Some((5, 28)),
                    Some((5, 28)),
                    "器以藏礼，物以载道——追寻青铜器的金声和鸣",
                    "",
                ),
                (
                    Some((5, 30)),
                    Some((5, 30)),
                    "探寻礼的印记——为青铜器正妆",
                    "",
                ),
                (
                    Some((5, 31)),
                    Some((5, 31)),
                    "重庆红色法治文化资源保护宣讲",
                    "",
                ),
            ],
        ),
    ];

    pub(crate) fn dataset() -> Dataset {
        let mut bases = Vec::new();
        let mut sessions = Vec::new();
        for (i, (name, category, address, rows)) in ROWS.iter().enumerate() {
            let base_id = content_id("b", &[name]);
            bases.push(Base {
                id: base_id.clone(),
                number: i as u32 + 1,
                name: name.to_string(),
                category: category.to_string(),
                address: address.to_string(),
                contacts: vec![BaseContact {
                    name: "联系人".into(),
                    phones: vec!["023-67821101".into()],
                }],
                schedule_text: String::new(),
                row: Vec::new(),
            });
            for (start, end, title, place) in rows.iter() {
                let start = start.map(|(m, day)| d(m, day));
                let end = end.map(|(m, day)| d(m, day));
                let at_base = place.is_empty();
                let place = if at_base { name } else { place };
                let dates = format!("{start:?}{end:?}");
                let note = (title == &"场馆免费开放" && i == 0).then(|| "其他时间预约开放".into());
                sessions.push(Session {
                    id: content_id("s", &[&base_id, &dates, title]),
                    base: base_id.clone(),
                    title: title.to_string(),
                    start,
                    end,
                    place: place.to_string(),
                    at_base,
                    note,
                    source: format!("在{place}开展“{title}”活动"),
                });
            }
        }
        let activity = |number: u32, title: &str, description: &str, units: &[&str]| Activity {
            id: content_id("a", &[title]),
            number,
            title: title.into(),
            description: description.into(),
            units: units.iter().map(|u| u.to_string()).collect(),
        };
        Dataset {
            version: SCHEMA_VERSION,
            notice: Notice {
                issuer: "重庆市渝北区人民政府办公室".into(),
                title: "关于印发《2024年渝北区科技活动周实施方案》的通知".into(),
                published: d(5, 17),
                plan_title: "2024年渝北区科技活动周实施方案".into(),
                sections: vec![Section {
                    heading: String::new(),
                    paragraphs: include_str!("../data/notice-2024.txt")
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(String::from)
                        .collect(),
                }],
                contact: Contact {
                    name: "李康".into(),
                    phone: "023-67821101".into(),
                    email: "469177351@qq.com".into(),
                },
            },
            week: Week {
                start: d(5, 25),
                end: d(6, 1),
                theme: "弘扬科学家精神 激发全社会创新活力".into(),
            },
            activities: vec![
                activity(
                    1,
                    "科技活动周启动仪式暨“科技成果入园进企”活动",
                    "集中组织开展科技产品展览、科技成果推介、科技政策宣传、科普知识讲解等活动",
                    &["区科技局", "区市场监管局"],
                ),
                activity(
                    3,
                    "举办第七届渝北区公民科学素质大赛",
                    "以“培养高素质公民 畅享高品质生活”为主题，开展全区科学素质大赛",
                    &["区科协", "区科技局", "各镇街"],
                ),
                activity(
                    4,
                    "科技助农志愿服务活动",
                    "组织科技特派员和科技志愿者深入农村基层一线，服务乡村振兴",
                    &[
                        "区科技局",
                        "区科协",
                        "区农业农村委",
                        "区卫生健康委",
                        "涉农镇街",
                    ],
                ),
            ],
            bases,
            sessions,
        }
    }

    /// The index in `ds.sessions` of the session titled `title` (first one).
    pub(crate) fn by_title(ds: &Dataset, title: &str) -> usize {
        ds.sessions.iter().position(|s| s.title == title).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{by_title, dataset};
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// NFKC then lowercase, when that gives exactly one char.
    fn reference(c: char) -> Option<char> {
        let s: String = c.to_string().nfkc().collect::<String>().to_lowercase();
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(x), None) => Some(x),
            _ => None,
        }
    }

    #[test]
    fn fold_agrees_with_nfkc_lowercase() {
        let notice = include_str!("../data/notice-2024.txt");
        let ranges = [
            0x0020..=0x007E,
            0x00A0..=0x00A0,
            0x00C0..=0x017F,
            0x0386..=0x0386,
            0x0388..=0x038A,
            0x038C..=0x038C,
            0x038E..=0x03CE,
            0x0400..=0x045F,
            0x2000..=0x200A,
            0x3000..=0x3000,
            0xFF01..=0xFF5E,
        ];
        let chars = ranges
            .into_iter()
            .flatten()
            .filter_map(char::from_u32)
            .chain(notice.chars());
        let mut checked = 0;
        for c in chars {
            if let Some(expected) = reference(c) {
                assert_eq!(fold_char(c), expected, "U+{:04X} {c}", c as u32);
                checked += 1;
            }
        }
        assert!(checked > 4_000, "checked only {checked}");
        // The full-width range is all folded, not just some of it.
        assert_eq!(normalize("ＡＩ换脸（ａｉ）　ＶＲ"), "ai换脸(ai) vr");
    }

    #[test]
    fn normalize_keeps_the_char_count() {
        let notice = include_str!("../data/notice-2024.txt");
        assert_eq!(normalize(notice).chars().count(), notice.chars().count());
        assert_eq!(normalize("İẞ"), "iẞ");
    }

    #[test]
    fn query_parse_splits_folds_dedupes_and_caps() {
        let q = Query::parse("  航空\u{3000}ＡＩ ai\tAi  青铜器 ");
        assert_eq!(q.terms(), ["航空", "ai", "青铜器"]);
        assert!(Query::parse(" \u{3000}\t").is_empty());
        assert!(!q.is_empty());

        let many: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
        let q = Query::parse(&many.join(" "));
        assert_eq!(q.terms().len(), MAX_TERMS);
        assert_eq!(q.terms()[0], "t0");

        let long = "气".repeat(2_000);
        let q = Query::parse(&long);
        assert_eq!(q.terms()[0].chars().count(), MAX_QUERY_CHARS);

        // Control chars (such as the field separator) split terms.
        assert_eq!(Query::parse("a\u{1f}b").terms(), ["a", "b"]);
    }

    #[test]
    fn builder_in_steps_builds_the_same_index() {
        let ds: Dataset = serde_json::from_str(include_str!("../data/yubei-2024.json")).unwrap();
        let whole = format!("{:?}", SearchIndex::new(&ds));
        let items = ds.bases.len() + ds.activities.len() + ds.sessions.len();
        for n in [1, 2, 7, usize::MAX] {
            let mut builder = IndexBuilder::new(&ds);
            assert!(!builder.step(&ds, 0));
            let mut steps = 1;
            while !builder.step(&ds, n) {
                steps += 1;
            }
            // Each step does exactly `n` items until the last.
            assert_eq!(steps, items.div_ceil(n), "n = {n}");
            assert_eq!(format!("{:?}", builder.finish(&ds)), whole, "n = {n}");
        }
        // `finish` completes a partial build.
        let mut builder = IndexBuilder::new(&ds);
        assert!(!builder.step(&ds, ds.bases.len() + 1));
        assert_eq!(format!("{:?}", builder.finish(&ds)), whole);
        // Nothing to index: done at once, and the index finds nothing.
        let empty = crate::model::testing::dataset();
        assert!(IndexBuilder::new(&empty).step(&empty, 1));
        assert!(SearchIndex::new(&empty)
            .sessions(&Query::default())
            .is_empty());
    }

    fn titles(ds: &Dataset, idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| ds.sessions[i].title.clone()).collect()
    }

    #[test]
    fn sessions_match_every_term_in_any_field() {
        let ds = dataset();
        let index = SearchIndex::new(&ds);
        assert_eq!(index.sessions(&Query::default()).len(), ds.sessions.len());

        // Title, case- and width-insensitively.
        let hits = index.sessions(&Query::parse("ＡＩ换脸"));
        assert_eq!(titles(&ds, &hits), ["防范ai换脸诈骗"]);
        // Base name: both sessions of the weather museum.
        let hits = index.sessions(&Query::parse("气象"));
        assert_eq!(hits.len(), 2);
        // Place.
        assert_eq!(index.sessions(&Query::parse("创客港")).len(), 6);
        // Category and address.
        assert_eq!(index.sessions(&Query::parse("传媒类")).len(), 1);
        assert_eq!(index.sessions(&Query::parse("宝圣大道")).len(), 7);
        // Note.
        assert_eq!(index.sessions(&Query::parse("预约")).len(), 1);
        // Every term must match (AND), each anywhere.
        let hits = index.sessions(&Query::parse("青铜器 正妆"));
        assert_eq!(titles(&ds, &hits), ["探寻礼的印记——为青铜器正妆"]);
        assert!(index.sessions(&Query::parse("青铜器 航空")).is_empty());
        // Results keep dataset order.
        let hits = index.sessions(&Query::parse("青铜器"));
        assert!(hits.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(hits.len(), 2);
    }

    #[test]
    fn terms_do_not_match_across_fields() {
        let ds = dataset();
        let index = SearchIndex::new(&ds);
        // "…小学" ends the place and "在…" starts the source; "小学在" spans the boundary.
        let i = by_title(&ds, "气象+");
        assert!(ds.sessions[i].place.ends_with("小学"));
        assert!(ds.sessions[i].source.starts_with('在'));
        assert!(index.sessions(&Query::parse("小学在")).is_empty());
        assert!(!index.sessions(&Query::parse("小学")).is_empty());
    }

    #[test]
    fn activities_match_title_description_and_units() {
        let ds = dataset();
        let index = SearchIndex::new(&ds);
        assert_eq!(index.activities(&Query::default()), [0, 1, 2]);
        assert_eq!(index.activities(&Query::parse("素质大赛")), [1]);
        assert_eq!(index.activities(&Query::parse("乡村振兴")), [2]);
        assert_eq!(index.activities(&Query::parse("市场监管局")), [0]);
        assert_eq!(index.activities(&Query::parse("区科协")), [1, 2]);
        assert!(index.activities(&Query::parse("青铜器")).is_empty());
    }

    fn seg(text: &str, hit: bool) -> Segment {
        Segment {
            text: text.into(),
            hit,
        }
    }

    #[test]
    fn highlight_marks_hits_in_the_original_text() {
        let q = Query::parse("ai");
        assert_eq!(
            highlight("防范ＡＩ换脸诈骗", &q),
            [
                seg("防范", false),
                seg("ＡＩ", true),
                seg("换脸诈骗", false)
            ]
        );
        assert_eq!(highlight("", &q), []);
        assert_eq!(highlight("气象", &Query::default()), [seg("气象", false)]);
        assert_eq!(highlight("气象", &q), [seg("气象", false)]);
        assert_eq!(highlight("AI", &q), [seg("AI", true)]);
    }

    #[test]
    fn highlight_merges_overlapping_and_adjacent_hits() {
        // Overlapping occurrences of one term.
        assert_eq!(
            highlight("xaaay", &Query::parse("aa")),
            [seg("x", false), seg("aaa", true), seg("y", false)]
        );
        // Two terms overlapping and two adjacent.
        assert_eq!(
            highlight("青铜器的金声", &Query::parse("青铜 铜器 的金")),
            [seg("青铜器的金", true), seg("声", false)]
        );
        // Several separate hits.
        let segs = highlight("科技带动发展，航空引领未来", &Query::parse("科技 航空"));
        assert_eq!(
            segs,
            [
                seg("科技", true),
                seg("带动发展，", false),
                seg("航空", true),
                seg("引领未来", false)
            ]
        );
        for w in segs.windows(2) {
            assert_ne!(w[0].hit, w[1].hit);
        }
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, "科技带动发展，航空引领未来");
    }

    #[test]
    fn suggestions_come_from_the_data_and_find_sessions() {
        let ds = dataset();
        let index = SearchIndex::new(&ds);
        let words = keyword_suggestions(&ds, 6);
        assert_eq!(words.len(), 6, "{words:?}");
        for w in &words {
            let hits = index.sessions(&Query::parse(w));
            assert!(!hits.is_empty(), "{w} finds nothing");
            assert!(
                hits.len() <= ds.sessions.len() / 4,
                "{w} is not distinctive"
            );
            assert!(!STOPWORDS.iter().any(|s| w.contains(s)), "{w}");
        }
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                assert!(
                    !a.contains(b.as_str()) && !b.contains(a.as_str()),
                    "{a} {b}"
                );
            }
        }
        // Deterministic.
        assert_eq!(keyword_suggestions(&ds, 6), words);
        assert_eq!(keyword_suggestions(&ds, 2), words[..2]);
        assert!(keyword_suggestions(&ds, 0).is_empty());
    }

    #[test]
    fn suggestions_on_the_real_dataset() {
        let ds: Dataset = serde_json::from_str(include_str!("../data/yubei-2024.json")).unwrap();
        let index = SearchIndex::new(&ds);
        let words = keyword_suggestions(&ds, 8);
        assert_eq!(words.len(), 8, "{words:?}");
        for w in ["航空", "气象", "青铜器"] {
            assert!(words.iter().any(|x| x == w), "{w} missing from {words:?}");
        }
        for w in &words {
            assert!(!index.sessions(&Query::parse(w)).is_empty(), "{w}");
        }
    }

    #[test]
    fn suggestions_follow_the_data() {
        let mut ds = dataset();
        let before = keyword_suggestions(&ds, 20);
        assert!(before.iter().any(|w| w == "青铜器"), "{before:?}");
        // Renaming the second 青铜器 session leaves 青铜器 in one text only: no longer a word.
        let i = by_title(&ds, "探寻礼的印记——为青铜器正妆");
        ds.sessions[i].title = "探寻礼的印记".into();
        let after = keyword_suggestions(&ds, 20);
        assert!(!after.iter().any(|w| w.contains("青铜")), "{after:?}");
        ds.sessions.clear();
        assert!(keyword_suggestions(&ds, 5).is_empty());
    }
}
