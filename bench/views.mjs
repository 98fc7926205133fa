// A view that loads on demand (crates/app/src/ui/on_demand.rs), timed as a parent sees it:
// the release build in dist/ with the real dataset, in headless Chromium at the phone
// viewport, CPU 4× slower (as bench/page.mjs), from the tap on the 我的一周 tab to the frame
// that paints my week's heading:
//
// - warm: once the browser-idle fetch of every chunk is done (the usual case: a parent looks
//   at the list first);
// - cold: the tap as soon as the app is live, nothing cached, the network of Lighthouse's
//   mobile preset (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up): the chunk is
//   downloaded after (or while) the tap.
//
// Each sample is a fresh browser context (service workers blocked, nothing cached).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CHROME_FLAGS, CHROMIUM, ROOT, median, serveCompressed } from './lib.mjs';
import { freshTab, loadLive, measureDist, readDataset, within } from './page.mjs';

const require = createRequire(join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');

/** Lighthouse 12's mobile preset (simulated throttling), applied for real here. */
export const LIGHTHOUSE_NETWORK = { offline: false, latency: 150, downloadThroughput: (1638.4 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CHUNKS = ['split_week', 'split_base', 'split_notice'];
const STEP_TIMEOUT_MS = 60_000;

/** In the page: taps the 我的一周 tab; resolves to ms from the tap to my week painted. */
function tapMyWeek() {
  const b = window.__bench;
  const shown = () => [...document.querySelectorAll('#page h2')].some((h) => h.textContent.startsWith('我的一周'));
  const done = b.whenPainted(shown);
  const tab = document.querySelector('nav.tabs a[href="?view=week"]');
  if (!tab) throw new Error('no 我的一周 tab (nav.tabs a[href="?view=week"])');
  const t0 = performance.now();
  tab.click();
  return done.then(({ painted }) => painted - t0);
}

/** In the page: whether every view's chunk has been fetched (its response is in). */
function chunksIn(names) {
  const got = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
  return names.every((n) => got.some((p) => p.includes(`/${n}-`) && p.endsWith('.wasm')));
}

async function sample(browser, url, data, cold) {
  const tab = await freshTab(browser, data);
  try {
    if (cold) {
      const cdp = await tab.context.newCDPSession(tab.page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', LIGHTHOUSE_NETWORK);
    }
    await loadLive(tab, url, data);
    if (!cold) {
      await within(tab.page.waitForFunction(chunksIn, CHUNKS, { polling: 50 }), STEP_TIMEOUT_MS, 'the idle fetch of the chunks did not finish').catch(tab.fail);
      // The last chunk is in; let its instantiation finish too.
      await tab.page.evaluate(() => new Promise((r) => requestIdleCallback(() => r(), { timeout: 2000 })));
    }
    return await within(tab.page.evaluate(tapMyWeek), STEP_TIMEOUT_MS, 'my week was not painted after the tap').catch(tab.fail);
  } finally {
    await tab.context.close();
  }
}

/** Medians of `runs` warm and `runs` cold taps on 我的一周, with the real dataset `file`. */
export async function viewsBench({ dist = join(ROOT, 'dist'), file, runs, log = () => {} }) {
  measureDist(dist);
  const data = readDataset(file);
  const server = await serveCompressed(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS.slice(1) });
  const warm = [];
  const cold = [];
  try {
    for (let run = 1; run <= runs; run++) {
      log(`tap on 我的一周 ${run}/${runs} (warm, then cold)…`);
      warm.push(await sample(browser, server.url, data, false));
      cold.push(await sample(browser, server.url, data, true));
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return { warm_ms: median(warm), cold_ms: median(cold), warm, cold };
}
