//! 二维码: a link as a QR code another phone scans (WeChat's 扫一扫, a camera), on screen in a
//! menu beside the share button, and on paper at the end of a printed plan or list. The code
//! is drawn by the `qr` chunk ([`yubei_core::qr`] and the figure), fetched when a code is
//! first shown (or when the browser is idle), never part of the first load.

use leptos::prelude::*;

use super::calendar::close_on_tap_elsewhere;
use super::share::current_url;
use super::split::{split_point, OnDemand, ViewLoader};
use super::Current;
use yubei_core::qr::QrImage;

split_point! {
    /// The figure of `link`'s QR code, with `caption` and the link as text under it; or, for
    /// a link too long to scan, why there is no code and the link.
    pub(super) qr, preload = preload_qr:
    fn qr_figure(link: String, caption: Option<String>) -> AnyView {
        view! { <QrFigure link caption/> }.into_any()
    }
}

#[component]
fn QrFigure(link: String, caption: Option<String>) -> impl IntoView {
    let caption = caption.map(|c| view! { <p class="qr-caption">{c}</p> });
    match QrImage::of(&link) {
        Ok(image) => {
            let view_box = format!("0 0 {0} {0}", image.size);
            view! {
                <figure class="qr">
                    // Dark on light whatever the page's colours: what scanners read.
                    <svg class="qr-code" viewBox=view_box role="img" aria-label="二维码" shape-rendering="crispEdges">
                        <rect width=image.size height=image.size fill="#fff"/>
                        <path d=image.path fill="#000"/>
                    </svg>
                    <figcaption>{caption}<p class="qr-link">{link}</p></figcaption>
                </figure>
            }
            .into_any()
        }
        Err(error) => view! {
            <div class="qr">
                <p class="notice-msg" role="note">{error.to_string()}</p>
                {caption}
                <p class="qr-link">{link}</p>
            </div>
        }
        .into_any(),
    }
}

/// The QR code of `link` (kept up to date as it changes), once the `qr` chunk is in.
#[component]
pub fn QrCode(
    #[prop(into)] link: Signal<String>,
    #[prop(into, optional)] caption: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        let (link, caption) = (link.get(), caption.get());
        let load = ViewLoader::new(move || qr_figure(link.clone(), caption.clone()));
        view! { <OnDemand load small=true/> }
    }
}

/// 二维码, beside a share button: a menu with the QR code of `url` (the page's own address
/// when absent), drawn when the menu opens.
#[component]
pub fn QrMenu(
    /// The link the code holds; the current address when absent.
    #[prop(optional, into)]
    url: Option<Signal<String>>,
    #[prop(into, optional)] caption: Signal<Option<String>>,
    /// An icon in place of the word (which stays, for screen readers; the icon is drawn by
    /// `index.html`'s style): for the list's count row, where the word would push the
    /// subscription menu onto a second line.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let link = url.unwrap_or_else(|| {
        let current = expect_context::<Current>();
        Signal::derive(move || {
            current.track();
            current_url()
        })
    });
    let open = RwSignal::new(false);
    let menu = NodeRef::<leptos::html::Details>::new();
    close_on_tap_elsewhere(menu);
    let toggled = move |_| {
        open.set(
            menu.get_untracked()
                .is_some_and(|d| d.has_attribute("open")),
        )
    };
    let close = move |_| {
        if let Some(details) = menu.get_untracked() {
            let _ = details.remove_attribute("open");
        }
    };
    view! {
        <details class=if compact { "menu qr-menu compact" } else { "menu qr-menu" } node_ref=menu on:toggle=toggled>
            <summary class="btn" title="二维码">
                <span class="qr-word">"二维码"</span>
            </summary>
            <div class="menu-body">
                <p class="meta">"用另一部手机的微信“扫一扫”或相机扫码，就能打开这一页："</p>
                {move || open.get().then(|| view! { <QrCode link caption/> })}
                <p><button type="button" class="btn" on:click=close>"关闭"</button></p>
            </div>
        </details>
    }
    .into_any()
}
