//! "My week": the sessions a parent bookmarked, and how they read day by day.
//!
//! [`Plan`] is a list of session ids, each with what its session was when last seen
//! ([`Remembered`]: title and dates). It does not depend on the dataset, so a bookmark whose
//! session disappeared in a later import is kept (and shown as no longer listed by
//! [`plan_view`], under its remembered title) instead of being dropped.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub use crate::session_id::{SessionId, MAX_ID_LEN};

use chrono::NaiveDate;

use crate::days::{self, GroupKey};
use crate::model::{BaseContact, Dataset, Session};

mod change;
pub use change::Change;

/// What a bookmarked session was, kept with its id so that the bookmark still says what it
/// was after the session left the dataset.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Remembered {
    pub title: String,
    /// First and last day, inclusive; `None` for a session whose time was not fixed.
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl Remembered {
    /// What `s` is now.
    pub fn of(s: &Session) -> Remembered {
        Remembered {
            title: s.title.clone(),
            start: s.start,
            end: s.end,
        }
    }

    /// The dates as a parent reads them: `5月25日`, `5月25日–5月27日`, or `时间未定`.
    pub fn dates_label(&self) -> String {
        days::dates_label(self.start, self.end)
    }
}

/// One bookmark taken out of a plan by [`Plan::take`], with what [`Plan::restore`] needs to
/// put it back where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    pub id: SessionId,
    /// Its position in the plan's order.
    pub at: usize,
    pub about: Option<Remembered>,
}

/// Bookmarked session ids, in the order they were added, without duplicates, each with what
/// its session was when last seen, when known (a plan read from a link or an older stored
/// format knows only ids until [`Plan::describe_from`] sees the dataset).
///
/// Invariants: the ids are distinct; `about` runs alongside `ids` (the same
/// length, `about[i]` is what is known of `ids[i]`: a second vector, not a map, keeps a
/// second hash table's code out of the wasm). Methods that add ids ignore invalid ones, and
/// deserializing (a JSON array of ids) drops invalid ids and duplicates. Serde reads and
/// writes the ids only (the `plan=` link's content); the stored format, with titles, is
/// `crate::storage`'s.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct Plan {
    ids: Vec<SessionId>,
    about: Vec<Option<Remembered>>,
}

impl From<Vec<String>> for Plan {
    /// Keeps the first occurrence of each valid id, in order.
    fn from(ids: Vec<String>) -> Self {
        let mut plan = Plan::default();
        plan.merge(&ids);
        plan
    }
}

impl From<Plan> for Vec<String> {
    fn from(plan: Plan) -> Self {
        plan.ids.into_iter().map(String::from).collect()
    }
}

impl FromIterator<(String, Option<Remembered>)> for Plan {
    /// Keeps the first occurrence of each valid id, in order, with what is known of it.
    fn from_iter<I: IntoIterator<Item = (String, Option<Remembered>)>>(items: I) -> Self {
        let mut plan = Plan::default();
        plan.extend(
            (items.into_iter())
                .filter_map(|(id, about)| Some((SessionId::from_string(id)?, about))),
        );
        plan
    }
}

impl Plan {
    pub fn contains(&self, id: &str) -> bool {
        self.ids.iter().any(|x| x == id)
    }

    /// Appends `id`; returns `true` when it was added (`false`: already there, or invalid).
    pub fn add(&mut self, id: &str) -> bool {
        let Some(id) = SessionId::parse(id).filter(|id| !self.contains(id)) else {
            return false;
        };
        self.ids.push(id);
        self.about.push(None);
        true
    }

