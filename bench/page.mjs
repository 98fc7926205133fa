// The page as a parent sees it: the release build in dist/ in headless Chromium at a phone
// viewport (390×844), with the CPU slowed down 4× (CDP Emulation.setCPUThrottlingRate), for
// each dataset put in place of data/yubei-2024.json. Timed from the page's own clock
// (performance.now(), 0 = navigation start) up to the end of the frame that paints the result,
// because that is when a parent sees it, not when the search function returns:
//
// - load: navigation start → the live app shows the full count (`共 N 场活动`), painted;
// - keystroke: `航空` typed into #q (one input event) → the new count, painted;
// - clear: #q emptied → the full count again, painted;
// - date chip: a tap on the busiest day → that day's count, painted;
// - the DOM once loaded (elements, session cards), and the long main-thread tasks (> 50 ms,
//   the ones that delay a tap) from navigation until live.
//
// Each load is a fresh browser context (nothing cached, service workers blocked so the route
// below sees every request); the interactions repeat a few rounds per load.
//
// The app's DOM contract, which is all this relies on: `#page[data-ready="true"]` once the app
// is live (the prerendered copy before it has the same markup without it); the count is the
// text of `.bar p[role="status"]` (looked for inside #page, else anywhere once #page is live),
// read as `共 N 场活动` (N may have thousands separators); the search box is `#q` (read on `input`); the date chips are
// `button.chip` in `ul.chips[aria-labelledby="date-label"]`, each day's with its count in a
// `<small>`, the first (全部日期) without; the session cards are `.card[data-session]`.
//
// Usage (alone, against any release build; writes bench/out/page.json):
//   node bench/page.mjs [--dist dist] [--runs 5] [--rounds 3] [--data yubei-2024.json,synth-600.json,…]
// Datasets are file names in bench/out/ (the Makefile's bench rule makes them); runs and rounds
// default to BENCH_PAGE_RUNS (5) and BENCH_PAGE_ROUNDS (3), as in make bench.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_FLAGS, CHROMIUM, OUT, ROOT, median, serveCompressed, table } from './lib.mjs';

const require = createRequire(join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');

export const QUERY = '航空';
export const CPU_SLOWDOWN = 4;
/** Fresh loads per dataset, and rounds of interactions per load. */
export const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 5);
export const ROUNDS = Number(process.env.BENCH_PAGE_ROUNDS ?? 3);
/** The phone of the e2e tests (tests/e2e/playwright.config.js). */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
/** The request the app makes for its dataset (the newest edition's, as the built page names
 * it: set by pageBench from the dist it measures); each dataset is served in its place. */
let DATA_PATH = '';

/** Serves each dataset in place of the one `dist`'s home page loads. */
export function measureDist(dist) {
  DATA_PATH = datasetPath(dist);
}

/** The dataset `dist`'s home page loads, from its <meta name="yubei-dataset">. */
function datasetPath(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const found = html.match(/<meta name="yubei-dataset" content="([^"]+)">/);
  if (!found) throw new Error(`${dist}/index.html names no dataset (<meta name="yubei-dataset">)`);
  return `/${found[1]}`;
}
// Generous: the app before paging took ~80 s to load 20,000 sessions and ~16 s per keystroke
// at this slowdown. A timeout fails the bench; it never becomes a number.
const LOAD_TIMEOUT_MS = 300_000;
const STEP_TIMEOUT_MS = 300_000;
/** The DOM is "loaded" when its element count has not changed for this long. */
const SETTLE_MS = 1000;
const SETTLE_MAX_MS = 30_000;

