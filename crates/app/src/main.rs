//! Mounts the app over the prerendered first paint of `index.html`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    yubei_app::web::mount();
}
