//! Writes every edition of `data/editions.json` from a built `index.html` (a trunk post-build
//! step, see `scripts/post-build.mjs`): the newest into it (the home page), each earlier one
//! into `<year>/index.html` beside it.
//!
//! ```text
//! cargo run --bin prerender -- dist/index.html data/editions.json
//! ```
//!
//! Each page gets its edition's prerendered home view, title, link preview, dataset address,
//! week as schema.org `Event` data (JSON-LD) and the links to the other editions
//! ([`yubei_app::prerender::fill`]); next to it go the
//! dataset (`data/<its file name>`), the whole week's calendar to subscribe to
//! ([`yubei_core::ics::subscription_file`]), and the web app manifest with the edition's name
//! (and, for an earlier edition, the icons its page names).
//!
//! The page is rewritten in place, only when the dataset loads with no record left out (the app
//! would skip a bad record and say so; a committed dataset with one is broken and must not
//! ship) and the page has its marks; otherwise it exits 1 naming what is wrong (every bad
//! record) and leaves the file as it was.

use std::process::ExitCode;
#[cfg(not(target_arch = "wasm32"))]
use std::{fs, path::Path};

#[cfg(not(target_arch = "wasm32"))]
use yubei_app::{
    prerender::{fill, PrerenderError},
    ui::data::AppData,
};
#[cfg(not(target_arch = "wasm32"))]
use yubei_core::{
    edition::{manifest_description, Edition, EditionList, PageEdition},
    ics,
};

/// Writes `text` to `path` through a temporary file, so a reader never sees half of it.
#[cfg(not(target_arch = "wasm32"))]
fn write(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The manifest trunk copied next to the page, with the edition's name and description.
#[cfg(not(target_arch = "wasm32"))]
fn manifest(path: &Path, data: &AppData) -> Result<String, String> {
    let shown = path.display();
    let text = fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    let mut manifest: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{shown}: {e}"))?;
    manifest["name"] = Edition::of(&data.ds).name().into();
    manifest["description"] = manifest_description(&data.ds).into();
    let mut text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

/// One edition's page and what goes next to it, in `dir` (the site's root, or the edition's
/// folder in it).
#[cfg(not(target_arch = "wasm32"))]
fn write_edition(
    template: &str,
    dir: &Path,
    dataset: &str,
    body: &str,
    data: &AppData,
    page: &PageEdition,
    root: &Path,
) -> Result<(), String> {
    let file = Path::new(dataset)
        .file_name()
        .and_then(|f| f.to_str())
        .ok_or_else(|| format!("{dataset}: not a file name"))?;
    let href = format!("data/{file}");
    let index = dir.join("index.html");
    let html = fill(template, data, &href, page).map_err(|e| match e {
        PrerenderError::Skipped(_) => format!("{dataset}: {e}"),
        PrerenderError::MissingMark(_) => format!("{}: {e}", index.display()),
    })?;
    let manifest = manifest(&root.join("manifest.webmanifest"), data)?;
    fs::create_dir_all(dir.join("data")).map_err(|e| format!("{}: {e}", dir.display()))?;
    write(&dir.join(&href), body)?;
    write(
        &dir.join(ics::subscription_file(&data.ds)),
        &ics::subscription(&data.ds),
    )?;
    write(&dir.join("manifest.webmanifest"), &manifest)?;
    // What an earlier edition's page names by a relative address, beside it.
    if dir != root {
        for icon in ["icon-192.png", "icon-512.png"] {
            fs::copy(root.join(icon), dir.join(icon))
                .map_err(|e| format!("{}: {e}", dir.join(icon).display()))?;
        }
    }
    write(&index, &html)
}

/// Writes every edition of the list: the newest into `page` (the site's `index.html`), each
/// earlier one into `<year>/index.html` beside it, all from `page` as trunk built it.
#[cfg(not(target_arch = "wasm32"))]
fn run(page: &str, editions: &str) -> Result<String, String> {
    let list = fs::read_to_string(editions).map_err(|e| format!("{editions}: {e}"))?;
    let list = EditionList::from_json(&list).map_err(|e| format!("{editions}: {e}"))?;
    if list.editions.is_empty() {
        return Err(format!("{editions}: no edition listed"));
    }
    let mut bodies = Vec::new();
    let mut loaded = Vec::new();
    for entry in &list.editions {
        let dataset = &entry.dataset;
        let body = fs::read_to_string(dataset).map_err(|e| format!("{dataset}: {e}"))?;
        let data = AppData::from_json(&body).map_err(|e| format!("{dataset}: {e}"))?;
        if Edition::of(&data.ds).year != entry.year {
            return Err(format!(
                "{editions}: {dataset} is the week of {}, listed as {}",
                Edition::of(&data.ds).year,
                entry.year
            ));
        }
        bodies.push(body);
        loaded.push(data);
    }
    let datasets: Vec<_> = loaded.iter().map(|d| (*d.ds).clone()).collect();
    let template = fs::read_to_string(page).map_err(|e| format!("{page}: {e}"))?;
    let root = Path::new(page).parent().unwrap_or(Path::new("."));
    let mut written = Vec::new();
    for (at, entry) in list.editions.iter().enumerate() {
        let dir = root.join(entry.folder(at == 0));
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let edition = list.page(at, &datasets);
        write_edition(
            &template,
            &dir,
            &entry.dataset,
            &bodies[at],
            &loaded[at],
            &edition,
            root,
        )?;
        written.push(format!(
            "{} ({}) in {}",
            Edition::of(&loaded[at].ds).name(),
            entry.dataset,
            dir.join("index.html").display()
        ));
    }
    Ok(format!("prerender: {}", written.join("; ")))
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
    let [page, editions] = args.as_slice() else {
        eprintln!("usage: prerender INDEX.html EDITIONS.json");
        return ExitCode::from(2);
    };
    match run(page, editions) {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("prerender: {e}");
            ExitCode::FAILURE
        }
    }
}
