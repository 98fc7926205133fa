//! 2024 渝北区科技活动周 planner: the dataset model and all pure logic (host-tested), the
//! Leptos UI, and its two shells: the browser's (`web`) and the build-time prerender's.

pub mod browse;
pub mod clock;
pub mod days;
pub mod ics;
// The importer is a host tool (its readings stage uses the `pinyin` crate, kept out of the wasm).
#[cfg(not(target_arch = "wasm32"))]
pub mod importer;
pub mod load;
pub mod model;
pub mod order;
pub mod paging;
pub mod plan;
pub mod platform;
pub mod search;
pub mod storage;
pub mod titles;
pub mod ui;
pub mod url_state;

// The two shells, one per target: the browser mounts the app over the prerendered first
// paint; the host renders the same components to HTML at build time.
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
#[cfg(target_arch = "wasm32")]
pub mod web;
