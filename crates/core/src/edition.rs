//! Which year's science week a dataset is, named from its own notice. Every name a parent
//! reads of the edition (page titles, the Open Graph tags, the manifest, the share text, the
//! calendar's name and file names) is made here from the dataset, so a new year's notice
//! becomes the site without a code change. The list of editions a site serves is data too:
//! `data/editions.json` ([`EditionList`]).

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::browse::DateFilter;
use crate::days::short_date;
use crate::model::{Dataset, Ids};
use crate::storage::{edition_key, Shelf};
use crate::url_state::UrlState;

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
    /// Its dataset, relative to the repository: `data/yubei-2024.json`. The site serves it
    /// next to the edition's page, as `data/` and its file name.
    pub dataset: String,
    /// The localStorage key of its bookmarks when not [`edition_key`]`(year)`: the first
    /// edition keeps the key every release before editions used, so its bookmarks stay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bookmarks: Option<String>,
}

impl EditionEntry {
    /// Where its bookmarks are stored.
    pub fn bookmarks_key(&self) -> String {
        self.bookmarks
            .clone()
            .unwrap_or_else(|| edition_key(self.year))
    }

    /// Its page's folder in the site, from the site's root: `""` for the newest (the home
    /// page), `2024/` for an earlier one.
    pub fn folder(&self, newest: bool) -> String {
        if newest {
            String::new()
        } else {
            format!("{}/", self.year)
        }
    }
}

/// What a page of the site tells the app about its edition and the site's others: a JSON
/// block the prerender writes into the page (`<script type="application/json"
/// id="edition">`), read by the browser shell before the app starts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageEdition {
    /// The year of this page's week.
    pub year: i32,
    /// Where this edition's bookmarks are stored ([`Shelf`]).
    pub bookmarks: String,
    /// The site's other editions, newest first.
    pub others: Vec<OtherEdition>,
}

/// Another edition of the site, as a page links to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OtherEdition {
    pub year: i32,
    /// [`Edition::name`]: `2024渝北区科技活动周`.
    pub name: String,
    /// Its page, relative to this one: `2024/`, `../`, `../2023/`.
    pub href: String,
    /// The ids of its bases and sessions, so that a link of that edition (`?base=`, `?plan=`)
    /// opened on this page is sent there without fetching its dataset.
    pub bases: Vec<String>,
    pub sessions: Vec<String>,
}

impl PageEdition {
    /// Where this page's bookmarks are stored.
    pub fn shelf(&self) -> Shelf {
        if self.bookmarks.is_empty() {
            Shelf::default()
        } else {
            Shelf::new(&self.bookmarks)
        }
    }

    /// The edition a link belongs to when it is not this page's (`state` as read from it,
    /// before it is checked against `ds`, this page's dataset with its `ids`): a day of
    /// another year (`?date=2024-05-26` on the 2025 page), a base this edition does not have
    /// and another does, a shared plan none of whose sessions is here and some are in another
    /// (the one holding most). `None` when the link is this page's, or no edition has what it
    /// names (the page then says what it could not use).
    pub fn elsewhere(&self, state: &UrlState, ds: &Dataset, ids: &Ids) -> Option<&OtherEdition> {
        if let DateFilter::Day(day) = state.date {
            if day.year() != self.year {
                if let Some(other) = self.others.iter().find(|o| o.year == day.year()) {
                    return Some(other);
                }
            }
        }
        if let Some(base) = state.base.as_deref().filter(|b| ids.base(ds, b).is_none()) {
            if let Some(other) = self
                .others
                .iter()
                .find(|o| o.bases.iter().any(|b| b == base))
            {
                return Some(other);
            }
        }
        let plan = state.plan.as_deref().unwrap_or_default();
        if plan.is_empty() || plan.iter().any(|id| ids.session(ds, id).is_some()) {
            return None;
        }
        let held = |o: &OtherEdition| {
            plan.iter()
                .filter(|id| o.sessions.iter().any(|s| s == id.as_str()))
                .count()
        };
        let best = self
            .others
            .iter()
            .max_by_key(|o| (held(o), std::cmp::Reverse(o.year)))?;
        (held(best) > 0).then_some(best)
    }

    /// The block's text: JSON, with `<` written as `\u003c` so that no value can end the
    /// `<script>` element it is in ([`crate::data_block::to_json`]).
    pub fn to_json(&self) -> String {
        crate::data_block::to_json(self)
    }
}

impl EditionList {
    /// Reads `data/editions.json`, newest first whatever order it was written in.
    pub fn from_json(text: &str) -> Result<EditionList, serde_json::Error> {
        let mut list: EditionList = serde_json::from_str(text)?;
        list.editions.sort_by_key(|e| std::cmp::Reverse(e.year));
        Ok(list)
    }

