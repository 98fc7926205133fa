//! Search by sound: what a query in pinyin, in initials or with a homophone typed by mistake
//! stands for, as a [`Pattern`] of character sets to look for in text.
//!
//! The readings come from the dataset ([`Readings`], written by the importer for exactly the
//! characters that occur in it), so the app carries no pinyin table: a character the dataset
//! lacks has no known reading here, and a dataset without readings searches literally only.
//!
//! Every character with a reading gets a small number, its *code* ([`Sounds::code`], 0 for
//! every other character); text to be searched by sound is kept as codes, and a pattern is one
//! set of codes per character it covers.

use crate::model::{Readings, READINGS_VERSION};

/// The longest toneless syllable (`zhuang`).
const MAX_SYLLABLE: usize = 6;

/// A term in letters longer than this is not read as pinyin (nobody types 30 syllables).
const MAX_LETTERS: usize = 36;

/// At most this many ways of cutting a pinyin term into syllables are tried (`xian` is `xian`
/// or `xi an`); each costs one scan of the text.
const MAX_CUTS: usize = 4;

/// The first char of [`Sounds::table`]: CJK Extension A, then the Unified Ideographs up to
/// U+9FFF (27,648 chars, 54 KB of table).
const TABLE_START: u32 = 0x3400;
const TABLE_END: u32 = 0x9FFF;

/// The code of a field separator in coded text: no pattern set ever holds it.
pub(super) const SEPARATOR: u16 = u16::MAX;

/// The readings of a dataset, ready for matching.
#[derive(Clone, Debug, Default)]
pub(super) struct Sounds {
    /// Every character with a reading, in the order first listed; a character's code is its
    /// index here plus 1.
    chars: Vec<char>,
    /// The code of each char from [`TABLE_START`] to [`TABLE_END`], for a lookup without a
    /// search (the common Han characters all fall in it); empty when there are no readings.
    table: Vec<u16>,
    /// Every syllable, in alphabetical order, with the codes of the characters that have it.
    syllables: Vec<Syllable>,
    /// For each code minus 1, the indices into `syllables` of that character's readings.
    of_char: Vec<Vec<usize>>,
}

/// One syllable's characters, as codes.
#[derive(Clone, Debug)]
struct Syllable {
    text: String,
    /// Every character read so.
    codes: Vec<u16>,
    /// How many of `codes`, from the start, are read so usually (the rest only sometimes).
    usual: usize,
}

/// How a term found a match: the lower, the better it ranks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    /// The term itself occurs in the text.
    Literal = 0,
    /// By full pinyin (`hangkong`), or by a homophone (气像 for 气象).
    Sound = 1,
    /// By the initials of the characters (`hk`); only in names (titles, base names).
    Initials = 2,
}

/// A run of consecutive characters to find: one set of codes per character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Pattern {
    sets: Vec<CodeSet>,
    pub(super) kind: Kind,
}

/// A set of character codes: one flag per code (a few hundred bytes; a lookup is one load).
#[derive(Clone, Debug, PartialEq, Eq)]
struct CodeSet(Vec<bool>);

impl CodeSet {
    /// A set for codes below `codes`.
    fn empty(codes: usize) -> CodeSet {
        CodeSet(vec![false; codes])
    }

    /// Adds `code`; 0 (no reading) is never added.
    fn insert(&mut self, code: u16) {
        if let Some(flag) = self.0.get_mut(usize::from(code)).filter(|_| code != 0) {
            *flag = true;
        }
    }

    /// False for 0 (no reading) and for [`SEPARATOR`].
    fn has(&self, code: u16) -> bool {
        self.0.get(usize::from(code)).copied().unwrap_or(false)
    }

    fn is_empty(&self) -> bool {
        !self.0.contains(&true)
    }
}

