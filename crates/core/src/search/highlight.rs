//! Highlighting: the runs of a text that match a query.

use super::{fold_char, Query};

/// A run of the original text, highlighted or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Cuts `text` (kept as is, not normalized) into runs that match some term of `q` as written
/// and runs that do not. Overlapping and adjacent hits form one run, so neighbouring segments
/// always differ in `hit`. Empty text gives no segment; an empty query gives one non-hit
/// segment. The app highlights with `SearchIndex::highlight`, which adds the matches by
/// sound to these; this literal-only form is kept for the tests of literal matching.
#[cfg(test)]
pub(super) fn highlight(text: &str, q: &Query) -> Vec<Segment> {
    segments(text, &literal_hits(text, q))
}

/// For each char of `text`, whether some term of `q` occurs there as written.
pub(super) fn literal_hits(text: &str, q: &Query) -> Vec<bool> {
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
    hit
}

/// `text` cut into runs by `hit` (one flag per char).
pub(super) fn segments(text: &str, hit: &[bool]) -> Vec<Segment> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.is_empty() {
        return Vec::new();
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