    /// Removes `id`; returns `true` when it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        self.take(id).is_some()
    }

    /// Removes `id` and returns what [`Plan::restore`] needs to undo it.
    pub fn take(&mut self, id: &str) -> Option<Removed> {
        let at = self.ids.iter().position(|x| x == id)?;
        let id = self.ids.remove(at);
        let about = self.about.remove(at);
        Some(Removed { id, at, about })
    }

    /// Puts back a bookmark [`Plan::take`] removed, at its old position (or last, when the
    /// plan has become shorter since); returns `false` when it is already there again.
    pub fn restore(&mut self, removed: Removed) -> bool {
        if self.contains(&removed.id) {
            return false;
        }
        let at = removed.at.min(self.ids.len());
        self.ids.insert(at, removed.id);
        self.about.insert(at, removed.about);
        true
    }

    /// What the session of `id` was when last seen, if known.
    pub fn about(&self, id: &str) -> Option<&Remembered> {
        let at = self.ids.iter().position(|x| x == id)?;
        self.about[at].as_ref()
    }

    /// Each id with what is known of it, in plan order (what the storage module writes).
    pub fn entries(&self) -> impl Iterator<Item = (&str, Option<&Remembered>)> + '_ {
        self.ids
            .iter()
            .zip(&self.about)
            .map(|(id, about)| (id.as_str(), about.as_ref()))
    }

    /// Remembers, for each bookmark whose session is in `ds`, what that session is now;
    /// bookmarks not in `ds` keep what they had. Returns whether anything changed (so the
    /// caller saves only then). One pass over the dataset.
    pub fn describe_from(&mut self, ds: &Dataset) -> bool {
        let at = positions(ds, &self.ids);
        let mut changed = false;
        for (id, about) in self.ids.iter().zip(self.about.iter_mut()) {
            let Some(&i) = at.get(id.as_str()) else {
                continue;
            };
            let now = Remembered::of(&ds.sessions[i]);
            if about.as_ref() != Some(&now) {
                *about = Some(now);
                changed = true;
            }
        }
        changed
    }

    /// True when a bookmark whose session is in `ds` has nothing remembered of it yet (added by
    /// a star, a link, or read from the ids-only format): the one case in which learning
    /// titles is worth a write of its own. Titles that merely differ (another tab's dataset,
    /// a correction) are not: they are written with the next real change.
    pub fn lacks_description(&self, ds: &Dataset) -> bool {
        let undescribed: Vec<String> = self
            .entries()
            .filter(|(_, about)| about.is_none())
            .map(|(id, _)| id.to_string())
            .collect();
        !undescribed.is_empty() && !positions(ds, &undescribed).is_empty()
    }

    /// Adds the bookmarks of `other` that are not in the plan yet, in its order and with what
    /// it knows of them; returns how many were added. The undo of [`Plan::clear`], which keeps
    /// what was added since.
    pub fn merge_plan(&mut self, other: &Plan) -> usize {
        self.extend(other.ids.iter().cloned().zip(other.about.iter().cloned()))
    }

    /// Appends the valid ids of `ids` that are not in the plan yet, in their order (e.g. a
    /// shared link opened on a phone that already has bookmarks); returns how many were added.
    ///
    /// (To undo [`Plan::clear`] with the remembered titles, see [`Plan::merge_plan`].)
    pub fn merge<S: AsRef<str>>(&mut self, ids: &[S]) -> usize {
        self.extend(
            ids.iter()
                .filter_map(|id| Some((SessionId::parse(id.as_ref())?, None))),
        )
    }

    /// Appends each id of `items` not in the plan yet, with what is known of it; returns how
    /// many were added. Linear in the plan's and `items`' lengths.
    fn extend(
        &mut self,
        items: impl IntoIterator<Item = (SessionId, Option<Remembered>)>,
    ) -> usize {
        let mut seen: HashSet<SessionId> = self.ids.iter().cloned().collect();
        let before = self.ids.len();
        for (id, about) in items {
            if seen.insert(id.clone()) {
                self.ids.push(id);
                self.about.push(about);
            }
        }
        self.ids.len() - before
    }

    /// Empties the plan and returns what it held, for an undo.
    pub fn clear(&mut self) -> Plan {
        std::mem::take(self)
    }

    pub fn ids(&self) -> &[SessionId] {
        &self.ids
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The plan split for calendar export: the dataset indices of bookmarked sessions a calendar
/// can hold (dated), and of those it cannot (undated), each in bookmark order. Bookmarks no
/// longer in the dataset are in neither.
pub fn calendar_split<S: AsRef<str>>(ds: &Dataset, ids: &[S]) -> (Vec<usize>, Vec<usize>) {
    let at = positions(ds, ids);
    ids.iter()
        .filter_map(|id| at.get(id.as_ref()).copied())
        .partition(|&i| ds.sessions[i].start.is_some())
}

/// Where each of `ids` is in `ds.sessions` (the first session with that id), found in one pass
/// over the dataset whatever the number of bookmarks. Ids not in the dataset are absent.
fn positions<'a, S: AsRef<str>>(ds: &Dataset, ids: &'a [S]) -> HashMap<&'a str, usize> {
    let wanted: HashMap<&str, &'a str> = ids.iter().map(|id| (id.as_ref(), id.as_ref())).collect();
    let mut at = HashMap::with_capacity(wanted.len());
    for (i, s) in ds.sessions.iter().enumerate() {
        if let Some(&id) = wanted.get(s.id.as_str()) {
            at.entry(id).or_insert(i);
        }
    }
    at
}

