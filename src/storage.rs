//! The one place the app keeps bookmarks on the phone (localStorage).
//!
//! Stored under [`KEY`] as `{"v":1,"ids":[...]}`. Reading is tolerant ([`decode`]), and a
//! stored value that cannot be read in full is never thrown away: it is copied under
//! [`BACKUP_KEY`] (or `BACKUP_KEY/2`, `/3`, … when an earlier, different backup is there)
//! before anything overwrites it, and the user is told. The codec is pure and host-tested;
//! [`load`] and [`save`] (wasm only) do the browser part.

use serde_json::Value;

use crate::plan::{is_valid_id, Plan};

/// Where the bookmarks live. The `v1` names the stored format; a new format gets a new key.
pub const KEY: &str = "yubei-week/bookmarks/v1";

/// Where a stored value that could not be read in full is kept; later, different ones go to
/// [`backup_key`]`(2)`, `(3)`, … so no backup overwrites another.
pub const BACKUP_KEY: &str = "yubei-week/bookmarks/unreadable";

/// How many backup slots [`load`] and [`save`] use at most; when all hold other values, the
/// unreadable value is left under [`KEY`] untouched rather than dropped.
pub const MAX_BACKUPS: usize = 9;

/// The format version written by [`encode`].
pub const FORMAT_VERSION: u64 = 1;

/// The value stored under [`KEY`]: `{"v":1,"ids":["s1","s2"]}`. Written by hand: a plan's
/// ids are lowercase letters and digits ([`is_valid_id`]), so nothing needs escaping, and
/// serde_json's serializer stays out of the wasm.
pub fn encode(plan: &Plan) -> String {
    let ids: Vec<String> = plan.ids().iter().map(|id| format!("\"{id}\"")).collect();
    format!("{{\"v\":{FORMAT_VERSION},\"ids\":[{}]}}", ids.join(","))
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
            Decoded::Ok(plan) | Decoded::Recovered { plan, .. } => plan.clone(),
            Decoded::Empty | Decoded::Unreadable { .. } => Plan::default(),
        }
    }

    /// The stored value that must be backed up, if any.
    pub fn raw(&self) -> Option<&str> {
        match self {
            Decoded::Recovered { raw, .. } | Decoded::Unreadable { raw } => Some(raw),
            Decoded::Empty | Decoded::Ok(_) => None,
        }
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
                let current = map.get("v").and_then(Value::as_u64) == Some(FORMAT_VERSION);
                let (ids, lossless) = string_ids(items);
                if current && lossless {
                    Decoded::Ok(Plan::from(ids))
                } else if ids.is_empty() {
                    unreadable()
                } else {
                    recovered(Plan::from(ids))
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
        let Some(raw) = decoded.raw() else {
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

    /// Writes the bookmarks. A value under [`KEY`] that is not read in full (written by another
    /// version, or damaged) is backed up first; if that fails, nothing is overwritten.
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

    #[test]
    fn current_format_round_trips() {
        let p = plan(&["s2", "s1", "s3"]);
        let raw = encode(&p);
        assert_eq!(raw, r#"{"v":1,"ids":["s2","s1","s3"]}"#);
        assert_eq!(decode(Some(&raw)), Decoded::Ok(p));
        assert_eq!(encode(&Plan::default()), r#"{"v":1,"ids":[]}"#);
        assert_eq!(
            decode(Some(r#"{"v":1,"ids":[]}"#)),
            Decoded::Ok(Plan::default())
        );
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
