//! The bookmarks ("my week") as app state: loaded once from the storage module, saved on
//! every change, refreshed when another tab changes them.

use leptos::prelude::*;

use super::share::use_toast;
use crate::plan::Plan;

/// The plan plus what the storage module had to say about it (unreadable data kept aside,
/// a failed write).
#[derive(Clone, Copy)]
pub struct Bookmarks {
    pub plan: RwSignal<Plan>,
    pub warning: RwSignal<Option<String>>,
}

impl Bookmarks {
    /// Applies `change` to the plan and saves it; a failed save is reported, never swallowed.
    pub fn update(&self, change: impl FnOnce(&mut Plan)) {
        self.plan.update(change);
        self.save();
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

/// The star on a session: one tap adds it to my week, another removes it.
#[component]
pub fn StarButton(id: String, title: String) -> impl IntoView {
    let b = use_bookmarks();
    let toast = use_toast();
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
        let id = id.clone();
        let mut added = false;
        b.update(|p| added = p.toggle(&id));
        toast.show(if added {
            "已加入我的一周"
        } else {
            "已从我的一周移除"
        });
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
