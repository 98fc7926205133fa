//! The loader's tests: bodies of every shape and size, bounded steps, errors; bad records are
//! in `records`.

use super::*;
use crate::search::Query;
use crate::testing::COMMITTED;

const QUERIES: [&str; 7] = [
    "航空",
    "气象",
    "ai",
    "青铜器 正妆",
    "",
    "渝北",
    "场馆免费开放",
];

/// Runs the loader to the end with `budget`, returning the data and the number of steps.
fn load<B: AsRef<[u8]> + ?Sized>(body: &B, budget: usize) -> Result<(AppData, usize), DataError> {
    let mut loader = DatasetLoader::new(body.as_ref().to_vec());
    let mut steps = 1;
    loop {
        if let Some(data) = loader.step(budget)? {
            return Ok((data, steps));
        }
        steps += 1;
    }
}

/// Loads `body` with several budgets and checks each result against serde_json's parse
/// and a one-shot index. Returns the steps taken with budget 1.
fn assert_loads_like_serde<B: AsRef<[u8]> + ?Sized>(body: &B) -> usize {
    let body = body.as_ref();
    let expected: Dataset = serde_json::from_slice(body).unwrap();
    let index = SearchIndex::new(&expected);
    let mut steps_at_1 = 0;
    for budget in [1, 2, 7, usize::MAX] {
        let (data, steps) = load(body, budget).unwrap();
        assert_eq!(*data.ds, expected, "budget {budget}");
        assert!(!data.offline);
        assert!(data.skipped.is_empty(), "{:?}", data.skipped);
        assert_eq!(
            *data.ids,
            crate::model::Ids::of(&expected),
            "budget {budget}"
        );
        for s in &expected.sessions {
            assert_eq!(data.session(&s.id), expected.session(&s.id));
        }
        for b in &expected.bases {
            assert_eq!(data.base(&b.id), expected.base(&b.id));
        }
        assert_eq!(data.session("s0"), None);
        assert_eq!(data.base("b0"), None);
        for q in QUERIES {
            let q = Query::parse(q);
            assert_eq!(data.index.sessions(&q), index.sessions(&q), "{q:?}");
            assert_eq!(data.index.activities(&q), index.activities(&q), "{q:?}");
        }
        assert_eq!(
            format!("{:?}", data.index),
            format!("{index:?}"),
            "budget {budget}"
        );
        if budget == 1 {
            steps_at_1 = steps;
        }
    }
    steps_at_1
}

fn committed() -> serde_json::Value {
    serde_json::from_str(COMMITTED).unwrap()
}

/// The object's members as JSON text, in the given key order.
fn with_keys(value: &serde_json::Value, keys: &[&str]) -> String {
    let members: Vec<String> = keys
        .iter()
        .map(|k| format!("{k:?}:{}", value[*k]))
        .collect();
    format!("{{{}}}", members.join(","))
}

const FILE_ORDER: [&str; 7] = [
    "version",
    "notice",
    "week",
    "activities",
    "bases",
    "sessions",
    "readings",
];

/// [`FILE_ORDER`] with the sessions last, for the tests that edit the body's end.
const SESSIONS_LAST: [&str; 7] = [
    "version",
    "notice",
    "week",
    "activities",
    "bases",
    "readings",
    "sessions",
];

/// A dataset cached before readings existed loads as it always did, with no readings (then
/// search is literal only).
#[test]
fn a_dataset_without_readings_loads() {
    let value = committed();
    let old = with_keys(&value, &FILE_ORDER[..6]);
    assert_loads_like_serde(&old);
    let data = load(&old, 1).unwrap().0;
    assert_eq!(data.ds.readings, crate::model::Readings::default());
    assert_eq!(data.ds.sessions.len(), 24);
}

/// `json` (compact) with whitespace of every kind around every structural char.
fn spaced(json: &str) -> String {
    let mut out = String::from(" \r\n");
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
            out.push(c);
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' | ',' | ':' | '}' | ']' => {
                out.push_str("\n\t ");
                out.push(c);
                out.push_str(" \r\n");
            }
            _ => out.push(c),
        }
    }
    out.push_str("\n\n");
    out
}

