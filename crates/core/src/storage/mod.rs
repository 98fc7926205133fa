//! The one place the app keeps bookmarks on the phone (localStorage).
//!
//! Each edition's bookmarks are stored on a [`Shelf`] of their own (the first edition's under
//! [`KEY`], the key of every release before editions) as
//! `{"v":2,"ids":[...],"about":{"<id>":{"title":…,"start":…,"end":…}}}`
//! (format [`FORMAT_VERSION`]): the ids in order, and for each what its session was when last
//! seen, so a bookmark whose session left the dataset still says what it was. The key never
//! changes (other tabs, and older versions of the app still cached on the phone, read the same
//! key); the format's version is inside the value.
//!
//! Older formats are read without loss: version 1 (`{"v":1,"ids":[...]}`, ids only) and a bare
//! array of ids. A version-1 value is copied under the shelf's first backup key before the first
//! version-2 value replaces it ([`Decoded::Older`]). Reading is tolerant ([`decode`]), and a
//! stored value that cannot be read in full is never thrown away either: it is copied under a
//! backup key ([`Shelf::backup_key`]: [`BACKUP_KEY`], or `BACKUP_KEY/2`, `/3`, … when an
//! earlier, different backup is there) before anything
//! overwrites it, and the user is told. A value written by a newer release is not damage:
//! when its `ids` read in full it is read quietly, and its version, fields and `about`
//! entries this app does not know are written back with every save ([`codec::Kept`]).
//!
//! Writes happen only on a real change, and a save applies the parent's change
//! ([`crate::plan::Change`]) to the value stored at that moment ([`merge`]), never the tab's
//! copy over it. The codec is pure and host-tested; the web app's `yubei_app::storage` does the
//! browser part (`load`, `save`).

use crate::plan::{Change, Plan};

mod codec;
pub use codec::{
    decode, encode, encode_with, json_string, merge, read, Backup, Decoded, Kept, Merged,
};

/// Where the bookmarks of the first edition (2024) live, and where every release before
/// editions kept them: that edition's [`Shelf`] keeps this key (`data/editions.json` names it),
/// so its bookmarks never move. The name (with its `v1`) is kept for good: a new format is a
/// new `v` inside the value, never a new key, so no version of the app misses the bookmarks.
pub const KEY: &str = "yubei-week/bookmarks/v1";

/// The first backup key of [`KEY`]'s shelf.
pub const BACKUP_KEY: &str = "yubei-week/bookmarks/unreadable";

/// The key of a later edition's bookmarks, unless its entry in `data/editions.json` names
/// another: `yubei-week/2025/bookmarks/v1`. Each edition has a plan of its own.
pub fn edition_key(year: i32) -> String {
    format!("yubei-week/{year}/bookmarks/v1")
}

/// Where one edition's bookmarks are stored: under its key, with the backups of a value that
/// could not be read in full, or of one in an older format about to be replaced, next to it
/// ([`Shelf::backup_key`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shelf {
    key: String,
}

impl Default for Shelf {
    /// [`KEY`]'s.
    fn default() -> Shelf {
        Shelf::new(KEY)
    }
}

