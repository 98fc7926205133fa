//! The browser's shell: loads the dataset, builds the app out of sight, and puts it in place of
//! the prerendered first paint of `index.html` in one step, once there is something to show
//! (the page, or why the data could not be loaded). The live page has the same markup as the
//! prerendered one, so nothing flashes or moves; what the parent typed into the prerendered
//! search box is carried over.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

use crate::ui::data::{
    fetch_dataset, find_keywords, next_task, AppData, DataError, Keywords, DATASET_META,
    EDITION_BLOCK,
};
use crate::ui::on_demand;
use crate::ui::url::use_url_state;
use crate::ui::{chunk_for, FirstRows, Frame, LoadError, Loaded, LoadingSkeleton, Platform, Today};
use yubei_core::edition::PageEdition;
use yubei_core::paging::PAGE_ROWS;
use yubei_core::url_state::UrlView;

thread_local! {
    /// The live app's root while it is built out of sight, until it takes over.
    static LIVE: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
}

/// Set on `<html>` by the inline script of `index.html` when the link asks for something
/// the prerendered week is not (a search, a day, a base…): the prerendered page is hidden
/// behind a skeleton until the app shows the right one.
const PENDING: &str = "pending";

/// Mounts the app. The module was compiled and instantiated in this task; the app is built
/// in the next one, so that neither blocks the page for long. It runs detached from the
/// document until [`take_over`].
pub fn mount() {
    set_timeout(mount_detached, std::time::Duration::ZERO);
}

fn mount_detached() {
    let Ok(live) = document().create_element("div") else {
        return;
    };
    let live: HtmlElement = live.unchecked_into();
    live.set_id("app");
    live.set_class_name("live");
    LIVE.with(|l| *l.borrow_mut() = Some(live.clone()));
    let edition = page_edition();
    leptos::mount::mount_to(live, move || {
        provide_context(edition);
        view! { <Frame><Live/></Frame> }
    })
    .forget();
}

/// What the page says of its edition (the block the prerender wrote, [`PageEdition`]); a
/// page without one (an older build's) is a site of one edition, with the first edition's
/// bookmarks.
fn page_edition() -> PageEdition {
    document()
        .get_element_by_id(EDITION_BLOCK)
        .and_then(|block| block.text_content())
        .and_then(|text| serde_json::from_slice(text.as_bytes()).ok())
        .unwrap_or_default()
}

/// Opens the edition a link belongs to when it is not this page's ([`PageEdition::elsewhere`]:
/// a 2024 day, base or shared plan opened on the 2025 page), with the same query; true when
/// the page is being replaced.
fn open_elsewhere(edition: Option<&PageEdition>, data: &AppData) -> bool {
    let Some(edition) = edition else {
        return false;
    };
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let view = UrlView::from_query(&search);
    let Some(other) = edition.elsewhere(&view.state, &data.ds, &data.ids) else {
        return false;
    };
    let hash = location.hash().unwrap_or_default();
    location
        .replace(&format!("{}{search}{hash}", other.href))
        .is_ok()
}

