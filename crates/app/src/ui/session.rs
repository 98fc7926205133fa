//! One session as a card, the bookmark star, and highlighted text.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::bookmarks::StarButton;
use super::url::base_href;
use super::{use_data, Current};
use yubei_core::days::range_label;
use yubei_core::model::phones;
use yubei_core::search::Query;

/// Text with the query's matches (as written, or by pinyin or pronunciation) wrapped in
/// `<mark>`. Rendered as text nodes, never as HTML.
#[component]
pub fn Hl(#[prop(into)] text: String, query: Memo<Query>) -> impl IntoView {
    let index = use_data().index;
    move || {
        query.with(|q| {
            index
                .highlight(&text, q)
                .into_iter()
                .map(|seg| {
                    if seg.hit {
                        view! { <mark>{seg.text}</mark> }.into_any()
                    } else {
                        seg.text.into_any()
                    }
                })
                .collect_view()
        })
    }
}

/// A session: title, star, dates, base, place, its booking note, and (printed only) the
/// base's phone numbers. `day` is the day heading
/// it is listed under, if any, so a multi-day session can say it spans several days.
/// `calendar`, when given, is a link that downloads the session as an .ics file.
#[component]
pub fn SessionCard(
    index: usize,
    query: Memo<Query>,
    day: Option<NaiveDate>,
    #[prop(default = None)] calendar: Option<String>,
) -> impl IntoView {
    let data = use_data();
    let current = expect_context::<Current>();
    let s = data.ds.sessions[index].clone();
    let base = data.ds.base(&s.base).cloned();
    let base_id = s.base.clone();
    let base_href = move || current.with(|v| base_href(&v.state, &base_id));
    let multi = s.is_multi_day().then(|| {
        let label = if day.is_some() {
            format!("多日活动：{}", range_label(&s))
        } else {
            range_label(&s)
        };
        view! { <span class="tag">{label}</span> }
    });
    let dates = (!s.is_multi_day()).then(|| range_label(&s));
    // On paper the base's numbers are text (the screen has them on the base's page).
    let phones = base
        .as_ref()
        .map(|b| phones(&b.contacts).collect::<Vec<_>>().join("、"))
        .filter(|p| !p.is_empty());
    // A multi-day session has a card under each of its days: the day keeps the id unique.
    let title_id = match day {
        Some(day) => format!("t-{}-{day}", s.id),
        None => format!("t-{}", s.id),
    };
    let file_name = yubei_core::ics::file_name(&data.ds, Some(&s.id));
    let source = s.source.clone();
    let shows_source = move || query.with(|q| !q.is_empty());
    view! {
        <li class="card" data-session=s.id.clone()>
            <h3 id=title_id.clone()><Hl text=s.title.clone() query/></h3>
            <StarButton id=s.id.clone() title=s.title.clone()/>
            <p class="meta">{dates}{multi}</p>
            {base.map(|b| view! {
                <p class="meta">
                    <a href=base_href aria-label=b.name.clone() aria-describedby=title_id.clone()><Hl text=b.name.clone() query/></a>
                    " " <span class="tag"><Hl text=b.category.clone() query/></span>
                </p>
            })}
            <p class="meta">
                "地点：" <Hl text=s.place.clone() query/>
                {s.at_base.then_some("（基地内）")}
            </p>
            {phones.map(|p| view! { <p class="meta print-only">"电话：" {p}</p> })}
            {s.note.clone().map(|note| view! { <p class="hint">"提示：" <Hl text=note query/></p> })}
            {calendar.map(|href| view! {
                <p class="meta"><a class="btn" href=href download=file_name aria-describedby=title_id.clone()>"加入日历"</a></p>
            })}
            <Show when=shows_source>
                <p class="meta">"通知原文：" <Hl text=source.clone() query/></p>
            </Show>
        </li>
    }
}
