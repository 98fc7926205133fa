//! The build-time shell: renders the home view (the whole week grouped by day, the chips, the
//! district activities) from the committed dataset with the app's own components (Leptos
//! `ssr` on the host) and writes it into `index.html`. The week is then readable before the
//! wasm arrives, and without it; the browser's shell (`crate::web`) replaces it with the live
//! app, whose markup is the same.

use leptos::prelude::*;
use leptos_router::location::RequestUrl;
use thiserror::Error;

use crate::ui::data::{AppData, Keywords, DATASET_META, EDITION_BLOCK};
use crate::ui::{BaseDirectory, FirstRows, Frame, Loaded, LoadingSkeleton};
use yubei_core::clock::Schedule;
use yubei_core::days::short_date;
use yubei_core::edition::{self, Edition, PageEdition};
use yubei_core::event_data;
use yubei_core::model::Dataset;
use yubei_core::search::{keyword_suggestions, KEYWORDS};
use yubei_core::url_state::Param;

/// Where the rendered app goes in `index.html`: everything between the two marks (a static
/// fallback in the template) is replaced.
pub const APP_START: &str = "<!-- prerender:app -->";
pub const APP_END: &str = "<!-- /prerender:app -->";
/// Replaced by [`head`]: the edition's title and link preview, its dataset's address, the
/// head script.
pub const HEAD: &str = "<!-- prerender:head -->";
/// Replaced by [`top`]: the edition's name and dates over the page.
pub const TOP: &str = "<!-- prerender:top -->";
/// Replaced by [`other_editions`]: the links to the site's other editions, under the page.
pub const EDITIONS: &str = "<!-- prerender:editions -->";

#[derive(Debug, Error, PartialEq)]
pub enum PrerenderError {
    #[error("index.html has no `{0}` mark (was it prerendered already?)")]
    MissingMark(&'static str),
    /// The dataset has records the app would leave out or show without their base: the
    /// committed file is the importer's, which never writes one, so it is broken. One line
    /// per record: `sessions[5] s1234abcd（日期不存在：2024-02-30）`.
    #[error(
        "the dataset has {} record(s) the app would not show as they are (re-run the importer):\n{}",
        .0.len(),
        .0.join("\n")
    )]
    Skipped(Vec<String>),
}

/// The home view as HTML, as the app renders it for a URL without parameters, with every
/// session (no paging), plus what only a page without the app needs: the skeleton shown
/// instead while a link with parameters waits for the app, and the bases' contacts.
pub fn render_home(data: &AppData, page: &PageEdition) -> String {
    let data = data.clone();
    Owner::new().with(|| {
        provide_context(RequestUrl::new("/"));
        provide_context(page.clone());
        let words = keyword_suggestions(&data.ds, &data.index, KEYWORDS);
        provide_context(Keywords(RwSignal::new(Some(words.into()))));
        provide_context(FirstRows::all());
        let ds = data.ds.clone();
        view! {
            <Frame>
                <div class="pending-only"><LoadingSkeleton/></div>
                <Loaded data/>
                <BaseDirectory ds/>
            </Frame>
        }
        .to_html()
    })
}

/// The script that runs before the first paint and sets `<html>`'s classes (`js`, `pending`,
/// `week-over`: read `scripts/head.js`). This inlines that file and gives it, as data on its
/// `<script>` element, what it needs from here: the URL parameter names from [`Param`], their
/// one home (`data-params`, space-separated), and when the schedule of `ds` is over
/// ([`Schedule::over_at_unix_ms`], as `data-week-over`).
pub fn head_script(ds: &Dataset) -> String {
    let names: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
    debug_assert!(
        names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_lowercase())),
        "parameter names go into an attribute as they are"
    );
    let over = Schedule::of(ds).over_at_unix_ms();
    format!(
        "<script data-params=\"{}\" data-week-over=\"{over}\">\n{HEAD_JS}</script>",
        names.join(" ")
    )
}

