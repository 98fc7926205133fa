//! `storage::load` and `storage::save` against a real browser's localStorage.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p yubei-app --target
//! wasm32-unknown-unknown --test wasm_storage` (with `wasm-bindgen-test-runner` as the wasm32 runner, see
//! `.cargo/config.toml`).

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use web_sys::Storage;
use yubei_app::storage;
use yubei_core::plan::{Change, Plan, Remembered};
use yubei_core::storage::{
    edition_key, encode, Shelf, StorageError, BACKUP_KEY, KEY, MAX_BACKUPS, OFFER_DISMISSED,
    OFFER_KEY,
};

wasm_bindgen_test_configure!(run_in_browser);

/// localStorage with none of our keys (tests run one after another in one page).
fn fresh() -> Storage {
    let s = web_sys::window()
        .expect("window")
        .local_storage()
        .expect("localStorage allowed")
        .expect("localStorage present");
    for shelf in [first(), Shelf::new(&edition_key(2025))] {
        s.remove_item(shelf.key()).unwrap();
        for n in 1..=MAX_BACKUPS + 1 {
            s.remove_item(&shelf.backup_key(n)).unwrap();
        }
    }
    s
}

/// The first edition's shelf: the key every release before editions used.
fn first() -> Shelf {
    Shelf::default()
}

fn backup_key(n: usize) -> String {
    first().backup_key(n)
}

fn get(s: &Storage, key: &str) -> Option<String> {
    s.get_item(key).unwrap()
}

