//! Host search timing for `make bench` (run it with `--release`).
//!
//! Usage: `bench_search [--q QUERY]... DATASET.json...`
//!
//! For each dataset: the time to build the [`SearchIndex`], then for each query the median
//! time of `Query::parse` + `SearchIndex::sessions` over many runs. Prints one JSON object per
//! line (`{"dataset", "sessions", "query", "hits", "median_ms", "runs"}`; `query` is null on
//! the index-build line) for `bench/run.mjs`.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use yubei_core::model::Dataset;
use yubei_core::search::{Query, SearchIndex};

/// Queries used when none is given.
const DEFAULT_QUERIES: [&str; 6] = ["航空", "气象", "青铜器 正妆", "ai", "恐龙化石", ""];

/// Time spent sampling each query (after warming up), and the bounds on the sample count.
const SAMPLE_TIME: Duration = Duration::from_millis(300);
const MIN_RUNS: usize = 31;
const MAX_RUNS: usize = 20_001;

/// Median time of `f` in milliseconds, and how many runs it took.
fn median_ms(mut f: impl FnMut()) -> (f64, usize) {
    for _ in 0..3 {
        f();
    }
    let mut samples = Vec::new();
    let began = Instant::now();
    while samples.len() < MIN_RUNS || (began.elapsed() < SAMPLE_TIME && samples.len() < MAX_RUNS) {
        let t = Instant::now();
        f();
        samples.push(t.elapsed().as_secs_f64() * 1e3);
    }
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples.len())
}

fn name_of(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".json").unwrap_or(file)
}

fn run(args: &[String]) -> Result<(), String> {
    let mut queries: Vec<String> = Vec::new();
    let mut files: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--q" {
            queries.push(it.next().ok_or("--q needs a value")?.clone());
        } else {
            files.push(a);
        }
    }
    if queries.is_empty() {
        queries = DEFAULT_QUERIES.iter().map(|q| q.to_string()).collect();
    }
    if files.is_empty() {
        return Err("usage: bench_search [--q QUERY]... DATASET.json...".into());
    }
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let ds: Dataset = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        let name = name_of(path);
        let n = ds.sessions.len();
        let (build, runs) = median_ms(|| {
            black_box(SearchIndex::new(black_box(&ds)));
        });
        let line = serde_json::json!({
            "dataset": name, "sessions": n, "query": null, "hits": null,
            "median_ms": build, "runs": runs,
        });
        println!("{line}");
        let index = SearchIndex::new(&ds);
        for raw in &queries {
            let hits = index.sessions(&Query::parse(raw)).len();
            let (ms, runs) = median_ms(|| {
                black_box(index.sessions(&Query::parse(black_box(raw))));
            });
            let line = serde_json::json!({
                "dataset": name, "sessions": n, "query": raw, "hits": hits,
                "median_ms": ms, "runs": runs,
            });
            println!("{line}");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_search: {e}");
            ExitCode::FAILURE
        }
    }
}
