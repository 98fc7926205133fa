// A new version published over an installed one. Two real release builds of this tree: dist/
// (release 1, `make build`) and tests/e2e/.release-2 (release 2, `make release-2`: the same
// tree compiled with YUBEI_RELEASE=2, which the live page shows as #page[data-release="2"],
// so its hashed JS and wasm have other names). Each test serves release 1 through Caddy, makes
// bookmarks in it with its service worker installed, then serves release 2 on the same origin
// (Caddy restarted on the same port) and goes offline: a whole release, the first or the
// second, must start, with the parent's bookmarks; never a page of one release with the code
// of another, and never a cache that mixes two releases.
import { test, expect } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, serveWithCaddy } from './caddy.js';
import { BOOKMARKS_KEY, open } from './helpers.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const OFFLINE_MSG = '网络不通或太慢，正在显示上次保存的离线数据。';
const HASHED = /-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$/;

/** What a build is: its worker's version and the files its worker precaches, by path. */
function release(dir, name) {
  if (!existsSync(join(dir, 'sw.js'))) {
    throw new Error(`${dir}/sw.js is missing: \`make test-e2e\` builds release ${name} (make ${name === '1' ? 'build' : 'release-2'})`);
  }
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const version = sw.match(/const VERSION = "([0-9a-f]{16})"/)[1];
  const files = JSON.parse(sw.match(/const FILES = (\[[\s\S]*?\]);/)[1]).map((f) => new URL(f, 'http://site/').pathname);
  const hashed = files.filter((f) => HASHED.test(f));
  return { name, dir, version, files, hashed, wasm: hashed.find((f) => f.endsWith('_bg.wasm')) };
}

const R1 = release(here('../../../dist'), '1');
const R2 = release(here('../.release-2'), '2');

test.beforeAll(() => {
  // The two builds are of the same tree but not the same code: else this spec tests nothing.
  expect(R2.hashed.filter((f) => R1.hashed.includes(f)), 'hashed files both releases have').toEqual([]);
  expect(R1.wasm).toBeTruthy();
  expect(R2.wasm).toBeTruthy();
});

let server = null;
let port = null;

/** Serves `r` on this test's origin (stopping whatever served it before). */
async function publish(r) {
  await server?.stop();
  server = await serveWithCaddy(r.dir, { port });
  return server.url;
}

test.beforeEach(async () => {
  port = await freePort();
});

test.afterEach(async () => {
  await server?.stop();
  server = null;
});

/** Every cache of this app on the origin, with the paths of what it holds. */
const appCaches = (page) =>
  page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      if (!name.startsWith('yubei-week')) continue;
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
    }
    return out;
  });

/** The release each cache holds: '1', '2', or 'mixed: …' naming what does not belong. */
async function releasesInCaches(page) {
  const out = {};
  for (const [name, paths] of Object.entries(await appCaches(page))) {
    const hashed = paths.filter((p) => HASHED.test(p));
    const of = [R1, R2].filter((r) => hashed.some((p) => r.hashed.includes(p))).map((r) => r.name);
    const cached = async (path) => page.evaluate(async ([n, p]) => (await (await caches.open(n)).match(p))?.text(), [name, path]);
    // The page it would start offline, and the release whose code that page names.
    const html = (await cached('/')) ?? '';
    const pageOf = [R1, R2].filter((r) => html.includes(r.wasm.slice(1))).map((r) => r.name);
    const key = name.replace(/^.*:/, '');
    out[key] = of.length === 1 && pageOf.length === 1 && pageOf[0] === of[0] ? of[0] : `mixed: files of ${of.join('+') || 'none'}, page of ${pageOf.join('+') || 'none'}`;
  }
  return out;
}

/** Resolves once a worker controls the page (its install stored the whole release). */
async function untilControlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Has the browser look for a newer worker now and waits for how its install ends:
 * 'activated', 'redundant' (the install failed) or 'none' (none newer than the active one). */
const updateOutcome = (page) =>
  page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg.installing && !reg.waiting) await reg.update().catch(() => {});
    const w = reg.installing ?? reg.waiting;
    if (!w) return 'none';
    return new Promise((ok) => {
      const settled = () => ['activated', 'redundant'].includes(w.state) && ok(w.state);
      w.addEventListener('statechange', settled);
      settled();
    });
  });

/** Release 1 served, loaded, its worker installed, two sessions bookmarked; returns their ids. */
async function parentOnRelease1(page) {
  const base = await publish(R1);
  await open(page, base);
  await untilControlled(page);
  expect(await releasesInCaches(page)).toEqual({ [R1.version]: '1' });
  const ids = [];
  for (const card of await page.locator('.card[data-session]').all()) {
    const id = await card.getAttribute('data-session');
    if (ids.includes(id)) continue;
    await card.locator('.star').click();
    ids.push(id);
    if (ids.length === 2) break;
  }
  await expect(page.getByRole('link', { name: /我的一周/ }).locator('.count')).toHaveText('2');
  expect(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), BOOKMARKS_KEY)).ids.sort()).toEqual([...ids].sort());
  return ids;
}

/** What the page shows: whether the app runs, which release's code runs it, and which
 * release's code the page itself names. */
const shown = (page) =>
  page.evaluate(
    ([r1, r2]) => {
      const live = document.querySelector('#page[data-ready="true"]');
      const boot = [...document.scripts].map((s) => s.textContent).join('\n');
      return {
        app: live ? `release ${live.dataset.release ?? '1'}` : 'not started',
        page: boot.includes(r2) ? 'release 2' : boot.includes(r1) ? 'release 1' : 'neither',
      };
    },
    [R1.wasm.slice(1), R2.wasm.slice(1)],
  );

