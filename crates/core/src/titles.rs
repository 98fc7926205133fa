//! What `document.title` says for each view, so that a tab, a history entry, a bookmark of
//! the browser or a link pasted into a chat says what the page shows.

use crate::browse::DateFilter;
use crate::days::day_label;
use crate::edition::Edition;
use crate::model::{Dataset, Ids};
use crate::url_state::{shown_text, UrlState, View};

/// The title for `state` (already checked against `ds`: an unknown base or category dropped),
/// given how many sessions are bookmarked; `ids` are `ds`'s. The same precedence as the page
/// shown: a shared plan, a base, the notice or my week, then the list with its filters. Every
/// title ends with the edition's name ([`Edition::name`]); the home list's is
/// [`Edition::home_title`], the same as the prerendered page's `<title>`, which a browser
/// without the app keeps.
pub fn page_title(state: &UrlState, ds: &Dataset, ids: &Ids, bookmarked: usize) -> String {
    let page = if let Some(plan) = &state.plan {
        let found = plan
            .iter()
            .filter(|id| ids.session(ds, id).is_some())
            .count();
        format!("分享的活动计划（{found}场）")
    } else if let Some(base) = state.base.as_deref().and_then(|id| ids.base(ds, id)) {
        base.name.clone()
    } else {
        match state.view {
            View::Notice => "通知原文".to_string(),
            View::Week => format!("我的一周（{bookmarked}场）"),
            View::List => return list_title(state, &Edition::of(ds)),
        }
    };
    format!("{page} · {}", Edition::of(ds).name())
}

/// The list's title: its search words, day and base type, in that order.
fn list_title(state: &UrlState, edition: &Edition) -> String {
    let mut parts = Vec::new();
    let q = shown_text(&state.q);
    let words = q.split_whitespace().collect::<Vec<_>>().join(" ");
    if !words.is_empty() {
        parts.push(format!("搜索“{words}”"));
    }
    match state.date {
        DateFilter::All => {}
        DateFilter::Day(d) => parts.push(day_label(d)),
        DateFilter::Undated => parts.push("时间未定".to_string()),
    }
    if let Some(cat) = &state.cat {
        parts.push(shown_text(cat));
    }
    if parts.is_empty() {
        return edition.home_title();
    }
    format!("{} · {}", parts.join(" · "), edition.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixtures::committed;

    /// The 2024 edition's name, at the end of every title.
    const SITE: &str = "2024渝北区科技活动周";

    /// The title of the 2024 home list without filters.
    const HOME: &str = "2024渝北区科技活动周 · 亲子活动日程";
    use crate::url_state::UrlView;

    fn title(query: &str, bookmarked: usize) -> String {
        let ds = committed();
        let mut state = UrlView::from_query(query).state;
        state.validate(&ds);
        page_title(&state, &ds, &Ids::of(&ds), bookmarked)
    }

    #[test]
    fn each_view_has_its_title() {
        let ds = committed();
        let base = &ds.bases[0];
        let session = &ds.sessions[0];
        assert_eq!(title("", 0), HOME);
        assert_eq!(
            title("?q=%E8%88%AA%E7%A9%BA", 0),
            format!("搜索“航空” · {SITE}")
        );
        assert_eq!(
            title("?q=+ai++%E7%A7%91%E6%99%AE+", 0),
            format!("搜索“ai 科普” · {SITE}")
        );
        assert_eq!(
            title("?date=2024-05-26", 0),
            format!("5月26日 周日 · {SITE}")
        );
        assert_eq!(title("?date=tbd", 0), format!("时间未定 · {SITE}"));
        assert_eq!(
            title("?q=ai&date=2024-05-26", 0),
            format!("搜索“ai” · 5月26日 周日 · {SITE}")
        );
        assert_eq!(
            title(&format!("?base={}", base.id), 0),
            format!("{} · {SITE}", base.name)
        );
        assert_eq!(title("?view=notice", 0), format!("通知原文 · {SITE}"));
        assert_eq!(title("?view=week", 3), format!("我的一周（3场） · {SITE}"));
        assert_eq!(
            title(&format!("?plan={},sdeadbeef", session.id), 5),
            format!("分享的活动计划（1场） · {SITE}")
        );
    }

    #[test]
    fn the_title_has_no_bidirectional_control_from_the_link() {
        // 航空 with a right-to-left override, isolates and marks around it.
        let q = "%E2%80%AE%E8%88%AA%E2%81%A6%E7%A9%BA%E2%81%A9%E2%80%8F%E2%80%8E%E2%80%AA%E2%80%AB%E2%80%AC%E2%80%AD%E2%81%A7%E2%81%A8";
        assert_eq!(title(&format!("?q={q}"), 0), format!("搜索“航空” · {SITE}"));
        assert_eq!(
            title("?q=%07%E8%88%AA%E7%A9%BA", 0),
            format!("搜索“航空” · {SITE}")
        );
    }

    #[test]
    fn what_the_link_could_not_use_is_not_in_the_title() {
        assert_eq!(title("?base=nosuchbase", 0), HOME);
        assert_eq!(title("?q=+++", 0), HOME);
    }
}
