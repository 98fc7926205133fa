//! A dataset loaded and dropped gives back all its memory, the list of bad records included:
//! a page that loads again (a retry, a test, a long-lived tab) does not pile up old reports.

// Counts the host's heap; the wasm tier has its own tests.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use yubei_core::load::AppData;

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn a_dataset_with_bad_records_loaded_again_and_again_keeps_no_memory() {
    let mut value: serde_json::Value =
        serde_json::from_str(yubei_core::testing::COMMITTED).unwrap();
    for s in value["sessions"].as_array_mut().unwrap() {
        s["start"] = "2024-02-30".into();
    }
    let body = value.to_string();
    drop(value);
    // Once first, so that what is allocated once per process (if anything) is counted out.
    drop(AppData::from_json(&body).unwrap());
    let before = LIVE.load(Ordering::Relaxed);
    for _ in 0..20 {
        let data = AppData::from_json(&body).unwrap();
        assert_eq!(data.skipped.len(), 24);
    }
    let kept = LIVE.load(Ordering::Relaxed) - before;
    assert!(kept <= 0, "{kept} bytes still allocated after 20 loads");
}