impl Shelf {
    pub fn new(key: &str) -> Shelf {
        Shelf {
            key: key.to_string(),
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// The `n`-th backup key, 1-based: the key without its `/v1`, then `/unreadable`
    /// ([`BACKUP_KEY`] for [`KEY`]), and `/unreadable/2`, `/3`, … for later, different values,
    /// so no backup overwrites another.
    pub fn backup_key(&self, n: usize) -> String {
        let base = self.key.strip_suffix("/v1").unwrap_or(&self.key);
        if n <= 1 {
            format!("{base}/unreadable")
        } else {
            format!("{base}/unreadable/{n}")
        }
    }

    /// Picks the backup slot for `raw`: the first of [`Shelf::backup_key`]`(1..=MAX_BACKUPS)`
    /// that already holds it, else the first free one. `get` reads a key.
    pub fn backup_slot(&self, raw: &str, get: impl Fn(&str) -> Option<String>) -> BackupSlot {
        let mut free = None;
        for n in 1..=MAX_BACKUPS {
            let key = self.backup_key(n);
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

    /// True when a `storage` event (another tab changed localStorage) may have changed these
    /// bookmarks, given the event's `key`: this shelf's, or `None`, which means the other tab
    /// cleared all of localStorage. Changes to backups, or to another edition's bookmarks, do
    /// not change them.
    pub fn is_bookmarks_event(&self, event_key: Option<&str>) -> bool {
        event_key.is_none_or(|k| k == self.key)
    }
}

/// How many backup slots the browser side (`load`, `save`) uses at most; when all hold other
/// values, the unreadable value is left under its key untouched rather than dropped.
pub const MAX_BACKUPS: usize = 9;

/// The format version written by [`encode`].
pub const FORMAT_VERSION: u64 = 2;

/// The ids-only format of the first release, still read in full.
pub const V1: u64 = 1;

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

/// Where the answer to the offer of the plan's link as a backup is kept (not with the
/// bookmarks: an older app rewriting them must not bring the offer back).
pub const OFFER_KEY: &str = "yubei-week/keep-plan-offer";

/// The value under [`OFFER_KEY`] once the parent said 知道了.
pub const OFFER_DISMISSED: &str = "dismissed";

/// Why bookmarks could not be saved. `Display` is the message for the user, in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// No localStorage: private mode, blocked cookies or site data, some in-app browsers.
    #[error("此浏览器的本机存储不可用（可能是无痕模式或浏览器限制），收藏只在本次打开期间有效。请用“发送计划链接”把安排发给自己保存。")]
    Unavailable,
    /// The browser's storage for this site is full.
    #[error("手机浏览器的存储空间已满，收藏未能保存，只在本次打开期间有效。请用“发送计划链接”把安排发给自己保存。")]
    QuotaExceeded,
    /// A stored value could not be backed up, so it was not overwritten: an older format
    /// this app reads in full (`readable`), or one it could not read in full.
    #[error("{}", backup_failed(*readable))]
    BackupFailed { readable: bool },
    /// Any other failure; the detail is for the console, not the user.
    #[error("收藏未能保存，请稍后再试。")]
    Other(String),
}

fn backup_failed(readable: bool) -> &'static str {
    if readable {
        "本机已有旧版本保存的收藏，且无法另存备份，为免丢失未覆盖保存。请用“发送计划链接”把安排发给自己保存。"
    } else {
        "本机已有无法读取的旧收藏，且无法另存备份，为免丢失未覆盖保存。请用“发送计划链接”把安排发给自己保存。"
    }
}

impl StorageError {
    /// The error a browser's `DOMException` (its `name`) means, given how many items this
    /// site has stored: a quota error with nothing stored is a private mode that refuses
    /// every write (older Safari), so storage is unavailable, not full.
    pub fn from_dom(name: &str, stored_items: u32) -> StorageError {
        match name {
            "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" if stored_items == 0 => {
                StorageError::Unavailable
            }
            "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => StorageError::QuotaExceeded,
            "SecurityError" => StorageError::Unavailable,
            other => StorageError::Other(other.to_string()),
        }
    }
}

/// What the browser side's `load` found.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LoadOutcome {
    pub plan: Plan,
    /// Storage cannot be used at all: the plan lives in memory for this visit.
    pub unusable: bool,
    /// What to tell the user when not everything went well: storage unavailable, or a
    /// stored value that was only partly or not at all readable (and whether it was kept).
    pub warning: Option<StorageWarning>,
}

/// What the user is told when the bookmarks' storage did not go well. `Display` is the
/// message, in Chinese.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageWarning {
    /// Storage failed: unavailable when loading, or a save that failed.
    #[error(transparent)]
    Failed(#[from] StorageError),
    /// A partly readable value, `salvaged` bookmarks recovered from it; its original was kept.
    #[error("本机保存的收藏有损坏，已恢复 {salvaged} 项；原数据已另存备份。")]
    Recovered { salvaged: usize },
    /// An unreadable value; its original was kept.
    #[error("本机保存的收藏无法读取，已另存备份，当前收藏为空。")]
    Unreadable,
    /// A value not read in full whose original could not be kept: it stays where it was,
    /// untouched.
    #[error("本机保存的收藏有损坏且无法另存备份；原数据保留未动，新的收藏暂不能保存。")]
    NotBackedUp,
}

/// What the browser side's `save` did: the plan as stored now, and the undo of the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub plan: Plan,
    pub undo: Option<Change>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn backup_keys_and_slots() {
        let shelf = Shelf::default();
        let backup_key = |n| shelf.backup_key(n);
        assert_eq!(backup_key(1), BACKUP_KEY);
        assert_eq!(backup_key(2), "yubei-week/bookmarks/unreadable/2");

        let mut store: HashMap<String, String> = HashMap::new();
        let slot =
            |s: &HashMap<String, String>, raw: &str| shelf.backup_slot(raw, |k| s.get(k).cloned());
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
        let shelf = Shelf::default();
        assert!(shelf.is_bookmarks_event(Some(KEY)));
        assert!(shelf.is_bookmarks_event(None));
        assert!(!shelf.is_bookmarks_event(Some(BACKUP_KEY)));
        assert!(!shelf.is_bookmarks_event(Some("other-app/key")));
        assert!(!shelf.is_bookmarks_event(Some(&edition_key(2025))));
    }