fn plan(ids: &[&str]) -> Plan {
    Plan::from(ids.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

#[wasm_bindgen_test]
fn nothing_stored_loads_empty_without_warning() {
    let s = fresh();
    let out = storage::load(&first());
    assert_eq!(out.plan, Plan::default());
    assert_eq!(out.warning, None);
    assert_eq!(get(&s, BACKUP_KEY), None);
}

#[wasm_bindgen_test]
fn save_then_load_round_trips() {
    let s = fresh();
    let p = plan(&["s2", "s1", "s3"]);
    storage::save(&first(), &Change::Merge(p.ids().to_vec()), |_| {}).unwrap();
    assert_eq!(
        get(&s, KEY).as_deref(),
        Some(r#"{"v":2,"ids":["s2","s1","s3"],"about":{}}"#)
    );
    let out = storage::load(&first());
    assert_eq!(out.plan, p);
    assert_eq!(out.warning, None);

    storage::save(&first(), &Change::Clear(p.ids().to_vec()), |_| {}).unwrap();
    assert_eq!(storage::load(&first()).plan, Plan::default());
    assert_eq!(get(&s, BACKUP_KEY), None);
}

#[wasm_bindgen_test]
fn corrupted_value_is_backed_up_and_reported() {
    let s = fresh();
    s.set_item(KEY, "}}garbage☃").unwrap();
    let out = storage::load(&first());
    assert_eq!(out.plan, Plan::default());
    assert!(out.warning.is_some());
    assert_eq!(get(&s, BACKUP_KEY).as_deref(), Some("}}garbage☃"));
    // Safely kept, so the key now holds the (empty) salvaged plan and the next load is quiet.
    assert_eq!(get(&s, KEY), Some(encode(&Plan::default())));
    assert_eq!(storage::load(&first()).warning, None);
}

#[wasm_bindgen_test]
fn partly_readable_value_is_salvaged_and_backed_up() {
    let s = fresh();
    let raw = r#"{"v":1,"ids":["s1","s2","s3"#;
    s.set_item(KEY, raw).unwrap();
    let out = storage::load(&first());
    assert_eq!(out.plan, plan(&["s1", "s2"]));
    assert!(out.warning.unwrap().to_string().contains('2'));
    assert_eq!(get(&s, BACKUP_KEY).as_deref(), Some(raw));
    assert_eq!(storage::load(&first()).plan, plan(&["s1", "s2"]));
}

#[wasm_bindgen_test]
fn an_existing_different_backup_is_not_overwritten() {
    let s = fresh();
    s.set_item(BACKUP_KEY, "older garbage").unwrap();
    s.set_item(KEY, "newer garbage").unwrap();
    let out = storage::load(&first());
    assert!(out.warning.is_some());
    assert_eq!(get(&s, BACKUP_KEY).as_deref(), Some("older garbage"));
    assert_eq!(get(&s, &backup_key(2)).as_deref(), Some("newer garbage"));

    // The same value again is recognized as kept, not copied into a third slot.
    s.set_item(KEY, "newer garbage").unwrap();
    storage::load(&first());
    assert_eq!(get(&s, &backup_key(3)), None);
}

#[wasm_bindgen_test]
fn save_backs_up_an_unreadable_value_before_overwriting_it() {
    let s = fresh();
    s.set_item(KEY, "written by someone else").unwrap();
    storage::save(&first(), &Change::Add("s7".into()), |_| {}).unwrap();
    assert_eq!(
        get(&s, BACKUP_KEY).as_deref(),
        Some("written by someone else")
    );
    assert_eq!(storage::load(&first()).plan, plan(&["s7"]));
}

#[wasm_bindgen_test]
fn when_every_backup_slot_is_taken_nothing_is_overwritten() {
    let s = fresh();
    for n in 1..=MAX_BACKUPS {
        s.set_item(&backup_key(n), &format!("old {n}")).unwrap();
    }
    s.set_item(KEY, "precious garbage").unwrap();
    let out = storage::load(&first());
    assert!(out.warning.is_some());
    assert_eq!(get(&s, KEY).as_deref(), Some("precious garbage"));
    assert_eq!(
        storage::save(&first(), &Change::Add("s1".into()), |_| {}),
        Err(StorageError::BackupFailed { readable: false })
    );
    assert_eq!(get(&s, KEY).as_deref(), Some("precious garbage"));
    fresh();
}

/// The exact value the first release (storage format 1) wrote for three bookmarks.
const V1_FIXTURE: &str = r#"{"v":1,"ids":["sc1f26eef","sdbd9d7b7","s71418e15"]}"#;

#[wasm_bindgen_test]
fn a_version_1_value_is_read_without_loss_and_kept_until_replaced() {
    let s = fresh();
    s.set_item(KEY, V1_FIXTURE).unwrap();
    let out = storage::load(&first());
    assert_eq!(out.plan, plan(&["sc1f26eef", "sdbd9d7b7", "s71418e15"]));
    assert_eq!(out.warning, None);
    // Loading alone changes nothing stored.
    assert_eq!(get(&s, KEY).as_deref(), Some(V1_FIXTURE));
    assert_eq!(get(&s, BACKUP_KEY), None);

    // The first save (titles learnt from the dataset) keeps the old value first.
    let described: Plan = out
        .plan
        .entries()
        .map(|(id, _)| {
            let about = Remembered {
                title: format!("活动 {id}"),
                start: None,
                end: None,
            };
            (id.to_string(), Some(about))
        })
        .collect();
    storage::save(&first(), &Change::Describe, |p| *p = described.clone()).unwrap();
    assert_eq!(get(&s, BACKUP_KEY).as_deref(), Some(V1_FIXTURE));
    let again = storage::load(&first());
    assert_eq!(again.warning, None);
    assert_eq!(again.plan, described);
    assert_eq!(
        again.plan.ids(),
        ["sc1f26eef", "sdbd9d7b7", "s71418e15"].map(String::from)
    );
    assert_eq!(
        again.plan.about("s71418e15").unwrap().title,
        "活动 s71418e15"
    );
    // Later saves do not back up the current format.
    storage::save(&first(), &Change::Clear(again.plan.ids().to_vec()), |_| {}).unwrap();
    assert_eq!(get(&s, &backup_key(2)), None);
    fresh();
}

/// A value as a newer release might write it.
const NEWER: &str = r#"{"v":3,"ids":["s1"],"about":{"s1":{"title":"一","place":"创客港"}},"lists":{"周末":["s1"]}}"#;

#[wasm_bindgen_test]
fn a_newer_release_s_bookmarks_load_quietly_untouched_and_keep_their_fields_through_a_save() {
    let s = fresh();
    s.set_item(KEY, NEWER).unwrap();
    let out = storage::load(&first());
    assert_eq!(out.plan.ids(), ["s1".to_string()]);
    assert_eq!(out.warning, None);
    assert_eq!(get(&s, KEY).as_deref(), Some(NEWER));
    assert_eq!(get(&s, BACKUP_KEY), None);

    let saved = storage::save(&first(), &Change::Add("s2".into()), |_| {}).unwrap();
    assert_eq!(saved.plan.ids(), ["s1", "s2"].map(String::from));
    let v: serde_json::Value = serde_json::from_str(&get(&s, KEY).unwrap()).unwrap();
    assert_eq!(v["v"], 3);
    assert_eq!(v["lists"], serde_json::json!({"周末": ["s1"]}));
    assert_eq!(v["about"]["s1"]["place"], "创客港");
    assert_eq!(get(&s, BACKUP_KEY), None);
    fresh();
}

#[wasm_bindgen_test]
fn a_save_keeps_a_bookmark_another_tab_stored_a_moment_ago() {
    let s = fresh();
    // This tab loaded an empty plan; another tab then stored s1.
    assert_eq!(storage::load(&first()).plan, Plan::default());
    s.set_item(KEY, &encode(&plan(&["s1"]))).unwrap();
    let saved = storage::save(&first(), &Change::Add("s2".into()), |_| {}).unwrap();
    assert_eq!(saved.plan, plan(&["s1", "s2"]));
    assert_eq!(storage::load(&first()).plan, plan(&["s1", "s2"]));
    fresh();
}

#[wasm_bindgen_test]
fn nothing_is_written_when_the_plan_did_not_change() {
    let s = fresh();
    // Written by hand, with spaces: any write would change the text.
    let by_hand = r#"{"v":2, "ids":["s1"], "about":{"s1":{"title":"一"}}}"#;
    s.set_item(KEY, by_hand).unwrap();
    storage::load(&first());
    storage::save(&first(), &Change::Describe, |_| {}).unwrap();
    storage::save(&first(), &Change::Add("s1".into()), |_| {}).unwrap();
    storage::save(&first(), &Change::Remove("s9".into()), |_| {}).unwrap();
    assert_eq!(get(&s, KEY).as_deref(), Some(by_hand));
    // Nothing stored and nothing to store: nothing written.
    fresh();
    storage::save(&first(), &Change::Describe, |_| {}).unwrap();
    assert_eq!(get(&s, KEY), None);
}

#[wasm_bindgen_test]
fn a_dismissed_offer_is_remembered_apart_from_the_bookmarks() {
    let s = fresh();
    s.remove_item(OFFER_KEY).unwrap();
    assert!(!storage::offer_dismissed());
    storage::dismiss_offer();
    assert!(storage::offer_dismissed());
    assert_eq!(get(&s, OFFER_KEY).as_deref(), Some(OFFER_DISMISSED));
    assert_eq!(get(&s, KEY), None);
    s.remove_item(OFFER_KEY).unwrap();
}

#[wasm_bindgen_test]
fn a_failed_backup_of_an_older_value_does_not_call_it_unreadable() {
    let s = fresh();
    for n in 1..=MAX_BACKUPS {
        s.set_item(&backup_key(n), &format!("old {n}")).unwrap();
    }
    s.set_item(KEY, V1_FIXTURE).unwrap();
    assert_eq!(storage::load(&first()).warning, None);
    let err = storage::save(&first(), &Change::Add("s1".into()), |_| {}).unwrap_err();
    assert_eq!(err, StorageError::BackupFailed { readable: true });
    assert!(!err.to_string().contains("无法读取"), "{err}");
    assert_eq!(get(&s, KEY).as_deref(), Some(V1_FIXTURE));
    fresh();
}

#[wasm_bindgen_test]
fn each_edition_keeps_its_own_bookmarks_and_the_first_keeps_the_old_key() {
    let s = fresh();
    // What a parent saved before editions existed: the first edition (2024) reads it as it is.
    s.set_item(KEY, r#"{"v":2,"ids":["s1","s2"],"about":{}}"#)
        .unwrap();
    let next = Shelf::new(&edition_key(2025));
    assert_eq!(storage::load(&first()).plan, plan(&["s1", "s2"]));
    // The new week starts empty, and its bookmarks go under its own key.
    assert_eq!(storage::load(&next).plan, Plan::default());
    storage::save(&next, &Change::Add("s9".into()), |_| {}).unwrap();
    assert_eq!(
        get(&s, "yubei-week/2025/bookmarks/v1").as_deref(),
        Some(r#"{"v":2,"ids":["s9"],"about":{}}"#)
    );
    // Nothing mixed, nothing lost.
    assert_eq!(storage::load(&first()).plan, plan(&["s1", "s2"]));
    assert_eq!(
        get(&s, KEY).as_deref(),
        Some(r#"{"v":2,"ids":["s1","s2"],"about":{}}"#)
    );
    assert_eq!(storage::load(&next).plan, plan(&["s9"]));
    // A damaged value of one edition is backed up beside its own key only.
    s.set_item(next.key(), "{garbage").unwrap();
    assert!(storage::load(&next).warning.is_some());
    assert_eq!(
        get(&s, "yubei-week/2025/bookmarks/unreadable").as_deref(),
        Some("{garbage")
    );
    assert_eq!(get(&s, BACKUP_KEY), None);
}