/// The committed dataset grown to about `sessions` sessions: copies of the real sessions
/// with new ids and titles, held at copies of the real bases with new ids and names.
fn grown(sessions: usize) -> Dataset {
    let mut ds: Dataset = serde_json::from_str(COMMITTED).unwrap();
    let (real_bases, real_sessions) = (ds.bases.clone(), ds.sessions.clone());
    let mut round = 1;
    while ds.sessions.len() < sessions {
        for b in &real_bases {
            let mut b = b.clone();
            b.id = format!("{}x{round}", b.id);
            b.name = format!("{}第{round}分馆", b.name);
            ds.bases.push(b);
        }
        for s in &real_sessions {
            let mut s = s.clone();
            s.id = format!("{}x{round}", s.id);
            s.base = format!("{}x{round}", s.base);
            s.title = format!("{}（第{round}期）", s.title);
            ds.sessions.push(s);
        }
        round += 1;
    }
    ds
}

#[test]
fn committed_dataset_loads() {
    let data = AppData::from_json(COMMITTED).unwrap();
    assert_eq!(data.ds.bases.len(), 13);
}

#[test]
fn committed_dataset_loads_like_serde_whatever_the_budget() {
    let steps = assert_loads_like_serde(COMMITTED);
    let ds = &AppData::from_json(COMMITTED).unwrap().ds;
    let elements = ds.activities.len() + ds.bases.len() + ds.sessions.len();
    // One element read and one indexed per step, at least.
    assert!(steps >= 2 * elements, "{steps} steps");
}

#[test]
fn a_large_dataset_loads_in_many_bounded_steps() {
    let ds = grown(2_000);
    assert!(ds.sessions.len() >= 2_000 && ds.bases.len() >= 1_000);
    let body = serde_json::to_string_pretty(&ds).unwrap();
    let items = ds.activities.len() + ds.bases.len() + ds.sessions.len();
    let steps = assert_loads_like_serde(&body);
    assert!(steps >= 2 * items, "{steps} steps for {items} items");
    // A step of budget 20 reads or indexes at most 20 items.
    let (_, steps) = load(&body, 20).unwrap();
    assert!(steps >= 2 * items / 20, "{steps} steps");
    assert!(steps < items, "{steps} steps");

    // With the version last, every array is skipped by the scan first, a bounded number
    // of bytes at a time, and read after the head.
    let value = serde_json::to_value(&ds).unwrap();
    let mut keys = FILE_ORDER;
    keys.rotate_left(1);
    let body = with_keys(&value, &keys);
    assert_loads_like_serde(&body);
    let (_, steps) = load(&body, 1).unwrap();
    assert!(
        steps >= body.len() / SCAN_BYTES + 2 * items,
        "{steps} steps"
    );
}

#[test]
fn keys_in_any_order_load_the_same() {
    let value = committed();
    let mut keys = FILE_ORDER;
    keys.reverse();
    // Sessions first, version last; then every rotation of the file's order.
    assert_loads_like_serde(&with_keys(&value, &keys));
    for _ in 0..FILE_ORDER.len() {
        keys.rotate_left(1);
        assert_loads_like_serde(&with_keys(&value, &keys));
    }
    // Keys the model does not know are ignored, as serde does.
    let mut keys = FILE_ORDER.to_vec();
    keys.insert(3, "extra");
    let mut value = value;
    value["extra"] = serde_json::json!({"sessions": [1, "]"], "version": 2});
    assert_loads_like_serde(&with_keys(&value, &keys));
}

#[test]
fn whitespace_anywhere_loads_the_same() {
    let compact = serde_json::to_string(&committed()).unwrap();
    assert_loads_like_serde(&compact);
    let body = spaced(&with_keys(&committed(), &FILE_ORDER));
    assert!(body.contains("\"sessions\"\n\t : \r\n\n\t [ \r\n"));
    assert_loads_like_serde(&body);
    let mut keys = FILE_ORDER;
    keys.reverse();
    assert_loads_like_serde(&spaced(&with_keys(&committed(), &keys)));
}

