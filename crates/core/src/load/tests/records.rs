//! One bad record does not hide the others.

use super::*;
use crate::load::records::{left_out, value_len};

/// Loads `value` every way: keys in the file's order (arrays read in place), the version
/// last (arrays read after the head), reversed and spaced out; budgets 1, 2, 7 and
/// unbounded. Every way gives the same dataset and report, and the search index is
/// exactly the one of the dataset loaded (it covers the sessions kept, no other).
fn load_every_way(value: &serde_json::Value) -> AppData {
    let mut last = FILE_ORDER;
    last.rotate_left(1);
    let mut reversed = FILE_ORDER;
    reversed.reverse();
    let bodies = [
        with_keys(value, &FILE_ORDER),
        with_keys(value, &last),
        spaced(&with_keys(value, &reversed)),
    ];
    let (first, _) = load(&bodies[0], usize::MAX).unwrap();
    for body in &bodies {
        for budget in [1, 2, 7, usize::MAX] {
            let (data, _) = load(body, budget).unwrap();
            assert_eq!(*data.ds, *first.ds, "budget {budget}");
            assert_eq!(data.skipped, first.skipped, "budget {budget}");
            assert_eq!(
                *data.ids,
                crate::model::Ids::of(&data.ds),
                "budget {budget}"
            );
            let index = SearchIndex::new(&data.ds);
            assert_eq!(format!("{:?}", data.index), format!("{index:?}"));
            let all = data.index.sessions(&Query::default());
            assert_eq!(all, (0..data.ds.sessions.len()).collect::<Vec<_>>());
        }
    }
    first
}

/// `value` without the elements at `positions` of each array, read by serde: what the
/// loader must keep of it.
fn without(value: &serde_json::Value, removed: &[(&str, &[usize])]) -> Dataset {
    let mut value = value.clone();
    for (array, positions) in removed {
        let items = value[*array].as_array_mut().unwrap();
        for &i in positions.iter().rev() {
            items.remove(i);
        }
    }
    serde_json::from_value(value).unwrap()
}

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

fn skipped(array: Array, position: usize, id: Option<&str>, reason: Reason) -> Skipped {
    left_out(array, position, id.map(str::to_owned), reason)
}

#[test]
fn bad_records_are_left_out_and_named() {
    let mut value = committed();
    let ids: Vec<String> = (value["sessions"].as_array().unwrap().iter())
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let sessions = &mut value["sessions"];
    // A date that does not exist, and one that is not a date.
    sessions[1]["start"] = "2024-02-30".into();
    sessions[3]["end"] = "5月25日".into();
    // A missing field, a wrong type (the JSON stays valid).
    sessions[4].as_object_mut().unwrap().remove("place");
    sessions[6]["title"] = 5.into();
    // Not an object; an object without an id.
    sessions[8] = serde_json::json!(42);
    sessions[9].as_object_mut().unwrap().remove("id");
    // Dates out of order, or only one of them.
    sessions[11]["end"] = "2024-05-25".into();
    sessions[12]["end"] = serde_json::Value::Null;
    sessions[13]["start"] = serde_json::Value::Null;
    // An id taken by an earlier session (kept), and a bad record with that id (left out
    // for its own reason).
    sessions[20]["id"] = ids[19].clone().into();
    sessions[21]["id"] = ids[19].clone().into();
    sessions[21]["start"] = "2024-06-31".into();
    let data = load_every_way(&value);
    let bad = [1, 3, 4, 6, 8, 9, 11, 12, 13, 20, 21];
    assert_eq!(*data.ds, without(&value, &[("sessions", &bad)]));
    assert_eq!(data.ds.sessions.len(), 24 - bad.len());
    let id = |i: usize| Some(ids[i].as_str());
    let expected = [
        skipped(
            Array::Sessions,
            1,
            id(1),
            Reason::Model("日期不存在：2024-02-30".into()),
        ),
        skipped(
            Array::Sessions,
            3,
            id(3),
            Reason::Model("日期不存在：5月25日".into()),
        ),
        skipped(
            Array::Sessions,
            4,
            id(4),
            Reason::MissingField("place".into()),
        ),
        skipped(Array::Sessions, 6, id(6), Reason::WrongType(Expected::Text)),
        skipped(
            Array::Sessions,
            8,
            None,
            Reason::WrongType(Expected::Object),
        ),
        skipped(Array::Sessions, 9, None, Reason::MissingField("id".into())),
        skipped(Array::Sessions, 11, id(11), Reason::EndBeforeStart),
        skipped(Array::Sessions, 12, id(12), Reason::PartialDates),
        skipped(Array::Sessions, 13, id(13), Reason::PartialDates),
        skipped(Array::Sessions, 20, id(19), Reason::DuplicateId),
        skipped(
            Array::Sessions,
            21,
            id(19),
            Reason::Model("日期不存在：2024-06-31".into()),
        ),
    ];
    assert_eq!(data.skipped[..], expected);
    // The one kept under the shared id is the first.
    let kept = data.ds.session(&ids[19]).unwrap();
    assert_eq!(kept.title, committed()["sessions"][19]["title"]);
    assert_eq!(
        data.ds.sessions.iter().filter(|s| s.id == ids[19]).count(),
        1
    );
    // Named by id, or by place without one.
    let m = skipped_message(&data.skipped[3..6]).unwrap();
    assert!(
        m.ends_with("、sessions[8]（类型不对：应为对象）、sessions[9]（缺少字段 id）。"),
        "{m}"
    );
}

