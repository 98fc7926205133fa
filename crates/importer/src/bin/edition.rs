//! Adds a year's notice to the site as its newest edition:
//!
//! ```text
//! make edition NOTICE=path/to/notice-2025.txt
//! cargo run --release --bin edition -- path/to/notice-2025.txt [--list data/editions.json]
//! ```
//!
//! Imports the notice (an error names the line and its text), checks the dataset with the
//! app's own loader (a record it would leave out is an error), writes it as
//! `yubei-<year>.json` next to the list and puts it in the list (`data/editions.json`) as the
//! edition of its year; the next build (`make serve`) makes the newest edition the home page.
//! Nothing is written unless every check passes; each file is written to a temporary file
//! and renamed over the old one. Exit code 1 for a notice that cannot be added, 2 for usage
//! errors.

use std::process::ExitCode;
#[cfg(not(target_arch = "wasm32"))]
use std::{fs, path::Path};

#[cfg(not(target_arch = "wasm32"))]
use yubei_core::edition::EditionList;
#[cfg(not(target_arch = "wasm32"))]
use yubei_importer::edition::add_edition;

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "usage: edition NOTICE.txt [--list data/editions.json]\n\
    Imports the notice and lists it as the newest edition of the site.";

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
#[cfg(not(target_arch = "wasm32"))]
fn write(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    fs::write(&tmp, text)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = fs::remove_file(&tmp);
            format!("{}: cannot write: {e}", path.display())
        })
}

#[cfg(not(target_arch = "wasm32"))]
fn run(notice: &Path, list_path: &Path) -> Result<String, String> {
    let shown = notice.display();
    let text = fs::read_to_string(notice).map_err(|e| format!("{shown}: {e}"))?;
    let listed = list_path.display();
    let list = fs::read_to_string(list_path).map_err(|e| format!("{listed}: {e}"))?;
    let list = EditionList::from_json(&list).map_err(|e| format!("{listed}: {e}"))?;
    let added = add_edition(&text, &list, list_path).map_err(|e| format!("{shown}: {e}"))?;
    write(Path::new(&added.dataset), &added.json)?;
    write(list_path, &added.list.to_json())?;
    let newest = added
        .list
        .newest()
        .is_some_and(|e| e.year == added.edition.year);
    Ok(format!(
        "{}: {} sessions, {} bases, written to {}; {} in {listed}{}",
        added.edition.name(),
        added.sessions,
        added.bases,
        added.dataset,
        if added.replaced { "replaced" } else { "added" },
        if newest {
            " as the newest edition: the next build makes it the home page"
        } else {
            " (an earlier year: the home page stays the newest edition)"
        }
    ))
}

#[cfg(target_arch = "wasm32")]
fn main() -> ExitCode {
    ExitCode::FAILURE
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (notice, list) = match args.as_slice() {
        [notice] => (notice, "data/editions.json"),
        [notice, flag, list] if flag == "--list" => (notice, list.as_str()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(Path::new(notice), Path::new(list)) {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("edition: {e}");
            ExitCode::FAILURE
        }
    }
}