/** Offline reload: the app of a whole release starts, with both bookmarks; returns which. */
async function offlineReloadKeeps(page, context, ids) {
  await context.setOffline(true);
  await page.reload();
  await expect.poll(async () => JSON.stringify(await shown(page)), { timeout: 10_000 }).toMatch(/"app":"release/);
  const { app, page: pageOf } = await shown(page);
  expect(app, 'the app that started is the release the page is').toBe(pageOf);
  await expect(page.getByText(OFFLINE_MSG)).toBeVisible();
  for (const id of ids) {
    await expect(page.locator(`.card[data-session="${id}"] .star`).first()).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(page.getByRole('link', { name: /我的一周/ }).locator('.count')).toHaveText('2');
  return app;
}

test('a new release installed: offline, it is the release shown, with the bookmarks made in the old one', async ({ page, context }) => {
  const ids = await parentOnRelease1(page);
  const base = await publish(R2);
  await open(page, base);
  await expect(page.locator('#page')).toHaveAttribute('data-release', '2');
  // The new worker installs, takes over and deletes the old release's cache.
  await expect.poll(() => releasesInCaches(page), { timeout: 15_000 }).toEqual({ [R2.version]: '2' });
  expect(await updateOutcome(page)).toBe('none');

  expect(await offlineReloadKeeps(page, context, ids)).toBe('release 2');
  expect(await releasesInCaches(page)).toEqual({ [R2.version]: '2' });
});

test('a new release whose wasm does not arrive: offline, the installed release still starts, with the bookmarks', async ({ page, context }) => {
  const ids = await parentOnRelease1(page);
  // Release 2's wasm never arrives (a dropped connection, every time it is asked for).
  let aborted = 0;
  await context.route(`**${R2.wasm}`, (route) => {
    aborted += 1;
    return route.abort('connectionreset');
  });
  const base = await publish(R2);
  await page.goto(base);
  // Release 2's page cannot start its app: it says what it cannot do, and the week is there.
  await expect(page.locator('header .nojs-only')).toBeVisible();
  expect(await updateOutcome(page)).toBe('redundant');
  expect(aborted).toBeGreaterThan(0);

  expect(await offlineReloadKeeps(page, context, ids)).toBe('release 1');
  // The installed release's cache is whole and only its own.
  expect(await releasesInCaches(page)).toEqual({ [R1.version]: '1' });
});

test('a new release whose install is cut short: offline, a whole release starts, with the bookmarks', async ({ page, context }) => {
  const ids = await parentOnRelease1(page);
  const installed = context.serviceWorkers();
  expect(installed).toHaveLength(1);
  // Only the new worker's download of release 2's wasm is cut (the page, through the
  // installed worker, gets it): the new worker's install fails halfway.
  let cut = 0;
  await context.route(`**${R2.wasm}`, (route) => {
    const worker = route.request().serviceWorker();
    if (worker && !installed.includes(worker)) {
      cut += 1;
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  const base = await publish(R2);
  await open(page, base);
  await expect(page.locator('#page')).toHaveAttribute('data-release', '2');
  expect(await updateOutcome(page)).toBe('redundant');
  expect(cut).toBeGreaterThan(0);

  expect(['release 1', 'release 2']).toContain(await offlineReloadKeeps(page, context, ids));
  // The old release's cache was left whole, and nothing of the new one went into it.
  expect(await releasesInCaches(page)).toEqual({ [R1.version]: '1' });
});

/** The chunks (split module: crates/app/src/ui/on_demand.rs) the page requests, by path. */
function chunkRequests(page) {
  const paths = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/\/(split|chunk)_\w+-[0-9a-f]{1,16}\.wasm$/.test(path)) paths.push(path);
  });
  return paths;
}

test("a tab of the old release left open while a new one is published opens my week with the old release's own code", async ({ page }) => {
  await parentOnRelease1(page);
  const requested = chunkRequests(page);
  await publish(R2);
  await page.getByRole('link', { name: /我的一周/ }).click();
  await expect(page.getByRole('heading', { name: '我的一周（2场）' })).toBeVisible();
  expect(await shown(page)).toEqual({ app: 'release 1', page: 'release 1' });
  expect(requested.filter((p) => !R1.files.includes(p)), 'chunks not of release 1').toEqual([]);
});

test.describe('without a service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test("an old tab whose chunk is gone from the server says so, never takes the new release's, and opens the new release whole", async ({ page }) => {
    const base = await publish(R1);
    const requested = chunkRequests(page);
    // Release 1's chunks never arrive while it is served (the idle fetch fails quietly).
    const chunks = /\/(split|chunk)_\w+-[0-9a-f]{1,16}\.wasm$/;
    await page.route(chunks, (route) => route.abort('internetdisconnected'));
    await open(page, base);
    await publish(R2);
    await page.unroute(chunks);
    await page.getByRole('link', { name: /我的一周/ }).click();
    await expect(page.getByRole('alert')).toContainText('网站刚刚更新过');
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((p) => !R1.files.includes(p)), 'chunks not of release 1').toEqual([]);
    await page.getByRole('button', { name: '重新打开本页' }).click();
    await expect(page.locator('#page[data-ready="true"]')).toHaveAttribute('data-release', '2');
    await expect(page.getByRole('heading', { name: /^我的一周/ })).toBeVisible();
  });
});
