//! Sharing a link (Web Share API, else the clipboard, else a box to copy by hand) and the
//! short confirmation toast.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A short message shown at the bottom of the screen for a few seconds, sometimes with an
/// 撤销 button. Take it with [`use_toast`] while the component is created: event handlers and
/// async tasks run outside the component tree, where the context cannot be found.
#[derive(Clone, Copy)]
pub struct Toaster {
    current: RwSignal<Option<ToastMessage>>,
    /// Counts messages, so that a message's timer never hides a newer one.
    shown: StoredValue<u64>,
}

/// The undo of a toast: a plain closure, not a `Callback`, whose value would be disposed
/// with the component that made it (the card removed by the very action to undo).
type Undo = Arc<dyn Fn() + Send + Sync>;

#[derive(Clone)]
struct ToastMessage {
    text: String,
    undo: Option<Undo>,
    serial: u64,
}

impl Toaster {
    /// Shows `message` for four seconds (a newer message replaces an older one).
    pub fn show(&self, message: impl Into<String>) {
        self.put(message.into(), None, Duration::from_secs(4));
    }

    /// Shows `message` with an 撤销 button that runs `undo` (once), for eight seconds: long
    /// enough to find the button.
    pub fn show_with_undo(
        &self,
        message: impl Into<String>,
        undo: impl Fn() + Send + Sync + 'static,
    ) {
        self.put(message.into(), Some(Arc::new(undo)), Duration::from_secs(8));
    }

    fn put(&self, text: String, undo: Option<Undo>, lasts: Duration) {
        let serial = self.shown.get_value() + 1;
        self.shown.set_value(serial);
        self.current.set(Some(ToastMessage { text, undo, serial }));
        let current = self.current;
        set_timeout(
            move || {
                if current.with_untracked(|m| m.as_ref().is_some_and(|m| m.serial == serial)) {
                    current.set(None);
                }
            },
            lasts,
        );
    }
}

pub fn provide_toast() {
    provide_context(Toaster {
        current: RwSignal::new(None),
        shown: StoredValue::new(0),
    });
}

pub fn use_toast() -> Toaster {
    expect_context::<Toaster>()
}

#[component]
pub fn Toast() -> impl IntoView {
    let current = use_toast().current;
    view! {
        <div aria-live="polite" role="status">
            {move || current.get().map(|m| match m.undo {
                None => view! { <p class="toast">{m.text}</p> }.into_any(),
                Some(undo) => view! {
                    <div class="toast with-undo">
                        <p>{m.text}</p>
                        <button type="button" class="btn" on:click=move |_| {
                            current.set(None);
                            undo();
                        }>"撤销"</button>
                    </div>
                }
                .into_any(),
            })}
        </div>
    }
}

/// How a link left the page.
enum Shared {
    /// The system share sheet took it.
    Sheet,
    /// It is on the clipboard.
    Copied,
    /// Neither worked (e.g. an old WeChat browser): show it to copy by hand.
    Manual,
    /// The user closed the share sheet.
    Cancelled,
}

async fn share_or_copy(url: &str, title: &str) -> Shared {
    let Some(window) = web_sys::window() else {
        return Shared::Manual;
    };
    let navigator = window.navigator();
    let has_share = js_sys::Reflect::has(&navigator, &"share".into()).unwrap_or(false);
    if has_share {
        let data = web_sys::ShareData::new();
        data.set_title(title);
        data.set_url(url);
        match JsFuture::from(navigator.share_with_data(&data)).await {
            Ok(_) => return Shared::Sheet,
            Err(e) => {
                let name = e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.name()))
                    .unwrap_or_default();
                if name == "AbortError" {
                    return Shared::Cancelled;
                }
            }
        }
    }
    let has_clipboard = js_sys::Reflect::has(&navigator, &"clipboard".into()).unwrap_or(false);
    if has_clipboard
        && JsFuture::from(navigator.clipboard().write_text(url))
            .await
            .is_ok()
    {
        return Shared::Copied;
    }
    Shared::Manual
}

/// The current page's full address.
fn current_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// "分享此页": shares or copies the link to exactly this view.
#[component]
pub fn ShareButton(
    #[prop(optional, into)] label: Option<String>,
    /// The link to share; the current address when absent.
    #[prop(optional, into)]
    url: Option<Signal<String>>,
) -> impl IntoView {
    let manual = RwSignal::new(None::<String>);
    let toast = use_toast();
    let label = label.unwrap_or_else(|| "分享此页".to_string());
    let on_click = move |_| {
        let link = url.map(|u| u.get_untracked()).unwrap_or_else(current_url);
        leptos::task::spawn_local(async move {
            match share_or_copy(&link, yubei_core::titles::SITE).await {
                Shared::Sheet => toast.show("已分享"),
                Shared::Copied => toast.show("链接已复制，可粘贴给家人"),
                Shared::Cancelled => {}
                Shared::Manual => manual.set(Some(link)),
            }
        });
    };
    view! {
        <button type="button" class="btn" on:click=on_click>{label}</button>
        {move || manual.get().map(|link| view! {
            <label class="manual-copy">
                "无法自动复制，请长按下面的链接复制："
                <input type="text" readonly prop:value=link on:focus=|ev| {
                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.select();
                    }
                }/>
            </label>
        })}
    }
}
