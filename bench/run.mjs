// `make bench`: measures the release build in dist/ against the budgets and prints ONE table
// with PASS/FAIL per budget line, next to a plain static page of the same sessions (the floor).
//
// Expects (the Makefile's bench rule makes them): dist/ (trunk build --release), bench/out/
// with yubei-2024.json, synth-600.json and synth-20000.json (crates/importer/src/bin/synth.rs), bench/out/wasm/
// (trunk build --release --config bench/Trunk.toml) and bench/node_modules (lighthouse).
// The page section (bench/page.mjs) loads dist/ itself in Chromium with each dataset:
// BENCH_PAGE_RUNS loads per dataset (default 5), BENCH_PAGE_ROUNDS interactions per load (3).
//
// Exits 0 when every measurement ran, whether or not budgets pass; non-zero when one could
// not be taken. Everything measured is also written to bench/out/bench.json.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { OUT, ROOT, WasmReader, median, run, serveCompressed, sizes, sizesOf, table } from './lib.mjs';
import { lighthouse, summarize } from './lighthouse.mjs';
import { CPU_SLOWDOWN, PHONE, QUERY, RUNS as PAGE_RUNS, pageBench } from './page.mjs';
import { plainPage } from './plain.mjs';
import { browserSearch } from './search-browser.mjs';
import { viewsBench } from './views.mjs';
import { applyCsp } from '../scripts/csp.mjs';
import { precompress } from '../scripts/precompress.mjs';

const KB = 1024;
// The brief's queries, plus the two multi-term ones of the timed unit test this bench replaced.
// Then the queries found by sound (issue 12): full pinyin, initials, a homophone, a polyphone
// and a mixed one. The JS floor only matches as written, so for these it finds fewer.
const SOUND_QUERIES = ['hangkong', 'qixiang', 'hk', 'qxkpg', '气像', 'chongqing', '航空 jidi'];
const QUERIES = ['航空', '气象', '青铜器 正妆', 'ai', '恐龙化石', '', '市主会场 航空', 'ai 换脸 诈骗', ...SOUND_QUERIES];
// The Makefile generates the synthetic datasets (BENCH_SIZES) before running this.
const DATASETS = ['yubei-2024.json', ...(process.env.BENCH_SIZES ?? '600 20000').split(/\s+/).filter(Boolean).map((n) => `synth-${n}.json`)];
const LH_RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);
const BUDGET = {
  // The first load's wasm: the main module of the split build (scripts/split.mjs); the views
  // that load on demand are in chunks, listed below it and not counted. The issue asked for
  // 120 KB, or the framework's floor for the home list + 10 %: with the views out, the main
  // module measured 205.1 KB br (Dec 2026), 69 % of its code Leptos (tachys, reactive_graph,
  // leptos, leptos_router), Rust's core/alloc/std, wasm-bindgen/js-sys/web-sys and the
  // allocator (bench/wasm-breakdown.mjs), the rest the home list's loader, search, bookmarks
  // and URL state. So: 205.1 KB + 10 %.
  wasmBr: 226 * KB,
  // What the readings (search by sound) add to the real dataset, brotli.
  readingsBr: 3 * KB,
  totalBr: 160 * KB,
  scores: { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 },
  // LCP and TTI against the plain page's, measured in the same run (the machine is noisy).
  lcpVsFloor: 1.1,
  ttiVsFloor: 1.5,
  tbtMs: 50,
  cls: 0,
  // A tap on 我的一周 (a view in a chunk) to my week painted, 4x CPU, real data: once the
  // idle fetch of the chunks is done, and on a cold cache with Lighthouse's network.
  weekWarmMs: 150,
  weekColdMs: 1000,
  search20kMs: 8,
  // The page at 20,000 sessions against the real data's, measured in the same run: what a
  // parent waits for must not grow with the dataset, nor the DOM the phone holds.
  pageKeystrokeVsReal: 3,
  pageClearVsReal: 3,
  pageElementsVsReal: 2,
};

