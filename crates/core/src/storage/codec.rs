//! The stored value's text: [`encode`] (and [`encode_with`], which writes back what a newer
//! release stored and this app does not know), [`read`] / [`decode`], tolerant of every
//! format ever written, and [`merge`], what a save writes given what is stored now. Pure and
//! host-tested.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{FORMAT_VERSION, V1};
use crate::model::parse_iso_date;
use crate::plan::{Change, Plan, Remembered, SessionId};
use crate::session_id::has_id_shape;

/// The fields of an `about` entry this app reads and writes.
const ABOUT_FIELDS: [&str; 3] = ["title", "start", "end"];

/// What a stored value holds beyond the plan, written back as it was by [`encode_with`]: a
/// value is read in full when its `ids` are, even if a newer release wrote it, and nothing
/// this app does not understand is dropped when it saves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kept {
    /// `v` as stored, when newer than [`FORMAT_VERSION`]: the value is still the newer
    /// format (its fields are all kept), so a newer release reads it as its own.
    version: Option<u64>,
    /// Top-level fields other than `v`, `ids` and `about`.
    fields: Map<String, Value>,
    /// `about` entries as stored, where they hold more than this app reads: fields it does
    /// not know, and (from a newer release) entries it cannot read or for ids not in `ids`.
    about: Map<String, Value>,
}

impl Kept {
    /// True when there is nothing to write back.
    pub fn is_empty(&self) -> bool {
        self.version.is_none() && self.fields.is_empty() && self.about.is_empty()
    }
}

/// The value stored under [`super::KEY`]:
/// `{"v":2,"ids":["s1","s2"],"about":{"s1":{"title":"气象+","start":"2024-05-21","end":"2024-05-21"}}}`.
/// `ids` stays a plain array so that an older app (which reads `ids` of any version) still
/// finds every bookmark. Undated sessions have no `start`/`end`. Written by hand: ids need no
/// escaping ([`has_id_shape`]) and titles go through [`json_string`].
pub fn encode(plan: &Plan) -> String {
    encode_with(plan, &Kept::default())
}

/// [`encode`], with what [`read`] kept of the stored value: its newer version, its unknown
/// fields, and its `about` entries as they were (with this app's title and dates written
/// into those it can read; entries for ids no longer in the plan dropped by [`merge`]).
pub fn encode_with(plan: &Plan, kept: &Kept) -> String {
    let ids: Vec<String> = plan.ids().iter().map(|id| format!("\"{id}\"")).collect();
    let mut about: Vec<String> = plan
        .entries()
        .filter_map(|(id, about)| {
            let entry = match (kept.about.get(id), about) {
                (Some(stored), Some(a)) if remembered(stored).is_some() => overlay(stored, a),
                (Some(stored), _) => stored.to_string(),
                (None, Some(a)) => format!("{{{}}}", about_fields(a)),
                (None, None) => return None,
            };
            Some(format!("\"{id}\":{entry}"))
        })
        .collect();
    let in_plan: HashSet<&str> = plan.ids().iter().map(SessionId::as_str).collect();
    about.extend(
        kept.about
            .iter()
            .filter(|(id, _)| !in_plan.contains(id.as_str()))
            .map(|(id, entry)| format!("{}:{entry}", json_string(id))),
    );
    let fields: String = kept
        .fields
        .iter()
        .map(|(k, v)| format!(",{}:{v}", json_string(k)))
        .collect();
    format!(
        "{{\"v\":{},\"ids\":[{}],\"about\":{{{}}}{fields}}}",
        kept.version.unwrap_or(FORMAT_VERSION),
        ids.join(","),
        about.join(",")
    )
}

/// `"title":…` and, when dated, `,"start":…,"end":…`.
fn about_fields(a: &Remembered) -> String {
    let mut fields = format!("\"title\":{}", json_string(&a.title));
    if let (Some(start), Some(end)) = (a.start, a.end) {
        fields.push_str(&format!(",\"start\":\"{start}\",\"end\":\"{end}\""));
    }
    fields
}