/// A plan laid out for display.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanView {
    /// Groups in display order (see [`days::group_by_day`]): `BeforeWeek` first, then each day
    /// in date order, `Undated` last. A multi-day session is listed under every day it covers.
    pub days: Vec<PlanDay>,
    /// Bookmarked ids with no session in the dataset, in plan order. They stay in the plan (a
    /// later dataset may list them again); the UI shows them as no longer listed.
    pub missing: Vec<String>,
}

impl PlanView {
    /// How many cards the plan lists (a multi-day session once per day it covers).
    pub fn row_count(&self) -> usize {
        self.days.iter().map(|d| d.sessions.len()).sum()
    }

    /// The plan cut to its first `limit` cards, in display order, for a list that is shown a
    /// page at a time: a day cut short keeps its heading and its place warning (which is
    /// about the whole day) and only the reminders of the sessions shown. `missing` is kept.
    pub fn first_rows(&self, limit: usize) -> PlanView {
        let mut left = limit;
        let mut days = Vec::new();
        for day in &self.days {
            if left == 0 {
                break;
            }
            let take = day.sessions.len().min(left);
            left -= take;
            let sessions = day.sessions[..take].to_vec();
            let bookings = day
                .bookings
                .iter()
                .filter(|b| sessions.contains(&b.session))
                .cloned()
                .collect();
            days.push(PlanDay {
                key: day.key,
                sessions,
                conflict: day.conflict.clone(),
                bookings,
            });
        }
        PlanView {
            days,
            missing: self.missing.clone(),
        }
    }
}

/// One group of the plan: a day, or the sessions before the week, or the undated ones.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanDay {
    pub key: GroupKey,
    /// Indices into `Dataset::sessions`, in dataset order (the notice's order); for
    /// `BeforeWeek`, by start date.
    pub sessions: Vec<usize>,
    /// `Some(places)` when the sessions fixed to this day are at two or more different places:
    /// the distinct places (trimmed), in the order of `sessions`.
    ///
    /// Only single-day sessions count: a multi-day session (a venue open all week) can be
    /// visited on another of its days, so it never makes a day conflict; otherwise every day
    /// of a plan holding one such venue would be flagged. Always `None` for `BeforeWeek` and
    /// `Undated`, whose sessions are not on one common day.
    pub conflict: Option<Vec<String>>,
    /// A reminder for each session of this group that has a note (e.g. 其他时间预约开放 or
    /// 时间未定), in the order of `sessions`. A multi-day session's reminder is repeated under
    /// each of its days, like the session itself.
    pub bookings: Vec<Booking>,
}

/// A reminder to call ahead: a session's note plus whom to call.
#[derive(Clone, Debug, PartialEq)]
pub struct Booking {
    /// Index into `Dataset::sessions`.
    pub session: usize,
    /// The session's note, verbatim.
    pub note: String,
    /// The base's name (who answers the phone).
    pub base_name: String,
    /// The base's contacts with their phones (empty when the base is not in the dataset).
    /// Build tap-to-call links with [`crate::links::tel_href`].
    pub contacts: Vec<BaseContact>,
}

