// Print: my week and the home list as a clean schedule on A4: no tabs, chips, stars or
// buttons; each session with its day, place, base and phone numbers as text; my week ends
// with its share link in full.
import { test, expect } from '@playwright/test';
import { open, openWithBookmarks } from './helpers.js';

const BOOKMARKS = {
  sc1f26eef: '科技带动发展，航空引领未来',
  sdbd9d7b7: '实验室开放日',
  s71418e15: '场馆免费开放',
  s65238974: '青少年进大学校园，工业科技实践活动',
};

/** The visible buttons, chips, stars, tabs and button-like links (what paper must not show;
 * a phone number's link prints as its text). */
const visibleControls = (page) =>
  page.locator('button, .chip, .star, nav.tabs, input, a.btn:not([href^="tel:"])').evaluateAll((els) =>
    els.filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden').map((e) => e.outerHTML.slice(0, 80)),
  );

test('my week prints every bookmark, its phone numbers and the share link, and no control', async ({ page }) => {
  const ids = Object.keys(BOOKMARKS);
  await openWithBookmarks(page, ids);
  await expect(page.getByRole('heading', { level: 2, name: '我的一周（4场）' })).toBeVisible();
  // On screen: the link and the phone lines are not shown.
  await expect(page.locator('.plan-link')).toBeHidden();

  await page.emulateMedia({ media: 'print' });
  expect(await visibleControls(page)).toEqual([]);
  for (const title of Object.values(BOOKMARKS)) {
    await expect(page.locator('#page .card h3', { hasText: title }).first()).toBeVisible();
  }
  // The day headings, the place and the base's numbers as text.
  await expect(page.getByRole('heading', { level: 2, name: '5月31日 周五' })).toBeVisible();
  const weather = page.locator('#page .card[data-session="s71418e15"]');
  await expect(weather).toContainText('地点：');
  await expect(weather).toContainText('重庆市气象科普馆');
  await expect(weather.locator('.print-only')).toContainText('17783199721');
  // The booking reminder's number prints as plain text, not as a button.
  const tel = page.locator('#page a[href="tel:17783199721"]').first();
  await expect(tel).toBeVisible();
  expect(await tel.evaluate((a) => getComputedStyle(a).borderStyle)).toBe('none');
  // The share link, in full.
  const link = page.locator('.plan-link');
  await expect(link).toBeVisible();
  await expect(link).toContainText(`?plan=${ids.join(',')}`);
  await expect(link).toContainText('http://127.0.0.1:');
  await page.pdf({ path: 'test-results/screens/print-week.pdf', format: 'A4' });
  await page.screenshot({ path: 'test-results/screens/print-week.png', fullPage: true });
});

test('the home list prints whole, as a schedule without controls', async ({ page }) => {
  await open(page);
  const total = Number((await page.getByText(/^共 \d+ 场活动/).textContent()).match(/\d+/)[0]);
  expect(await page.locator('#page .card[data-session]').count()).toBeLessThan(total);
  // What the browser sends before it lays the page out for paper (emulateMedia does not).
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#page .more')).toHaveCount(0);
  const ids = await page.locator('#page .card[data-session]').evaluateAll((els) => new Set(els.map((e) => e.dataset.session)).size);
  expect(ids).toBe(total);
  expect(await visibleControls(page)).toEqual([]);
  await expect(page.locator('#page .card[data-session] .print-only').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/print-home.png' });
});