/// A stored `about` entry with this app's title and dates written into it, its other fields
/// as they were.
fn overlay(stored: &Value, a: &Remembered) -> String {
    let mut entry = stored.as_object().cloned().unwrap_or_default();
    entry.insert("title".into(), Value::String(a.title.clone()));
    match (a.start, a.end) {
        (Some(start), Some(end)) => {
            entry.insert("start".into(), Value::String(start.to_string()));
            entry.insert("end".into(), Value::String(end.to_string()));
        }
        _ => {
            entry.remove("start");
            entry.remove("end");
        }
    }
    Value::Object(entry).to_string()
}

/// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What a stored value turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Nothing stored (no value, or only whitespace).
    Empty,
    /// Read in full: the current format (with fields this app does not know, which [`read`]
    /// keeps), a newer one whose `ids` read in full, or a bare JSON array of valid ids (the
    /// older, hand-writable format, which loses nothing when re-encoded and so needs no
    /// backup). Duplicates are dropped silently, since dropping them loses nothing either.
    Ok(Plan),
    /// Read in full from format version 1 (`{"v":1,"ids":[...]}`): nothing to report, but
    /// `raw` is kept under [`BACKUP_KEY`] before the first value of the current format
    /// replaces it (the browser side's `save`), so an older app, or a person, can still find it.
    Older { plan: Plan, raw: String },
    /// Partly readable: `plan` holds the valid ids that could be salvaged; `raw` is the value
    /// as stored, which the caller must keep (under [`BACKUP_KEY`]) and report.
    /// Examples: invalid or non-string entries among the ids, no format version, JSON cut off
    /// in the middle.
    Recovered { plan: Plan, raw: String },
    /// Nothing could be read; the caller must keep `raw` and report it.
    Unreadable { raw: String },
}

impl Decoded {
    /// The bookmarks to start with (empty for `Empty` and `Unreadable`).
    pub fn plan(&self) -> Plan {
        match self {
            Decoded::Ok(plan) | Decoded::Older { plan, .. } | Decoded::Recovered { plan, .. } => {
                plan.clone()
            }
            Decoded::Empty | Decoded::Unreadable { .. } => Plan::default(),
        }
    }

    /// The stored value that must be backed up before it is overwritten, if any.
    pub fn raw(&self) -> Option<&str> {
        match self {
            Decoded::Older { raw, .. }
            | Decoded::Recovered { raw, .. }
            | Decoded::Unreadable { raw } => Some(raw),
            Decoded::Empty | Decoded::Ok(_) => None,
        }
    }

    /// True when the user must be told (part or all of the stored value could not be read).
    pub fn is_damaged(&self) -> bool {
        matches!(self, Decoded::Recovered { .. } | Decoded::Unreadable { .. })
    }
}

/// Reads a stored value tolerantly; see [`Decoded`] for the cases.
pub fn decode(raw: Option<&str>) -> Decoded {
    read(raw).0
}

