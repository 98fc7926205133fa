//! `make edition`'s binary on a second notice the repository's site does not serve: a 2025
//! week with other sessions and dates and a base renamed (tests/editions/notice-2025.txt).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use yubei_core::edition::{Edition, EditionList};
use yubei_core::load::AppData;

const NOTICE_2025: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/editions/notice-2025.txt"
);
const EDITIONS: &str = include_str!("../../../data/editions.json");

/// A fresh directory holding a copy of the repository's `editions.json`.
fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edition-cmd-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("editions.json"), EDITIONS).unwrap();
    dir
}

fn edition(notice: &Path, list: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_edition"))
        .arg(notice)
        .arg("--list")
        .arg(list)
        .output()
        .unwrap()
}

#[test]
fn a_new_years_notice_becomes_the_newest_edition() {
    let dir = site("2025");
    let list = dir.join("editions.json");
    let out = edition(Path::new(NOTICE_2025), &list);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.starts_with("2025渝北区科技活动周: "), "{said}");
    assert!(said.contains("as the newest edition"), "{said}");

    let editions = EditionList::from_json(&fs::read_to_string(&list).unwrap()).unwrap();
    let years: Vec<i32> = editions.editions.iter().map(|e| e.year).collect();
    assert_eq!(years, [2025, 2024]);
    let dataset = dir.join("yubei-2025.json");
    assert_eq!(editions.editions[0].dataset, dataset.display().to_string());
    assert_eq!(editions.editions[1].dataset, "data/yubei-2024.json");

    let data = AppData::from_json(&fs::read_to_string(&dataset).unwrap()).unwrap();
    assert!(data.skipped.is_empty());
    let e = Edition::of(&data.ds);
    assert_eq!(e.name(), "2025渝北区科技活动周");
    assert_eq!(e.calendar_name(), "2025 渝北区科技活动周");
    assert_eq!(data.ds.week.start.to_string(), "2025-05-24");
    assert!(data.ds.bases.iter().any(|b| b.name == "重庆市气象科学馆"));
    assert!(data.ds.sessions.iter().any(|s| s.title.contains("机器人")));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_notice_that_cannot_be_read_adds_nothing() {
    let dir = site("broken");
    let list = dir.join("editions.json");
    let text = fs::read_to_string(NOTICE_2025).unwrap();
    let broken = dir.join("notice.txt");
    fs::write(&broken, text.replacen("5.29", "5.32", 1)).unwrap();
    let out = edition(&broken, &list);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("notice.txt: line "), "{said}");
    assert!(said.contains("5.32"), "{said}");
    assert_eq!(fs::read_to_string(&list).unwrap(), EDITIONS);
    assert!(!dir.join("yubei-2025.json").exists());
    let usage = Command::new(env!("CARGO_BIN_EXE_edition"))
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    fs::remove_dir_all(&dir).unwrap();
}
