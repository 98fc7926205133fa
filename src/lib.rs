//! 2024 渝北区科技活动周 planner: the dataset model and all pure logic (host-tested), plus the
//! Leptos UI (wasm only).

pub mod days;
pub mod model;
