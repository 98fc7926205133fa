//! The home page: search box, date and category chips, the sessions grouped by day, and the
//! district's main activities.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::calendar::{use_platform, SubscribeCalendar};
use super::data::Keywords;
use super::editions::SearchOtherYears;
use super::observe::on_screen;
use super::pages::{use_list_rows, ListRows, ShowMore};
use super::qr::{QrCode, QrMenu};
use super::session::{Hl, SessionCard};
use super::share::ShareButton;
use super::today::{open_at_today, today_in_schedule, WeekClock};
use super::url::{href, Entry, UrlWriter};
use super::{use_data, Current};
use yubei_core::browse::{self, DateFilter, Filter};
use yubei_core::days::GroupKey;
use yubei_core::paging;
use yubei_core::search::Query;
use yubei_core::url_state::UrlState;

/// Applies `change` to the current URL state and writes it back.
fn update(current: Current, writer: &UrlWriter, entry: Entry, change: impl FnOnce(&mut UrlState)) {
    let mut state = current.with_untracked(|v| v.state.clone());
    change(&mut state);
    writer.go(&state, entry);
}

#[component]
pub fn ListPage() -> impl IntoView {
    let data = use_data();
    let current = expect_context::<Current>();
    let filter = Memo::new(move |_| current.with(|v| v.state.filter()));
    let query = Memo::new(move |_| filter.with(|f| f.query.clone()));
    let (ds, index) = (data.ds.clone(), data.index.clone());
    let matches = Memo::new(move |_| filter.with(|f| browse::filter_sessions(&ds, &index, f)));
    let ds = data.ds.clone();
    let groups = Memo::new(move |_| {
        let date = filter.with(|f| f.date);
        matches.with(|m| browse::listing(&ds, m, date))
    });
    // Only the first pages of the listing are rendered; the count stays exact.
    let rows = use_list_rows();
    let limit = Memo::new(move |_| filter.with(|f| rows.limit(f)));
    let shown = Memo::new(move |_| groups.with(|g| paging::first_rows(g, limit.get())));
    let total = Signal::derive(move || groups.with(|g| paging::row_count(g)));
    let shown_rows = Signal::derive(move || limit.get().min(total.get()));
    let all_shown = move || shown_rows.get() >= total.get();
    open_at_today(rows, groups, filter);
    remember_scroll(rows, filter);
    let index = data.index.clone();
    let activities = Memo::new(move |_| {
        let shows = filter.with(|f| f.date == DateFilter::All && f.category.is_none());
        if shows {
            index.activities(&query.get())
        } else {
            Vec::new()
        }
    });
    let nothing = move || matches.with(Vec::is_empty) && activities.with(Vec::is_empty);
    let keys = move || shown.with(|g| g.iter().map(|(key, _)| *key).collect::<Vec<_>>());
    let chips = NodeRef::new();
    let chips_seen = on_screen_below_search(chips);
    // The line saying which day and category are in force shows when the chips that say it
    // are scrolled away: it never pushes the chips (or anything else) down.
    let narrowing_shown =
        Signal::derive(move || !chips_seen.get() && filter.with(|f| f.narrowing().is_some()));
    view! {
        <div class="list" class:narrowed=narrowing_shown>
            <ListTop filter chips narrowing_shown count=Signal::derive(move || matches.with(Vec::len))/>
            <Show when=move || !nothing()>
                <HeardAs query/>
            </Show>
            <Show when=nothing>
                <NoResults/>
            </Show>
            <For each=keys key=|key| *key let(key)>
                <DayGroup key ids=Signal::derive(move || shown.with(|g| paging::rows_of(g, &key))) query/>
            </For>
            <ShowMore shown=shown_rows total more=move |n| rows.more(filter.get_untracked(), n)/>
            <Show when=move || all_shown() && activities.with(|a| !a.is_empty())>
                <DistrictActivities ids=activities query/>
            </Show>
            <SearchOtherYears/>
            <PrintedLink/>
        </div>
    }
}

