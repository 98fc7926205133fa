//! Which year's science week a dataset is, named from its own notice. Every name a parent
//! reads of the edition (page titles, the Open Graph tags, the manifest, the share text, the
//! calendar's name and file names) is made here from the dataset, so a new year's notice
//! becomes the site without a code change. The list of editions a site serves is data too:
//! `data/editions.json` ([`EditionList`]).

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::days::short_date;
use crate::model::Dataset;

/// What every edition's plan title ends with, after the district: `2024年渝北区科技活动周…`.
const WEEK: &str = "科技活动周";

/// The app's own name in identifiers: calendar file names, `PRODID`, event `UID`s.
const APP_ID: &str = "yubei-week";

/// A year's science week: its year and the district that runs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edition {
    /// The year of the week's first day.
    pub year: i32,
    /// `渝北区`: what the plan's title names between its year and [`WEEK`]; empty when the
    /// title does not have that shape.
    pub district: String,
}

impl Edition {
    /// The edition `ds` is.
    pub fn of(ds: &Dataset) -> Edition {
        let title = &ds.notice.plan_title;
        let district = title
            .find(WEEK)
            .map(|end| {
                let before = &title[..end];
                let start = before.rfind('年').map_or(0, |i| i + '年'.len_utf8());
                before[start..].trim().to_string()
            })
            .unwrap_or_default();
        Edition {
            year: ds.week.start.year(),
            district,
        }
    }

    /// The site's name: `2024渝北区科技活动周`.
    pub fn name(&self) -> String {
        format!("{}{}{WEEK}", self.year, self.district)
    }

    /// As a sentence names it: `2024年渝北区科技活动周`.
    pub fn full_name(&self) -> String {
        format!("{}年{}{WEEK}", self.year, self.district)
    }

    /// The home list's title: `2024渝北区科技活动周 · 亲子活动日程`.
    pub fn home_title(&self) -> String {
        format!("{} · 亲子活动日程", self.name())
    }

    /// The calendar's name in a phone's calendar app: `2024 渝北区科技活动周`.
    pub fn calendar_name(&self) -> String {
        format!("{} {}{WEEK}", self.year, self.district)
    }

    /// The calendar's `PRODID`.
    pub fn prodid(&self) -> String {
        format!(
            "-//{APP_ID}//Yubei Science and Technology Week {}//ZH",
            self.year
        )
    }

    /// The domain part of every event's `UID` (unchanged across releases of one edition, so
    /// a calendar app updates an imported event instead of adding it again).
    pub fn uid_domain(&self) -> String {
        format!("yubei-kejizhou-{}", self.year)
    }

    /// A downloaded calendar's file name: `yubei-week-2024.ics` for a plan, with `-<part>`
    /// before `.ics` for one session (`part` is already ASCII).
    pub fn calendar_file(&self, part: &str) -> String {
        if part.is_empty() {
            format!("{APP_ID}-{}.ics", self.year)
        } else {
            format!("{APP_ID}-{}-{part}.ics", self.year)
        }
    }

    /// The whole week's calendar to subscribe to, next to the page: `yubei-week-2024-all.ics`.
    pub fn subscription_file(&self) -> String {
        self.calendar_file("all")
    }
}

/// The page's `<meta name="description">`: the edition, its dates and what the app does.
pub fn description(ds: &Dataset) -> String {
    format!(
        "{}（{}至{}）：{}个科普基地的活动日程，按日期、类型查找，收藏到“我的一周”，导出日历，分享给家人。",
        Edition::of(ds).full_name(),
        short_date(ds.week.start),
        short_date(ds.week.end),
        ds.bases.len()
    )
}

/// The Open Graph description a shared link's preview shows.
pub fn preview(ds: &Dataset) -> String {
    format!(
        "{}至{}，{}{}个科普基地的亲子科普活动：按日期查找，收藏到“我的一周”，导出日历，分享给家人。",
        short_date(ds.week.start),
        short_date(ds.week.end),
        Edition::of(ds).district,
        ds.bases.len()
    )
}

/// What the page holds, after its dates: `渝北区13个科普基地的活动日程：按日期、基地类型查找，…`.
pub fn intro(ds: &Dataset) -> String {
    format!(
        "{}{}个科普基地的活动日程：按日期、基地类型查找，收藏到“我的一周”，导出到手机日历，分享给家人。",
        Edition::of(ds).district,
        ds.bases.len()
    )
}

/// The web app manifest's description.
pub fn manifest_description(ds: &Dataset) -> String {
    format!(
        "{}活动日程：查找、收藏、导出日历",
        Edition::of(ds).full_name()
    )
}

/// The editions a site serves (`data/editions.json`), newest first: the newest is the home
/// page. Written by `make edition`, read by the build.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EditionList {
    pub editions: Vec<EditionEntry>,
}