    #[test]
    fn each_later_edition_has_a_shelf_of_its_own() {
        let shelf = Shelf::new(&edition_key(2025));
        assert_eq!(shelf.key(), "yubei-week/2025/bookmarks/v1");
        assert_eq!(shelf.backup_key(1), "yubei-week/2025/bookmarks/unreadable");
        assert_eq!(
            shelf.backup_key(3),
            "yubei-week/2025/bookmarks/unreadable/3"
        );
        assert!(shelf.is_bookmarks_event(Some("yubei-week/2025/bookmarks/v1")));
        assert!(!shelf.is_bookmarks_event(Some(KEY)));
        // The first edition's shelf is the key every earlier release used.
        assert_eq!(Shelf::default(), Shelf::new(KEY));
    }

    /// One error of each kind.
    fn every_error() -> [StorageError; 5] {
        [
            StorageError::Unavailable,
            StorageError::QuotaExceeded,
            StorageError::BackupFailed { readable: true },
            StorageError::BackupFailed { readable: false },
            StorageError::Other("x".into()),
        ]
    }

    #[test]
    fn user_messages_are_chinese() {
        for e in every_error() {
            let msg = e.to_string();
            assert!(msg.contains("收藏"), "{msg}");
            assert!(!msg.contains('x'), "{msg}");
        }
        assert!(StorageWarning::Recovered { salvaged: 3 }
            .to_string()
            .contains("恢复 3 项"));
    }

    #[test]
    fn each_warning_says_what_it_always_said() {
        let said = |w: StorageWarning| w.to_string();
        assert_eq!(
            said(StorageWarning::Recovered { salvaged: 2 }),
            "本机保存的收藏有损坏，已恢复 2 项；原数据已另存备份。"
        );
        assert_eq!(
            said(StorageWarning::Unreadable),
            "本机保存的收藏无法读取，已另存备份，当前收藏为空。"
        );
        assert_eq!(
            said(StorageWarning::NotBackedUp),
            "本机保存的收藏有损坏且无法另存备份；原数据保留未动，新的收藏暂不能保存。"
        );
        for e in every_error() {
            assert_eq!(said(StorageWarning::Failed(e.clone())), e.to_string());
        }
    }

    #[test]
    fn a_private_window_is_reported_as_unavailable_not_as_full() {
        let unavailable = StorageError::Unavailable.to_string();
        assert!(unavailable.contains("不可用"), "{unavailable}");
        assert!(!unavailable.contains("已满"), "{unavailable}");
        assert_eq!(
            StorageError::from_dom("SecurityError", 3),
            StorageError::Unavailable
        );
        // Older Safari's private mode: every write refused as over quota, nothing stored.
        assert_eq!(
            StorageError::from_dom("QuotaExceededError", 0),
            StorageError::Unavailable
        );
        assert_eq!(
            StorageError::from_dom("QuotaExceededError", 12),
            StorageError::QuotaExceeded
        );
        assert_eq!(
            StorageError::from_dom("NS_ERROR_DOM_QUOTA_REACHED", 1),
            StorageError::QuotaExceeded
        );
        assert!(StorageError::QuotaExceeded.to_string().contains("已满"));
        assert_eq!(
            StorageError::from_dom("InvalidStateError", 1),
            StorageError::Other("InvalidStateError".into())
        );
    }

    #[test]
    fn a_failed_backup_of_a_readable_older_value_does_not_call_it_unreadable() {
        let readable = StorageError::BackupFailed { readable: true }.to_string();
        assert!(!readable.contains("无法读取"), "{readable}");
        assert!(readable.contains("旧版本"), "{readable}");
        let unreadable = StorageError::BackupFailed { readable: false }.to_string();
        assert!(unreadable.contains("无法读取"), "{unreadable}");
    }

    #[test]
    fn every_failed_save_offers_the_plan_link() {
        for e in [
            StorageError::Unavailable,
            StorageError::QuotaExceeded,
            StorageError::BackupFailed { readable: true },
            StorageError::BackupFailed { readable: false },
        ] {
            assert!(e.to_string().contains("发送计划链接"), "{e}");
        }
    }
}
