//! The mechanism of the views and actions that load on demand ([`super::on_demand`]): a split
//! point, and the error of a chunk that could not be fetched.
//!
//! The split happens only in the release build trunk makes (the cargo feature `split`, set in
//! `index.html`; `scripts/split.mjs` cuts the module after the build). Everywhere else (the
//! host's prerender and tests, the wasm tests) a split point is a plain `async fn` that is
//! ready at once, so the rest of the UI never knows which build it is in.

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

/// A chunk could not be downloaded (no network, or a release that is no longer served).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("这一页的程序没能下载：网络不通或太慢，或网站刚刚更新过。")]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}
