//! The views that are not part of the first load: each is compiled into a chunk of its own
//! (my week and shared plans, the base page, the notice), fetched when the page needs it or
//! when the browser is idle, so that the first load carries only the home list's code. The
//! mechanism: [`super::split`].

use super::split::{split_point, ChunkError, OnDemand, ViewLoader};
use leptos::prelude::*;
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
    /// QR codes (`super::qr`).
    Qr,
}

impl Chunk {
    /// Every chunk, in the order they are fetched when the browser is idle.
    pub const ALL: [Chunk; 4] = [Chunk::Week, Chunk::Base, Chunk::Notice, Chunk::Qr];

    /// Fetches the chunk (once: later calls wait for the same download, or return at once),
    /// without showing anything. A failed download can be tried again.
    pub async fn load(self) -> Result<(), ChunkError> {
        match self {
            Chunk::Week => preload_week().await?,
            Chunk::Base => preload_base().await?,
            Chunk::Notice => preload_notice().await?,
            Chunk::Qr => super::qr::preload_qr().await?,
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
    view! { <OnDemand load=ViewLoader::new(my_week_page)/> }
}

/// A shared plan.
pub fn shared_plan(ids: Vec<SessionId>) -> impl IntoView {
    view! { <OnDemand load=ViewLoader::new(move || shared_plan_page(ids.clone()))/> }
}

/// A base's page.
pub fn base(id: String) -> impl IntoView {
    view! { <OnDemand load=ViewLoader::new(move || base_page(id.clone()))/> }
}

/// The notice.
pub fn notice() -> impl IntoView {
    view! { <OnDemand load=ViewLoader::new(notice_page)/> }
}
