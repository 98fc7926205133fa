//! Browsing: the home list's filters (search, day, base category), the chips that set them,
//! the grouped listing, and the bases that share an address. Links out (maps, phone, mail)
//! are in [`crate::links`].

use chrono::NaiveDate;

use crate::days::{self, GroupKey};
use crate::model::{Base, Dataset, Session};
use crate::search::{self, Query, SearchIndex};

/// Which days to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateFilter {
    /// Every session, dated or not.
    #[default]
    All,
    /// Sessions taking place on this day (inside their inclusive range).
    Day(NaiveDate),
    /// Sessions whose time the notice says is not fixed.
    Undated,
}

/// Everything the home list is filtered by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: Query,
    pub date: DateFilter,
    /// A base category (基地类型), e.g. 场馆类; `None` for all.
    pub category: Option<String>,
}

impl Filter {
    /// True when `s` passes the date and category filters (the query is matched by
    /// [`filter_sessions`] through the index).
    pub fn matches(&self, ds: &Dataset, s: &Session) -> bool {
        let date_ok = match self.date {
            DateFilter::All => true,
            DateFilter::Day(d) => s.covers(d),
            DateFilter::Undated => s.start.is_none(),
        };
        let category_ok = match &self.category {
            None => true,
            Some(c) => ds.base(&s.base).is_some_and(|b| &b.category == c),
        };
        date_ok && category_ok
    }

    /// True when nothing is narrowed: no search, every day, every category.
    pub fn is_everything(&self) -> bool {
        self.query.is_empty() && self.date == DateFilter::All && self.category.is_none()
    }

