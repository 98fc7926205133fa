//! A base's page: where it is (with map links), whom to call, its sessions, and the notice's
//! original table row.

use std::sync::Arc;

use leptos::prelude::*;

use super::pages::ShowMore;
use super::session::SessionCard;
use super::share::ShareButton;
use super::url::{base_href, href};
use super::{use_data, Current};
use yubei_core::browse::same_address_bases;
use yubei_core::links::{map_links, tel_href};
use yubei_core::model::Dataset;
use yubei_core::paging::{next_limit, PAGE_ROWS};
use yubei_core::search::Query;

#[component]
pub fn BasePage(id: String) -> impl IntoView {
    let data = use_data();
    let current = expect_context::<Current>();
    let Some(base) = data.ds.base(&id).cloned() else {
        // `UrlState::validate` drops unknown ids before this page is chosen; a dataset
        // inconsistent with itself still gets an explanation rather than a blank page.
        return view! { <p class="notice-msg" role="alert">"找不到这个科普基地。"</p> }.into_any();
    };
    let back = move || {
        let mut state = current.with(|v| v.state.clone());
        state.base = None;
        href(&state)
    };
    let query = Memo::new(move |_| current.with(|v| Query::parse(&v.state.q)));
    let sessions: Vec<usize> = data.ds.sessions_of(&base.id).collect();
    let same_address = same_address_bases(&data.ds, &base.id);
    let has_neighbours = !same_address.is_empty();
    let neighbours = same_address
        .into_iter()
        .map(|b| {
            let link = current.with_untracked(|v| base_href(&v.state, &b.id));
            view! { <a href=link>{b.name.clone()}</a> }
        })
        .collect_view();
    let maps = map_links(&base.address)
        .into_iter()
        .map(|(label, url)| {
            view! {
                <li><a class="btn" href=url target="_blank" rel="noopener">{label}</a></li>
            }
        })
        .collect_view();
    let contacts = base
        .contacts
        .iter()
        .map(|c| {
            view! {
                <dt>"联系人"</dt>
                <dd>{c.name.clone()}<PhoneLinks phones=c.phones.clone()/></dd>
            }
        })
        .collect_view();
    let row = base.row.join("\n");
    let count = sessions.len();
    // A page of cards at a time (a base may run hundreds of sessions).
    let limit = RwSignal::new(PAGE_ROWS);
    let shown = Signal::derive(move || limit.get().min(count));
    let cards = move || sessions[..shown.get()].to_vec();
    view! {
        <article class="base-page">
            <p><a class="btn" href=back>"← 返回活动列表"</a></p>
            <section class="panel">
                <h2>{base.name.clone()}</h2>
                <p><span class="tag">{base.category.clone()}</span></p>
                <dl class="facts">
                    <dt>"地址"</dt>
                    <dd>
                        {base.address.clone()}
                        <ul class="links" aria-label="在地图中查看">{maps}</ul>
                    </dd>
                    {contacts}
                </dl>
                {has_neighbours.then(|| view! {
                    <p class="notice-msg info">"同一地址还有：" {neighbours}</p>
                })}
                <div class="bar"><span></span><ShareButton/></div>
            </section>
            <section class="day" aria-labelledby="base-sessions">
                <h2 id="base-sessions">{format!("活动安排（{count}场）")}</h2>
                <ul class="cards">
                    <For each=cards key=|i| *i let(i)>
                        <SessionCard index=i query day=None/>
                    </For>
                </ul>
                <ShowMore shown total=Signal::derive(move || count) more=move |n| limit.set(next_limit(n))/>
            </section>
            <section class="panel" aria-labelledby="base-row">
                <h2 id="base-row">"通知附件原文"</h2>
                <pre class="row-verbatim">{row}</pre>
            </section>
        </article>
    }
    .into_any()
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
