//! The notice tab: the week's theme and what this page does (kept off the home page's first
//! screen, which is the list's), then the notice itself, section by section, with its contact.

use chrono::Datelike;
use leptos::prelude::*;

use super::use_data;
use yubei_core::days::short_date;
use yubei_core::edition;
use yubei_core::links::{mailto_href, tel_href};

#[component]
pub fn NoticePage() -> impl IntoView {
    let data = use_data();
    let n = data.ds.notice.clone();
    let sections = n
        .sections
        .iter()
        .map(|sec| {
            let heading =
                (!sec.heading.is_empty()).then(|| view! { <h2>{sec.heading.clone()}</h2> });
            let paragraphs = sec
                .paragraphs
                .iter()
                .map(|p| view! { <p>{p.clone()}</p> })
                .collect_view();
            view! { <section>{heading}{paragraphs}</section> }
        })
        .collect_view();
    let c = n.contact.clone();
    // An address that is not a plain one is shown, not linked (see `mailto_href`).
    let mail = match mailto_href(&c.email) {
        Some(href) => view! { <a class="btn" href=href>"邮件 " {c.email.clone()}</a> }.into_any(),
        None => format!("邮件 {}", c.email).into_any(),
    };
    let week = &data.ds.week;
    let about = format!(
        "{}至{}，{}",
        short_date(week.start),
        short_date(week.end),
        edition::intro(&data.ds)
    );
    view! {
        <section class="panel about" aria-labelledby="about">
            <h2 id="about">"活动主题：" {week.theme.clone()}</h2>
            <p>{about}</p>
        </section>
        <article class="panel notice-text">
            <p class="meta">{n.issuer.clone()} " · " {format!("{}年{}月{}日", n.published.year(), n.published.month(), n.published.day())}</p>
            <h2>{n.title.clone()}</h2>
            <p class="meta">{n.plan_title.clone()}</p>
            {sections}
            <section aria-labelledby="contact">
                <h2 id="contact">"联系方式"</h2>
                <ul class="links">
                    <li>{c.name.clone()}</li>
                    <li><a class="btn" href=tel_href(&c.phone)>"拨打 " {c.phone.clone()}</a></li>
                    <li>{mail}</li>
                </ul>
            </section>
        </article>
    }
}
