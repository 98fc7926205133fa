// Offline and installable: the service worker (scripts/gen-sw.mjs + scripts/sw.template.js)
// keeps the app and its data working without a network, bookmarks survive offline reloads, a
// new build takes over on the next load and its worker deletes the old cache, and the web app
// manifest is complete and linked.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveWithCaddy } from './caddy.js';
import { open, watchConsole } from './helpers.js';

const OFFLINE_MSG = '网络不通或太慢，正在显示上次保存的离线数据。';
const search = (page) => page.getByRole('searchbox', { name: '搜索活动、基地、地点' });
const count = (page) => page.locator('.bar p[role="status"]');
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = here('../../../dist');
const GEN_SW = here('../../../scripts/gen-sw.mjs');
const PRECOMPRESS = here('../../../scripts/precompress.mjs');

/** Resolves once a service worker is active and controls the page (the worker claims clients
 * when it activates, so no reload is needed), with its cache filled (install waits for it). */
async function untilControlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

const cacheNames = (page) => page.evaluate(() => caches.keys());

/** The cache a version of the worker serving `base` fills (see scripts/sw.template.js). */
const cacheName = (base, version) => `yubei-week:${base}:${version}`;

/** The version the generated sw.js of `dir` carries. */
function swVersion(dir) {
  const m = readFileSync(join(dir, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+)"/);
  if (!m) throw new Error(`no VERSION in ${dir}/sw.js`);
  return m[1];
}

test('offline: the app, its data and search work from the cache, and the page says so', async ({ page, context }) => {
  const consoleWatch = watchConsole(page);
  await open(page);
  await untilControlled(page);
  await expect(page.getByText(OFFLINE_MSG)).toHaveCount(0);
  const base = new URL('./', page.url()).href;
  expect(await cacheNames(page)).toEqual([expect.stringMatching(new RegExp(`^yubei-week:${base}:[0-9a-f]{16}$`))]);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(page.getByText(OFFLINE_MSG)).toBeVisible();
  await expect(page.getByText('共 24 场活动')).toBeVisible();
  await search(page).fill('航空');
  await expect(count(page)).toHaveText('共 1 场活动');
  await expect(page.locator('.card[data-session] h3').first()).toHaveText('科技带动发展，航空引领未来');

  // A shared link opened offline works too (navigations fall back to the cached page).
  await page.goto('./?q=气象');
  await expect(count(page)).toHaveText('共 2 场活动');
  await expect(page.getByText(OFFLINE_MSG)).toBeVisible();

  // Back online, the next load is fresh again.
  await context.setOffline(false);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(page.getByText(OFFLINE_MSG)).toHaveCount(0);
  // Offline loads log failed fetches (the service worker's network attempt); only the online
  // part of the test is checked for console errors.
  consoleWatch.errors.length = 0;
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  consoleWatch.check();
});

test('offline: bookmarks made online and offline survive offline reloads', async ({ page, context }) => {
  await open(page);
  await untilControlled(page);
  const cards = page.locator('.card[data-session]');
  const first = await cards.nth(0).getAttribute('data-session');
  await cards.nth(0).locator('.star').click();
  await expect(page.locator(`.card[data-session="${first}"] .star`).first()).toHaveAttribute('aria-pressed', 'true');

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText(OFFLINE_MSG)).toBeVisible();
  await expect(page.locator(`.card[data-session="${first}"] .star`).first()).toHaveAttribute('aria-pressed', 'true');

  // Bookmark another session while offline, reload offline: both are kept.
  const other = page.locator(`.card[data-session]:not([data-session="${first}"])`).first();
  const second = await other.getAttribute('data-session');
  await other.locator('.star').click();
  await expect(page.locator(`.card[data-session="${second}"] .star`).first()).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByText(OFFLINE_MSG)).toBeVisible();
  for (const id of [first, second]) {
    await expect(page.locator(`.card[data-session="${id}"] .star`).first()).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(page.getByRole('link', { name: /我的一周/ }).locator('.count')).toHaveText('2');

  // My week, opened offline, lists both.
  await page.goto('./?view=week');
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  for (const id of [first, second]) {
    await expect(page.locator(`[data-session="${id}"]`).first()).toBeVisible();
  }
});

