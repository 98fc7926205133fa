//! The week's clock on the home page (see [`yubei_core::clock`]): before the week, how many days
//! are left; during it, a 今天 chip and the list opened at today's group; after it, a calm
//! note that this is a past year's schedule.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::pages::ListRows;
use super::use_data;
use yubei_core::browse::Filter;
use yubei_core::clock::{Phase, Schedule};
use yubei_core::days::GroupKey;
use yubei_core::paging::rows_through;

/// Today's date in Chongqing, provided by the browser shell; absent in the build-time
/// prerender, whose page must not depend on the day it was built.
#[derive(Clone, Copy, Debug)]
pub struct Today(pub Option<NaiveDate>);

/// Today, when known.
pub fn today() -> Option<NaiveDate> {
    use_context::<Today>().and_then(|t| t.0)
}

/// Today's date while the schedule runs (for the 今天 chip), else `None`.
pub fn today_in_schedule() -> Option<NaiveDate> {
    let schedule = Schedule::of(&use_data().ds);
    today().filter(|t| matches!(schedule.phase(*t), Phase::During(_)))
}

/// The line before the week (how many days are left) or the note after it. The build-time
/// prerender, which does not know the day, writes the note after the week, shown from the
/// first paint only when the page's head script finds the week over (`html.week-over`), so
/// that nothing moves when the app takes over.
#[component]
pub fn WeekClock() -> impl IntoView {
    let schedule = Schedule::of(&use_data().ds);
    let phase = today().map_or(Phase::After, |t| schedule.phase(t));
    let class = match phase {
        Phase::After => "week-note week-over when-over",
        _ => "week-note week-soon",
    };
    schedule
        .message(phase)
        .map(|m| view! { <p class=class role="note">{m}</p> })
}

/// During the schedule, the whole list (no filter) opens scrolled to today's group, with
/// enough rows shown to reach it. Once per page load, and not when the list comes back to a
/// position of its own (Back from a base page). The URL does not change.
pub fn open_at_today(
    rows: ListRows,
    groups: Memo<Vec<(GroupKey, Vec<usize>)>>,
    filter: Memo<Filter>,
) {
    let Some(today) = today() else { return };
    let schedule = Schedule::of(&use_data().ds);
    let opening = filter.with_untracked(|f| *f == Filter::default())
        && filter.with_untracked(|f| rows.saved_scroll(f).is_none())
        && rows.first_open();
    let Some(key) = schedule.today_group(today).filter(|_| opening) else {
        return;
    };
    let Some(needed) = groups.with_untracked(|g| rows_through(g, &key)) else {
        return;
    };
    rows.at_least(filter.get_untracked(), needed);
    scroll_to_group(format!("#app.live #g-{}", key.anchor()), 120);
}

/// Scrolls the group whose heading `selector` finds to the top of the screen, once the live
/// app is in the document (it is built out of sight first): tried each frame, `tries` times.
fn scroll_to_group(selector: String, tries: u32) {
    request_animation_frame(move || {
        let heading = document().query_selector(&selector).ok().flatten();
        match heading.and_then(|h| h.parent_element()) {
            Some(group) => group.scroll_into_view(),
            None if tries > 0 => scroll_to_group(selector, tries - 1),
            None => {}
        }
    });
}