const DIST = join(ROOT, 'dist');
const log = (...a) => console.error('bench:', ...a);

function need(path, hint) {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
}

/** The files a first visit downloads: the page, the hashed JS and wasm, the dataset. */
function firstLoadFiles() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  // As the bootstrap names them, in quotes (a name that merely starts the same, such as the
  // dataset's `yubei-2024.json`, is not one).
  const js = html.match(/([\w.-]+-[0-9a-f]{1,16}\.js)['"]/)?.[1];
  const wasm = html.match(/([\w.-]+-[0-9a-f]{1,16}_bg\.wasm)['"]/)?.[1];
  // The edition's dataset, as the build names it for the app (crates/app/src/prerender.rs).
  const data = html.match(/<meta name="yubei-dataset" content="(data\/[^"]+\.json)">/)?.[1];
  if (!data) throw new Error('dist/index.html names no dataset (<meta name="yubei-dataset">)');
  if (!js || !wasm) throw new Error('dist/index.html names no hashed .js/_bg.wasm: is dist/ a trunk release build?');
  return { 'index.html': 'index.html', js, wasm, data };
}

// ---- formatting -------------------------------------------------------------------------
const kb = (n) => (n / KB).toFixed(1);
const triple = (s) => `${kb(s.raw)} · ${kb(s.gzip)} · ${kb(s.br)} KB`;
const ms = (x) => {
  if (x === undefined || Number.isNaN(x)) return 'n/a';
  if (x < 0.01) return `${(x * 1000).toFixed(2)} µs`;
  if (x < 1) return `${x.toFixed(3)} ms`;
  if (x < 10) return `${x.toFixed(2)} ms`;
  return `${x.toFixed(1)} ms`;
};
const secs = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(2)} s` : 'n/a');
const ratio = (a, b) => (b > 0 && Number.isFinite(a) ? `×${(a / b).toFixed(a / b < 10 ? 2 : 1)}` : '');
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

/** Section breakdown of a wasm module: where its bytes go (sizes of code, data, …). */
function wasmSections(path) {
  const r = new WasmReader(readFileSync(path));
  const names = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];
  const out = [];
  while (!r.done) {
    const id = r.byte();
    const size = r.leb();
    const start = r.pos;
    let count = '';
    if (id === 10 || id === 11 || id === 3) count = r.leb();
    out.push({ name: names[id] ?? `#${id}`, size, count });
    r.pos = start + size;
  }
  return out.sort((x, y) => y.size - x.size);
}

/**
 * The page section of the table: one row per measure and dataset, the ratio to the real data
 * (the first dataset) in the app/floor column; budget lines for the dataset of 20,000 sessions.
 */