#[test]
fn a_session_whose_base_is_unknown_is_kept_without_it_and_reported() {
    let mut value = committed();
    value["sessions"][7]["base"] = "bdeadbeef".into();
    // A base left out: its one session is kept without it.
    let base = value["bases"][1]["id"].as_str().unwrap().to_owned();
    value["bases"][1].as_object_mut().unwrap().remove("name");
    let orphans: Vec<usize> = (0..24)
        .filter(|&i| value["sessions"][i]["base"] == *base)
        .collect();
    assert_eq!(orphans, [2]);
    // And one left out for its dates, between them.
    value["sessions"][5]["start"] = "2024-06-30".into();
    let data = load_every_way(&value);
    let expected = without(&value, &[("sessions", &[5]), ("bases", &[1])]);
    assert_eq!(*data.ds, expected);
    let id = |i: usize| value["sessions"][i]["id"].as_str().map(str::to_owned);
    let kept = |i: usize, base: &str| Skipped {
        array: Array::Sessions,
        position: i,
        id: id(i),
        reason: Reason::UnknownBase(base.to_owned()),
        kept: true,
    };
    // Those left out as they are read, then those kept as they are indexed.
    assert_eq!(
        data.skipped[..],
        [
            left_out(
                Array::Bases,
                1,
                Some(base.clone()),
                Reason::MissingField("name".into())
            ),
            skipped(Array::Sessions, 5, id(5).as_deref(), Reason::EndBeforeStart),
            kept(2, &base),
            kept(7, "bdeadbeef"),
        ]
    );
    // It is listed, and found by its own words.
    let s7 = data.ds.session(id(7).as_deref().unwrap()).unwrap();
    assert_eq!(s7.base, "bdeadbeef");
    let i7 = data.ds.sessions.iter().position(|s| s.id == s7.id).unwrap();
    assert!(data.index.sessions(&Query::parse(&s7.title)).contains(&i7));
}