test('a Wi-Fi login page answered in place of the app is shown, not kept: offline, the app still starts', async ({ page, context }) => {
  await open(page);
  await untilControlled(page);
  // A hotel's or a station's Wi-Fi answers every address with its own login page, status 200.
  const portal = '<!doctype html><meta charset="utf-8"><title>登录</title><p>请先登录免费 Wi-Fi</p>';
  const isAppPage = (url) => url.pathname === '/' || url.pathname === '/index.html';
  await context.route(isAppPage, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: portal }));
  await page.reload();
  await expect(page.getByText('请先登录免费 Wi-Fi')).toBeVisible();
  await context.unroute(isAppPage);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(page.getByText(OFFLINE_MSG)).toBeVisible();
});

test.describe('a build served from a copy of dist/', () => {
  let dir;
  let server;
  let proxy;
  let base;
  /** Requests that reached the server, by path (the page's and the service worker's). */
  const hits = new Map();

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yubei-sw-'));
    cpSync(DIST, dir, { recursive: true });
    server = await serveWithCaddy(dir);
    const { port } = server;
    // A counting pass-through in front of Caddy.
    proxy = createHttpServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const upstream = httpRequest(
        { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode, r.headers);
          r.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise((ok) => proxy.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${proxy.address().port}/`;
  });

  test.beforeEach(() => hits.clear());

  test.afterAll(async () => {
    proxy?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('takes over on the next load, and the old cache is deleted', async ({ page, context }) => {
    const oldVersion = swVersion(dir);
    await open(page, base);
    await untilControlled(page);
    expect(await cacheNames(page)).toEqual([cacheName(base, oldVersion)]);
    await expect(page.locator('meta[name="x-build"]')).toHaveCount(0);
    // Another app's cache on the same origin: an update must leave it alone. A cache named
    // the way earlier versions of the worker named theirs: it must go.
    await page.evaluate(async () => {
      await (await caches.open('another-app')).put('/x', new Response('x'));
      await (await caches.open('yubei-week-0123456789abcdef')).put('/x', new Response('x'));
    });

    // Publish a new build: a changed dataset and page, and the post-build hook's last steps
    // run again (the service worker, then the compressed copies Caddy sends in place of the
    // files: without them it would go on sending the old page and data).
    const data = join(dir, 'data/yubei-2024.json');
    const ds = JSON.parse(readFileSync(data, 'utf8'));
    const renamed = ds.sessions.find((s) => s.title === '科技带动发展，航空引领未来');
    renamed.title = '科技带动发展，航空引领未来（新版）';
    writeFileSync(data, JSON.stringify(ds));
    const html = join(dir, 'index.html');
    writeFileSync(html, readFileSync(html, 'utf8').replace('</head>', '<meta name="x-build" content="v2">\n</head>'));
    for (const step of [GEN_SW, PRECOMPRESS]) {
      const run = spawnSync(process.execPath, [step], { env: { ...process.env, TRUNK_STAGING_DIR: dir }, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
    }
    const newVersion = swVersion(dir);
    expect(newVersion).not.toBe(oldVersion);

    // The next load shows the new page and data…
    await open(page, `${base}?q=航空`);
    await expect(page.locator('meta[name="x-build"]')).toHaveAttribute('content', 'v2');
    await expect(page.locator('.card[data-session] h3').first()).toHaveText('科技带动发展，航空引领未来（新版）');
    // …and the new worker activates, claims the page and deletes the old cache.
    await expect
      .poll(async () => (await cacheNames(page)).sort(), { timeout: 15_000 })
      .toEqual(['another-app', cacheName(base, newVersion)].sort());
    const settled = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return {
        installing: reg.installing !== null,
        waiting: reg.waiting !== null,
        active: reg.active?.state,
        controlled: navigator.serviceWorker.controller !== null,
      };
    });
    expect(settled).toEqual({ installing: false, waiting: false, active: 'activated', controlled: true });

    // The new cache holds the new build: offline, the new page and data are shown.
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByText(OFFLINE_MSG)).toBeVisible();
    await expect(page.locator('meta[name="x-build"]')).toHaveAttribute('content', 'v2');
    await expect(page.locator('.card[data-session] h3').first()).toHaveText('科技带动发展，航空引领未来（新版）');
    expect((await cacheNames(page)).sort()).toEqual(['another-app', cacheName(base, newVersion)].sort());
  });

  test('the first visit downloads the wasm once, though the worker precaches it', async ({ page }) => {
    await open(page, base);
    await untilControlled(page);
    const wasm = [...hits.keys()].filter((p) => p.endsWith('_bg.wasm'));
    expect(wasm).toHaveLength(1);
    expect(hits.get(wasm[0]), `${wasm[0]} requests`).toBe(1);
    // The precache has it all the same: offline, the app starts.
    const keys = await page.evaluate(async () => {
      const cache = await caches.open((await caches.keys())[0]);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(keys).toContain(wasm[0]);
  });

  test('opening a file of the site in a tab gets that file, not the app page', async ({ page }) => {
    await open(page, base);
    await untilControlled(page);
    for (const [path, type] of [
      ['data/yubei-2024.json', /^application\/json/],
      ['robots.txt', /^text\/plain/],
    ]) {
      const response = await page.goto(`${base}${path}`);
      expect(response.status(), path).toBe(200);
      expect(response.headers()['content-type'], path).toMatch(type);
    }
    const json = await page.goto(`${base}data/yubei-2024.json`);
    expect((await json.json()).sessions).toHaveLength(24);
    // The app page itself, as index.html too, still comes through the worker.
    const app = await page.goto(`${base}index.html`);
    expect(app.fromServiceWorker()).toBe(true);
    await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect([...buf.subarray(0, 8)]).toEqual(sig);
  expect(buf.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

test('the web app manifest is linked, complete, and its icons load at their sizes', async ({ page, request }) => {
  await open(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href, page.url()).href;
  const response = await request.get(manifestUrl);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const m = await response.json();
  expect(m.name).toBe('2024渝北区科技活动周');
  expect(typeof m.short_name).toBe('string');
  expect(m.short_name.length).toBeGreaterThan(0);
  expect(m.short_name.length).toBeLessThanOrEqual(12);
  expect(m.display).toBe('standalone');
  expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  // The theme colour agrees with the page's (in the light scheme; the dark one has its own).
  expect(await page.locator('meta[name="theme-color"]:not([media*="dark"])').getAttribute('content')).toBe(m.theme_color);
  // start_url and scope resolve inside the app (relative to the manifest, as browsers do).
  const start = new URL(m.start_url, manifestUrl);
  expect(start.origin).toBe(new URL(page.url()).origin);
  expect((await request.get(start.href)).status()).toBe(200);
  expect(typeof m.scope, 'the manifest has a scope').toBe('string');
  const scope = new URL(m.scope, manifestUrl);
  expect(scope.origin).toBe(new URL(page.url()).origin);
  expect(start.href.startsWith(scope.href), `start_url ${start.href} inside scope ${scope.href}`).toBe(true);

  for (const want of [192, 512]) {
    const icon = m.icons.find((i) => i.sizes.split(/\s+/).includes(`${want}x${want}`));
    expect(icon, `an icon of ${want}x${want}`).toBeTruthy();
    expect(icon.type).toBe('image/png');
    const url = new URL(icon.src, manifestUrl).href;
    const res = await request.get(url);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
    expect(pngSize(await res.body())).toEqual([want, want]);
    // And the browser decodes it at that size.
    const natural = await page.evaluate(
      (src) =>
        new Promise((ok, fail) => {
          const img = new Image();
          img.onload = () => ok([img.naturalWidth, img.naturalHeight]);
          img.onerror = () => fail(new Error(`${src} did not load`));
          img.src = src;
        }),
      url,
    );
    expect(natural).toEqual([want, want]);
  }
});

test('weak signal: a dataset the network is too slow to deliver comes from the cache', async ({ page, context }) => {
  await open(page);
  await untilControlled(page);
  // Requests the service worker makes are routed through the context in Chromium.
  let delayed = 0;
  await context.route('**/data/yubei-2024.json', async (route) => {
    delayed += 1;
    await new Promise((resolve) => setTimeout(resolve, 8000));
    await route.continue().catch(() => {});
  });
  const started = Date.now();
  await page.reload();
  await expect(page.getByText('共 24 场活动')).toBeVisible({ timeout: 7000 });
  expect(Date.now() - started).toBeLessThan(7000);
  await expect(page.getByText(OFFLINE_MSG)).toBeVisible();
  expect(delayed).toBeGreaterThan(0);
});
