//! The dataset: one model shared by the importer (which writes it) and the app (which reads it).
//!
//! Field names are a contract: bookmarks and shared links point at `Session::id` and `Base::id`,
//! and `data/yubei-2024.json` is read by every client that ever cached it. Add fields freely
//! (with `#[serde(default)]`), never rename or remove one.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The schema version written into `Dataset::version`.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything the app shows, as parsed from one published notice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub version: u32,
    pub notice: Notice,
    pub week: Week,
    pub activities: Vec<Activity>,
    pub bases: Vec<Base>,
    pub sessions: Vec<Session>,
    /// Absent from datasets written before it (then search by pronunciation is off).
    #[serde(default)]
    pub readings: Readings,
}

/// The version of [`Readings::pinyin`]'s format the importer writes and search reads.
pub const READINGS_VERSION: u32 = 1;

/// How the Han characters of the dataset's searched text are pronounced, for search by
/// pinyin: only the characters that occur, with every toneless reading of each.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Readings {
    /// [`READINGS_VERSION`] for the format of `pinyin`; search ignores readings of any other
    /// version (0 when the field is absent).
    pub version: u32,
    /// Groups separated by a space, in the syllables' alphabetical order: a toneless syllable
    /// (`a`–`z`, ü written `v`) followed by the characters whose usual reading it is, then,
    /// after a `|`, those that have it as another reading: `an安案 chong崇|重 … zhong中重`. A
    /// character with several readings (a polyphone: 重 zhong and chong) is in the group of
    /// each.
    pub pinyin: String,
}

/// The government notice itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// 重庆市渝北区人民政府办公室
    pub issuer: String,
    /// The notice's own title, e.g. 关于印发《2024年渝北区科技活动周实施方案》的通知
    pub title: String,
    /// Publication date (ISO in JSON).
    #[serde(deserialize_with = "iso_date::read")]
    pub published: NaiveDate,
    /// 2024年渝北区科技活动周实施方案
    pub plan_title: String,
    /// The full body, in order: the cover letter first (heading ""), then each 一、二、… section.
    pub sections: Vec<Section>,
    pub contact: Contact,
}

/// One heading of the notice and its paragraphs, verbatim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// The notice's contact person (联系人).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// The week itself, read from 活动时间 and 活动主题.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Week {
    #[serde(deserialize_with = "iso_date::read")]
    pub start: NaiveDate,
    #[serde(deserialize_with = "iso_date::read")]
    pub end: NaiveDate,
    pub theme: String,
}

/// One of the district's main activities (四、主要活动).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Content-derived id (see [`content_id`]).
    pub id: String,
    /// Its ordinal in the notice, 1-based (display only, never an identity).
    pub number: u32,
    /// The first sentence, without its closing 。
    pub title: String,
    /// The rest of the paragraph, without the responsible-units bracket.
    pub description: String,
    /// 责任单位, split into a list.
    pub units: Vec<String>,
}

/// One science-popularization base (a row of the attachment table).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Base {
    /// Content-derived id (see [`content_id`]).
    pub id: String,
    /// 序号 in the table (display only, never an identity).
    pub number: u32,
    pub name: String,
    /// 基地类型, e.g. 场馆类.
    pub category: String,
    pub address: String,
    pub contacts: Vec<BaseContact>,
    /// The 近期活动安排 cell, verbatim.
    pub schedule_text: String,
    /// The row's cells exactly as in the notice, in table order.
    pub row: Vec<String>,
}

/// A contact person of a base with every phone number the notice gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BaseContact {
    pub name: String,
    pub phones: Vec<String>,
}

/// Every phone number of `contacts`, contact by contact, in the notice's order.
pub fn phones(contacts: &[BaseContact]) -> impl Iterator<Item = &str> {
    contacts
        .iter()
        .flat_map(|c| c.phones.iter().map(String::as_str))
}

/// One dated (or not yet dated) activity of a base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Content-derived id (base, dates, title); see [`content_id`].
    pub id: String,
    /// `Base::id` of the base that runs it.
    pub base: String,
    pub title: String,
    /// First day, inclusive; `None` when the notice says the time is not fixed.
    #[serde(default, deserialize_with = "iso_date::read_option")]
    pub start: Option<NaiveDate>,
    /// Last day, inclusive; `None` exactly when `start` is `None`.
    #[serde(default, deserialize_with = "iso_date::read_option")]
    pub end: Option<NaiveDate>,
    /// Where it happens: the text after 在, or the base's own name when held at the base.
    pub place: String,
    /// Held at the base itself (在基地, 场馆免费开放).
    pub at_base: bool,
    /// Text in brackets, e.g. 其他时间预约开放.
    pub note: Option<String>,
    /// The exact clause of the notice it came from.
    pub source: String,
}

