//! Calendar export (iCalendar, RFC 5545) of bookmarked sessions, as all-day events, and the
//! calendar of the whole week the build writes for subscribing ([`subscription`]). A session
//! whose note asks for booking (预约) carries a reminder the day before with the base's
//! phone numbers ([`booking_reminder`]).
//!
//! Pure: the caller passes the `DTSTAMP` (the export time, UTC), so the output is fully
//! determined by its inputs (and golden-tested). Undated sessions have no place in a calendar
//! and are skipped; the plan's `calendar_split` tells which, so the UI can say so.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::days;
use crate::edition::Edition;
use crate::model::{self, Dataset, Session};

/// Longest content line in octets, without its CRLF (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// A calendar with one all-day event per dated session of `session_indices` (indices into
/// `ds.sessions`), in the order given; repeated indices are exported once. Undated sessions
/// and indices outside `ds.sessions` are skipped (the plan's `calendar_split` tells which);
/// if nothing is left, the calendar has no event, which RFC 5545 does not allow, so offer no
/// export then.
///
/// `dtstamp` is the time of the export, in UTC. The generator (`PRODID`), the calendar's
/// display name (`X-WR-CALNAME`, read by Apple and Google calendars) and the right-hand side
/// of every `UID` (`<session id>@yubei-kejizhou-2024`: stable per session, so importing the
/// same session twice updates the event instead of duplicating it) are the edition's
/// ([`Edition`]).
pub fn calendar(ds: &Dataset, session_indices: &[usize], dtstamp: NaiveDateTime) -> String {
    let edition = Edition::of(ds);
    let uid_domain = edition.uid_domain();
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!("PRODID:{}", escape_text(&edition.prodid())),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape_text(&edition.calendar_name())),
    );
    let mut seen = HashSet::new();
    for &i in session_indices {
        if seen.insert(i) {
            if let Some(s) = ds.sessions.get(i) {
                event(&mut out, ds, s, dtstamp, &uid_domain);
            }
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The calendar for one session (e.g. an "add to calendar" button on its card): the same as
/// [`calendar`] with just `idx`.
pub fn session_calendar(ds: &Dataset, idx: usize, dtstamp: NaiveDateTime) -> String {
    calendar(ds, &[idx], dtstamp)
}

/// The download's file name: `yubei-week-2024.ics` for a plan, `yubei-week-2024-<id>.ics` for
/// one session, with the year of `ds`'s edition. Always ASCII (`[a-z0-9-.]`), whatever
/// `session_id` holds.
pub fn file_name(ds: &Dataset, session_id: Option<&str>) -> String {
    Edition::of(ds).calendar_file(&id_chars(session_id.unwrap_or_default()))
}

/// The characters of `id` a session id may have (`[a-z0-9]`, see `crate::session_id::has_id_shape`):
/// all of them for every id the loader keeps. Whatever else an id holds (a line break would
/// start a property of its own) never reaches a file name or a `UID`.
fn id_chars(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect()
}

/// What the event's `LOCATION` says: the place, followed by the base's address when the
/// session is held at the base. A session elsewhere (a school, the main venue) gets only its
/// place: the base's address would send a calendar's map link to the wrong spot; it is in the
/// description instead.
pub fn location(ds: &Dataset, s: &Session) -> String {
    let place = s.place.trim();
    match ds.base(&s.base) {
        Some(b) if s.at_base && !b.address.trim().is_empty() => {
            format!("{place}，{}", b.address.trim())
        }
        _ => place.to_string(),
    }
}

/// What the event's `DESCRIPTION` says, one item a line: the base, its address, each contact
/// with phones, the note, the dates, and the notice's clause it came from.
pub fn description(ds: &Dataset, s: &Session) -> String {
    let mut lines = Vec::new();
    if let Some(b) = ds.base(&s.base) {
        lines.push(format!("主办：{}", b.name));
        lines.push(format!("基地地址：{}", b.address));
        for c in &b.contacts {
            lines.push(format!("联系人：{} {}", c.name, c.phones.join("、")));
        }
    }
    if let Some(note) = s.note.as_deref().filter(|n| !n.trim().is_empty()) {
        lines.push(format!("备注：{}", note.trim()));
    }
    lines.push(format!("日期：{}", days::range_label(s)));
    if ds.notice.plan_title.is_empty() {
        lines.push(format!("原文：{}", s.source));
    } else {
        lines.push(format!(
            "原文（《{}》附件）：{}",
            ds.notice.plan_title, s.source
        ));
    }
    lines.join("\n")
}

/// One session's event; its `UID` ends with `@uid_domain`.
fn event(out: &mut String, ds: &Dataset, s: &Session, dtstamp: NaiveDateTime, uid_domain: &str) {
    let (Some(start), Some(end)) = (s.start, s.end) else {
        return;
    };
    // DTEND of an all-day event is exclusive: the day after the last day.
    let after = end.succ_opt().unwrap_or(end);
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}@{uid_domain}", id_chars(&s.id)));
    line(out, &format!("DTSTAMP:{}", utc_stamp(dtstamp)));
    line(out, &format!("DTSTART;VALUE=DATE:{}", date(start)));
    line(out, &format!("DTEND;VALUE=DATE:{}", date(after)));
    line(out, &format!("SUMMARY:{}", escape_text(s.title.trim())));
    line(out, &format!("LOCATION:{}", escape_text(&location(ds, s))));
    line(
        out,
        &format!("DESCRIPTION:{}", escape_text(&description(ds, s))),
    );
    line(out, "TRANSP:TRANSPARENT");
    if let Some(text) = booking_reminder(ds, s) {
        line(out, "BEGIN:VALARM");
        line(out, "ACTION:DISPLAY");
        // All-day events start at 00:00: 15 hours before is 09:00 the day before.
        line(out, &format!("TRIGGER:{REMINDER_BEFORE}"));
        line(out, &format!("DESCRIPTION:{}", escape_text(&text)));
        line(out, "END:VALARM");
    }
    line(out, "END:VEVENT");
}

/// When the reminder of a session that asks for booking goes off, before its (all-day)
/// start: 09:00 the day before.
pub const REMINDER_BEFORE: &str = "-PT15H";

/// True for a session whose note asks to book (预约) first.
pub fn asks_for_booking(s: &Session) -> bool {
    s.note.as_deref().is_some_and(|n| n.contains("预约"))
}

/// The text of the reminder (a `VALARM` the day before) of a session that asks for booking:
/// what, the note, and whom to call with the base's phone numbers; `None` for other sessions.
pub fn booking_reminder(ds: &Dataset, s: &Session) -> Option<String> {
    if !asks_for_booking(s) {
        return None;
    }
    let note = s.note.as_deref().unwrap_or_default().trim();
    let mut text = format!("明天：{}（{note}）。", s.title.trim());
    if let Some(b) = ds.base(&s.base) {
        let phones: Vec<&str> = model::phones(&b.contacts).collect();
        text.push_str(&format!("请先电话预约{}：{}", b.name, phones.join("、")));
    }
    Some(text)
}

/// Where the build puts the calendar of the whole week of `ds` (next to `index.html`), to
/// subscribe to: a stable address per edition that each build rewrites
/// (`yubei-week-2024-all.ics`).
pub fn subscription_file(ds: &Dataset) -> String {
    Edition::of(ds).subscription_file()
}

/// The calendar of every dated session of `ds`, in dataset order, for subscribing: the same
/// events, UIDs and reminders as a plan's export. Its `DTSTAMP` is the notice's publication
/// (midnight, UTC), so the file changes only when the data does.
pub fn subscription(ds: &Dataset) -> String {
    let dated: Vec<usize> = (0..ds.sessions.len())
        .filter(|&i| ds.sessions[i].start.is_some())
        .collect();
    let stamp = ds.notice.published.and_hms_opt(0, 0, 0).unwrap_or_default();
    calendar(ds, &dated, stamp)
}

/// Appends one content line, folded, with its CRLF.
fn line(out: &mut String, content: &str) {
    out.push_str(&fold(content));
    out.push_str("\r\n");
}

/// `20240525`
fn date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `20240520T080000Z`
fn utc_stamp(t: NaiveDateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}Z",
        date(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\` `;` `,` get a backslash, each line break
/// (`\n`, `\r\n` or `\r`) becomes `\n`, other control characters but tab are dropped (TEXT
/// may not contain them).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line (without CRLF) so no physical line exceeds [`MAX_LINE_OCTETS`]
/// octets: a break is CRLF plus one space, and the space counts toward the next line's 75.
/// Breaks fall between characters, never inside a UTF-8 sequence (a CJK character is 3
/// octets). Removing every "CRLF space" gives the input back.
pub fn fold(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + content.len() / 24);
    let mut octets = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if octets + n > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Base, BaseContact};
    use crate::testing::d;
    use crate::testing::fixtures::empty_week;

    fn stamp() -> NaiveDateTime {
        d(5, 20).and_hms_opt(8, 0, 0).unwrap()
    }

    fn session(id: &str, dates: Option<(NaiveDate, NaiveDate)>) -> Session {
        Session {
            id: id.into(),
            base: "b1".into(),
            title: format!("活动 {id}"),
            start: dates.map(|x| x.0),
            end: dates.map(|x| x.1),
            place: "新牌坊小学".into(),
            at_base: false,
            note: None,
            source: "原文".into(),
        }
    }

    fn dataset(sessions: Vec<Session>) -> Dataset {
        let mut ds = Dataset {
            bases: vec![Base {
                id: "b1".into(),
                number: 1,
                name: "重庆市气象科普馆".into(),
                category: "场馆类".into(),
                address: "重庆市渝北区新牌坊一路68号".into(),
                contacts: vec![BaseContact {
                    name: "叶钊".into(),
                    phones: vec!["17783199721".into(), "023-67821101".into()],
                }],
                schedule_text: String::new(),
                row: Vec::new(),
            }],
            sessions,
            ..empty_week()
        };
        ds.notice.plan_title = "2024年渝北区科技活动周实施方案".into();
        ds
    }

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    fn props<'a>(ics: &'a str, name: &str) -> Vec<&'a str> {
        ics.split("\r\n")
            .filter_map(|l| l.strip_prefix(name))
            .collect()
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("一\n二\r\n三\r四"), r"一\n二\n三\n四");
        assert_eq!(escape_text("x\u{0}\u{7}y\tz"), "xy\tz");
        assert_eq!(
            escape_text("（其他时间预约开放）：，"),
            "（其他时间预约开放）：，"
        );
        assert_eq!(escape_text(r"\n"), r"\\n");
    }

    #[test]
    fn folding_at_75_octets_never_splits_a_character() {
        for prefix in ["", "a", "ab", "DESCRIPTION:"] {
            let content = format!("{prefix}{}", "渝北区科技活动周🔬,x".repeat(40));
            let folded = fold(&content);
            for physical in folded.split("\r\n") {
                assert!(physical.len() <= MAX_LINE_OCTETS, "{}", physical.len());
            }
            let lines: Vec<&str> = folded.split("\r\n").collect();
            assert!(lines.len() > 10);
            assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
            // Lines are filled: the next character would not have fitted.
            for (l, next) in lines.iter().zip(&lines[1..]) {
                let c = next[1..].chars().next().unwrap();
                assert!(l.len() + c.len_utf8() > MAX_LINE_OCTETS);
            }
            assert_eq!(unfold(&folded), content);
        }
        assert_eq!(fold(&"a".repeat(75)), "a".repeat(75));
        assert_eq!(fold(&"a".repeat(76)), format!("{}\r\n a", "a".repeat(75)));
        // 24 CJK characters are 72 octets; the 25th (3 more) would make 75, still fits;
        // the 26th goes to the next line.
        let cjk = "中".repeat(26);
        assert_eq!(fold(&cjk), format!("{}\r\n {}", "中".repeat(25), "中"));
        assert_eq!(
            fold(&format!("a{}", "中".repeat(25))),
            format!("a{}\r\n 中", "中".repeat(24))
        );
    }

    #[test]
    fn all_day_dtend_is_exclusive_across_month_end() {
        let ds = dataset(vec![
            session("s1", Some((d(5, 31), d(5, 31)))),
            session("s2", Some((d(5, 25), d(6, 1)))),
            session("s3", Some((d(5, 21), d(5, 21)))),
        ]);
        let ics = calendar(&ds, &[0, 1, 2], stamp());
        assert_eq!(
            props(&ics, "DTSTART;VALUE=DATE:"),
            vec!["20240531", "20240525", "20240521"]
        );
        assert_eq!(
            props(&ics, "DTEND;VALUE=DATE:"),
            vec!["20240601", "20240602", "20240522"]
        );
        assert_eq!(props(&ics, "DTSTAMP:"), vec!["20240520T080000Z"; 3]);
    }

    #[test]
    fn structure_crlf_and_uids() {
        let ds = dataset(vec![
            session("s1", Some((d(5, 31), d(5, 31)))),
            session("s2", None),
        ]);
        let ics = calendar(&ds, &[1, 0, 0, 7], stamp());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
        assert_eq!(props(&ics, "UID:"), vec!["s1@yubei-kejizhou-2024"]);
        assert!(ics.contains("\r\nCALSCALE:GREGORIAN\r\n"));
        assert!(ics.contains("\r\nX-WR-CALNAME:2024 渝北区科技活动周\r\n"));
        assert_eq!(
            session_calendar(&ds, 0, stamp()),
            calendar(&ds, &[0], stamp())
        );
        assert_eq!(
            props(&session_calendar(&ds, 1, stamp()), "BEGIN:VEVENT"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn a_uid_holds_no_line_break_whatever_the_id() {
        let ds = dataset(vec![session(
            "s1\r\nX-EVIL:1\nATTACH:http://x/\r",
            Some((d(5, 31), d(5, 31))),
        )]);
        let ics = calendar(&ds, &[0], stamp());
        assert_eq!(props(&ics, "UID:"), vec!["s11httpx@yubei-kejizhou-2024"]);
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
        assert_eq!(ics.matches('\r').count(), ics.matches("\r\n").count());
        assert!(props(&ics, "X-EVIL").is_empty() && props(&ics, "ATTACH").is_empty());
    }

    #[test]
    fn location_and_description() {
        let mut at_base = session("s1", Some((d(5, 31), d(5, 31))));
        at_base.at_base = true;
        at_base.place = "重庆市气象科普馆".into();
        at_base.note = Some("其他时间预约开放".into());
        let elsewhere = session("s2", Some((d(5, 21), d(5, 21))));
        let ds = dataset(vec![at_base, elsewhere]);
        assert_eq!(
            location(&ds, &ds.sessions[0]),
            "重庆市气象科普馆，重庆市渝北区新牌坊一路68号"
        );
        assert_eq!(location(&ds, &ds.sessions[1]), "新牌坊小学");
        let desc = description(&ds, &ds.sessions[0]);
        assert_eq!(
            desc,
            "主办：重庆市气象科普馆\n基地地址：重庆市渝北区新牌坊一路68号\n\
             联系人：叶钊 17783199721、023-67821101\n备注：其他时间预约开放\n日期：5月31日\n\
             原文（《2024年渝北区科技活动周实施方案》附件）：原文"
        );
        let ics = calendar(&ds, &[0], stamp());
        let unfolded = unfold(&ics);
        assert!(unfolded.contains(&format!("\r\nDESCRIPTION:{}\r\n", escape_text(&desc))));
    }

    #[test]
    fn file_names_are_ascii() {
        let ds = crate::testing::fixtures::committed();
        assert_eq!(file_name(&ds, None), "yubei-week-2024.ics");
        assert_eq!(
            file_name(&ds, Some("s1a2b3c4d")),
            "yubei-week-2024-s1a2b3c4d.ics"
        );
        assert_eq!(file_name(&ds, Some("../中/")), "yubei-week-2024.ics");
        assert_eq!(subscription_file(&ds), "yubei-week-2024-all.ics");
    }
}
