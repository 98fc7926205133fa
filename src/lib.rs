//! 2024 渝北区科技活动周 planner: the dataset model and all pure logic (host-tested), plus the
//! Leptos UI (wasm only).

pub mod browse;
pub mod days;
pub mod ics;
pub mod importer;
pub mod model;
pub mod plan;
pub mod search;
pub mod storage;
pub mod url_state;
