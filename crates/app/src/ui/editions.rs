//! The site's other editions, as a page of one edition offers them: the same search in another
//! year's week. (The links to them over the page are static, written by the prerender.)

use leptos::prelude::*;

use super::Current;
use yubei_core::edition::PageEdition;
use yubei_core::url_state::UrlState;

/// Under a search: the same words in each other edition's week, a link to its page with `?q=`.
/// Nothing without a search or on a site of one edition. The links leave the app
/// (`rel="external"`): another edition is another page, with its own dataset.
#[component]
pub fn SearchOtherYears() -> impl IntoView {
    let others = use_context::<PageEdition>()
        .map(|e| e.others)
        .unwrap_or_default();
    let current = expect_context::<Current>();
    let q = Memo::new(move |_| current.with(|v| v.state.q.trim().to_string()));
    let offer = move || {
        let q = q.get();
        (!q.is_empty() && !others.is_empty()).then(|| {
            let query = UrlState {
                q: q.clone(),
                ..UrlState::default()
            }
            .to_query();
            let links = others
                .iter()
                .map(|o| {
                    let href = format!("{}{query}", o.href);
                    view! { <a class="btn" rel="external" href=href>{format!("{}年", o.year)}</a> }
                })
                .collect_view();
            view! {
                <div class="elsewhere">
                    <p>{format!("在其他年份的活动中搜索“{q}”：")}</p>
                    <div class="links">{links}</div>
                </div>
            }
        })
    };
    offer.into_any()
}