/// Lays out the bookmarked `ids` against the dataset. Duplicate ids are listed once.
pub fn plan_view<S: AsRef<str>>(ds: &Dataset, ids: &[S]) -> PlanView {
    let mut listed = vec![false; ds.sessions.len()];
    let mut missing = Vec::new();
    let mut seen = HashSet::new();
    let at = positions(ds, ids);
    for id in ids.iter().map(AsRef::as_ref) {
        if !seen.insert(id) {
            continue;
        }
        match at.get(id) {
            Some(&i) => listed[i] = true,
            None => missing.push(id.to_owned()),
        }
    }
    // In dataset order, the order the week lists them in: no sort needed.
    let indices: Vec<usize> = (0..listed.len()).filter(|&i| listed[i]).collect();

    let days = days::group_by_day(indices, &ds.week, |i| &ds.sessions[*i])
        .into_iter()
        .map(|(key, sessions)| PlanDay {
            key,
            conflict: conflict(ds, key, &sessions),
            bookings: bookings(ds, &sessions),
            sessions,
        })
        .collect();
    PlanView { days, missing }
}

fn conflict(ds: &Dataset, key: GroupKey, sessions: &[usize]) -> Option<Vec<String>> {
    if !matches!(key, GroupKey::Day(_)) {
        return None;
    }
    let mut places: Vec<String> = Vec::new();
    for s in sessions.iter().map(|i| &ds.sessions[*i]) {
        let place = s.place.trim();
        if !s.is_multi_day() && !places.iter().any(|p| p == place) {
            places.push(place.to_string());
        }
    }
    (places.len() > 1).then_some(places)
}

