//! The URL is the state: what the home list shows (search, day, category), which page is
//! open (a base, the notice, the week plan) and a shared plan, all in the query string.
//!
//! This is a contract: links shared today must keep working, so parameter names and value
//! formats never change ([`Param::name`], [`View::name`], dates as `YYYY-MM-DD`, `tbd`).
//! Reading is tolerant: whatever a link carries, [`UrlView::from_query`] returns a usable
//! state and a list of [`UrlProblem`]s to tell the parent what was ignored.

use crate::browse::{DateFilter, Filter};
use crate::model::Dataset;
use crate::search::{Query, MAX_QUERY_CHARS};
use crate::session_id::{has_id_shape, SessionId};
use thiserror::Error;

/// The query parameters, the only place their names are spelled out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Param {
    /// The search text, as typed.
    Q,
    /// A day (`2024-05-25`) or `tbd` for sessions whose time is not fixed.
    Date,
    /// A base category, e.g. 场馆类.
    Cat,
    /// A base id: that base's page is open.
    Base,
    /// `notice` or `week`; absent for the list.
    View,
    /// Session ids joined by `,`: a shared plan.
    Plan,
}

impl Param {
    /// Every parameter, in the canonical order [`UrlState::to_query`] writes them.
    pub const ALL: [Param; 6] = [
        Param::Q,
        Param::Date,
        Param::Cat,
        Param::Base,
        Param::View,
        Param::Plan,
    ];

    /// The name in the URL. Never change one: shared links use them.
    pub const fn name(self) -> &'static str {
        match self {
            Param::Q => "q",
            Param::Date => "date",
            Param::Cat => "cat",
            Param::Base => "base",
            Param::View => "view",
            Param::Plan => "plan",
        }
    }

    /// The parameter called `name` (exactly, case-sensitive), if any.
    pub fn from_name(name: &str) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The page shown besides a base's page or a shared plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    /// The home list (no `view` parameter).
    #[default]
    List,
    /// The notice's full text.
    Notice,
    /// The parent's own week plan.
    Week,
}

impl View {
    /// The value of the `view` parameter; `None` for the list, which is written as absent.
    pub const fn name(self) -> Option<&'static str> {
        match self {
            View::List => None,
            View::Notice => Some("notice"),
            View::Week => Some("week"),
        }
    }

    /// The view a `view` parameter names: a [`View::name`], or `list` (which links may spell
    /// out although it is written as absent).
    fn named(value: &str) -> Option<View> {
        [View::List, View::Notice, View::Week]
            .into_iter()
            .find(|v| v.name().unwrap_or("list") == value)
    }
}

/// Something in a link that could not be used, and what was shown instead. `Display` is the
/// message for the parent, in Chinese; it quotes the offending value as plain text, held
/// already shortened (at most 20 chars, [`is_hidden`] chars dropped).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum UrlProblem {
    /// `q` was longer than [`MAX_QUERY_CHARS`] chars (`chars` in all) and was cut.
    #[error("链接里的搜索词太长（{chars} 个字），只保留了前 {MAX_QUERY_CHARS} 个字")]
    QueryTooLong { chars: usize },
    /// `date` is neither a real `YYYY-MM-DD` day nor `tbd`, `undated` or `all`.
    #[error("链接里的日期「{0}」无法识别，已显示全部日期")]
    BadDate(String),
    /// `base` is not of the shape of an id.
    #[error("链接里的科普基地编号「{0}」无法识别，已显示活动列表")]
    BadBaseId(String),
    /// `base` has the shape of an id but names no base of the dataset.
    #[error("链接里的科普基地「{0}」在当前活动安排里不存在，已显示活动列表")]
    UnknownBase(String),
    /// `cat` names a category no base has.
    #[error("链接里的基地类型「{0}」不存在，已显示全部类型")]
    UnknownCategory(String),
    /// `view` names no [`View`].
    #[error("链接里的页面「{0}」无法识别，已显示活动列表")]
    UnknownView(String),
    /// `plan` holds `count` distinct items that are not ids, `quoted` joined by `、`.
    #[error("链接里的行程有 {count} 个活动编号无法识别（「{quoted}」），已忽略")]
    BadPlanIds { count: usize, quoted: String },
    /// `plan` holds more than [`MAX_PLAN_IDS`] distinct ids; the rest were left out.
    #[error("链接里的行程超过 {MAX_PLAN_IDS} 个活动，只读取了前 {MAX_PLAN_IDS} 个")]
    PlanTooManyIds,
    /// `plan` holds more than [`MAX_PLAN_ITEMS`] items; the rest were not looked at.
    #[error("链接里的行程太长，只读取了前 {MAX_PLAN_ITEMS} 项")]
    PlanTooLong,
}