impl Sounds {
    /// Reads [`Readings::pinyin`]; empty (no search by sound) for another version or none. A
    /// group that is not a lowercase syllable followed by characters, or not in alphabetical
    /// order, is skipped; the chars after a `|` are those that are only sometimes read so.
    pub(super) fn new(readings: &Readings) -> Sounds {
        let mut sounds = Sounds::default();
        if readings.version != READINGS_VERSION {
            return sounds;
        }
        sounds.table = vec![0; (TABLE_END - TABLE_START + 1) as usize];
        for group in readings.pinyin.split(' ') {
            let split = group
                .find(|c: char| !c.is_ascii_lowercase())
                .unwrap_or(group.len());
            let (text, chars) = group.split_at(split);
            // The importer writes the groups in alphabetical order, each syllable once:
            // search cuts terms by binary search over them. A group out of order is skipped.
            let in_order = sounds
                .syllables
                .last()
                .is_none_or(|s| s.text.as_str() < text);
            if !in_order || !(1..=MAX_SYLLABLE).contains(&text.len()) {
                continue;
            }
            let (usual, other) = chars.split_once('|').unwrap_or((chars, ""));
            let mut codes = Vec::new();
            let mut usual_count = 0;
            for (is_usual, part) in [(true, usual), (false, other)] {
                for c in part.chars().filter(|c| !c.is_ascii()) {
                    let Some(code) = sounds.code_or_new(c) else {
                        continue;
                    };
                    codes.push(code);
                    usual_count += usize::from(is_usual);
                    sounds.of_char[usize::from(code) - 1].push(sounds.syllables.len());
                }
            }
            if !codes.is_empty() {
                sounds.syllables.push(Syllable {
                    text: text.to_string(),
                    codes,
                    usual: usual_count,
                });
            }
        }
        if sounds.chars.is_empty() {
            return Sounds::default();
        }
        sounds
    }

    /// The code of `c`, given the next free one if it has none yet; `None` when codes have run
    /// out (more distinct characters than a dataset ever has).
    fn code_or_new(&mut self, c: char) -> Option<u16> {
        match self.code(c) {
            0 => {
                let code = u16::try_from(self.chars.len() + 1)
                    .ok()
                    .filter(|&k| k < SEPARATOR)?;
                self.chars.push(c);
                self.of_char.push(Vec::new());
                if let Some(slot) = (c as u32)
                    .checked_sub(TABLE_START)
                    .and_then(|k| self.table.get_mut(k as usize))
                {
                    *slot = code;
                }
                Some(code)
            }
            code => Some(code),
        }
    }

    /// How many codes there are, 0 (no reading) included.
    pub(super) fn codes(&self) -> usize {
        self.chars.len() + 1
    }

    /// True when there is nothing to search by sound with.
    pub(super) fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The code of `c`: 1 and up for a character with a reading, 0 for any other.
    pub(super) fn code(&self, c: char) -> u16 {
        let u = c as u32;
        if (TABLE_START..=TABLE_END).contains(&u) {
            return self
                .table
                .get((u - TABLE_START) as usize)
                .copied()
                .unwrap_or(0);
        }
        if u < 0x2E80 {
            // Below the CJK radicals: no Han character there.
            return 0;
        }
        // The rare characters outside the table: a scan.
        self.chars
            .iter()
            .position(|&k| k == c)
            .map_or(0, |i| u16::try_from(i + 1).unwrap_or(0))
    }

    /// The character of a code (see [`Sounds::code`]).
    pub(super) fn char_of(&self, code: u16) -> Option<char> {
        usize::from(code)
            .checked_sub(1)
            .and_then(|i| self.chars.get(i).copied())
    }

    /// `text` as codes, one per char.
    pub(super) fn encode(&self, text: &str) -> Vec<u16> {
        text.chars().map(|c| self.code(c)).collect()
    }

