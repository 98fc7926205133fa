//! Keyword suggestions for "no results": words taken from the data that find sessions, found
//! once per dataset by [`KeywordBuilder`] in bounded slices (the app runs it once the list is
//! shown, so the "no results" panel only reads them and the list never waits for them).

use std::collections::{HashMap, HashSet};

use super::{Query, SearchIndex};
use crate::model::Dataset;

/// Generic words that occur all over the notice and say nothing about a session's topic.
pub(super) const STOPWORDS: &[&str] = &["活动", "开展", "科普", "科技", "基地", "重庆", "渝北"];

/// Longest suggestion, in chars.
const MAX_KEYWORD_CHARS: usize = 6;

/// How many suggestions the "no results" panel offers.
pub const KEYWORDS: usize = 6;

/// At most this many texts are read: the first ones are plenty to find a few words, and the
/// work stays bounded on huge datasets.
const MAX_TEXTS: usize = 2_000;

/// Sessions one unit of [`KeywordBuilder::step`]'s budget pays for when trying a candidate
/// word: a search scans every session's text, so a word costs a unit per this many sessions
/// (about as long as the loader's other units: parsing or indexing one session).
const SESSIONS_PER_UNIT: usize = 256;

/// Up to `n` search keywords taken from the data, each guaranteed to find at least one
/// session, for a "no results" state (e.g. 航空, 气象, 青铜器): [`KeywordBuilder`] run to
/// completion. `index` is the dataset's own.
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
pub fn keyword_suggestions(ds: &Dataset, index: &SearchIndex, n: usize) -> Vec<String> {
    let mut builder = KeywordBuilder::new(n);
    loop {
        if let Some(words) = builder.step(ds, index, usize::MAX) {
            return words;
        }
    }
}

/// A CJK n-gram of the texts: in how many texts it occurs, whether one is a title, and when
/// it was first seen.
struct Gram {
    texts: usize,
    in_title: bool,
    order: usize,
}

/// A word that passed every test but the number of sessions it finds.
struct Candidate {
    word: String,
    texts: usize,
    order: usize,
}

/// The stages of [`KeywordBuilder::step`], in order.
#[derive(Clone, Copy, PartialEq)]
enum Stage {
    /// Collecting the distinct texts: one base or session per unit.
    Texts,
    /// Counting each text's n-grams: one text per unit.
    Grams,
    /// Marking the notice's paragraphs that name a base or a session: one base or session
    /// per unit.
    Specific,
    /// Searching each candidate word: one word per unit per [`SESSIONS_PER_UNIT`] sessions.
    Hits,
}

/// Finds [`keyword_suggestions`] a bounded slice at a time. Every call must pass the same,
/// unchanged dataset and its index.
pub struct KeywordBuilder {
    n: usize,
    stage: Stage,
    /// The next item of the stage (a base or session, a text, a candidate).
    next: usize,
    seen: HashSet<(String, String)>,
    /// Each distinct text, and whether it is a session title.
    texts: Vec<(String, bool)>,
    grams: HashMap<String, Gram>,
    /// For each paragraph of the notice, whether it names a base or a session.
    specific: Vec<bool>,
    candidates: Vec<Candidate>,
    /// The candidates that find few enough sessions, with the sessions each finds.
    found: Vec<(usize, Vec<usize>)>,
}

impl KeywordBuilder {
    pub fn new(n: usize) -> KeywordBuilder {
        KeywordBuilder {
            n,
            stage: Stage::Texts,
            next: 0,
            seen: HashSet::new(),
            texts: Vec::new(),
            grams: HashMap::new(),
            specific: Vec::new(),
            candidates: Vec::new(),
            found: Vec::new(),
        }
    }

    /// Does at most `budget` units of work (0 counts as 1; see [`Stage`] for what a unit is)
    /// and returns the suggestions once found, `None` while there is more to do.
    pub fn step(
        &mut self,
        ds: &Dataset,
        index: &SearchIndex,
        budget: usize,
    ) -> Option<Vec<String>> {
        if self.n == 0 || ds.sessions.is_empty() {
            return Some(Vec::new());
        }
        let mut left = budget.max(1);
        let items = ds.bases.len() + ds.sessions.len();
        while left > 0 {
            match self.stage {
                Stage::Texts if self.next < items && self.texts.len() < MAX_TEXTS => {
                    self.add_texts(ds, self.next);
                    self.next += 1;
                    left -= 1;
                }
                Stage::Texts => self.begin(Stage::Grams),
                Stage::Grams if self.next < self.texts.len() => {
                    self.count_grams(self.next);
                    self.next += 1;
                    left -= 1;
                }
                Stage::Grams => {
                    self.specific = vec![false; paragraphs(ds).count()];
                    self.begin(Stage::Specific);
                }
                Stage::Specific if self.next < items => {
                    self.mark_specific(ds, self.next);
                    self.next += 1;
                    left -= 1;
                }
                Stage::Specific => {
                    self.candidates = self.candidates(ds);
                    self.begin(Stage::Hits);
                }
                Stage::Hits if self.next < self.candidates.len() => {
                    let hits = index.sessions(&Query::parse(&self.candidates[self.next].word));
                    if !hits.is_empty() && hits.len() <= ds.sessions.len().div_ceil(4) {
                        self.found.push((self.next, hits));
                    }
                    self.next += 1;
                    left = left.saturating_sub(ds.sessions.len().div_ceil(SESSIONS_PER_UNIT));
                }
                Stage::Hits => return Some(self.choose()),
            }
        }
        None
    }

