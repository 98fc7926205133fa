//! A split build (the `split` feature, on the wasm target) links the app with its relocations
//! kept: the splitter (`wasm-split-cli`, run by scripts/split.mjs) needs them to cut the module.
//! Only the app's final link changes; any other build would carry them as dead weight.

fn main() {
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bin=yubei-week=--emit-relocs");
    }
}
