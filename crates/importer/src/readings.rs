//! The readings stage: the toneless pinyin of every Han character that occurs anywhere in the
//! dataset (the notice's own text included), every reading of a polyphone included, written
//! into the dataset in the compact form of [`Readings::pinyin`]. Only the characters that occur
//! are listed, so the app carries no pinyin table of its own.
//!
//! Why every field and not only the searched ones: a homophone typed by mistake (气像 for 气象)
//! can only be read if its character is listed, and the notice's prose (…影像及媒体报道…) holds
//! many of the characters a parent's keyboard offers for the same sound.

use std::collections::{BTreeMap, BTreeSet};

use pinyin::{ToPinyin, ToPinyinMulti};

use yubei_core::model::{Dataset, Readings, READINGS_VERSION};

/// The readings of the Han characters of every text in `ds` (see the module doc), whatever
/// `ds.readings` holds. The same dataset always gives the same string: groups in syllable
/// order, characters in code point order.
pub fn readings_of(ds: &Dataset) -> Readings {
    let without = Dataset {
        readings: Readings::default(),
        ..ds.clone()
    };
    // Every string of the dataset, whatever its field: the serialized form has them all.
    let text = serde_json::to_string(&without).unwrap_or_default();
    let chars: BTreeSet<char> = text.chars().collect();
    // Per syllable: the chars whose usual reading it is, and those that have it as another.
    let mut groups: BTreeMap<String, (String, String)> = BTreeMap::new();
    for c in chars {
        for (i, syllable) in syllables(c).into_iter().enumerate() {
            let (usual, other) = groups.entry(syllable).or_default();
            if i == 0 { usual } else { other }.push(c);
        }
    }
    let entries: Vec<String> = groups
        .into_iter()
        .map(|(s, (usual, other))| match other.is_empty() {
            true => s + &usual,
            false => s + &usual + "|" + &other,
        })
        .collect();
    Readings {
        version: READINGS_VERSION,
        pinyin: entries.join(" "),
    }
}

/// Every distinct toneless reading of `c`, its usual one first (重 zhong, then chong), ü
/// written `v` (`lv`); none for a character that is not Han. A reading that would not be plain
/// `a`–`z` (the interjections ê, m̄, ń) is left out: nobody types it.
fn syllables(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let usual = c.to_pinyin();
    for reading in usual
        .into_iter()
        .chain(c.to_pinyin_multi().into_iter().flatten())
    {
        let s = reading.plain().replace('ü', "v");
        if s.bytes().all(|b| b.is_ascii_lowercase()) && !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use yubei_core::testing::fixtures::empty_week;

    #[test]
    fn polyphones_have_every_reading_and_other_chars_none() {
        let has = |c: char, s: &str| syllables(c).iter().any(|r| r == s);
        assert!(has('重', "chong") && has('重', "zhong"));
        assert_eq!(syllables('重')[0], "zhong", "the usual reading first");
        assert_eq!(syllables('行')[0], "xing");
        assert!(has('行', "hang") && has('行', "xing"));
        assert!(has('长', "chang") && has('长', "zhang"));
        assert_eq!(syllables('绿')[0], "lv", "ü written v");
        assert!(syllables('a').is_empty());
        assert!(syllables('，').is_empty());
        assert!(syllables('5').is_empty());
    }

    #[test]
    fn the_chars_of_every_field_grouped_by_syllable() {
        let mut ds = empty_week();
        ds.notice.issuer = "渝北".into();
        ds.week.theme = "创新".into();
        ds.activities.push(yubei_core::model::Activity {
            id: "a1".into(),
            number: 1,
            title: "重庆 AI".into(),
            description: "航行".into(),
            units: vec!["区科协".into()],
        });
        let r = readings_of(&ds);
        assert_eq!(r.version, READINGS_VERSION);
        let groups: Vec<&str> = r.pinyin.split(' ').collect();
        // 重 is usually zhong, sometimes chong; 行 usually xing, sometimes hang.
        assert!(groups.contains(&"chong|重"), "{}", r.pinyin);
        assert!(groups.contains(&"zhong重"), "{}", r.pinyin);
        assert!(groups.contains(&"hang航|行"), "{}", r.pinyin);
        assert!(groups.contains(&"xing行"), "{}", r.pinyin);
        // The notice and the week's theme are read too: a homophone may be typed from them.
        assert!(
            groups.contains(&"yu渝") || r.pinyin.contains('渝'),
            "{}",
            r.pinyin
        );
        assert!(r.pinyin.contains("chuang创"), "{}", r.pinyin);
        // Latin letters, digits and punctuation have no reading.
        assert!(!r.pinyin.contains('A') && !r.pinyin.contains('，'));
        let order: Vec<&str> = groups
            .iter()
            .map(|g| g.trim_end_matches(|c: char| !c.is_ascii_lowercase()))
            .collect();
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(order, sorted);
        assert_eq!(readings_of(&ds), r);
        // The readings already in the dataset are not read again.
        let again = Dataset {
            readings: r.clone(),
            ..ds
        };
        assert_eq!(readings_of(&again), r);
    }
}
