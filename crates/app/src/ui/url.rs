//! The URL is the state: read it through [`use_url_state`], change it through [`UrlWriter`].

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use yubei_core::url_state::{UrlState, UrlView};

/// How a change enters the browser history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Typing and filter taps: replace the current entry, so Back is not flooded.
    Replace,
    /// A new view (a base, the notice, my week): push, so Back returns to where the user was.
    Push,
}

/// The current state parsed from the URL, and what in the URL could not be used.
pub fn use_url_state() -> Memo<UrlView> {
    let location = use_location();
    Memo::new(move |_| location.search.with(|search| UrlView::from_query(search)))
}

/// The router's navigate function.
type Navigate = std::rc::Rc<dyn Fn(&str, NavigateOptions)>;

/// Writes a new state into the URL (the only place the app navigates from code).
#[derive(Clone)]
pub struct UrlWriter {
    navigate: Navigate,
    pathname: Memo<String>,
}

impl Default for UrlWriter {
    /// A writer for the router in context (call inside `<Router>`).
    fn default() -> Self {
        let navigate = use_navigate();
        UrlWriter {
            navigate: std::rc::Rc::new(navigate),
            pathname: use_location().pathname,
        }
    }
}

impl UrlWriter {
    pub fn go(&self, state: &UrlState, entry: Entry) {
        let path = self.pathname.get_untracked();
        (self.navigate)(
            &format!("{path}{}", state.to_query()),
            NavigateOptions {
                replace: entry == Entry::Replace,
                scroll: entry == Entry::Push,
                ..Default::default()
            },
        );
    }
}

/// The link to a state, relative to the current page (`./` for the default state).
pub fn href(state: &UrlState) -> String {
    let query = state.to_query();
    if query.is_empty() {
        "./".to_string()
    } else {
        query
    }
}

/// The link to a base's page from `state`. Its fragment names the base's entry in the
/// prerendered contact list, where the link leads in a browser that cannot run the app.
pub fn base_href(state: &UrlState, id: &str) -> String {
    let mut state = state.clone();
    state.base = Some(id.to_string());
    format!("{}#base-{id}", href(&state))
}
