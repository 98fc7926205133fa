//! Writes the prerendered home view into a built `index.html`, and the whole week's calendar
//! to subscribe to ([`yubei_core::ics::SUBSCRIPTION_FILE`]) next to it (a trunk post-build
//! step, see `scripts/post-build.mjs`):
//!
//! ```text
//! cargo run --bin prerender -- dist/index.html data/yubei-2024.json
//! ```
//!
//! The page is rewritten in place, only when the dataset loads with no record left out (the app
//! would skip a bad record and say so; a committed dataset with one is broken and must not
//! ship) and the page has its marks; otherwise it exits 1 naming what is wrong (every bad
//! record) and leaves the file as it was.

#[cfg(not(target_arch = "wasm32"))]
use std::fs;
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
use yubei_app::{
    prerender::{fill, PrerenderError},
    ui::data::AppData,
};
#[cfg(not(target_arch = "wasm32"))]
use yubei_core::ics;

#[cfg(not(target_arch = "wasm32"))]
fn run(page: &str, dataset: &str) -> Result<(), String> {
    let template = fs::read_to_string(page).map_err(|e| format!("{page}: {e}"))?;
    let body = fs::read_to_string(dataset).map_err(|e| format!("{dataset}: {e}"))?;
    let data = AppData::from_json(&body).map_err(|e| format!("{dataset}: {e}"))?;
    let html = fill(&template, &data).map_err(|e| match e {
        PrerenderError::Skipped(_) => format!("{dataset}: {e}"),
        PrerenderError::MissingMark(_) => format!("{page}: {e}"),
    })?;
    let tmp = format!("{page}.tmp");
    fs::write(&tmp, html).map_err(|e| format!("{tmp}: {e}"))?;
    fs::rename(&tmp, page).map_err(|e| format!("{page}: {e}"))?;
    // The whole week's calendar, to subscribe to, next to the page.
    let calendar = std::path::Path::new(page).with_file_name(ics::SUBSCRIPTION_FILE);
    fs::write(&calendar, ics::subscription(&data.ds))
        .map_err(|e| format!("{}: {e}", calendar.display()))?;
    Ok(())
}

/// Built for the wasm target too (cargo builds every binary for integration tests), where
/// there is nothing to prerender.
#[cfg(target_arch = "wasm32")]
fn main() -> ExitCode {
    ExitCode::FAILURE
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [page, dataset] = args.as_slice() else {
        eprintln!("usage: prerender INDEX.html DATASET.json");
        return ExitCode::from(2);
    };
    match run(page, dataset) {
        Ok(()) => {
            println!("prerender: {page} holds the home view of {dataset}, and the calendar is next to it");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("prerender: {e}");
            ExitCode::FAILURE
        }
    }
}