impl UrlProblem {
    /// The parameter whose value could not be used.
    pub fn param(&self) -> Param {
        match self {
            UrlProblem::QueryTooLong { .. } => Param::Q,
            UrlProblem::BadDate(_) => Param::Date,
            UrlProblem::BadBaseId(_) | UrlProblem::UnknownBase(_) => Param::Base,
            UrlProblem::UnknownCategory(_) => Param::Cat,
            UrlProblem::UnknownView(_) => Param::View,
            UrlProblem::BadPlanIds { .. }
            | UrlProblem::PlanTooManyIds
            | UrlProblem::PlanTooLong => Param::Plan,
        }
    }
}

/// The value of `date` for undated sessions (`undated` is read too).
const UNDATED: &str = "tbd";

/// At most this many ids are read from `plan` (a URL of about 2,000 chars holds ~200).
pub const MAX_PLAN_IDS: usize = 200;

/// At most this many items of `plan` are looked at, ids or not: a link the app wrote holds
/// [`MAX_PLAN_IDS`] at most, and whatever else a link holds costs no more than this.
pub const MAX_PLAN_ITEMS: usize = 5 * MAX_PLAN_IDS;

/// Everything the URL says. The default is the home list with no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlState {
    /// The search text exactly as typed (not trimmed, so typing a space between words
    /// survives the round trip through the URL); empty when absent.
    pub q: String,
    pub date: DateFilter,
    pub cat: Option<String>,
    pub base: Option<String>,
    pub view: View,
    /// A shared plan's session ids, valid, distinct, in order; never `Some` of an empty list
    /// when read from a URL.
    pub plan: Option<Vec<SessionId>>,
}

impl UrlState {
    /// What the home list is filtered by (search, day, category).
    pub fn filter(&self) -> Filter {
        Filter {
            query: Query::parse(&self.q),
            date: self.date,
            category: self.cat.clone(),
        }
    }

    /// Checks what only the dataset can tell: drops a base id that names no base and a
    /// category no base has, each with a [`UrlProblem`]. (Plan ids are kept: a plan shows
    /// sessions that left the dataset as such, see [`crate::plan`].)
    pub fn validate(&mut self, ds: &Dataset) -> Vec<UrlProblem> {
        let mut problems = Vec::new();
        if let Some(id) = &self.base {
            if ds.base(id).is_none() {
                problems.push(UrlProblem::UnknownBase(shown(id)));
                self.base = None;
            }
        }
        if let Some(cat) = &self.cat {
            if !ds.categories().contains(&cat.as_str()) {
                problems.push(UrlProblem::UnknownCategory(shown(cat)));
                self.cat = None;
            }
        }
        problems
    }

    /// The canonical query string: parameters in [`Param::ALL`] order, defaults omitted,
    /// percent-encoded (spaces as `+`, plan ids joined by a plain `,`), with a leading `?`;
    /// empty when everything is default. `q` is cut to [`MAX_QUERY_CHARS`] chars and an
    /// empty plan is omitted, so `UrlView::from_query(&s.to_query())` gives back `s` for
    /// every state it could have read.
    pub fn to_query(&self) -> String {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            let q: String = self.q.chars().take(MAX_QUERY_CHARS).collect();
            ser.append_pair(Param::Q.name(), &q);
        }
        match self.date {
            DateFilter::All => {}
            DateFilter::Day(d) => {
                ser.append_pair(Param::Date.name(), &d.to_string());
            }
            DateFilter::Undated => {
                ser.append_pair(Param::Date.name(), UNDATED);
            }
        }
        if let Some(cat) = self.cat.as_deref().filter(|c| !c.is_empty()) {
            ser.append_pair(Param::Cat.name(), cat);
        }
        if let Some(base) = self.base.as_deref().filter(|b| !b.is_empty()) {
            ser.append_pair(Param::Base.name(), base);
        }
        if let Some(view) = self.view.name() {
            ser.append_pair(Param::View.name(), view);
        }
        let mut out = ser.finish();
        if let Some(ids) = self.plan.as_ref().filter(|ids| !ids.is_empty()) {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(Param::Plan.name());
            out.push('=');
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.extend(form_urlencoded::byte_serialize(id.as_bytes()));
            }
        }
        if out.is_empty() {
            out
        } else {
            format!("?{out}")
        }
    }
}

