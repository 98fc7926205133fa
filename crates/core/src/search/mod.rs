//! Searching sessions and activities: case- and width-insensitive substring matching, and by
//! pronunciation (pinyin and homophones, [`sound`]); highlighting of the hits in the original
//! text, and keyword suggestions for "no results".
//!
//! Matching folds both sides with [`fold_char`], which maps every char to exactly one char,
//! so an offset found in folded text is also a char offset in the original.
//!
//! The stages: [`Query`] (here) reads what was typed; [`index`] builds the haystacks once per
//! dataset and finds the sessions; [`highlight`] marks the hits in a text; [`keywords`]
//! suggests words when nothing matches.

mod highlight;
mod index;
mod keywords;
mod sound;

#[cfg(test)]
mod tests;

#[cfg(test)]
use highlight::highlight;
pub use highlight::Segment;
pub use index::{IndexBuilder, SearchIndex};
pub use keywords::{keyword_suggestions, KeywordBuilder, KEYWORDS};

/// At most this many chars of a raw query are read (a URL may carry far more).
pub const MAX_QUERY_CHARS: usize = 200;

/// At most this many distinct terms are kept; the rest are ignored.
pub const MAX_TERMS: usize = 8;

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
}
