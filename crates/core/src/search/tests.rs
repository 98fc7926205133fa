//! The search module's tests, on the fixture and on the committed dataset.

use super::keywords::STOPWORDS;
use super::*;
use crate::model::Dataset;
use crate::testing::fixtures::{by_title, committed, dataset, empty_week};
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
    let notice = include_str!("../../../../data/notice-2024.txt");
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
    let notice = include_str!("../../../../data/notice-2024.txt");
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
    let ds: Dataset = committed();
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
    let empty = empty_week();
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
    let words = keyword_suggestions(&ds, &index, 6);
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
    assert_eq!(keyword_suggestions(&ds, &index, 6), words);
    assert_eq!(keyword_suggestions(&ds, &index, 2), words[..2]);
    assert!(keyword_suggestions(&ds, &index, 0).is_empty());
    // In slices of any size, the same words.
    for budget in [1, 2, 7] {
        let mut builder = KeywordBuilder::new(6);
        let mut steps = 0;
        let sliced = loop {
            steps += 1;
            if let Some(words) = builder.step(&ds, &index, budget) {
                break words;
            }
        };
        assert_eq!(sliced, words, "budget {budget}");
        assert!(steps > 1, "budget {budget}: one step");
    }
}

#[test]
fn suggestions_on_the_real_dataset() {
    let ds: Dataset = committed();
    let index = SearchIndex::new(&ds);
    let words = keyword_suggestions(&ds, &index, 8);
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
    let before = keyword_suggestions(&ds, &SearchIndex::new(&ds), 20);
    assert!(before.iter().any(|w| w == "青铜器"), "{before:?}");
    // Renaming the second 青铜器 session leaves 青铜器 in one text only: no longer a word.
    let i = by_title(&ds, "探寻礼的印记——为青铜器正妆");
    ds.sessions[i].title = "探寻礼的印记".into();
    let after = keyword_suggestions(&ds, &SearchIndex::new(&ds), 20);
    assert!(!after.iter().any(|w| w.contains("青铜")), "{after:?}");
    ds.sessions.clear();
    assert!(keyword_suggestions(&ds, &SearchIndex::new(&ds), 5).is_empty());
}

/// The real dataset, as committed (with its readings).
fn real() -> (Dataset, SearchIndex) {
    let ds: Dataset = committed();
    let index = SearchIndex::new(&ds);
    (ds, index)
}

fn ids(ds: &Dataset, found: &[usize]) -> Vec<String> {
    found.iter().map(|&i| ds.sessions[i].id.clone()).collect()
}

const AVIATION: &str = "sc1f26eef";
const WEATHER: [&str; 2] = ["s60731c05", "s71418e15"];

#[test]
fn pinyin_full_spaced_mixed_case_and_initials_find_aviation() {
    let (ds, index) = real();
    for q in ["hangkong", "hang kong", "HangKong", "ＨＡＮＧＫＯＮＧ"] {
        let found = ids(&ds, &index.sessions(&Query::parse(q)));
        assert_eq!(found, [AVIATION], "{q}");
    }
    // hk is also 化科 in 再升空气净化科普基地: initials are looser, both are found.
    let hk = ids(&ds, &index.sessions(&Query::parse("hk")));
    assert!(
        hk.contains(&AVIATION.to_string()) && hk.len() == 2,
        "{hk:?}"
    );
    // The base is found through its name (华夏云翼航空科普基地) too.
    let base = ds
        .bases
        .iter()
        .position(|b| b.name.contains("航空"))
        .unwrap();
    let coded = index.highlight(&ds.bases[base].name, &Query::parse("hangkong"));
    assert!(coded.iter().any(|s| s.hit && s.text == "航空"), "{coded:?}");
}

#[test]
fn qixiang_and_the_homophone_find_both_weather_sessions() {
    let (ds, index) = real();
    for q in ["qixiang", "气像", "qxkpg"] {
        let mut found = ids(&ds, &index.sessions(&Query::parse(q)));
        found.sort();
        assert_eq!(found, WEATHER, "{q}");
    }
    assert_eq!(
        index.heard_as(&Query::parse("气像")).as_deref(),
        Some("气象")
    );
    assert_eq!(index.heard_as(&Query::parse("气象")), None, "a literal hit");
    assert_eq!(
        index.heard_as(&Query::parse("qixiang")),
        None,
        "pinyin, not a homophone"
    );
    let q = Query::parse("气像");
    let marked = index.highlight("重庆市气象科普馆", &q);
    assert_eq!(
        marked,
        [
            Segment {
                text: "重庆市".into(),
                hit: false
            },
            Segment {
                text: "气象".into(),
                hit: true
            },
            Segment {
                text: "科普馆".into(),
                hit: false
            },
        ]
    );
}