#[test]
fn bad_activities_and_bases_are_left_out_the_same_way() {
    let mut value = committed();
    value["activities"][0]["number"] = "一".into();
    value["activities"][7] = serde_json::json!(null);
    value["bases"][4]["contacts"] = serde_json::json!([{"name": "x"}]);
    let data = load_every_way(&value);
    let expected = without(&value, &[("activities", &[0, 7]), ("bases", &[4])]);
    assert_eq!(*data.ds, expected);
    let base = value["bases"][4]["id"].as_str().unwrap().to_owned();
    let orphan = Skipped {
        array: Array::Sessions,
        position: 5,
        id: value["sessions"][5]["id"].as_str().map(str::to_owned),
        reason: Reason::UnknownBase(base.clone()),
        kept: true,
    };
    assert_eq!(
        data.skipped[..],
        [
            skipped(
                Array::Activities,
                0,
                Some("a7a7bbe60"),
                Reason::WrongType(Expected::Integer)
            ),
            skipped(
                Array::Activities,
                7,
                None,
                Reason::WrongType(Expected::Object)
            ),
            skipped(
                Array::Bases,
                4,
                Some(&base),
                Reason::MissingField("phones".into())
            ),
            orphan,
        ]
    );
    let m = skipped_message(&data.skipped[1..2]).unwrap();
    assert!(
        m.ends_with("：activities[7]（类型不对：应为对象）。"),
        "{m}"
    );
    // Every record of an array left out: the array is empty, the rest is there.
    let mut value = committed();
    for s in value["sessions"].as_array_mut().unwrap() {
        s["start"] = "2024-02-30".into();
    }
    let data = load_every_way(&value);
    assert!(data.ds.sessions.is_empty());
    assert_eq!(data.ds.bases.len(), 13);
    assert_eq!(data.skipped.len(), 24);
}

#[test]
fn a_bad_record_that_is_not_json_still_rejects_the_body() {
    let good = with_keys(&committed(), &SESSIONS_LAST);
    let sessions = good.find("\"sessions\":[").unwrap();
    // `body` with the first `from` in the sessions array replaced by `to`.
    let edit = |body: &str, from: &str, to: &str| {
        let (head, rest) = body.split_at(sessions);
        format!("{head}{}", rest.replacen(from, to, 1))
    };
    let in_sessions = |from: &str, to: &str| edit(&good, from, to);
    // A record that is not a session, whose JSON also breaks after that: serde's message
    // for the syntax, in the same words as before.
    let bad_date = in_sessions("\"2024-05-21\"", "\"2024-02-30\"");
    let m = parse_error(&edit(&bad_date, "\"place\":", "\"place\""));
    assert!(
        m.starts_with("sessions[0]: expected `:` at line 1 column "),
        "{m}"
    );
    let m = parse_error(&edit(&bad_date, "\"source\":\"", "\"source\":\"\u{1}"));
    assert!(m.starts_with("sessions[0]: control character"), "{m}");
    // Cut off inside it, or with a missing comma after it.
    let cut = bad_date.find("2024-02-30").unwrap() + 20;
    let m = parse_error(&bad_date[..cut]);
    assert!(m.starts_with("sessions[0]: EOF while parsing"), "{m}");
    let m = parse_error(&edit(&bad_date, "},{", "}{"));
    assert!(m.starts_with("sessions[0]: expected `,` or `]`"), "{m}");
    // Invalid UTF-8 in it, even in a field the model does not know.
    let body = in_sessions("\"place\":", "\"extra\":\"@bad@\",\"title\":5,\"place\":");
    let m = parse_error(&splice(body.as_bytes(), "@bad@", b"caf\xe9"));
    assert!(
        m.starts_with("sessions[0]: invalid unicode code point"),
        "{m}"
    );
    // A trailing comma after a bad record; a bad record in a wrong-version body.
    parse_error(&format!("{}}},]}}", bad_date.strip_suffix("}]}").unwrap()));
    let mut value = committed();
    value["sessions"][0]["start"] = "2024-02-30".into();
    value["version"] = 2.into();
    assert_eq!(
        AppData::from_json(&with_keys(&value, &FILE_ORDER)).err(),
        Some(DataError::Version(2))
    );
}