/// What a link says: the state read from it, and what in it could not be used (the
/// default is an empty link: the home list, nothing to report).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlView {
    pub state: UrlState,
    /// In the order found: the parameters' as they come in the link, then
    /// [`UrlView::validate`]'s.
    pub problems: Vec<UrlProblem>,
}

impl UrlView {
    /// Reads a raw query string, with or without its leading `?`, percent-decoding it (`+` is
    /// a space; invalid UTF-8 becomes U+FFFD). Never fails:
    /// - unknown parameters are ignored, and so are empty values;
    /// - when a parameter is repeated, its first non-empty value wins;
    /// - a value that cannot be used is dropped (its default is used) with a [`UrlProblem`];
    /// - `q` is cut to [`MAX_QUERY_CHARS`] chars, `plan` to [`MAX_PLAN_IDS`] ids, invalid or
    ///   repeated plan ids are dropped.
    ///
    /// Base ids and categories are only checked for shape here; see [`UrlView::validate`].
    pub fn from_query(query: &str) -> UrlView {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut state = UrlState::default();
        let mut problems: Vec<UrlProblem> = Vec::new();
        let mut seen: Vec<Param> = Vec::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let Some(param) = Param::from_name(&key) else {
                continue;
            };
            if value.is_empty() || seen.contains(&param) {
                continue;
            }
            seen.push(param);
            let mut problem = |problem: UrlProblem| problems.push(problem);
            match param {
                Param::Q => {
                    let chars = value.chars().count();
                    state.q = value.chars().take(MAX_QUERY_CHARS).collect();
                    if chars > MAX_QUERY_CHARS {
                        problem(UrlProblem::QueryTooLong { chars });
                    }
                }
                Param::Date => match parse_date(&value) {
                    Some(date) => state.date = date,
                    None => problem(UrlProblem::BadDate(shown(&value))),
                },
                Param::Cat => state.cat = Some(value.into_owned()),
                Param::Base => {
                    if has_id_shape(&value) {
                        state.base = Some(value.into_owned());
                    } else {
                        problem(UrlProblem::BadBaseId(shown(&value)));
                    }
                }
                Param::View => match View::named(value.as_ref()) {
                    Some(view) => state.view = view,
                    None => problem(UrlProblem::UnknownView(shown(&value))),
                },
                Param::Plan => {
                    let read = PlanRead::from(value.as_ref());
                    if !read.bad.is_empty() {
                        problem(UrlProblem::BadPlanIds {
                            count: read.bad.len(),
                            quoted: shown(&read.bad.join("、")),
                        });
                    }
                    if read.cut {
                        problem(UrlProblem::PlanTooManyIds);
                    } else if read.unread {
                        problem(UrlProblem::PlanTooLong);
                    }
                    if !read.ids.is_empty() {
                        state.plan = Some(read.ids);
                    }
                }
            }
        }
        UrlView { state, problems }
    }

    /// Checks the state against the dataset ([`UrlState::validate`]), adding what it
    /// dropped to the problems.
    pub fn validate(&mut self, ds: &Dataset) {
        let problems = self.state.validate(ds);
        self.problems.extend(problems);
    }
}