/// [`decode`], and what the value holds beyond the plan (for a value read in full; empty
/// otherwise).
///
/// Salvage rules: from valid JSON, only the `ids` array of an object or a top-level array is
/// looked at (any other JSON is `Unreadable`: ids are not guessed out of unknown structures).
/// From invalid JSON that starts like ours (`{` or `[`), every string literal that is a valid
/// id and not an object key is salvaged, so a value cut off by a full disk still yields the
/// ids written before the cut. Linear in the input's length.
pub fn read(raw: Option<&str>) -> (Decoded, Kept) {
    let Some(text) = raw else {
        return (Decoded::Empty, Kept::default());
    };
    if text.trim().is_empty() {
        return (Decoded::Empty, Kept::default());
    }
    let recovered = |plan: Plan| Decoded::Recovered {
        plan,
        raw: text.to_string(),
    };
    let unreadable = || Decoded::Unreadable {
        raw: text.to_string(),
    };

    // One parse into a `Value` (a derived `Deserialize` for the current format would be a
    // second JSON reader in the wasm), from bytes like the dataset loader's, which shares it.
    let decoded = match serde_json::from_slice::<Value>(text.as_bytes()) {
        Ok(Value::Array(items)) => {
            let (ids, lossless) = string_ids(&items);
            if lossless {
                Decoded::Ok(Plan::from(ids))
            } else if ids.is_empty() {
                unreadable()
            } else {
                recovered(Plan::from(ids))
            }
        }
        Ok(Value::Object(mut map)) => match map.remove("ids") {
            Some(Value::Array(items)) => {
                let version = map.remove("v").as_ref().and_then(Value::as_u64);
                // The current format and newer ones may carry fields this app does not know.
                let current = version.is_some_and(|v| v >= FORMAT_VERSION);
                let newer = version.filter(|&v| v > FORMAT_VERSION);
                let (ids, lossless) = string_ids(&items);
                let about = map.remove("about");
                let (plan, about_lossless, kept_about) =
                    with_about(ids, about.as_ref(), newer.is_some());
                let whole = lossless && about_lossless && (current || map.is_empty());
                if plan.is_empty() && !(whole && items.is_empty()) {
                    unreadable()
                } else if whole && current {
                    let kept = Kept {
                        version: newer,
                        fields: map,
                        about: kept_about,
                    };
                    return (Decoded::Ok(plan), kept);
                } else if whole && version == Some(V1) && about.is_none() {
                    // An empty version-1 value holds nothing worth a backup.
                    if plan.is_empty() {
                        Decoded::Ok(plan)
                    } else {
                        Decoded::Older {
                            plan,
                            raw: text.to_string(),
                        }
                    }
                } else {
                    recovered(plan)
                }
            }
            _ => unreadable(),
        },
        Ok(_) => unreadable(),
        Err(_) => {
            let start = text.trim_start();
            let ids = if start.starts_with('{') || start.starts_with('[') {
                salvage_string_literals(text)
            } else {
                Vec::new()
            };
            if ids.is_empty() {
                unreadable()
            } else {
                recovered(Plan::from(ids))
            }
        }
    };
    (decoded, Kept::default())
}

/// The valid ids among `items`, and whether every item was one.
fn string_ids(items: &[Value]) -> (Vec<String>, bool) {
    let ids: Vec<String> = items
        .iter()
        .filter_map(Value::as_str)
        .filter(|s| has_id_shape(s))
        .map(str::to_string)
        .collect();
    let lossless = ids.len() == items.len();
    (ids, lossless)
}

/// The plan of `ids` with what `about` (format 2's `{"<id>":{"title":…,"start":…,"end":…}}`)
/// says of them, whether `about` was read in full, and the entries to keep as they are (see
/// [`Kept::about`]). Read in full: absent, or an object whose every entry is a title with both
/// dates or neither, for one of `ids`; from a `newer` release, also entries this app cannot
/// read or for other ids, which are kept.
fn with_about(
    ids: Vec<String>,
    about: Option<&Value>,
    newer: bool,
) -> (Plan, bool, Map<String, Value>) {
    let empty = Map::new();
    let (entries, mut lossless) = match about {
        None => (&empty, true),
        Some(Value::Object(entries)) => (entries, true),
        Some(_) => (&empty, false),
    };
    let mut kept = Map::new();
    let plan: Plan = ids
        .into_iter()
        .map(|id| {
            let entry = entries.get(&id);
            let about = entry.and_then(remembered);
            if let Some(entry) = entry {
                let unknown_fields = entry
                    .as_object()
                    .is_some_and(|o| o.keys().any(|k| !ABOUT_FIELDS.contains(&k.as_str())));
                if about.is_none() && !newer {
                    lossless = false;
                } else if about.is_none() || unknown_fields {
                    kept.insert(id.clone(), entry.clone());
                }
            }
            (id, about)
        })
        .collect();
    // Every key of `about` is one of the plan's ids, which are distinct: count, don't search.
    let keyed = plan
        .ids()
        .iter()
        .filter(|id| entries.contains_key(id.as_str()))
        .count();
    if keyed != entries.len() {
        if newer {
            let in_plan: HashSet<&str> = plan.ids().iter().map(SessionId::as_str).collect();
            for (id, entry) in entries {
                if !in_plan.contains(id.as_str()) {
                    kept.insert(id.clone(), entry.clone());
                }
            }
        } else {
            lossless = false;
        }
    }
    (plan, lossless, kept)
}

