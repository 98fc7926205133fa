//! The one place the app keeps bookmarks on the phone (localStorage).
//!
//! Stored under [`KEY`] as `{"v":2,"ids":[...],"about":{"<id>":{"title":…,"start":…,"end":…}}}`
//! (format [`FORMAT_VERSION`]): the ids in order, and for each what its session was when last
//! seen, so a bookmark whose session left the dataset still says what it was. The key never
//! changes (other tabs, and older versions of the app still cached on the phone, read the same
//! key); the format's version is inside the value.
//!
//! Older formats are read without loss: version 1 (`{"v":1,"ids":[...]}`, ids only) and a bare
//! array of ids. A version-1 value is copied under [`BACKUP_KEY`] before the first version-2
//! value replaces it ([`Decoded::Older`]). Reading is tolerant ([`decode`]), and a stored value
//! that cannot be read in full is never thrown away either: it is copied under [`BACKUP_KEY`]
//! (or `BACKUP_KEY/2`, `/3`, … when an earlier, different backup is there) before anything
//! overwrites it, and the user is told. The codec is pure and host-tested; [`load`] and
//! [`save`] (wasm only) do the browser part.

use serde_json::{Map, Value};

use crate::days::parse_iso_date;
use crate::plan::{is_valid_id, Plan, Remembered};

/// Where the bookmarks live. The name (with its `v1`) is kept for good: a new format is a new
/// `v` inside the value, never a new key, so no version of the app misses the bookmarks.
pub const KEY: &str = "yubei-week/bookmarks/v1";

/// Where a stored value that could not be read in full, or one in an older format about to be
/// replaced, is kept; later, different ones go to [`backup_key`]`(2)`, `(3)`, … so no backup
/// overwrites another.
pub const BACKUP_KEY: &str = "yubei-week/bookmarks/unreadable";

/// How many backup slots [`load`] and [`save`] use at most; when all hold other values, the
/// unreadable value is left under [`KEY`] untouched rather than dropped.
pub const MAX_BACKUPS: usize = 9;

/// The format version written by [`encode`].
pub const FORMAT_VERSION: u64 = 2;

/// The ids-only format of the first release, still read in full.
pub const V1: u64 = 1;

