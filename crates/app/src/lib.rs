//! 2024 渝北区科技活动周 planner, the web app: the Leptos UI over the core (`yubei_core`), and
//! its two shells: the browser's (`web`, with the browser side of storage and the data fetch)
//! and the build-time prerender's.

pub mod ui;

// The two shells, one per target: the browser mounts the app over the prerendered first
// paint; the host renders the same components to HTML at build time.
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod web;
