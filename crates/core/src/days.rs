//! Days of the week as the app groups and labels them: 5月25日 周六, 不在活动周内, 时间未定.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::model::{Session, Week};

/// Where a session is listed: under a day of the week, among those before the week, or
/// among those not yet dated. The derived order is the display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKey {
    /// Sessions that end before the week starts (listed first, in date order).
    BeforeWeek,
    /// A day of the week (or after it).
    Day(NaiveDate),
    /// Sessions whose time the notice says is not fixed.
    Undated,
}

impl GroupKey {
    /// A stable, URL- and id-safe name for the group: `before`, `2024-05-25`, `tbd`.
    pub fn anchor(&self) -> String {
        match self {
            GroupKey::BeforeWeek => "before".to_string(),
            GroupKey::Day(d) => d.to_string(),
            GroupKey::Undated => "tbd".to_string(),
        }
    }

    /// The day of a `Day` group; `None` for the others.
    pub fn day(&self) -> Option<NaiveDate> {
        match self {
            GroupKey::Day(d) => Some(*d),
            _ => None,
        }
    }

    /// The heading shown for the group.
    pub fn label(&self) -> String {
        match self {
            GroupKey::BeforeWeek => "不在活动周内".to_string(),
            GroupKey::Day(d) => day_label(*d),
            GroupKey::Undated => "时间未定".to_string(),
        }
    }
}

/// `5月25日 周六`
pub fn day_label(d: NaiveDate) -> String {
    format!("{}月{}日 {}", d.month(), d.day(), weekday_zh(d.weekday()))
}

/// `5月25日`
pub fn short_date(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

/// `周一` … `周日`
pub fn weekday_zh(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

/// The session's dates as a parent reads them: `5月25日`, `5月25日–6月1日`, or `时间未定`.
pub fn range_label(s: &Session) -> String {
    dates_label(s.start, s.end)
}

/// First and last day as a parent reads them: `5月25日`, `5月25日–6月1日`, or `时间未定`
/// when there is no first day. A first day alone (a bookmark remembered without its last
/// day) reads as that day.
pub fn dates_label(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (Some(a), Some(b)) if a != b => format!("{}–{}", short_date(a), short_date(b)),
        (Some(a), _) => short_date(a),
        _ => "时间未定".to_string(),
    }
}

/// The groups a session is listed under: each day it covers from the week's start on, or
/// `BeforeWeek` when it ends before the week, or `Undated`.
pub fn group_keys(s: &Session, week: &Week) -> Vec<GroupKey> {
    match (s.start, s.end) {
        (Some(_), Some(end)) if end < week.start => vec![GroupKey::BeforeWeek],
        (Some(_), Some(_)) => s
            .days()
            .into_iter()
            .filter(|d| *d >= week.start)
            .map(GroupKey::Day)
            .collect(),
        _ => vec![GroupKey::Undated],
    }
}

/// Groups items by [`group_keys`], in display order. Within a group, items keep the order
/// given, except `BeforeWeek`, which is sorted by start date.
pub fn group_by_day<'a, T>(
    items: impl IntoIterator<Item = T>,
    week: &Week,
    session_of: impl Fn(&T) -> &'a Session,
) -> Vec<(GroupKey, Vec<T>)>
where
    T: Clone,
{
    let mut groups: std::collections::BTreeMap<GroupKey, Vec<T>> = Default::default();
    for item in items {
        for key in group_keys(session_of(&item), week) {
            groups.entry(key).or_default().push(item.clone());
        }
    }
    if let Some(before) = groups.get_mut(&GroupKey::BeforeWeek) {
        let order = crate::order::sorted(before.len(), &|a, b| {
            session_of(&before[a])
                .start
                .cmp(&session_of(&before[b]).start)
        });
        *before = order.into_iter().map(|i| before[i].clone()).collect();
    }
    groups.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::d;

    fn week() -> Week {
        Week {
            start: d(5, 25),
            end: d(6, 1),
            theme: "t".into(),
        }
    }

    fn s(id: &str, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Session {
        Session {
            id: id.into(),
            base: "b".into(),
            title: id.into(),
            start,
            end,
            place: "p".into(),
            at_base: false,
            note: None,
            source: "src".into(),
        }
    }

    #[test]
    fn labels() {
        assert_eq!(day_label(d(5, 25)), "5月25日 周六");
        assert_eq!(day_label(d(6, 1)), "6月1日 周六");
        assert_eq!(
            range_label(&s("a", Some(d(5, 25)), Some(d(6, 1)))),
            "5月25日–6月1日"
        );
        assert_eq!(
            range_label(&s("a", Some(d(5, 21)), Some(d(5, 21)))),
            "5月21日"
        );
        assert_eq!(range_label(&s("a", None, None)), "时间未定");
        assert_eq!(GroupKey::Day(d(5, 25)).anchor(), "2024-05-25");
        assert_eq!(GroupKey::BeforeWeek.anchor(), "before");
        assert_eq!(GroupKey::Undated.anchor(), "tbd");
        assert_eq!(GroupKey::Day(d(5, 25)).day(), Some(d(5, 25)));
        assert_eq!(GroupKey::BeforeWeek.day(), None);
        assert_eq!(GroupKey::Undated.day(), None);
    }

    #[test]
    fn groups_in_display_order() {
        let items = [
            s("undated", None, None),
            s("range", Some(d(5, 25)), Some(d(5, 27))),
            s("late-before", Some(d(5, 23)), Some(d(5, 23))),
            s("early-before", Some(d(5, 20)), Some(d(5, 20))),
            s("straddle", Some(d(5, 24)), Some(d(5, 25))),
        ];
        let groups = group_by_day(items.iter(), &week(), |x| *x);
        let shape: Vec<(GroupKey, Vec<&str>)> = groups
            .iter()
            .map(|(k, v)| (*k, v.iter().map(|x| x.id.as_str()).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (GroupKey::BeforeWeek, vec!["early-before", "late-before"]),
                (GroupKey::Day(d(5, 25)), vec!["range", "straddle"]),
                (GroupKey::Day(d(5, 26)), vec!["range"]),
                (GroupKey::Day(d(5, 27)), vec!["range"]),
                (GroupKey::Undated, vec!["undated"]),
            ]
        );
    }
}