/// One entry of `about`, if well-formed.
fn remembered(entry: &Value) -> Option<Remembered> {
    let title = entry.get("title")?.as_str()?.to_string();
    let date = |field: &str| match entry.get(field) {
        None => Some(None),
        Some(v) => v.as_str().and_then(parse_iso_date).map(Some),
    };
    let (start, end) = (date("start")?, date("end")?);
    if start.is_some() != end.is_some() || start > end {
        return None;
    }
    Some(Remembered { title, start, end })
}

/// Every complete `"…"` literal of broken JSON that is a valid id and is not followed by `:`
/// (an object key such as `"ids"` or `"v"`). Literals with escapes are never valid ids, so
/// escapes only need skipping.
fn salvage_string_literals(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        while j < bytes.len() && bytes[j] != b'"' {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        if j >= bytes.len() {
            break;
        }
        let literal = &text[start..j];
        let rest = text[j + 1..].trim_start();
        if has_id_shape(literal) && !rest.starts_with(':') {
            out.push(literal.to_string());
        }
        i = j + 1;
    }
    out
}

/// What a save does: the stored value with the parent's change applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The plan as stored after the change: what the tab shows from now on.
    pub plan: Plan,
    /// The change that undoes this one, when it took something out.
    pub undo: Option<Change>,
    /// The value to store; `None` when it is what is stored already (nothing to write).
    pub write: Option<String>,
    /// A stored value to back up before it is overwritten: one in an older format, or one
    /// not read in full.
    pub backup: Option<Backup>,
}

/// A stored value that must be kept before it is replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    pub raw: String,
    /// This app read it in full (an older format), so no message may call it unreadable.
    pub readable: bool,
}

