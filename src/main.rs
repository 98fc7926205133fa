//! Mounts the app in place of the static first paint of `index.html`.

fn main() {
    yubei_week::mount();
}
