//! Calendars and apps' built-in browsers: the whole week's calendar to subscribe to (home),
//! what to do instead of a calendar download in WeChat and the like (my week), and, a few
//! bookmarks in (after the first one made in an app), the plan's link as a backup.

use leptos::prelude::*;

use super::bookmarks::use_bookmarks;
use super::share::ShareButton;
use super::use_data;
use yubei_core::ics::subscription_file;
use yubei_core::plan::Plan;
use yubei_core::platform::Platform;
use yubei_core::url_state::UrlState;

/// The browser, provided by the browser shell; absent in the build-time prerender.
pub fn use_platform() -> Option<Platform> {
    use_context::<Platform>()
}

/// True in an app's built-in browser (WeChat, QQ, Weibo, DingTalk).
pub fn in_app() -> bool {
    use_platform().is_some_and(|p| p.in_app)
}

/// The absolute link to a shared copy of `plan` (relative in the prerender).
pub fn plan_link(platform: Option<&Platform>, plan: &Plan) -> String {
    let state = UrlState {
        plan: Some(plan.ids().to_vec()),
        ..UrlState::default()
    };
    let dir = platform.map_or("", |p| p.page_dir.as_str());
    format!("{dir}{}", state.to_query())
}

/// The link to a shared copy of the parent's plan, kept up to date as bookmarks change.
pub fn use_plan_link() -> Signal<String> {
    let b = use_bookmarks();
    let platform = use_platform();
    Signal::derive(move || b.plan.with(|p| plan_link(platform.as_ref(), p)))
}

/// 订阅日历, a menu beside the list's count: what subscribing gives, then a `webcal:` link
/// where the system takes it (iPhone, iPad, Mac), the calendar file otherwise, and its address
/// to copy (Android's calendars subscribe by address, in their settings). A `<details>`, so it
/// opens without the app too; a tap elsewhere closes it. Its type is erased (`into_any`), as
/// the home list's top is: nested in it, the view's type is too deep for the compiler's query
/// limit when the host builds the prerender's tests.
#[component]
pub fn SubscribeCalendar() -> impl IntoView {
    let platform = use_platform();
    let file = subscription_file(&use_data().ds);
    let https = platform
        .as_ref()
        .map_or_else(|| file.clone(), |p| p.subscription_url(&file));
    let href = platform
        .as_ref()
        .and_then(|p| p.webcal_url(&file))
        .unwrap_or_else(|| https.clone());
    let in_app = platform.as_ref().is_some_and(|p| p.in_app);
    let menu = NodeRef::<leptos::html::Details>::new();
    close_on_tap_elsewhere(menu);
    view! {
        <details class="menu subscribe" node_ref=menu>
            <summary class="btn">"订阅日历"</summary>
            <div class="menu-body">
                <p>"把整周的活动加入手机日历，日程有变时日历会跟着更新。"</p>
                <div class="links">
                    {(!in_app).then(|| view! { <a class="btn" href=href>"订阅整周日历"</a> })}
                    <ShareButton label=if in_app { "复制整周日历的订阅地址" } else { "复制订阅地址" } url=Signal::stored(https)/>
                </div>
            </div>
        </details>
    }
    .into_any()
}

/// Closes the `<details>` menu when the parent taps anywhere outside it. Inside is read from
/// the path the event took, not from where its target is now: a button the tap replaced (a
/// retry that draws what it was for) is no longer in the menu, but the tap was.
pub(super) fn close_on_tap_elsewhere(menu: NodeRef<leptos::html::Details>) {
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::click, move |ev| {
            let Some(details) = menu.get_untracked() else {
                return;
            };
            let inside = ev.composed_path().includes(&details, 0);
            if !inside && details.has_attribute("open") {
                let _ = details.remove_attribute("open");
            }
        });
        on_cleanup(move || handle.remove());
    });
}

/// In an app's built-in browser, instead of a calendar download that does nothing: how to
/// open the page in the phone's browser, and the plan's link to copy (my week lives in this
/// browser's storage; the link carries it to the other browser).
#[component]
pub fn InAppCalendarHelp() -> impl IntoView {
    let link = use_plan_link();
    view! {
        <div class="notice-msg info in-app-help" role="note">
            <p>"在微信等 App 里不能直接导出到日历。请点右上角 ··· → 在浏览器打开，再导出；或复制计划链接，在手机浏览器里打开。"</p>
            <ShareButton label="复制计划链接" url=link/>
        </div>
    }
}

/// The plan's link as a backup, to send to oneself: a few bookmarks in (see
/// `bookmarks::OFFER_LINK_AFTER`), or after the first in an app's built-in browser, whose
/// storage may be cleared. On an iPhone or iPad, what Safari does with a site's storage.
/// Shown once per visit; 知道了 dismisses it for good.
#[component]
pub fn KeepPlanOffer() -> impl IntoView {
    let b = use_bookmarks();
    let link = use_plan_link();
    let platform = use_platform().unwrap_or_default();
    let why = if platform.in_app {
        "在微信等 App 里，收藏可能被清除。把“我的一周”的链接发给自己，随时能找回："
    } else {
        "收藏只保存在这个浏览器里，清除浏览数据或换手机就没有了。把“我的一周”的链接发给自己备份，随时能找回："
    };
    let ios = platform.ios && !platform.in_app;
    move || {
        b.offer_link.get().then(|| {
            view! {
                <div class="notice-msg info keep-plan" role="status">
                    <p>{why}</p>
                    {ios.then(|| view! {
                        <p class="meta">"在 iPhone、iPad 上，7 天没有打开本页，Safari 会删除本页保存的收藏；添加到主屏幕的本页另有一份自己的收藏，与 Safari 里的不相通。"</p>
                    })}
                    <div class="links">
                        <ShareButton label="发送计划链接" url=link/>
                        <button type="button" class="btn" on:click=move |_| b.dismiss_offer()>"知道了"</button>
                    </div>
                </div>
            }
        })
    }
}
