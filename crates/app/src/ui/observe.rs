//! Whether an element is on screen, as an `IntersectionObserver` reports it: the one place
//! the UI watches that (the list's 显示更多, the line naming the filters in force).

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Calls `seen` with whether `el` intersects the viewport grown or shrunk by `root_margin`
/// (CSS margin syntax), each time that changes, and once at the start. Stops when the calling
/// effect re-runs or is disposed. In a browser without `IntersectionObserver` it never calls.
pub fn on_screen(el: &web_sys::Element, root_margin: &str, seen: impl Fn(bool) + 'static) {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // Only `el` is observed: its newest entry is its state now.
        if let Some(entry) = entries.iter().last() {
            seen(
                entry
                    .unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting(),
            );
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(root_margin);
    let Ok(observer) = web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    ) else {
        return;
    };
    observer.observe(el);
    let kept = SendWrapper::new((observer, callback));
    on_cleanup(move || kept.0.disconnect());
}