#[test]
fn empty_arrays_load() {
    let mut value = committed();
    value["sessions"] = serde_json::json!([]);
    for body in [
        with_keys(&value, &FILE_ORDER),
        spaced(&with_keys(&value, &FILE_ORDER)),
    ] {
        assert_loads_like_serde(&body);
        let data = AppData::from_json(&body).unwrap();
        assert!(data.ds.sessions.is_empty());
        assert!(data.index.sessions(&Query::default()).is_empty());
    }
    value["activities"] = serde_json::json!([]);
    value["bases"] = serde_json::json!([]);
    assert_loads_like_serde(&value.to_string());
}

#[test]
fn escaped_keys_are_still_read_exactly() {
    let body = with_keys(&committed(), &FILE_ORDER)
        .replacen("\"sessions\"", "\"sess\\u0069ons\"", 1)
        .replacen("\"version\"", "\"\\u0076ersion\"", 1);
    assert_loads_like_serde(&body);
}

fn parse_error<B: AsRef<[u8]> + ?Sized>(body: &B) -> String {
    let body = body.as_ref();
    for budget in [1, 7, usize::MAX] {
        match load(body, budget) {
            Err(DataError::Parse(m)) => {
                if budget == usize::MAX {
                    return m;
                }
            }
            other => panic!("budget {budget}: {:?}", other.map(|(_, s)| s)),
        }
    }
    unreachable!()
}

#[test]
fn garbage_and_wrong_version_are_typed_errors() {
    assert!(matches!(
        AppData::from_json("{not json"),
        Err(DataError::Parse(_))
    ));
    let mut value = committed();
    value["version"] = serde_json::json!(99);
    let err = AppData::from_json(&value.to_string()).err().unwrap();
    assert_eq!(err, DataError::Version(99));
    assert!(err.to_string().contains("99"));
}

#[test]
fn bad_bodies_are_parse_errors() {
    for body in [
        "",
        "  ",
        "null",
        "[]",
        "{}",
        "\"x\"",
        "{\"version\":1}",
        "{\"sessions\":[",
    ] {
        parse_error(body);
    }
    let good = with_keys(&committed(), &SESSIONS_LAST);
    let sessions = good.find("\"sessions\":[").unwrap();
    // `good` with the first `from` in the sessions array replaced by `to`.
    let in_sessions = |from: &str, to: &str| {
        let (head, rest) = good.split_at(sessions);
        format!("{head}{}", rest.replacen(from, to, 1))
    };
    // Invalid JSON in the head and in an element.
    parse_error(&good.replacen("\"issuer\":", "\"issuer\"", 1));
    let m = parse_error(&in_sessions("\"place\":", "\"place\""));
    assert!(m.starts_with("sessions[0]: expected `:`"), "{m}");
    // A missing field and a bad date at the top. (In a record, they leave that record
    // out: see `bad_records_are_left_out_and_named` and what follows it.)
    let keys: Vec<&str> = FILE_ORDER.into_iter().filter(|k| *k != "week").collect();
    let m = parse_error(&with_keys(&committed(), &keys));
    assert!(m.contains("missing field `week`"), "{m}");
    let m = parse_error(&good.replacen("\"2024-05-17\"", "\"2024-13-17\"", 1));
    assert!(m.contains("日期不存在：2024-13-17"), "{m}");
    // Trailing garbage, after whitespace too, and a multi-byte char.
    for tail in ["x", " \n}", "]", "{}", "  航", ","] {
        let m = parse_error(&format!("{good}{tail}"));
        assert!(m.contains("trailing"), "{tail}: {m}");
    }
    assert_loads_like_serde(&format!("{good} \n\t\r\n"));
    // Form feed is not JSON whitespace, between elements either.
    parse_error(&in_sessions("},{", "}\u{c},{"));
    // A trailing comma, a missing comma, a null for an array, a duplicate key.
    parse_error(&format!("{}}},]}}", good.strip_suffix("}]}").unwrap()));
    let m = parse_error(&in_sessions("},{", "}{"));
    assert!(m.starts_with("sessions[0]: expected `,` or `]`"), "{m}");
    parse_error(&good.replacen("],\"bases\":", "]\"bases\":", 1));
    let mut value = committed();
    value["sessions"] = serde_json::Value::Null;
    parse_error(&with_keys(&value, &FILE_ORDER));
    let m = parse_error(&format!(
        "{},\"sessions\":[]}}",
        good.strip_suffix('}').unwrap()
    ));
    assert!(m.contains("duplicate field `sessions`"), "{m}");
}

