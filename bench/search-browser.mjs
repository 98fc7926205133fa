// In-browser search timing: the release wasm of crates/app/src/bin/bench_wasm.rs (built by trunk from
// bench/index.html into bench/out/wasm/) in headless Chromium, then the same queries in plain
// JavaScript over the same data, timed the same way (the floor).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CHROME_FLAGS, CHROMIUM, OUT, ROOT, servePlain } from './lib.mjs';

const require = createRequire(join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');

/** The JS floor, run in the page: same fields, same folding and matching rules as the app. */
async function jsSearch({ urls, queries }) {
  const BATCH_MS = 5;
  const SAMPLE_MS = 400;
  const now = () => performance.now();
  let sink = 0;
  function medianMs(f) {
    f();
    let reps = 1;
    for (;;) {
      const t = now();
      for (let i = 0; i < reps; i++) f();
      if (now() - t >= BATCH_MS || reps >= 1 << 20) break;
      reps *= 2;
    }
    const samples = [];
    const began = now();
    while (samples.length < 9 || (now() - began < SAMPLE_MS && samples.length < 201)) {
      const t = now();
      for (let i = 0; i < reps; i++) f();
      samples.push((now() - t) / reps);
    }
    samples.sort((a, b) => a - b);
    return samples[samples.length >> 1];
  }
  const fold = (s) =>
    s
      .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[\u3000\u00a0\u2000-\u200a\u202f\u205f]/g, ' ')
      .toLowerCase();
  const out = [];
  for (const url of urls) {
    const text = await (await fetch(url)).text();
    const t = now();
    const ds = JSON.parse(text);
    const parseMs = now() - t;
    const build = () => {
      const bases = new Map(ds.bases.map((b) => [b.id, fold([b.name, b.category, b.address].join('\x1f'))]));
      return ds.sessions.map(
        (s) => `${fold([s.source, s.title, s.place, s.note ?? ''].join('\x1f'))}\x1e${bases.get(s.base) ?? ''}`,
      );
    };
    const name = url.split('/').pop().replace(/\.json$/, '');
    out.push({ dataset: name, query: null, median_ms: medianMs(() => (sink += build().length)), json_parse_ms: parseMs });
    const H = build();
    const search = (raw) => {
      const terms = [
        ...new Set(
          fold(raw.slice(0, 200))
            .split(/[\s\x00-\x1f]+/)
            .filter(Boolean),
        ),
      ].slice(0, 8);
      const hits = [];
      for (let i = 0; i < H.length; i++) if (terms.every((t) => H[i].includes(t))) hits.push(i);
      return hits;
    };
    for (const q of queries) {
      const hits = search(q).length;
      out.push({ dataset: name, query: q, hits, median_ms: medianMs(() => (sink += search(q).length)) });
    }
  }
  return { out, sink };
}

/**
 * Times the queries over each dataset (file names in bench/out/) in the browser.
 * Resolves to `{ wasm: [...rows], js: [...rows] }`, rows shaped like bench_search's lines.
 */
export async function browserSearch(datasets, queries) {
  const server = await servePlain(OUT);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS.slice(1) });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const params = new URLSearchParams();
    for (const d of datasets) params.append('data', `../${d}`);
    for (const q of queries) params.append('q', q);
    await page.goto(`${server.url}wasm/index.html?${params}`);
    const handle = await page
      .waitForFunction(() => window.__bench, null, { timeout: 600_000, polling: 250 })
      .catch((e) => {
        throw new Error(`bench_wasm did not report: ${e.message}\n${errors.join('\n')}`);
      });
    const wasm = JSON.parse(await handle.jsonValue());
    if (!Array.isArray(wasm)) throw new Error(`bench_wasm: ${JSON.stringify(wasm)}`);
    const urls = datasets.map((d) => `${server.url}${d}`);
    const { out: js } = await page.evaluate(jsSearch, { urls, queries });
    return { wasm, js };
  } finally {
    await browser.close();
    await server.stop();
  }
}