/**
 * The in-page probe, installed before any of the page's scripts (an init script). It keeps a
 * frame clock and resolves "painted" waiters after the paint of the first frame that shows
 * what they wait for:
 * - our requestAnimationFrame callback is the first of each frame (it re-registers first), and
 *   posts a message that runs once the frame's rendering (style, layout, paint) is done;
 * - a waiter's condition is checked at each frame start and on every DOM change (a
 *   MutationObserver, connected only while someone waits); when it first holds, the frame
 *   that will paint it is this one if we are inside its rendering (the app changed the DOM in
 *   its own requestAnimationFrame callback), else the next. A task the browser runs between a
 *   frame's paint and our message would count as inside it: one frame early, in that rare case;
 * - it also records the long tasks (PerformanceObserver `longtask`, buffered).
 */
export function probe({ full }) {
  if (window !== window.top || window.__bench) return;
  const COUNT = '.bar p[role="status"]';
  const b = (window.__bench = { longtasks: [], frame: 0, rendering: false, waiters: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    b.longtasks = null; // this browser cannot say; reported as such
  }

  b.live = () => document.querySelector('#page[data-ready="true"]');
  b.countText = () => {
    const page = b.live();
    if (!page) return null;
    const p = page.querySelector(COUNT) ?? document.querySelector(COUNT);
    return p ? p.textContent.trim() : null;
  };
  b.count = () => {
    const m = /共\s*([\d,]+)\s*场/.exec(b.countText() ?? '');
    return m ? Number(m[1].replace(/,/g, '')) : null;
  };
  b.dateChips = () => [...document.querySelectorAll('ul.chips[aria-labelledby="date-label"] button.chip')];

  b.check = () => {
    for (const w of b.waiters) {
      if (w.target === null && w.cond()) {
        w.seen = performance.now();
        w.target = b.rendering ? b.frame : b.frame + 1;
      }
    }
  };
  const observer = new MutationObserver(b.check);
  const painted = new MessageChannel();
  painted.port1.onmessage = () => {
    b.rendering = false;
    const now = performance.now();
    b.waiters = b.waiters.filter((w) => {
      if (w.target === null || w.target > b.frame) return true;
      w.resolve({ seen: w.seen, painted: now });
      return false;
    });
    if (b.waiters.length === 0) observer.disconnect();
  };
  const onFrame = () => {
    requestAnimationFrame(onFrame);
    b.frame++;
    b.rendering = true;
    b.check();
    painted.port2.postMessage(0);
  };
  requestAnimationFrame(onFrame);

  /** Resolves to { seen, painted } (performance.now()) once `cond` holds and is painted. */
  b.whenPainted = (cond) =>
    new Promise((resolve) => {
      b.waiters.push({ cond, resolve, target: null, seen: NaN });
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-ready'] });
      b.check();
    });

  // Load: the live app showing every session of the dataset.
  b.loaded = b.whenPainted(() => b.count() === full);
}

/** In the page: one timed interaction (type into #q, or tap a date chip) until `want` shows. */
function interact({ value, chip, want }) {
  const b = window.__bench;
  const before = b.countText();
  const done = b.whenPainted(want === null ? () => b.countText() !== before : () => b.count() === want);
  let t0;
  if (chip === undefined) {
    const q = document.querySelector('#q');
    if (!q) throw new Error('no #q on the live page');
    q.value = value;
    t0 = performance.now();
    q.dispatchEvent(new Event('input', { bubbles: true }));
  } else {
    const button = b.dateChips()[chip];
    if (!button) throw new Error(`no date chip #${chip} on the live page`);
    t0 = performance.now();
    button.click();
  }
  return done.then(({ seen, painted }) => ({ ms: painted - t0, seenMs: seen - t0, count: b.count(), text: b.countText() }));
}

/** In the page: the date chips, each with its label and `<small>` count (null without one). */
function dateChips() {
  return window.__bench.dateChips().map((c) => {
    const small = c.querySelector('small');
    const label = [...c.childNodes].filter((n) => n !== small).map((n) => n.textContent).join('').trim();
    return { label, count: small ? Number(small.textContent.replace(/\D/g, '')) : null };
  });
}

/** In the page: waits until the element count has been still for `still` ms, then the DOM size. */
function settledDom({ still, max }) {
  const size = () => document.getElementsByTagName('*').length;
  return new Promise((resolve) => {
    const began = performance.now();
    let last = size();
    let since = began;
    const poll = () => {
      const now = performance.now();
      const n = size();
      if (n !== last) [last, since] = [n, now];
      if (now - since >= still || now - began >= max) {
        resolve({ elements: n, cards: document.querySelectorAll('.card[data-session]').length, settled: now - since >= still });
      } else setTimeout(poll, 100);
    };
    setTimeout(poll, 100);
  });
}

/** In the page: resolves when the main thread has been idle once (and at most after 2 s). */
function idle() {
  return new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 50), { timeout: 2000 }));
}