/// `YYYY-MM-DD` (a real date) → that day; `tbd` or `undated` → undated; `all` → all.
fn parse_date(value: &str) -> Option<DateFilter> {
    match value {
        UNDATED | "undated" => Some(DateFilter::Undated),
        "all" => Some(DateFilter::All),
        _ => crate::model::parse_iso_date(value).map(DateFilter::Day),
    }
}

/// What a `plan` value holds, read in one pass over at most [`MAX_PLAN_ITEMS`] items (spaces
/// around ids and empty items are ignored).
#[derive(Debug, Default, PartialEq)]
struct PlanRead {
    /// The valid, distinct ids, in order, at most [`MAX_PLAN_IDS`].
    ids: Vec<SessionId>,
    /// The distinct items that are not ids, in order.
    bad: Vec<String>,
    /// A valid id beyond the first [`MAX_PLAN_IDS`] distinct ones was left out.
    cut: bool,
    /// Items beyond the first [`MAX_PLAN_ITEMS`] were not looked at.
    unread: bool,
}

impl From<&str> for PlanRead {
    fn from(value: &str) -> Self {
        use std::collections::HashSet;
        let mut read = PlanRead::default();
        let mut seen: HashSet<&str> = HashSet::new();
        let mut items = value.split(',').map(str::trim).filter(|id| !id.is_empty());
        for id in items.by_ref().take(MAX_PLAN_ITEMS) {
            if !seen.insert(id) {
                continue;
            }
            match SessionId::parse(id) {
                None => read.bad.push(id.to_string()),
                Some(_) if read.ids.len() == MAX_PLAN_IDS => {
                    read.cut = true;
                    return read;
                }
                Some(id) => read.ids.push(id),
            }
        }
        read.unread = items.next().is_some();
        read
    }
}

/// True for a character that changes how the text around it is shown rather than being
/// shown: a control character, or a bidirectional control (embeddings and overrides
/// U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E and U+200F), which could make a
/// link's text in a message or a tab title read backwards or swallow what follows it.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `text` without its [`is_hidden`] characters: what a URL may put into a message or a title.
pub fn shown_text(text: &str) -> String {
    text.chars().filter(|&c| !is_hidden(c)).collect()
}