/// `YYYY-MM-DD` → that day, if it exists. Read as chrono's `%Y-%m-%d` reads it (the year may
/// have fewer digits, month and day one), except that signs and spaces are refused. Written out
/// rather than through chrono's format parser: one fixed format needs none of its general
/// machinery, and the rules above are visible here.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    fn digits(part: &str, lengths: std::ops::RangeInclusive<usize>) -> Option<u32> {
        let ok = lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| part.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    }
    let mut parts = text.split('-');
    let year = digits(parts.next()?, 1..=4)?;
    let month = digits(parts.next()?, 1..=2)?;
    let day = digits(parts.next()?, 1..=2)?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Dates are read with [`parse_iso_date`] (the `YYYY-MM-DD` that chrono writes)
/// rather than chrono's `Deserialize`, which pulls its general format parser into the wasm.
mod iso_date {
    use chrono::NaiveDate;
    use serde::de::{Deserialize, Deserializer, Error};

    /// The error is shown to parents when a session is left out for it: `日期不存在：2024-02-30`.
    fn parse<E: Error>(text: &str) -> Result<NaiveDate, E> {
        super::parse_iso_date(text).ok_or_else(|| E::custom(format_args!("日期不存在：{text}")))
    }

    pub fn read<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        parse(&String::deserialize(d)?)
    }

    pub fn read_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| parse(&text))
            .transpose()
    }
}

impl Session {
    /// True when the session takes place on `day` (inclusive range).
    pub fn covers(&self, day: NaiveDate) -> bool {
        match (self.start, self.end) {
            (Some(s), Some(e)) => s <= day && day <= e,
            _ => false,
        }
    }

    /// Every day the session covers, in order; empty when undated.
    pub fn days(&self) -> Vec<NaiveDate> {
        match (self.start, self.end) {
            (Some(s), Some(e)) => s.iter_days().take_while(|d| *d <= e).collect(),
            _ => Vec::new(),
        }
    }

    /// True when it spans more than one day.
    pub fn is_multi_day(&self) -> bool {
        matches!((self.start, self.end), (Some(s), Some(e)) if s != e)
    }
}

/// Where each session and base id is in a dataset, built once with the data
/// ([`crate::load::AppData::ids`]), so that looking up many ids (a shared plan's, a title's)
/// costs no scan of the sessions each. The first of two records with one id is the one found,
/// as with [`Dataset::session`] and [`Dataset::base`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ids {
    sessions: HashMap<String, usize>,
    bases: HashMap<String, usize>,
}

impl Ids {
    /// The maps of a whole dataset in one go.
    pub fn of(ds: &Dataset) -> Ids {
        let mut ids = Ids::default();
        ids.add_bases(ds);
        for (i, s) in ds.sessions.iter().enumerate() {
            ids.add_session(&s.id, i);
        }
        ids
    }

    /// Adds every base of `ds`.
    pub fn add_bases(&mut self, ds: &Dataset) {
        for (i, b) in ds.bases.iter().enumerate() {
            self.bases.entry(b.id.clone()).or_insert(i);
        }
    }

    /// Adds session `i` of the dataset, whose id is `id`.
    pub fn add_session(&mut self, id: &str, i: usize) {
        self.sessions.entry(id.to_owned()).or_insert(i);
    }

    /// The session of `ds` (the dataset these maps were built from) with this id.
    pub fn session<'a>(&self, ds: &'a Dataset, id: &str) -> Option<&'a Session> {
        self.sessions.get(id).and_then(|&i| ds.sessions.get(i))
    }

    /// The base of `ds` (the dataset these maps were built from) with this id.
    pub fn base<'a>(&self, ds: &'a Dataset, id: &str) -> Option<&'a Base> {
        self.bases.get(id).and_then(|&i| ds.bases.get(i))
    }
}

impl Dataset {
    pub fn base(&self, id: &str) -> Option<&Base> {
        self.bases.iter().find(|b| b.id == id)
    }

    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// Indices into `sessions` of one base's sessions, in dataset order.
    pub fn sessions_of<'a>(&'a self, base_id: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.sessions
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.base == base_id)
            .map(|(i, _)| i)
    }

    /// The distinct base categories, in order of first appearance.
    pub fn categories(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for b in &self.bases {
            if !out.contains(&b.category.as_str()) {
                out.push(&b.category);
            }
        }
        out
    }
}

