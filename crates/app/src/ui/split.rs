//! The mechanism of the views and actions that load on demand ([`super::on_demand`]): a split
//! point, and the error of a chunk that could not be fetched.
//!
//! The split happens only in the release build trunk makes (the cargo feature `split`, set in
//! `index.html`; `scripts/split.mjs` cuts the module after the build). Everywhere else (the
//! host's prerender and tests, the wasm tests) a split point is a plain `async fn` that is
//! ready at once, so the rest of the UI never knows which build it is in.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// Declares a function whose code loads on demand, in the chunk named first: in a split build,
/// a split point of `leptos`'s splitter (a failed download is an error, not a trap:
/// `fallible`); otherwise a plain `async fn`. Either way it is called as `name(args).await`
/// and returns `Result<T, ChunkError>`. With `preload = p`, `p().await` fetches the chunk
/// without calling anything (at once where nothing is split); a chunk needs one such name.
macro_rules! split_point {
    ($(#[$doc:meta])* $vis:vis $chunk:ident $(, preload = $preload:ident)?:
        fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible
            $(, preload($preload))?
        )]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, $crate::ui::split::ChunkError> {
            let value: $ret = $body;
            Ok(value)
        }
        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::ui::split::ChunkError> {
            let value: $ret = $body;
            Ok(value)
        }
        $(
            #[cfg(not(feature = "split"))]
            $vis async fn $preload() -> Result<(), $crate::ui::split::ChunkError> {
                Ok(())
            }
        )?
    };
}
pub(crate) use split_point;

/// What makes a view that loads on demand: called again for a retry. One type for every
/// view (the future boxed), so the app carries one copy of [`OnDemand`], not one per view.
#[derive(Clone)]
pub struct ViewLoader(Arc<dyn Fn() -> ViewFuture + Send + Sync>);

type ViewFuture = Pin<Box<dyn Future<Output = Result<AnyView, ChunkError>>>>;

impl ViewLoader {
    pub fn new<F, Fut>(load: F) -> ViewLoader
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<AnyView, ChunkError>> + 'static,
    {
        ViewLoader(Arc::new(move || Box::pin(load())))
    }
}

/// Shows the view `load` makes once its chunk is in: meanwhile the loading cards (a page) or
/// one line (`small`: a part of a page), none when it is already in; or why it could not be
/// fetched, with a retry.
#[component]
pub fn OnDemand(load: ViewLoader, #[prop(optional)] small: bool) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let view = SendWrapper::new((load.0)());
        let fallback = move || {
            if small {
                view! { <p class="meta" role="status">"正在加载…"</p> }.into_any()
            } else {
                super::LoadingSkeleton().into_any()
            }
        };
        view! {
            <Suspense fallback>
                {Suspend::new(async move {
                    match view.await {
                        Ok(view) => view,
                        Err(error) => {
                            view! {
                                <ChunkFailed error retry=move || attempt.update(|n| *n += 1)/>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        }
    }
}

/// Why a view could not be shown, with a retry; the rest of the app still works. A page left
/// open while a new release was published asks for its own release's chunk, which the server
/// no longer has (it never takes the new release's): opening the page again loads the new
/// release whole.
#[component]
fn ChunkFailed(error: ChunkError, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="notice-msg" role="alert">
            <h2>"这一页暂时打不开"</h2>
            <p>{error.to_string()}</p>
            <div class="links">
                <button class="btn primary" on:click=move |_| retry()>"重试"</button>
                <button class="btn" on:click=|_| reload()>"重新打开本页"</button>
            </div>
        </div>
    }
}

/// Opens the current address again (the newest release, if one was published meanwhile).
fn reload() {
    let _ = window().location().reload();
}

/// A chunk could not be downloaded (no network, or a release that is no longer served).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("这一页的程序没能下载：网络不通或太慢，或网站刚刚更新过。")]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}
