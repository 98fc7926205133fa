//! Loading the dataset: one fetch through gloo-net, then [`DatasetLoader`] in slices of about
//! [`SLICE_MS`] with the browser's event loop in between, so input is never blocked for long.

use std::sync::Arc;

use gloo_net::http::Request;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use yubei_core::load::DatasetLoader;
pub use yubei_core::load::{AppData, DataError};
use yubei_core::search::{KeywordBuilder, KEYWORDS};

/// The `<meta>` in which the build names the page's dataset (`data/yubei-2024.json`: the
/// edition's, relative so the app works under any path prefix), written by the prerender
/// from `data/editions.json`.
pub const DATASET_META: &str = "yubei-dataset";

/// The id of the page's JSON block that says what the page's edition is and which others the
/// site has (`yubei_core::edition::PageEdition`), written by the prerender.
pub const EDITION_BLOCK: &str = "edition";

/// Set by the service worker (`scripts/sw.template.js`) on a dataset served from its cache.
const OFFLINE_HEADER: &str = "x-offline-copy";

/// Milliseconds of loading work before the browser gets a turn.
const SLICE_MS: f64 = 8.0;

/// Budget of one [`DatasetLoader::step`]: a small fraction of a slice, so a slice ends close
/// to [`SLICE_MS`] even on a slow phone.
const STEP_BUDGET: usize = 32;

/// Fetches, parses and indexes the dataset at `url`.
pub async fn fetch_dataset(url: &str) -> Result<AppData, DataError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| DataError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(DataError::Status(response.status()));
    }
    let offline = response.headers().get(OFFLINE_HEADER).is_some();
    // The bytes as they came (an `ArrayBuffer` copied into wasm memory): no text decoding and
    // no JS string, two long tasks that grew with the dataset. The loader checks the UTF-8.
    let mut body = response
        .binary()
        .await
        .map_err(|e| DataError::Network(e.to_string()))?;
    // `text()` dropped a UTF-8 byte order mark; so does this.
    if body.starts_with(b"\xEF\xBB\xBF") {
        body.drain(..3);
    }
    let mut loader = DatasetLoader::new(body);
    let data = in_slices(|| loader.step(STEP_BUDGET).transpose()).await?;
    Ok(AppData { offline, ..data })
}

/// The "no results" panel's keyword suggestions once found ([`find_keywords`]); `None` until
/// then (the panel then offers none yet).
#[derive(Clone, Copy)]
pub struct Keywords(pub RwSignal<Option<Arc<[String]>>>);

/// Finds the keyword suggestions of `data` ([`KeywordBuilder`]) in slices like the loading's,
/// after it: the list is shown first, and never waits for them.
pub async fn find_keywords(data: &AppData) -> Vec<String> {
    let mut builder = KeywordBuilder::new(KEYWORDS);
    in_slices(|| builder.step(&data.ds, &data.index, STEP_BUDGET)).await
}

/// Calls `step` (one bounded piece of work, `Some` once done) for about [`SLICE_MS`] at a
/// time, with the browser's event loop in between, until it is done.
async fn in_slices<T>(mut step: impl FnMut() -> Option<T>) -> T {
    loop {
        let until = js_sys::Date::now() + SLICE_MS;
        while js_sys::Date::now() < until {
            if let Some(done) = step() {
                return done;
            }
        }
        next_task().await;
    }
}

/// Resolves in a later task (a zero-delay timeout), so the browser gets a turn in between
/// to handle input and render.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .ok()
        });
        if scheduled.is_none() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