/// `body` with its first `marker` replaced by `bytes`.
fn splice(body: &[u8], marker: &str, bytes: &[u8]) -> Vec<u8> {
    let marker = marker.as_bytes();
    let at = body
        .windows(marker.len())
        .position(|w| w == marker)
        .unwrap();
    [&body[..at], bytes, &body[at + marker.len()..]].concat()
}

#[test]
fn invalid_utf8_is_a_parse_error_that_points_at_it() {
    // Latin-1 é, a lone continuation byte, 航 cut short, an overlong `/`, a surrogate.
    let bad: [&[u8]; 5] = [
        b"caf\xe9!",
        b"\x80",
        b"\xe8\x88",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
    ];
    let mut value = committed();
    value["sessions"][4]["title"] = serde_json::json!("@title@");
    value["bases"][1]["name"] = serde_json::json!("@name@");
    value["notice"]["plan_title"] = serde_json::json!("@plan@");
    let mut last = FILE_ORDER;
    last.rotate_left(1);
    let mut reversed = FILE_ORDER;
    reversed.reverse();
    // The arrays read in place (the version first), or after the head (the version last).
    for keys in [FILE_ORDER, last, reversed] {
        let good = with_keys(&value, &keys);
        for bytes in bad {
            let invalid = std::str::from_utf8(bytes).unwrap_err().valid_up_to();
            let error = |marker: &str| parse_error(&splice(good.as_bytes(), marker, bytes));
            // Where the invalid byte is, counted from `from`, as serde counts columns.
            let column = |marker: &str, from: usize| {
                let at = good.find(marker).unwrap() + invalid - from + 1;
                format!("invalid unicode code point at line 1 column {at}")
            };
            // The head's columns count the body without the arrays' elements: the same
            // as the body's before the first array.
            let m = error("@plan@");
            let at = |key| keys.iter().position(|k| *k == key);
            if at("notice") < at("activities") {
                assert_eq!(m, column("@plan@", 0));
            }
            assert!(
                m.starts_with("invalid unicode code point at line 1 column "),
                "{m}"
            );
            // An element's columns count from its start (a session has no nested object).
            let session = good[..good.find("@title@").unwrap()].rfind('{').unwrap();
            let m = error("@title@");
            assert_eq!(m, format!("sessions[4]: {}", column("@title@", session)));
            let m = error("@name@");
            assert!(
                m.starts_with("bases[1]: invalid unicode code point at "),
                "{m}"
            );
            // In a key (the first `place` is the first session's).
            let key = [&b"\"pl"[..], bytes, b"ce\""].concat();
            let m = parse_error(&splice(good.as_bytes(), "\"place\"", &key));
            assert!(
                m.starts_with("sessions[0]: invalid unicode code point at "),
                "{m}"
            );
        }
    }
}

#[test]
fn invalid_utf8_in_a_string_serde_skips_is_dropped_with_it() {
    // The value of a key the model does not know, in an element and at the top: serde
    // skips it unread (as `serde_json::from_slice` does) and it is dropped.
    let mut value = committed();
    value["sessions"][4]["extra"] = serde_json::json!("@session@");
    value["extra"] = serde_json::json!(["@head@"]);
    let mut keys = FILE_ORDER.to_vec();
    keys.insert(1, "extra");
    let body = with_keys(&value, &keys);
    let body = splice(body.as_bytes(), "@session@", b"caf\xe9");
    let body = splice(&body, "@head@", b"\xff\xfe");
    assert_loads_like_serde(&body);
    let expected: Dataset = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(*load(&body, 1).unwrap().0.ds, expected);
}

