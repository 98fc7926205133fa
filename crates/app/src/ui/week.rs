//! "My week" (`view=week`) and a shared plan (`plan=id,id,…`).

use std::collections::HashSet;

use leptos::prelude::*;

use super::bookmarks::{remove_with_undo, use_bookmarks};
use super::calendar::{in_app, use_plan_link, InAppCalendarHelp};
use super::pages::{Paging, ShowMore};
use super::qr::{QrCode, QrMenu};
use super::session::SessionCard;
use super::share::ShareButton;
use super::toast::use_toast;
use super::url::href;
use super::use_data;
use yubei_core::ics;
use yubei_core::links::tel_href;
use yubei_core::model::phones;
use yubei_core::plan::{calendar_split, plan_view, Change, PlanDay, PlanView, SessionId};
use yubei_core::search::Query;
use yubei_core::url_state::{UrlState, View};

/// A `data:` link that downloads `body` as an .ics file (works without JS blobs, also in
/// in-app browsers).
fn ics_href(body: &str) -> String {
    format!(
        "data:text/calendar;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(body))
    )
}

/// Now, in UTC, for DTSTAMP.
fn now_utc() -> chrono::NaiveDateTime {
    let ms = js_sys::Date::now();
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// Moves the keyboard focus to `button` each time it is rendered (a confirmation that opens,
/// an undo that replaces the button just pressed).
fn focus_when_shown(button: NodeRef<leptos::html::Button>) {
    Effect::new(move |_| {
        if let Some(el) = button.get() {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn MyWeekPage() -> impl IntoView {
    let b = use_bookmarks();
    let toast = use_toast();
    let undo = RwSignal::new(None::<Change>);
    let confirming = RwSignal::new(false);
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    let undo_ref = NodeRef::<leptos::html::Button>::new();
    focus_when_shown(cancel_ref);
    focus_when_shown(undo_ref);
    let ids = Memo::new(move |_| b.plan.with(|p| p.ids().to_vec()));
    let link = use_plan_link();
    let count_caption = Signal::derive(move || Some(sessions_caption(ids.with(Vec::len))));
    let data = use_data();
    let split = Memo::new(move |_| ids.with(|ids| calendar_split(&data.ds, ids)));
    // 清空 takes out what the parent sees listed; its 撤销 puts back only that.
    let clear = move |_| {
        let seen = ids.get_untracked();
        undo.set(b.apply(Change::Clear(seen)));
        confirming.set(false);
    };
    let restore = move |_| {
        if let Some(change) = undo.get_untracked() {
            b.apply(change);
            undo.set(None);
            toast.show("已恢复");
        }
    };
    view! {
        <section class="panel">
            <h2>{move || format!("我的一周（{}场）", ids.with(Vec::len))}</h2>
            <Show
                when=move || ids.with(|i| !i.is_empty())
                fallback=move || view! {
                    <p>"还没有收藏活动。在活动日程里点 ☆ 收藏，计划会按天排好，保存在本机浏览器里。"</p>
                    <p><a class="btn primary" href="./">"去看活动日程"</a></p>
                }
            >
                <p class="meta">"收藏保存在本机浏览器中。微信等浏览器可能会清除它：分享链接发给自己即可备份。"</p>
                <div class="links">
                    <CalendarLink split/>
                    <ShareButton label="分享我的一周" url=link/>
                    <QrMenu url=link caption=count_caption/>
                    <button type="button" class="btn danger" on:click=move |_| confirming.set(true)>"清空"</button>
                </div>
                <CalendarSkipped split/>
                <Show when=move || confirming.get()>
                    <div class="notice-msg" role="alertdialog" aria-label="确认清空">
                        <p>"确定要清空我的一周吗？"</p>
                        <div class="links">
                            <button type="button" class="btn danger" on:click=clear>"确定清空"</button>
                            <button type="button" class="btn" node_ref=cancel_ref on:click=move |_| confirming.set(false)>"取消"</button>
                        </div>
                    </div>
                </Show>
            </Show>
            <Show when=move || undo.with(Option::is_some)>
                <div class="notice-msg info" role="status">
                    <p>"已清空我的一周。"</p>
                    <button type="button" class="btn" node_ref=undo_ref on:click=restore>"撤销"</button>
                </div>
            </Show>
        </section>
        <PlanDays ids=Signal::derive(move || ids.get()) removable=true/>
        <Show when=move || ids.with(|i| !i.is_empty())>
            <div class="print-only plan-link">
                <p>"这份计划的链接（用手机打开即可查看、加入日历）：" <br/> {link}</p>
                <QrCode link caption=count_caption/>
            </div>
        </Show>
    }
}

/// What a plan's QR code holds, said under it.
fn sessions_caption(count: usize) -> String {
    format!("这份计划共 {count} 场活动")
}

/// A plan someone shared: read-only, with one button to add all of it to my week. Ids this
/// dataset does not know are listed as not found and not added (they would only show up in
/// my week as bookmarks that "left" a schedule the parent never saw them in).
#[component]
pub fn SharedPlanPage(ids: Vec<SessionId>) -> impl IntoView {
    let b = use_bookmarks();
    let toast = use_toast();
    let data = use_data();
    let (known, unknown): (Vec<SessionId>, Vec<SessionId>) = ids
        .iter()
        .cloned()
        .partition(|id| data.session(id).is_some());
    let count = known.len();
    let not_found = unknown.len();
    let add_all = move |_| {
        let added = b.plan.with_untracked(|p| {
            let have: HashSet<&str> = p.ids().iter().map(SessionId::as_str).collect();
            known
                .iter()
                .filter(|id| !have.contains(id.as_str()))
                .collect::<HashSet<_>>()
                .len()
        });
        b.apply(Change::Merge(known.clone()));
        toast.show(if not_found == 0 {
            format!("已加入 {added} 场（已有的不重复添加）")
        } else {
            format!("已加入 {added} 场（已有的不重复添加；{not_found} 场未找到，未加入）")
        });
    };
    let week_href = href(&UrlState {
        view: View::Week,
        ..UrlState::default()
    });
    view! {
        <section class="panel">
            <h2>{format!("分享的活动计划（{count}场）")}</h2>
            <p class="meta">"这是别人分享的计划，只供查看。"</p>
            <div class="links">
                {(count > 0).then(|| view! {
                    <button type="button" class="btn primary" on:click=add_all>"全部加入我的一周"</button>
                })}
                <a class="btn" href=week_href>"查看我的一周"</a>
                <QrMenu caption=Some(sessions_caption(count))/>
            </div>
        </section>
        <PlanDays ids=Signal::derive(move || ids.clone()) removable=false/>
    }
}

/// Download the whole plan as one .ics; nothing when no bookmarked session has a date (a
/// calendar without events is not valid).
#[component]
fn CalendarLink(split: Memo<(Vec<usize>, Vec<usize>)>) -> impl IntoView {
    let data = use_data();
    let in_app = in_app();
    move || {
        split.with(|(dated, _)| {
            (!dated.is_empty()).then(|| {
                if in_app {
                    return view! { <InAppCalendarHelp/> }.into_any();
                }
                let href = ics_href(&ics::calendar(&data.ds, dated, now_utc()));
                view! {
                    <a class="btn primary" href=href download=ics::file_name(&data.ds, None)>"导出到日历（.ics）"</a>
                }
                .into_any()
            })
        })
    }
}

/// Which bookmarks the calendar file leaves out, by title.
#[component]
fn CalendarSkipped(split: Memo<(Vec<usize>, Vec<usize>)>) -> impl IntoView {
    let data = use_data();
    move || {
        split.with(|(_, undated)| {
            (!undated.is_empty()).then(|| {
                let titles: Vec<String> = undated
                    .iter()
                    .map(|&i| format!("「{}」", data.ds.sessions[i].title))
                    .collect();
                view! {
                    <p class="meta">{format!("时间未定的活动不能导出到日历：{}", titles.join("、"))}</p>
                }
            })
        })
    }
}

/// The plan grouped by day, with same-day place warnings, booking reminders and bookmarks
/// that are no longer in the dataset.
#[component]
fn PlanDays(ids: Signal<Vec<SessionId>>, removable: bool) -> impl IntoView {
    let data = use_data();
    let ds = data.ds.clone();
    let whole = Memo::new(move |_| ids.with(|ids| plan_view(&ds, ids)));
    // A page of cards at a time (a plan may hold hundreds of bookmarks).
    let paging = Paging::new();
    let total = Signal::derive(move || whole.with(PlanView::row_count));
    let shown = paging.shown(total);
    let view_memo = Memo::new(move |_| whole.with(|v| v.first_rows(paging.limit())));
    let query = Memo::new(|_| Query::default());
    view! {
        <For each=move || view_memo.get().days key=|d| (d.key, d.sessions.clone()) let(day)>
            <PlanDaySection day query/>
        </For>
        <ShowMore shown total more=paging.more()/>
        {move || {
            let missing = if shown.get() < total.get() {
                Vec::new()
            } else {
                view_memo.with(|v| v.missing.clone())
            };
            (!missing.is_empty()).then(|| view! {
                <section class="day" aria-labelledby="missing">
                    <h2 id="missing">{if removable { "已不在日程中的收藏" } else { "未找到的活动" }}</h2>
                    <p class="meta">"这些活动已不在最新的活动日程里（可能已取消或修改）。"</p>
                    <ul class="cards">
                        {missing.into_iter().map(|id| view! { <MissingCard id removable/> }).collect_view()}
                    </ul>
                </section>
            })
        }}
    }
}

/// A bookmark whose session is not in the dataset: what it was when last seen (title and
/// dates, kept by the storage module), else only its id; in my week, with a button to remove
/// it (undone from the toast).
#[component]
fn MissingCard(id: String, removable: bool) -> impl IntoView {
    let b = use_bookmarks();
    let toast = use_toast();
    let about = removable
        .then(|| b.plan.with_untracked(|p| p.about(&id).cloned()))
        .flatten();
    let heading = match &about {
        Some(a) => view! {
            <h3>{a.title.clone()}</h3>
            <p class="meta">{format!("{} · 活动编号 {id}", a.dates_label())}</p>
        }
        .into_any(),
        None => view! { <h3>{format!("活动编号 {id}")}</h3> }.into_any(),
    };
    let key = id.clone();
    view! {
        <li class="card" data-missing=key>
            {heading}
            {removable.then(|| view! {
                <button type="button" class="btn" on:click=move |_| remove_with_undo(b, toast, &id)>"移除"</button>
            })}
        </li>
    }
}

#[component]
fn PlanDaySection(day: PlanDay, query: Memo<Query>) -> impl IntoView {
    let data = use_data();
    let date = day.key.day();
    let heading_id = format!("p-{}", day.key.anchor());
    let conflict = day.conflict.clone().map(|places| {
        view! {
            <p class="notice-msg" role="note">
                {format!("注意：这一天收藏的活动在不同地点：{}", places.join("、"))}
            </p>
        }
    });
    let bookings = day
        .bookings
        .iter()
        .map(|bk| {
            let title = &data.ds.sessions[bk.session].title;
            let calls = phones(&bk.contacts)
                .map(|p| view! { <a class="btn" href=tel_href(p)>"拨打 " {p.to_string()}</a> })
                .collect_view();
            view! {
                <div class="notice-msg info" role="note">
                    <p>{format!("{title}：{}。请先电话联系{}：", bk.note, bk.base_name)}</p>
                    <p class="links">{calls}</p>
                </div>
            }
        })
        .collect_view();
    let in_app = in_app();
    let cards = day
        .sessions
        .iter()
        .map(|&i| {
            let calendar = (data.ds.sessions[i].start.is_some() && !in_app)
                .then(|| ics_href(&ics::session_calendar(&data.ds, i, now_utc())));
            view! { <SessionCard index=i query day=date calendar/> }
        })
        .collect_view();
    view! {
        <section class="day" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{day.key.label()}</h2>
            {conflict}
            {bookings}
            <ul class="cards">{cards}</ul>
        </section>
    }
}
