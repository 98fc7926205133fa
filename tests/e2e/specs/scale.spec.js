// Fast at any size: a week of 20,000 sessions (crates/importer/src/bin/synth.rs, made by `make test-e2e`)
// served in place of the real one renders a page of cards at a time, with the exact count.
import { existsSync, readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { open, BOOKMARKS_KEY as KEY } from './helpers.js';

// The service worker is kept out: once it controls the page it would fetch past the routes
// these tests answer requests with.
test.use({ serviceWorkers: 'block' });

const SYNTH = new URL('../.synth/synth-20000.json', import.meta.url);
/** The most elements the home list may hold once loaded, at any dataset size (the real week
 * has ~600 with every card shown). */
const DOM_LIMIT = 1500;
/** Cards one page adds. */
const PAGE = 15;

let body;
let ds;
test.beforeAll(() => {
  if (!existsSync(SYNTH)) {
    throw new Error(`${SYNTH.pathname} is missing: make test-e2e writes it with crates/importer/src/bin/synth.rs`);
  }
  body = readFileSync(SYNTH);
  ds = JSON.parse(body);
});

test.beforeEach(async ({ page }) => {
  await page.route('**/data/yubei-2024.json', (route) =>
    route.fulfill({ body, contentType: 'application/json; charset=utf-8' }));
});

const count = (page) => page.locator('.bar p[role="status"]');
const cards = (page) => page.locator('#page .card[data-session]');
const elements = (page) => page.evaluate(() => document.getElementsByTagName('*').length);

test('20,000 sessions: the first page, the exact count, more on scrolling, a small DOM', async ({ page }) => {
  expect(ds.sessions).toHaveLength(20000);
  await open(page);
  await expect(count(page)).toHaveText('共 20000 场活动');
  const first = await cards(page).count();
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThanOrEqual(60);
  expect(await elements(page)).toBeLessThan(DOM_LIMIT);
  // Scrolling to the end of what is shown brings the next page.
  await page.locator('.more button').scrollIntoViewIfNeeded();
  await expect.poll(() => cards(page).count()).toBeGreaterThanOrEqual(first + PAGE);
  await expect(count(page)).toHaveText('共 20000 场活动');
  // Day headings stay right across pages: each once, in date order, every card under the
  // heading of a day it covers.
  const groups = await page.locator('#page section.day[aria-labelledby^="g-"]').evaluateAll((sections) =>
    sections.map((s) => [s.getAttribute('aria-labelledby').slice(2), [...s.querySelectorAll('.card[data-session]')].map((c) => c.dataset.session)]));
  const keys = groups.map(([k]) => k);
  expect(new Set(keys).size).toBe(keys.length);
  const byId = new Map(ds.sessions.map((s) => [s.id, s]));
  for (const [key, ids] of groups) {
    for (const id of ids) {
      const s = byId.get(id);
      if (key === 'tbd') expect(s.start).toBeNull();
      else if (key !== 'before') expect(s.start <= key && key <= s.end, `${id} under ${key}`).toBe(true);
    }
  }
  const dated = keys.filter((k) => /^\d/.test(k));
  expect(dated).toEqual([...dated].sort());
});

test('20,000 sessions: typing 航空 shows matching sessions only', async ({ page }) => {
  await open(page);
  await page.locator('#q').fill('航空');
  const bases = new Map(ds.bases.map((b) => [b.id, b]));
  const matches = ds.sessions.filter((s) => {
    const b = bases.get(s.base);
    return [s.title, s.place, s.note ?? '', s.source, b?.name, b?.category, b?.address].join('\u001f').includes('航空');
  });
  expect(matches.length).toBeGreaterThan(PAGE);
  await expect(count(page)).toHaveText(`共 ${matches.length} 场活动`);
  const expected = new Set(matches.map((s) => s.id));
  const shown = await cards(page).evaluateAll((els) => els.map((e) => e.dataset.session));
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.length).toBeLessThanOrEqual(60);
  expect(shown.filter((id) => !expected.has(id))).toEqual([]);
  expect(await elements(page)).toBeLessThan(DOM_LIMIT);
  // Clearing brings the whole week back, still a page at a time.
  await page.locator('#q').fill('');
  await expect(count(page)).toHaveText('共 20000 场活动');
  expect(await elements(page)).toBeLessThan(DOM_LIMIT);
});

test('20,000 sessions: Back from a base returns to the same page and scroll position', async ({ page }) => {
  await open(page);
  const more = page.locator('.more button');
  await more.click();
  await more.click();
  const shown = await cards(page).count();
  const card = cards(page).nth(shown - 5);
  await card.scrollIntoViewIfNeeded();
  const y = await page.evaluate(() => scrollY);
  expect(y).toBeGreaterThan(500);
  const id = await card.getAttribute('data-session');
  await card.locator('a').first().click();
  await expect(page.getByRole('link', { name: '← 返回活动列表' })).toBeVisible();
  await page.goBack();
  await expect(page.locator(`#page .card[data-session="${id}"]`).first()).toBeVisible();
  expect(await cards(page).count()).toBeGreaterThanOrEqual(shown);
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(y - 5);
  expect(Math.abs((await page.evaluate(() => scrollY)) - y)).toBeLessThanOrEqual(5);
});

test('20,000 sessions: a base page and my week show a page of cards at a time', async ({ page }) => {
  const perBase = new Map();
  for (const s of ds.sessions) perBase.set(s.base, (perBase.get(s.base) ?? 0) + 1);
  const [baseId, n] = [...perBase.entries()].sort((a, b) => b[1] - a[1])[0];
  expect(n).toBeGreaterThan(PAGE);
  await open(page, `./?base=${baseId}`);
  await expect(page.locator('#base-sessions')).toHaveText(`活动安排（${n}场）`);
  expect(await cards(page).count()).toBe(PAGE);
  // A click event without the scroll a real click makes first: scrolled into view, the button
  // also adds a page by itself (the list's observer), and which of the two came first would
  // decide between one page more and two.
  await page.locator('.more button').dispatchEvent('click');
  await expect(cards(page)).toHaveCount(Math.min(n, 2 * PAGE));

  // 300 bookmarks, stored the way the app stores them.
  const ids = ds.sessions.filter((s) => s.start).slice(0, 300).map((s) => s.id);
  await page.evaluate(([key, ids]) => localStorage.setItem(key, JSON.stringify({ v: 1, ids })), [KEY, ids]);
  await open(page, './?view=week');
  await expect(page.getByRole('heading', { name: '我的一周（300场）' })).toBeVisible();
  expect(await cards(page).count()).toBeLessThanOrEqual(PAGE);
  expect(await elements(page)).toBeLessThan(DOM_LIMIT);
  await page.locator('.more button').click();
  await expect.poll(() => cards(page).count()).toBeGreaterThan(PAGE);
});
