//! The Leptos UI. Components are thin: they read the URL state and the dataset and call the
//! pure modules (`browse`, `search`, `plan`, …) for everything that can be computed.

mod base;
mod bookmarks;
mod calendar;
pub mod data;
mod editions;
mod list;
mod notice;
mod observe;
pub mod on_demand;
mod pages;
mod qr;
mod session;
mod share;
mod split;
mod toast;
mod today;
pub mod url;
mod week;

use leptos::prelude::*;
use leptos_router::components::Router;

use data::{AppData, DataError};
use url::use_url_state;
use yubei_core::edition::PageEdition;
use yubei_core::url_state::{UrlProblem, UrlState, UrlView, View};

pub use base::BaseDirectory;
pub use pages::FirstRows;
pub use today::Today;
pub use yubei_core::platform::Platform;

/// Everything around the page: the router, the state shared by all pages (bookmarks, the
/// toast), the tabs and `<main>`. What `<main>` holds is decided by the target's shell: the
/// browser shows the loading state until the dataset is in (`crate::web`); the build-time
/// prerender renders the loaded page straight away (`crate::prerender`).
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    toast::provide_toast();
    let shelf = use_context::<PageEdition>()
        .map(|e| e.shelf())
        .unwrap_or_default();
    bookmarks::provide(shelf);
    view! {
        <Router>
            <Tabs/>
            <main id="content">{children()}</main>
            <toast::Toast/>
        </Router>
    }
}