    /// The page of edition `at` (an index into `editions`): its year, bookmarks and the
    /// other editions with their addresses relative to it, from each one's dataset
    /// (`datasets[i]` is `editions[i]`'s).
    pub fn page(&self, at: usize, datasets: &[Dataset]) -> PageEdition {
        let here = &self.editions[at];
        let up = if at == 0 { "" } else { "../" };
        let others = self
            .editions
            .iter()
            .zip(datasets)
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(i, (e, ds))| OtherEdition {
                year: e.year,
                name: Edition::of(ds).name(),
                href: match (up, e.folder(i == 0).as_str()) {
                    ("", folder) => folder.to_string(),
                    (up, folder) => format!("{up}{folder}"),
                },
                bases: ds.bases.iter().map(|b| b.id.clone()).collect(),
                sessions: ds.sessions.iter().map(|s| s.id.clone()).collect(),
            })
            .collect();
        PageEdition {
            year: here.year,
            bookmarks: here.bookmarks_key(),
            others,
        }
    }

    /// Adds `entry`, or replaces the edition of its year (a corrected notice).
    /// The replaced edition's bookmarks key stays: a parent's bookmarks never move.
    pub fn put(&mut self, mut entry: EditionEntry) {
        if let Some(old) = self.editions.iter().find(|e| e.year == entry.year) {
            entry.bookmarks = entry.bookmarks.or_else(|| old.bookmarks.clone());
        }
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
            bookmarks: None,
        });
        list.put(EditionEntry {
            year: 2025,
            dataset: "data/yubei-2025b.json".into(),
            bookmarks: None,
        });
        let years: Vec<i32> = list.editions.iter().map(|e| e.year).collect();
        assert_eq!(years, [2026, 2025, 2024]);
        assert_eq!(list.editions[1].dataset, "data/yubei-2025b.json");
        assert_eq!(EditionList::from_json(&list.to_json()).unwrap(), list);
        assert!(EditionList::from_json("{}").is_err());
    }

    /// A site of two editions: 2025 (the 2024 dataset moved a year on, a base renamed) and
    /// the committed 2024 week.
    fn two_editions() -> (EditionList, Vec<Dataset>) {
        let old = committed();
        let mut new = committed();
        new.notice.plan_title = "2025年渝北区科技活动周实施方案".into();
        new.week.start = chrono::NaiveDate::from_ymd_opt(2025, 5, 24).unwrap();
        new.bases[0].id = "b2025".into();
        for s in &mut new.sessions[..3] {
            s.id = format!("{}x", s.id);
        }
        let list = EditionList::from_json(
            r#"{"editions":[{"year":2024,"dataset":"data/yubei-2024.json","bookmarks":"yubei-week/bookmarks/v1"},
                {"year":2025,"dataset":"data/yubei-2025.json"}]}"#,
        )
        .unwrap();
        (list, vec![new, old])
    }

    #[test]
    fn each_page_knows_its_bookmarks_and_links_to_the_others() {
        let (list, datasets) = two_editions();
        let home = list.page(0, &datasets);
        assert_eq!(home.year, 2025);
        assert_eq!(home.bookmarks, "yubei-week/2025/bookmarks/v1");
        assert_eq!(home.others.len(), 1);
        assert_eq!(home.others[0].href, "2024/");
        assert_eq!(home.others[0].name, "2024渝北区科技活动周");
        assert_eq!(home.others[0].sessions.len(), 24);
        let earlier = list.page(1, &datasets);
        assert_eq!(earlier.bookmarks, crate::storage::KEY);
        assert_eq!(earlier.shelf(), Shelf::default());
        assert_eq!(earlier.others[0].href, "../");
        assert_eq!(earlier.others[0].year, 2025);
        // No value ends the <script> it is written in.
        let mut odd = home.clone();
        odd.others[0].name = "</script><script>alert(1)".into();
        assert!(!odd.to_json().contains('<'));
        assert_eq!(
            serde_json::from_str::<PageEdition>(&odd.to_json()).unwrap(),
            odd
        );
    }

    #[test]
    fn a_link_of_another_edition_is_sent_there() {
        let (list, datasets) = two_editions();
        let home = list.page(0, &datasets);
        let ds = &datasets[0];
        let ids = Ids::of(ds);
        let state = |query: &str| crate::url_state::UrlView::from_query(query).state;
        let year = |query: &str| home.elsewhere(&state(query), ds, &ids).map(|o| o.year);
        let old = &datasets[1];
        // A day, a base and a plan of 2024.
        assert_eq!(year("?date=2024-05-26"), Some(2024));
        assert_eq!(year(&format!("?base={}", old.bases[0].id)), Some(2024));
        let plan = format!("?plan={},{}", old.sessions[0].id, old.sessions[1].id);
        assert_eq!(year(&plan), Some(2024));
        // This edition's own links, and links no edition can use, stay here.
        assert_eq!(year("?date=2025-05-26"), None);
        assert_eq!(year("?q=航空"), None);
        assert_eq!(year("?base=b2025"), None);
        assert_eq!(year(&format!("?base={}", old.bases[1].id)), None);
        assert_eq!(
            year(&format!(
                "?plan={},{}",
                old.sessions[0].id, ds.sessions[5].id
            )),
            None
        );
        assert_eq!(year("?plan=s0,s1"), None);
        assert_eq!(year("?date=2023-05-26"), None);
        // And back: a 2025 day opened on the 2024 page.
        let earlier = list.page(1, &datasets);
        let old_ids = Ids::of(old);
        assert_eq!(
            earlier
                .elsewhere(&state("?date=2025-05-26"), old, &old_ids)
                .map(|o| o.href.as_str()),
            Some("../")
        );
    }
}