fn bookings(ds: &Dataset, sessions: &[usize]) -> Vec<Booking> {
    sessions
        .iter()
        .filter_map(|&i| {
            let s = &ds.sessions[i];
            let note = s.note.as_deref().map(str::trim).filter(|n| !n.is_empty())?;
            let base = ds.base(&s.base);
            Some(Booking {
                session: i,
                note: note.to_string(),
                base_name: base.map(|b| b.name.clone()).unwrap_or_default(),
                contacts: base.map(|b| b.contacts.clone()).unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Base, Session};
    use crate::testing::d;
    use crate::testing::fixtures::empty_week;

    fn ids(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    fn base(id: &str, name: &str, phones: &[&str]) -> Base {
        Base {
            id: id.into(),
            number: 1,
            name: name.into(),
            category: "场馆类".into(),
            address: format!("{name}地址"),
            contacts: vec![BaseContact {
                name: "联系人".into(),
                phones: phones.iter().map(|p| p.to_string()).collect(),
            }],
            schedule_text: String::new(),
            row: Vec::new(),
        }
    }

    fn session(
        id: &str,
        base: &str,
        dates: Option<(NaiveDate, NaiveDate)>,
        place: &str,
        note: Option<&str>,
    ) -> Session {
        Session {
            id: id.into(),
            base: base.into(),
            title: format!("活动{id}"),
            start: dates.map(|x| x.0),
            end: dates.map(|x| x.1),
            place: place.into(),
            at_base: false,
            note: note.map(Into::into),
            source: String::new(),
        }
    }

    fn dataset(sessions: Vec<Session>) -> Dataset {
        Dataset {
            bases: vec![
                base("ba", "气象科普馆", &["17783199721"]),
                base("bb", "星辉视光", &["13527497003", "023-65039382"]),
            ],
            sessions,
            ..empty_week()
        }
    }

    #[test]
    fn add_remove_keep_order_without_duplicates() {
        let mut p = Plan::default();
        assert!(p.is_empty());
        assert!(p.add("s3"));
        assert!(p.add("s1"));
        assert!(!p.add("s3"));
        assert!(p.add("s2"));
        assert_eq!(p.ids(), ids(&["s3", "s1", "s2"]).as_slice());
        assert!(p.remove("s1"));
        assert!(!p.contains("s1"));
        assert!(p.contains("s2"));
        assert!(p.add("s1"));
        assert_eq!(p.ids(), ids(&["s3", "s2", "s1"]).as_slice());
        assert!(p.remove("s3"));
        assert!(!p.remove("s3"));
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn invalid_ids_are_never_added() {
        let mut p = Plan::default();
        assert!(!p.add("S1"));
        assert!(!p.add("a,b"));
        assert!(!p.add(""));
        assert!(p.is_empty());
    }

    #[test]
    fn merge_counts_only_new_valid_ids() {
        let mut p = Plan::from(ids(&["s1", "s2"]));
        let added = p.merge(&ids(&["s2", "s3", "BAD", "s3", "s4"]));
        assert_eq!(added, 2);
        assert_eq!(p.ids(), ids(&["s1", "s2", "s3", "s4"]).as_slice());
        assert_eq!(p.merge(&[] as &[String]), 0);
    }

    #[test]
    fn clear_returns_the_plan_for_undo() {
        let mut p = Plan::from(ids(&["s1", "s2"]));
        let removed = p.clear();
        assert!(p.is_empty());
        assert_eq!(removed.ids(), ids(&["s1", "s2"]).as_slice());
        p.add("s9");
        assert_eq!(p.merge(removed.ids()), 2);
        assert_eq!(p.ids(), ids(&["s9", "s1", "s2"]).as_slice());
    }

    fn about(title: &str, dates: Option<(NaiveDate, NaiveDate)>) -> Remembered {
        Remembered {
            title: title.into(),
            start: dates.map(|x| x.0),
            end: dates.map(|x| x.1),
        }
    }

    #[test]
    fn take_and_restore_put_a_bookmark_back_in_its_place_with_its_title() {
        let mut p: Plan = [
            ("s1".to_string(), None),
            (
                "s2".to_string(),
                Some(about("二", Some((d(5, 25), d(5, 25))))),
            ),
            ("s3".to_string(), None),
        ]
        .into_iter()
        .collect();
        let removed = p.take("s2").unwrap();
        assert_eq!(removed.at, 1);
        assert_eq!(p.ids(), ids(&["s1", "s3"]).as_slice());
        assert_eq!(p.about("s2"), None);
        assert_eq!(p.take("s2"), None);
        assert!(p.restore(removed.clone()));
        assert_eq!(p.ids(), ids(&["s1", "s2", "s3"]).as_slice());
        assert_eq!(p.about("s2").unwrap().title, "二");
        assert!(!p.restore(removed.clone()), "already back");

        // The plan shrank meanwhile: the bookmark goes last.
        let removed = p.take("s3").unwrap();
        p.remove("s1");
        p.remove("s2");
        assert!(p.restore(removed));
        assert_eq!(p.ids(), ids(&["s3"]).as_slice());
    }

    #[test]
    fn describe_from_remembers_what_each_listed_session_is() {
        let ds = dataset(vec![
            session("s1", "ba", Some((d(5, 25), d(5, 27))), "馆内", None),
            session("s2", "ba", None, "馆内", None),
        ]);
        let mut p = Plan::from(ids(&["s1", "gone", "s2"]));
        p.restore(Removed {
            id: SessionId::parse("old").unwrap(),
            at: 3,
            about: Some(about("已取消的活动", Some((d(5, 20), d(5, 20))))),
        });
        assert!(p.describe_from(&ds));
        assert_eq!(
            p.about("s1"),
            Some(&about("活动s1", Some((d(5, 25), d(5, 27)))))
        );
        assert_eq!(p.about("s2"), Some(&about("活动s2", None)));
        assert_eq!(p.about("gone"), None);
        assert_eq!(p.about("old").unwrap().title, "已取消的活动");
        assert!(!p.describe_from(&ds), "nothing new the second time");
        assert_eq!(p.about("s1").unwrap().dates_label(), "5月25日–5月27日");
        assert_eq!(p.about("old").unwrap().dates_label(), "5月20日");
        assert_eq!(p.about("s2").unwrap().dates_label(), "时间未定");
    }

    #[test]
    fn only_a_bookmark_with_nothing_remembered_asks_for_a_write_not_a_title_that_differs() {
        let ds = dataset(vec![session("s1", "ba", None, "馆内", None)]);
        // Another tab's dataset calls s1 something else: not worth a write of its own.
        let other: Plan = [("s1".to_string(), Some(about("活动s1（更正前）", None)))]
            .into_iter()
            .collect();
        assert!(!other.lacks_description(&ds));
        // A bookmark from the ids-only format or a link: worth one.
        let mut bare = Plan::from(ids(&["s1"]));
        assert!(bare.lacks_description(&ds));
        bare.describe_from(&ds);
        assert!(!bare.lacks_description(&ds));
        // One this dataset does not list cannot be described here: no write either.
        assert!(!Plan::from(ids(&["gone"])).lacks_description(&ds));
    }

    #[test]
    fn merge_plan_undoes_clear_with_titles() {
        let mut p: Plan = [("s1".to_string(), Some(about("一", None)))]
            .into_iter()
            .collect();
        let removed = p.clear();
        p.add("s9");
        assert_eq!(p.merge_plan(&removed), 1);
        assert_eq!(p.ids(), ids(&["s9", "s1"]).as_slice());
        assert_eq!(p.about("s1").unwrap().title, "一");
        let entries: Vec<_> = p.entries().map(|(id, a)| (id, a.is_some())).collect();
        assert_eq!(entries, [("s9", false), ("s1", true)]);
    }

    #[test]
    fn serde_is_a_plain_array_and_normalizes() {
        let p = Plan::from(ids(&["s2", "s1"]));
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"["s2","s1"]"#);
        let back: Plan = serde_json::from_str(r#"["s2","s1","s2","X"]"#).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn calendar_split_separates_dated_and_undated_and_skips_missing() {
        let ds = dataset(vec![
            session("s1", "ba", Some((d(5, 25), d(5, 25))), "p", None),
            session("s2", "ba", None, "p", Some("时间未定")),
            session("s3", "bb", Some((d(5, 25), d(6, 1))), "p", None),
        ]);
        let (dated, undated) = calendar_split(&ds, &ids(&["s3", "gone", "s2", "s1"]));
        assert_eq!(dated, vec![2, 0]);
        assert_eq!(undated, vec![1]);
        assert_eq!(calendar_split(&ds, &[] as &[String]), (vec![], vec![]));
    }

    #[test]
    fn view_groups_by_day_in_date_order_with_missing() {
        let ds = dataset(vec![
            session("s0", "ba", Some((d(5, 21), d(5, 21))), "新牌坊小学", None),
            session("s1", "bb", Some((d(5, 26), d(5, 27))), "星辉视光", None),
            session("s2", "ba", None, "立人小学", Some("立人小学，时间未定")),
            session("s3", "ba", Some((d(5, 31), d(6, 1))), "气象科普馆", None),
            session("s4", "ba", Some((d(5, 25), d(5, 25))), "主会场", None),
        ]);
        let v = plan_view(&ds, &ids(&["s2", "gone", "s3", "s0", "s1", "s4", "s3"]));
        let shape: Vec<(GroupKey, Vec<usize>)> =
            v.days.iter().map(|g| (g.key, g.sessions.clone())).collect();
        assert_eq!(
            shape,
            vec![
                (GroupKey::BeforeWeek, vec![0]),
                (GroupKey::Day(d(5, 25)), vec![4]),
                (GroupKey::Day(d(5, 26)), vec![1]),
                (GroupKey::Day(d(5, 27)), vec![1]),
                (GroupKey::Day(d(5, 31)), vec![3]),
                (GroupKey::Day(d(6, 1)), vec![3]),
                (GroupKey::Undated, vec![2]),
            ]
        );
        assert_eq!(v.missing, ids(&["gone"]));
        let empty = plan_view(&ds, &[] as &[String]);
        assert!(empty.days.is_empty() && empty.missing.is_empty());
    }

    #[test]
    fn conflict_only_between_single_day_sessions_at_different_places() {
        let day = Some((d(5, 25), d(5, 25)));
        let ds = dataset(vec![
            session("s0", "ba", day, "主会场", None),
            session("s1", "bb", day, " 主会场 ", None),
            session("s2", "bb", Some((d(5, 25), d(6, 1))), "星辉视光", None),
            session("s3", "ba", day, "气象科普馆", None),
            session("s4", "ba", Some((d(5, 20), d(5, 20))), "龙山小学", None),
            session("s5", "ba", Some((d(5, 23), d(5, 23))), "重光小学", None),
            session("s6", "ba", None, "甲", None),
            session("s7", "ba", None, "乙", None),
        ]);
        let all: Vec<String> = ds.sessions.iter().map(|s| s.id.clone()).collect();
        let v = plan_view(&ds, &all);
        let of = |k: GroupKey| v.days.iter().find(|g| g.key == k).unwrap();
        assert_eq!(
            of(GroupKey::Day(d(5, 25))).conflict,
            Some(ids(&["主会场", "气象科普馆"]))
        );
        assert_eq!(of(GroupKey::Day(d(5, 26))).conflict, None);
        assert_eq!(of(GroupKey::BeforeWeek).conflict, None);
        assert_eq!(of(GroupKey::Undated).conflict, None);

        let same_place = plan_view(&ds, &ids(&["s0", "s1", "s2"]));
        assert_eq!(same_place.days[0].conflict, None);
    }

    #[test]
    fn first_rows_pages_the_plan_without_losing_a_card() {
        let ds = dataset(vec![
            session(
                "s0",
                "ba",
                Some((d(5, 25), d(5, 26))),
                "气象科普馆",
                Some("需预约"),
            ),
            session("s1", "bb", Some((d(5, 25), d(5, 25))), "星辉视光", None),
            session("s2", "bb", Some((d(5, 25), d(5, 25))), "某处", Some("预约")),
            session("s3", "zz", None, "某处", None),
        ]);
        let v = plan_view(&ds, &ids(&["s3", "s2", "s1", "s0", "gone"]));
        assert_eq!(v.row_count(), 5);
        let cards = |p: &PlanView| -> Vec<(GroupKey, usize)> {
            p.days
                .iter()
                .flat_map(|day| day.sessions.iter().map(move |i| (day.key, *i)))
                .collect()
        };
        let all = cards(&v);
        for limit in 0..=6 {
            let page = v.first_rows(limit);
            assert_eq!(
                cards(&page),
                all[..limit.min(all.len())].to_vec(),
                "limit {limit}"
            );
            assert_eq!(page.missing, vec!["gone".to_string()]);
            for day in &page.days {
                assert!(!day.sessions.is_empty());
                assert!(day
                    .bookings
                    .iter()
                    .all(|b| day.sessions.contains(&b.session)));
            }
        }
        // 5.25 cut after two cards keeps the whole day's place warning, and only the
        // reminder of the shown session.
        let page = v.first_rows(2);
        assert_eq!(page.days[0].sessions, vec![0, 1]);
        assert_eq!(page.days[0].conflict, v.days[0].conflict);
        assert_eq!(page.days[0].bookings.len(), 1);
        assert_eq!(v.first_rows(usize::MAX), v);
    }

    #[test]
    fn many_bookmarks_are_found_by_id() {
        let sessions: Vec<Session> = (0..3000)
            .map(|n| {
                session(
                    &format!("s{n}"),
                    "ba",
                    Some((d(5, 25), d(5, 25))),
                    "馆",
                    None,
                )
            })
            .collect();
        let ds = dataset(sessions);
        let wanted: Vec<String> = (0..3000)
            .rev()
            .step_by(3)
            .map(|n| format!("s{n}"))
            .collect();
        let v = plan_view(&ds, &wanted);
        assert_eq!(v.row_count(), 1000);
        assert!(v.missing.is_empty());
        let (dated, undated) = calendar_split(&ds, &wanted);
        assert_eq!(dated.len(), 1000);
        assert!(undated.is_empty());
        assert_eq!(dated[0], 2999, "bookmark order is kept");
    }

    #[test]
    fn bookings_carry_note_and_phones() {
        let ds = dataset(vec![
            session(
                "s0",
                "ba",
                Some((d(5, 31), d(5, 31))),
                "气象科普馆",
                Some("其他时间预约开放"),
            ),
            session("s1", "bb", Some((d(5, 31), d(5, 31))), "星辉视光", None),
            session(
                "s2",
                "zz",
                Some((d(5, 31), d(5, 31))),
                "某处",
                Some(" 需预约 "),
            ),
            session(
                "s3",
                "bb",
                Some((d(5, 31), d(5, 31))),
                "星辉视光",
                Some("  "),
            ),
        ]);
        let v = plan_view(&ds, &ids(&["s1", "s0", "s2", "s3"]));
        assert_eq!(v.days.len(), 1);
        let b = &v.days[0].bookings;
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].session, 0);
        assert_eq!(b[0].note, "其他时间预约开放");
        assert_eq!(b[0].base_name, "气象科普馆");
        assert_eq!(b[0].contacts[0].phones, ids(&["17783199721"]));
        assert_eq!(b[1].session, 2);
        assert_eq!(b[1].note, "需预约");
        assert!(b[1].contacts.is_empty());
        assert_eq!(b[1].base_name, "");
    }
}