/// A stable id from content: `prefix` followed by 8 hex digits of the 64-bit FNV-1a hash of
/// `parts` joined by U+001F. Stable across Rust versions and platforms (unlike `DefaultHasher`),
/// so ids written into bookmarks and links today still resolve after a re-import.
pub fn content_id(prefix: &str, parts: &[&str]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(PRIME);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{prefix}{:08x}", (h >> 32) ^ (h & 0xffff_ffff))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::d;

    #[test]
    fn iso_dates_parse_like_chrono() {
        for text in [
            "2024-05-25",
            "2024-5-2",
            "2024-02-29",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-05-00",
            "2024-05-25x",
            "2024-05",
            "2024-05-25-1",
            "24-05-25",
            "2024-005-25",
            "2024-05-250",
            "",
            "-",
            "--",
            "2024-+5-25",
            "foo",
            "5.25",
            "24-5-25",
            "12345-05-25",
            "02024-05-25",
            "2024-05-25 ",
        ] {
            assert_eq!(
                parse_iso_date(text),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text}"
            );
        }
        for refused in ["+2024-05-25", "-2024-05-25", " 2024-05-25", "2024- 5-25"] {
            assert_eq!(parse_iso_date(refused), None, "{refused}");
        }
    }

    fn session(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Session {
        Session {
            id: "s1".into(),
            base: "b1".into(),
            title: "t".into(),
            start,
            end,
            place: "p".into(),
            at_base: false,
            note: None,
            source: "src".into(),
        }
    }

    #[test]
    fn content_id_is_stable_and_distinguishes_parts() {
        assert_eq!(content_id("s", &["a", "b"]), content_id("s", &["a", "b"]));
        assert_ne!(content_id("s", &["ab", ""]), content_id("s", &["a", "b"]));
        let id = content_id("b", &["重庆市气象科普馆"]);
        assert_eq!(id.len(), 9);
        assert!(id.starts_with('b'));
        // Pinned value: changing the hash breaks every saved bookmark.
        assert_eq!(content_id("x", &["abc"]), "xe25ef552");
    }

    #[test]
    fn dates_round_trip_through_json() {
        let s = session(Some(d(5, 30)), Some(d(6, 1)));
        let json = serde_json::to_string(&s).unwrap();
        assert!(
            json.contains(r#""start":"2024-05-30","end":"2024-06-01""#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Session>(&json).unwrap(), s);
        let undated = session(None, None);
        let json = serde_json::to_string(&undated).unwrap();
        assert_eq!(serde_json::from_str::<Session>(&json).unwrap(), undated);
        let bad = json.replace(r#""start":null"#, r#""start":"2024-02-30""#);
        let err = serde_json::from_str::<Session>(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("2024-02-30"), "{err}");
    }

    #[test]
    fn covers_and_days_across_months() {
        let s = session(Some(d(5, 30)), Some(d(6, 1)));
        assert!(s.covers(d(5, 31)));
        assert!(!s.covers(d(5, 29)));
        assert_eq!(s.days(), vec![d(5, 30), d(5, 31), d(6, 1)]);
        assert!(s.is_multi_day());
        let undated = session(None, None);
        assert!(undated.days().is_empty());
        assert!(!undated.covers(d(5, 25)));
        assert!(!session(Some(d(5, 25)), Some(d(5, 25))).is_multi_day());
    }

    #[test]
    fn phones_of_contacts_in_the_notices_order() {
        let contact = |name: &str, phones: &[&str]| BaseContact {
            name: name.into(),
            phones: phones.iter().map(|p| p.to_string()).collect(),
        };
        let contacts = [
            contact("甲", &["17783199721", "023-67821101"]),
            contact("乙", &[]),
            contact("丙", &["13800000000"]),
        ];
        assert_eq!(
            phones(&contacts).collect::<Vec<_>>(),
            ["17783199721", "023-67821101", "13800000000"]
        );
        assert_eq!(phones(&[]).count(), 0);
    }

    #[test]
    fn ids_find_what_a_scan_finds_the_first_of_two_included() {
        let mut ds: Dataset = serde_json::from_str(crate::testing::COMMITTED).unwrap();
        let mut twin = ds.sessions[3].clone();
        twin.title = "同一编号的第二场".into();
        ds.sessions.push(twin);
        let mut base = ds.bases[2].clone();
        base.name = "同一编号的第二个基地".into();
        ds.bases.push(base);
        let ids = Ids::of(&ds);
        for s in &ds.sessions {
            assert_eq!(ids.session(&ds, &s.id), ds.session(&s.id), "{}", s.id);
        }
        for b in &ds.bases {
            assert_eq!(ids.base(&ds, &b.id), ds.base(&b.id), "{}", b.id);
        }
        assert_eq!(ids.session(&ds, &ds.sessions[3].id), Some(&ds.sessions[3]));
        assert_eq!(ids.base(&ds, &ds.bases[2].id), Some(&ds.bases[2]));
        assert_eq!(ids.session(&ds, "s00000000"), None);
        assert_eq!(ids.base(&ds, "s00000000"), None);
    }
}
