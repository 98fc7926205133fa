//! The short confirmation toast at the bottom of the screen, sometimes with an 撤销 button.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

/// A short message shown at the bottom of the screen for a few seconds, sometimes with an
/// 撤销 button. Take it with [`use_toast`] while the component is created: event handlers and
/// async tasks run outside the component tree, where the context cannot be found.
#[derive(Clone, Copy)]
pub struct Toaster {
    current: RwSignal<Option<ToastMessage>>,
    /// Counts messages, so that a message's timer never hides a newer one.
    shown: StoredValue<u64>,
}

/// The undo of a toast: a plain closure, not a `Callback`, whose value would be disposed
/// with the component that made it (the card removed by the very action to undo).
type Undo = Arc<dyn Fn() + Send + Sync>;

#[derive(Clone)]
struct ToastMessage {
    text: String,
    undo: Option<Undo>,
    serial: u64,
}

impl Toaster {
    /// Shows `message` for four seconds (a newer message replaces an older one).
    pub fn show(&self, message: impl Into<String>) {
        self.put(message.into(), None, Duration::from_secs(4));
    }

    /// Shows `message` with an 撤销 button that runs `undo` (once), for eight seconds: long
    /// enough to find the button.
    pub fn show_with_undo(
        &self,
        message: impl Into<String>,
        undo: impl Fn() + Send + Sync + 'static,
    ) {
        self.put(message.into(), Some(Arc::new(undo)), Duration::from_secs(8));
    }

    fn put(&self, text: String, undo: Option<Undo>, lasts: Duration) {
        let serial = self.shown.get_value() + 1;
        self.shown.set_value(serial);
        self.current.set(Some(ToastMessage { text, undo, serial }));
        let current = self.current;
        set_timeout(
            move || {
                if current.with_untracked(|m| m.as_ref().is_some_and(|m| m.serial == serial)) {
                    current.set(None);
                }
            },
            lasts,
        );
    }
}

pub fn provide_toast() {
    provide_context(Toaster {
        current: RwSignal::new(None),
        shown: StoredValue::new(0),
    });
}

pub fn use_toast() -> Toaster {
    expect_context::<Toaster>()
}

#[component]
pub fn Toast() -> impl IntoView {
    let current = use_toast().current;
    view! {
        <div aria-live="polite" role="status">
            {move || current.get().map(|m| match m.undo {
                None => view! { <p class="toast">{m.text}</p> }.into_any(),
                Some(undo) => view! {
                    <div class="toast with-undo">
                        <p>{m.text}</p>
                        <button type="button" class="btn" on:click=move |_| {
                            current.set(None);
                            undo();
                        }>"撤销"</button>
                    </div>
                }
                .into_any(),
            })}
        </div>
    }
}
