// Bookmarks across versions and tabs: a value written by a newer release, two tabs whose
// datasets differ, and two tabs that each bookmark while the other does not know it.
import { test, expect } from '@playwright/test';
import { open, watchConsole, shownSessionIds, BOOKMARKS_KEY } from './helpers.js';

const AIR = 'sc1f26eef';
const LAB = 'sdbd9d7b7';
const AIR_ABOUT = { title: '科技带动发展，航空引领未来', start: '2024-05-25', end: '2024-05-27' };

const star = (page, id) => page.locator(`#page .card[data-session="${id}"]`).first().locator('button.star');
const badge = (page) => page.locator('nav.tabs .count');
const stored = (page) => page.evaluate((k) => localStorage.getItem(k), BOOKMARKS_KEY);
const backups = (page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yubei-week/bookmarks/unreadable')));

/** Counts the `storage` events the page receives, from before the app starts. */
const countStorageEvents = (page) =>
  page.addInitScript(() => {
    window.__storageEvents = 0;
    window.addEventListener('storage', () => window.__storageEvents++);
  });

/** Hides other tabs' changes from this page, as a tab in the back/forward cache or a slow
 * event would: its app never hears the `storage` event. */
const deafToOtherTabs = (page) =>
  page.addInitScript(() => {
    window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true);
  });

/** Two open tabs of the app in one context; the second never hears the first's changes. */
async function tabWithDeafTwin(context) {
  const a = await context.newPage();
  const b = await context.newPage();
  await deafToOtherTabs(b);
  await open(a);
  await open(b);
  return [a, b];
}

test('bookmarks written by a newer release are read quietly, left untouched, and keep what this app does not know', async ({ page }) => {
  const w = watchConsole(page);
  const newer = JSON.stringify({
    v: 3,
    ids: [AIR],
    about: { [AIR]: { ...AIR_ABOUT, place: '创客港', color: 'blue' } },
    lists: { 周末: [AIR] },
  });
  await open(page);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [BOOKMARKS_KEY, newer]);
  await page.reload();
  await expect(page.locator('#page[data-ready="true"]')).toBeVisible();
  await expect(badge(page)).toHaveText('1');
  await expect(star(page, AIR)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[role="alert"]')).toHaveCount(0);
  // Loading changed nothing stored, and backed nothing up.
  expect(await stored(page)).toBe(newer);
  expect(await backups(page)).toEqual([]);

  await star(page, LAB).click();
  await expect(badge(page)).toHaveText('2');
  const after = JSON.parse(await stored(page));
  expect(after.ids).toEqual([AIR, LAB]);
  expect(after.v).toBe(3);
  expect(after.lists).toEqual({ 周末: [AIR] });
  expect(after.about[AIR]).toEqual({ ...AIR_ABOUT, place: '创客港', color: 'blue' });
  expect(after.about[LAB].title).toBe('实验室开放日');
  expect(await backups(page)).toEqual([]);
  await expect(page.locator('[role="alert"]')).toHaveCount(0);
  w.check();
});

test.describe('two tabs whose datasets differ', () => {
  // The page's own requests must reach the route below, not the service worker's cache.
  test.use({ serviceWorkers: 'block' });

  test('one bookmark settles within 3 s instead of an endless exchange of writes', async ({ context }) => {
    const a = await context.newPage();
    const b = await context.newPage();
    // Tab B has the corrected dataset: the same session, another title.
    await b.route('**/data/yubei-2024.json*', async (route) => {
      const res = await route.fetch();
      const ds = await res.json();
      const s = ds.sessions.find((x) => x.id === AIR);
      s.title = `${s.title}（更正）`;
      await route.fulfill({ response: res, json: ds });
    });
    for (const p of [a, b]) await countStorageEvents(p);
    await open(a);
    await open(b);
    await expect(star(b, AIR)).toHaveAttribute('aria-label', /（更正）/);

    await star(a, AIR).click();
    await expect(badge(b)).toHaveText('1');
    await a.waitForTimeout(3000);
    const counts = [await a.evaluate(() => window.__storageEvents), await b.evaluate(() => window.__storageEvents)];
    console.log(`storage events in the 3 s after one bookmark: tab A ${counts[0]}, tab B ${counts[1]}`);
    expect(counts[0]).toBeLessThanOrEqual(2);
    expect(counts[1]).toBeLessThanOrEqual(2);
    expect(JSON.parse(await stored(a)).ids).toEqual([AIR]);
  });
});

test('a bookmark made in another tab is kept when this tab, which did not hear of it, saves', async ({ context }) => {
  const [a, b] = await tabWithDeafTwin(context);

  await star(a, AIR).click();
  await expect.poll(() => stored(a).then((v) => v && JSON.parse(v).ids)).toEqual([AIR]);
  // B never heard of it and bookmarks another session.
  await expect(badge(b)).toHaveCount(0);
  await star(b, LAB).click();
  expect(JSON.parse(await stored(b)).ids).toEqual([AIR, LAB]);
  // B now shows both (what it saved is what it shows).
  await expect(badge(b)).toHaveText('2');

  // Undo restores only what it took out: B takes AIR out, A (which hears it) adds a third
  // session, B (which does not) puts AIR back: all three stay.
  await star(b, AIR).click();
  await expect(badge(a)).toHaveText('1');
  const third = (await shownSessionIds(a)).find((id) => id !== AIR && id !== LAB);
  await star(a, third).click();
  await expect(badge(a)).toHaveText('2');
  await b.getByRole('button', { name: '撤销' }).click();
  expect(JSON.parse(await stored(b)).ids).toEqual([AIR, LAB, third]);
  await expect(badge(b)).toHaveText('3');
});

test('a tab brought back to the front reads the bookmarks made meanwhile', async ({ context }) => {
  const [a, b] = await tabWithDeafTwin(context);
  await star(a, AIR).click();
  await expect.poll(() => stored(a).then((v) => v && JSON.parse(v).ids)).toEqual([AIR]);
  await expect(badge(b)).toHaveCount(0);
  await b.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(badge(b)).toHaveText('1');
  await expect(star(b, AIR)).toHaveAttribute('aria-pressed', 'true');
  // Coming back from the back/forward cache (pageshow with persisted) reads them too.
  await star(a, LAB).click();
  await b.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
  await expect(badge(b)).toHaveText('2');
});