#[test]
fn a_bad_record_is_read_to_its_exact_end() {
    // Strings with brackets, commas and escaped quotes, nested values, scalars last.
    let elements = [
        r#"{"id":"s1","x":"a]b,c}\"\\","y":[1,{"z":"]"}],"start":"2024-02-30"}"#,
        r#"[1, "]", {"a": [2]}]"#,
        r#""x\"]""#,
        "42",
        "-1.5e3",
        "true",
        "null",
    ];
    for e in elements {
        for after in [",", "]", " ,", "\n]"] {
            let body = format!("{e}{after}{{\"id\":\"s2\"}}");
            // A number or a literal ends at the `,` or `]`: whitespace before it is in.
            let len = value_len(body.as_bytes());
            assert_eq!(body[..len].trim_end(), e, "{body}");
        }
    }
    // Each as a bad session among good ones, in the middle and last.
    for e in elements {
        for at in [3, 24] {
            let mut value = committed();
            let sessions = value["sessions"].as_array_mut().unwrap();
            sessions.insert(at, serde_json::from_str(e).unwrap());
            let body = with_keys(&value, &FILE_ORDER);
            let data = AppData::from_json(&body).unwrap();
            assert_eq!(data.ds.sessions.len(), 24, "{e}");
            assert_eq!(data.skipped.len(), 1, "{e}");
            assert_eq!(data.skipped[0].position, at);
            let id = e.starts_with('{').then(|| "s1".to_owned());
            assert_eq!(data.skipped[0].id, id);
        }
    }
}

#[test]
fn sessions_under_an_escaped_key_are_read_as_serde_reads_them() {
    let mut value = committed();
    value["sessions"][2]["end"] = "2024-05-01".into();
    value["sessions"][4]["base"] = "bdeadbeef".into();
    let escaped = |value: &serde_json::Value| {
        with_keys(value, &FILE_ORDER).replacen("\"sessions\"", "\"sess\\u0069ons\"", 1)
    };
    // All of them, without the checks of dates and ids; an unknown base is reported.
    let data = load(&escaped(&value), 1).unwrap().0;
    assert_eq!(*data.ds, serde_json::from_value(value.clone()).unwrap());
    let found: Vec<(usize, bool)> = data.skipped.iter().map(|s| (s.position, s.kept)).collect();
    assert_eq!(found, [(0, true)]);
    // There, a record that is not a session rejects the body, as serde does.
    value["sessions"][5]["start"] = "2024-02-30".into();
    let m = parse_error(&escaped(&value));
    assert!(m.contains("日期不存在：2024-02-30"), "{m}");
}

#[test]
fn the_message_names_the_first_three_and_counts_the_rest() {
    assert_eq!(skipped_message(&[]), None);
    let date = skipped(
        Array::Sessions,
        5,
        Some("s1234abcd"),
        Reason::Model("日期不存在：2024-02-30".into()),
    );
    assert_eq!(
        skipped_message(std::slice::from_ref(&date)).unwrap(),
        "活动数据中有 1 条记录有问题，已略过 1 条：s1234abcd（日期不存在：2024-02-30）。"
    );
    let base = Skipped {
        kept: true,
        ..skipped(
            Array::Sessions,
            7,
            Some("s0000beef"),
            Reason::UnknownBase("bdeadbeef".into()),
        )
    };
    assert_eq!(
        skipped_message(std::slice::from_ref(&base)).unwrap(),
        "活动数据中有 1 条记录有问题：s0000beef（找不到科普基地 bdeadbeef）。"
    );
    let nameless = skipped(Array::Bases, 0, None, Reason::MissingField("name".into()));
    let many = [nameless, date.clone(), base, date.clone(), date];
    assert_eq!(
        skipped_message(&many).unwrap(),
        "活动数据中有 5 条记录有问题，已略过 4 条：bases[0]（缺少字段 name）、\
         s1234abcd（日期不存在：2024-02-30）、s0000beef（找不到科普基地 bdeadbeef）\
         （另有 2 条）。"
    );
}

