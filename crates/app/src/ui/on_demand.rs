//! The views that are not part of the first load: each is compiled into a chunk of its own
//! (my week and shared plans, the base page, the notice), fetched when the page needs it or
//! when the browser is idle, so that the first load carries only the home list's code. The
//! mechanism: [`super::split`].

use std::future::Future;

use super::split::{split_point, ChunkError};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use yubei_core::plan::SessionId;

split_point! {
    /// My week: the plan by day, its calendar export and sharing.
    week, preload = preload_week: fn my_week_page() -> AnyView { super::week::MyWeekPage().into_any() }
}
split_point! {
    /// A plan someone shared by link.
    week: fn shared_plan_page(ids: Vec<SessionId>) -> AnyView {
        view! { <super::week::SharedPlanPage ids/> }.into_any()
    }
}
split_point! {
    /// One science base: its address, maps, phones and sessions.
    base, preload = preload_base: fn base_page(id: String) -> AnyView { view! { <super::base::BasePage id/> }.into_any() }
}
split_point! {
    /// The notice as published.
    notice, preload = preload_notice: fn notice_page() -> AnyView { super::notice::NoticePage().into_any() }
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
        match self {
            Chunk::Week => preload_week().await?,
            Chunk::Base => preload_base().await?,
            Chunk::Notice => preload_notice().await?,
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

/// Why a view could not be shown, with a retry; the rest of the app still works. A page left
/// open while a new release was published asks for its own release's chunk, which the server
/// no longer has (it never takes the new release's): opening the page again loads the new
/// release whole.
#[component]
fn ChunkFailed(error: ChunkError, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="notice-msg" role="alert">
            <h2>"这一页暂时打不开"</h2>
            <p>{error.to_string()}</p>
            <div class="links">
                <button class="btn primary" on:click=move |_| retry()>"重试"</button>
                <button class="btn" on:click=|_| reload()>"重新打开本页"</button>
            </div>
        </div>
    }
}

/// Opens the current address again (the newest release, if one was published meanwhile).
fn reload() {
    let _ = window().location().reload();
}