/// The three top-level tabs. The event's name and dates above them are static HTML in
/// `index.html`, painted before the wasm arrives and never re-rendered; these tabs replace
/// identical static ones, so nothing shifts on mount.
#[component]
fn Tabs() -> impl IntoView {
    let url = use_url_state();
    let current = move || url.with(|v| Tab::of(&v.state));
    let count = bookmarks::use_count();
    let aria = move |tab: Tab| move || (current() == tab).then_some("page");
    view! {
        <nav class="tabs" aria-label="主导航">
            <a href="./" aria-current=aria(Tab::List)>"活动日程"</a>
            <a href="?view=week" aria-current=aria(Tab::Week)>
                "我的一周"
                {move || {
                    let n = count.get();
                    (n > 0)
                        .then(|| {
                            view! {
                                <span class="count" aria-label=format!("已收藏{n}场")>
                                    {n}
                                </span>
                            }
                        })
                }}
            </a>
            <a href="?view=notice" aria-current=aria(Tab::Notice)>"通知原文"</a>
        </nav>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    List,
    Week,
    Notice,
}

impl Tab {
    fn of(s: &UrlState) -> Tab {
        match s.view {
            View::Week => Tab::Week,
            View::Notice => Tab::Notice,
            View::List if s.plan.is_some() => Tab::Week,
            View::List => Tab::List,
        }
    }
}

/// What the page shows, decided from the URL. Only a change of page re-renders the page,
/// so typing in the search box never rebuilds (and never unfocuses) it.
#[derive(Clone, Debug, PartialEq)]
enum Page {
    List,
    Base(String),
    Notice,
    Week,
    SharedPlan(Vec<yubei_core::plan::SessionId>),
}

/// The chunk the page a URL asks for needs ([`on_demand`]), if it is not in the first load:
/// fetched in parallel with the dataset.
pub fn chunk_for(state: &UrlState) -> Option<on_demand::Chunk> {
    use on_demand::Chunk;
    match Page::of(state) {
        Page::List => None,
        Page::Base(_) => Some(Chunk::Base),
        Page::Notice => Some(Chunk::Notice),
        Page::Week | Page::SharedPlan(_) => Some(Chunk::Week),
    }
}

impl Page {
    fn of(s: &UrlState) -> Page {
        if let Some(ids) = &s.plan {
            return Page::SharedPlan(ids.clone());
        }
        if let Some(id) = &s.base {
            return Page::Base(id.clone());
        }
        match s.view {
            View::Notice => Page::Notice,
            View::Week => Page::Week,
            View::List => Page::List,
        }
    }
}

/// The URL state after checking it against the dataset (unknown base or category dropped),
/// with every problem found on the way.
pub type Current = Memo<UrlView>;

/// The page the URL asks for, once the dataset is in.
#[component]
pub fn Loaded(data: AppData) -> impl IntoView {
    let url = use_url_state();
    let ds = data.ds.clone();
    let offline = data.offline;
    let skipped = yubei_core::load::skipped_message(&data.skipped);
    let current: Current = Memo::new(move |_| {
        let mut view = url.get();
        view.validate(&ds);
        view
    });
    pages::provide_list_rows(current.with_untracked(|v| v.state.filter()));
    bookmarks::describe_with(data.ds.clone());
    follow_title(current, data.clone());
    provide_context(data);
    provide_context(current);
    let page = Memo::new(move |_| current.with(|v| Page::of(&v.state)));
    view! {
        <div id="page">
            {offline.then(OfflineNote)}
            <Problems skipped/>
            <bookmarks::StorageWarning link=calendar::use_plan_link()/>
            <calendar::KeepPlanOffer/>
            {move || match page.get() {
                Page::List => list::ListPage().into_any(),
                Page::Base(id) => on_demand::base(id).into_any(),
                Page::Notice => on_demand::notice().into_any(),
                Page::Week => on_demand::my_week().into_any(),
                Page::SharedPlan(ids) => on_demand::shared_plan(ids).into_any(),
            }}
        </div>
    }
}

/// Keeps the browser tab's title (`document.title`, also what a history entry and a pasted
/// link are named by) on what the page shows: see [`yubei_core::titles::page_title`].
fn follow_title(current: Current, data: AppData) {
    let count = bookmarks::use_count();
    Effect::new(move |_| {
        let title = current
            .with(|v| yubei_core::titles::page_title(&v.state, &data.ds, &data.ids, count.get()));
        document().set_title(&title);
    });
}

/// Says that the data shown is the copy saved for offline use, in a bar over the bottom of
/// the screen: shown when the app takes over, it moves nothing on the page. It can be closed.
#[component]
fn OfflineNote() -> impl IntoView {
    let open = RwSignal::new(true);
    move || {
        open.get().then(|| {
            view! {
                <div class="notice-msg info offline-bar" role="status">
                    <p>"网络不通或太慢，正在显示上次保存的离线数据。"</p>
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"知道了"</button>
                </div>
            }
        })
    }
}

/// What could not be used, said plainly: records of the dataset left out (`skipped`, from
/// [`yubei_core::load::skipped_message`]), then what in the URL (the rest of the link still works).
/// Plain text, never HTML.
#[component]
fn Problems(skipped: Option<String>) -> impl IntoView {
    let current = expect_context::<Current>();
    move || {
        let mut messages = skipped.clone().map_or_else(Vec::new, |m| vec![m]);
        current.with(|v| messages.extend(v.problems.iter().map(UrlProblem::to_string)));
        (!messages.is_empty()).then(|| {
            view! {
                <div class="notice-msg" role="status">
                    {messages.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                </div>
            }
        })
    }
}

/// Placeholder cards, shown while the dataset loads.
#[component]
pub fn LoadingSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true">
            <p class="notice-msg info" role="status">"正在加载活动日程…"</p>
            <div class="panel"><div class="bone" style="width:40%"></div><div class="bone" style="height:44px"></div></div>
            <ul class="cards">
                <li class="card"><div class="bone" style="width:70%"></div></li>
                <li class="card"><div class="bone" style="width:60%"></div></li>
                <li class="card"><div class="bone" style="width:75%"></div></li>
            </ul>
        </div>
    }
}

/// Why the data could not be shown, with a retry button.
#[component]
pub fn LoadError(error: DataError, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="notice-msg" role="alert">
            <h2>"活动数据加载失败"</h2>
            <p>{error.to_string()}</p>
            <button class="btn primary" on:click=move |_| retry()>"重试"</button>
        </div>
    }
}

/// The loaded dataset (available below [`Loaded`]).
pub fn use_data() -> AppData {
    expect_context::<AppData>()
}