    /// The patterns a term in Latin letters (already folded) stands for:
    ///
    /// - a term with a vowel (`a e i o u v`) is full pinyin, every way of cutting it into the
    ///   dataset's syllables (`hangkong` → hang kong; up to [`MAX_CUTS`] ways);
    /// - a term of consonants only is the initials of consecutive characters (`hk` → 航空,
    ///   `qxkpg` → 气象科普馆), so `ai` is never read as the initials a, i; only each
    ///   character's usual reading counts here (童 is tong, not also zhong), so that short
    ///   initials stay specific;
    /// - a single letter, or anything but letters, stands for nothing: it only matches as
    ///   written.
    pub(super) fn latin(&self, term: &str) -> Vec<Pattern> {
        let n = term.len();
        if self.is_empty() || !(2..=MAX_LETTERS).contains(&n) {
            return Vec::new();
        }
        if !term.bytes().all(|b| b.is_ascii_lowercase()) {
            return Vec::new();
        }
        if term.bytes().any(|b| b"aeiouv".contains(&b)) {
            let mut cuts: Vec<Vec<usize>> = Vec::new();
            self.cut(term, &mut Vec::new(), &mut cuts);
            cuts.into_iter()
                .map(|cut| Pattern {
                    sets: cut
                        .into_iter()
                        .map(|s| self.syllable_set(&[s], false))
                        .collect(),
                    kind: Kind::Sound,
                })
                .collect()
        } else {
            let sets: Vec<CodeSet> = term
                .bytes()
                .map(|letter| {
                    let starting: Vec<usize> = (0..self.syllables.len())
                        .filter(|&i| self.syllables[i].text.as_bytes()[0] == letter)
                        .collect();
                    self.syllable_set(&starting, true)
                })
                .collect();
            if sets.iter().any(CodeSet::is_empty) {
                return Vec::new();
            }
            vec![Pattern {
                sets,
                kind: Kind::Initials,
            }]
        }
    }

    /// The pattern of characters that sound like `term` (气像 → 气象 and every other pair read
    /// qi xiang), when every char of it has a known reading and it has at least 2 chars;
    /// `None` otherwise.
    pub(super) fn homophones(&self, term: &str) -> Option<Pattern> {
        if self.is_empty() || term.chars().count() < 2 {
            return None;
        }
        let sets = term
            .chars()
            .map(|c| match self.code(c) {
                0 => None,
                code => Some(self.syllable_set(&self.of_char[usize::from(code) - 1], false)),
            })
            .collect::<Option<Vec<CodeSet>>>()?;
        Some(Pattern {
            sets,
            kind: Kind::Sound,
        })
    }

    /// The codes of every character having one of the syllables `which` (indices), or with
    /// `usual_only`, of those whose usual reading it is.
    fn syllable_set(&self, which: &[usize], usual_only: bool) -> CodeSet {
        let mut set = CodeSet::empty(self.chars.len() + 1);
        for &i in which {
            let s = &self.syllables[i];
            let n = if usual_only { s.usual } else { s.codes.len() };
            for &code in &s.codes[..n] {
                set.insert(code);
            }
        }
        set
    }

    /// Every way (up to [`MAX_CUTS`]) of cutting `rest` into known syllables, appended to
    /// `out` as syllable indices after `so_far`.
    fn cut(&self, rest: &str, so_far: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if out.len() == MAX_CUTS {
            return;
        }
        if rest.is_empty() {
            out.push(so_far.clone());
            return;
        }
        for len in (1..=MAX_SYLLABLE.min(rest.len())).rev() {
            let head = &rest[..len];
            if let Ok(i) = self
                .syllables
                .binary_search_by(|s| s.text.as_str().cmp(head))
            {
                so_far.push(i);
                self.cut(&rest[len..], so_far, out);
                so_far.pop();
            }
        }
    }
}

impl Pattern {
    /// How many characters a match covers.
    pub(super) fn len(&self) -> usize {
        self.sets.len()
    }