#[test]
fn a_large_dataset_with_bad_records_loads_in_bounded_steps() {
    let ds = grown(2_000);
    let mut value = serde_json::to_value(&ds).unwrap();
    let n = ds.sessions.len();
    // Every 10th session on a day that does not exist, every 7th other one at a base
    // that does not exist.
    for i in (0..n).step_by(10) {
        value["sessions"][i]["start"] = "2024-02-30".into();
    }
    let orphans: Vec<usize> = (0..n).step_by(7).filter(|i| i % 10 != 0).collect();
    for &i in &orphans {
        value["sessions"][i]["base"] = "bnowhere".into();
    }
    let body = with_keys(&value, &FILE_ORDER);
    let items = ds.activities.len() + ds.bases.len() + ds.sessions.len();
    let (data, steps) = load(&body, 1).unwrap();
    assert!(
        steps >= 2 * items - n / 10,
        "{steps} steps for {items} items"
    );
    let left = n.div_ceil(10);
    assert_eq!(data.skipped.len(), left + orphans.len());
    assert_eq!(
        data.skipped.iter().filter(|s| s.kept).count(),
        orphans.len()
    );
    assert_eq!(data.ds.sessions.len(), n - left);
    let kept: Vec<usize> = data.skipped[left..].iter().map(|s| s.position).collect();
    assert_eq!(kept, orphans);
    // A step of budget 20 reads, indexes or reports at most 20 records.
    let mut loader = DatasetLoader::new(body.into_bytes());
    let mut steps = 1;
    let again = loop {
        let before = loader.skipped.len();
        let data = loader.step(20).unwrap();
        // (The last step hands the report over to the data.)
        assert!(loader.skipped.len().saturating_sub(before) <= 20);
        match data {
            Some(data) => break data,
            None => steps += 1,
        }
    };
    assert!(steps < items, "{steps} steps");
    assert_eq!(again.skipped, data.skipped);
}

#[test]
fn a_session_spanning_years_is_left_out_not_listed_day_by_day() {
    let mut value = committed();
    let ids: Vec<String> = (value["sessions"].as_array().unwrap().iter())
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let start = |i: usize| value["sessions"][i]["start"].as_str().unwrap().to_owned();
    let (s2, s5) = (date(&start(2)), date(&start(5)));
    let sessions = &mut value["sessions"];
    // A mistyped end year, the largest date, 63 days, and two days of another year.
    sessions[2]["end"] = "2042-05-27".into();
    sessions[5]["end"] = "9999-12-31".into();
    sessions[7]["start"] = "2024-04-01".into();
    sessions[7]["end"] = "2024-06-02".into();
    sessions[14]["start"] = "2025-05-25".into();
    sessions[14]["end"] = "2025-05-26".into();
    // 62 days, all in 2024: kept.
    sessions[15]["start"] = "2024-04-01".into();
    sessions[15]["end"] = "2024-06-01".into();
    let data = load_every_way(&value);
    assert_eq!(*data.ds, without(&value, &[("sessions", &[2, 5, 7, 14])]));
    let id = |i: usize| Some(ids[i].as_str());
    assert_eq!(
        data.skipped[..],
        [
            skipped(
                Array::Sessions,
                2,
                id(2),
                Reason::TooLong {
                    start: s2,
                    end: date("2042-05-27"),
                }
            ),
            skipped(
                Array::Sessions,
                5,
                id(5),
                Reason::TooLong {
                    start: s5,
                    end: date("9999-12-31"),
                }
            ),
            skipped(
                Array::Sessions,
                7,
                id(7),
                Reason::TooLong {
                    start: date("2024-04-01"),
                    end: date("2024-06-02"),
                },
            ),
            skipped(
                Array::Sessions,
                14,
                id(14),
                Reason::OutsideYear {
                    year: 2024,
                    start: date("2025-05-25"),
                    end: date("2025-05-26"),
                },
            ),
        ]
    );
    // Every day listed is one of a session kept: 62 at most.
    let days: std::collections::BTreeSet<_> =
        data.ds.sessions.iter().flat_map(|s| s.days()).collect();
    assert!(days.len() <= 62, "{} days", days.len());
}

#[test]
fn dates_of_sessions_under_an_escaped_key_are_checked_too() {
    let mut value = committed();
    value["sessions"][3]["end"] = "9999-12-31".into();
    let body = with_keys(&value, &FILE_ORDER).replacen("\"sessions\"", "\"sess\\u0069ons\"", 1);
    let data = load(&body, 1).unwrap().0;
    assert_eq!(*data.ds, without(&value, &[("sessions", &[3])]));
    assert_eq!(data.skipped.len(), 1);
    assert!(!data.skipped[0].kept);
}

