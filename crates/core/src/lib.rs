//! 2024 渝北区科技活动周 planner, the core: the dataset model and every piece of pure logic
//! the web app (`crates/app`) and the importer (`crates/importer`) share. Plain Rust, tested on
//! the host, compiled into the wasm as it is: no Leptos, web-sys, gloo or pinyin here
//! (`make lint` checks that with `cargo tree`).

pub mod browse;
pub mod clock;
pub mod data_block;
pub mod days;
pub mod edition;
pub mod event_data;
pub mod ics;
pub mod links;
pub mod load;
pub mod model;
pub mod order;
pub mod paging;
pub mod plan;
pub mod platform;
pub mod qr;
pub mod search;
pub mod session_id;
pub mod storage;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod titles;
pub mod url_state;