/// One edition of an [`EditionList`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditionEntry {
    /// The year of its week.
    pub year: i32,
    /// Its dataset, relative to the repository (and, in the site, to the page):
    /// `data/yubei-2024.json`.
    pub dataset: String,
}

impl EditionList {
    /// Reads `data/editions.json`, newest first whatever order it was written in.
    pub fn from_json(text: &str) -> Result<EditionList, serde_json::Error> {
        let mut list: EditionList = serde_json::from_str(text)?;
        list.editions.sort_by_key(|e| std::cmp::Reverse(e.year));
        Ok(list)
    }

    /// Adds `entry`, or replaces the edition of its year (a corrected notice).
    pub fn put(&mut self, entry: EditionEntry) {
        self.editions.retain(|e| e.year != entry.year);
        self.editions.push(entry);
        self.editions.sort_by_key(|e| std::cmp::Reverse(e.year));
    }

    /// The home page's edition.
    pub fn newest(&self) -> Option<&EditionEntry> {
        self.editions.first()
    }

    /// As written to `data/editions.json`: pretty, with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("an edition list serializes");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixtures::committed;

    #[test]
    fn the_2024_edition_is_named_from_its_dataset() {
        let ds = committed();
        let e = Edition::of(&ds);
        assert_eq!(
            e,
            Edition {
                year: 2024,
                district: "渝北区".into()
            }
        );
        assert_eq!(e.name(), "2024渝北区科技活动周");
        assert_eq!(e.full_name(), "2024年渝北区科技活动周");
        assert_eq!(e.home_title(), "2024渝北区科技活动周 · 亲子活动日程");
        assert_eq!(e.calendar_name(), "2024 渝北区科技活动周");
        assert_eq!(
            e.prodid(),
            "-//yubei-week//Yubei Science and Technology Week 2024//ZH"
        );
        assert_eq!(e.uid_domain(), "yubei-kejizhou-2024");
        assert_eq!(e.calendar_file(""), "yubei-week-2024.ics");
        assert_eq!(e.calendar_file("s1"), "yubei-week-2024-s1.ics");
        assert_eq!(e.subscription_file(), "yubei-week-2024-all.ics");
        // What index.html and the manifest said before they were made from the dataset.
        assert_eq!(
            description(&ds),
            "2024年渝北区科技活动周（5月25日至6月1日）：13个科普基地的活动日程，按日期、类型查找，收藏到“我的一周”，导出日历，分享给家人。"
        );
        assert_eq!(
            preview(&ds),
            "5月25日至6月1日，渝北区13个科普基地的亲子科普活动：按日期查找，收藏到“我的一周”，导出日历，分享给家人。"
        );
        assert_eq!(
            intro(&ds),
            "渝北区13个科普基地的活动日程：按日期、基地类型查找，收藏到“我的一周”，导出到手机日历，分享给家人。"
        );
        assert_eq!(
            manifest_description(&ds),
            "2024年渝北区科技活动周活动日程：查找、收藏、导出日历"
        );
    }

    #[test]
    fn another_year_and_district_come_from_the_dataset() {
        let mut ds = committed();
        ds.notice.plan_title = "2025年江北区科技活动周实施方案".into();
        ds.week.start = chrono::NaiveDate::from_ymd_opt(2025, 5, 24).unwrap();
        ds.week.end = chrono::NaiveDate::from_ymd_opt(2025, 5, 31).unwrap();
        let e = Edition::of(&ds);
        assert_eq!(e.name(), "2025江北区科技活动周");
        assert_eq!(e.calendar_name(), "2025 江北区科技活动周");
        assert_eq!(e.subscription_file(), "yubei-week-2025-all.ics");
        assert!(description(&ds).starts_with("2025年江北区科技活动周（5月24日至5月31日）"));
        assert!(preview(&ds).starts_with("5月24日至5月31日，江北区13个"));
        // A title without the usual shape names no district, never a wrong one.
        ds.notice.plan_title = "活动方案".into();
        assert_eq!(Edition::of(&ds).name(), "2025科技活动周");
    }

    #[test]
    fn the_edition_list_is_newest_first_and_one_per_year() {
        let mut list = EditionList::from_json(
            r#"{"editions":[{"year":2024,"dataset":"data/yubei-2024.json"},
                {"year":2025,"dataset":"data/yubei-2025.json"}]}"#,
        )
        .unwrap();
        assert_eq!(list.newest().unwrap().year, 2025);
        list.put(EditionEntry {
            year: 2026,
            dataset: "data/yubei-2026.json".into(),
        });
        list.put(EditionEntry {
            year: 2025,
            dataset: "data/yubei-2025b.json".into(),
        });
        let years: Vec<i32> = list.editions.iter().map(|e| e.year).collect();
        assert_eq!(years, [2026, 2025, 2024]);
        assert_eq!(list.editions[1].dataset, "data/yubei-2025b.json");
        assert_eq!(EditionList::from_json(&list.to_json()).unwrap(), list);
        assert!(EditionList::from_json("{}").is_err());
    }
}