    fn begin(&mut self, stage: Stage) {
        self.stage = stage;
        self.next = 0;
    }

    /// Adds the texts of item `i` (the bases, then the sessions) not seen yet for its base.
    fn add_texts(&mut self, ds: &Dataset, i: usize) {
        let texts = match ds.bases.get(i) {
            Some(b) => vec![(b.id.as_str(), b.name.as_str(), false)],
            None => {
                let s = &ds.sessions[i - ds.bases.len()];
                vec![
                    (s.base.as_str(), s.title.as_str(), true),
                    (s.base.as_str(), s.place.as_str(), false),
                ]
            }
        };
        for (base, text, is_title) in texts {
            if self.texts.len() == MAX_TEXTS {
                break;
            }
            if self.seen.insert((base.to_owned(), text.to_owned())) {
                self.texts.push((text.to_owned(), is_title));
            }
        }
    }

    /// Counts the n-grams of text `t` (up to one char longer than kept, to test closedness),
    /// each once per text.
    fn count_grams(&mut self, t: usize) {
        let (text, is_title) = &self.texts[t];
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
            let order = self.grams.len();
            let entry = self.grams.entry(g.clone()).or_insert(Gram {
                texts: 0,
                in_title: false,
                order,
            });
            entry.texts += 1;
            entry.in_title |= *is_title;
        }
    }

    /// Marks the paragraphs that contain item `i`'s name (a base) or title (a session).
    fn mark_specific(&mut self, ds: &Dataset, i: usize) {
        let name = match ds.bases.get(i) {
            Some(b) => &b.name,
            None => &ds.sessions[i - ds.bases.len()].title,
        };
        if name.is_empty() {
            return;
        }
        for (p, specific) in paragraphs(ds).zip(&mut self.specific) {
            *specific = *specific || p.contains(name.as_str());
        }
    }

    /// The grams that pass every test but the number of sessions they find.
    fn candidates(&self, ds: &Dataset) -> Vec<Candidate> {
        let absorbed = self.absorbed();
        let general = self.general_language(ds);
        self.grams
            .iter()
            .filter(|(g, gram)| {
                gram.texts >= 2
                    && gram.in_title
                    && g.chars().count() <= MAX_KEYWORD_CHARS
                    && !absorbed.contains(g.as_str())
                    && !STOPWORDS.iter().any(|s| g.contains(s))
                    && !general.contains(g.as_str())
            })
            .map(|(g, gram)| Candidate {
                word: g.clone(),
                texts: gram.texts,
                order: gram.order,
            })
            .collect()
    }

    /// The grams that are only part of a longer one found in just as many texts.
    fn absorbed(&self) -> HashSet<&str> {
        let mut absorbed: HashSet<&str> = HashSet::new();
        for (g, gram) in &self.grams {
            if g.chars().count() < 3 {
                continue;
            }
            let first = g.chars().next().map_or(0, char::len_utf8);
            let last = g.chars().next_back().map_or(0, char::len_utf8);
            for part in [&g[first..], &g[..g.len() - last]] {
                if let Some((key, p)) = self.grams.get_key_value(part) {
                    if p.texts == gram.texts {
                        absorbed.insert(key.as_str());
                    }
                }
            }
        }
        absorbed
    }

    /// The ranked candidates, each chosen unless it finds the sessions of one already chosen,
    /// or contains or is contained in one.
    fn choose(&self) -> Vec<String> {
        let found = &self.found;
        let ranked = crate::order::sorted(found.len(), &|i, j| {
            let ((a, ha), (b, hb)) = (&found[i], &found[j]);
            let (a, b) = (&self.candidates[*a], &self.candidates[*b]);
            (ha.len().cmp(&hb.len()))
                .then(b.texts.cmp(&a.texts))
                .then(a.order.cmp(&b.order))
        });
        let mut chosen: Vec<(&str, &Vec<usize>)> = Vec::new();
        for (c, hits) in ranked.into_iter().map(|i| &found[i]) {
            let g = self.candidates[*c].word.as_str();
            if chosen.len() == self.n {
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
    fn general_language(&self, ds: &Dataset) -> String {
        let mut out = String::new();
        for (p, _) in paragraphs(ds).zip(&self.specific).filter(|(_, s)| !**s) {
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
}

/// The notice's paragraphs, section by section.
fn paragraphs(ds: &Dataset) -> impl Iterator<Item = &String> {
    ds.notice.sections.iter().flat_map(|s| &s.paragraphs)
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