/** What the page shows right now, for an error message (or why it cannot say). */
async function describe(page, errors) {
  const state = await within(
    page.evaluate(() => ({
      live: Boolean(document.querySelector('#page[data-ready="true"]')),
      count: document.querySelector('.bar p[role="status"]')?.textContent.trim() ?? null,
      url: location.href,
    })),
    10_000,
    'reading the page',
  )
    .then((s) => `live: ${s.live}, count text: ${JSON.stringify(s.count)}, url: ${s.url}`)
    .catch((e) => `the page does not answer (${e.message})`);
  return errors.length ? `${state}; page errors: ${errors.slice(0, 3).join(' | ')}` : state;
}

/** `promise`, or an error saying what did not happen once `ms` have passed. */
export function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A dataset from bench/out/: its bytes (served as data/yubei-2024.json) and session count. */
export function readDataset(file) {
  const body = readFileSync(join(OUT, file));
  const sessions = JSON.parse(body).sessions.length;
  return { name: basename(file, '.json'), file, body, sessions };
}

/**
 * A fresh browser context (nothing cached; service workers blocked, so the route sees every
 * request) with `data` served as the dataset, the probe installed, and one page whose CPU is
 * slowed down. `tab.fail(err)` rethrows `err` with what the page shows right now.
 */