/// How many cards the live list starts with: those of the prerendered list the parent can
/// see (down to the bottom of the screen) and two more, so the screen looks the same when
/// the app takes over; one page when the prerendered list is hidden (a link with parameters)
/// or gone (after a retry).
fn first_rows() -> FirstRows {
    let doc = document();
    let pending = doc
        .document_element()
        .is_some_and(|e| e.class_list().contains(PENDING));
    let bottom = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let seen = LIVE.with(|l| l.borrow().is_some()) && !pending;
    let cards = doc
        .query_selector_all("#app .card[data-session]")
        .ok()
        .filter(|_| seen);
    let Some(cards) = cards else {
        return FirstRows(PAGE_ROWS);
    };
    let in_view = (0..cards.length())
        .filter_map(|i| cards.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .take_while(|card| card.get_bounding_client_rect().top() < bottom)
        .count();
    FirstRows(in_view + 2)
}

/// The browser, from its user agent and the page's address.
fn platform() -> Platform {
    let ua = window().navigator().user_agent().unwrap_or_default();
    let href = window().location().href().unwrap_or_default();
    Platform::new(&ua, &href)
}

/// The page's dataset, as the build named it ([`DATASET_META`]).
fn dataset_url() -> Option<String> {
    let selector = format!("meta[name=\"{DATASET_META}\"]");
    let meta = document().query_selector(&selector).ok()??;
    meta.get_attribute("content").filter(|url| !url.is_empty())
}

/// Where loading the dataset stands.
#[derive(Clone)]
enum Load {
    Pending,
    Ready(AppData),
    Failed(DataError),
}

/// Loads the dataset and shows the page, or why it could not be loaded, with a retry.
#[component]
fn Live() -> impl IntoView {
    let state = RwSignal::new(Load::Pending);
    let edition = StoredValue::new(use_context::<PageEdition>());
    // The code of the view the link asks for is fetched in parallel with the dataset, so the
    // page is shown whole; the rest when the browser is idle.
    let chunk = use_url_state().with_untracked(|v| chunk_for(&v.state));
    let load = move || {
        state.set(Load::Pending);
        let edition = edition.get_value();
        if let Some(chunk) = chunk {
            leptos::task::spawn_local(async move {
                let _ = chunk.load().await;
            });
        }
        leptos::task::spawn_local(async move {
            let loaded = match dataset_url() {
                Some(url) => fetch_dataset(&url).await,
                None => Err(DataError::Page),
            };
            if let Some(chunk) = chunk {
                // The download started above: this waits for it (a failure is the view's
                // to report, with a retry).
                let _ = chunk.load().await;
            }
            // The page is built in a task of its own, not after the last slice of loading.
            next_task().await;
            state.set(match loaded {
                // The skeleton stays while another edition's page is opened instead.
                Ok(data) if open_elsewhere(edition.as_ref(), &data) => return,
                Ok(data) => Load::Ready(data),
                Err(error) => Load::Failed(error),
            });
        });
    };
    load();
    Effect::new(move |_| {
        let ready = state.with(|s| match s {
            Load::Pending => None,
            Load::Ready(_) => Some(true),
            Load::Failed(_) => Some(false),
        });
        if let Some(ready) = ready {
            // Before the next paint, when this state is rendered.
            request_animation_frame(move || {
                take_over();
                if ready {
                    mark_ready();
                    when_idle(|| leptos::task::spawn_local(on_demand::load_all()));
                }
            });
        }
    });
    move || match state.get() {
        // Out of sight before the app takes over: nothing to build.
        Load::Pending => (!LIVE.with(|l| l.borrow().is_some()))
            .then(LoadingSkeleton)
            .into_any(),
        Load::Ready(data) => {
            // The "no results" panel's keywords, found after the list is shown.
            let keywords = Keywords(RwSignal::new(None));
            provide_context(keywords);
            let found = data.clone();
            leptos::task::spawn_local(async move {
                let words = find_keywords(&found).await;
                keywords.0.set(Some(words.into()));
            });
            provide_context(first_rows());
            provide_context(Today(yubei_core::clock::today_in_chongqing(
                js_sys::Date::now(),
            )));
            provide_context(platform());
            view! { <Loaded data/> }.into_any()
        }
        Load::Failed(error) => view! { <LoadError error retry=load/> }.into_any(),
    }
}

/// Puts the live app in place of the prerendered one (once), keeping what the parent typed
/// into the search box and the keyboard focus on it.
fn take_over() {
    let Some(live) = LIVE.with(|l| l.borrow_mut().take()) else {
        return;
    };
    let doc = document();
    let root = doc.document_element();
    let pending = root
        .as_ref()
        .is_some_and(|e| e.class_list().contains(PENDING));
    // A prerendered box behind the skeleton could not be typed into.
    let typed = doc
        .get_element_by_id("q")
        .filter(|_| !pending)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
    let focused = typed.as_ref().is_some_and(|input| {
        let input: &wasm_bindgen::JsValue = input.as_ref();
        doc.active_element()
            .is_some_and(|a| AsRef::<wasm_bindgen::JsValue>::as_ref(&a) == input)
    });
    match doc.get_element_by_id("app") {
        Some(old) => {
            let _ = old.replace_with_with_node_1(&live);
        }
        None => {
            let _ = doc.body().map(|b| b.append_child(&live));
        }
    }
    if let Some(root) = root {
        let _ = root.class_list().remove_1(PENDING);
    }
    let Some(old_input) = typed else { return };
    let Some(input) = doc
        .get_element_by_id("q")
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    // The prerendered box starts empty: text in it was typed before the app ran.
    let text = old_input.value();
    if !text.is_empty() && text != input.value() {
        input.set_value(&text);
        // The app reads the box on `input`, like a keystroke.
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
            let _ = input.dispatch_event(&ev);
        }
    }
    if focused {
        let _ = input.focus();
        let end = input.value().encode_utf16().count() as u32;
        let _ = input.set_selection_range(end, end);
    }
}

/// Runs `f` once the browser is idle (`requestIdleCallback`, or a second from now where
/// there is none: Safari), with no deadline to keep.
fn when_idle(f: impl FnOnce() + 'static) {
    let window = window();
    let has_idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    if has_idle {
        let _ = window.request_idle_callback(callback.unchecked_ref());
    } else {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 1000);
    }
}

/// Tells tests and tools that the live page is showing the data: `#page[data-ready]`, and
/// which release's code shows it: `#page[data-release]`, the `YUBEI_RELEASE` this app was
/// compiled with (the end-to-end tier builds a second release with it; unset, no attribute).
fn mark_ready() {
    if let Some(page) = document().get_element_by_id("page") {
        let _ = page.set_attribute("data-ready", "true");
        if let Some(release) = option_env!("YUBEI_RELEASE") {
            let _ = page.set_attribute("data-release", release);
        }
    }
}