/// Applies `change` to the plan stored now (`current`), lets `describe` learn what the
/// sessions are, and says what to write: the tab's copy of the plan is never written over
/// what another tab stored meanwhile. Nothing is written when the plan (ids, titles, dates)
/// did not change.
pub fn merge(current: Option<&str>, change: &Change, describe: impl FnOnce(&mut Plan)) -> Merged {
    let (decoded, mut kept) = read(current);
    let mut plan = decoded.plan();
    let undo = change.apply(&mut plan);
    describe(&mut plan);
    // The entries of bookmarks the change took out go with them; a newer release's entries
    // for ids that were never in `ids` stay.
    let stored = decoded.plan();
    let now: HashSet<&str> = plan.ids().iter().map(SessionId::as_str).collect();
    let gone: HashSet<&str> = stored
        .ids()
        .iter()
        .map(SessionId::as_str)
        .filter(|id| !now.contains(id))
        .collect();
    kept.about.retain(|id, _| !gone.contains(id.as_str()));
    // Only a real change is written: a value in another format or from a newer release
    // whose plan is unchanged stays as it is.
    let write = (plan != stored).then(|| encode_with(&plan, &kept));
    let backup = write.as_ref().and(decoded.raw()).map(|raw| Backup {
        raw: raw.to_string(),
        readable: !decoded.is_damaged(),
    });
    Merged {
        plan,
        undo,
        write,
        backup,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::d;

    fn plan(ids: &[&str]) -> Plan {
        Plan::from(ids.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    /// A bookmark's id, title and, when dated, its one day (month, day).
    type Described<'a> = (&'a str, &'a str, Option<(u32, u32)>);

    /// A plan whose bookmarks remember titles (and dates, when given).
    fn described(items: &[Described]) -> Plan {
        items
            .iter()
            .map(|&(id, title, day)| {
                let about = Remembered {
                    title: title.to_string(),
                    start: day.map(|(m, dd)| d(m, dd)),
                    end: day.map(|(m, dd)| d(m, dd)),
                };
                (id.to_string(), Some(about))
            })
            .collect()
    }

    #[test]
    fn current_format_round_trips() {
        let p = plan(&["s2", "s1", "s3"]);
        let raw = encode(&p);
        assert_eq!(raw, r#"{"v":2,"ids":["s2","s1","s3"],"about":{}}"#);
        assert_eq!(decode(Some(&raw)), Decoded::Ok(p));
        assert_eq!(encode(&Plan::default()), r#"{"v":2,"ids":[],"about":{}}"#);
        assert_eq!(
            decode(Some(r#"{"v":2,"ids":[],"about":{}}"#)),
            Decoded::Ok(Plan::default())
        );
    }

    #[test]
    fn titles_and_dates_round_trip_escaped() {
        let mut p = described(&[
            ("s1", "气象+", Some((5, 21))),
            ("s2", "引号\"与\\反斜杠\n换行\u{1}", None),
        ]);
        p.add("s3");
        let raw = encode(&p);
        assert_eq!(
            raw,
            concat!(
                r#"{"v":2,"ids":["s1","s2","s3"],"about":{"#,
                r#""s1":{"title":"气象+","start":"2024-05-21","end":"2024-05-21"},"#,
                r#""s2":{"title":"引号\"与\\反斜杠\n换行\u0001"}}}"#
            )
        );
        // What serde_json (an independent reader) makes of it.
        let v: Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(v["about"]["s2"]["title"], "引号\"与\\反斜杠\n换行\u{1}");
        let back = decode(Some(&raw));
        assert_eq!(back, Decoded::Ok(p.clone()));
        assert_eq!(back.plan().about("s1").unwrap().start, Some(d(5, 21)));
        assert_eq!(back.plan().about("s3"), None);
    }

    /// The exact value the first release writes (`storage::encode` of version 1).
    const V1_FIXTURE: &str = r#"{"v":1,"ids":["sc1f26eef","sdbd9d7b7","s71418e15"]}"#;

    #[test]
    fn version_1_is_read_in_full_and_kept_before_it_is_replaced() {
        let d1 = decode(Some(V1_FIXTURE));
        assert_eq!(
            d1,
            Decoded::Older {
                plan: plan(&["sc1f26eef", "sdbd9d7b7", "s71418e15"]),
                raw: V1_FIXTURE.to_string()
            }
        );
        assert!(!d1.is_damaged(), "nothing to tell the user");
        assert_eq!(d1.raw(), Some(V1_FIXTURE), "kept before the first save");
        // Written again in the new format, it loses no id and reads as current.
        let again = decode(Some(&encode(&d1.plan())));
        assert_eq!(again, Decoded::Ok(d1.plan()));
        assert_eq!(again.raw(), None);
        // An empty version-1 value needs no backup.
        assert_eq!(
            decode(Some(r#"{"v":1,"ids":[]}"#)),
            Decoded::Ok(Plan::default())
        );
    }

    #[test]
    fn an_older_app_still_finds_every_id_in_the_new_format() {
        // The first release's reader looks at `ids` only, in any version.
        let raw = encode(&described(&[
            ("s1", "一", None),
            ("s2", "二", Some((5, 25))),
        ]));
        let v: Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(v["ids"], serde_json::json!(["s1", "s2"]));
    }

    #[test]
    fn a_damaged_about_keeps_the_ids_and_the_raw_value() {
        for raw in [
            r#"{"v":2,"ids":["s1"],"about":{"s1":{"title":7}}}"#,
            r#"{"v":2,"ids":["s1"],"about":{"s1":{"title":"t","start":"2024-05-25"}}}"#,
            r#"{"v":2,"ids":["s1"],"about":{"s1":{"title":"t","start":"2024-05-26","end":"2024-05-25"}}}"#,
            r#"{"v":2,"ids":["s1"],"about":{"s1":{"title":"t","start":"2024-02-30","end":"2024-02-30"}}}"#,
            r#"{"v":2,"ids":["s1"],"about":{"s9":{"title":"t"}}}"#,
            r#"{"v":2,"ids":["s1"],"about":[]}"#,
            r#"{"v":1,"ids":["s1"],"about":{}}"#,
        ] {
            let d = decode(Some(raw));
            assert_eq!(d.plan().ids(), ["s1".to_string()], "{raw}");
            assert!(d.is_damaged(), "{raw}");
            assert_eq!(d.raw(), Some(raw));
        }
        // What could be read of `about` is kept.
        let raw = r#"{"v":2,"ids":["s1","s2"],"about":{"s1":{"title":"一"},"s2":{}}}"#;
        let p = decode(Some(raw)).plan();
        assert_eq!(p.about("s1").unwrap().title, "一");
        assert_eq!(p.about("s2"), None);
    }

    #[test]
    fn nothing_stored_is_empty() {
        assert_eq!(decode(None), Decoded::Empty);
        assert_eq!(decode(Some("")), Decoded::Empty);
        assert_eq!(decode(Some(" \n")), Decoded::Empty);
        assert_eq!(decode(None).plan(), Plan::default());
        assert_eq!(decode(None).raw(), None);
    }

    #[test]
    fn bare_array_is_accepted_without_backup() {
        assert_eq!(
            decode(Some(r#"["s1","s2","s1"]"#)),
            Decoded::Ok(plan(&["s1", "s2"]))
        );
        assert_eq!(decode(Some("[]")), Decoded::Ok(Plan::default()));
    }

    #[test]
    fn invalid_ids_are_filtered_and_the_raw_value_kept() {
        let raw = r#"{"v":1,"ids":["s1","BAD ID",7,"s2",null,"s1"]}"#;
        let d = decode(Some(raw));
        assert_eq!(
            d,
            Decoded::Recovered {
                plan: plan(&["s1", "s2"]),
                raw: raw.to_string()
            }
        );
        assert_eq!(d.raw(), Some(raw));
        assert_eq!(d.plan(), plan(&["s1", "s2"]));

        let arr = r#"["s1", "s,2", "s3"]"#;
        assert_eq!(
            decode(Some(arr)),
            Decoded::Recovered {
                plan: plan(&["s1", "s3"]),
                raw: arr.to_string()
            }
        );
    }

    #[test]
    fn a_value_without_a_version_is_salvaged_but_backed_up() {
        let raw = r#"{"ids":["s1"]}"#;
        assert_eq!(
            decode(Some(raw)),
            Decoded::Recovered {
                plan: plan(&["s1"]),
                raw: raw.to_string()
            }
        );
    }

    /// What a newer release might write: a version this app does not know, fields it does
    /// not know at the top and in `about`, an entry it cannot read, one for an id not listed.
    const NEWER: &str = concat!(
        r#"{"v":3,"ids":["s1","s2","s3"],"about":{"#,
        r#""s1":{"title":"一","start":"2024-05-25","end":"2024-05-25","place":"创客港"},"#,
        r#""s2":{"title":"二"},"#,
        r#""s3":{"title":{"zh":"三"}},"#,
        r#""s8":{"title":"八","archived":true}},"#,
        r#""lists":{"周末":["s1"]},"sync":null}"#
    );

    #[test]
    fn a_newer_release_s_value_is_read_in_full_quietly_and_never_backed_up() {
        let (decoded, kept) = read(Some(NEWER));
        assert_eq!(decoded.plan().ids(), ["s1", "s2", "s3"].map(String::from));
        assert!(matches!(decoded, Decoded::Ok(_)), "{decoded:?}");
        assert!(!decoded.is_damaged());
        assert_eq!(decoded.raw(), None, "nothing to back up");
        assert_eq!(decoded.plan().about("s1").unwrap().title, "一");
        assert_eq!(decoded.plan().about("s3"), None);
        assert!(!kept.is_empty());
        // The current version with fields this app does not know is read in full too.
        for raw in [
            r#"{"v":2,"ids":["s1"],"extra":true}"#,
            r#"{"v":2,"ids":["s1"],"about":{"s1":{"title":"一","place":"x"}}}"#,
            r#"{"v":3,"ids":["s1"],"about":{}}"#,
            r#"{"v":3,"ids":[]}"#,
        ] {
            let d = decode(Some(raw));
            assert!(matches!(d, Decoded::Ok(_)), "{raw}: {d:?}");
            assert_eq!(d.raw(), None, "{raw}");
        }
        // Ids that do not read in full are still damage, whatever the version.
        let bad = r#"{"v":3,"ids":["s1",7]}"#;
        assert!(decode(Some(bad)).is_damaged());
    }

    /// What the dataset's `describe_from` does, with undated titles given here.
    fn retitle(p: &mut Plan, titles: &[(&str, &str)]) {
        *p = p
            .entries()
            .map(|(id, about)| {
                let title = titles
                    .iter()
                    .find(|(t, _)| *t == id)
                    .map(|(_, t)| Remembered {
                        title: t.to_string(),
                        ..Remembered::default()
                    });
                (id.to_string(), title.or(about.cloned()))
            })
            .collect();
    }

    fn json(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn saving_over_a_newer_value_keeps_what_this_app_does_not_know() {
        let m = merge(Some(NEWER), &Change::Add("s4".into()), |p| {
            retitle(p, &[("s1", "一（更正）"), ("s4", "四")]);
        });
        assert_eq!(m.backup, None);
        let v = json(m.write.as_deref().expect("a real change is written"));
        assert_eq!(v["v"], 3);
        assert_eq!(v["ids"], serde_json::json!(["s1", "s2", "s3", "s4"]));
        assert_eq!(v["lists"], serde_json::json!({"周末": ["s1"]}));
        assert_eq!(v["sync"], Value::Null);
        assert!(v.as_object().unwrap().contains_key("sync"));
        // This app's title written into the entry, the newer release's field kept.
        assert_eq!(
            v["about"]["s1"],
            serde_json::json!({"title": "一（更正）", "place": "创客港"})
        );
        assert_eq!(v["about"]["s2"], serde_json::json!({"title": "二"}));
        assert_eq!(v["about"]["s3"], serde_json::json!({"title": {"zh": "三"}}));
        assert_eq!(
            v["about"]["s8"],
            serde_json::json!({"title": "八", "archived": true})
        );
        assert_eq!(v["about"]["s4"], serde_json::json!({"title": "四"}));
        // Read again, it is the same plan with the same things kept.
        let (again, _) = read(m.write.as_deref());
        assert_eq!(again.plan(), m.plan);

        // Removing a bookmark takes its entry with it; the entry of an id never listed stays.
        let m = merge(Some(NEWER), &Change::Remove("s1".into()), |_| {});
        let v = json(m.write.as_deref().unwrap());
        assert_eq!(v["ids"], serde_json::json!(["s2", "s3"]));
        assert!(v["about"].get("s1").is_none());
        assert!(v["about"].get("s8").is_some());
        assert_eq!(m.undo.map(|u| matches!(u, Change::Restore(_))), Some(true));
    }

    #[test]
    fn a_save_applies_the_change_to_what_is_stored_now() {
        // The tab saw nothing; another tab stored s1 and s2 a moment ago.
        let stored = encode(&plan(&["s1", "s2"]));
        let m = merge(Some(&stored), &Change::Add("s3".into()), |_| {});
        assert_eq!(m.plan, plan(&["s1", "s2", "s3"]));
        assert_eq!(m.write, Some(encode(&plan(&["s1", "s2", "s3"]))));
        assert_eq!(m.undo, None);
        let m = merge(None, &Change::Add("s3".into()), |_| {});
        assert_eq!(m.write, Some(encode(&plan(&["s3"]))));
    }

    #[test]
    fn nothing_is_written_when_the_plan_did_not_change() {
        let p = described(&[("s1", "一", Some((5, 25))), ("s2", "二", None)]);
        let stored = encode(&p);
        for change in [
            Change::Describe,
            Change::Add("s1".into()),
            Change::Remove("s9".into()),
            Change::Clear(crate::testing::ids(&["s9"])),
        ] {
            let m = merge(Some(&stored), &change, |_| {});
            assert_eq!(m.write, None, "{change:?}");
            assert_eq!(m.plan, p);
        }
        // Nothing stored and nothing to store: no empty value is written.
        assert_eq!(merge(None, &Change::Describe, |_| {}).write, None);
        // A newer value, an older one, unchanged: left as they are.
        assert_eq!(merge(Some(NEWER), &Change::Describe, |_| {}).write, None);
        assert_eq!(
            merge(Some(V1_FIXTURE), &Change::Describe, |_| {}).write,
            None
        );
    }

    #[test]
    fn an_older_value_is_backed_up_as_readable_a_damaged_one_as_not() {
        let m = merge(Some(V1_FIXTURE), &Change::Add("s1".into()), |_| {});
        assert_eq!(
            m.backup,
            Some(Backup {
                raw: V1_FIXTURE.into(),
                readable: true
            })
        );
        let broken = r#"{"v":1,"ids":["s1","#;
        let m = merge(Some(broken), &Change::Add("s2".into()), |_| {});
        assert_eq!(m.plan, plan(&["s1", "s2"]));
        assert_eq!(
            m.backup,
            Some(Backup {
                raw: broken.into(),
                readable: false
            })
        );
    }

    #[test]
    fn truncated_json_salvages_complete_ids_but_not_keys() {
        let raw = r#"{"v":1,"ids":["s1","s22","s3"#;
        assert_eq!(
            decode(Some(raw)),
            Decoded::Recovered {
                plan: plan(&["s1", "s22"]),
                raw: raw.to_string()
            }
        );
        let escaped = r#"["a\"b", "s9", "x\\" , "s8"#;
        assert_eq!(decode(Some(escaped)).plan(), plan(&["s9"]));
    }

    #[test]
    fn corrupted_input_keeps_the_raw_value() {
        for raw in [
            "garbage ☃",
            "s1,s2",
            "null",
            "42",
            r#""s1""#,
            r#"{"foo":"s1"}"#,
            r#"{"v":1,"ids":"s1"}"#,
            r#"{"v":1,"ids":[1,2,"BAD"]}"#,
            r#"[1,2]"#,
            r#"{"v":1,"ids":[""#,
            "{\u{0}\u{fffd}",
        ] {
            assert_eq!(
                decode(Some(raw)),
                Decoded::Unreadable {
                    raw: raw.to_string()
                },
                "{raw:?}"
            );
        }
    }

    #[test]
    fn huge_input() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("s{i:08x}")).collect();
        let big = Plan::from(ids.clone());
        assert_eq!(big.len(), 20_000);
        let raw = encode(&big);
        assert_eq!(decode(Some(&raw)), Decoded::Ok(big));

        let truncated = &raw[..raw.len() / 2];
        match decode(Some(truncated)) {
            Decoded::Recovered { plan, raw } => {
                assert!(plan.len() > 9_000 && plan.len() < 10_001, "{}", plan.len());
                assert_eq!(plan.ids(), &ids[..plan.len()]);
                assert_eq!(raw, truncated);
            }
            other => panic!("{:?}", other.plan().len()),
        }

        // With a title for each: still read whole (and in linear time).
        let described: Plan = ids
            .iter()
            .map(|id| {
                let about = Remembered {
                    title: format!("活动 {id}"),
                    start: Some(d(5, 25)),
                    end: Some(d(5, 27)),
                };
                (id.clone(), Some(about))
            })
            .collect();
        assert_eq!(decode(Some(&encode(&described))), Decoded::Ok(described));

        let garbage = format!("[{}", "\"\\".repeat(1_000_000));
        assert_eq!(
            decode(Some(&garbage)),
            Decoded::Unreadable {
                raw: garbage.clone()
            }
        );
    }
}