/// On paper, under a list narrowed by a search, a day or a category: its link and QR code, so
/// the printed page leads a phone back to the same list. Nothing for the whole week.
#[component]
fn PrintedLink() -> impl IntoView {
    let current = expect_context::<Current>();
    let platform = use_platform();
    let narrowed = Memo::new(move |_| current.with(|v| !v.state.filter().is_everything()));
    let link = Signal::derive(move || {
        let dir = platform.as_ref().map_or("", |p| p.page_dir.as_str());
        current.with(|v| format!("{dir}{}", v.state.to_query()))
    });
    move || {
        narrowed.get().then(|| {
            view! {
                <div class="print-only plan-link">
                    <p>"这份清单的链接（用手机打开即可查看）：" <br/> {link}</p>
                    <QrCode link/>
                </div>
            }
        })
    }
}

/// What is above the list: the week's note, the search box with the day and category in
/// force (both stay on screen), the chips, and the count with the share and subscription
/// buttons. Its type is erased (`into_any`): the whole page's view type is otherwise too deep
/// for the compiler's query limit on the host (the prerender and its tests).
#[component]
fn ListTop(
    filter: Memo<Filter>,
    chips: NodeRef<leptos::html::Section>,
    narrowing_shown: Signal<bool>,
    count: Signal<usize>,
) -> impl IntoView {
    view! {
        <WeekClock/>
        <div class="finder">
            <SearchBox/>
            <Narrowing filter shown=narrowing_shown/>
        </div>
        <section class="filters" aria-label="筛选活动" node_ref=chips>
            <DateChips/>
            <CategoryChips/>
        </section>
        <ResultBar count/>
    }
    .into_any()
}

/// Whether any of `el` is on screen below the sticky search box (64 px), as an
/// `IntersectionObserver` reports it; true until it does (and in a browser without one).
fn on_screen_below_search(el: NodeRef<leptos::html::Section>) -> RwSignal<bool> {
    let seen = RwSignal::new(true);
    Effect::new(move |_| {
        if let Some(el) = el.get() {
            on_screen(&el, "-64px 0px 0px 0px", move |on| seen.set(on));
        }
    });
    seen
}

/// Keeps the list's scroll position in [`ListRows`] while the list is shown, and goes back
/// to it when the list is shown again with the same filter (Back from a base page).
fn remember_scroll(rows: ListRows, filter: Memo<Filter>) {
    Effect::new(move |_| {
        if let Some(y) = rows.saved_scroll(&filter.get_untracked()) {
            window().scroll_to_with_x_and_y(0.0, y);
        }
        let handle = window_event_listener(leptos::ev::scroll, move |_| {
            let y = window().scroll_y().unwrap_or_default();
            rows.save_scroll(filter.get_untracked(), y);
        });
        on_cleanup(move || handle.remove());
    });
}

/// The search box, which stays at the top of the screen as the list scrolls (`.finder` is
/// sticky). Writes `q` into the URL as the parent types (replacing the history entry), but
/// not in the middle of an IME composition (pinyin), which would flash half-typed letters.
/// Its label is read out, not shown: the placeholder says what to type, and every line of
/// the first screen goes to the week itself.
#[component]
fn SearchBox() -> impl IntoView {
    let current = expect_context::<Current>();
    let writer = UrlWriter::default();
    let value = move || current.with(|v| v.state.q.clone());
    let write = move |text: String| update(current, &writer, Entry::Replace, |s| s.q = text);
    let on_input = {
        let write = write.clone();
        move |ev: leptos::ev::Event| {
            let composing = ev
                .unchecked_ref::<web_sys::Event>()
                .dyn_ref::<web_sys::InputEvent>()
                .is_some_and(web_sys::InputEvent::is_composing);
            if !composing {
                write(event_target_value(&ev));
            }
        }
    };
    let on_composition_end = move |ev: leptos::ev::CompositionEvent| write(event_target_value(&ev));
    view! {
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <label for="q" class="sr-only">"搜索活动、基地、地点"</label>
            <input
                id="q"
                name="q"
                type="search"
                enterkeyhint="search"
                autocomplete="off"
                placeholder="搜索活动、基地，如：航空、气象"
                prop:value=value
                on:input=on_input
                on:compositionend=on_composition_end
            />
        </form>
    }
}