/// Text for HTML, in an element or a quoted attribute.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// What `<head>` says of the edition of `ds` (all from its dataset, [`Edition`]): the page's
/// title (the home list's, the one a browser without the app keeps), its description, the Open
/// Graph tags a shared link's preview shows, and, for the app, the address of the dataset
/// (`dataset`, relative to the page; [`DATASET_META`]) and what `page` says of the site's
/// editions (the JSON block [`EDITION_BLOCK`]); the week and its dated sessions as schema.org
/// `Event` data for search engines (a JSON-LD block, [`event_data`]: data, never run, so the
/// Content-Security-Policy names no hash for it); then the head script.
pub fn head(ds: &Dataset, dataset: &str, page: &PageEdition) -> String {
    let e = Edition::of(ds);
    let meta = |attr: &str, name: &str, content: &str| {
        format!("<meta {attr}=\"{name}\" content=\"{}\">\n", escape(content))
    };
    let mut out = format!("<title>{}</title>\n", escape(&e.home_title()));
    out += &meta("name", "description", &edition::description(ds));
    out += &meta("property", "og:site_name", &e.name());
    out += &meta("property", "og:title", &e.home_title());
    out += &meta("property", "og:description", &edition::preview(ds));
    out += &meta("name", DATASET_META, dataset);
    out += &format!(
        "<script type=\"application/json\" id=\"{EDITION_BLOCK}\">{}</script>\n",
        page.to_json()
    );
    out += &format!(
        "<script type=\"application/ld+json\">{}</script>\n",
        event_data::week_event(ds, event_data::THIS_PAGE).to_json()
    );
    out + &head_script(ds)
}

/// The page's top line: the edition's name (a link home) and dates; for a browser that cannot
/// run the app, also the week's theme, what the page holds and why the search is missing.
/// Static: painted before the wasm arrives and never re-rendered. One line with the app: the
/// first screen is the list's (the other editions are under the page, [`other_editions`]).
pub fn top(ds: &Dataset) -> String {
    format!(
        "<header class=\"top\">\n\
         <h1><a href=\"./\">{name}</a></h1>\n\
         <p class=\"dates\">{start}至{end}</p>\n\
         <div class=\"nojs-only\">\n\
         <p class=\"theme\">{theme}</p>\n\
         <p class=\"intro\">{intro}</p>\n\
         <p class=\"nojs-note\">本页的搜索、筛选和“我的一周”需要较新的浏览器（支持 JavaScript 和 WebAssembly）。下面是完整的活动日程，各基地的地址和电话在页面最后。</p>\n\
         </div>\n\
         </header>",
        name = escape(&Edition::of(ds).name()),
        start = short_date(ds.week.start),
        end = short_date(ds.week.end),
        theme = escape(&ds.week.theme),
        intro = escape(&edition::intro(ds)),
    )
}

/// The links to the site's other editions, under the page (static, outside the app): on the
/// newest one's page, 往年活动 and each earlier year; on an earlier one's, the newest week
/// first. Each leaves the app (`rel="external"`): another edition is another page. Nothing on
/// a site of one edition.
pub fn other_editions(page: &PageEdition) -> String {
    let (newer, earlier): (Vec<_>, Vec<_>) = page.others.iter().partition(|o| o.year > page.year);
    let link = |o: &edition::OtherEdition, text: String| {
        format!(
            "<a class=\"btn\" rel=\"external\" href=\"{}\">{}</a>",
            escape(&o.href),
            escape(&text)
        )
    };
    let mut out = String::new();
    if let Some(newest) = newer.first() {
        out += &format!(
            "<p>这是往年的活动。最新一届：{}</p>\n",
            link(newest, newest.name.clone())
        );
    }
    if !earlier.is_empty() {
        let links: Vec<String> = earlier
            .iter()
            .map(|o| link(o, format!("{}年", o.year)))
            .collect();
        out += &format!("<p>往年活动：{}</p>\n", links.join(" "));
    }
    if out.is_empty() {
        return out;
    }
    format!("<footer class=\"editions\">\n{out}</footer>")
}

/// `scripts/head.js`, the text [`head_script`] inlines.
pub const HEAD_JS: &str = include_str!("../../../scripts/head.js");