/// A value quoted in a message: at most 20 chars, [`is_hidden`] chars dropped.
fn shown(value: &str) -> String {
    const MAX: usize = 20;
    let clean: Vec<char> = value.chars().filter(|&c| !is_hidden(c)).collect();
    if clean.len() > MAX {
        clean[..MAX].iter().chain(['…'].iter()).collect()
    } else {
        clean.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixtures::dataset;
    use crate::testing::{d, ids};
    use chrono::NaiveDate;

    fn read(query: &str) -> UrlView {
        UrlView::from_query(query)
    }

    /// The state read from `query`, asserting that nothing was reported.
    fn clean(query: &str) -> UrlState {
        let UrlView { state, problems } = read(query);
        assert_eq!(problems, [], "{query}");
        state
    }

    #[test]
    fn parameter_names_never_change() {
        // A contract: links shared today use exactly these names and values.
        let names: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
        assert_eq!(names, ["q", "date", "cat", "base", "view", "plan"]);
        assert_eq!(Param::Q.name(), "q");
        assert_eq!(Param::Date.name(), "date");
        assert_eq!(Param::Cat.name(), "cat");
        assert_eq!(Param::Base.name(), "base");
        assert_eq!(Param::View.name(), "view");
        assert_eq!(Param::Plan.name(), "plan");
        assert_eq!(View::List.name(), None);
        assert_eq!(View::Notice.name(), Some("notice"));
        assert_eq!(View::Week.name(), Some("week"));
        for p in Param::ALL {
            assert_eq!(Param::from_name(p.name()), Some(p));
        }
        assert_eq!(Param::from_name("Q"), None);
    }

    #[test]
    fn a_full_state_is_written_canonically() {
        let state = UrlState {
            q: "航空 AI".into(),
            date: DateFilter::Day(d(5, 25)),
            cat: Some("场馆类".into()),
            base: Some("b1a2b3c4d".into()),
            view: View::Week,
            plan: Some(ids(&["s1", "s2"])),
        };
        let query = state.to_query();
        assert_eq!(
            query,
            "?q=%E8%88%AA%E7%A9%BA+AI&date=2024-05-25&cat=%E5%9C%BA%E9%A6%86%E7%B1%BB\
             &base=b1a2b3c4d&view=week&plan=s1,s2"
        );
        assert_eq!(clean(&query), state);
        // The same link with parameters in another order, without `?`, or with %20.
        assert_eq!(
            clean("plan=s1,s2&view=week&base=b1a2b3c4d&cat=场馆类&date=2024-05-25&q=航空%20AI"),
            state
        );
        assert_eq!(UrlState::default().to_query(), "");
        assert_eq!(clean(""), UrlState::default());
        assert_eq!(clean("?"), UrlState::default());
        let undated = UrlState {
            date: DateFilter::Undated,
            ..UrlState::default()
        };
        assert_eq!(undated.to_query(), "?date=tbd");
        let notice = UrlState {
            view: View::Notice,
            ..UrlState::default()
        };
        assert_eq!(notice.to_query(), "?view=notice");
    }

    #[test]
    fn unknown_parameters_are_ignored() {
        let state = clean("?utm_source=wechat&from=singlemessage&q=气象&isappinstalled=0");
        assert_eq!(
            state,
            UrlState {
                q: "气象".into(),
                ..UrlState::default()
            }
        );
        assert_eq!(clean("Q=x&DATE=2024-05-25"), UrlState::default());
    }

    #[test]
    fn bad_dates_show_all_days() {
        for bad in ["2024-13-45", "foo", "2024-02-30", "5.25", "2024-05-25x"] {
            let UrlView { state, problems } = read(&format!("date={bad}"));
            assert_eq!(state.date, DateFilter::All, "{bad}");
            assert_eq!(problems.len(), 1, "{bad}");
            assert_eq!(problems[0].param(), Param::Date);
            assert!(problems[0].to_string().contains(bad), "{}", problems[0]);
        }
        assert_eq!(
            read("date=2024-13-45").problems[0].to_string(),
            "链接里的日期「2024-13-45」无法识别，已显示全部日期"
        );
        assert_eq!(clean("date=tbd").date, DateFilter::Undated);
        assert_eq!(clean("date=undated").date, DateFilter::Undated);
        assert_eq!(clean("date=all").date, DateFilter::All);
        assert_eq!(clean("date=2024-06-01").date, DateFilter::Day(d(6, 1)));
        assert_eq!(clean("date=2024-5-20").date, DateFilter::Day(d(5, 20)));
    }

    #[test]
    fn a_very_long_query_is_cut() {
        let long = "气".repeat(2_000);
        let UrlView { state, problems } = read(&format!("?q={long}&date=tbd"));
        assert_eq!(state.q.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(state.date, DateFilter::Undated);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].param(), Param::Q);
        assert!(problems[0].to_string().contains("2000"));
        // Writing cuts too, so a written link never reports a problem.
        let state = UrlState {
            q: long,
            ..UrlState::default()
        };
        assert_eq!(clean(&state.to_query()).q.chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn markup_in_a_query_is_plain_text() {
        let state = clean("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assert_eq!(state.q, "<script>alert(1)</script>");
        let state = clean("q=<script>alert(1)</script>");
        assert_eq!(state.q, "<script>alert(1)</script>");
        let written = state.to_query();
        assert!(
            !written.contains('<') && !written.contains('>'),
            "{written}"
        );
        assert_eq!(clean(&written), state);
        // A problem message quotes such a value verbatim, as text for the UI to escape.
        let UrlView { problems, .. } = read("date=<b>x</b>");
        assert!(problems[0].to_string().contains("<b>x</b>"));
    }

    #[test]
    fn garbage_never_panics() {
        assert_eq!(clean("%E0%A4%A"), UrlState::default());
        assert_eq!(clean("?&&=&q"), UrlState::default());
        assert_eq!(clean("=&=x&&&q=&date=&plan="), UrlState::default());
        // Broken percent-encoding in a value: kept as text, invalid UTF-8 replaced.
        let state = clean("q=%E0%A4%A");
        assert_eq!(state.q, "\u{FFFD}%A");
        let state = clean("q=100%&cat=%ZZ");
        assert_eq!(state.q, "100%");
        assert_eq!(state.cat.as_deref(), Some("%ZZ"));
        for junk in [
            "%", "%%%", "q=%ff%fe", "#q=a", "q=a#b", "&", "=", "+++", "q=+",
        ] {
            let _ = read(junk);
        }
        assert_eq!(clean("q=+").q, " ");
    }

    #[test]
    fn first_non_empty_value_wins() {
        assert_eq!(clean("q=a&q=b").q, "a");
        assert_eq!(clean("q=&q=b").q, "b");
        assert_eq!(
            clean("date=2024-05-26&date=tbd").date,
            DateFilter::Day(d(5, 26))
        );
        // A bad first value is reported and not replaced by a later one.
        let UrlView { state, problems } = read("date=foo&date=tbd");
        assert_eq!(state.date, DateFilter::All);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn views() {
        assert_eq!(clean("view=notice").view, View::Notice);
        assert_eq!(clean("view=week").view, View::Week);
        assert_eq!(clean("view=list").view, View::List);
        let UrlView { state, problems } = read("view=map");
        assert_eq!(state.view, View::List);
        assert_eq!(problems[0].param(), Param::View);
        assert!(problems[0].to_string().contains("map"));
    }

    #[test]
    fn plan_ids_are_validated_and_deduped() {
        let UrlView { state, problems } = read("plan=s1,S2,s1,,bad-id,+s3+,s1");
        assert_eq!(state.plan, Some(ids(&["s1", "s3"])));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].param(), Param::Plan);
        assert!(problems[0].to_string().contains("2 个"), "{}", problems[0]);
        assert!(problems[0].to_string().contains("S2"));

        assert_eq!(clean("plan=,,,").plan, None);
        let UrlView { state, problems } = read("plan=BAD");
        assert_eq!(state.plan, None);
        assert_eq!(problems.len(), 1);
        let long_id = "a".repeat(33);
        let state = read(&format!("plan={long_id},{}", "b".repeat(32))).state;
        assert_eq!(state.plan, Some(ids(&[&"b".repeat(32)])));

        let many: Vec<String> = (0..MAX_PLAN_IDS + 5).map(|i| format!("s{i}")).collect();
        let UrlView { state, problems } = read(&format!("plan={}", many.join(",")));
        assert_eq!(state.plan.unwrap().len(), MAX_PLAN_IDS);
        assert_eq!(problems.len(), 1);
        // An empty plan is not written.
        let empty = UrlState {
            plan: Some(Vec::new()),
            ..UrlState::default()
        };
        assert_eq!(empty.to_query(), "");
    }

    /// The problems' messages for `query`.
    fn messages(query: &str) -> Vec<String> {
        read(query)
            .problems
            .iter()
            .map(UrlProblem::to_string)
            .collect()
    }

    #[test]
    fn more_than_200_is_said_only_when_sessions_were_left_out() {
        let ids: Vec<String> = (0..MAX_PLAN_IDS).map(|i| format!("s{i}")).collect();
        // The first id again after the 200th, and the 200 again: nothing left out.
        let repeated = format!("plan={},s0,s17,{}", ids.join(","), ids.join(","));
        let UrlView { state, problems } = read(&repeated);
        assert_eq!(state.plan.as_deref().expect("a plan"), &ids[..]);
        assert_eq!(problems, []);
        // A 201st distinct id is left out, and said so.
        let more = format!("plan={},s0,s200", ids.join(","));
        assert_eq!(
            messages(&more),
            ["链接里的行程超过 200 个活动，只读取了前 200 个"]
        );
    }

    #[test]
    fn a_plan_link_is_read_only_up_to_a_bounded_number_of_items() {
        // 5,000 items none of which is an id: the first 1,000 are looked at.
        let bad: Vec<String> = (0..5_000).map(|i| format!("X{i}")).collect();
        let m = messages(&format!("plan={}", bad.join(",")));
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m[0].starts_with("链接里的行程有 1000 个活动编号无法识别（「X0、X1、X2、"),
            "{}",
            m[0]
        );
        assert_eq!(m[1], "链接里的行程太长，只读取了前 1000 项");
        // One id repeated 80,000 times, with a new one at the end that is never reached.
        let same = format!("plan={}s2", "s1,".repeat(80_000));
        let UrlView { state, problems } = read(&same);
        assert_eq!(state.plan, Some(ids(&["s1"])));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "链接里的行程太长，只读取了前 1000 项"
        );
        // 80,000 distinct ids, and 80,000 items that are not ids: read up to the 201st id.
        let many: Vec<String> = (0..80_000)
            .map(|i| {
                if i % 2 == 0 {
                    format!("s{i:08x}")
                } else {
                    format!("S{i:08X}")
                }
            })
            .collect();
        let UrlView { state, problems } = read(&format!("plan={}", many.join(",")));
        assert_eq!(state.plan.unwrap().len(), MAX_PLAN_IDS);
        let m: Vec<String> = problems.iter().map(UrlProblem::to_string).collect();
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m[0].starts_with("链接里的行程有 200 个活动编号无法识别"),
            "{}",
            m[0]
        );
        assert_eq!(m[1], "链接里的行程超过 200 个活动，只读取了前 200 个");
    }

    #[test]
    fn bidirectional_controls_never_reach_a_message() {
        let bidi = [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}',
        ];
        for c in bidi {
            let enc: String =
                form_urlencoded::byte_serialize(format!("a{c}b").as_bytes()).collect();
            for query in [
                format!("date={enc}"),
                format!("base={enc}"),
                format!("view={enc}"),
                format!("plan={enc}"),
            ] {
                for m in messages(&query) {
                    assert!(!m.contains(c), "{query}: {m:?}");
                    assert!(m.contains("ab"), "{query}: {m:?}");
                }
            }
            let mut state = clean(&format!("cat={enc}"));
            let problems = state.validate(&dataset());
            assert!(!problems[0].to_string().contains(c));
            assert!(
                problems[0].to_string().contains("ab"),
                "{:?}",
                problems[0].to_string()
            );
        }
        // Other format characters that are text (a zero-width joiner in an emoji) stay.
        assert_eq!(shown_text("a\u{200D}b\u{7}\u{202E}c"), "a\u{200D}bc");
    }

    #[test]
    fn base_ids_are_checked_for_shape_then_against_the_data() {
        let UrlView { state, problems } = read("base=../../etc");
        assert_eq!(state.base, None);
        assert_eq!(problems[0].param(), Param::Base);

        let ds = dataset();
        let known = ds.bases[3].id.clone();
        let mut state = clean(&format!("base={known}&cat=传媒类"));
        assert_eq!(state.validate(&ds), []);
        assert_eq!(state.base.as_deref(), Some(known.as_str()));
        assert_eq!(state.cat.as_deref(), Some("传媒类"));

        let mut state = clean("base=b00000000&cat=动物园类&q=气象");
        let problems = state.validate(&ds);
        assert_eq!(state.base, None);
        assert_eq!(state.cat, None);
        assert_eq!(state.q, "气象");
        let params: Vec<Param> = problems.iter().map(|p| p.param()).collect();
        assert_eq!(params, [Param::Base, Param::Cat]);
        assert!(problems[0].to_string().contains("b00000000"));
        assert!(problems[1].to_string().contains("动物园类"));
    }

    #[test]
    fn messages_quote_values_shortened() {
        let UrlView { problems, .. } = read(&format!("view={}", "x".repeat(100)));
        let quoted: String = "x".repeat(20) + "…";
        assert!(problems[0].to_string().contains(&quoted), "{}", problems[0]);
        assert!(!problems[0].to_string().contains(&"x".repeat(21)));
    }

    #[test]
    fn every_problem_is_said_in_chinese_with_its_parameter() {
        let ds = dataset();
        let long = "x".repeat(30);
        let mut view = read(&format!(
            "q={}&date=5.25&view={long}&plan=S1,s1,BAD",
            "气".repeat(MAX_QUERY_CHARS + 1)
        ));
        view.state = clean("base=b00000000&cat=动物园类");
        view.validate(&ds);
        view.problems.push(read("base=../x").problems.remove(0));
        view.problems.push(UrlProblem::PlanTooManyIds);
        view.problems.push(UrlProblem::PlanTooLong);
        let said: Vec<(Param, String)> = view
            .problems
            .iter()
            .map(|p| (p.param(), p.to_string()))
            .collect();
        let expected = [
            (
                Param::Q,
                "链接里的搜索词太长（201 个字），只保留了前 200 个字",
            ),
            (Param::Date, "链接里的日期「5.25」无法识别，已显示全部日期"),
            (
                Param::View,
                "链接里的页面「xxxxxxxxxxxxxxxxxxxx…」无法识别，已显示活动列表",
            ),
            (
                Param::Plan,
                "链接里的行程有 2 个活动编号无法识别（「S1、BAD」），已忽略",
            ),
            (
                Param::Base,
                "链接里的科普基地「b00000000」在当前活动安排里不存在，已显示活动列表",
            ),
            (
                Param::Cat,
                "链接里的基地类型「动物园类」不存在，已显示全部类型",
            ),
            (
                Param::Base,
                "链接里的科普基地编号「../x」无法识别，已显示活动列表",
            ),
            (
                Param::Plan,
                "链接里的行程超过 200 个活动，只读取了前 200 个",
            ),
            (Param::Plan, "链接里的行程太长，只读取了前 1000 项"),
        ];
        let expected: Vec<(Param, String)> = expected
            .into_iter()
            .map(|(p, m)| (p, m.to_string()))
            .collect();
        assert_eq!(said, expected);
    }

    /// xorshift64*: deterministic, dependency-free randomness for the round-trip test.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn text(&mut self, max_chars: usize) -> String {
            const PIECES: &[&str] = &[
                "航空",
                "气象",
                "青铜器",
                " ",
                "\u{3000}",
                "&",
                "#",
                "+",
                "%",
                "%20",
                "=",
                "?",
                "/",
                ",",
                "<script>",
                "</script>",
                "'",
                "\"",
                "ＡＩ",
                "a",
                "Z",
                "0",
                "😀",
                "\\",
                ";",
                "\t",
                "——",
                "·",
                "（",
                "）",
                "é",
                "\u{1f}",
            ];
            let mut s = String::new();
            let len = 1 + self.below(12);
            for _ in 0..len {
                s.push_str(PIECES[self.below(PIECES.len())]);
            }
            s.chars().take(max_chars).collect()
        }

        fn id(&mut self) -> String {
            const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
            let len = 1 + self.below(32);
            (0..len)
                .map(|_| ALPHABET[self.below(ALPHABET.len())] as char)
                .collect()
        }
    }

    #[test]
    fn round_trips_many_states() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3_000 {
            let state = UrlState {
                q: match rng.below(4) {
                    0 => String::new(),
                    1 => "字".repeat(MAX_QUERY_CHARS),
                    _ => rng.text(MAX_QUERY_CHARS),
                },
                date: match rng.below(3) {
                    0 => DateFilter::All,
                    1 => DateFilter::Undated,
                    _ => DateFilter::Day(
                        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
                            + chrono::Days::new(rng.below(60_000) as u64),
                    ),
                },
                cat: (rng.below(2) == 0).then(|| rng.text(50)),
                base: (rng.below(2) == 0).then(|| rng.id()),
                view: [View::List, View::Notice, View::Week][rng.below(3)],
                plan: (rng.below(2) == 0).then(|| {
                    let mut ids: Vec<SessionId> = (0..1 + rng.below(10))
                        .map(|_| SessionId::from_string(rng.id()).unwrap())
                        .collect();
                    let mut seen = std::collections::HashSet::new();
                    ids.retain(|id| seen.insert(id.clone()));
                    ids
                }),
            };
            let query = state.to_query();
            assert!(
                !query.contains(' ') && !query.contains('#'),
                "unencoded: {query}"
            );
            let UrlView {
                state: back,
                problems,
            } = UrlView::from_query(&query);
            assert_eq!(problems, [], "{query}");
            assert_eq!(back, state, "{query}");
            // Canonical: writing what was read gives the same string.
            assert_eq!(back.to_query(), query);
        }
    }
}