function pageRows(page, { rows, budgetRow, info }) {
  const [real] = page.datasets;
  const { width, height } = PHONE.viewport;
  rows.push(
    `page: dist/ in Chromium, ${width}×${height} phone, CPU ${CPU_SLOWDOWN}× slower, each dataset as data/yubei-2024.json; ` +
      `median of ${page.runs} loads (interactions ${page.runs}×${page.rounds}); app/floor = ratio to the real data`,
  );
  const count = (n) => n.toLocaleString('en');
  const measures = [
    [(d) => `load → 共 ${count(d.sessions)} 场活动 painted`, (d) => d.load_ms, secs],
    [(d) => `keystroke «${QUERY}» → ${count(d.query_count)} painted`, (d) => d.keystroke_ms, ms, BUDGET.pageKeystrokeVsReal],
    [(d) => `clear the search → ${count(d.sessions)} painted`, (d) => d.clear_ms, ms, BUDGET.pageClearVsReal],
    [(d) => `tap ${d.chip.label} (busiest day) → ${count(d.chip.count)} painted`, (d) => d.chip_ms, ms],
    [() => 'DOM elements once loaded', (d) => d.elements, String, BUDGET.pageElementsVsReal],
    [() => 'session cards in the DOM', (d) => d.cards, String],
    [() => 'longest task, navigation → live', (d) => d.longest_task_ms, (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a')],
    [() => 'tasks > 50 ms, navigation → live', (d) => d.long_tasks, String],
  ];
  for (const [what, value, fmt, maxVsReal] of measures) {
    for (const d of page.datasets) {
      const r = d === real ? '' : ratio(value(d), value(real));
      const row = ['page', `${d.dataset} (${count(d.sessions)}) ${what(d)}`, fmt(value(d)), '', r && `${r} real`];
      if (maxVsReal !== undefined && d.sessions >= 20000) {
        budgetRow([...row, `≤ ${maxVsReal}× real`], value(d) <= maxVsReal * value(real));
      } else info([...row, '']);
    }
  }
}

async function main() {
  need(join(DIST, 'index.html'), 'run `make build` (make bench does)');
  need(join(OUT, 'wasm/index.html'), 'run `trunk build --release --config bench/Trunk.toml` (make bench does)');
  for (const d of DATASETS) need(join(OUT, d), 'make bench generates it with crates/importer/src/bin/synth.rs');
  need(join(ROOT, 'bench/node_modules/lighthouse/cli/index.js'), 'cd bench && npm ci');

  // The floor: a plain static page of the same sessions.
  const plainDir = join(OUT, 'plain');
  mkdirSync(plainDir, { recursive: true });
  writeFileSync(join(plainDir, 'index.html'), plainPage(JSON.parse(readFileSync(join(OUT, DATASETS[0]), 'utf8'))));
  copyFileSync(join(ROOT, 'public/robots.txt'), join(plainDir, 'robots.txt'));
  // Published like the app: its inline script allowed by hash, and precompressed for Caddy.
  applyCsp(plainDir);
  precompress(plainDir);

  // Bytes.
  const files = firstLoadFiles();
  const bytes = {};
  for (const [k, f] of Object.entries(files)) {
    need(join(DIST, f), 'dist/index.html refers to it');
    bytes[k] = { file: f, ...sizes(join(DIST, f)) };
  }
  const total = { raw: 0, gzip: 0, br: 0 };
  for (const s of Object.values(bytes)) for (const k of Object.keys(total)) total[k] += s[k];
  const sw = existsSync(join(DIST, 'sw.js')) ? sizes(join(DIST, 'sw.js')) : null;
  // What the split build loads on demand: the views' chunks, the ones they share, the loader.
  const chunks = readdirSync(DIST)
    .filter((f) => /^(split_|chunk_)\w+-[0-9a-f]{1,16}\.wasm$|^__wasm_split-[0-9a-f]{1,16}\.js$/.test(f))
    .sort()
    .map((f) => ({ file: f, ...sizes(join(DIST, f)) }));
  // The dataset as it was before readings: the same JSON without the field, written the way
  // the importer writes it (two-space pretty JSON and a newline).
  const dataset = JSON.parse(readFileSync(join(DIST, files.data), 'utf8'));
  if (!dataset.readings) throw new Error(`${files.data} has no readings: run \`make data\``);
  delete dataset.readings;
  const without = sizesOf(Buffer.from(JSON.stringify(dataset, null, 2) + '\n'));
  const readings = { without, grown: bytes.data.br - without.br };
  const plainBytes = sizes(join(plainDir, 'index.html'));

  // Search: host (native, release), then the browser (wasm and the JS floor).
  log('search on the host (cargo run --release --bin bench_search)…');
  const hostOut = await run('cargo', [
    'run', '--release', '-q', '--bin', 'bench_search', '--',
    ...QUERIES.flatMap((q) => ['--q', q]),
    ...DATASETS.map((d) => join(OUT, d)),
  ]);
  const host = hostOut.trim().split('\n').map((l) => JSON.parse(l));
  log('search in Chromium (wasm, then plain JS)…');
  const browser = await browserSearch(DATASETS, QUERIES);

  // Lighthouse: app and floor served with compression, runs interleaved so both see the
  // same machine load.
  const app = await serveCompressed(DIST);
  const plain = await serveCompressed(plainDir);
  const lh = { app: [], plain: [] };
  try {
    for (let i = 1; i <= LH_RUNS; i++) {
      log(`lighthouse run ${i}/${LH_RUNS} (app, plain page)…`);
      lh.app.push(await lighthouse(app.url, `app-${i}`));
      lh.plain.push(await lighthouse(plain.url, `plain-${i}`));
    }
  } finally {
    await app.stop();
    await plain.stop();
  }
  const lhApp = summarize(lh.app);
  const lhPlain = summarize(lh.plain);
  const lhDetail = (runs, id) =>
    median(runs.map((r) => JSON.parse(readFileSync(r.path, 'utf8')).audits[id]?.numericValue));

  // The page as a parent sees it: dist/ in Chromium on a slowed-down phone, each dataset in
  // place of the real one (bench/page.mjs).
  log(`the page in Chromium, CPU ${CPU_SLOWDOWN}× slower: ${PAGE_RUNS} loads per dataset…`);
  const page = await pageBench({ dist: DIST, datasets: DATASETS, log });
  log(`a view on demand: the tap on 我的一周, ${PAGE_RUNS} warm and ${PAGE_RUNS} cold…`);
  const views = await viewsBench({ dist: DIST, file: DATASETS[0], runs: PAGE_RUNS, log });

  // ---- the table ------------------------------------------------------------------------
  const rows = [];
  const budgets = [];
  const budgetRow = (row, ok) => {
    row.push(verdict(ok));
    rows.push(row);
    budgets.push({ line: `${row[0]} ${row[1]}`, ok, value: row[2], budget: row[5] });
  };
  const info = (row) => rows.push([...row, '']);

  rows.push('first-load bytes, raw · gzip -9 · brotli -q 11 (KB = 1024 B); CSS is inline in index.html');
  info(['bytes', 'index.html', triple(bytes['index.html']), '', '', '']);
  info(['bytes', bytes.js.file, triple(bytes.js), '', '', '']);
  budgetRow(['bytes', bytes.wasm.file, triple(bytes.wasm), '', '', `br ≤ ${kb(BUDGET.wasmBr)} KB`], bytes.wasm.br <= BUDGET.wasmBr);
  for (const c of chunks) info(['bytes', `${c.file} (on demand; not counted)`, triple(c), '', '', '']);
  info(['bytes', bytes.data.file, triple(bytes.data), '', '', '']);
  budgetRow(
    ['bytes', `${bytes.data.file} without → with readings`, `${triple(readings.without)} → +${readings.grown} B br`, '', '', `+br ≤ ${kb(BUDGET.readingsBr)} KB`],
    readings.grown <= BUDGET.readingsBr,
  );
  budgetRow(
    ['bytes', 'total first load', triple(total), triple(plainBytes), ratio(total.br, plainBytes.br) + ' br', `br ≤ ${kb(BUDGET.totalBr)} KB`],
    total.br <= BUDGET.totalBr,
  );
  if (sw) info(['bytes', 'sw.js (after load; not counted)', triple(sw), '', '', '']);

  rows.push(`Lighthouse 12.2.3 mobile, simulated throttling, median of ${LH_RUNS} runs, served by Caddy (Caddyfile), precompressed br/gzip`);
  const names = { performance: 'performance', accessibility: 'accessibility', 'best-practices': 'best practices', seo: 'SEO' };
  for (const [c, min] of Object.entries(BUDGET.scores)) {
    const a = lhApp.scores[c];
    const row = ['lighthouse', names[c], String(a), String(lhPlain.scores[c]), '', min === 100 ? '= 100' : `≥ ${min}`];
    budgetRow(row, a >= min);
  }
  info(['lighthouse', 'FCP', secs(lhApp.metrics.fcp), secs(lhPlain.metrics.fcp), ratio(lhApp.metrics.fcp, lhPlain.metrics.fcp), '']);
  budgetRow(
    ['lighthouse', 'LCP', secs(lhApp.metrics.lcp), secs(lhPlain.metrics.lcp), ratio(lhApp.metrics.lcp, lhPlain.metrics.lcp), `≤ ${BUDGET.lcpVsFloor}× floor`],
    lhApp.metrics.lcp <= BUDGET.lcpVsFloor * lhPlain.metrics.lcp,
  );
  budgetRow(
    ['lighthouse', 'TBT', `${Math.round(lhApp.metrics.tbt)} ms`, `${Math.round(lhPlain.metrics.tbt)} ms`, '', `≤ ${BUDGET.tbtMs} ms`],
    lhApp.metrics.tbt <= BUDGET.tbtMs,
  );
  budgetRow(
    ['lighthouse', 'CLS', lhApp.metrics.cls.toFixed(3), lhPlain.metrics.cls.toFixed(3), '', '= 0'],
    lhApp.metrics.cls === BUDGET.cls,
  );
  const tti = [lhDetail(lh.app, 'interactive'), lhDetail(lh.plain, 'interactive')];
  budgetRow(
    ['lighthouse', 'TTI (interactive)', secs(tti[0]), secs(tti[1]), ratio(tti[0], tti[1]), `≤ ${BUDGET.ttiVsFloor}× floor`],
    tti[0] <= BUDGET.ttiVsFloor * tti[1],
  );
  const weight = [lhDetail(lh.app, 'total-byte-weight'), lhDetail(lh.plain, 'total-byte-weight')];
  info(['lighthouse', 'transferred (total-byte-weight)', `${kb(weight[0])} KB`, `${kb(weight[1])} KB`, ratio(weight[0], weight[1]), '']);

  rows.push('search: parse + SearchIndex::sessions, median; app = wasm in Chromium [host]; floor = plain JS');
  const find = (list, d, q) => list.find((r) => r.dataset === d && r.query === q);
  for (const file of DATASETS) {
    const d = basename(file, '.json');
    const n = find(host, d, null)?.sessions;
    const label = `${d} (${n.toLocaleString('en')})`;
    const w = find(browser.wasm, d, null);
    const js = find(browser.js, d, null);
    info(['search', `${label} parse JSON (once)`, ms(w.json_parse_ms), ms(js.json_parse_ms), ratio(w.json_parse_ms, js.json_parse_ms), '']);
    info(['search', `${label} build index`, `${ms(w.median_ms)} [${ms(find(host, d, null).median_ms)}]`, ms(js.median_ms), ratio(w.median_ms, js.median_ms), '']);
    for (const q of QUERIES) {
      const wq = find(browser.wasm, d, q);
      const hq = find(host, d, q);
      const jq = find(browser.js, d, q);
      const sound = SOUND_QUERIES.includes(q);
      const differs = sound ? ` (JS, as written: ${jq.hits})` : ` (JS finds ${jq.hits}!)`;
      const hits = `${wq.hits} hit${wq.hits === 1 ? '' : 's'}${wq.hits === jq.hits ? '' : differs}`;
      const row = ['search', `${label} «${q}» ${hits}`, `${ms(wq.median_ms)} [${ms(hq.median_ms)}]`, ms(jq.median_ms), ratio(wq.median_ms, jq.median_ms)];
      if (n >= 20000) budgetRow([...row, `≤ ${BUDGET.search20kMs} ms`], wq.median_ms <= BUDGET.search20kMs);
      else info([...row, '']);
    }
  }

  pageRows(page, { rows, budgetRow, info });

  rows.push(`a view on demand, CPU ${CPU_SLOWDOWN}× slower, real data, median of ${PAGE_RUNS}: tap on 我的一周 → my week painted`);
  budgetRow(['view', 'my week, chunks fetched at idle', ms(views.warm_ms), '', '', `≤ ${BUDGET.weekWarmMs} ms`], views.warm_ms <= BUDGET.weekWarmMs);
  budgetRow(['view', "my week, cold cache, Lighthouse's network", ms(views.cold_ms), '', '', `≤ ${BUDGET.weekColdMs} ms`], views.cold_ms <= BUDGET.weekColdMs);

  const header = ['area', 'measure', 'app', 'plain page (floor)', 'app/floor', 'budget', 'result'];
  console.log('');
  console.log(`make bench — ${new Date().toISOString()} — dist/ (release) vs bench/out/plain/index.html`);
  console.log(table(header, rows, ['', '', 'r', 'r', 'r', '', '']));
  const failed = budgets.filter((b) => !b.ok);
  console.log('');
  console.log(`${budgets.length} budget lines: ${budgets.length - failed.length} PASS, ${failed.length} FAIL`);
  for (const f of failed) console.log(`FAIL  ${f.line}: ${f.value} (budget ${f.budget})`);

  // ---- where the bytes and the milliseconds go ----------------------------------------------
  const notes = [];
  const share = Object.values(bytes)
    .map((s) => `${s.file} ${kb(s.br)} KB (${((100 * s.br) / total.br).toFixed(0)}%)`)
    .join(', ');
  notes.push(`brotli first load by file: ${share}`);
  const sections = wasmSections(join(DIST, bytes.wasm.file))
    .slice(0, 5)
    .map((s) => `${s.name} ${kb(s.size)} KB${s.count !== '' ? ` (${s.count} entries)` : ''}`)
    .join(', ');
  notes.push(`wasm sections (raw): ${sections}; per crate and function: bench/wasm-breakdown.mjs (see its header)`);
  notes.push(
    `per run, app: LCP ${lh.app.map((r) => secs(r.metrics.lcp)).join(', ')}; performance ${lh.app.map((r) => r.scores.performance).join(', ')}` +
      ` | plain: LCP ${lh.plain.map((r) => secs(r.metrics.lcp)).join(', ')}`,
  );
  notes.push(`app LCP element: ${lhApp.lcpElement || 'n/a (Lighthouse 12.2.3 cannot read it from this Chromium trace)'}${lhApp.lcpPhases ? `; ${lhApp.lcpPhases}` : ''}`);
  if (Math.abs(lhApp.metrics.lcp - lhApp.metrics.fcp) < 1) {
    notes.push(
      'app LCP = FCP: the largest paint is the first paint of index.html (the header and the prerendered week); ' +
        `the app takes over later, after the wasm runs (see TTI ${secs(tti[0])})`,
    );
  }
  for (const f of lhApp.failed) notes.push(`app lighthouse audit below 1: ${f}`);
  for (const f of lhPlain.failed) notes.push(`plain lighthouse audit below 1: ${f}`);
  for (const w of [...lhApp.warnings, ...lhPlain.warnings]) notes.push(`lighthouse warning: ${w}`);
  for (const d of page.datasets) for (const e of d.errors) notes.push(`page error (${d.dataset}): ${e}`);
  notes.push('full reports: bench/out/lighthouse/*.json; all numbers: bench/out/bench.json');
  console.log('');
  for (const n of notes) console.log(`note: ${n}`);

  writeFileSync(
    join(OUT, 'bench.json'),
    JSON.stringify({ date: new Date().toISOString(), bytes, chunks, total, sw, plainBytes, host, browser, lighthouse: { app: lhApp, plain: lhPlain, runs: lh }, page, views, budgets }, null, 1),
  );
}

main().catch((err) => {
  console.error(`bench: could not measure: ${err.stack ?? err}`);
  process.exit(1);
});
