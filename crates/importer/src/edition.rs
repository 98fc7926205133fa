//! A new year's notice as the site's newest edition (`make edition NOTICE=…`, the `edition`
//! binary): imported, checked the way the app will read it, and listed in
//! `data/editions.json`.

use std::path::Path;

use yubei_core::edition::{Edition, EditionEntry, EditionList};
use yubei_core::load::AppData;

use crate::{parse_notice, to_json};

/// What adding an edition writes: its dataset, where, and the list with it.
#[derive(Debug)]
pub struct NewEdition {
    pub edition: Edition,
    /// The dataset as the importer writes it.
    pub json: String,
    /// Where it goes: `yubei-<year>.json` next to the list (`data/yubei-2025.json`).
    pub dataset: String,
    /// The list with the edition added, or put in place of the one of its year.
    pub list: EditionList,
    /// The list had an edition of that year already (a corrected notice replaces it).
    pub replaced: bool,
    pub sessions: usize,
    pub bases: usize,
}

/// Imports `notice` (the importer's errors name the line) and checks its dataset with the
/// app's own loader, which must leave no record out; then adds it to `list` (read from
/// `list_path`) as the edition of its year. Nothing is written here: see the `edition` binary.
pub fn add_edition(
    notice: &str,
    list: &EditionList,
    list_path: &Path,
) -> Result<NewEdition, String> {
    let ds = parse_notice(notice).map_err(|e| e.to_string())?;
    let json = to_json(&ds).map_err(|e| format!("cannot serialize the dataset: {e}"))?;
    let data = AppData::from_json(&json).map_err(|e| format!("the app cannot read it: {e}"))?;
    if !data.skipped.is_empty() {
        let lines: Vec<String> = data
            .skipped
            .iter()
            .map(|s| {
                let id = s.id.as_deref().unwrap_or("(no id)");
                format!("  {}[{}] {id}（{}）", s.array, s.position, s.reason)
            })
            .collect();
        return Err(format!(
            "the app would not show {} record(s) as they are:\n{}",
            lines.len(),
            lines.join("\n")
        ));
    }
    let edition = Edition::of(&data.ds);
    let file = format!("yubei-{}.json", edition.year);
    let dataset = match list_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => format!("{}/{file}", dir.display()),
        _ => file,
    };
    let replaced = list.editions.iter().any(|e| e.year == edition.year);
    let mut list = list.clone();
    list.put(EditionEntry {
        year: edition.year,
        dataset: dataset.clone(),
        bookmarks: None,
    });
    Ok(NewEdition {
        sessions: data.ds.sessions.len(),
        bases: data.ds.bases.len(),
        edition,
        json,
        dataset,
        list,
        replaced,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICE_2024: &str = include_str!("../../../data/notice-2024.txt");

    fn list_2023() -> EditionList {
        EditionList::from_json(r#"{"editions":[{"year":2023,"dataset":"data/yubei-2023.json"}]}"#)
            .unwrap()
    }

    #[test]
    fn a_notice_becomes_the_newest_edition_next_to_the_list() {
        let added =
            add_edition(NOTICE_2024, &list_2023(), Path::new("data/editions.json")).unwrap();
        assert_eq!(added.edition.name(), "2024渝北区科技活动周");
        assert_eq!(added.dataset, "data/yubei-2024.json");
        assert_eq!(added.json, include_str!("../../../data/yubei-2024.json"));
        assert_eq!(added.list.newest().unwrap().dataset, "data/yubei-2024.json");
        assert_eq!(added.list.editions.len(), 2);
        assert!(!added.replaced);
        assert_eq!((added.sessions, added.bases), (24, 13));
        // Again: the edition of that year is replaced, not listed twice.
        let again = add_edition(NOTICE_2024, &added.list, Path::new("data/editions.json")).unwrap();
        assert!(again.replaced);
        assert_eq!(again.list, added.list);
    }

    #[test]
    fn a_broken_notice_says_which_line_and_adds_nothing() {
        let broken = NOTICE_2024.replacen("5.25-6.1场馆免费开放", "5.32场馆免费开放", 1);
        let e = add_edition(&broken, &list_2023(), Path::new("editions.json")).unwrap_err();
        assert!(e.starts_with("line 114: "), "{e}");
        assert!(add_edition("", &list_2023(), Path::new("editions.json")).is_err());
    }
}
