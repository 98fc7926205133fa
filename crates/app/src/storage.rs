//! The browser part of the storage module: localStorage, whose every access may throw
//! (blocked storage throws on the property itself, a full one on writes).

use web_sys::js_sys::Reflect;
use web_sys::wasm_bindgen::JsValue;
use web_sys::Storage;

use yubei_core::plan::{Change, Plan};
use yubei_core::storage::*;

fn local_storage() -> Result<Storage, StorageError> {
    let window = web_sys::window().ok_or(StorageError::Unavailable)?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err(StorageError::Unavailable),
        Err(err) => Err(StorageError::from_dom(&dom_name(&err), 0)),
    }
}

/// The `name` of a thrown `DOMException` (empty for anything else).
fn dom_name(err: &JsValue) -> String {
    Reflect::get(err, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

fn error_from(storage: &Storage, err: JsValue) -> StorageError {
    let stored_items = storage.length().unwrap_or(0);
    match StorageError::from_dom(&dom_name(&err), stored_items) {
        StorageError::Other(_) => StorageError::Other(format!("{err:?}")),
        known => known,
    }
}

/// Copies `raw` to a backup slot unless one already holds it.
fn keep(storage: &Storage, shelf: &Shelf, raw: &str, readable: bool) -> Result<(), StorageError> {
    match shelf.backup_slot(raw, |k| storage.get_item(k).ok().flatten()) {
        BackupSlot::AlreadyKept(_) => Ok(()),
        BackupSlot::Free(key) => storage
            .set_item(&key, raw)
            .map_err(|e| error_from(storage, e)),
        BackupSlot::Full => Err(StorageError::BackupFailed { readable }),
    }
}

/// Reads the bookmarks on `shelf` (the page's edition's). Never panics: without localStorage the plan is empty and the
/// warning says why. Writes nothing for a value read in full (whatever its version); a value
/// not read in full is backed up and then replaced by what was salvaged (so the warning is
/// shown once); if the backup cannot be written, the value is left as it is.
pub fn load(shelf: &Shelf) -> LoadOutcome {
    let unusable = |e: StorageError| LoadOutcome {
        plan: Plan::default(),
        unusable: true,
        warning: Some(StorageWarning::Failed(e)),
    };
    let storage = match local_storage() {
        Ok(storage) => storage,
        Err(e) => return unusable(e),
    };
    let raw = match storage.get_item(shelf.key()) {
        Ok(raw) => raw,
        Err(err) => return unusable(error_from(&storage, err)),
    };
    let decoded = decode(raw.as_deref());
    let plan = decoded.plan();
    // An older format read in full is left as it is: [`save`] keeps it before replacing it.
    let Some(raw) = decoded.raw().filter(|_| decoded.is_damaged()) else {
        return LoadOutcome {
            plan,
            unusable: false,
            warning: None,
        };
    };
    let warning = match keep(&storage, shelf, raw, false) {
        Ok(()) => {
            // The original is safe in a backup now; a failed rewrite only means the same
            // value is found (and found already kept) next time.
            let _ = storage.set_item(shelf.key(), &encode(&plan));
            if matches!(decoded, Decoded::Recovered { .. }) {
                StorageWarning::Recovered {
                    salvaged: plan.len(),
                }
            } else {
                StorageWarning::Unreadable
            }
        }
        Err(_) => StorageWarning::NotBackedUp,
    };
    LoadOutcome {
        plan,
        unusable: false,
        warning: Some(warning),
    }
}

/// Applies `change` to the bookmarks stored on `shelf` now (see [`merge`]) and writes the result when it
/// differs from what is stored. A value in an older format or not read in full is backed up
/// first; if that fails, nothing is overwritten.
pub fn save(
    shelf: &Shelf,
    change: &Change,
    describe: impl FnOnce(&mut Plan),
) -> Result<Saved, StorageError> {
    let storage = local_storage()?;
    let current = storage
        .get_item(shelf.key())
        .map_err(|e| error_from(&storage, e))?;
    let merged = merge(current.as_deref(), change, describe);
    if let Some(text) = &merged.write {
        if let Some(backup) = &merged.backup {
            keep(&storage, shelf, &backup.raw, backup.readable)?;
        }
        storage
            .set_item(shelf.key(), text)
            .map_err(|e| error_from(&storage, e))?;
    }
    Ok(Saved {
        plan: merged.plan,
        undo: merged.undo,
    })
}

/// True when the parent has dismissed the offer of the plan's link as a backup.
pub fn offer_dismissed() -> bool {
    local_storage()
        .ok()
        .and_then(|s| s.get_item(OFFER_KEY).ok().flatten())
        .is_some_and(|v| v == OFFER_DISMISSED)
}

/// Remembers that the parent dismissed the offer. Best effort: where storage fails, the
/// offer is dismissed for this visit only.
pub fn dismiss_offer() {
    if let Ok(storage) = local_storage() {
        if !offer_dismissed() {
            let _ = storage.set_item(OFFER_KEY, OFFER_DISMISSED);
        }
    }
}