export async function freshTab(browser, data) {
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
  const tab = { context, errors: [], served: 0 };
  await context.route(
    (u) => u.pathname.endsWith(DATA_PATH),
    (route) => {
      tab.served++;
      return route.fulfill({ status: 200, contentType: 'application/json', body: data.body });
    },
  );
  await context.addInitScript(probe, { full: data.sessions });
  tab.page = await context.newPage();
  tab.page.on('pageerror', (e) => tab.errors.push(String(e)));
  const cdp = await context.newCDPSession(tab.page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  tab.fail = async (err) => {
    throw new Error(`page ${data.name}: ${err.message}\n  now: ${await describe(tab.page, tab.errors)}`);
  };
  return tab;
}

/** Navigates to `url`; resolves to { seen, painted } (ms since navigation start) once the live
 * app shows the full count of `data`, painted. */
export async function loadLive(tab, url, data) {
  await tab.page.goto(url, { waitUntil: 'commit' });
  const live = await within(
    tab.page.evaluate(async () => {
      while (!window.__bench) await new Promise((r) => setTimeout(r, 5));
      return window.__bench.loaded;
    }),
    LOAD_TIMEOUT_MS,
    `the app did not become live showing 共 ${data.sessions} 场活动`,
  ).catch(tab.fail);
  if (tab.served === 0) throw new Error(`page ${data.name}: the app never requested ${DATA_PATH}, so it did not show this dataset`);
  return live;
}

/** One load that is not counted: the browser's own first-time costs (starting a renderer,
 * reading fonts…) would otherwise land on whichever dataset comes first. */
async function warmUp(browser, url, data) {
  const tab = await freshTab(browser, data);
  try {
    await loadLive(tab, url, data);
  } finally {
    await tab.context.close();
  }
}

/**
 * One fresh load of the page with `data` in place of the real dataset, then `rounds` rounds of
 * keystroke, clear and date chip. `expect` carries the counts found by earlier loads (the
 * query's and the chosen chip's) so every load waits for the same thing.
 */
async function measureLoad(browser, url, data, rounds, expect) {
  const tab = await freshTab(browser, data);
  const { page } = tab;
  try {
    // Load: navigation start → the live app's full count, painted; then the DOM it left.
    const live = await loadLive(tab, url, data);
    const dom = await within(page.evaluate(settledDom, { still: SETTLE_MS, max: SETTLE_MAX_MS }), SETTLE_MAX_MS + 60_000, 'the DOM size was not read').catch(
      tab.fail,
    );
    const tasks = await page.evaluate((until) => window.__bench.longtasks?.filter((t) => t.start < until) ?? null, live.painted);
    const load = { ms: live.painted, seenMs: live.seen, ...dom, longtasks: tasks, served: tab.served };

    // Interactions, alternating, each waited for on the page (idle in between).
    const step = async (what, args) => {
      await within(page.evaluate(idle), STEP_TIMEOUT_MS, `before ${what}: the page did not become idle`).catch(tab.fail);
      return within(page.evaluate(interact, args), STEP_TIMEOUT_MS, `${what}: the count did not show it`).catch(tab.fail);
    };
    const chips = await page.evaluate(dateChips);
    const all = chips.findIndex((c) => c.count === null);
    const days = chips.map((c, i) => ({ ...c, i })).filter((c) => c.count !== null);
    if (all < 0 || days.length === 0) throw new Error(`page ${data.name}: no 全部日期 chip or no day chip with a <small> count in ul.chips[aria-labelledby="date-label"]`);
    const busiest = days.reduce((a, c) => (c.count > a.count ? c : a));
    expect.chip ??= { label: busiest.label, count: busiest.count };
    const samples = { keystroke: [], clear: [], chip: [] };
    for (let r = 0; r < rounds; r++) {
      const typed = await step(`keystroke «${QUERY}»${expect.query === undefined ? '' : ` → ${expect.query}`}`, { value: QUERY, want: expect.query ?? null });
      if (expect.query === undefined) expect.query = await firstQueryCount(page, typed, data);
      samples.keystroke.push(typed.ms);
      samples.clear.push((await step(`clearing the search → ${data.sessions}`, { value: '', want: data.sessions })).ms);
      samples.chip.push((await step(`date chip ${busiest.label} → ${busiest.count}`, { chip: busiest.i, want: busiest.count })).ms);
      await step(`back to 全部日期 → ${data.sessions}`, { chip: all, want: data.sessions });
    }
    return { load, samples, errors: tab.errors };
  } finally {
    await tab.context.close();
  }
}

/** The count `航空` leads to, from the first keystroke: it must be a count, and must stay. */
async function firstQueryCount(page, typed, data) {
  if (typed.count === null) throw new Error(`page ${data.name}: after «${QUERY}» the count reads ${JSON.stringify(typed.text)}`);
  const later = await page.evaluate(() => new Promise((r) => setTimeout(() => r(window.__bench.count()), 1000)));
  if (later !== typed.count) throw new Error(`page ${data.name}: after «${QUERY}» the count went on from ${typed.count} to ${later}`);
  return typed.count;
}

/** Medians of one dataset's loads. */
function summarize(data, loads, expect) {
  const longest = (l) => (l.load.longtasks === null ? NaN : Math.max(0, ...l.load.longtasks.map((t) => t.duration)));
  const over50 = (l) => (l.load.longtasks === null ? NaN : l.load.longtasks.filter((t) => t.duration > 50).length);
  const all = (k) => loads.flatMap((l) => l.samples[k]);
  return {
    dataset: data.name,
    sessions: data.sessions,
    query: QUERY,
    query_count: expect.query,
    chip: expect.chip,
    load_ms: median(loads.map((l) => l.load.ms)),
    keystroke_ms: median(all('keystroke')),
    clear_ms: median(all('clear')),
    chip_ms: median(all('chip')),
    elements: median(loads.map((l) => l.load.elements)),
    cards: median(loads.map((l) => l.load.cards)),
    longest_task_ms: median(loads.map(longest)),
    long_tasks: median(loads.map(over50)),
    errors: [...new Set(loads.flatMap((l) => l.errors))],
    loads,
  };
}

/**
 * Measures the build in `dist` for each dataset (file names in bench/out/): `runs` fresh loads
 * each (interleaved across datasets, so they share the machine's ups and downs), `rounds`
 * rounds of interactions per load. Resolves to one summary per dataset; rejects when a
 * measurement cannot be taken.
 */
export async function pageBench({ dist = join(ROOT, 'dist'), datasets, runs = RUNS, rounds = ROUNDS, log = () => {} }) {
  measureDist(dist);
  if (!(runs >= 1 && rounds >= 1)) throw new Error(`page: runs (${runs}) and rounds (${rounds}) must be at least 1 (BENCH_PAGE_RUNS, BENCH_PAGE_ROUNDS)`);
  const data = datasets.map(readDataset);
  const server = await serveCompressed(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS.slice(1) });
  const loads = data.map(() => []);
  const expect = data.map(() => ({}));
  try {
    log(`page warm-up load (not counted)…`);
    await warmUp(browser, server.url, data[0]);
    for (let run = 1; run <= runs; run++) {
      for (const [i, d] of data.entries()) {
        log(`page load ${run}/${runs}: ${d.name} (${d.sessions} sessions)…`);
        loads[i].push(await measureLoad(browser, server.url, d, rounds, expect[i]));
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return {
    cpu_slowdown: CPU_SLOWDOWN,
    phone: PHONE,
    runs,
    rounds,
    datasets: data.map((d, i) => summarize(d, loads[i], expect[i])),
  };
}

// ---- alone: node bench/page.mjs [--dist DIR] [--runs N] [--rounds N] [--data a.json,b.json] ----
function args(argv) {
  const opts = { dist: join(ROOT, 'dist'), runs: RUNS, rounds: ROUNDS, data: 'yubei-2024.json,synth-600.json,synth-20000.json' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in opts) || argv[i + 1] === undefined) throw new Error(`usage: node bench/page.mjs [--dist DIR] [--runs N] [--rounds N] [--data a.json,b.json] (not ${argv[i]})`);
    opts[key] = key === 'runs' || key === 'rounds' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return { dist: resolve(opts.dist), runs: opts.runs, rounds: opts.rounds, datasets: opts.data.split(',') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = args(process.argv.slice(2));
  pageBench({ ...opts, log: (m) => console.error('page:', m) })
    .then((result) => {
      const f = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
      const rows = result.datasets.map((d) => [
        `${d.dataset} (${d.sessions})`,
        f(d.load_ms),
        `${f(d.keystroke_ms)} (${d.query_count})`,
        f(d.clear_ms),
        `${f(d.chip_ms)} (${d.chip.label}: ${d.chip.count})`,
        String(d.elements),
        String(d.cards),
        `${f(d.longest_task_ms)} / ${d.long_tasks}`,
      ]);
      console.log(`${opts.dist}, CPU ${CPU_SLOWDOWN}× slower, medians of ${opts.runs} load(s) × ${opts.rounds} round(s)`);
      console.log(table(['dataset', 'load', `«${QUERY}»`, 'clear', 'date chip', 'elements', 'cards', 'longest task / >50 ms'], rows, ['', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
      for (const d of result.datasets) for (const e of d.errors) console.log(`page error (${d.dataset}): ${e}`);
      writeFileSync(join(OUT, 'page.json'), JSON.stringify(result, null, 1));
    })
    .catch((err) => {
      console.error(`page: could not measure: ${err.stack ?? err}`);
      process.exit(1);
    });
}
