// A site of two editions, built by `make editions-site`: a second notice the repository's site
// does not serve (tests/editions/notice-2025.txt: a 2025 week, other sessions and dates, a
// base renamed) added with `make edition`'s command, so 2025 is the home page and the
// committed 2024 week is at 2024/. Served by Caddy like dist/, on the next port.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BOOKMARKS_KEY } from './helpers.js';

const SITE = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 8091) + 1}/`;
const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const Y2024 = read('../../../data/yubei-2024.json');
const Y2025 = read('../.editions/yubei-2025.json');
const ids2025 = new Set(Y2025.sessions.map((s) => s.id));
const bases2025 = new Set(Y2025.bases.map((b) => b.id));
/** Sessions and bases of 2024 that the 2025 week does not have. */
const only2024 = Y2024.sessions.filter((s) => !ids2025.has(s.id));
const base2024 = Y2024.bases.find((b) => !bases2025.has(b.id));

async function open(page, url) {
  await page.goto(url);
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
}

const meta = (page, attr, name) => page.locator(`meta[${attr}="${name}"]`).getAttribute('content');

test('the new edition is named from its own notice: titles, link preview, manifest, calendar', async ({ page, request }) => {
  await open(page, SITE);
  await expect(page).toHaveTitle('2025渝北区科技活动周 · 亲子活动日程');
  expect(await meta(page, 'name', 'description')).toMatch(/^2025年渝北区科技活动周（5月24日至5月31日）：13个科普基地/);
  expect(await meta(page, 'property', 'og:site_name')).toBe('2025渝北区科技活动周');
  expect(await meta(page, 'property', 'og:title')).toBe('2025渝北区科技活动周 · 亲子活动日程');
  expect(await meta(page, 'property', 'og:description')).toMatch(/^5月24日至5月31日，渝北区13个科普基地/);
  await expect(page.locator('header.top h1')).toHaveText('2025渝北区科技活动周');
  await expect(page.locator('header.top .dates')).toHaveText('5月24日至5月31日');
  await expect(page.getByText(`共 ${Y2025.sessions.length} 场活动`)).toBeVisible();

  const manifest = await (await request.get(`${SITE}manifest.webmanifest`)).json();
  expect(manifest.name).toBe('2025渝北区科技活动周');
  expect(manifest.description).toBe('2025年渝北区科技活动周活动日程：查找、收藏、导出日历');
  const calendar = await (await request.get(`${SITE}yubei-week-2025-all.ics`)).text();
  expect(calendar).toContain('X-WR-CALNAME:2025 渝北区科技活动周');
  expect(calendar).toContain('PRODID:-//yubei-week//Yubei Science and Technology Week 2025//ZH');
  expect(calendar).not.toContain('2024');

  for (const [query, title] of [
    ['?view=notice', '通知原文 · 2025渝北区科技活动周'],
    ['?view=week', '我的一周（0场） · 2025渝北区科技活动周'],
    ['?q=机器人', '搜索“机器人” · 2025渝北区科技活动周'],
    [`?base=${Y2025.bases.find((b) => b.name === '重庆市气象科学馆').id}`, '重庆市气象科学馆 · 2025渝北区科技活动周'],
  ]) {
    await open(page, `${SITE}${query}`);
    await expect(page).toHaveTitle(title);
  }
});

test('a search on the new edition finds only its sessions, and offers the same search in 2024', async ({ page }) => {
  await open(page, `${SITE}?q=机器人`);
  const cards = page.locator('#page .card[data-session]');
  await expect(cards.first()).toBeVisible();
  const shown = await cards.evaluateAll((els) => els.map((e) => e.dataset.session));
  const robots = Y2025.sessions.filter((s) => s.title.includes('机器人'));
  expect(robots.length).toBeGreaterThan(0);
  expect(shown.every((id) => ids2025.has(id))).toBe(true);
  for (const s of robots) expect(shown).toContain(s.id);

  await open(page, `${SITE}?q=${encodeURIComponent('科普')}`);
  const offer = page.locator('.elsewhere a', { hasText: '2024年' });
  await expect(offer).toHaveAttribute('href', `2024/?q=${encodeURIComponent('科普')}`);
  await offer.click();
  await expect(page).toHaveURL(`${SITE}2024/?q=${encodeURIComponent('科普')}`);
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(page).toHaveTitle('搜索“科普” · 2024渝北区科技活动周');
});

test('the 2024 week is still at its address, whole, and links to the newest', async ({ page }) => {
  await open(page, `${SITE}2024/`);
  await expect(page).toHaveTitle('2024渝北区科技活动周 · 亲子活动日程');
  await expect(page.getByText('共 24 场活动')).toBeVisible();
  await expect(page.locator('footer.editions a')).toHaveAttribute('href', '../');
  await open(page, SITE);
  await expect(page.locator('footer.editions a')).toHaveText('2024年');
});

test('links shared before, of the 2024 week, open the 2024 week', async ({ page }) => {
  const plan = only2024.slice(0, 3).map((s) => s.id).join(',');
  await page.goto(`${SITE}?plan=${plan}`);
  await expect(page).toHaveURL(`${SITE}2024/?plan=${plan}`);
  await expect(page.getByRole('heading', { name: '分享的活动计划（3场）' })).toBeVisible();

  await page.goto(`${SITE}?date=2024-05-26`);
  await expect(page).toHaveURL(`${SITE}2024/?date=2024-05-26`);
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(page).toHaveTitle('5月26日 周日 · 2024渝北区科技活动周');

  await page.goto(`${SITE}?base=${base2024.id}`);
  await expect(page).toHaveURL(`${SITE}2024/?base=${base2024.id}`);
  await expect(page).toHaveTitle(`${base2024.name} · 2024渝北区科技活动周`);
});

test("a parent's 2024 bookmarks stay with the 2024 week; the new week starts its own plan", async ({ page }) => {
  const kept = only2024.slice(0, 2).map((s) => s.id);
  await open(page, SITE);
  // As an earlier release stored them (before editions): under the first key.
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [BOOKMARKS_KEY, JSON.stringify({ v: 1, ids: kept })]);
  await open(page, `${SITE}2024/?view=week`);
  await expect(page.getByRole('heading', { name: '我的一周（2场）' })).toBeVisible();
  for (const id of kept) await expect(page.locator(`#page .card[data-session="${id}"]`).first()).toBeVisible();

  await open(page, `${SITE}?view=week`);
  await expect(page.getByRole('heading', { name: '我的一周（0场）' })).toBeVisible();
  await open(page, SITE);
  const first = Y2025.sessions[0].id;
  await page.locator(`#page .card[data-session="${first}"] .star`).first().click();
  await expect(page.locator(`#page .card[data-session="${first}"] .star`).first()).toHaveAttribute('aria-pressed', 'true');
  const stored = await page.evaluate((k) => [localStorage.getItem(k), localStorage.getItem('yubei-week/2025/bookmarks/v1')], BOOKMARKS_KEY);
  expect(JSON.parse(stored[0]).ids).toEqual(kept);
  expect(JSON.parse(stored[1]).ids).toEqual([first]);
  await open(page, `${SITE}?view=week`);
  await expect(page.getByRole('link', { name: '导出到日历（.ics）' })).toHaveAttribute('download', 'yubei-week-2025.ics');
});

test('the home page never fetches the 2024 week; opened once, the 2024 week works offline', async ({ page, context }) => {
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  context.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await open(page, SITE);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  expect(asked.filter((p) => p.startsWith('/2024/'))).toEqual([]);

  await open(page, `${SITE}2024/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.scriptURL.endsWith('/2024/sw.js'));
  await context.setOffline(true);
  await open(page, `${SITE}2024/?q=${encodeURIComponent('科普')}`);
  await expect(page).toHaveTitle('搜索“科普” · 2024渝北区科技活动周');
  await open(page, SITE);
  await expect(page).toHaveTitle('2025渝北区科技活动周 · 亲子活动日程');
  await context.setOffline(false);
});
