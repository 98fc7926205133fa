//! Keyword suggestions for "no results": words taken from the data that find sessions.

use std::collections::{HashMap, HashSet};

use super::{Query, SearchIndex};
use crate::model::Dataset;

/// Generic words that occur all over the notice and say nothing about a session's topic.
pub(super) const STOPWORDS: &[&str] = &["活动", "开展", "科普", "科技", "基地", "重庆", "渝北"];

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