#[test]
fn bodies_not_in_utf8_are_parse_errors() {
    let good = with_keys(&committed(), &FILE_ORDER);
    // 8-bit encodings, Latin-1 (é is E9) or GBK (中 is D6 D0): their other bytes are not
    // UTF-8.
    for other in [&b"\xe9"[..], b"\xd6\xd0"] {
        let body: Vec<u8> = good
            .chars()
            .flat_map(|c| {
                if c.is_ascii() {
                    vec![c as u8]
                } else {
                    other.to_vec()
                }
            })
            .collect();
        let m = parse_error(&body);
        assert!(
            m.contains("invalid unicode code point at line 1 column "),
            "{m}"
        );
    }
    // UTF-16, in either byte order, with and without a byte order mark.
    let le: Vec<u8> = good.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = good.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let boms = [
        [&b"\xff\xfe"[..], &le].concat(),
        [&b"\xfe\xff"[..], &be].concat(),
    ];
    for body in [le, be].into_iter().chain(boms) {
        let m = parse_error(&body);
        assert!(
            m.ends_with(" at line 1 column 1") || m.ends_with(" at line 1 column 2"),
            "{m}"
        );
    }
    // A UTF-8 byte order mark is not JSON either (`fetch_dataset` drops it, as `text()` did).
    let m = parse_error(&[&b"\xef\xbb\xbf"[..], good.as_bytes()].concat());
    assert_eq!(m, "expected value at line 1 column 1");
    // After the top-level object.
    let m = parse_error(&[good.as_bytes(), b"\xff"].concat());
    assert!(m.starts_with("trailing characters"), "{m}");
}

#[test]
fn truncated_bodies_are_parse_errors() {
    let mut keys = FILE_ORDER;
    let in_order = with_keys(&committed(), &keys);
    keys.reverse();
    for body in [in_order, spaced(&with_keys(&committed(), &keys))] {
        // Every cut before the closing brace.
        let end = body.trim_end().len() - 1;
        // Bytes: inside a multi-byte char too.
        for cut in (0..=end).step_by(97).chain([end]) {
            parse_error(&body.as_bytes()[..cut]);
        }
    }
}

#[test]
fn the_version_is_checked_before_the_arrays_are_read() {
    let mut value = committed();
    value["version"] = serde_json::json!(2);
    // A session that does not parse: a wrong version is reported, not the session.
    value["sessions"][3] = serde_json::json!({"schema": "v2"});
    let mut keys = FILE_ORDER;
    for _ in 0..keys.len() {
        let body = with_keys(&value, &keys);
        for budget in [1, usize::MAX] {
            assert_eq!(load(&body, budget).err(), Some(DataError::Version(2)));
        }
        keys.rotate_left(1);
    }
    // A version that comes first fails at once: the scan stops at it.
    let body = with_keys(&value, &FILE_ORDER);
    let mut loader = DatasetLoader::new(body.into_bytes());
    assert_eq!(loader.step(1).err(), Some(DataError::Version(2)));
    value["version"] = serde_json::json!(0);
    assert_eq!(
        AppData::from_json(&value.to_string()).err(),
        Some(DataError::Version(0))
    );
    // Not a version number at all: serde's message.
    value["version"] = serde_json::json!("1");
    let m = parse_error(&with_keys(&value, &FILE_ORDER));
    assert!(m.contains("expected u32"), "{m}");
}

#[test]
fn steps_after_the_outcome_repeat_it() {
    let mut loader = DatasetLoader::new(COMMITTED.as_bytes().to_vec());
    let data = loop {
        if let Some(data) = loader.step(3).unwrap() {
            break data;
        }
    };
    let again = loader.step(3).unwrap().unwrap();
    assert!(Arc::ptr_eq(&data.ds, &again.ds));
    let mut loader = DatasetLoader::new(b"{".to_vec());
    let err = loop {
        match loader.step(1) {
            Ok(None) => {}
            other => break other.err(),
        }
    };
    assert!(matches!(err, Some(DataError::Parse(_))), "{err:?}");
    assert_eq!(loader.step(1).err(), err);
}

mod records;
