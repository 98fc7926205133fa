//! Render what is seen: lists show a page of cards and add the next page as the parent
//! scrolls near the end (an `IntersectionObserver` on the 显示更多 button, which also works
//! as a plain button). The home list remembers its pages and scroll position, so Back from a
//! base page returns to the same place.

use leptos::prelude::*;

use super::observe::on_screen;
use yubei_core::browse::Filter;
use yubei_core::paging::{next_limit, PAGE_ROWS};

/// How many rows the home list shows first. The browser shell sets it to the prerendered
/// cards the parent can see, and a few more (the app is built quickly and nothing on screen
/// changes when it takes over; the next page follows as soon as the list is live); the
/// build-time prerender shows every row.
#[derive(Clone, Copy, Debug)]
pub struct FirstRows(pub usize);

impl FirstRows {
    /// Every row: what the build-time prerender shows.
    pub fn all() -> FirstRows {
        FirstRows(usize::MAX)
    }
}

/// A list shown a page at a time from its top, one page more on 显示更多 (a base's sessions,
/// my week): how many rows it shows.
#[derive(Clone, Copy)]
pub struct Paging {
    limit: RwSignal<usize>,
}

impl Paging {
    /// One page shown.
    pub fn new() -> Paging {
        Paging {
            limit: RwSignal::new(PAGE_ROWS),
        }
    }

    /// The rows to show (tracked): more than the list may hold.
    pub fn limit(&self) -> usize {
        self.limit.get()
    }

    /// The rows shown of a list of `total` rows.
    pub fn shown(self, total: Signal<usize>) -> Signal<usize> {
        Signal::derive(move || self.limit.get().min(total.get()))
    }

    /// What [`ShowMore`] calls: one page more than the `shown` rows.
    pub fn more(self) -> impl Fn(usize) + Clone + Send + Sync + 'static {
        move |shown| self.limit.set(next_limit(shown))
    }
}

/// The home list's pages and scroll position, kept above the list so that they outlive it
/// while a base page, the notice or my week is shown.
#[derive(Clone, Copy)]
pub struct ListRows {
    /// Rows shown, for the filter they were shown for; another filter starts at one page.
    shown: RwSignal<(Filter, usize)>,
    /// The last scroll position of the list, for the filter it was seen with.
    scroll: StoredValue<Option<(Filter, f64)>>,
    /// Whether the list has been opened since the page loaded.
    opened: StoredValue<bool>,
}

impl ListRows {
    /// How many rows to show for `filter`.
    pub fn limit(&self, filter: &Filter) -> usize {
        self.shown
            .with(|(f, n)| if f == filter { *n } else { PAGE_ROWS })
    }

    /// One page more than `shown`, for `filter`.
    pub fn more(&self, filter: Filter, shown: usize) {
        let next = next_limit(shown);
        self.shown.update(|(f, n)| {
            if *f != filter || *n < next {
                *f = filter;
                *n = next;
            }
        });
    }

    /// Shows at least `rows` rows for `filter`.
    pub fn at_least(&self, filter: Filter, rows: usize) {
        self.shown.update(|(f, n)| {
            if *f != filter || *n < rows {
                *f = filter;
                *n = rows;
            }
        });
    }

    /// True the first time it is asked after the page loaded, false afterwards.
    pub fn first_open(&self) -> bool {
        let first = !self.opened.get_value();
        self.opened.set_value(true);
        first
    }

    /// Remembers where the list is scrolled to.
    pub fn save_scroll(&self, filter: Filter, y: f64) {
        self.scroll.set_value(Some((filter, y)));
    }

    /// Where the list was last scrolled to with `filter`, if it was.
    pub fn saved_scroll(&self, filter: &Filter) -> Option<f64> {
        self.scroll
            .with_value(|s| s.as_ref().filter(|(f, _)| f == filter).map(|(_, y)| *y))
    }
}

/// Starts the home list's memory: `filter` (the one the page opened with) shows the shell's
/// [`FirstRows`], or one page.
pub fn provide_list_rows(filter: Filter) {
    let first = use_context::<FirstRows>().map_or(PAGE_ROWS, |f| f.0);
    provide_context(ListRows {
        shown: RwSignal::new((filter, first)),
        scroll: StoredValue::new(None),
        opened: StoredValue::new(false),
    });
}

pub fn use_list_rows() -> ListRows {
    expect_context::<ListRows>()
}

/// Calls `near` whenever `el` comes within a screen's height of the viewport (and once at
/// the start if it already is). In a browser without `IntersectionObserver` the button still
/// works by hand.
fn when_near(el: &web_sys::Element, near: impl Fn() + 'static) {
    on_screen(el, "0px 0px 100% 0px", move |seen| {
        if seen {
            near();
        }
    });
}

/// 显示更多: while `shown` < `total`, a button that adds a page, pressed by itself when the
/// parent scrolls near it, and for every page before the page is printed. The button stays
/// the same element across pages, so keyboard focus is not lost when a page is added.
#[component]
pub fn ShowMore(
    shown: Signal<usize>,
    total: Signal<usize>,
    /// Adds a page after `shown` rows.
    more: impl Fn(usize) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let button = NodeRef::<leptos::html::Button>::new();
    let observed = more.clone();
    Effect::new(move |_| {
        // Observed afresh for every page: an observer reports changes only, and the button
        // may still be in view after a short page was added.
        let n = shown.get();
        if let Some(el) = button.get() {
            let more = observed.clone();
            when_near(&el, move || more(n));
        }
    });
    // Paper gets the whole list, not the pages scrolled to so far.
    let all = more.clone();
    Effect::new(move |_| {
        let all = all.clone();
        let handle = window_event_listener(leptos::ev::beforeprint, move |_| {
            let mut n = shown.get_untracked();
            while n < total.get_untracked() {
                all(n);
                let now = shown.get_untracked();
                if now <= n {
                    break;
                }
                n = now;
            }
        });
        on_cleanup(move || handle.remove());
    });
    let left = move || total.get().saturating_sub(shown.get());
    view! {
        <Show when=move || left() != 0>
            <div class="more">
                <button type="button" class="btn" node_ref=button on:click={
                    let more = more.clone();
                    move |_| more(shown.get_untracked())
                }>
                    {move || format!("显示更多（还有 {} 项）", left())}
                </button>
            </div>
        </Show>
    }
}
