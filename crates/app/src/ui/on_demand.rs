//! The views that are not part of the first load: each is compiled into a chunk of its own
//! (my week and shared plans, the base page, the notice), fetched when the page needs it or
//! when the browser is idle, so that the first load carries only the home list's code.
//!
//! The split happens only in the release build trunk makes (the cargo feature `split`, set in
//! `index.html`; `scripts/split.mjs` cuts the module after the build). Everywhere else (the
//! host's prerender and tests, the wasm tests) the same functions are plain `async fn`s that
//! are ready at once, so the rest of the UI never knows which build it is in.

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use yubei_core::plan::SessionId;

/// Declares a view that loads on demand: in a split build, a split point of `leptos`'s
/// splitter in the chunk named first (a failed download is an error, not a trap:
/// `fallible`); otherwise a plain `async fn` with the same signature.
macro_rules! on_demand {
    ($(#[$doc:meta])* $chunk:ident: fn $name:ident($($arg:ident: $ty:ty),*) $body:block) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name($($arg: $ty),*) -> Result<AnyView, ChunkError> {
            Ok($body.into_any())
        }
        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<AnyView, ChunkError> {
            Ok($body.into_any())
        }
    };
}

on_demand! {
    /// My week: the plan by day, its calendar export and sharing.
    week: fn my_week_page() { super::week::MyWeekPage() }
}
on_demand! {
    /// A plan someone shared by link.
    week: fn shared_plan_page(ids: Vec<SessionId>) { view! { <super::week::SharedPlanPage ids/> } }
}
on_demand! {
    /// One science base: its address, maps, phones and sessions.
    base: fn base_page(id: String) { view! { <super::base::BasePage id/> } }
}
on_demand! {
    /// The notice as published.
    notice: fn notice_page() { super::notice::NoticePage() }
}

/// A part of the app that is fetched on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chunk {
    Week,
    Base,
    Notice,
}

impl Chunk {
    /// Every chunk, in the order they are fetched when the browser is idle.
    pub const ALL: [Chunk; 3] = [Chunk::Week, Chunk::Base, Chunk::Notice];

    /// Fetches the chunk (once: later calls wait for the same download, or return at once),
    /// without showing anything. A failed download can be tried again.
    pub async fn load(self) -> Result<(), ChunkError> {
        #[cfg(feature = "split")]
        match self {
            Chunk::Week => __wasm_split_preload_my_week_page().await?,
            Chunk::Base => __wasm_split_preload_base_page().await?,
            Chunk::Notice => __wasm_split_preload_notice_page().await?,
        }
        Ok(())
    }
}

/// Fetches every chunk, one after the other (each waits for the one before, so they never
/// compete with each other or with what the parent does next): after one visit, every view
/// opens at once, and offline from the service worker's cache. A failure is left for the
/// view to report when it is opened.
pub async fn load_all() {
    for chunk in Chunk::ALL {
        let _ = chunk.load().await;
    }
}

/// A chunk could not be downloaded (no network, or a release that is no longer served).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("这一页的程序没能下载：网络不通或太慢，或网站刚刚更新过。")]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// My week.
pub fn my_week() -> impl IntoView {
    view! { <OnDemand load=my_week_page/> }
}

/// A shared plan.
pub fn shared_plan(ids: Vec<SessionId>) -> impl IntoView {
    view! { <OnDemand load=move || shared_plan_page(ids.clone())/> }
}

/// A base's page.
pub fn base(id: String) -> impl IntoView {
    view! { <OnDemand load=move || base_page(id.clone())/> }
}

/// The notice.
pub fn notice() -> impl IntoView {
    view! { <OnDemand load=notice_page/> }
}

/// Shows the view `load` makes once its chunk is in: the loading cards meanwhile (none when
/// it is already in), or why it could not be fetched, with a retry.
#[component]
fn OnDemand<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let view = SendWrapper::new(load());
        view! {
            <Suspense fallback=super::LoadingSkeleton>
                {Suspend::new(async move {
                    match view.await {
                        Ok(view) => view,
                        Err(error) => {
                            view! {
                                <ChunkFailed error retry=move || attempt.update(|n| *n += 1)/>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        }
    }
}

/// Why a view could not be shown, with a retry; the rest of the app still works.
#[component]
fn ChunkFailed(error: ChunkError, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="notice-msg" role="alert">
            <h2>"这一页暂时打不开"</h2>
            <p>{error.to_string()}</p>
            <button class="btn primary" on:click=move |_| retry()>"重试"</button>
        </div>
    }
}