#[test]
fn polyphones_match_every_reading() {
    let (ds, index) = real();
    let literal = index.sessions(&Query::parse("重庆")).len();
    let by_sound = index.sessions(&Query::parse("chongqing"));
    assert!(
        literal > 10 && by_sound.len() >= literal,
        "{literal} {}",
        by_sound.len()
    );
    // 重 is also zhong; 重光小学 is read chong guang and zhong guang.
    let zhong = ids(&ds, &index.sessions(&Query::parse("zhongguang")));
    assert_eq!(zhong, ["s1ed891ab"]);
    // 行 in 同行 is read xing: 健康伴你同行.
    let xing = index.sessions(&Query::parse("tongxing"));
    assert_eq!(xing.len(), 2, "{:?}", ids(&ds, &xing));
}

#[test]
fn mixed_queries_and_literal_first() {
    let (ds, index) = real();
    // 航空 as written, jidi (基地) by pinyin: the aviation base is 华夏云翼航空科普基地.
    assert_eq!(
        ids(&ds, &index.sessions(&Query::parse("航空 jidi"))),
        [AVIATION]
    );
    // `ai` occurs as written (防范ai换脸诈骗) and as the pinyin of 爱 (if any): the literal
    // match comes first.
    let ai = ids(&ds, &index.sessions(&Query::parse("ai")));
    assert_eq!(ai.first().map(String::as_str), Some("s67f82fb6"), "{ai:?}");
}

#[test]
fn ranked_literal_then_pinyin_then_initials() {
    let (mut ds, _) = real();
    // A session that has `hangkong` written in letters, late in the dataset.
    let last = ds.sessions.len() - 1;
    ds.sessions[last].title.push_str(" HangKong");
    let index = SearchIndex::new(&ds);
    let found = ids(&ds, &index.sessions(&Query::parse("hangkong")));
    assert_eq!(found, [ds.sessions[last].id.as_str(), AVIATION]);
    // Pinyin before initials: with `ke` read by pinyin in one term, a session found by
    // initials in the other ranks after one found by pinyin in both.
    let found = index.sessions(&Query::parse("kepu jidi"));
    let initials = index.sessions(&Query::parse("kepu jd"));
    assert!(!found.is_empty() && found.iter().all(|i| initials.contains(i)));
}

/// The rule against flooding: a single letter only matches as written; initials need 2 or
/// more consonants and only match names (session titles, base names), so a common pair such
/// as `zz` cannot pull in every session whose long source text has some 组织/制作.
#[test]
fn short_latin_terms_do_not_flood() {
    let (ds, index) = real();
    let n = ds.sessions.len();
    for letter in ["z", "h", "q", "x"] {
        let literal: Vec<usize> = (0..n)
            .filter(|&i| {
                let s = &ds.sessions[i];
                [&s.title, &s.place, &s.source]
                    .iter()
                    .any(|t| normalize(t).contains(letter))
                    || s.note
                        .as_deref()
                        .is_some_and(|t| normalize(t).contains(letter))
                    || ds.base(&s.base).is_some_and(|b| {
                        normalize(&format!("{}{}{}", b.name, b.category, b.address))
                            .contains(letter)
                    })
            })
            .collect();
        let mut found = index.sessions(&Query::parse(letter));
        found.sort_unstable();
        assert_eq!(found, literal, "{letter}: as written only");
    }
    let zz = index.sessions(&Query::parse("zz"));
    assert!(zz.len() <= n / 8, "zz matched {} of {n}", zz.len());
    for i in zz {
        let s = &ds.sessions[i];
        let base = ds.base(&s.base).map(|b| b.name.as_str()).unwrap_or("");
        let names = format!("{} {}", s.title, base);
        assert!(
            index
                .highlight(&names, &Query::parse("zz"))
                .iter()
                .any(|g| g.hit),
            "{names}"
        );
    }
}

#[test]
fn a_dataset_without_readings_searches_literally() {
    let (mut ds, _) = real();
    ds.readings = crate::model::Readings::default();
    let index = SearchIndex::new(&ds);
    assert!(index.sessions(&Query::parse("hangkong")).is_empty());
    assert!(index.sessions(&Query::parse("气像")).is_empty());
    assert_eq!(index.heard_as(&Query::parse("气像")), None);
    assert_eq!(ids(&ds, &index.sessions(&Query::parse("航空"))), [AVIATION]);
    // Readings of an unknown version are ignored the same way.
    ds.readings = crate::model::Readings {
        version: crate::model::READINGS_VERSION + 1,
        pinyin: "hang航 kong空".into(),
    };
    let index = SearchIndex::new(&ds);
    assert!(index.sessions(&Query::parse("hangkong")).is_empty());
}

#[test]
fn the_builder_in_steps_codes_the_same_as_in_one_go() {
    let (ds, whole) = real();
    let mut b = IndexBuilder::new(&ds);
    while !b.step(&ds, 3) {}
    let stepped = b.finish(&ds);
    for q in ["hangkong", "qxkpg", "气像", "chongqing", "zz", "航空 jidi"] {
        let q = Query::parse(q);
        assert_eq!(stepped.sessions(&q), whole.sessions(&q));
        assert_eq!(stepped.activities(&q), whole.activities(&q));
    }
}
