//! The bookmarks ("my week") as app state: loaded once from the storage module, changed by
//! applying the parent's [`Change`] to what is stored at that moment, and read again when
//! another tab changes them or this tab comes back (from the back/forward cache, or to the
//! front).

use std::sync::Arc;

use leptos::prelude::*;

use super::share::ShareButton;
use super::toast::{use_toast, Toaster};
use yubei_core::model::Dataset;
use yubei_core::plan::{Change, Plan};
use yubei_core::platform::Platform;
use yubei_core::storage::Shelf;

/// How many bookmarks a week holds before every parent is offered the plan's link as a
/// backup (in an app's built-in browser, whose storage may be cleared, the first one).
pub const OFFER_LINK_AFTER: usize = 3;

/// The plan plus what the storage module had to say about it (unreadable data kept aside,
/// a failed write).
#[derive(Clone, Copy)]
pub struct Bookmarks {
    pub plan: RwSignal<Plan>,
    pub warning: RwSignal<Option<yubei_core::storage::StorageWarning>>,
    /// Storage failed in this visit (full, or unavailable): the plan lives in memory, and its
    /// link is the way to keep it.
    pub unsaved: RwSignal<bool>,
    /// A storage failure has been reported in this visit: the parent is not told again.
    #[cfg(target_arch = "wasm32")]
    failure_reported: StoredValue<bool>,
    /// The offer of the plan's link as a backup is shown.
    pub offer_link: RwSignal<bool>,
    /// It has been shown in this visit: never again.
    offered: StoredValue<bool>,
    /// The dataset, once loaded: each save learns from it what the bookmarked sessions are.
    dataset: StoredValue<Option<Arc<Dataset>>>,
    /// Where this page's edition keeps its bookmarks.
    #[cfg(target_arch = "wasm32")]
    shelf: StoredValue<Shelf>,
}

impl Bookmarks {
    /// Applies `change` to the bookmarks as stored now (so what another tab stored meanwhile
    /// is kept), saves them when they changed, and shows the result. Where storage fails, the
    /// change is made to the plan in memory and the failure reported, once per visit.
    /// Returns the change that undoes this one, if any.
    pub fn apply(&self, change: Change) -> Option<Change> {
        #[cfg(target_arch = "wasm32")]
        match crate::storage::save(&self.shelf.get_value(), &change, |p| self.describe(p)) {
            Ok(saved) => {
                self.show(saved.plan);
                return saved.undo;
            }
            Err(e) => self.report_failure(e.into()),
        }
        let mut undo = None;
        self.plan.update(|p| {
            undo = change.apply(p);
            self.describe(p);
        });
        undo
    }

    /// What the dataset says of each bookmarked session, remembered in `plan`.
    fn describe(&self, plan: &mut Plan) {
        self.dataset.with_value(|ds| {
            if let Some(ds) = ds {
                plan.describe_from(ds);
            }
        });
    }

    /// Shows `plan`, unless it is what is shown already.
    #[cfg(target_arch = "wasm32")]
    fn show(&self, plan: Plan) {
        if self.plan.with_untracked(|p| *p != plan) {
            self.plan.set(plan);
        }
    }

    /// Tells the parent that storage failed, the first time in this visit.
    #[cfg(target_arch = "wasm32")]
    fn report_failure(&self, warning: yubei_core::storage::StorageWarning) {
        self.unsaved.set(true);
        if !self.failure_reported.get_value() {
            self.failure_reported.set_value(true);
            self.warning.set(Some(warning));
        }
    }

    /// Reads the bookmarks as stored now (another tab may have changed them). Writes nothing
    /// unless the stored value is damaged (then it is backed up and told once).
    #[cfg(target_arch = "wasm32")]
    fn reload(&self) {
        let outcome = crate::storage::load(&self.shelf.get_value());
        if outcome.unusable {
            if let Some(w) = outcome.warning {
                self.report_failure(w);
            }
            return;
        }
        self.show(outcome.plan);
        if outcome.warning.is_some() {
            self.warning.set(outcome.warning);
        }
    }

    /// After a bookmark was added: offers the plan's link as a backup, once per visit and
    /// never again once dismissed, when the week holds [`OFFER_LINK_AFTER`] sessions (in an
    /// app's built-in browser, from the first).
    pub fn offer_link_after_bookmark(&self, in_app: bool) {
        let due = in_app || self.plan.with_untracked(Plan::len) >= OFFER_LINK_AFTER;
        if !due || self.offered.get_value() {
            return;
        }
        self.offered.set_value(true);
        #[cfg(target_arch = "wasm32")]
        if crate::storage::offer_dismissed() {
            return;
        }
        self.offer_link.set(true);
    }

