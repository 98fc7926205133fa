//! 2024 渝北区科技活动周 planner: the dataset model and all pure logic (host-tested), plus the
//! Leptos UI (wasm only).

pub mod browse;
pub mod days;
pub mod ics;
pub mod importer;
pub mod load;
pub mod model;
pub mod order;
pub mod paging;
pub mod plan;
pub mod search;
pub mod storage;
pub mod ui;
pub mod url_state;

/// Replaces the static placeholder in `index.html` (`#app`) with the live app.
pub fn mount() {
    use wasm_bindgen::JsCast;
    let Some(host) = leptos::prelude::document()
        .get_element_by_id("app")
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    else {
        leptos::mount::mount_to_body(ui::App);
        return;
    };
    host.set_inner_html("");
    leptos::mount::mount_to(host, ui::App).forget();
}