/// `template` (trunk's `index.html`) with the rendered home view, the edition's head ([`head`],
/// `dataset` being the dataset's address relative to the page) and top line ([`top`]) in
/// place, for the page of `page`'s edition. Refuses a dataset with any [`AppData::skipped`]
/// record, so a broken one never ships.
pub fn fill(
    template: &str,
    data: &AppData,
    dataset: &str,
    page: &PageEdition,
) -> Result<String, PrerenderError> {
    if !data.skipped.is_empty() {
        let lines = data.skipped.iter().map(|s| {
            let id = s.id.as_deref().unwrap_or("(no id)");
            format!("{}[{}] {id}（{}）", s.array, s.position, s.reason)
        });
        return Err(PrerenderError::Skipped(lines.collect()));
    }
    let start = template
        .find(APP_START)
        .ok_or(PrerenderError::MissingMark(APP_START))?;
    let end = template[start..]
        .find(APP_END)
        .map(|i| start + i + APP_END.len())
        .ok_or(PrerenderError::MissingMark(APP_END))?;
    for mark in [HEAD, TOP, EDITIONS] {
        if !template.contains(mark) {
            return Err(PrerenderError::MissingMark(mark));
        }
    }
    let html = format!(
        "{}{}{}",
        &template[..start],
        render_home(data, page),
        &template[end..]
    );
    Ok(html
        .replacen(HEAD, &head(&data.ds, dataset, page), 1)
        .replacen(TOP, &top(&data.ds), 1)
        .replacen(EDITIONS, &other_editions(page), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed dataset's address, relative to the page.
    const DATA: &str = "data/yubei-2024.json";

    fn committed() -> AppData {
        AppData::from_json(yubei_core::testing::COMMITTED).unwrap()
    }

    #[test]
    fn every_session_and_the_whole_home_view_is_rendered() {
        let data = committed();
        let html = render_home(&data, &PageEdition::default());
        for s in &data.ds.sessions {
            assert!(
                html.contains(&format!("data-session=\"{}\"", s.id)),
                "session {} ({}) is missing",
                s.id,
                s.title
            );
        }
        for a in &data.ds.activities {
            assert!(html.contains(&a.title), "activity {}", a.title);
        }
        assert!(html.contains("共 24 场活动"));
        assert!(html.contains("全部日期") && html.contains("5月26日"));
        assert!(html.contains("区级主要活动"));
        assert!(
            !html.contains("显示更多"),
            "the prerendered week is not paged"
        );
    }

    #[test]
    fn every_base_has_its_phones_as_tel_links() {
        let data = committed();
        let html = render_home(&data, &PageEdition::default());
        for b in &data.ds.bases {
            assert!(
                html.contains(&format!("id=\"base-{}\"", b.id)),
                "{}",
                b.name
            );
            for phone in b.contacts.iter().flat_map(|c| &c.phones) {
                assert!(
                    html.contains(&format!("href=\"{}\"", yubei_core::links::tel_href(phone))),
                    "{} {phone}",
                    b.name
                );
            }
        }
    }

    #[test]
    fn fill_replaces_the_marks_and_refuses_a_template_without_them() {
        let data = committed();
        let template = format!("<head>{HEAD}</head><body>{TOP}<div id=\"app\">{APP_START}<p>static</p>{APP_END}</div>{EDITIONS}</body>");
        let page = fill(&template, &data, DATA, &PageEdition::default()).unwrap();
        assert!(!page.contains("<p>static</p>") && !page.contains("prerender:"));
        assert!(page.contains(HEAD_JS));
        assert!(page.contains("data-session="));
        assert!(page.contains("<title>2024渝北区科技活动周 · 亲子活动日程</title>"));
        assert!(page.contains("<meta name=\"yubei-dataset\" content=\"data/yubei-2024.json\">"));
        assert!(page.contains("<h1><a href=\"./\">2024渝北区科技活动周</a></h1>"));
        assert_eq!(
            fill(&page, &data, DATA, &PageEdition::default()),
            Err(PrerenderError::MissingMark(APP_START)),
            "a page is never prerendered twice"
        );
    }

    #[test]
    fn the_head_carries_the_week_as_schema_org_event_data_once() {
        let data = committed();
        let template =
            format!("<head>{HEAD}</head><body>{TOP}{APP_START}{APP_END}{EDITIONS}</body>");
        let page = fill(&template, &data, DATA, &PageEdition::default()).unwrap();
        let open = "<script type=\"application/ld+json\">";
        assert_eq!(page.matches("application/ld+json").count(), 1, "{page}");
        let (before, after) = page.split_once(open).expect("the JSON-LD block");
        assert!(!before.contains("</head>"), "in <head>");
        let text = after.split_once("</script>").unwrap().0;
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(value["@context"], "https://schema.org");
        assert_eq!(value["@type"], "Event");
        assert_eq!(value["name"], "2024渝北区科技活动周");
        let dated = data
            .ds
            .sessions
            .iter()
            .filter(|s| s.start.is_some())
            .count();
        assert_eq!(value["subEvent"].as_array().unwrap().len(), dated);
    }

    #[test]
    fn fill_refuses_a_dataset_with_skipped_records() {
        let template =
            format!("<head>{HEAD}</head><body>{TOP}{APP_START}{APP_END}{EDITIONS}</body>");
        let mut value: serde_json::Value =
            serde_json::from_str(yubei_core::testing::COMMITTED).unwrap();
        value["sessions"][0]["base"] = "bdeadbeef".into();
        value["sessions"][3]["start"] = "2024-02-30".into();
        let body = value.to_string();
        let data = AppData::from_json(&body).unwrap();
        assert_eq!(data.skipped.len(), 2, "{:?}", data.skipped);
        let Err(e) = fill(&template, &data, DATA, &PageEdition::default()) else {
            panic!("a dataset with skipped records was prerendered")
        };
        let message = e.to_string();
        assert!(message.contains("2 record(s)"), "{message}");
        for s in data.skipped.iter() {
            let line = format!("\nsessions[{}] {}（", s.position, s.id.as_deref().unwrap());
            assert!(message.contains(&line), "{message}");
        }
        assert!(message.contains("日期不存在：2024-02-30"), "{message}");
        assert!(message.contains("找不到科普基地 bdeadbeef"), "{message}");
    }

    #[test]
    fn the_head_script_knows_every_parameter() {
        let script = head_script(&committed().ds);
        let names: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
        assert!(
            script.contains(&format!("data-params=\"{}\"", names.join(" "))),
            "{script}"
        );
    }

    #[test]
    fn the_head_script_knows_when_the_week_is_over() {
        // 2024-06-02 00:00 in Chongqing.
        let script = head_script(&committed().ds);
        assert!(
            script.contains("data-week-over=\"1717257600000\""),
            "{script}"
        );
    }

    #[test]
    fn the_head_script_is_scripts_head_js_as_it_is() {
        let script = head_script(&committed().ds);
        let text = script.split_once(">\n").unwrap().1;
        assert_eq!(text.strip_suffix("</script>"), Some(HEAD_JS));
        assert!(HEAD_JS.contains("document.currentScript"));
    }

    #[test]
    fn the_other_editions_are_linked_under_the_page() {
        let other = |year: i32, href: &str| yubei_core::edition::OtherEdition {
            year,
            name: format!("{year}渝北区科技活动周"),
            href: href.into(),
            bases: Vec::new(),
            sessions: Vec::new(),
        };
        assert_eq!(other_editions(&PageEdition::default()), "");
        let home = PageEdition {
            year: 2025,
            bookmarks: String::new(),
            others: vec![other(2024, "2024/"), other(2023, "2023/")],
        };
        assert_eq!(
            other_editions(&home),
            "<footer class=\"editions\">\n<p>往年活动：<a class=\"btn\" rel=\"external\" href=\"2024/\">2024年</a> \
             <a class=\"btn\" rel=\"external\" href=\"2023/\">2023年</a></p>\n</footer>"
        );
        let earlier = PageEdition {
            year: 2024,
            bookmarks: String::new(),
            others: vec![other(2025, "../"), other(2023, "../2023/")],
        };
        let html = other_editions(&earlier);
        assert!(html.contains("这是往年的活动。最新一届：<a class=\"btn\" rel=\"external\" href=\"../\">2025渝北区科技活动周</a>"), "{html}");
        assert!(
            html.contains(
                "往年活动：<a class=\"btn\" rel=\"external\" href=\"../2023/\">2023年</a>"
            ),
            "{html}"
        );
    }
}