    /// 知道了 on the offer: hidden, and not offered again on this phone.
    pub fn dismiss_offer(&self) {
        self.offer_link.set(false);
        #[cfg(target_arch = "wasm32")]
        crate::storage::dismiss_offer();
    }
}

/// Loads the plan and reads it again when another tab changes it, and when this tab comes
/// back from the back/forward cache or to the front (a `storage` event may have been missed).
/// The bookmarks are the page's edition's: those on `shelf`.
pub fn provide(shelf: Shelf) {
    let bookmarks = Bookmarks {
        plan: RwSignal::new(Plan::default()),
        warning: RwSignal::new(None),
        unsaved: RwSignal::new(false),
        #[cfg(target_arch = "wasm32")]
        failure_reported: StoredValue::new(false),
        offer_link: RwSignal::new(false),
        offered: StoredValue::new(false),
        dataset: StoredValue::new(None),
        #[cfg(target_arch = "wasm32")]
        shelf: StoredValue::new(shelf.clone()),
    };
    // The prerender reads no storage: its page shows no bookmarks.
    #[cfg(not(target_arch = "wasm32"))]
    let _ = shelf;
    #[cfg(target_arch = "wasm32")]
    {
        use web_sys::wasm_bindgen::closure::Closure;
        use web_sys::wasm_bindgen::JsCast;

        let outcome = crate::storage::load(&shelf);
        if outcome.unusable {
            bookmarks.unsaved.set(true);
            bookmarks.failure_reported.set_value(true);
        }
        bookmarks.plan.set(outcome.plan);
        bookmarks.warning.set(outcome.warning);
        let storage = window_event_listener(leptos::ev::storage, move |ev| {
            if shelf.is_bookmarks_event(ev.key().as_deref()) {
                bookmarks.reload();
            }
        });
        let pageshow = window_event_listener(leptos::ev::pageshow, move |ev| {
            if ev.persisted() {
                bookmarks.reload();
            }
        });
        // On the document, where it is fired (it does not reach the window in every browser).
        let visible = Closure::<dyn Fn()>::new(move || {
            if !document().hidden() {
                bookmarks.reload();
            }
        });
        let _ = document()
            .add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref());
        // The app lives as long as the page: the listener is never removed.
        visible.forget();
        on_cleanup(move || {
            storage.remove();
            pageshow.remove();
        });
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
/// session has left a later dataset, the bookmark still says what it was): every save
/// describes the bookmarks it writes, and a bookmark with nothing remembered yet (the older,
/// ids-only format, a link) gets a save of its own. Titles that only differ from this tab's
/// dataset (another tab's, older or corrected) are not a change worth a write: two tabs
/// would otherwise rewrite each other's titles without end.
pub fn describe_with(ds: Arc<Dataset>) {
    let b = use_bookmarks();
    b.dataset.set_value(Some(ds.clone()));
    Effect::new(move |_| {
        if b.plan.with(|p| p.lacks_description(&ds)) {
            b.apply(Change::Describe);
        }
    });
}

/// Removes one bookmark, with a toast whose 撤销 puts back only it, where it was.
pub fn remove_with_undo(b: Bookmarks, toast: Toaster, id: &str) {
    let Some(undo) = b.apply(Change::Remove(id.to_string())) else {
        return;
    };
    toast.show_with_undo("已从我的一周移除", move || {
        b.apply(undo.clone());
    });
}

/// The star on a session: one tap adds it to my week, another removes it (with an undo).
/// A few bookmarks in (in an app's built-in browser, the first), the plan's link is offered.
#[component]
pub fn StarButton(id: String, title: String) -> impl IntoView {
    let b = use_bookmarks();
    let toast = use_toast();
    let in_app = use_context::<Platform>().is_some_and(|p| p.in_app);
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
            b.apply(Change::Add(id.clone()));
            toast.show("已加入我的一周");
            b.offer_link_after_bookmark(in_app);
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

/// What the storage module reported (unreadable data kept aside, a failed write). When the
/// plan cannot be kept on the phone, the plan's `link` to send to oneself.
#[component]
pub fn StorageWarning(link: Signal<String>) -> impl IntoView {
    let b = use_bookmarks();
    let keep_by_link = move || b.unsaved.get() && b.plan.with(|p| !p.is_empty());
    move || {
        b.warning.get().map(|w| {
            view! {
                <div class="notice-msg" role="alert">
                    <p>{w.to_string()}</p>
                    <div class="links">
                        <Show when=keep_by_link>
                            <ShareButton label="发送计划链接" url=link/>
                        </Show>
                        <button type="button" class="btn" on:click=move |_| b.warning.set(None)>"知道了"</button>
                    </div>
                </div>
            }
        })
    }
}