    /// The codes of the characters the pattern accepts at its `j`-th character.
    pub(super) fn members(&self, j: usize) -> impl Iterator<Item = u16> + '_ {
        let set = &self.sets[j].0;
        (0..set.len())
            .filter(move |&c| set[c])
            .filter_map(|c| u16::try_from(c).ok())
    }

    /// True when the pattern matches `codes` at `at`.
    pub(super) fn matches_at(&self, codes: &[u16], at: usize) -> bool {
        codes.len() >= at + self.sets.len()
            && self
                .sets
                .iter()
                .zip(&codes[at..])
                .all(|(set, &code)| set.has(code))
    }

    /// Every position in `codes` where the pattern matches, in increasing order.
    pub(super) fn find<'a>(&'a self, codes: &'a [u16]) -> impl Iterator<Item = usize> + 'a {
        let first = &self.sets[0];
        let last_start = (codes.len() + 1).saturating_sub(self.sets.len());
        (0..last_start).filter(move |&p| first.has(codes[p]) && self.matches_at(codes, p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sounds(pinyin: &str) -> Sounds {
        Sounds::new(&Readings {
            version: READINGS_VERSION,
            pinyin: pinyin.into(),
        })
    }

    const READINGS: &str = "an安 chang长场 chong|重 hang航|行 kong空控 qi气起 tong童 xi西 xian先 \
                            xiang象像 xing行 zhang|长 zhong重中|童";

    fn found(s: &Sounds, p: &Pattern, text: &str) -> Vec<usize> {
        p.find(&s.encode(text)).collect()
    }

    #[test]
    fn readings_of_another_version_or_malformed_groups_are_not_used() {
        let old = Sounds::new(&Readings {
            version: 0,
            pinyin: READINGS.into(),
        });
        assert!(old.is_empty());
        assert!(old.latin("hangkong").is_empty());
        let s = sounds("HANG航 toolongsyllable行 kong 空 qi气 an安 xi西");
        assert_eq!(s.code('航'), 0);
        assert_eq!(s.code('行'), 0);
        assert_eq!(s.code('安'), 0, "an after qi: out of order");
        assert_ne!(s.code('气'), 0);
        assert_ne!(s.code('西'), 0);
        // Outside the table (CJK Extension B): found by a scan.
        let rare = sounds("a𠀀");
        assert_eq!(rare.char_of(rare.code('𠀀')), Some('𠀀'));
        assert_eq!(s.char_of(s.code('气')), Some('气'));
        assert_eq!(s.char_of(0), None);
    }

    #[test]
    fn full_pinyin_matches_consecutive_characters_by_any_reading() {
        let s = sounds(READINGS);
        let p = s.latin("hangkong");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].kind, Kind::Sound);
        assert_eq!(found(&s, &p[0], "科技航空，行控"), [2, 5]);
        assert!(
            found(&s, &p[0], "航 空").is_empty(),
            "not across other chars"
        );
        // Polyphones: 重 is chong and zhong, 长 chang and zhang, 行 hang and xing.
        assert_eq!(found(&s, &s.latin("chong")[0], "重"), [0]);
        assert_eq!(found(&s, &s.latin("zhong")[0], "重中"), [0, 1]);
        assert_eq!(found(&s, &s.latin("xing")[0], "行"), [0]);
        assert_eq!(found(&s, &s.latin("zhang")[0], "长"), [0]);
    }

    #[test]
    fn a_term_is_cut_into_syllables_every_known_way() {
        let s = sounds(READINGS);
        let p = s.latin("xian");
        assert_eq!(p.len(), 2, "xian and xi an");
        let hits: Vec<Vec<usize>> = p.iter().map(|p| found(&s, p, "先西安")).collect();
        assert!(
            hits.contains(&vec![0]) && hits.contains(&vec![1]),
            "{hits:?}"
        );
        assert!(s.latin("hangxyz").is_empty(), "no cut: no pattern");
    }

    #[test]
    fn consonants_only_are_initials_and_single_letters_nothing() {
        let s = sounds(READINGS);
        let p = s.latin("hk");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].kind, Kind::Initials);
        assert_eq!(found(&s, &p[0], "航空 行控"), [0], "行 is usually xing");
        assert_eq!(found(&s, &s.latin("xk")[0], "航空 行控"), [3]);
        assert!(
            found(&s, &s.latin("zz")[0], "重童").is_empty(),
            "童 is usually tong"
        );
        assert_eq!(found(&s, &s.latin("zz")[0], "重中"), [0]);
        assert!(s.latin("h").is_empty());
        assert!(s.latin("bq").is_empty(), "no syllable starts with b here");
        assert!(s.latin("hang1").is_empty());
        // A term with a vowel is never read as initials.
        assert!(s.latin("ai").iter().all(|p| p.kind == Kind::Sound));
    }

    #[test]
    fn homophones_match_characters_read_the_same() {
        let s = sounds(READINGS);
        let p = s.homophones("气像").expect("both chars have readings");
        assert_eq!(found(&s, &p, "参观气象馆"), [2]);
        assert_eq!(found(&s, &s.homophones("行空").unwrap(), "航空"), [0]);
        assert!(s.homophones("气").is_none(), "one char: too loose");
        assert!(s.homophones("气候").is_none(), "候 has no known reading");
    }
}