#[test]
fn a_lone_surrogate_in_one_string_is_read_as_a_replacement_character() {
    let mut value = committed();
    value["sessions"][6]["title"] = "MARK-TITLE".into();
    value["bases"][1]["name"] = "MARK-BASE".into();
    value["notice"]["issuer"] = "MARK-ISSUER".into();
    let mut reversed = FILE_ORDER;
    reversed.reverse();
    for order in [FILE_ORDER, reversed] {
        let body = with_keys(&value, &order)
            .replacen("MARK-TITLE", "\\ud800a", 1)
            .replacen("MARK-BASE", "b\\udfff", 1)
            .replacen("MARK-ISSUER", "c\\ud83d\\u0041", 1);
        for budget in [1, usize::MAX] {
            let data = load(&body, budget).unwrap().0;
            assert_eq!(data.skipped[..], []);
            assert_eq!(data.ds.sessions[6].title, "\u{fffd}a");
            assert_eq!(data.ds.bases[1].name, "b\u{fffd}");
            assert_eq!(data.ds.notice.issuer, "c\u{fffd}A");
        }
    }
    // In an id, it leaves its session out (the id is not of the shape of one).
    value["sessions"][8]["id"] = "MARK-ID".into();
    let body = with_keys(&value, &FILE_ORDER).replacen("MARK-ID", "s\\ud800", 1);
    let data = load(&body, 1).unwrap().0;
    assert_eq!(
        data.skipped[..],
        [skipped(Array::Sessions, 8, None, Reason::BadId)]
    );
    // A record that is not a session for another reason is still named and left out.
    value["sessions"][6]["start"] = "2024-02-30".into();
    let body = with_keys(&value, &FILE_ORDER).replacen("MARK-TITLE", "\\ud800", 1);
    let data = load(&body, 1).unwrap().0;
    let id = value["sessions"][6]["id"].as_str();
    assert_eq!(
        data.skipped[0],
        skipped(
            Array::Sessions,
            6,
            id,
            Reason::Model("日期不存在：2024-02-30".into())
        )
    );
}

#[test]
fn a_session_whose_id_a_bookmark_cannot_hold_is_left_out() {
    let mut value = committed();
    let sessions = &mut value["sessions"];
    sessions[2]["id"] = "S1234ABCD".into();
    sessions[4]["id"] = "s1234abcd\r\nX-EVIL:1".into();
    sessions[9]["id"] = "".into();
    sessions[11]["id"] = "s".repeat(33).into();
    // A record that does not read: named by its place, not by an id of another shape.
    sessions[13]["id"] = "\u{202e}evil".into();
    sessions[13]["start"] = "2024-02-30".into();
    let data = load_every_way(&value);
    assert_eq!(
        *data.ds,
        without(&value, &[("sessions", &[2, 4, 9, 11, 13])])
    );
    let shape = |i| skipped(Array::Sessions, i, None, Reason::BadId);
    assert_eq!(
        data.skipped[..],
        [
            shape(2),
            shape(4),
            shape(9),
            shape(11),
            skipped(
                Array::Sessions,
                13,
                None,
                Reason::Model("日期不存在：2024-02-30".into())
            ),
        ]
    );
    assert!(data
        .ds
        .sessions
        .iter()
        .all(|s| crate::session_id::has_id_shape(&s.id)));
}

#[test]
fn a_parent_reads_in_chinese_why_a_record_was_left_out() {
    let mut value = committed();
    value["activities"][0]["number"] = "一".into();
    value["sessions"][4]
        .as_object_mut()
        .unwrap()
        .remove("place");
    value["sessions"][6]["title"] = 5.into();
    value["sessions"][8] = serde_json::json!(42);
    let data = load_every_way(&value);
    let reasons: Vec<String> = data.skipped.iter().map(|s| s.reason.to_string()).collect();
    assert_eq!(
        reasons,
        [
            "类型不对：应为整数",
            "缺少字段 place",
            "类型不对：应为文本",
            "类型不对：应为对象",
        ]
    );
    let m = skipped_message(&data.skipped).unwrap();
    assert!(m.ends_with("（另有 1 条）。"), "{m}");
}