/// The day and base category in force, in one line under the search box while the chips are
/// scrolled away (over the list, moving nothing), with a button that clears both and goes
/// back to the top of the whole list, its 全部日期 chip focused.
#[component]
fn Narrowing(filter: Memo<Filter>, shown: Signal<bool>) -> impl IntoView {
    let current = expect_context::<Current>();
    let writer = UrlWriter::default();
    let text = Memo::new(move |_| filter.with(Filter::narrowing));
    let clear = move |_| {
        update(current, &writer, Entry::Replace, |s| {
            s.date = DateFilter::All;
            s.cat = None;
        });
        window().scroll_to_with_x_and_y(0.0, 0.0);
        let first_chip = document()
            .query_selector("#page .filters .chip")
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(chip) = first_chip {
            let _ = chip.focus();
        }
    };
    view! {
        <p class="narrowing" hidden=move || !shown.get()>
            <span>"筛选：" {move || text.get().unwrap_or_default()}</span>
            <button type="button" class="btn" on:click=clear>"清除筛选"</button>
        </p>
    }
}

/// Keeps the pressed chip of a scrolling chip row in view (a link may pick 5月31日, far to
/// the right on a phone): the row scrolls sideways to centre it; the page does not move.
fn keep_pressed_chip_visible(row: NodeRef<leptos::html::Ul>, track: impl Fn() + 'static) {
    Effect::new(move |_| {
        track();
        if let Some(ul) = row.get() {
            centre_pressed_chip(ul.into(), 120);
        }
    });
}

/// Centres `row`'s pressed chip once the row is in the document (the live app is built out
/// of sight, where nothing can be scrolled): tried each frame, `tries` times.
fn centre_pressed_chip(row: web_sys::Element, tries: u32) {
    if !row.is_connected() {
        if tries > 0 {
            request_animation_frame(move || centre_pressed_chip(row, tries - 1));
        }
        return;
    }
    let Ok(Some(chip)) = row.query_selector("[aria-pressed='true']") else {
        return;
    };
    let (r, c) = (
        row.get_bounding_client_rect(),
        chip.get_bounding_client_rect(),
    );
    let left = f64::from(row.scroll_left()) + c.left() - r.left() - (r.width() - c.width()) / 2.0;
    row.set_scroll_left(left.max(0.0) as i32);
}

/// One chip of a [`FilterChips`] row: the value it picks, its label, and a session count.
type Chip<T> = (T, String, Option<usize>);

