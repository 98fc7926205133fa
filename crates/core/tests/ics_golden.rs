//! The calendar export of a small fixed dataset: byte for byte against `tests/golden/*.ics`,
//! and read back by an independent iCalendar parser (the `icalendar` crate).
//!
//! To regenerate the golden files after an intended change of the output, run
//! `UPDATE_GOLDEN=1 cargo test --test ics_golden`, then review `git diff tests/golden`.
//! (`tests/golden/.gitattributes` keeps git from touching their CRLF line endings.)

#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use icalendar::parser::{read_calendar, unfold, Component};
use yubei_core::ics;
use yubei_core::model::{Base, BaseContact, Contact, Dataset, Notice, Readings, Session, Week};
use yubei_core::testing::d;
use yubei_core::testing::fixtures::committed;

fn stamp() -> NaiveDateTime {
    d(5, 20).and_hms_opt(8, 30, 5).unwrap()
}

fn base(id: &str, name: &str, address: &str, contacts: &[(&str, &[&str])]) -> Base {
    Base {
        id: id.into(),
        number: 1,
        name: name.into(),
        category: "场馆类".into(),
        address: address.into(),
        contacts: contacts
            .iter()
            .map(|(n, phones)| BaseContact {
                name: n.to_string(),
                phones: phones.iter().map(|p| p.to_string()).collect(),
            })
            .collect(),
        schedule_text: String::new(),
        row: Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn session(
    id: &str,
    base: &str,
    title: &str,
    dates: Option<(NaiveDate, NaiveDate)>,
    place: &str,
    at_base: bool,
    note: Option<&str>,
    source: &str,
) -> Session {
    Session {
        id: id.into(),
        base: base.into(),
        title: title.into(),
        start: dates.map(|x| x.0),
        end: dates.map(|x| x.1),
        place: place.into(),
        at_base,
        note: note.map(Into::into),
        source: source.into(),
    }
}

/// Shaped like the 2024 notice, plus the awkward cases: TEXT specials (`,` `;` `\`, a line
/// break) and lines long enough in CJK to need folding.
fn dataset() -> Dataset {
    Dataset {
        version: 1,
        notice: Notice {
            issuer: "重庆市渝北区人民政府办公室".into(),
            title: "关于印发《2024年渝北区科技活动周实施方案》的通知".into(),
            published: d(5, 17),
            plan_title: "2024年渝北区科技活动周实施方案".into(),
            sections: Vec::new(),
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
        activities: Vec::new(),
        bases: vec![
            base(
                "b1",
                "重庆市气象科普馆",
                "重庆市渝北区新牌坊一路68号",
                &[("叶钊", &["17783199721"])],
            ),
            base(
                "b2",
                "重庆星辉视光近视防控科普基地",
                "重庆市渝北区悦城路55号附25号",
                &[("万莉", &["13527497003", "023-65039382"])],
            ),
            base(
                "b3",
                "重庆工业职业技术学院",
                "重庆市渝北区桃源大道1000号",
                &[("刘河清", &["13158020315"])],
            ),
        ],
        sessions: vec![
            session(
                "s1",
                "b1",
                "“气象+”活动",
                Some((d(5, 21), d(5, 21))),
                "新牌坊小学",
                false,
                None,
                "5.21在新牌坊小学开展“气象+”活动",
            ),
            session(
                "s2",
                "b1",
                "场馆免费开放",
                Some((d(5, 31), d(5, 31))),
                "重庆市气象科普馆",
                true,
                Some("其他时间预约开放"),
                "5.31场馆免费开放（其他时间预约开放）",
            ),
            session(
                "s3",
                "b2",
                "场馆免费开放",
                Some((d(5, 25), d(6, 1))),
                "重庆星辉视光近视防控科普基地",
                true,
                None,
                "5.25-6.1场馆免费开放。",
            ),
            session(
                "s4",
                "b3",
                "青少年进大学校园，工业科技实践活动",
                None,
                "立人小学",
                false,
                Some("立人小学，时间未定"),
                "青少年进大学校园，工业科技实践活动（立人小学，时间未定）。",
            ),
            session(
                "s5",
                "b2",
                r"Test, with; specials \ and a very long 中文标题：趣探妇幼科普 健康伴你同行——儿童专场",
                Some((d(5, 25), d(5, 27))),
                "市主会场（创客港·未来科技园）, Hall A; B\\C",
                false,
                Some("第一行\n第二行"),
                "5.25-5.27在市主会场（创客港·未来科技园）开展活动",
            ),
        ],
        readings: Readings::default(),
    }
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Compares `actual` with the golden file byte for byte (or rewrites it with UPDATE_GOLDEN).
fn check_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    if expected != actual.as_bytes() {
        let expected = String::from_utf8_lossy(&expected);
        // Split on LF only, so a lost CR shows as a difference too.
        let (exp, act): (Vec<&str>, Vec<&str>) =
            (expected.split('\n').collect(), actual.split('\n').collect());
        let first = exp
            .iter()
            .zip(&act)
            .position(|(a, b)| a != b)
            .unwrap_or(exp.len().min(act.len()));
        panic!(
            "{} differs from the output (first at line {}); regenerate with UPDATE_GOLDEN=1 \
             if intended.\n--- output ---\n{actual}",
            path.display(),
            first + 1
        );
    }
}

#[test]
fn plan_calendar_matches_golden() {
    let ds = dataset();
    check_golden("plan.ics", &ics::calendar(&ds, &[0, 1, 2, 3, 4], stamp()));
}

#[test]
fn session_calendar_matches_golden() {
    let ds = dataset();
    check_golden("session.ics", &ics::session_calendar(&ds, 1, stamp()));
}

#[test]
fn every_physical_line_is_crlf_terminated_and_at_most_75_octets() {
    let ds = dataset();
    let out = ics::calendar(&ds, &[0, 1, 2, 3, 4], stamp());
    assert!(out.ends_with("\r\n"));
    let body = &out[..out.len() - 2];
    let mut folded = 0;
    for line in body.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        if line.starts_with(' ') {
            folded += 1;
        }
    }
    assert!(folded >= 5, "the fixture should exercise folding");
}

fn prop(c: &Component, name: &str) -> String {
    c.find_prop(name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .val
        .as_str()
        .to_string()
}

fn param(c: &Component, name: &str, key: &str) -> Option<String> {
    c.find_prop(name)?
        .params
        .iter()
        .find(|p| p.key.as_str() == key)
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().to_string())
}

#[test]
fn an_independent_parser_reads_back_every_event() {
    let ds = dataset();
    let out = ics::calendar(&ds, &[0, 1, 2, 3, 4], stamp());
    let unfolded = unfold(&out);
    let cal = read_calendar(&unfolded).expect("parses");

    let calprop = |name: &str| {
        cal.properties
            .iter()
            .find(|p| p.name.as_str() == name)
            .map(|p| p.val.as_str().to_string())
    };
    assert_eq!(calprop("VERSION").as_deref(), Some("2.0"));
    assert_eq!(calprop("CALSCALE").as_deref(), Some("GREGORIAN"));
    assert_eq!(
        calprop("X-WR-CALNAME").as_deref(),
        Some("2024 渝北区科技活动周")
    );
    assert!(calprop("PRODID").is_some());

    let events: Vec<&Component> = cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(cal.components.len(), events.len());
    let dated: Vec<&Session> = ds.sessions.iter().filter(|s| s.start.is_some()).collect();
    assert_eq!(events.len(), dated.len());

    for (ev, s) in events.iter().zip(&dated) {
        let base = ds.base(&s.base).unwrap();
        assert_eq!(prop(ev, "UID"), format!("{}@yubei-kejizhou-2024", s.id));
        assert_eq!(prop(ev, "DTSTAMP"), "20240520T083005Z");
        assert_eq!(prop(ev, "SUMMARY"), s.title);
        assert_eq!(param(ev, "DTSTART", "VALUE").as_deref(), Some("DATE"));
        assert_eq!(param(ev, "DTEND", "VALUE").as_deref(), Some("DATE"));
        let start = NaiveDate::parse_from_str(&prop(ev, "DTSTART"), "%Y%m%d").unwrap();
        let end = NaiveDate::parse_from_str(&prop(ev, "DTEND"), "%Y%m%d").unwrap();
        assert_eq!(Some(start), s.start);
        assert_eq!(end.pred_opt(), s.end, "DTEND is the day after the last day");
        let expected_location = if s.at_base {
            format!("{}，{}", s.place, base.address)
        } else {
            s.place.clone()
        };
        assert_eq!(prop(ev, "LOCATION"), expected_location);
        let desc = prop(ev, "DESCRIPTION");
        assert!(desc.contains(&base.name), "{desc}");
        assert!(desc.contains(&s.source), "{desc}");
        for phone in base.contacts.iter().flat_map(|c| &c.phones) {
            assert!(desc.contains(phone.as_str()), "{desc}");
        }
        if let Some(note) = &s.note {
            assert!(desc.contains(note.as_str()), "{desc}");
        }
    }
}

/// The alarms (VALARM) of an event.
fn alarms<'a>(ev: &'a Component<'a>) -> Vec<&'a Component<'a>> {
    ev.components
        .iter()
        .filter(|c| c.name.as_str() == "VALARM")
        .collect()
}

#[test]
fn the_subscribed_calendar_holds_every_dated_session_of_the_week() {
    let ds = committed();
    let out = ics::subscription(&ds);
    // Counted from the dataset, not from the writer.
    let dated: Vec<&Session> = ds.sessions.iter().filter(|s| s.start.is_some()).collect();
    assert!(dated.len() >= 20, "{}", dated.len());
    assert!(
        dated.len() < ds.sessions.len(),
        "the fixture has an undated session"
    );

    let unfolded = unfold(&out);
    let cal = read_calendar(&unfolded).expect("parses");
    let events: Vec<&Component> = cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(events.len(), dated.len());
    let uids: std::collections::HashSet<String> = events.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(uids.len(), dated.len(), "one UID per session");
    for (ev, s) in events.iter().zip(&dated) {
        // The same UID as the plan's export: subscribing and importing do not duplicate.
        assert_eq!(prop(ev, "UID"), format!("{}@yubei-kejizhou-2024", s.id));
        assert_eq!(prop(ev, "SUMMARY"), s.title.trim());
        let start = NaiveDate::parse_from_str(&prop(ev, "DTSTART"), "%Y%m%d").unwrap();
        assert_eq!(Some(start), s.start);
        // The notice's publication: stable from build to build.
        assert_eq!(prop(ev, "DTSTAMP"), "20240517T000000Z");
    }
    // Sessions before the week are in it too.
    assert!(dated.iter().any(|s| s.end < Some(ds.week.start)));
    // The same bytes for the same data.
    assert_eq!(out, ics::subscription(&ds));
}

#[test]
fn sessions_that_ask_for_booking_remind_the_day_before_with_the_phone_numbers() {
    let ds = committed();
    let booking: Vec<&Session> = ds
        .sessions
        .iter()
        .filter(|s| s.start.is_some() && s.note.as_deref().is_some_and(|n| n.contains("预约")))
        .collect();
    assert!(!booking.is_empty(), "the 2024 notice has 其他时间预约开放");
    let all = ics::subscription(&ds);
    let plan: Vec<usize> = (0..ds.sessions.len()).collect();
    let export = ics::calendar(&ds, &plan, stamp());
    for out in [all, export] {
        let unfolded = unfold(&out);
        let cal = read_calendar(&unfolded).expect("parses");
        let mut with_alarm = 0;
        for ev in cal
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
        {
            let uid = prop(ev, "UID");
            let s = ds
                .sessions
                .iter()
                .find(|s| format!("{}@yubei-kejizhou-2024", s.id) == uid)
                .unwrap();
            let found = alarms(ev);
            if !booking.iter().any(|b| b.id == s.id) {
                assert!(found.is_empty(), "{uid}");
                continue;
            }
            with_alarm += 1;
            assert_eq!(found.len(), 1, "{uid}");
            let alarm = found[0];
            assert_eq!(prop(alarm, "ACTION"), "DISPLAY");
            assert_eq!(prop(alarm, "TRIGGER"), "-PT15H");
            let text = prop(alarm, "DESCRIPTION");
            let base = ds.base(&s.base).unwrap();
            assert!(text.contains(&s.title), "{text}");
            assert!(text.contains(&base.name), "{text}");
            let phones: Vec<&String> = base.contacts.iter().flat_map(|c| &c.phones).collect();
            assert!(!phones.is_empty());
            for phone in phones {
                assert!(text.contains(phone.as_str()), "{text}");
            }
        }
        assert_eq!(with_alarm, booking.len());
    }
}
