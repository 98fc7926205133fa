// The wasm split by page (crates/app/src/ui/on_demand.rs, scripts/split.mjs): the first load
// carries only the home list's code; my week and shared plans, the base page and the notice
// come in chunks, fetched with the dataset when a link asks for them, otherwise when the
// browser is idle, and from the service worker's cache offline. A chunk that cannot be
// fetched is said, with a retry, and the rest of the app works on.
import { test, expect } from '@playwright/test';
import { open, recordWhenReady, requestedBeforeReady, watchConsole } from './helpers.js';

/** A chunk of the split module (its own view's, or one the views share). */
const CHUNK = /\/(split|chunk)_[a-z0-9_]+-[0-9a-f]{1,16}\.wasm$/;
const WEEK_CHUNK = '**/split_week-*.wasm';

/** The views a link can open, each with what shows that it is there. */
const VIEWS = [
  { name: 'my week', path: './?view=week', chunk: 'split_week', heading: /^我的一周（0场）$/ },
  { name: 'a shared plan', path: './?plan=s60731c05', chunk: 'split_week', heading: /^分享的活动计划（1场）$/ },
  { name: 'a base', path: './?base=b7bd52df9', chunk: 'split_base', heading: /^重庆市气象科普馆$/ },
  { name: 'the notice', path: './?view=notice', chunk: 'split_notice', heading: /^联系方式$/ },
];

/** Every wasm the page requests, in order, by file name. */
function wasmRequests(page) {
  const names = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm')) names.push(path.slice(path.lastIndexOf('/') + 1));
  });
  return names;
}

const chunkNames = (names) => names.filter((n) => CHUNK.test(`/${n}`));

test('the home list loads no chunk before it is shown, and every chunk once the browser is idle', async ({ page }) => {
  const consoleWatch = watchConsole(page);
  await recordWhenReady(page);
  const requested = wasmRequests(page);
  await page.goto('./');
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  expect(requested.filter((n) => /^yubei-week-[0-9a-f]+_bg\.wasm$/.test(n))).toHaveLength(1);
  // Idle: the three views' chunks and the QR code's (and what they share) arrive without a tap.
  await expect.poll(() => chunkNames(requested).filter((n) => n.startsWith('split_')).map((n) => n.split('-')[0]).sort())
    .toEqual(['split_base', 'split_notice', 'split_qr', 'split_week']);
  // None was asked for before the list was shown.
  const early = await requestedBeforeReady(page, /\/(split|chunk)_\w+-[0-9a-f]+\.wasm$/);
  expect(early).toEqual([]);
  consoleWatch.check();
});

for (const view of VIEWS) {
  test(`${view.name} opened cold by its link: its chunk comes with the dataset, the page shows whole`, async ({ page }) => {
    const consoleWatch = watchConsole(page);
    const requested = wasmRequests(page);
    await page.goto(view.path);
    await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
    // Shown as soon as the app takes over: the chunk was fetched before, not after.
    await expect(page.getByRole('heading', { name: view.heading })).toBeVisible({ timeout: 1 });
    expect(chunkNames(requested).some((n) => n.startsWith(`${view.chunk}-`))).toBe(true);
    await expect(page.locator('.skeleton')).toHaveCount(0);
    consoleWatch.check();
  });
}

test('each view opens by its tab or link, from the home list', async ({ page }) => {
  const consoleWatch = watchConsole(page);
  await open(page);
  await page.getByRole('link', { name: '我的一周' }).click();
  await expect(page.getByRole('heading', { name: /^我的一周/ })).toBeVisible();
  await page.getByRole('link', { name: '通知原文' }).click();
  await expect(page.getByRole('heading', { name: '联系方式' })).toBeVisible();
  await page.getByRole('link', { name: '活动日程' }).click();
  await page.locator('.card[data-session]').first().getByRole('link').first().click();
  await expect(page).toHaveURL(/base=b[0-9a-f]{8}/);
  await expect(page.getByRole('heading', { name: /^活动安排（\d+场）$/ })).toBeVisible();
  consoleWatch.check();
});

test('after one visit every view opens offline, cold, from the cache', async ({ page, context }) => {
  const requested = wasmRequests(page);
  await open(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect.poll(() => chunkNames(requested).filter((n) => n.startsWith('split_')).length).toBe(4);
  await context.setOffline(true);
  for (const view of VIEWS) {
    const fresh = await context.newPage();
    await fresh.goto(view.path);
    await expect(fresh.locator('#page[data-ready="true"]')).toBeVisible();
    await expect(fresh.getByRole('heading', { name: view.heading })).toBeVisible();
    await fresh.close();
  }
});

test.describe('without a service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('a chunk that cannot be fetched is said, with a retry that works once the network is back', async ({ page }) => {
    await page.route(WEEK_CHUNK, (route) => route.abort('internetdisconnected'));
    await open(page, './?view=week');
    await expect(page.getByRole('alert')).toContainText('这一页暂时打不开');
    await expect(page.getByRole('alert')).toContainText('这一页的程序没能下载');
    // The rest of the app works on: the list, search, the tabs.
    await page.getByRole('link', { name: '活动日程' }).click();
    await expect(page.locator('.card[data-session]').first()).toBeVisible();
    await page.getByRole('link', { name: '我的一周' }).click();
    await expect(page.getByRole('alert')).toContainText('这一页暂时打不开');
    await page.unroute(WEEK_CHUNK);
    await page.getByRole('button', { name: '重试' }).click();
    await expect(page.getByRole('heading', { name: /^我的一周（0场）$/ })).toBeVisible();
  });
});