/// A row of toggle chips for one URL filter: the chip whose value the URL holds is pressed,
/// and a tap writes its value into the URL (replacing the history entry).
#[component]
fn FilterChips<T>(
    heading: &'static str,
    heading_id: &'static str,
    chips: Vec<Chip<T>>,
    /// Reads the filter's value from the URL state.
    read: fn(&UrlState) -> T,
    /// Writes a value into the URL state.
    write: fn(&mut UrlState, T),
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let current = expect_context::<Current>();
    let writer = UrlWriter::default();
    let selected = move || current.with(|v| read(&v.state));
    let row = NodeRef::new();
    keep_pressed_chip_visible(row, move || {
        selected();
    });
    let items = chips
        .into_iter()
        .map(|(value, label, count)| {
            let writer = writer.clone();
            let pressed = value.clone();
            view! {
                <li>
                    <button
                        type="button"
                        class="chip"
                        aria-pressed=move || (selected() == pressed).to_string()
                        on:click=move |_| {
                            let value = value.clone();
                            update(current, &writer, Entry::Replace, |s| write(s, value))
                        }
                    >
                        {label}
                        {count.map(|n| view! { <small>{n}</small> })}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 id=heading_id class="sr-only">{heading}</h2>
        <ul class="chips" aria-labelledby=heading_id node_ref=row>{items}</ul>
    }
}

/// 今天 (during the schedule), 全部, each day with sessions (including those before the
/// week), and 时间未定.
#[component]
fn DateChips() -> impl IntoView {
    let data = use_data();
    let all_chips = browse::date_chips(&data.ds);
    // During the schedule, 今天 first (when today has sessions).
    let today = today_in_schedule().and_then(|t| {
        all_chips
            .iter()
            .find(|c| c.filter == DateFilter::Day(t))
            .map(|c| (c.filter, format!("今天 {}", c.date), Some(c.count)))
    });
    let chips = today
        .into_iter()
        .chain(std::iter::once((
            DateFilter::All,
            "全部日期".to_string(),
            None,
        )))
        .chain(
            all_chips
                .into_iter()
                .map(|c| (c.filter, c.label, Some(c.count))),
        )
        .collect();
    view! {
        <FilterChips
            heading="日期"
            heading_id="date-label"
            chips
            read=|s| s.date
            write=|s, date| s.date = date
        />
    }
}

/// 全部类型 and each base category in the data.
#[component]
fn CategoryChips() -> impl IntoView {
    let data = use_data();
    let chips = std::iter::once((None, "全部类型".to_string(), None))
        .chain(
            data.ds
                .categories()
                .into_iter()
                .map(|c| (Some(c.to_string()), c.to_string(), None)),
        )
        .collect();
    view! {
        <FilterChips
            heading="基地类型"
            heading_id="cat-label"
            chips
            read=|s| s.cat.clone()
            write=|s, cat| s.cat = cat
        />
    }
}

/// The result count, the share button and the subscription menu, in one row.
#[component]
fn ResultBar(count: Signal<usize>) -> impl IntoView {
    view! {
        <div class="bar">
            <p role="status" aria-live="polite">{move || format!("共 {} 场活动", count.get())}</p>
            <div class="actions">
                <ShareButton/>
                <QrMenu compact=true/>
                <SubscribeCalendar/>
            </div>
        </div>
    }
}

/// When a word of the search was read as a homophone (气像 found 气象), says so, and links to
/// the search for what was found.
#[component]
fn HeardAs(query: Memo<Query>) -> impl IntoView {
    let data = use_data();
    let current = expect_context::<Current>();
    let heard = Memo::new(move |_| query.with(|q| data.index.heard_as(q)));
    move || {
        heard.get().map(|word| {
            let link = current.with(|v| {
                let mut s = v.state.clone();
                s.q = word.clone();
                href(&s)
            });
            view! {
                <p class="heard" role="note">
                    "按读音匹配，您是不是要找“"<a href=link>{word}</a>"”？"
                </p>
            }
        })
    }
}

/// Nothing matched: say so and offer keywords that do have results.
#[component]
fn NoResults() -> impl IntoView {
    let keywords = expect_context::<Keywords>();
    let current = expect_context::<Current>();
    // The chips arrive when the keywords are found: the writer is kept for them.
    let writer = StoredValue::new_local(UrlWriter::default());
    let chips = move || {
        let words = keywords.0.get()?;
        let chips = words
            .iter()
            .cloned()
            .map(|w| {
                let label = w.clone();
                view! {
                    <li>
                        <button
                            type="button"
                            class="chip"
                            on:click=move |_| {
                                let w = w.clone();
                                writer.with_value(|writer| {
                                    update(current, writer, Entry::Replace, |s| {
                                        s.q = w;
                                        s.date = DateFilter::All;
                                        s.cat = None;
                                    })
                                })
                            }
                        >
                            {label}
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(chips)
    };
    view! {
        <div class="panel" role="status">
            <p>"没有找到符合条件的活动。试试这些关键词："</p>
            <ul class="chips">{chips}</ul>
        </div>
    }
}

/// One day's heading and its shown sessions (more arrive as pages are added).
#[component]
fn DayGroup(key: GroupKey, ids: Signal<Vec<usize>>, query: Memo<Query>) -> impl IntoView {
    let day = key.day();
    let heading_id = format!("g-{}", key.anchor());
    view! {
        <section class="day" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{key.label()}</h2>
            <ul class="cards">
                <For each=move || ids.get() key=|i| *i let(i)>
                    <SessionCard index=i query day/>
                </For>
            </ul>
        </section>
    }
}

/// 区级主要活动: the district's own activities with their responsible units.
#[component]
fn DistrictActivities(ids: Memo<Vec<usize>>, query: Memo<Query>) -> impl IntoView {
    let data = use_data();
    let ds = data.ds.clone();
    view! {
        <section class="day" aria-labelledby="district">
            <h2 id="district">"区级主要活动"</h2>
            <ul class="cards">
                <For each=move || ids.get() key=move |i| ds.activities[*i].id.clone() let(i)>
                    {
                        let a = data.ds.activities[i].clone();
                        let units = a.units.join("、");
                        view! {
                            <li class="card">
                                <h3><Hl text=a.title.clone() query/></h3>
                                <p class="meta"><Hl text=a.description.clone() query/></p>
                                <p class="meta">"责任单位：" <Hl text=units query/></p>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}
