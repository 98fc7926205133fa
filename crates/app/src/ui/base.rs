//! A base's page: where it is (with map links), whom to call, its sessions, and the notice's
//! original table row.

use std::sync::Arc;

use leptos::prelude::*;

use super::pages::{Paging, ShowMore};
use super::qr::QrMenu;
use super::session::SessionCard;
use super::share::ShareButton;
use super::url::{base_href, href};
use super::{use_data, Current};
use yubei_core::browse::same_address_bases;
use yubei_core::links::{map_links, tel_href};
use yubei_core::model::{Base, BaseContact, Dataset};
use yubei_core::search::Query;

/// The page of the base `id`: the way back, the base, its sessions, its row as published.
#[component]
pub fn BasePage(id: String) -> impl IntoView {
    let data = use_data();
    let Some(base) = data.ds.base(&id).cloned() else {
        // `UrlState::validate` drops unknown ids before this page is chosen; a dataset
        // inconsistent with itself still gets an explanation rather than a blank page.
        return view! { <p class="notice-msg" role="alert">"找不到这个科普基地。"</p> }.into_any();
    };
    let row = base.row.clone();
    view! {
        <article class="base-page">
            <BackToList/>
            <AboutBase base/>
            <BaseSessions id/>
            <RowAsPublished row/>
        </article>
    }
    .into_any()
}

/// "← 返回活动列表": back to the list as it was (search, day, category), without the base.
#[component]
fn BackToList() -> impl IntoView {
    let current = expect_context::<Current>();
    let back = move || {
        let mut state = current.with(|v| v.state.clone());
        state.base = None;
        href(&state)
    };
    view! { <p><a class="btn" href=back>"← 返回活动列表"</a></p> }
}

/// What the base is and how to reach it: name, category, address with map links, contacts,
/// the other bases at the same address, and the share button.
#[component]
fn AboutBase(base: Base) -> impl IntoView {
    let Base {
        id,
        name,
        category,
        address,
        contacts,
        ..
    } = base;
    view! {
        <section class="panel">
            <h2>{name}</h2>
            <p><span class="tag">{category}</span></p>
            <dl class="facts">
                <dt>"地址"</dt>
                <dd>
                    {address.clone()}
                    <MapLinks address/>
                </dd>
                <Contacts contacts/>
            </dl>
            <SameAddress id/>
            <div class="bar"><span></span><div class="actions"><ShareButton/><QrMenu/></div></div>
        </section>
    }
    // Erased: nested in the page's view, this type is too deep for the compiler's layout
    // queries (`queries overflow the depth limit`).
    .into_any()
}

/// Buttons that open the address in the map apps.
#[component]
fn MapLinks(address: String) -> impl IntoView {
    let maps = map_links(&address)
        .into_iter()
        .map(|(label, url)| {
            view! {
                <li><a class="btn" href=url target="_blank" rel="noopener">{label}</a></li>
            }
        })
        .collect_view();
    view! { <ul class="links" aria-label="在地图中查看">{maps}</ul> }
}

/// Whom to call: each contact's name with tap-to-call buttons, as terms of the facts list.
#[component]
fn Contacts(contacts: Vec<BaseContact>) -> impl IntoView {
    contacts
        .into_iter()
        .map(|c| {
            view! {
                <dt>"联系人"</dt>
                <dd>{c.name}<PhoneLinks phones=c.phones/></dd>
            }
        })
        .collect_view()
}

/// "同一地址还有：" and a link to each other base at the same address; nothing when none.
#[component]
fn SameAddress(id: String) -> impl IntoView {
    let data = use_data();
    let current = expect_context::<Current>();
    let same_address = same_address_bases(&data.ds, &id);
    (!same_address.is_empty()).then(|| {
        let neighbours = same_address
            .into_iter()
            .map(|b| {
                let link = current.with_untracked(|v| base_href(&v.state, &b.id));
                view! { <a href=link>{b.name.clone()}</a> }
            })
            .collect_view();
        view! { <p class="notice-msg info">"同一地址还有：" {neighbours}</p> }
    })
}

/// The base's sessions as cards, a page at a time (a base may run hundreds of sessions).
#[component]
fn BaseSessions(id: String) -> impl IntoView {
    let data = use_data();
    let current = expect_context::<Current>();
    let query = Memo::new(move |_| current.with(|v| Query::parse(&v.state.q)));
    let sessions: Vec<usize> = data.ds.sessions_of(&id).collect();
    let count = sessions.len();
    let paging = Paging::new();
    let total = Signal::derive(move || count);
    let shown = paging.shown(total);
    let cards = move || sessions[..shown.get()].to_vec();
    view! {
        <section class="day" aria-labelledby="base-sessions">
            <h2 id="base-sessions">{format!("活动安排（{count}场）")}</h2>
            <ul class="cards">
                <For each=cards key=|i| *i let(i)>
                    <SessionCard index=i query day=None/>
                </For>
            </ul>
            <ShowMore shown total more=paging.more()/>
        </section>
    }
}

/// The base's row of the notice's attached table, exactly as published.
#[component]
fn RowAsPublished(row: Vec<String>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="base-row">
            <h2 id="base-row">"通知附件原文"</h2>
            <pre class="row-verbatim">{row.join("\n")}</pre>
        </section>
    }
}

/// Tap-to-call buttons for a contact's phone numbers.
#[component]
fn PhoneLinks(phones: Vec<String>) -> impl IntoView {
    let links = phones
        .into_iter()
        .map(|p| view! { <li><a class="btn" href=tel_href(&p)>"拨打 " {p.clone()}</a></li> })
        .collect_view();
    view! { <ul class="links">{links}</ul> }
}

/// Every base with its category, address and tap-to-call numbers, for a page shown without
/// the app (no JavaScript or WebAssembly): there a base link (`?base=…#base-…`) cannot open
/// the base's page, and its fragment leads here instead.
#[component]
pub fn BaseDirectory(ds: Arc<Dataset>) -> impl IntoView {
    let bases = ds
        .bases
        .iter()
        .map(|b| {
            let contacts = b
                .contacts
                .iter()
                .map(|c| view! { <p class="meta">{c.name.clone()}</p><PhoneLinks phones=c.phones.clone()/> })
                .collect_view();
            view! {
                <li class="card" id=format!("base-{}", b.id)>
                    <h3>{b.name.clone()}</h3>
                    <p class="meta"><span class="tag">{b.category.clone()}</span> {b.address.clone()}</p>
                    {contacts}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="day nojs-only" aria-labelledby="bases">
            <h2 id="bases">"科普基地与联系电话"</h2>
            <ul class="cards">{bases}</ul>
        </section>
    }
}
