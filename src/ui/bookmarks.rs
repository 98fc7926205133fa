//! The bookmarks ("my week") as app state: loaded once from the storage module, saved on
//! every change, refreshed when another tab changes them.

use leptos::prelude::*;

use super::calendar::in_app;
use super::share::{use_toast, Toaster};
use crate::plan::Plan;

/// The plan plus what the storage module had to say about it (unreadable data kept aside,
/// a failed write).
#[derive(Clone, Copy)]
pub struct Bookmarks {
    pub plan: RwSignal<Plan>,
    pub warning: RwSignal<Option<String>>,
    /// The offer of the plan's link (in an app's built-in browser) is shown.
    pub offer_link: RwSignal<bool>,
    /// It has been shown in this visit: never again.
    offered: StoredValue<bool>,
}

impl Bookmarks {
    /// Applies `change` to the plan and saves it; a failed save is reported, never swallowed.
    pub fn update(&self, change: impl FnOnce(&mut Plan)) {
        self.plan.update(change);
        self.save();
    }

    /// Offers the plan's link, the first time only.
    pub fn offer_link_once(&self) {
        if !self.offered.get_value() {
            self.offered.set_value(true);
            self.offer_link.set(true);
        }
    }

    fn save(&self) {
        #[cfg(target_arch = "wasm32")]
        if let Err(e) = self.plan.with_untracked(crate::storage::save) {
            self.warning.set(Some(e.to_string()));
        }
    }
}

/// Loads the plan and listens for changes made in other tabs.
pub fn provide() {
    let bookmarks = Bookmarks {
        plan: RwSignal::new(Plan::default()),
        warning: RwSignal::new(None),
        offer_link: RwSignal::new(false),
        offered: StoredValue::new(false),
    };
    #[cfg(target_arch = "wasm32")]
    {
        let outcome = crate::storage::load();
        bookmarks.plan.set(outcome.plan);
        bookmarks.warning.set(outcome.warning);
        let handle = window_event_listener(leptos::ev::storage, move |ev| {
            if crate::storage::is_bookmarks_event(ev.key().as_deref()) {
                let outcome = crate::storage::load();
                bookmarks.plan.set(outcome.plan);
                if outcome.warning.is_some() {
                    bookmarks.warning.set(outcome.warning);
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
    provide_context(bookmarks);
}

pub fn use_bookmarks() -> Bookmarks {
    expect_context::<Bookmarks>()
}

/// How many sessions are bookmarked (for the tab badge).
pub fn use_count() -> Signal<usize> {
    let b = use_bookmarks();
    Signal::derive(move || b.plan.with(Plan::len))
}

/// Keeps each bookmark's title and dates as the dataset has them now (so that, after the
/// session has left a later dataset, the bookmark still says what it was), and saves when
/// that changed: on start (bookmarks stored in the older, ids-only format included), after
/// each bookmark added, after a change in another tab.
pub fn describe_with(ds: std::sync::Arc<crate::model::Dataset>) {
    let b = use_bookmarks();
    Effect::new(move |_| {
        let stale = b.plan.with(|p| p.clone().describe_from(&ds));
        if stale {
            b.update(|p| {
                p.describe_from(&ds);
            });
        }
    });
}

/// Removes one bookmark, with a toast whose 撤销 puts it back where it was.
pub fn remove_with_undo(b: Bookmarks, toast: Toaster, id: &str) {
    let mut removed = None;
    b.update(|p| removed = p.take(id));
    let Some(removed) = removed else { return };
    toast.show_with_undo("已从我的一周移除", move || {
        let removed = removed.clone();
        b.update(|p| {
            p.restore(removed);
        });
    });
}

/// The star on a session: one tap adds it to my week, another removes it (with an undo). In
/// an app's built-in browser, the first bookmark brings the offer of the plan's link.
#[component]
pub fn StarButton(id: String, title: String) -> impl IntoView {
    let b = use_bookmarks();
    let toast = use_toast();
    let in_app = in_app();
    let key = id.clone();
    let on = Memo::new(move |_| b.plan.with(|p| p.contains(&key)));
    let label = move || {
        if on.get() {
            format!("从我的一周移除：{title}")
        } else {
            format!("加入我的一周：{title}")
        }
    };
    let toggle = move |_| {
        if on.get_untracked() {
            remove_with_undo(b, toast, &id);
        } else {
            b.update(|p| {
                p.add(&id);
            });
            toast.show("已加入我的一周");
            if in_app {
                b.offer_link_once();
            }
        }
    };
    view! {
        <button
            type="button"
            class="star"
            aria-pressed=move || on.get().to_string()
            aria-label=label
            on:click=toggle
        >
            {move || if on.get() { "★" } else { "☆" }}
        </button>
    }
}

/// What the storage module reported (unreadable data kept aside, a failed write).
#[component]
pub fn StorageWarning() -> impl IntoView {
    let b = use_bookmarks();
    move || {
        b.warning.get().map(|w| {
            view! {
                <div class="notice-msg" role="alert">
                    <p>{w}</p>
                    <button type="button" class="btn" on:click=move |_| b.warning.set(None)>"知道了"</button>
                </div>
            }
        })
    }
}
