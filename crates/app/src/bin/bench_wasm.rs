//! In-browser search timing for `make bench` (wasm only; built by trunk from `bench/index.html`,
//! never part of the app's bundle).
//!
//! The page is opened as `index.html?data=URL&data=URL&q=QUERY&q=QUERY…`. For each dataset it
//! fetches the JSON, times parsing and building the [`SearchIndex`], then times
//! `Query::parse` + `SearchIndex::sessions` for each query with `performance.now()`. The
//! results, a JSON array of objects like `bench_search` prints, are put in `window.__bench`
//! (as a string) and in the page; a failure puts `{"error": …}` there instead.
//!
//! `performance.now()` is coarsened to 100 µs in a page that is not cross-origin isolated,
//! so each sample times a batch of calls that lasts at least [`BATCH_MS`], and the median of
//! the per-call means is reported.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use serde_json::{json, Value};
    use wasm_bindgen::prelude::*;
    use yubei_core::model::Dataset;
    use yubei_core::search::{Query, SearchIndex};

    /// The shortest batch of calls timed as one sample.
    const BATCH_MS: f64 = 5.0;
    /// Sampling time per measurement, and the bounds on the sample count.
    const SAMPLE_MS: f64 = 400.0;
    const MIN_SAMPLES: usize = 9;
    const MAX_SAMPLES: usize = 201;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn now() -> f64;
    }

    /// Median per-call time of `f` in ms, the number of samples and the calls per sample.
    fn median_ms(mut f: impl FnMut()) -> (f64, usize, usize) {
        f();
        let mut reps = 1;
        loop {
            let t = now();
            for _ in 0..reps {
                f();
            }
            if now() - t >= BATCH_MS || reps >= 1 << 20 {
                break;
            }
            reps *= 2;
        }
        let mut samples = Vec::new();
        let began = now();
        while samples.len() < MIN_SAMPLES
            || (now() - began < SAMPLE_MS && samples.len() < MAX_SAMPLES)
        {
            let t = now();
            for _ in 0..reps {
                f();
            }
            samples.push((now() - t) / reps as f64);
        }
        samples.sort_by(f64::total_cmp);
        (samples[samples.len() / 2], samples.len(), reps)
    }

    fn name_of(url: &str) -> &str {
        let file = url.rsplit('/').next().unwrap_or(url);
        file.strip_suffix(".json").unwrap_or(file)
    }

    async fn run() -> Result<Vec<Value>, String> {
        let search = web_sys::window()
            .ok_or("no window")?
            .location()
            .search()
            .map_err(|e| format!("{e:?}"))?;
        let mut data = Vec::new();
        let mut queries = Vec::new();
        for (k, v) in form_urlencoded::parse(search.trim_start_matches('?').as_bytes()) {
            match &*k {
                "data" => data.push(v.into_owned()),
                "q" => queries.push(v.into_owned()),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for url in &data {
            let response = gloo_net::http::Request::get(url)
                .send()
                .await
                .map_err(|e| format!("{url}: {e}"))?;
            if !response.ok() {
                return Err(format!("{url}: HTTP {}", response.status()));
            }
            let text = response.text().await.map_err(|e| format!("{url}: {e}"))?;
            let t = now();
            let ds: Dataset = serde_json::from_str(&text).map_err(|e| format!("{url}: {e}"))?;
            let parse_ms = now() - t;
            let name = name_of(url);
            let n = ds.sessions.len();
            let (build, samples, reps) = median_ms(|| {
                std::hint::black_box(SearchIndex::new(std::hint::black_box(&ds)));
            });
            out.push(json!({
                "dataset": name, "sessions": n, "query": null, "hits": null,
                "median_ms": build, "runs": samples * reps, "json_parse_ms": parse_ms,
            }));
            let index = SearchIndex::new(&ds);
            for raw in &queries {
                let hits = index.sessions(&Query::parse(raw)).len();
                let (ms, samples, reps) = median_ms(|| {
                    std::hint::black_box(index.sessions(&Query::parse(std::hint::black_box(raw))));
                });
                out.push(json!({
                    "dataset": name, "sessions": n, "query": raw, "hits": hits,
                    "median_ms": ms, "runs": samples * reps,
                }));
            }
        }
        Ok(out)
    }

    fn report(text: &str) {
        let window = web_sys::window().expect("window");
        let _ = js_sys::Reflect::set(&window, &"__bench".into(), &text.into());
        if let Some(body) = window.document().and_then(|d| d.body()) {
            body.set_text_content(Some(text));
        }
    }

    pub fn start() {
        wasm_bindgen_futures::spawn_local(async {
            let text = match run().await {
                Ok(rows) => Value::Array(rows).to_string(),
                Err(e) => json!({ "error": e }).to_string(),
            };
            report(&text);
        });
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    wasm::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "bench_wasm runs in the browser only: `make bench` builds it with trunk (bench/index.html)"
    );
    std::process::exit(2);
}