    /// The day and base category this filter narrows the list to, in words, for the one line
    /// that says so under the search box (which stays on screen while the chips scroll away):
    /// `5月26日 周日 · 场馆类`. `None` when every day and category is listed; the search words
    /// are not repeated here, the box itself shows them.
    pub fn narrowing(&self) -> Option<String> {
        let date = match self.date {
            DateFilter::All => None,
            DateFilter::Day(d) => Some(days::day_label(d)),
            DateFilter::Undated => Some(GroupKey::Undated.label()),
        };
        let parts: Vec<String> = date.into_iter().chain(self.category.clone()).collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// Indices into `ds.sessions` of the sessions passing every part of `f`, in dataset order.
pub fn filter_sessions(ds: &Dataset, index: &SearchIndex, f: &Filter) -> Vec<usize> {
    let mut out = index.sessions(&f.query);
    if f.date != DateFilter::All || f.category.is_some() {
        out.retain(|&i| f.matches(ds, &ds.sessions[i]));
    }
    out
}

/// One chip of the day bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateChip {
    pub filter: DateFilter,
    /// `5月25日 周六`, or `时间未定`.
    pub label: String,
    /// `5月25日` alone (for a two-line chip); `时间未定` for the undated chip.
    pub date: String,
    /// How many sessions the chip selects.
    pub count: usize,
}

/// One chip per day that has at least one session, in date order, including days outside
/// the week; then a 时间未定 chip if any session is undated. (全部 is the UI's own.)
pub fn date_chips(ds: &Dataset) -> Vec<DateChip> {
    let mut days: std::collections::BTreeMap<NaiveDate, usize> = Default::default();
    let mut undated = 0;
    for s in &ds.sessions {
        if s.start.is_none() {
            undated += 1;
        }
        for d in s.days() {
            *days.entry(d).or_default() += 1;
        }
    }
    let mut chips: Vec<DateChip> = days
        .into_iter()
        .map(|(d, count)| DateChip {
            filter: DateFilter::Day(d),
            label: days::day_label(d),
            date: days::short_date(d),
            count,
        })
        .collect();
    if undated > 0 {
        chips.push(DateChip {
            filter: DateFilter::Undated,
            label: GroupKey::Undated.label(),
            date: GroupKey::Undated.label(),
            count: undated,
        });
    }
    chips
}

/// The home list: `indices` grouped by [`days::group_by_day`] (a multi-day session appears
/// under each of its days). With a day picked, only that day's group is listed: a session
/// covering 5.25–6.1 shown for 5.26 is not repeated under the other seven days.
pub fn listing(ds: &Dataset, indices: &[usize], date: DateFilter) -> Vec<(GroupKey, Vec<usize>)> {
    let mut groups = days::group_by_day(indices.iter().copied(), &ds.week, |&i| &ds.sessions[i]);
    groups.retain(|(key, _)| match (date, key) {
        (DateFilter::All, _) => true,
        (DateFilter::Day(day), GroupKey::Day(d)) => *d == day,
        (DateFilter::Day(day), GroupKey::BeforeWeek) => day < ds.week.start,
        (DateFilter::Undated, GroupKey::Undated) => true,
        _ => false,
    });
    groups
}

/// The other bases at the same address as `base_id` (compared ignoring spaces, case and
/// full-width forms), in dataset order; empty for an unknown id.
pub fn same_address_bases<'a>(ds: &'a Dataset, base_id: &str) -> Vec<&'a Base> {
    let key = |b: &Base| -> String {
        search::normalize(&b.address)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let Some(base) = ds.base(base_id) else {
        return Vec::new();
    };
    let address = key(base);
    if address.is_empty() {
        return Vec::new();
    }
    ds.bases
        .iter()
        .filter(|b| b.id != base.id && key(b) == address)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::d;
    use crate::testing::fixtures::{by_title, committed, dataset};

    fn titles(ds: &Dataset, idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| ds.sessions[i].title.clone()).collect()
    }

    fn filter(query: &str, date: DateFilter, category: Option<&str>) -> Filter {
        Filter {
            query: Query::parse(query),
            date,
            category: category.map(String::from),
        }
    }

    #[test]
    fn everything_is_no_search_every_day_every_category() {
        assert!(Filter::default().is_everything());
        assert!(filter(" \u{3000} ", DateFilter::All, None).is_everything());
        assert!(!filter("航空", DateFilter::All, None).is_everything());
        assert!(!filter("", DateFilter::Day(d(5, 26)), None).is_everything());
        assert!(!filter("", DateFilter::Undated, None).is_everything());
        assert!(!filter("", DateFilter::All, Some("场馆类")).is_everything());
    }

    #[test]
    fn narrowing_names_the_day_and_the_category_but_not_the_search() {
        assert_eq!(Filter::default().narrowing(), None);
        assert_eq!(filter("航空", DateFilter::All, None).narrowing(), None);
        assert_eq!(
            filter("", DateFilter::Day(d(5, 26)), None)
                .narrowing()
                .as_deref(),
            Some("5月26日 周日")
        );
        assert_eq!(
            filter("航空", DateFilter::Day(d(5, 20)), Some("场馆类"))
                .narrowing()
                .as_deref(),
            Some("5月20日 周一 · 场馆类")
        );
        assert_eq!(
            filter("", DateFilter::Undated, Some("高校类"))
                .narrowing()
                .as_deref(),
            Some("时间未定 · 高校类")
        );
        assert_eq!(
            filter("", DateFilter::All, Some("场馆类"))
                .narrowing()
                .as_deref(),
            Some("场馆类")
        );
    }

    #[test]
    fn filters_by_day_inside_ranges() {
        let ds = dataset();
        let index = SearchIndex::new(&ds);
        let all = filter_sessions(&ds, &index, &Filter::default());
        assert_eq!(all.len(), 24);

        let day = |m, n| filter_sessions(&ds, &index, &filter("", DateFilter::Day(d(m, n)), None));
        // 5.28: the art museum (5.25–5.28), two open-all-week venues (5.25–6.1), 青铜器.
        assert_eq!(
            titles(&ds, &day(5, 28)),
            [
                "场馆免费开放",
                "场馆免费开放",
                "场馆免费开放",
                "器以藏礼，物以载道——追寻青铜器的金声和鸣"
            ]
        );
        // The last day of a range is inside it; the day after is not.
        assert_eq!(day(6, 1).len(), 2);
        assert!(day(6, 2).is_empty());
        // Before the week.
        assert_eq!(titles(&ds, &day(5, 20)), ["营养助力成长"]);

        let undated = filter_sessions(&ds, &index, &filter("", DateFilter::Undated, None));
        assert_eq!(
            titles(&ds, &undated),
            ["青少年进大学校园，工业科技实践活动"]
        );
    }

    #[test]
    fn filters_by_category_and_query_together() {
        let ds = dataset();
        let index = SearchIndex::new(&ds);
        let media = filter_sessions(&ds, &index, &filter("", DateFilter::All, Some("传媒类")));
        assert_eq!(titles(&ds, &media), ["当非遗遇上科技"]);

        let f = filter("开放", DateFilter::Day(d(5, 31)), Some("场馆类"));
        let hits = filter_sessions(&ds, &index, &f);
        assert_eq!(hits.len(), 3, "{:?}", titles(&ds, &hits));
        for &i in &hits {
            assert!(f.matches(&ds, &ds.sessions[i]));
        }
        // Of the sessions with 开放, only 实验室开放日 is at a 教育培训类 base.
        let f = filter("开放", DateFilter::All, Some("教育培训类"));
        assert_eq!(
            titles(&ds, &filter_sessions(&ds, &index, &f)),
            ["实验室开放日"]
        );
        // An unknown category matches nothing.
        let f = filter("", DateFilter::All, Some("不存在"));
        assert!(filter_sessions(&ds, &index, &f).is_empty());
    }

    #[test]
    fn matches_ignores_the_query() {
        let ds = dataset();
        let s = &ds.sessions[by_title(&ds, "防范ai换脸诈骗")];
        assert!(filter("航空", DateFilter::Day(d(5, 27)), None).matches(&ds, s));
        assert!(!filter("", DateFilter::Day(d(5, 26)), None).matches(&ds, s));
        assert!(!filter("", DateFilter::Undated, None).matches(&ds, s));
        assert!(filter("", DateFilter::All, Some("教育培训类")).matches(&ds, s));
        assert!(!filter("", DateFilter::All, Some("场馆类")).matches(&ds, s));
    }

    #[test]
    fn date_chips_cover_every_day_with_sessions() {
        let ds = dataset();
        let chips = date_chips(&ds);
        let labels: Vec<String> = chips
            .iter()
            .map(|c| format!("{} {}", c.label, c.count))
            .collect();
        assert_eq!(
            labels,
            [
                "5月20日 周一 1",
                "5月21日 周二 1",
                "5月23日 周四 1",
                "5月25日 周六 10",
                "5月26日 周日 9",
                "5月27日 周一 8",
                "5月28日 周二 4",
                "5月29日 周三 3",
                "5月30日 周四 4",
                "5月31日 周五 5",
                "6月1日 周六 2",
                "时间未定 1",
            ]
        );
        assert_eq!(chips[3].filter, DateFilter::Day(d(5, 25)));
        assert_eq!(
            (chips[3].date.as_str(), chips[3].label.as_str()),
            ("5月25日", "5月25日 周六")
        );
        assert_eq!(chips.last().unwrap().filter, DateFilter::Undated);
        // Each count is what the chip's filter selects.
        let index = SearchIndex::new(&ds);
        for c in &chips {
            let f = Filter {
                date: c.filter,
                ..Filter::default()
            };
            assert_eq!(
                filter_sessions(&ds, &index, &f).len(),
                c.count,
                "{}",
                c.label
            );
        }
    }

    #[test]
    fn no_undated_chip_without_undated_sessions() {
        let mut ds = dataset();
        ds.sessions.retain(|s| s.start.is_some());
        assert!(date_chips(&ds)
            .iter()
            .all(|c| c.filter != DateFilter::Undated));
    }

    #[test]
    fn categories_with_session_counts() {
        let ds = dataset();
        assert_eq!(
            category_counts(&ds),
            [
                ("场馆类", 7),
                ("教育培训类", 15),
                ("传媒类", 1),
                ("研发创作类", 1)
            ]
        );
    }

    /// Each base category in order of first appearance, with how many sessions its chip's
    /// filter selects.
    fn category_counts(ds: &Dataset) -> Vec<(&str, usize)> {
        let index = SearchIndex::new(ds);
        ds.categories()
            .into_iter()
            .map(|c| {
                let f = Filter {
                    category: Some(c.to_string()),
                    ..Filter::default()
                };
                (c, filter_sessions(ds, &index, &f).len())
            })
            .collect()
    }

    #[test]
    fn listing_groups_multi_day_sessions_under_each_day() {
        let ds = dataset();
        let idx: Vec<usize> = (0..ds.sessions.len()).collect();
        let groups = listing(&ds, &idx, DateFilter::All);
        let keys: Vec<GroupKey> = groups.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys[0], GroupKey::BeforeWeek);
        assert_eq!(keys[1], GroupKey::Day(d(5, 25)));
        assert_eq!(*keys.last().unwrap(), GroupKey::Undated);
        let before = &groups[0].1;
        assert_eq!(titles(&ds, before), ["营养助力成长", "气象+", "生命的起源"]);
        let aviation = by_title(&ds, "科技带动发展，航空引领未来");
        let with_aviation: Vec<GroupKey> = groups
            .iter()
            .filter(|(_, v)| v.contains(&aviation))
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(
            with_aviation,
            [
                GroupKey::Day(d(5, 25)),
                GroupKey::Day(d(5, 26)),
                GroupKey::Day(d(5, 27))
            ]
        );
        // Only the given indices are listed.
        let groups = listing(&ds, &[aviation], DateFilter::All);
        assert_eq!(groups.len(), 3);
        assert!(listing(&ds, &[], DateFilter::All).is_empty());
    }

    #[test]
    fn listing_for_a_picked_day_shows_only_that_day() {
        let ds = dataset();
        let idx: Vec<usize> = (0..ds.sessions.len()).collect();
        let groups = listing(&ds, &idx, DateFilter::Day(d(5, 26)));
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].0, GroupKey::Day(d(5, 26)));
        // A day before the week lists its sessions under 不在活动周内, nothing else.
        let groups = listing(&ds, &idx, DateFilter::Day(d(5, 21)));
        let keys: Vec<GroupKey> = groups.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, [GroupKey::BeforeWeek]);
        let groups = listing(&ds, &idx, DateFilter::Undated);
        let keys: Vec<GroupKey> = groups.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, [GroupKey::Undated]);
    }

    #[test]
    fn bases_sharing_an_address() {
        let mut ds = dataset();
        let id =
            |ds: &Dataset, name: &str| ds.bases.iter().find(|b| b.name == name).unwrap().id.clone();
        let law = id(&ds, "中华优秀传统法律文化传承示范基地");
        let media = id(&ds, "西南政法大学媒介素养科普基地");
        let names = |v: Vec<&Base>| v.iter().map(|b| b.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(same_address_bases(&ds, &law)),
            ["西南政法大学媒介素养科普基地"]
        );
        assert_eq!(
            names(same_address_bases(&ds, &media)),
            ["中华优秀传统法律文化传承示范基地"]
        );
        let weather = id(&ds, "重庆市气象科普馆");
        assert!(same_address_bases(&ds, &weather).is_empty());
        assert!(same_address_bases(&ds, "nope").is_empty());
        // Spacing and full-width digits do not hide a shared address.
        let i = ds.bases.iter().position(|b| b.id == media).unwrap();
        ds.bases[i].address = "重庆市渝北区 宝圣大道３０１号".into();
        assert_eq!(same_address_bases(&ds, &law).len(), 1);
    }

    #[test]
    fn the_real_dataset() {
        let ds: Dataset = committed();
        let number = |n: u32| ds.bases.iter().find(|b| b.number == n).unwrap();
        let shared = same_address_bases(&ds, &number(4).id);
        assert_eq!(shared.len(), 1);
        assert_eq!(shared[0].id, number(13).id);
        let chips = date_chips(&ds);
        let labels: Vec<&str> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels[..3],
            ["5月20日 周一", "5月21日 周二", "5月23日 周四"]
        );
        assert_eq!(labels.last(), Some(&"时间未定"));
        let total: usize = category_counts(&ds).iter().map(|(_, n)| n).sum();
        assert_eq!(total, ds.sessions.len());
    }
}