/// The value stored under [`KEY`]:
/// `{"v":2,"ids":["s1","s2"],"about":{"s1":{"title":"气象+","start":"2024-05-21","end":"2024-05-21"}}}`.
/// `ids` stays a plain array so that an older app (which reads `ids` of any version) still
/// finds every bookmark. Undated sessions have no `start`/`end`. Written by hand: ids need no
/// escaping ([`is_valid_id`]), titles go through [`json_string`], and serde_json's serializer
/// stays out of the wasm.
pub fn encode(plan: &Plan) -> String {
    let ids: Vec<String> = plan.ids().iter().map(|id| format!("\"{id}\"")).collect();
    let about: Vec<String> = plan
        .entries()
        .filter_map(|(id, about)| {
            let a = about?;
            let mut fields = format!("\"title\":{}", json_string(&a.title));
            if let (Some(start), Some(end)) = (a.start, a.end) {
                fields.push_str(&format!(",\"start\":\"{start}\",\"end\":\"{end}\""));
            }
            Some(format!("\"{id}\":{{{fields}}}"))
        })
        .collect();
    format!(
        "{{\"v\":{FORMAT_VERSION},\"ids\":[{}],\"about\":{{{}}}}}",
        ids.join(","),
        about.join(",")
    )
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
    /// Read in full: the current format, or a bare JSON array of valid ids (the older,
    /// hand-writable format, which loses nothing when re-encoded and so needs no backup).
    /// Duplicates are dropped silently, since dropping them loses nothing either.
    Ok(Plan),
    /// Read in full from format version 1 (`{"v":1,"ids":[...]}`): nothing to report, but
    /// `raw` is kept under [`BACKUP_KEY`] before the first value of the current format
    /// replaces it ([`save`]), so an older app, or a person, can still find it.
    Older { plan: Plan, raw: String },
    /// Partly readable: `plan` holds the valid ids that could be salvaged; `raw` is the value
    /// as stored, which the caller must keep (under [`BACKUP_KEY`]) and report.
    /// Examples: invalid or non-string entries among the ids, another format version, JSON cut
    /// off in the middle.
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
///
/// Salvage rules: from valid JSON, only the `ids` array of an object or a top-level array is
/// looked at (any other JSON is `Unreadable`: ids are not guessed out of unknown structures).
/// From invalid JSON that starts like ours (`{` or `[`), every string literal that is a valid
/// id and not an object key is salvaged, so a value cut off by a full disk still yields the
/// ids written before the cut. Linear in the input's length.
pub fn decode(raw: Option<&str>) -> Decoded {
    let Some(text) = raw else {
        return Decoded::Empty;
    };
    if text.trim().is_empty() {
        return Decoded::Empty;
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
    match serde_json::from_slice::<Value>(text.as_bytes()) {
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
        Ok(Value::Object(map)) => match map.get("ids") {
            Some(Value::Array(items)) => {
                let version = map.get("v").and_then(Value::as_u64);
                let (ids, lossless) = string_ids(items);
                let (plan, about_lossless) = with_about(ids, map.get("about"));
                let known_fields = map
                    .keys()
                    .all(|k| ["v", "ids", "about"].contains(&k.as_str()));
                let whole = lossless && about_lossless && known_fields;
                if plan.is_empty() && !(whole && items.is_empty()) {
                    unreadable()
                } else if whole && version == Some(FORMAT_VERSION) {
                    Decoded::Ok(plan)
                } else if whole && version == Some(V1) && !map.contains_key("about") {
                    // An empty version-1 value holds nothing worth a backup.
                    if plan.is_empty() {
                        return Decoded::Ok(plan);
                    }
                    Decoded::Older {
                        plan,
                        raw: text.to_string(),
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
            if !(start.starts_with('{') || start.starts_with('[')) {
                return unreadable();
            }
            let ids = salvage_string_literals(text);
            if ids.is_empty() {
                unreadable()
            } else {
                recovered(Plan::from(ids))
            }
        }
    }
}

/// The valid ids among `items`, and whether every item was one.
fn string_ids(items: &[Value]) -> (Vec<String>, bool) {
    let ids: Vec<String> = items
        .iter()
        .filter_map(Value::as_str)
        .filter(|s| is_valid_id(s))
        .map(str::to_string)
        .collect();
    let lossless = ids.len() == items.len();
    (ids, lossless)
}

/// The plan of `ids` with what `about` (format 2's `{"<id>":{"title":…,"start":…,"end":…}}`)
/// says of them, and whether `about` was read in full: absent, or an object whose every key is
/// one of `ids` and every entry a title with both dates or neither.
fn with_about(ids: Vec<String>, about: Option<&Value>) -> (Plan, bool) {
    let empty = Map::new();
    let (entries, mut lossless) = match about {
        None => (&empty, true),
        Some(Value::Object(entries)) => (entries, true),
        Some(_) => (&empty, false),
    };
    let plan: Plan = ids
        .into_iter()
        .map(|id| {
            let entry = entries.get(&id);
            let about = entry.and_then(remembered);
            if entry.is_some() && about.is_none() {
                lossless = false;
            }
            (id, about)
        })
        .collect();
    // Every key of `about` is one of the plan's ids, which are distinct: count, don't search.
    let keyed = plan
        .ids()
        .iter()
        .filter(|id| entries.contains_key(*id))
        .count();
    (plan, lossless && keyed == entries.len())
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
        if is_valid_id(literal) && !rest.starts_with(':') {
            out.push(literal.to_string());
        }
        i = j + 1;
    }
    out
}

/// The `n`-th backup key, 1-based: [`BACKUP_KEY`] for 1, `BACKUP_KEY/2` for 2, and so on.
pub fn backup_key(n: usize) -> String {
    if n <= 1 {
        BACKUP_KEY.to_string()
    } else {
        format!("{BACKUP_KEY}/{n}")
    }
}

/// Where a value to back up goes, given what the backup slots hold now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupSlot {
    /// This key already holds exactly this value: nothing to write.
    AlreadyKept(String),
    /// This key is free: write the value there.
    Free(String),
    /// Every slot holds another value; nothing may be overwritten.
    Full,
}

/// Picks the backup slot for `raw`: the first of [`backup_key`]`(1..=MAX_BACKUPS)` that
/// already holds it, else the first free one. `get` reads a key.
pub fn backup_slot(raw: &str, get: impl Fn(&str) -> Option<String>) -> BackupSlot {
    let mut free = None;
    for n in 1..=MAX_BACKUPS {
        let key = backup_key(n);
        match get(&key) {
            Some(existing) if existing == raw => return BackupSlot::AlreadyKept(key),
            Some(_) => {}
            None => {
                if free.is_none() {
                    free = Some(key);
                }
            }
        }
    }
    free.map_or(BackupSlot::Full, BackupSlot::Free)
}

/// True when a `storage` event (another tab changed localStorage) may have changed the
/// bookmarks, given the event's `key`: our [`KEY`], or `None`, which means the other tab
/// cleared all of localStorage. Changes to backups do not change the bookmarks.
pub fn is_bookmarks_event(event_key: Option<&str>) -> bool {
    event_key.is_none_or(|k| k == KEY)
}

/// Why bookmarks could not be saved. `Display` is the message for the user, in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// No localStorage: private mode, blocked cookies or site data, some in-app browsers.
    #[error("此浏览器不允许在本机保存收藏（可能是无痕模式或浏览器限制），收藏只在本次打开期间有效。可用“分享”链接保存你的安排。")]
    Unavailable,
    /// The browser's storage for this site is full.
    #[error("手机浏览器的存储空间已满，收藏未能保存。可用“分享”链接保存你的安排。")]
    QuotaExceeded,
    /// An unreadable stored value could not be backed up, so it was not overwritten.
    #[error("本机已有无法读取的旧收藏，且无法另存备份，为免丢失未覆盖保存。可用“分享”链接保存你的安排。")]
    BackupFailed,
    /// Any other failure; the detail is for the console, not the user.
    #[error("收藏未能保存，请稍后再试。")]
    Other(String),
}

/// What [`load`] found.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LoadOutcome {
    pub plan: Plan,
    /// A message for the user (Chinese) when not everything went well: storage unavailable,
    /// or a stored value that was only partly or not at all readable (and where it was kept).
    pub warning: Option<String>,
}

/// The warning for a partly readable value whose original was kept.
pub fn recovered_warning(salvaged: usize) -> String {
    format!("本机保存的收藏有损坏，已恢复 {salvaged} 项；原数据已另存备份。")
}

/// The warning for an unreadable value whose original was kept.
pub const UNREADABLE_WARNING: &str = "本机保存的收藏无法读取，已另存备份，当前收藏为空。";

/// The warning when the original could not be kept: it stays where it was, untouched.
pub const NOT_BACKED_UP_WARNING: &str =
    "本机保存的收藏有损坏且无法另存备份；原数据保留未动，新的收藏暂不能保存。";

#[cfg(target_arch = "wasm32")]
mod browser {
    use web_sys::js_sys::Reflect;
    use web_sys::wasm_bindgen::JsValue;
    use web_sys::Storage;

    use super::*;

    fn local_storage() -> Option<Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    fn error_from(err: JsValue) -> StorageError {
        let name = Reflect::get(&err, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        match name.as_str() {
            "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => StorageError::QuotaExceeded,
            "SecurityError" => StorageError::Unavailable,
            _ => StorageError::Other(format!("{err:?}")),
        }
    }

    /// Copies `raw` to a backup slot unless one already holds it.
    fn keep(storage: &Storage, raw: &str) -> Result<(), StorageError> {
        match backup_slot(raw, |k| storage.get_item(k).ok().flatten()) {
            BackupSlot::AlreadyKept(_) => Ok(()),
            BackupSlot::Free(key) => storage.set_item(&key, raw).map_err(error_from),
            BackupSlot::Full => Err(StorageError::BackupFailed),
        }
    }

    /// Reads the bookmarks. Never panics: without localStorage the plan is empty and the
    /// warning says why. A value not read in full is backed up and then replaced by what was
    /// salvaged (so the warning is shown once); if the backup cannot be written, the value is
    /// left as it is.
    pub fn load() -> LoadOutcome {
        let Some(storage) = local_storage() else {
            return LoadOutcome {
                plan: Plan::default(),
                warning: Some(StorageError::Unavailable.to_string()),
            };
        };
        let raw = match storage.get_item(KEY) {
            Ok(raw) => raw,
            Err(err) => {
                return LoadOutcome {
                    plan: Plan::default(),
                    warning: Some(error_from(err).to_string()),
                }
            }
        };
        let decoded = decode(raw.as_deref());
        let plan = decoded.plan();
        // An older format read in full is left as it is: [`save`] keeps it before replacing it.
        let Some(raw) = decoded.raw().filter(|_| decoded.is_damaged()) else {
            return LoadOutcome {
                plan,
                warning: None,
            };
        };
        let warning = match keep(&storage, raw) {
            Ok(()) => {
                // The original is safe in a backup now; a failed rewrite only means the same
                // value is found (and found already kept) next time.
                let _ = storage.set_item(KEY, &encode(&plan));
                if matches!(decoded, Decoded::Recovered { .. }) {
                    recovered_warning(plan.len())
                } else {
                    UNREADABLE_WARNING.to_string()
                }
            }
            Err(_) => NOT_BACKED_UP_WARNING.to_string(),
        };
        LoadOutcome {
            plan,
            warning: Some(warning),
        }
    }

    /// Writes the bookmarks. A value under [`KEY`] that is in an older format or not read in
    /// full (written by another version, or damaged) is backed up first; if that fails,
    /// nothing is overwritten.
    pub fn save(plan: &Plan) -> Result<(), StorageError> {
        let storage = local_storage().ok_or(StorageError::Unavailable)?;
        let current = storage.get_item(KEY).map_err(error_from)?;
        if let Some(raw) = decode(current.as_deref()).raw() {
            keep(&storage, raw)?;
        }
        storage.set_item(KEY, &encode(plan)).map_err(error_from)
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{load, save};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn plan(ids: &[&str]) -> Plan {
        Plan::from(ids.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    fn d(m: u32, day: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2024, m, day).unwrap()
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
            r#"{"v":3,"ids":["s1"],"about":{}}"#,
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
    fn other_versions_are_salvaged_but_backed_up() {
        for raw in [r#"{"v":2,"ids":["s1"],"extra":true}"#, r#"{"ids":["s1"]}"#] {
            assert_eq!(
                decode(Some(raw)),
                Decoded::Recovered {
                    plan: plan(&["s1"]),
                    raw: raw.to_string()
                },
                "{raw}"
            );
        }
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

    #[test]
    fn backup_keys_and_slots() {
        assert_eq!(backup_key(1), BACKUP_KEY);
        assert_eq!(backup_key(2), "yubei-week/bookmarks/unreadable/2");

        let mut store: HashMap<String, String> = HashMap::new();
        let slot = |s: &HashMap<String, String>, raw: &str| backup_slot(raw, |k| s.get(k).cloned());
        assert_eq!(slot(&store, "x"), BackupSlot::Free(backup_key(1)));
        store.insert(backup_key(1), "old".into());
        assert_eq!(slot(&store, "x"), BackupSlot::Free(backup_key(2)));
        assert_eq!(slot(&store, "old"), BackupSlot::AlreadyKept(backup_key(1)));
        store.insert(backup_key(3), "x".into());
        assert_eq!(slot(&store, "x"), BackupSlot::AlreadyKept(backup_key(3)));
        for n in 1..=MAX_BACKUPS {
            store.insert(backup_key(n), format!("v{n}"));
        }
        assert_eq!(slot(&store, "new"), BackupSlot::Full);
        assert_eq!(slot(&store, "v9"), BackupSlot::AlreadyKept(backup_key(9)));
    }

    #[test]
    fn storage_events() {
        assert!(is_bookmarks_event(Some(KEY)));
        assert!(is_bookmarks_event(None));
        assert!(!is_bookmarks_event(Some(BACKUP_KEY)));
        assert!(!is_bookmarks_event(Some("other-app/key")));
    }

    #[test]
    fn user_messages_are_chinese() {
        for e in [
            StorageError::Unavailable,
            StorageError::QuotaExceeded,
            StorageError::BackupFailed,
            StorageError::Other("x".into()),
        ] {
            let msg = e.to_string();
            assert!(msg.contains("收藏"), "{msg}");
            assert!(!msg.contains('x'), "{msg}");
        }
        assert!(recovered_warning(3).contains("恢复 3 项"));
    }
}
