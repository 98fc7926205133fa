//! Sharing a link (Web Share API, else the clipboard, else a box to copy by hand).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::data::AppData;
use super::toast::use_toast;
use yubei_core::edition::Edition;

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
pub(super) fn current_url() -> String {
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
    // The share sheet's title: the edition's name.
    let site = use_context::<AppData>().map_or_else(String::new, |d| Edition::of(&d.ds).name());
    let on_click = move |_| {
        let link = url.map(|u| u.get_untracked()).unwrap_or_else(current_url);
        let site = site.clone();
        leptos::task::spawn_local(async move {
            match share_or_copy(&link, &site).await {
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
